//! Authorization: every `Keystead` method checks its caller's rights here before it does
//! anything. Local administrators may do everything; a token holder needs a role at the scope it
//! acts on (its bindings there or above, capped by the token's narrowing). Refusals are
//! `forbidden`, name the missing role and scope, and are audited.

use super::{Caller, Keystead};
use crate::access::{Grant, Role};
use crate::audit;
use crate::model::{PrincipalName, Scope, TenantId};
use crate::{Error, Result};

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
        let has = match caller.rights().and_then(|rights| rights.role_at(scope)) {
            Some((have, grant)) => format!("it has only {have} there (from {grant})"),
            None => "it has no role there".to_owned(),
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

    /// Issuing a token (creating one, or rotating one into a new one) for `principal`: the
    /// principal itself may, unless its own token is narrowed: a narrowed token may only issue
    /// tokens narrowed to its own role and scope or within them (`issued`: the new token's
    /// narrowing), else it could hand itself back every right of its owner. Otherwise tenant-level
    /// admin is needed.
    pub(super) async fn authorize_issue(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        principal: &PrincipalName,
        issued: Option<&Grant>,
        action: &str,
    ) -> Result<()> {
        if caller.principal() != Some(principal) {
            return self
                .authorize(caller, tenant, Role::Admin, &Scope::Tenant, action)
                .await;
        }
        let Some(own) = caller.rights().and_then(|rights| rights.narrowing.as_ref()) else {
            return Ok(());
        };
        if issued.is_some_and(|new| new.role <= own.role && own.scope.covers(&new.scope)) {
            return Ok(());
        }
        if caller
            .role_at(tenant, &Scope::Tenant)
            .is_some_and(|have| have >= Role::Admin)
        {
            return Ok(());
        }
        let message = format!(
            "{} may not {action}: the API token it uses is narrowed to {own}, so a token it issues \
             must be narrowed to that role and scope or within them (token create --role with \
             --namespace); a token without that limit needs tenant-level admin",
            caller.actor()
        );
        Err(self
            .refuse(caller, tenant, &Scope::Tenant, action, message)
            .await)
    }

    /// Records the refusal (in its own transaction: nothing else was written) and returns it.
    async fn refuse(
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
