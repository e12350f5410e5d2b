//! A failed Test, diagnosed: what the server's clock and its published metadata say about the
//! refusal, and the change to the credential's inputs that fixes it where there is one.
//!
//! Runs after a failed Test only (never on the token path): it may fetch the server's metadata,
//! which sends nothing secret, within its own short deadline.

mod published;
#[cfg(test)]
mod tests;

use super::echo::SentSecrets;
use super::failure::{MintErrorCode, MintFailure};
use super::http::HttpClient;
use super::spec::{ClientAuthMethod, GrantSpec};
use published::{audience, auth_method, metadata, scope};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use ts_rs::TS;

/// A clock this far from the server's is reported as the likely cause of a refused assertion.
pub const CLOCK_SKEW_REPORTED_SECS: i64 = 30;
/// Metadata lookups for a diagnosis stop after this long (or the credential's own timeout).
const METADATA_BUDGET: Duration = Duration::from_secs(5);

/// One finding about a failed Test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Diagnosis {
    pub kind: DiagnosisKind,
    /// What is wrong, in one sentence with its figures.
    pub finding: String,
    /// What the finding rests on: what was sent, what the server publishes.
    pub facts: Vec<String>,
    /// The change to the credential that fixes it, when Keystead can tell.
    pub fix: Option<DiagnosisFix>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DiagnosisKind {
    /// This machine's clock is far from the server's: signed assertions look early or expired.
    ClockSkew,
    /// The server does not accept the client authentication method (or signing algorithm) used.
    AuthMethod,
    /// The assertion audience, `audience` or `resource` was refused.
    Audience,
    /// A requested scope is not one the server publishes.
    Scope,
}

/// Set `input` to `value` in the credential's inputs (a plain value, never a secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DiagnosisFix {
    /// What the button says, e.g. "Switch to client_secret_post".
    pub label: String,
    pub input: String,
    pub value: String,
}

/// Diagnoses `failure` of a mint of `grant`. Server text is clipped and scrubbed of `sent`.
pub(crate) async fn diagnose(
    http: &HttpClient,
    grant: &GrantSpec,
    failure: &MintFailure,
    server_clock_ahead: Option<i64>,
    timeout: Duration,
    sent: &SentSecrets,
) -> Vec<Diagnosis> {
    let mut found = Vec::new();
    if let Some(ahead) = server_clock_ahead {
        found.extend(clock_skew(grant, failure, ahead));
    }
    let method_refused = auth_method_refused(grant, failure);
    let scope_refused = failure.code == MintErrorCode::InvalidScope;
    let target_refused = audience_refused(failure);
    if !(method_refused || scope_refused || target_refused) {
        return found;
    }
    let metadata = metadata(http, grant, timeout.min(METADATA_BUDGET)).await;
    let scrub = |text: &str| sent.scrub(text);
    if method_refused {
        found.extend(
            metadata
                .as_ref()
                .and_then(|m| auth_method(grant, m, &scrub)),
        );
    }
    if scope_refused {
        found.extend(metadata.as_ref().and_then(|m| scope(grant, m, &scrub)));
    }
    if target_refused {
        found.extend(audience(grant, metadata.as_ref(), &scrub));
    }
    found
}

/// Signed with this machine's clock: the grants whose assertions carry `iat`/`exp` (GitHub App
/// JWTs are corrected for GitHub's clock already).
fn signs_assertions(grant: &GrantSpec) -> bool {
    match grant {
        GrantSpec::PrivateKeyJwt { .. } | GrantSpec::JwtBearer { .. } => true,
        GrantSpec::ClientCredentials { auth_method, .. } => *auth_method == ClientAuthMethod::Jwt,
        GrantSpec::GitHubApp { .. } => false,
    }
}

fn clock_skew(grant: &GrantSpec, failure: &MintFailure, ahead: i64) -> Option<Diagnosis> {
    let refused = matches!(
        failure.code,
        MintErrorCode::InvalidGrant
            | MintErrorCode::InvalidClient
            | MintErrorCode::InvalidRequest
            | MintErrorCode::UnauthorizedClient
            | MintErrorCode::AccessDenied
            | MintErrorCode::OtherServerError
    );
    if !refused || !signs_assertions(grant) || ahead.abs() < CLOCK_SKEW_REPORTED_SECS {
        return None;
    }
    let (direction, effect) = if ahead > 0 {
        (
            "behind",
            "its assertions look already expired to the server",
        )
    } else {
        (
            "ahead of",
            "its assertions look issued in the future to the server",
        )
    };
    Some(Diagnosis {
        kind: DiagnosisKind::ClockSkew,
        finding: format!(
            "This machine's clock is {} {direction} the server's: {effect}. Set this machine's \
             clock right (turn on network time), then Test again.",
            span(ahead.unsigned_abs())
        ),
        facts: vec![
            format!("the server's Date header differs from this machine's clock by {ahead:+} s"),
            format!(
                "servers commonly allow {CLOCK_SKEW_REPORTED_SECS}–60 s of difference for iat/exp"
            ),
        ],
        fix: None,
    })
}

/// "5 min 12 s", "2 h 3 min", "3 d 4 h".
fn span(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min {} s", secs / 60, secs % 60),
        3600..86_400 => format!("{} h {} min", secs / 3600, secs % 3600 / 60),
        _ => format!("{} d {} h", secs / 86_400, secs % 86_400 / 3600),
    }
}

fn auth_method_refused(grant: &GrantSpec, failure: &MintFailure) -> bool {
    failure.code == MintErrorCode::InvalidClient
        && matches!(
            grant,
            GrantSpec::ClientCredentials { .. } | GrantSpec::PrivateKeyJwt { .. }
        )
}

fn audience_refused(failure: &MintFailure) -> bool {
    if failure.code == MintErrorCode::InvalidTarget {
        return true;
    }
    let Some(description) = failure.error_description.as_deref() else {
        return false;
    };
    let description = description.to_ascii_lowercase();
    description
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| matches!(word, "aud" | "audience" | "resource"))
}
