//! How far up a credential's secret references may resolve. They resolve through inheritance
//! when it mints, so what a name resolves to can change after it was saved: deleting a
//! namespace's own `K` would make it send a parent's `K`. Saving records the highest scope where
//! the saver may use secrets; minting refuses a secret defined above it, or above where a
//! principal that saved it may use secrets now.

use crate::access::{Rights, Role};
use crate::model::{PrincipalName, Scope, SecretKey};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretReach {
    /// The highest scope whose secrets (and those below it) the credential may send; tenant
    /// level: anywhere.
    pub up_to: Scope,
    /// The principal that saved it; `None`: the person at the machine.
    pub saver: Option<PrincipalName>,
    /// Where each reference was found when it was saved (its own scope for one found nowhere): it
    /// resolves no higher than that. `None`: not recorded (saved before Keystead did, or a
    /// tenant-level credential, whose references resolve where it is used from).
    pub origins: Option<BTreeMap<String, Scope>>,
}

/// A credential's reach as one mint or Test applies it, key by key.
pub struct ReachNow {
    up_to: Scope,
    origins: Option<BTreeMap<String, Scope>>,
    own: Scope,
}

impl ReachNow {
    /// The highest scope `key` may resolve to.
    pub fn for_key(&self, key: &SecretKey) -> Scope {
        match &self.origins {
            None => self.up_to.clone(),
            Some(origins) => {
                let found = origins.get(key.as_str()).unwrap_or(&self.own);
                SecretReach::lower(&self.up_to, found)
            }
        }
    }
}

impl SecretReach {
    /// What a saver with `role_at` gives a credential in `scope`: the topmost of `scope` and the
    /// scopes above it where the saver has `use` (roles cascade down, so it has use at every
    /// scope between that one and `scope` too); `scope` itself when there is none.
    pub fn topmost_use(scope: &Scope, role_at: impl Fn(&Scope) -> Option<Role>) -> Scope {
        scope
            .lookup_chain(true)
            .into_iter()
            .rev()
            .find(|above| role_at(above).is_some_and(|role| role >= Role::Use))
            .unwrap_or_else(|| scope.clone())
    }

    /// The reach now for a credential in `scope`: the recorded one, lowered to where its saver
    /// may use secrets today (`saver_rights`: `None` when that principal is disabled or gone).
    pub fn now(&self, scope: &Scope, saver_rights: Option<&Rights>) -> Scope {
        if self.saver.is_none() {
            return self.up_to.clone();
        }
        let today = Self::topmost_use(scope, |at| {
            saver_rights.and_then(|rights| rights.role_at(at).map(|(role, _)| role))
        });
        Self::lower(&self.up_to, &today)
    }

    /// What a mint or Test of the credential in `scope` applies: `now` (see [`Self::now`]), and
    /// per key where it was found.
    pub fn applied(&self, now: Scope, scope: &Scope) -> ReachNow {
        ReachNow {
            up_to: now,
            origins: self.origins.clone(),
            own: scope.clone(),
        }
    }

    /// The lower of two scopes on one line from a namespace up to the tenant (it covers less).
    pub fn lower(a: &Scope, b: &Scope) -> Scope {
        if a.covers(b) { b.clone() } else { a.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use crate::model::NamespaceId;

    fn ns(id: &str) -> Scope {
        Scope::Namespace(NamespaceId::parse(id).unwrap())
    }

    fn rights(grants: &[(Role, Scope)]) -> Rights {
        Rights {
            bindings: grants
                .iter()
                .map(|(role, scope)| Grant {
                    role: *role,
                    scope: scope.clone(),
                })
                .collect(),
            narrowing: None,
        }
    }

    #[test]
    fn the_reach_follows_the_savers_rights_down_never_up() {
        let saved = SecretReach {
            up_to: ns("a"),
            saver: Some(PrincipalName::parse("team-admin").unwrap()),
            origins: None,
        };
        let scope = ns("a.b.c");
        let wider = rights(&[(Role::Use, Scope::Tenant)]);
        assert_eq!(
            saved.now(&scope, Some(&wider)),
            ns("a"),
            "never above the record"
        );
        let same = rights(&[(Role::Use, ns("a")), (Role::Admin, ns("a.b.c"))]);
        assert_eq!(saved.now(&scope, Some(&same)), ns("a"));
        let lost_parent = rights(&[(Role::Admin, ns("a.b"))]);
        assert_eq!(saved.now(&scope, Some(&lost_parent)), ns("a.b"));
        let read_only = rights(&[(Role::Read, ns("a"))]);
        assert_eq!(
            saved.now(&scope, Some(&read_only)),
            scope,
            "its own scope at least"
        );
        assert_eq!(saved.now(&scope, None), scope, "disabled or gone");

        let local = SecretReach {
            up_to: Scope::Tenant,
            saver: None,
            origins: None,
        };
        assert_eq!(local.now(&scope, None), Scope::Tenant);
    }
}
