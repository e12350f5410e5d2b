//! Authorization server metadata: RFC 8414 first, then OpenID Connect Discovery.

use super::echo::clip;
use super::endpoint::{discovered_url, endpoint_url};
use super::failure::MintFailure;
use super::http::{self, HttpClient, OutboundRequest};
use super::token_response::not_json;
use reqwest::{Method, Url};
use serde_json::Value;
use std::time::Duration;
use tokio::time::Instant;

/// What Keystead needs from a server's metadata document.
#[derive(
    Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
pub struct Discovery {
    pub issuer: String,
    pub token_endpoint: String,
    pub token_endpoint_auth_methods_supported: Vec<String>,
    pub token_endpoint_auth_signing_alg_values_supported: Vec<String>,
    /// Empty when the server does not publish it.
    #[serde(default)]
    pub scopes_supported: Vec<String>,
}

/// Fetches the metadata of `issuer` within `timeout` (both lookups together).
pub async fn discover(
    http: &HttpClient,
    issuer: &str,
    timeout: Duration,
) -> Result<Discovery, MintFailure> {
    lookup(http, issuer, http::deadline_after(timeout)).await
}

/// Both well-known documents of `issuer`, in turn, until one answers 200 (before `deadline`).
pub(super) async fn lookup(
    http: &HttpClient,
    issuer: &str,
    deadline: Instant,
) -> Result<Discovery, MintFailure> {
    let issuer_url = endpoint_url(issuer, "issuer")?;
    if issuer_url.query().is_some() || issuer_url.fragment().is_some() {
        return Err(MintFailure::invalid_config(
            "issuer must not have a query or fragment",
        ));
    }
    let mut last = None;
    for url in metadata_urls(&issuer_url) {
        let request =
            OutboundRequest::new(Method::GET, url.clone()).header("Accept", "application/json");
        let reply = http::send(http, &request, deadline).await?;
        if reply.status != 200 {
            last = Some(MintFailure::bad_response(
                reply.status,
                format!("no metadata document at {url} (HTTP {})", reply.status),
            ));
            continue;
        }
        let Ok(Value::Object(doc)) = serde_json::from_slice::<Value>(&reply.body) else {
            return Err(not_json(&reply));
        };
        return read(&doc, issuer, &issuer_url, reply.status);
    }
    Err(last
        .unwrap_or_else(|| MintFailure::bad_response(404, "no metadata document"))
        .with_hint(
            "the issuer publishes no RFC 8414 or OpenID Connect metadata: set token_url instead",
        ))
}

/// RFC 8414 §3.1 inserts the well-known segment before the issuer's path; OIDC appends it.
fn metadata_urls(issuer: &Url) -> [Url; 2] {
    let path = issuer.path().trim_end_matches('/');
    let mut rfc8414 = issuer.clone();
    rfc8414.set_path(&format!("/.well-known/oauth-authorization-server{path}"));
    let mut oidc = issuer.clone();
    oidc.set_path(&format!("{path}/.well-known/openid-configuration"));
    [rfc8414, oidc]
}

pub(super) fn read(
    doc: &serde_json::Map<String, Value>,
    issuer: &str,
    issuer_url: &Url,
    status: u16,
) -> Result<Discovery, MintFailure> {
    let text = |name: &str| doc.get(name).and_then(Value::as_str).map(str::to_owned);
    let list = |name: &str| -> Vec<String> {
        doc.get(name)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let stated = text("issuer").unwrap_or_default();
    // RFC 8414 §3.3: a document for another issuer must not be used (it could redirect credentials).
    if stated.trim_end_matches('/') != issuer.trim().trim_end_matches('/') {
        return Err(MintFailure::bad_response(
            status,
            format!(
                "the metadata names issuer {:?}, not {issuer:?}",
                clip(&stated, 200)
            ),
        )
        .with_hint("use the issuer exactly as the server states it"));
    }
    let Some(token_endpoint) = text("token_endpoint") else {
        return Err(MintFailure::bad_response(
            status,
            "the metadata has no token_endpoint",
        ));
    };
    discovered_url(&token_endpoint, "token_endpoint", issuer_url)?;
    Ok(Discovery {
        issuer: stated,
        token_endpoint,
        token_endpoint_auth_methods_supported: list("token_endpoint_auth_methods_supported"),
        token_endpoint_auth_signing_alg_values_supported: list(
            "token_endpoint_auth_signing_alg_values_supported",
        ),
        scopes_supported: list("scopes_supported"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(issuer: &str, token_endpoint: &str) -> serde_json::Map<String, Value> {
        let doc = json!({ "issuer": issuer, "token_endpoint": token_endpoint });
        doc.as_object().unwrap().clone()
    }

    #[test]
    fn https_issuer_must_give_an_https_token_endpoint() {
        for (issuer, endpoint) in [
            ("https://idp.example", "http://idp.example/token"),
            ("https://idp.example", "http://127.0.0.1:8080/token"),
        ] {
            let url = Url::parse(issuer).unwrap();
            let failure = read(&document(issuer, endpoint), issuer, &url, 200).unwrap_err();
            assert_eq!(failure.code, "invalid_config", "{endpoint}");
            assert!(failure.hint.unwrap().contains("https"), "{endpoint}");
        }
        let local = "http://127.0.0.1:8080";
        let url = Url::parse(local).unwrap();
        let found = read(
            &document(local, "http://127.0.0.1:8080/token"),
            local,
            &url,
            200,
        );
        assert!(
            found.is_ok(),
            "a loopback issuer may give a loopback http endpoint"
        );
        let url = Url::parse("https://idp.example").unwrap();
        let doc = document("https://idp.example", "https://idp.example/token");
        assert!(read(&doc, "https://idp.example", &url, 200).is_ok());
    }

    #[test]
    fn well_known_urls_follow_rfc8414_and_oidc() {
        let [rfc, oidc] = metadata_urls(&Url::parse("https://idp.example/tenant1/").unwrap());
        assert_eq!(
            rfc.as_str(),
            "https://idp.example/.well-known/oauth-authorization-server/tenant1"
        );
        assert_eq!(
            oidc.as_str(),
            "https://idp.example/tenant1/.well-known/openid-configuration"
        );
    }
}
