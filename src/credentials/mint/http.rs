//! The one outbound HTTP client and the bounded exchange every grant goes through: a deadline for
//! the whole exchange, a capped body, and redirects reported instead of followed.

use super::endpoint::shown;
use super::failure::{MintErrorCode, MintFailure};
use super::result::RequestSummary;
use crate::{Error, Result};
use reqwest::header::{CONTENT_LENGTH, HeaderMap, LOCATION};
use reqwest::{Method, Url};
use std::time::Duration;
use tokio::time::Instant;

/// Token endpoint answers larger than this are refused (`body_too_large`).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REDACTED: &str = "••••••••";

/// The shared outbound client: rustls, no redirects, a connect timeout. Clone is cheap.
#[derive(Debug, Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
}

impl HttpClient {
    pub fn new() -> Result<Self> {
        let inner = reqwest::Client::builder()
            .user_agent(concat!("keystead/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| Error::Internal(format!("could not build the HTTP client: {e}")))?;
        Ok(HttpClient { inner })
    }
}

pub(crate) enum Body {
    Empty,
    Form(Vec<(String, String)>),
    Json(serde_json::Value),
}

/// A request about to be sent. Header values flagged secret and sensitive form fields are masked
/// in [`OutboundRequest::summary`].
pub(crate) struct OutboundRequest {
    pub method: Method,
    pub url: Url,
    /// (name, value, secret)
    pub headers: Vec<(&'static str, String, bool)>,
    pub body: Body,
}

/// No Debug outside tests: a successful body holds the access token.
#[cfg_attr(test, derive(Debug, Clone))]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn content_type(&self) -> &str {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Form fields whose values are always masked; plus any name that looks like it holds a secret.
pub(crate) fn is_sensitive_field(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["secret", "assertion", "password", "token", "key"]
        .iter()
        .any(|word| name.contains(word))
}

impl OutboundRequest {
    pub fn new(method: Method, url: Url) -> Self {
        OutboundRequest {
            method,
            url,
            headers: Vec::new(),
            body: Body::Empty,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into(), false));
        self
    }

    /// An Authorization-like header: the summary shows the scheme only.
    pub fn secret_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into(), true));
        self
    }

    pub fn summary(&self) -> RequestSummary {
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(name, value, secret)| {
                let shown = if *secret {
                    match value.split_once(' ') {
                        Some((scheme, _)) => format!("{scheme} {REDACTED}"),
                        None => REDACTED.to_owned(),
                    }
                } else {
                    value.clone()
                };
                ((*name).to_owned(), shown)
            })
            .collect();
        let body = match &self.body {
            Body::Empty => Vec::new(),
            Body::Form(fields) => {
                headers.push((
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                ));
                fields
                    .iter()
                    .map(|(name, value)| {
                        let shown = if is_sensitive_field(name) {
                            REDACTED
                        } else {
                            value
                        };
                        (name.clone(), shown.to_owned())
                    })
                    .collect()
            }
            Body::Json(value) => {
                headers.push(("Content-Type".into(), "application/json".into()));
                value
                    .as_object()
                    .map(|object| {
                        object
                            .iter()
                            .map(|(name, value)| (name.clone(), value.to_string()))
                            .collect()
                    })
                    .unwrap_or_default()
            }
        };
        RequestSummary {
            method: self.method.to_string(),
            url: self.url.to_string(),
            headers,
            body,
        }
    }
}

/// Sends `request` and reads the whole answer before `deadline`. 3xx answers are refused unread.
pub(crate) async fn send(
    http: &HttpClient,
    request: &OutboundRequest,
    deadline: Instant,
) -> Result<Reply, MintFailure> {
    let remaining = deadline.saturating_duration_since(Instant::now());
    // One deadline (below) bounds connect, headers and body; a second reqwest timer would only
    // add timer-wheel work per request.
    let mut builder = http
        .inner
        .request(request.method.clone(), request.url.clone());
    for (name, value, _) in &request.headers {
        builder = builder.header(*name, value);
    }
    builder = match &request.body {
        Body::Empty => builder,
        Body::Form(fields) => builder.form(fields),
        Body::Json(value) => builder.json(value),
    };
    match tokio::time::timeout_at(deadline, exchange(builder, &request.url)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(timed_out(remaining, &request.url)),
    }
}

async fn exchange(builder: reqwest::RequestBuilder, url: &Url) -> Result<Reply, MintFailure> {
    let mut response = builder
        .send()
        .await
        .map_err(|e| transport_failure(&e, url))?;
    let status = response.status().as_u16();
    if response.status().is_redirection() {
        return Err(redirect_refused(url, status, response.headers()));
    }
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(too_large(status));
    }
    let headers = response.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport_failure(&e, url))?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large(status));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// A 3xx, reported by the target's origin and path only: its query, fragment or userinfo may
/// carry codes or tokens, and the text is the server's.
pub(crate) fn redirect_refused(url: &Url, status: u16, headers: &HeaderMap) -> MintFailure {
    let location = headers.get(LOCATION).map(|v| {
        std::str::from_utf8(v.as_bytes())
            .ok()
            .and_then(|location| url.join(location).ok())
    });
    let from = shown(url);
    let description = match location {
        Some(Some(target)) => format!(
            "{from} answered HTTP {status} redirecting to {}; not followed",
            shown(&target)
        ),
        Some(None) => format!(
            "{from} answered HTTP {status} redirecting to a Location that is not a URL; not followed"
        ),
        None => {
            format!("{from} answered HTTP {status} (a redirect) without a Location; not followed")
        }
    };
    let mut failure = MintFailure::local(MintErrorCode::RedirectRefused, description);
    failure.http_status = Some(status);
    failure
}

/// Seconds the clock of the server that sent `headers` is ahead of ours (negative: behind), from
/// its `Date` header (one-second resolution); none without a readable one.
pub(crate) fn server_clock_ahead(headers: &HeaderMap) -> Option<i64> {
    let date = headers.get(reqwest::header::DATE)?.to_str().ok()?;
    let server = httpdate::parse_http_date(date).ok()?;
    let now = std::time::SystemTime::now();
    match server.duration_since(now) {
        Ok(ahead) => i64::try_from(ahead.as_secs()).ok(),
        Err(behind) => i64::try_from(behind.duration().as_secs()).ok().map(|s| -s),
    }
}

/// The instant `timeout` from now, or a day from now when `timeout` is too long to add.
pub(crate) fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .or_else(|| now.checked_add(Duration::from_secs(24 * 3600)))
        .unwrap_or(now)
}

fn too_large(status: u16) -> MintFailure {
    let mut failure = MintFailure::local(
        MintErrorCode::BodyTooLarge,
        format!(
            "the answer (HTTP {status}) is larger than {MAX_BODY_BYTES} bytes; reading stopped"
        ),
    );
    failure.http_status = Some(status);
    failure
}

fn timed_out(limit: Duration, url: &Url) -> MintFailure {
    MintFailure::local(
        MintErrorCode::Timeout,
        format!(
            "no complete answer from {} within {} ms",
            origin(url),
            // What was left of the deadline when sending began, a hair under the timeout set.
            limit.as_millis().div_ceil(100) * 100
        ),
    )
}

fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Maps a transport error without echoing reqwest's message (it embeds the full URL).
fn transport_failure(error: &reqwest::Error, url: &Url) -> MintFailure {
    let cause = root_cause(error);
    if error.is_timeout() {
        return MintFailure::local(
            MintErrorCode::Timeout,
            format!("no complete answer from {} in time", origin(url)),
        );
    }
    if is_tls(error) {
        return MintFailure::local(
            MintErrorCode::TlsError,
            format!("TLS with {} failed: {cause}", origin(url)),
        );
    }
    if error.is_connect() {
        return MintFailure::local(
            MintErrorCode::ConnectFailed,
            format!("could not connect to {}: {cause}", origin(url)),
        );
    }
    MintFailure::local(
        MintErrorCode::BadResponse,
        format!("the exchange with {} broke off: {cause}", origin(url)),
    )
}

fn root_cause(error: &reqwest::Error) -> String {
    let mut current: &dyn std::error::Error = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

fn is_tls(error: &reqwest::Error) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if e.is::<rustls::Error>() {
            return true;
        }
        // io::Error hides its payload from source(): rustls errors arrive wrapped, sometimes twice.
        current = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_masks_authorization_and_secret_fields() {
        let mut request = OutboundRequest::new(
            Method::POST,
            Url::parse("https://idp.example/token").unwrap(),
        )
        .secret_header("Authorization", "Basic c2VjcmV0");
        request.body = Body::Form(vec![
            ("grant_type".into(), "client_credentials".into()),
            ("client_secret".into(), "s3cr3t".into()),
            ("client_assertion".into(), "eyJ.x.y".into()),
            ("assertion".into(), "eyJ.a.b".into()),
            ("api_key".into(), "k".into()),
        ]);
        let summary = request.summary();
        let rendered = format!("{summary:?}");
        for secret in ["c2VjcmV0", "s3cr3t", "eyJ", "\"k\""] {
            assert!(!rendered.contains(secret), "{secret} leaked: {rendered}");
        }
        assert_eq!(
            summary.headers[0],
            ("Authorization".into(), format!("Basic {REDACTED}"))
        );
        assert_eq!(summary.body[0].1, "client_credentials");
    }
}
