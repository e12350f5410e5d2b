//! A client of `keystead serve`: the same methods as [`crate::api::Keystead`], for the caller that
//! the API token stands for. The remote CLI (`keystead --server URL …`) is built on it.

use crate::api::dto::*;
use crate::error::{Error, ErrorCode, Result, WireError};
use reqwest::{Method, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use std::path::Path;
use std::time::Duration;

/// Connect within this; a whole request (a credential Test included) within `REQUEST_TIMEOUT`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(340);
/// Largest answer read (an audit listing of 10 000 events fits).
const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;

pub struct Client {
    base: Url,
    token: SecretString,
    http: reqwest::Client,
}

fn transport(message: String) -> Error {
    Error::Remote(WireError {
        code: ErrorCode::Transport,
        message,
        mint_error: None,
    })
}

impl Client {
    /// `server` is the server's base URL (`https://keystead.example:8787`); `ca_cert` a PEM file of
    /// the authority that signed its certificate when the system does not trust it.
    pub fn new(server: &str, token: SecretString, ca_cert: Option<&Path>) -> Result<Self> {
        let base = Url::parse(server.trim_end_matches('/')).map_err(|e| {
            Error::invalid(format!(
                "--server {server:?} is not a URL ({e}): use e.g. http://127.0.0.1:8787"
            ))
        })?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(Error::invalid(format!(
                "--server must be an http:// or https:// URL, not {server:?}"
            )));
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(path) = ca_cert {
            let pem = std::fs::read(path).map_err(|e| {
                Error::invalid(format!(
                    "reading the CA certificate {}: {e}",
                    path.display()
                ))
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                Error::invalid(format!("{} is not a PEM certificate: {e}", path.display()))
            })?;
            builder = builder.tls_certs_merge(certs);
        }
        let http = builder
            .build()
            .map_err(|e| Error::Internal(format!("setting up the HTTP client: {e}")))?;
        Ok(Self { base, token, http })
    }

    /// The address of an API route. A segment `.` or `..` is refused: URLs drop or climb over
    /// such segments, so the request would reach another route than the one named.
    fn url(&self, segments: &[&str], query: &[(&str, Option<String>)]) -> Result<Url> {
        if let Some(dots) = segments.iter().find(|s| matches!(**s, "." | "..")) {
            return Err(Error::invalid(format!(
                "{dots:?} is not a name Keystead gives to anything: a URL path cannot carry it"
            )));
        }
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(["api", "v1"]).extend(segments);
        }
        let pairs: Vec<_> = query
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v.as_str())))
            .collect();
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(url)
    }

    async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
    ) -> Result<Vec<u8>> {
        self.send_if(method, url, body, None).await
    }

    /// `if_match`: the version a KV write or delete expects.
    async fn send_if(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
        if_match: Option<u32>,
    ) -> Result<Vec<u8>> {
        let mut request = self
            .http
            .request(method, url.clone())
            .bearer_auth(self.token.expose_secret());
        if let Some(version) = if_match {
            request = request.header("If-Match", format!("\"{version}\""));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let mut response = request.send().await.map_err(|e| {
            transport(format!(
                "cannot reach the Keystead server at {}: {}",
                self.base,
                without_url(&e)
            ))
        })?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport(format!("reading the server's answer: {}", without_url(&e))))?
        {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(transport("the server's answer is too large".into()));
            }
            body.extend_from_slice(&chunk);
        }
        if status.is_success() {
            return Ok(body);
        }
        match serde_json::from_slice::<WireError>(&body) {
            Ok(wire) => Err(Error::Remote(wire)),
            Err(_) => Err(transport(format!(
                "{} answered HTTP {status} without a Keystead error body: is --server a Keystead server?",
                self.base
            ))),
        }
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
    ) -> Result<T> {
        let bytes = self.send(method, url, body).await?;
        serde_json::from_slice(&bytes)
            .map_err(|e| transport(format!("the server's answer does not fit: {e}")))
    }

    async fn call_empty(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
    ) -> Result<()> {
        self.send(method, url, body).await.map(drop)
    }

    fn body(value: impl Serialize) -> Option<serde_json::Value> {
        serde_json::to_value(value).ok()
    }

    // Tenants, namespaces, who am I, audit.

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

    // Secrets.

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

    // Credentials.

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

    // KV.

    fn kv_url(&self, tenant: &str, namespace: &str, key: &str) -> Result<Url> {
        self.url(&[tenant, "namespaces", namespace, "kv", key], &[])
    }

    pub async fn kv_set(&self, req: KvSetRequest) -> Result<KvDto> {
        // A command line's text is typed here, as the server would type it.
        let value = match req.value {
            Some(input) if input.parse => {
                let text = input.value.as_str().unwrap_or_default();
                let typed = match input.kind {
                    Some(kind) => crate::kv::TypedValue::from_text(kind, text)?,
                    None => crate::kv::TypedValue::infer(text)?,
                };
                Some((Some(typed.kind), typed.value))
            }
            Some(input) => Some((input.kind, input.value)),
            None => None,
        };
        let body = json!({
            "type": value.as_ref().and_then(|(kind, _)| *kind),
            "value": value.map(|(_, v)| v),
            "description": req.description,
            "expiry": req.expiry,
            "if_absent": req.if_absent,
        });
        let url = self.kv_url(&req.tenant, &req.namespace, &req.key)?;
        let bytes = self
            .send_if(Method::PUT, url, Some(body), req.if_version)
            .await?;
        serde_json::from_slice(&bytes)
            .map_err(|e| transport(format!("the server's answer does not fit: {e}")))
    }

    pub async fn kv_get(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
        inherit: bool,
    ) -> Result<KvDto> {
        let mut url = self.kv_url(tenant, namespace, key)?;
        if inherit {
            url.query_pairs_mut().append_pair("inherit", "true");
        }
        self.call(Method::GET, url, None).await
    }

    pub async fn kv_list(&self, req: KvListRequest) -> Result<Vec<KvListItem>> {
        let url = self.url(
            &[&req.tenant, "namespaces", &req.namespace, "kv"],
            &[
                ("prefix", req.prefix),
                ("effective", Some(req.effective.to_string())),
            ],
        )?;
        self.call(Method::GET, url, None).await
    }

    pub async fn kv_delete(
        &self,
        tenant: &str,
        namespace: &str,
        key: &str,
        if_version: Option<u32>,
    ) -> Result<()> {
        let url = self.kv_url(tenant, namespace, key)?;
        self.send_if(Method::DELETE, url, None, if_version)
            .await
            .map(drop)
    }

    // Access.

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

/// A reqwest error's text without the URL (it could carry a query string).
fn without_url(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "the request timed out".into();
    }
    if error.is_connect() {
        // The innermost cause (an OS or TLS error) names no URL.
        let mut cause: &dyn std::error::Error = error;
        while let Some(inner) = cause.source() {
            cause = inner;
        }
        let cause = cause.to_string();
        let lower = cause.to_ascii_lowercase();
        if [
            "certificate",
            "tls",
            "handshake",
            "corrupt message",
            "invalidcontenttype",
        ]
        .iter()
        .any(|word| lower.contains(word))
        {
            return format!(
                "the TLS handshake failed ({cause}): a server serving plain HTTP needs an http:// \
                 --server URL, and a certificate from your own CA needs --ca-cert"
            );
        }
        return format!("the connection failed ({cause}): is `keystead serve` running there?");
    }
    let text = error.to_string();
    match error.url() {
        Some(url) => text.replace(url.as_str(), "(the server)"),
        None => text,
    }
}
