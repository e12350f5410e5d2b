//! Secrets: values, versions, import and export.

use super::{Client, transport};
use crate::api::dto::*;
use crate::error::Result;
use reqwest::{Method, Url};
use serde_json::json;

impl Client {
    fn secret_url(&self, tenant: &str, namespace: &str, key: &str, tail: &[&str]) -> Result<Url> {
        let mut segments = vec![tenant, "namespaces", namespace, "secrets", key];
        segments.extend_from_slice(tail);
        self.url(&segments, &[])
    }

    pub async fn secret_set(&self, req: SecretSetRequest) -> Result<SecretMeta> {
        let url = self.secret_url(&req.tenant, &req.namespace, &req.key, &[])?;
        let body = json!({
            "value": req.value,
            "description": req.description,
            "read_only": req.read_only,
        });
        self.call(Method::PUT, url, Some(body)).await
    }

    pub async fn secret_get(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
        reveal: bool,
    ) -> Result<SecretView> {
        if reveal {
            let url = self.secret_url(tenant, namespace, key, &["reveal"])?;
            return self.call(Method::POST, url, None).await;
        }
        let url = self.secret_url(tenant, namespace, key, &["meta"])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn secret_resolve(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
    ) -> Result<SecretValueDto> {
        let url = self.secret_url(tenant, namespace, key, &[])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn secret_list(
        &self,
        tenant: &str,
        namespace: &str,
        effective: bool,
    ) -> Result<Vec<SecretListItem>> {
        let url = self.url(
            &[tenant, "namespaces", namespace, "secrets"],
            &[("effective", Some(effective.to_string()))],
        )?;
        self.call(Method::GET, url, None).await
    }

    pub async fn secret_delete(&self, tenant: &str, namespace: &str, key: &str) -> Result<()> {
        let url = self.secret_url(tenant, namespace, key, &[])?;
        self.call_empty(Method::DELETE, url, None).await
    }

    pub async fn secret_describe(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
        description: String,
    ) -> Result<SecretMeta> {
        let url = self.secret_url(tenant, namespace, key, &["description"])?;
        self.call(
            Method::PUT,
            url,
            Some(json!({ "description": description })),
        )
        .await
    }

    pub async fn secret_set_read_only(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
        read_only: bool,
    ) -> Result<SecretMeta> {
        let url = self.secret_url(tenant, namespace, key, &["read-only"])?;
        self.call(Method::PUT, url, Some(json!({ "read_only": read_only })))
            .await
    }

    pub async fn secret_versions(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
    ) -> Result<Vec<SecretVersionDto>> {
        let url = self.secret_url(tenant, namespace, key, &["versions"])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn secret_restore(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
        version: u32,
    ) -> Result<SecretMeta> {
        let version = version.to_string();
        let url = self.secret_url(tenant, namespace, key, &["versions", &version, "restore"])?;
        self.call(Method::POST, url, None).await
    }

    pub async fn secret_import(&self, req: ImportRequest) -> Result<ImportReport> {
        let url = self.url(
            &[&req.tenant, "namespaces", &req.namespace, "secret-import"],
            &[],
        )?;
        let body = json!({
            "format": req.format,
            "content": req.content,
            "on_conflict": req.on_conflict,
            "dry_run": req.dry_run,
        });
        self.call(Method::POST, url, Some(body)).await
    }

    pub async fn secret_export(&self, tenant: &str, namespace: &str) -> Result<String> {
        let url = self.url(&[tenant, "namespaces", namespace, "secret-export"], &[])?;
        let bytes = self.send(Method::GET, url, None).await?;
        String::from_utf8(bytes).map_err(|_| transport("the export is not UTF-8 text".into()))
    }
}
