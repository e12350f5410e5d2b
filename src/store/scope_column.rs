//! How a scope is stored in a `scope` column: '' for tenant level, else the namespace id. Nothing
//! outside `store/` sees this encoding.

use crate::Result;
use crate::model::{NamespaceId, Scope};

pub fn encode(scope: &Scope) -> &str {
    match scope {
        Scope::Tenant => "",
        Scope::Namespace(ns) => ns.as_str(),
    }
}

pub fn decode(raw: &str) -> Result<Scope> {
    if raw.is_empty() {
        return Ok(Scope::Tenant);
    }
    NamespaceId::parse(raw).map(Scope::Namespace)
}
