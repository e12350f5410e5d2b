//! Token minting: one module per grant over one bounded HTTP client.
//!
//! Input is a credential definition whose secret references are already resolved ([`MintSpec`]);
//! output is a token ([`mint`]) or the Test result the UI shows ([`test`]). Every outbound request
//! has a deadline, a capped body and no redirects; secrets never reach a log line or an error.

#[cfg(test)]
mod answer_properties;
mod assertion;
mod diagnose;
mod discovery;
mod echo;
pub(crate) mod endpoint;
mod expiry;
mod failure;
mod github;
mod hints;
mod http;
mod oauth;
mod result;
mod spec;
mod token_response;

pub(crate) use assertion::key_problem;
pub use assertion::sign_client_assertion;
pub use diagnose::{CLOCK_SKEW_REPORTED_SECS, Diagnosis, DiagnosisFix, DiagnosisKind};
pub use discovery::{Discovery, discover};
pub use expiry::MAX_TOKEN_LIFETIME_SECS;
pub use failure::{MintErrorCode, MintFailure};
pub use github::DEFAULT_API_URL as GITHUB_DEFAULT_API_URL;
pub use http::{HttpClient, MAX_BODY_BYTES};
pub use result::{JwtParts, RequestSummary, TestResult};
pub use spec::{
    AssertionAudience, ClientAuthMethod, DEFAULT_ASSERTION_LIFETIME, DEFAULT_EXPIRES_IN, GrantSpec,
    MintSpec, SigningAlgorithm,
};

use echo::SentSecrets;
use secrecy::{ExposeSecret, SecretString};
use std::time::Instant;
use time::OffsetDateTime;

/// A freshly minted access token.
#[derive(Debug, Clone)]
pub struct Minted {
    pub access_token: SecretString,
    pub token_type: String,
    /// Seconds of validity left when the token was received.
    pub expires_in: Option<u64>,
    pub expires_at: OffsetDateTime,
    pub expiry_source: ExpirySource,
    /// Why the expiry is not what the server stated (clamped, set aside, already past).
    pub expiry_note: Option<String>,
    pub scope_requested: Option<String>,
    pub scope_granted: Option<String>,
    /// `{header, payload}` of the access token when it is a JWT (decoded, not verified).
    pub claims: Option<serde_json::Value>,
}

/// Where [`Minted::expires_at`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpirySource {
    /// The token response's `expires_in`.
    ExpiresIn,
    /// An absolute `expires_at` in the response (GitHub installation tokens).
    ExpiresAt,
    /// The `exp` claim of a JWT access token, because the response had no `expires_in`.
    JwtExp,
    /// Neither was given: [`DEFAULT_EXPIRES_IN`] seconds from now.
    Default,
}

/// What one mint did: the outcome plus what the Test result shows about the request.
pub(crate) struct Attempt {
    pub outcome: Result<Minted, MintFailure>,
    /// The last request sent (or about to be sent), already redacted.
    pub request: Option<RequestSummary>,
    pub http_status: Option<u16>,
    /// Seconds the server's clock (its `Date` header) is ahead of ours, when it answered.
    pub server_clock_ahead: Option<i64>,
}

impl Attempt {
    /// An attempt that ends before anything was sent.
    pub(crate) fn refused(failure: MintFailure) -> Self {
        Attempt {
            outcome: Err(failure),
            request: None,
            http_status: None,
            server_clock_ahead: None,
        }
    }

    /// Notes how far the clock of the server that sent `reply` is ahead of ours.
    pub(crate) fn clocked(mut self, reply: &http::Reply) -> Self {
        self.server_clock_ahead = http::server_clock_ahead(&reply.headers);
        self
    }
}

/// Mints a token. On failure the [`MintFailure`] says why, with the server's RFC 6749 code when it
/// sent one; `is_client_error` tells the caller to drop any cached token.
pub async fn mint(http: &HttpClient, spec: &MintSpec) -> Result<Minted, MintFailure> {
    run(http, spec).await.outcome
}

/// Performs a live mint and reports exactly what happened, never the full token. A failure is
/// diagnosed (the server's clock and metadata) after the elapsed time is taken.
pub async fn test(
    http: &HttpClient,
    spec: &MintSpec,
    credential: &str,
    credential_type: &str,
) -> TestResult {
    let started = Instant::now();
    let (attempt, sent) = exchange(http, spec).await;
    let elapsed = started.elapsed();
    let diagnoses = match &attempt.outcome {
        Err(failure) => {
            diagnose::diagnose(
                http,
                &spec.grant,
                failure,
                attempt.server_clock_ahead,
                spec.timeout,
                &sent,
            )
            .await
        }
        Ok(_) => Vec::new(),
    };
    let echoed = matches!(&attempt.outcome,
        Ok(minted) if sent.found_in(minted.access_token.expose_secret()));
    let mut result = result::build(credential, credential_type, attempt, elapsed);
    if echoed {
        // Its first characters would be the secret's.
        result.token_preview = Some(echo::MASK.to_owned());
        let warning = "the server answered with a token that holds a value this mint sent (the \
                       client secret or the assertion): check the token endpoint";
        result.hint = Some(match result.hint.take() {
            Some(note) => format!("{warning}; {note}"),
            None => warning.to_owned(),
        });
    }
    result.diagnoses = diagnoses;
    result
}

async fn run(http: &HttpClient, spec: &MintSpec) -> Attempt {
    exchange(http, spec).await.0
}

/// One mint, finished, with the values it sent (to scrub what a diagnosis shows).
async fn exchange(http: &HttpClient, spec: &MintSpec) -> (Attempt, SentSecrets) {
    let deadline = http::deadline_after(spec.timeout);
    let mut sent = SentSecrets::of_grant(&spec.grant);
    let attempt = match &spec.grant {
        GrantSpec::GitHubApp { .. } => github::mint(http, &spec.grant, deadline, &mut sent).await,
        _ => oauth::mint(http, &spec.grant, deadline, &mut sent).await,
    };
    (finish(attempt, spec, &sent), sent)
}

/// Adds the hint, and scrubs what the server said of every value this mint sent, before the
/// outcome is shown, stored, logged or put in an error.
fn finish(mut attempt: Attempt, spec: &MintSpec, sent: &SentSecrets) -> Attempt {
    match &mut attempt.outcome {
        Ok(minted) => sent.scrub_minted(minted),
        Err(failure) => {
            sent.scrub_failure(failure);
            if failure.hint.is_none() {
                failure.hint = hints::for_failure(failure, &spec.grant, spec.timeout);
            }
            tracing::debug!(code = %failure.code, status = ?failure.http_status, "mint failed");
        }
    }
    attempt
}
