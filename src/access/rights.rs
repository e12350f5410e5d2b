//! What a principal may do where: the union of its bindings on a scope and the scopes above it,
//! optionally narrowed by the token it presents. Deny by default.

use super::role::Role;
use crate::model::Scope;

/// One role on one scope (a binding, or a token's narrowing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
}

impl std::fmt::Display for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.scope {
            Scope::Tenant => write!(f, "{} at tenant level", self.role),
            Scope::Namespace(ns) => write!(f, "{} on {ns}", self.role),
        }
    }
}

/// A principal's rights as read at one verification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rights {
    pub bindings: Vec<Grant>,
    /// A token narrowed to at most this role, in this scope and below.
    pub narrowing: Option<Grant>,
}

impl Rights {
    /// The strongest role at `scope`, and the binding that grants it (the nearest one on a tie).
    pub fn role_at(&self, scope: &Scope) -> Option<(Role, &Grant)> {
        let from_bindings = self
            .bindings
            .iter()
            .filter(|grant| grant.scope.covers(scope))
            .max_by_key(|grant| (grant.role, depth(&grant.scope)))?;
        match &self.narrowing {
            None => Some((from_bindings.role, from_bindings)),
            Some(limit) if limit.scope.covers(scope) => {
                Some((from_bindings.role.min(limit.role), from_bindings))
            }
            Some(_) => None,
        }
    }

    pub fn allows(&self, role: Role, scope: &Scope) -> bool {
        self.role_at(scope).is_some_and(|(have, _)| have >= role)
    }

    /// Whether any scope of the tenant grants at least `role` (for actions that have no scope of
    /// their own, such as discovery).
    pub fn anywhere(&self, role: Role) -> bool {
        self.bindings
            .iter()
            .any(|grant| grant.role >= role && self.allows(role, &grant.scope))
            || self
                .narrowing
                .as_ref()
                .is_some_and(|limit| limit.role >= role && self.allows(role, &limit.scope))
    }
}

fn depth(scope: &Scope) -> usize {
    match scope {
        Scope::Tenant => 0,
        Scope::Namespace(ns) => ns.as_str().split('.').count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NamespaceId;

    fn ns(raw: &str) -> Scope {
        Scope::Namespace(NamespaceId::parse(raw).unwrap())
    }

    fn grant(role: Role, scope: Scope) -> Grant {
        Grant { role, scope }
    }

    #[test]
    fn bindings_cascade_down_on_dot_boundaries_and_union() {
        let rights = Rights {
            bindings: vec![
                grant(Role::Read, ns("prod")),
                grant(Role::Use, ns("prod.eng")),
            ],
            narrowing: None,
        };
        assert_eq!(rights.role_at(&ns("prod.eng.etl")).unwrap().0, Role::Use);
        assert_eq!(rights.role_at(&ns("prod.ops")).unwrap().0, Role::Read);
        assert!(rights.role_at(&ns("prod2")).is_none());
        assert!(rights.role_at(&Scope::Tenant).is_none());
        assert!(!rights.allows(Role::Admin, &ns("prod.eng")));
    }

    #[test]
    fn narrowing_caps_the_role_and_the_scope() {
        let rights = Rights {
            bindings: vec![grant(Role::Admin, Scope::Tenant)],
            narrowing: Some(grant(Role::Use, ns("company"))),
        };
        assert_eq!(rights.role_at(&ns("company.team")).unwrap().0, Role::Use);
        assert!(rights.role_at(&ns("other")).is_none());
        assert!(rights.role_at(&Scope::Tenant).is_none());
        assert!(rights.anywhere(Role::Use) && !rights.anywhere(Role::Admin));
    }

    #[test]
    fn no_bindings_means_no_rights() {
        let rights = Rights::default();
        assert!(rights.role_at(&ns("a")).is_none());
        assert!(!rights.anywhere(Role::Read));
    }
}
