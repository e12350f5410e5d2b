//! Tenants, namespaces, who am I, the audit log and what expires soon.

use super::Client;
use crate::api::dto::*;
use crate::error::Result;
use reqwest::Method;
use serde_json::json;

impl Client {
    pub async fn whoami(&self) -> Result<CallerInfo> {
        self.call(Method::GET, self.url(&["whoami"], &[])?, None)
            .await
    }

    pub async fn tenant_create(&self, id: &str) -> Result<TenantDto> {
        let url = self.url(&["tenants"], &[])?;
        self.call(Method::POST, url, Some(json!({ "id": id })))
            .await
    }

    pub async fn tenant_list(&self) -> Result<Vec<TenantDto>> {
        self.call(Method::GET, self.url(&["tenants"], &[])?, None)
            .await
    }

    pub async fn namespace_create(&self, tenant: &str, namespace: &str) -> Result<()> {
        let url = self.url(&[tenant, "namespaces"], &[])?;
        self.call_empty(Method::POST, url, Some(json!({ "namespace": namespace })))
            .await
    }

    pub async fn namespace_delete(
        &self,
        tenant: &str,
        namespace: &str,
        recursive: bool,
    ) -> Result<NamespaceDeleted> {
        let url = self.url(
            &[tenant, "namespaces", namespace],
            &[("recursive", recursive.then(|| "true".to_owned()))],
        )?;
        self.call(Method::DELETE, url, None).await
    }

    pub async fn namespace_tree(&self, tenant: &str) -> Result<Vec<NamespaceNode>> {
        let url = self.url(&[tenant, "namespaces"], &[])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn audit_list(&self, filter: AuditFilter) -> Result<Vec<AuditEventDto>> {
        let url = self.url(
            &[&filter.tenant, "audit"],
            &[
                ("action", filter.action),
                ("namespace", filter.namespace),
                ("target", filter.target),
                ("actor", filter.actor),
                ("since", filter.since),
                ("until", filter.until),
                ("before", filter.before.map(|b| b.to_string())),
                ("limit", filter.limit.map(|l| l.to_string())),
            ],
        )?;
        self.call(Method::GET, url, None).await
    }

    pub async fn expiring(&self, query: ExpiringQuery) -> Result<ExpiringReport> {
        let url = self.url(
            &[&query.tenant, "expiring"],
            &[("within", query.within), ("secret_age", query.secret_age)],
        )?;
        self.call(Method::GET, url, None).await
    }
}
