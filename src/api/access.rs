//! Principals, role bindings and API tokens, and turning a presented token into a [`Caller`].

use super::authorize::Issue;
use super::dto::{
    ApiTokenDto, CallerInfo, CreatedToken, EffectiveRight, GrantDto, PrincipalCreateRequest,
    PrincipalDetail, PrincipalDto, RoleBindingDto, RoleChangeRequest, RoleListRequest,
    TokenCreateRequest, TokenRotateRequest,
};
use super::{Caller, Keystead, parse_scope};
use crate::access::{ApiToken, Binding, Grant, Principal, Rights, Role, TokenSettings};
use crate::model::{IsoDuration, PrincipalName, Scope, TenantId};
use crate::{Error, ErrorCode, Result};

fn principal_dto(p: Principal) -> PrincipalDto {
    PrincipalDto {
        name: p.name.to_string(),
        kind: p.kind,
        description: p.description,
        disabled: p.disabled,
        created_at: p.created_at,
        updated_at: p.updated_at,
        updated_by: p.updated_by,
    }
}

fn grant_dto(grant: &Grant) -> GrantDto {
    GrantDto {
        role: grant.role,
        scope: grant.scope.clone(),
    }
}

fn binding_dto(b: Binding) -> RoleBindingDto {
    RoleBindingDto {
        principal: b.principal.to_string(),
        role: b.grant.role,
        scope: b.grant.scope,
        created_at: b.created_at,
        created_by: b.created_by,
    }
}

fn token_dto(t: ApiToken, now: time::OffsetDateTime) -> ApiTokenDto {
    ApiTokenDto {
        prefix: t.display_prefix(),
        expired: t.is_expired(now),
        revoked: t.is_revoked(now),
        id: t.id,
        principal: t.principal.to_string(),
        name: t.settings.name,
        description: t.settings.description,
        max_age: t.settings.max_age.map(|age| age.to_string()),
        extended: t.settings.extended,
        narrowing: t.settings.narrowing.as_ref().map(grant_dto),
        created_at: t.created_at,
        created_by: t.created_by,
        expires_at: t.expires_at.map(crate::time::format),
        last_used_at: t.last_used_at,
        last_used_from: t.last_used_from,
        revoked_at: t.revoked_at.map(crate::time::format),
        revoked_by: t.revoked_by,
    }
}

/// `P30D`, or `never` / `null` for a token that does not expire. An empty text is a mistake (a
/// script's unset variable), not "never".
fn parse_max_age(raw: Option<&str>) -> Result<Option<IsoDuration>> {
    match raw.map(str::trim) {
        None | Some("never") => Ok(None),
        Some("") => Err(Error::invalid(
            "the max age is empty: give an ISO-8601 duration such as P30D, or never for a token \
             that does not expire",
        )),
        Some(age) => IsoDuration::parse(age).map(Some),
    }
}

impl Keystead {
    /// Checks an API token presented by a client (at `client`, for the audit log) and returns the
    /// caller it stands for, with its owner's rights as they are now.
    pub async fn authenticate(&self, token: &str, client: Option<&str>) -> Result<Caller> {
        let verified = self
            .api_tokens(&Caller::local_admin("keystead"))
            .verify(token, client)
            .await?;
        Ok(Caller::token_holder(
            verified.tenant,
            verified.principal,
            verified.token_id,
            verified.rights,
            client,
        ))
    }

    /// Records a refused API token in `tenant`'s audit log (the HTTP layer calls this; a tenant
    /// that does not exist records nothing).
    pub(crate) async fn record_failed_authentication(
        &self,
        tenant: &TenantId,
        actor: &crate::audit::Actor,
        target: crate::audit::Target<'_>,
        detail: &str,
    ) -> Result<()> {
        if self
            .tenants(&Caller::local_admin("keystead"))
            .require(tenant.as_str())
            .await
            .is_err()
        {
            return Ok(());
        }
        crate::audit::record_now(
            &self.pool,
            tenant.as_str(),
            actor,
            "auth.failed",
            target,
            detail,
        )
        .await
    }

    /// Who the caller is and what it may do (the web console shows only what this allows).
    pub fn whoami(&self, caller: &Caller) -> CallerInfo {
        let rights = caller.rights();
        CallerInfo {
            actor: caller.actor().to_owned(),
            local_admin: caller.is_local_admin(),
            tenant: caller.tenant().map(ToString::to_string),
            principal: caller.principal().map(ToString::to_string),
            token_prefix: caller.token_id().map(crate::access::token_display_prefix),
            bindings: rights.map_or_else(Vec::new, |r| r.bindings.iter().map(grant_dto).collect()),
            narrowing: rights.and_then(|r| r.narrowing.as_ref().map(grant_dto)),
        }
    }

    pub async fn principal_create(
        &self,
        caller: &Caller,
        req: PrincipalCreateRequest,
    ) -> Result<PrincipalDto> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let name = PrincipalName::parse(&req.name)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &Scope::Tenant,
            "principal.create",
        )
        .await?;
        let created = self
            .principals(caller)
            .create(&tenant, &name, req.kind, &req.description)
            .await?;
        Ok(principal_dto(created))
    }

    pub async fn principal_list(&self, caller: &Caller, tenant: &str) -> Result<Vec<PrincipalDto>> {
        let tenant = self.tenant(caller, tenant).await?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &Scope::Tenant,
            "principal.list",
        )
        .await?;
        let all = self.principals(caller).list(&tenant).await?;
        Ok(all.into_iter().map(principal_dto).collect())
    }

    /// A principal with its bindings, its effective rights per scope and its tokens. A principal
    /// may read its own.
    pub async fn principal_show(
        &self,
        caller: &Caller,
        tenant: &str,
        name: &str,
    ) -> Result<PrincipalDetail> {
        let tenant = self.tenant(caller, tenant).await?;
        let name = PrincipalName::parse(name)?;
        self.authorize_self_or_admin(caller, &tenant, &name, "principal.show")
            .await?;
        let principal = self.principals(caller).get(&tenant, &name).await?;
        let bindings = self
            .principals(caller)
            .bindings(&tenant, Some(&name))
            .await?;
        let rights = Rights {
            bindings: bindings.iter().map(|b| b.grant.clone()).collect(),
            narrowing: None,
        };
        // Every namespace, and the scopes of bindings on namespaces that hold nothing yet.
        let mut scopes: std::collections::BTreeSet<Scope> =
            bindings.iter().map(|b| b.grant.scope.clone()).collect();
        scopes.insert(Scope::Tenant);
        for entry in self.namespaces(caller).list(&tenant).await? {
            scopes.insert(Scope::Namespace(entry.id));
        }
        let effective = scopes
            .into_iter()
            .filter_map(|scope| {
                let (role, grant) = rights.role_at(&scope)?;
                Some(EffectiveRight {
                    granted_by: grant_dto(grant),
                    role,
                    scope,
                })
            })
            .collect();
        let now = self.clock.now();
        let tokens = self.api_tokens(caller).list(&tenant, Some(&name)).await?;
        Ok(PrincipalDetail {
            principal: principal_dto(principal),
            bindings: bindings.into_iter().map(binding_dto).collect(),
            effective,
            tokens: tokens.into_iter().map(|t| token_dto(t, now)).collect(),
        })
    }

    /// Disables (its tokens are refused from the next request on) or enables a principal.
    pub async fn principal_set_disabled(
        &self,
        caller: &Caller,
        tenant: &str,
        name: &str,
        disabled: bool,
    ) -> Result<PrincipalDto> {
        let tenant = self.tenant(caller, tenant).await?;
        let name = PrincipalName::parse(name)?;
        let action = if disabled {
            "principal.disable"
        } else {
            "principal.enable"
        };
        self.authorize(caller, &tenant, Role::Admin, &Scope::Tenant, action)
            .await?;
        let updated = self
            .principals(caller)
            .set_disabled(&tenant, &name, disabled)
            .await?;
        Ok(principal_dto(updated))
    }

    /// Deletes a principal with its role bindings and tokens.
    pub async fn principal_delete(&self, caller: &Caller, tenant: &str, name: &str) -> Result<()> {
        let tenant = self.tenant(caller, tenant).await?;
        let name = PrincipalName::parse(name)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &Scope::Tenant,
            "principal.delete",
        )
        .await?;
        self.principals(caller).delete(&tenant, &name).await?;
        Ok(())
    }

    /// Grants a role on a namespace (cascading to its descendants) or the tenant. Needs admin
    /// there. Returns false when the binding already existed.
    pub async fn role_grant(&self, caller: &Caller, req: RoleChangeRequest) -> Result<bool> {
        let (tenant, name, grant) = self.role_change(caller, &req, "role.grant").await?;
        self.principals(caller).grant(&tenant, &name, &grant).await
    }

    pub async fn role_revoke(&self, caller: &Caller, req: RoleChangeRequest) -> Result<()> {
        let (tenant, name, grant) = self.role_change(caller, &req, "role.revoke").await?;
        self.principals(caller).revoke(&tenant, &name, &grant).await
    }

    async fn role_change(
        &self,
        caller: &Caller,
        req: &RoleChangeRequest,
        action: &str,
    ) -> Result<(TenantId, PrincipalName, Grant)> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let name = PrincipalName::parse(&req.principal)?;
        let scope = parse_scope(req.namespace.as_deref())?;
        self.authorize(caller, &tenant, Role::Admin, &scope, action)
            .await?;
        Ok((
            tenant,
            name,
            Grant {
                role: req.role,
                scope,
            },
        ))
    }

    /// Role bindings of the tenant, of one principal, or that reach one namespace.
    pub async fn role_list(
        &self,
        caller: &Caller,
        req: RoleListRequest,
    ) -> Result<Vec<RoleBindingDto>> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let at = match req.namespace.as_deref() {
            Some(ns) if !ns.is_empty() => Some(parse_scope(Some(ns))?),
            _ => None,
        };
        let principal = req
            .principal
            .as_deref()
            .map(PrincipalName::parse)
            .transpose()?;
        let check_at = at.clone().unwrap_or(Scope::Tenant);
        self.authorize(caller, &tenant, Role::Admin, &check_at, "role.list")
            .await?;
        let bindings = self
            .principals(caller)
            .bindings(&tenant, principal.as_ref())
            .await?;
        Ok(bindings
            .into_iter()
            .filter(|b| at.as_ref().is_none_or(|at| b.grant.scope.covers(at)))
            .map(binding_dto)
            .collect())
    }

    /// Creates an API token; its plaintext is in the answer and nowhere else, ever.
    pub async fn token_create(
        &self,
        caller: &Caller,
        req: TokenCreateRequest,
    ) -> Result<CreatedToken> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let owner = PrincipalName::parse(&req.principal)?;
        let narrowing = req.narrowing.map(|g| Grant {
            role: g.role,
            scope: g.scope,
        });
        let max_age = parse_max_age(req.max_age.as_deref())?;
        let issue = Issue {
            narrowing: narrowing.as_ref(),
            max_age,
            replaces: None,
        };
        self.authorize_issue(caller, &tenant, &owner, issue, "token.create")
            .await?;
        let settings = TokenSettings {
            name: req.name,
            description: req.description,
            max_age,
            extended: req.extended,
            narrowing,
        };
        let (token, plaintext) = self
            .api_tokens(caller)
            .create(&tenant, &owner, settings)
            .await?;
        Ok(CreatedToken {
            token: plaintext.to_string(),
            info: token_dto(token, self.clock.now()),
        })
    }

    /// Tokens of the tenant (admin), or of one principal (itself, or admin).
    pub async fn token_list(
        &self,
        caller: &Caller,
        tenant: &str,
        principal: Option<&str>,
    ) -> Result<Vec<ApiTokenDto>> {
        let tenant = self.tenant(caller, tenant).await?;
        let owner = principal.map(PrincipalName::parse).transpose()?;
        match &owner {
            Some(owner) => {
                self.authorize_self_or_admin(caller, &tenant, owner, "token.list")
                    .await?
            }
            None => {
                self.authorize(caller, &tenant, Role::Admin, &Scope::Tenant, "token.list")
                    .await?
            }
        }
        let now = self.clock.now();
        let tokens = self
            .api_tokens(caller)
            .list(&tenant, owner.as_ref())
            .await?;
        Ok(tokens.into_iter().map(|t| token_dto(t, now)).collect())
    }

    /// Revokes one token from the next request on (its owner, or admin).
    pub async fn token_revoke(
        &self,
        caller: &Caller,
        tenant: &str,
        id: &str,
    ) -> Result<ApiTokenDto> {
        let tenant = self.tenant(caller, tenant).await?;
        let token = self.token_for(caller, &tenant, id, "token.revoke").await?;
        let revoked = self.api_tokens(caller).revoke(&tenant, &token.id).await?;
        Ok(token_dto(revoked, self.clock.now()))
    }

    /// The token `id`, for an action by its owner or a tenant admin. To anyone else another
    /// principal's token is answered as an unknown id is, so ids cannot be probed for whether they
    /// exist or whose they are; the refusal is audited.
    async fn token_for(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        id: &str,
        action: &str,
    ) -> Result<ApiToken> {
        let found = self.api_tokens(caller).get(tenant, id).await;
        let tenant_admin = caller
            .role_at(tenant, &Scope::Tenant)
            .is_some_and(|role| role >= Role::Admin);
        let token = match found {
            Ok(token) if tenant_admin || caller.principal() == Some(&token.principal) => {
                return Ok(token);
            }
            Err(e) if tenant_admin || e.code() != ErrorCode::NotFound => return Err(e),
            Ok(token) => token.id,
            Err(_) => crate::access::token_id(id).to_owned(),
        };
        // Another's token and an unknown id alike: the same answer, after the same audited write.
        let message = format!(
            "{} may not {action} on {}: it is not one of its own tokens, and other principals' \
             tokens need the admin role at tenant level",
            caller.actor(),
            crate::access::token_display_prefix(&token)
        );
        self.refuse(caller, tenant, &Scope::Tenant, action, message)
            .await;
        Err(crate::access::token_not_found(&token))
    }

    /// Revokes every token of a principal; returns how many were active.
    pub async fn token_revoke_all(
        &self,
        caller: &Caller,
        tenant: &str,
        principal: &str,
    ) -> Result<u64> {
        let tenant = self.tenant(caller, tenant).await?;
        let owner = PrincipalName::parse(principal)?;
        self.authorize_self_or_admin(caller, &tenant, &owner, "token.revoke_all")
            .await?;
        self.api_tokens(caller).revoke_all(&tenant, &owner).await
    }

    /// A new token with the same settings; the old one keeps working for the grace period.
    pub async fn token_rotate(
        &self,
        caller: &Caller,
        req: TokenRotateRequest,
    ) -> Result<CreatedToken> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let token = self
            .token_for(caller, &tenant, &req.id, "token.rotate")
            .await?;
        let issue = Issue {
            narrowing: token.settings.narrowing.as_ref(),
            max_age: token.settings.max_age,
            replaces: Some(&token.id),
        };
        self.authorize_issue(caller, &tenant, &token.principal, issue, "token.rotate")
            .await?;
        let grace = match req.grace.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(IsoDuration::parse(raw)?),
        };
        if grace.is_some_and(|g| g.duration().as_secs() > 30 * 86_400) {
            return Err(Error::invalid(
                "a rotation grace period may be at most P30D",
            ));
        }
        let (new, plaintext) = self
            .api_tokens(caller)
            .rotate(&tenant, &token.id, grace)
            .await?;
        Ok(CreatedToken {
            token: plaintext.to_string(),
            info: token_dto(new, self.clock.now()),
        })
    }
}
