//! A client of `keystead serve`: the same methods as [`crate::api::Keystead`], for the caller that
//! the API token stands for. The remote CLI (`keystead --server URL …`) is built on it. This module
//! holds the transport; the routes are in one file per area.

mod access;
mod admin;
mod credentials;
mod kv;
mod secrets;

use crate::error::{Error, ErrorCode, Result, WireError};
use reqwest::{Method, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
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
