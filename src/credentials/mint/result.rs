//! The Test result: the same shape in the UI, CLI `--json` and the HTTP API.

use super::{Attempt, Diagnosis, MintErrorCode, Minted};
use secrecy::ExposeSecret;
use serde::Serialize;
use std::time::Duration;
use ts_rs::TS;

const MASK: &str = "••••••••";
const PREVIEW_CHARS: usize = 6;

/// What a live token retrieval did. Never holds the full token or any secret.
#[derive(Debug, Clone, Serialize, serde::Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TestResult {
    pub ok: bool,
    pub credential: String,
    #[serde(rename = "type")]
    pub credential_type: String,
    pub http_status: Option<u16>,
    pub elapsed_ms: u64,
    pub token_type: Option<String>,
    pub expires_in: Option<u64>,
    /// RFC 3339 UTC.
    pub expires_at: Option<String>,
    pub scope_requested: Option<String>,
    pub scope_granted: Option<String>,
    /// Decoded (unverified) header and payload when the access token is a JWT.
    pub claims: Option<JwtParts>,
    /// The first characters of the token and a fixed mask.
    pub token_preview: Option<String>,
    /// RFC 6749 §5.2 code from the server, or a Keystead transport/config code.
    pub error: Option<MintErrorCode>,
    /// The `error` the server sent, verbatim, when it sent one.
    pub server_error: Option<String>,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
    pub hint: Option<String>,
    /// The (last) request sent, with credentials masked; none when the inputs were refused.
    pub request: Option<RequestSummary>,
    /// What a failed Test found out about why (the server's clock and metadata), with fixes.
    #[serde(default)]
    pub diagnoses: Vec<Diagnosis>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct JwtParts {
    #[ts(type = "Record<string, unknown>")]
    pub header: serde_json::Value,
    #[ts(type = "Record<string, unknown>")]
    pub payload: serde_json::Value,
}

/// A sent request as shown to the admin: Authorization and secret form fields masked.
#[derive(Debug, Clone, Serialize, serde::Deserialize, TS, PartialEq, Eq, utoipa::ToSchema)]
#[ts(export)]
pub struct RequestSummary {
    pub method: String,
    pub url: String,
    /// `[name, value]` pairs in send order.
    #[schema(value_type = Vec<Vec<String>>)]
    pub headers: Vec<(String, String)>,
    /// Form parameters (or the top-level fields of a JSON body, values as JSON).
    #[schema(value_type = Vec<Vec<String>>)]
    pub body: Vec<(String, String)>,
}

impl TestResult {
    /// A result with nothing filled in yet: not ok, no request sent.
    pub fn empty(credential: &str, credential_type: &str) -> Self {
        TestResult {
            ok: false,
            credential: credential.to_owned(),
            credential_type: credential_type.to_owned(),
            http_status: None,
            elapsed_ms: 0,
            token_type: None,
            expires_in: None,
            expires_at: None,
            scope_requested: None,
            scope_granted: None,
            claims: None,
            token_preview: None,
            error: None,
            server_error: None,
            error_description: None,
            error_uri: None,
            hint: None,
            request: None,
            diagnoses: Vec::new(),
        }
    }
}

pub(crate) fn build(
    credential: &str,
    credential_type: &str,
    attempt: Attempt,
    elapsed: Duration,
) -> TestResult {
    let mut result = TestResult::empty(credential, credential_type);
    result.http_status = attempt.http_status;
    result.elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
    result.request = attempt.request;
    match attempt.outcome {
        Ok(minted) => fill_success(&mut result, minted),
        Err(failure) => {
            result.http_status = failure.http_status.or(result.http_status);
            result.error = Some(failure.code);
            result.server_error = failure.server_error;
            result.error_description = failure.error_description;
            result.error_uri = failure.error_uri;
            result.hint = failure.hint;
        }
    }
    result
}

fn fill_success(result: &mut TestResult, minted: Minted) {
    result.ok = true;
    result.token_preview = Some(preview(minted.access_token.expose_secret()));
    result.token_type = Some(minted.token_type);
    result.expires_in = minted.expires_in;
    result.expires_at = Some(crate::time::format(minted.expires_at));
    result.scope_requested = minted.scope_requested;
    result.scope_granted = minted.scope_granted;
    result.hint = minted.expiry_note;
    result.claims = minted.claims.and_then(|mut claims| {
        Some(JwtParts {
            header: claims.get_mut("header")?.take(),
            payload: claims.get_mut("payload")?.take(),
        })
    });
}

/// At most 6 characters, and never more than a third of a short token.
fn preview(token: &str) -> String {
    let shown = PREVIEW_CHARS.min(token.chars().count() / 3);
    let mut preview: String = token.chars().take(shown).collect();
    preview.push_str(MASK);
    preview
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_shows_six_chars_of_a_long_token_and_less_of_a_short_one() {
        assert_eq!(
            preview("abcdefghijklmnopqrstuvwxyz"),
            format!("abcdef{MASK}")
        );
        assert_eq!(preview("abcdef"), format!("ab{MASK}"));
    }
}
