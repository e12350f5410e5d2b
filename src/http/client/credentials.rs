//! Credentials and credential types.

use super::Client;
use crate::api::dto::*;
use crate::error::{Error, Result};
use reqwest::{Method, Url};
use serde_json::json;

impl Client {
    fn credential_url(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
        tail: &[&str],
    ) -> Result<Url> {
        let mut segments = match namespace.filter(|ns| !ns.is_empty()) {
            Some(ns) => vec![tenant, "namespaces", ns, "credentials", name],
            None => vec![tenant, "credentials", name],
        };
        segments.extend_from_slice(tail);
        self.url(&segments, &[])
    }

    pub async fn credential_apply(
        &self,
        tenant: &str,
        def: CredentialDefinition,
    ) -> Result<CredentialDto> {
        let url = self.url(&[tenant, "credentials"], &[])?;
        self.call(Method::POST, url, Self::body(def)).await
    }

    pub async fn credential_list(&self, req: CredentialListRequest) -> Result<Vec<CredentialDto>> {
        let order = req
            .order_by
            .and_then(|o| serde_json::to_value(o).ok())
            .and_then(|v| v.as_str().map(str::to_owned));
        let url = self.url(
            &[&req.tenant, "credentials"],
            &[
                ("namespace", req.namespace),
                ("effective", Some(req.effective.to_string())),
                ("type", req.type_id),
                ("order_by", order),
            ],
        )?;
        self.call(Method::GET, url, None).await
    }

    pub async fn credential_show(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<CredentialDto> {
        let url = self.credential_url(tenant, namespace, name, &[])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn credential_delete(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<()> {
        let url = self.credential_url(tenant, namespace, name, &[])?;
        self.call_empty(Method::DELETE, url, None).await
    }

    pub async fn credential_copy(&self, req: CredentialCopyRequest) -> Result<CredentialDto> {
        let url =
            self.credential_url(&req.tenant, req.namespace.as_deref(), &req.name, &["copy"])?;
        let body = json!({
            "target_namespace": req.target_namespace,
            "target_name": req.target_name,
        });
        self.call(Method::POST, url, Some(body)).await
    }

    pub async fn credential_test(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<TestResult> {
        let url = self.credential_url(tenant, namespace, name, &["test"])?;
        self.call(Method::POST, url, None).await
    }

    pub async fn credential_test_definition(
        &self,
        tenant: &str,
        def: CredentialDefinition,
    ) -> Result<TestResult> {
        let url = self.url(&[tenant, "credential-test"], &[])?;
        self.call(Method::POST, url, Self::body(def)).await
    }

    pub async fn credential_token(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<TokenDto> {
        let Some(namespace) = namespace.filter(|ns| !ns.is_empty()) else {
            return Err(Error::invalid(
                "a token is minted for a namespace (its secrets resolve there): give --namespace NS",
            ));
        };
        let url = self.credential_url(tenant, Some(namespace), name, &["token"])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn credential_discover(&self, tenant: &str, issuer: &str) -> Result<Discovery> {
        let url = self.url(&[tenant, "credential-discovery"], &[])?;
        self.call(Method::POST, url, Some(json!({ "issuer": issuer })))
            .await
    }

    pub async fn credential_types(&self, tenant: &str) -> Result<Vec<CredentialType>> {
        let url = self.url(&[tenant, "credential-types"], &[])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn credential_type(&self, tenant: &str, id: &str) -> Result<CredentialType> {
        let url = self.url(&[tenant, "credential-types", id], &[])?;
        self.call(Method::GET, url, None).await
    }

    pub async fn credential_type_create(
        &self,
        tenant: &str,
        def: CustomTypeDefinition,
    ) -> Result<CredentialType> {
        let url = self.url(&[tenant, "credential-types"], &[])?;
        self.call(Method::POST, url, Self::body(def)).await
    }

    pub async fn credential_type_update(
        &self,
        tenant: &str,
        id: &str,
        def: CustomTypeDefinition,
    ) -> Result<CredentialType> {
        let url = self.url(&[tenant, "credential-types", id], &[])?;
        self.call(Method::PUT, url, Self::body(def)).await
    }

    pub async fn credential_type_delete(&self, tenant: &str, id: &str) -> Result<()> {
        let url = self.url(&[tenant, "credential-types", id], &[])?;
        self.call_empty(Method::DELETE, url, None).await
    }
}
