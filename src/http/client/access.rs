//! Principals, role bindings and API tokens.

use super::Client;
use crate::api::dto::*;
use crate::error::Result;
use reqwest::Method;
use serde_json::json;

impl Client {
    pub async fn principal_create(&self, req: PrincipalCreateRequest) -> Result<PrincipalDto> {
        let url = self.url(&[&req.tenant, "principals"], &[])?;
        let body = json!({"name": req.name, "kind": req.kind, "description": req.description});
        self.call(Method::POST, url, Some(body)).await
    }

    pub async fn principal_list(&self, tenant: &str) -> Result<Vec<PrincipalDto>> {
        let url = self.url(&[tenant, "principals"], &[])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn principal_show(&self, tenant: &str, name: &str) -> Result<PrincipalDetail> {
        let url = self.url(&[tenant, "principals", name], &[])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn principal_set_disabled(
        &self,
        tenant: &str,
        name: &str,
        disabled: bool,
    ) -> Result<PrincipalDto> {
        let verb = if disabled { "disable" } else { "enable" };
        let url = self.url(&[tenant, "principals", name, verb], &[])?;
        self.call(Method::POST, url, None).await
    }

    pub async fn principal_delete(&self, tenant: &str, name: &str) -> Result<()> {
        let url = self.url(&[tenant, "principals", name], &[])?;
        self.call_empty(Method::DELETE, url, None).await
    }

    fn binding_body(req: &RoleChangeRequest) -> Option<serde_json::Value> {
        Some(json!({"principal": req.principal, "role": req.role, "namespace": req.namespace}))
    }

    pub async fn role_grant(&self, req: RoleChangeRequest) -> Result<bool> {
        #[derive(serde::Deserialize)]
        struct Granted {
            created: bool,
        }
        let url = self.url(&[&req.tenant, "role-bindings"], &[])?;
        let granted: Granted = self
            .call(Method::POST, url, Self::binding_body(&req))
            .await?;
        Ok(granted.created)
    }

    pub async fn role_revoke(&self, req: RoleChangeRequest) -> Result<()> {
        let url = self.url(&[&req.tenant, "role-bindings", "revoke"], &[])?;
        self.call_empty(Method::POST, url, Self::binding_body(&req))
            .await
    }

    pub async fn role_list(&self, req: RoleListRequest) -> Result<Vec<RoleBindingDto>> {
        let url = self.url(
            &[&req.tenant, "role-bindings"],
            &[("principal", req.principal), ("namespace", req.namespace)],
        )?;
        self.call(Method::GET, url, None).await
    }

    pub async fn token_create(&self, req: TokenCreateRequest) -> Result<CreatedToken> {
        let url = self.url(&[&req.tenant, "tokens"], &[])?;
        let body = json!({
            "principal": req.principal,
            "name": req.name,
            "description": req.description,
            "max_age": req.max_age,
            "extended": req.extended,
            "narrowing": req.narrowing,
        });
        self.call(Method::POST, url, Some(body)).await
    }

    pub async fn token_list(
        &self,
        tenant: &str,
        principal: Option<&str>,
    ) -> Result<Vec<ApiTokenDto>> {
        let url = self.url(
            &[tenant, "tokens"],
            &[("principal", principal.map(str::to_owned))],
        )?;
        self.call(Method::GET, url, None).await
    }

    pub async fn token_revoke(&self, tenant: &str, id: &str) -> Result<ApiTokenDto> {
        let url = self.url(&[tenant, "tokens", id, "revoke"], &[])?;
        self.call(Method::POST, url, None).await
    }

    pub async fn token_revoke_all(&self, tenant: &str, principal: &str) -> Result<u64> {
        #[derive(serde::Deserialize)]
        struct Revoked {
            revoked: u64,
        }
        let url = self.url(&[tenant, "principals", principal, "revoke-tokens"], &[])?;
        let revoked: Revoked = self.call(Method::POST, url, None).await?;
        Ok(revoked.revoked)
    }

    pub async fn token_rotate(&self, req: TokenRotateRequest) -> Result<CreatedToken> {
        let url = self.url(&[&req.tenant, "tokens", &req.id, "rotate"], &[])?;
        self.call(Method::POST, url, Some(json!({ "grace": req.grace })))
            .await
    }
}
