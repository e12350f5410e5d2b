//! Authorization: every `Keystead` method checks its caller's rights here before it does
//! anything. Local administrators may do everything; a token holder needs a role at the scope it
//! acts on (its bindings there or above, capped by the token's narrowing). Refusals are
//! `forbidden`, name the missing role and scope, and are audited.

use super::{Caller, Keystead};
use crate::access::{Grant, Role};
use crate::audit;
use crate::model::{IsoDuration, PrincipalName, Scope, TenantId};
use crate::{Error, Result};

/// A token about to be issued, as [`Keystead::authorize_issue`] weighs it.
pub(super) struct Issue<'a> {
    /// The new token's narrowing.
    pub narrowing: Option<&'a Grant>,
    /// The new token's max age; `None`: it never expires.
    pub max_age: Option<IsoDuration>,
    /// The token a rotation replaces.
    pub replaces: Option<&'a str>,
}

impl Keystead {
    /// `caller` needs at least `role` at `scope` of `tenant` to perform `action`.
    pub(super) async fn authorize(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        role: Role,
        scope: &Scope,
        action: &str,
    ) -> Result<()> {
        if caller
            .role_at(tenant, scope)
            .is_some_and(|have| have >= role)
        {
            return Ok(());
        }
        let narrowing = caller.rights().and_then(|rights| rights.narrowing.as_ref());
        let has = match caller.rights().and_then(|rights| rights.role_at(scope)) {
            Some((have, grant)) => match narrowing {
                Some(limit) if limit.role < grant.role => {
                    format!("its API token is narrowed to {limit}, so it has only {have} there")
                }
                _ => format!("it has only {have} there (from {grant})"),
            },
            None => match narrowing {
                Some(limit) if !limit.scope.covers(scope) => {
                    format!("its API token is narrowed to {limit}, which does not reach there")
                }
                _ => "it has no role there".to_owned(),
            },
        };
        let where_ = match scope {
            Scope::Tenant => "at tenant level".to_owned(),
            Scope::Namespace(ns) => {
                format!("on {ns} (a binding on {ns}, a parent namespace or the tenant gives it)")
            }
        };
        let message = format!(
            "{} may not {action}: it needs the {role} role {where_}; {has}",
            caller.actor()
        );
        Err(self.refuse(caller, tenant, scope, action, message).await)
    }

    /// For actions without a scope of their own: `role` somewhere in the tenant.
    pub(super) async fn authorize_anywhere(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        role: Role,
        action: &str,
    ) -> Result<()> {
        if caller.is_local_admin() || caller.rights().is_some_and(|r| r.anywhere(role)) {
            return Ok(());
        }
        let message = format!(
            "{} may not {action}: it needs the {role} role on some namespace of tenant {tenant}",
            caller.actor()
        );
        Err(self
            .refuse(caller, tenant, &Scope::Tenant, action, message)
            .await)
    }

    /// Only the local administrator (the person at this machine) may do this.
    pub(super) async fn authorize_local(&self, caller: &Caller, action: &str) -> Result<()> {
        if caller.is_local_admin() {
            return Ok(());
        }
        let message = format!(
            "{} may not {action}: only the administrator at the Keystead machine may",
            caller.actor()
        );
        match caller.tenant().cloned() {
            Some(tenant) => Err(self
                .refuse(caller, &tenant, &Scope::Tenant, action, message)
                .await),
            None => Err(Error::Forbidden(message)),
        }
    }

    /// A principal may manage its own tokens; otherwise tenant-level admin is needed.
    pub(super) async fn authorize_self_or_admin(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        principal: &PrincipalName,
        action: &str,
    ) -> Result<()> {
        if caller.principal() == Some(principal) {
            return Ok(());
        }
        self.authorize(caller, tenant, Role::Admin, &Scope::Tenant, action)
            .await
    }

    /// Issuing a token (creating one, or rotating one into a new one) for `principal`. The
    /// principal itself may, with two limits when it acts through a token, so that one leaked
    /// token cannot hand its holder more than it has: a narrowed token issues only tokens narrowed
    /// to its own role and scope or within them, and a token that expires issues only tokens that
    /// expire no later (but may renew itself by rotation). Tenant-level admin may issue any token
    /// for anyone.
    pub(super) async fn authorize_issue(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        principal: &PrincipalName,
        issue: Issue<'_>,
        action: &str,
    ) -> Result<()> {
        let Issue {
            narrowing: issued,
            max_age,
            replaces,
        } = issue;
        if caller.principal() != Some(principal) {
            return self
                .authorize(caller, tenant, Role::Admin, &Scope::Tenant, action)
                .await;
        }
        let narrowing = caller.rights().and_then(|rights| rights.narrowing.as_ref());
        let too_wide = narrowing.filter(|own| {
            !issued.is_some_and(|new| new.role <= own.role && own.scope.covers(&new.scope))
        });
        let own_end = match caller.token_id() {
            // A token renewing itself: its old self stops working.
            Some(id) if replaces == Some(id) => None,
            Some(id) => self.api_tokens(caller).get(tenant, id).await?.expires_at,
            None => None,
        };
        let too_long = own_end.filter(|own_end| {
            let new_end = max_age.and_then(|age| {
                let age = time::Duration::try_from(age.duration()).ok()?;
                self.clock.now().checked_add(age)
            });
            new_end.is_none_or(|new_end| new_end > *own_end)
        });
        if too_wide.is_none() && too_long.is_none() {
            return Ok(());
        }
        if caller
            .role_at(tenant, &Scope::Tenant)
            .is_some_and(|have| have >= Role::Admin)
        {
            return Ok(());
        }
        let mut limits = Vec::new();
        if let Some(own) = too_wide {
            limits.push(format!(
                "it is narrowed to {own}, so a token it issues must be narrowed to that role and \
                 scope or within them (token create --role with --namespace)"
            ));
        }
        if let Some(own_end) = too_long {
            limits.push(format!(
                "it expires at {}, so a token it issues must expire by then (a shorter max age)",
                crate::time::format(own_end)
            ));
        }
        let message = format!(
            "{} may not {action}: the API token it uses limits what it issues: {}; a token \
             without these limits needs tenant-level admin",
            caller.actor(),
            limits.join("; and ")
        );
        Err(self
            .refuse(caller, tenant, &Scope::Tenant, action, message)
            .await)
    }

    /// Records the refusal (in its own transaction: nothing else was written) and returns it.
    pub(super) async fn refuse(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        scope: &Scope,
        action: &str,
        message: String,
    ) -> Error {
        let target = audit::Target {
            kind: "access",
            namespace: scope.namespace().map(|ns| ns.as_str()),
            name: action,
        };
        if let Err(e) = audit::record_now(
            &self.pool,
            tenant.as_str(),
            caller.audit_actor(),
            "access.denied",
            target,
            &message,
        )
        .await
        {
            tracing::error!(error = %e, "could not audit a refused action");
        }
        Error::Forbidden(message)
    }
}
