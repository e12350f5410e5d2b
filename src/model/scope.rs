//! Where a thing lives: at tenant level or in a namespace. Tenant level is a case of its own, never a
//! sentinel string.

use super::NamespaceId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, utoipa::ToSchema,
)]
#[serde(tag = "level", content = "namespace", rename_all = "snake_case")]
#[ts(export)]
pub enum Scope {
    /// Visible in every namespace of the tenant (credentials only).
    Tenant,
    Namespace(NamespaceId),
}

impl Scope {
    pub fn namespace(&self) -> Option<&NamespaceId> {
        match self {
            Scope::Tenant => None,
            Scope::Namespace(ns) => Some(ns),
        }
    }

    pub fn from_namespace(namespace: Option<NamespaceId>) -> Self {
        namespace.map_or(Scope::Tenant, Scope::Namespace)
    }

    /// The scopes seen from here, nearest first: the namespace, its ancestors, then (with
    /// `through_tenant`) the tenant level. Tenant level sees only itself.
    pub fn lookup_chain(&self, through_tenant: bool) -> Vec<Scope> {
        let mut chain: Vec<Scope> = match self {
            Scope::Tenant => Vec::new(),
            Scope::Namespace(ns) => ns
                .self_and_ancestors()
                .into_iter()
                .map(Scope::Namespace)
                .collect(),
        };
        if through_tenant || matches!(self, Scope::Tenant) {
            chain.push(Scope::Tenant);
        }
        chain
    }

    /// Whether something bound here reaches `other`: the tenant level reaches everything, a
    /// namespace reaches itself and its descendants (`prod` covers `prod.eng`, never `prod2`).
    pub fn covers(&self, other: &Scope) -> bool {
        match (self, other) {
            (Scope::Tenant, _) => true,
            (Scope::Namespace(_), Scope::Tenant) => false,
            (Scope::Namespace(mine), Scope::Namespace(theirs)) => {
                theirs == mine
                    || theirs
                        .as_str()
                        .strip_prefix(mine.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            }
        }
    }

    /// For messages: `in company.team` or `at tenant level`.
    pub fn describe(&self) -> String {
        match self {
            Scope::Tenant => "at tenant level".to_owned(),
            Scope::Namespace(ns) => format!("in {ns}"),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Tenant => f.write_str("(tenant)"),
            Scope::Namespace(ns) => f.write_str(ns.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns(raw: &str) -> Scope {
        Scope::Namespace(NamespaceId::parse(raw).unwrap())
    }

    #[test]
    fn chain_is_nearest_first_and_ends_at_tenant_level_when_asked() {
        assert_eq!(ns("a.b").lookup_chain(false), vec![ns("a.b"), ns("a")]);
        assert_eq!(
            ns("a.b").lookup_chain(true),
            vec![ns("a.b"), ns("a"), Scope::Tenant]
        );
        assert_eq!(Scope::Tenant.lookup_chain(false), vec![Scope::Tenant]);
    }

    #[test]
    fn covers_descendants_on_a_dot_boundary_only() {
        assert!(ns("prod").covers(&ns("prod")));
        assert!(ns("prod").covers(&ns("prod.eng")));
        assert!(ns("prod").covers(&ns("prod.eng.etl")));
        assert!(!ns("prod").covers(&ns("prod2")));
        assert!(!ns("prod").covers(&ns("prod2.eng")));
        assert!(!ns("prod.eng").covers(&ns("prod")));
        assert!(!ns("prod").covers(&Scope::Tenant));
        assert!(Scope::Tenant.covers(&ns("prod2")));
    }

    #[test]
    fn serializes_as_a_tagged_level() {
        assert_eq!(
            serde_json::to_value(ns("a.b")).unwrap(),
            serde_json::json!({"level": "namespace", "namespace": "a.b"})
        );
        assert_eq!(
            serde_json::to_value(Scope::Tenant).unwrap(),
            serde_json::json!({"level": "tenant"})
        );
    }
}
