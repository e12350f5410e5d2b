//! The callers the authorization matrix runs as: one principal per role and scope relative to
//! prod.eng, and which of them each kind of requirement should let through.

use super::{NS, Needs};
use crate::support::service_account_caller;
use keystead::api::dto::*;
use keystead::api::{Caller, Keystead};

/// Where a caller's one binding is, relative to prod.eng.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Relation {
    Own,
    Parent,
    Tenant,
    Child,
    Sibling,
}

impl Relation {
    pub(super) const ALL: [Relation; 5] = [
        Relation::Own,
        Relation::Parent,
        Relation::Tenant,
        Relation::Child,
        Relation::Sibling,
    ];

    fn namespace(self) -> Option<&'static str> {
        match self {
            Relation::Own => Some(NS),
            Relation::Parent => Some("prod"),
            Relation::Tenant => None,
            Relation::Child => Some("prod.eng.etl"),
            Relation::Sibling => Some("prod.eng2"),
        }
    }

    fn covers_namespace(self) -> bool {
        matches!(self, Relation::Own | Relation::Parent | Relation::Tenant)
    }
}

pub(super) fn expected(needs: Needs, binding: Option<(Role, Relation)>) -> bool {
    match (needs, binding) {
        (Needs::Anyone, _) => true,
        (Needs::LocalOnly, _) => false,
        (_, None) => false,
        (Needs::InNamespace(need), Some((role, rel))) => rel.covers_namespace() && role >= need,
        (Needs::AtTenant(need), Some((role, rel))) => rel == Relation::Tenant && role >= need,
        (Needs::Anywhere(need), Some((role, _))) => role >= need,
        (Needs::SelfOrAdmin | Needs::OwnTokenOrAdmin, Some((role, rel))) => {
            rel == Relation::Tenant && role == Role::Admin
        }
    }
}

pub(super) async fn principal_with(
    k: &Keystead,
    name: &str,
    binding: Option<(Role, Relation)>,
) -> Caller {
    let grant = binding.map(|(role, rel)| (role, rel.namespace()));
    service_account_caller(k, name, grant).await
}
