//! A failed Test, diagnosed: what the server's clock and its published metadata say about the
//! refusal, and the change to the credential's inputs that fixes it where there is one.
//!
//! Runs after a failed Test only (never on the token path): it may fetch the server's metadata,
//! which sends nothing secret, within its own short deadline.

use super::discovery::{Discovery, lookup};
use super::echo::{SentSecrets, clip};
use super::failure::{MintErrorCode, MintFailure};
use super::http::{self, HttpClient};
use super::spec::{AssertionAudience, ClientAuthMethod, GrantSpec, SigningAlgorithm};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use ts_rs::TS;

/// A clock this far from the server's is reported as the likely cause of a refused assertion.
pub const CLOCK_SKEW_REPORTED_SECS: i64 = 30;
/// Metadata lookups for a diagnosis stop after this long (or the credential's own timeout).
const METADATA_BUDGET: Duration = Duration::from_secs(5);
/// Path prefixes of the token URL tried as the issuer, longest first, besides the bare origin.
const MAX_ISSUER_PREFIXES: usize = 4;
/// Lists from the server are shown up to this many entries.
const MAX_LISTED: usize = 30;

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

/// The server's metadata: the issuer the credential names, else the token URL's path prefixes
/// and origin as issuers. A document counts only when it names the token URL as its endpoint.
async fn metadata(http: &HttpClient, grant: &GrantSpec, budget: Duration) -> Option<Discovery> {
    let deadline = http::deadline_after(budget);
    let token_url = grant.endpoint().trim();
    for issuer in issuer_candidates(grant) {
        if tokio::time::Instant::now() >= deadline {
            break;
        }
        match lookup(http, &issuer, deadline).await {
            Ok(found) if same_url(&found.token_endpoint, token_url) => return Some(found),
            Ok(_) => {}
            Err(failure) if failure.code == MintErrorCode::Timeout => break,
            Err(_) => {}
        }
    }
    None
}

fn issuer_candidates(grant: &GrantSpec) -> Vec<String> {
    let mut candidates = Vec::new();
    if let GrantSpec::PrivateKeyJwt {
        issuer: Some(issuer),
        ..
    } = grant
        && !issuer.trim().is_empty()
    {
        candidates.push(issuer.trim().to_owned());
    }
    let Ok(url) = url::Url::parse(grant.endpoint().trim()) else {
        return candidates;
    };
    let origin = url.origin().ascii_serialization();
    let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
    for keep in (1..segments.len()).rev().take(MAX_ISSUER_PREFIXES) {
        candidates.push(format!("{origin}/{}", segments[..keep].join("/")));
    }
    candidates.push(origin);
    candidates.dedup();
    candidates
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/')
}

fn listed(items: &[String], scrub: &dyn Fn(&str) -> String) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(MAX_LISTED)
        .map(|i| clip(i, 100))
        .collect();
    if items.len() > MAX_LISTED {
        shown.push(format!("… ({} more)", items.len() - MAX_LISTED));
    }
    scrub(&shown.join(" "))
}

fn auth_method(
    grant: &GrantSpec,
    metadata: &Discovery,
    scrub: &dyn Fn(&str) -> String,
) -> Option<Diagnosis> {
    let supported = &metadata.token_endpoint_auth_methods_supported;
    match grant {
        GrantSpec::ClientCredentials { auth_method, .. } => {
            // RFC 8414 §2: without the list, client_secret_basic is the default.
            let accepts = |m: &str| {
                if supported.is_empty() {
                    m == "client_secret_basic"
                } else {
                    supported.iter().any(|s| s == m)
                }
            };
            let used = auth_method.as_str();
            if accepts(used) {
                return None;
            }
            let other = [
                ClientAuthMethod::Basic,
                ClientAuthMethod::Post,
                ClientAuthMethod::Jwt,
            ]
            .into_iter()
            .map(ClientAuthMethod::as_str)
            .find(|m| accepts(m));
            Some(Diagnosis {
                kind: DiagnosisKind::AuthMethod,
                finding: match other {
                    Some(other) => format!(
                        "The server accepts {other}, not {used} (the method this credential uses)."
                    ),
                    None => format!(
                        "The server accepts none of the client secret methods, {used} included: \
                         it expects another kind of client authentication (private_key_jwt?)."
                    ),
                },
                facts: vec![methods_fact(supported, scrub)],
                fix: other.map(|other| DiagnosisFix {
                    label: format!("Switch to {other}"),
                    input: "auth_method".into(),
                    value: other.into(),
                }),
            })
        }
        GrantSpec::PrivateKeyJwt { algorithm, .. } => {
            if !supported.is_empty() && !supported.iter().any(|m| m == "private_key_jwt") {
                return Some(Diagnosis {
                    kind: DiagnosisKind::AuthMethod,
                    finding: "The server's metadata does not list private_key_jwt: it does not \
                              accept clients that sign an assertion with a private key."
                        .into(),
                    facts: vec![methods_fact(supported, scrub)],
                    fix: None,
                });
            }
            algorithm_mismatch(*algorithm, metadata, scrub)
        }
        _ => None,
    }
}

fn methods_fact(supported: &[String], scrub: &dyn Fn(&str) -> String) -> String {
    if supported.is_empty() {
        "the server's metadata has no token_endpoint_auth_methods_supported (the default is \
         client_secret_basic)"
            .into()
    } else {
        format!(
            "token_endpoint_auth_methods_supported: {}",
            listed(supported, scrub)
        )
    }
}

fn algorithm_mismatch(
    used: SigningAlgorithm,
    metadata: &Discovery,
    scrub: &dyn Fn(&str) -> String,
) -> Option<Diagnosis> {
    let supported = &metadata.token_endpoint_auth_signing_alg_values_supported;
    if supported.is_empty() || supported.iter().any(|a| a == used.as_str()) {
        return None;
    }
    let other = supported
        .iter()
        .find(|a| a.parse::<SigningAlgorithm>().is_ok())
        .cloned();
    Some(Diagnosis {
        kind: DiagnosisKind::AuthMethod,
        finding: format!(
            "The server does not accept {} assertions{}.",
            used.as_str(),
            other
                .as_deref()
                .map(|o| format!(": it lists {o} (the private key must be of that kind)"))
                .unwrap_or_default()
        ),
        facts: vec![format!(
            "token_endpoint_auth_signing_alg_values_supported: {}",
            listed(supported, scrub)
        )],
        fix: other.map(|other| DiagnosisFix {
            label: format!("Sign with {other}"),
            input: "algorithm".into(),
            value: other,
        }),
    })
}

fn scope(
    grant: &GrantSpec,
    metadata: &Discovery,
    scrub: &dyn Fn(&str) -> String,
) -> Option<Diagnosis> {
    let requested: Vec<&str> = grant.scope()?.split_whitespace().collect();
    let supported = &metadata.scopes_supported;
    let requested_fact = format!("requested: {}", scrub(&requested.join(" ")));
    if supported.is_empty() {
        return Some(Diagnosis {
            kind: DiagnosisKind::Scope,
            finding: "The server refused the scope and publishes no scopes_supported: ask its \
                      administrator which scopes this client may request."
                .into(),
            facts: vec![requested_fact],
            fix: None,
        });
    }
    let (known, unknown): (Vec<&str>, Vec<&str>) = requested
        .iter()
        .partition(|s| supported.iter().any(|o| o == *s));
    let facts = vec![
        requested_fact,
        format!(
            "the server's scopes_supported: {}",
            listed(supported, scrub)
        ),
    ];
    if unknown.is_empty() {
        return Some(Diagnosis {
            kind: DiagnosisKind::Scope,
            finding: "Every requested scope is one the server publishes: this client is not \
                      allowed some of them (grant them to the client on the server)."
                .into(),
            facts,
            fix: None,
        });
    }
    let kept = known.join(" ");
    Some(Diagnosis {
        kind: DiagnosisKind::Scope,
        finding: format!(
            "The server does not publish {} of the requested scopes: {}.",
            unknown.len(),
            scrub(&unknown.join(", "))
        ),
        facts,
        fix: (!known.is_empty()).then(|| DiagnosisFix {
            label: format!("Request only {}", scrub(&clip(&kept, 80))),
            input: "scope".into(),
            value: kept,
        }),
    })
}

/// The `aud` this mint put in its assertion, with the input that sets it.
fn assertion_audience(grant: &GrantSpec) -> Option<(String, &'static str)> {
    match grant {
        GrantSpec::PrivateKeyJwt {
            token_url,
            issuer,
            assertion_audience,
            ..
        } => Some((
            match assertion_audience {
                AssertionAudience::TokenEndpoint => token_url.trim().to_owned(),
                AssertionAudience::Issuer => issuer.clone().unwrap_or_default(),
                AssertionAudience::Url(url) => url.clone(),
            },
            "assertion_audience",
        )),
        GrantSpec::JwtBearer {
            token_url,
            assertion_audience,
            ..
        } => Some((
            assertion_audience
                .clone()
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| token_url.trim().to_owned()),
            "assertion_audience",
        )),
        _ => None,
    }
}

fn audience(
    grant: &GrantSpec,
    metadata: Option<&Discovery>,
    scrub: &dyn Fn(&str) -> String,
) -> Option<Diagnosis> {
    let mut facts = Vec::new();
    let (audience, resource) = match grant {
        GrantSpec::ClientCredentials {
            audience, resource, ..
        }
        | GrantSpec::PrivateKeyJwt {
            audience, resource, ..
        } => (audience.as_deref(), resource.as_deref()),
        _ => (None, None),
    };
    let sent = assertion_audience(grant);
    if let Some((aud, _)) = &sent {
        facts.push(format!("the assertion's aud: {}", scrub(aud)));
    }
    for (name, value) in [("audience", audience), ("resource", resource)] {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            facts.push(format!("sent {name}={}", scrub(value)));
        }
    }
    match metadata {
        Some(m) => {
            facts.push(format!("the server's issuer: {}", scrub(&m.issuer)));
            facts.push(format!("its token endpoint: {}", scrub(&m.token_endpoint)));
        }
        None => facts.push("the server publishes no metadata for this token URL".into()),
    }
    if let Some(resource) = resource.filter(|r| !is_resource_indicator(r)) {
        return Some(Diagnosis {
            kind: DiagnosisKind::Audience,
            finding: format!(
                "resource {} is not an absolute URI without a fragment, as RFC 8707 requires.",
                scrub(&clip(resource, 100))
            ),
            facts,
            fix: None,
        });
    }
    let fix = match (&sent, metadata) {
        (Some((aud, input)), Some(m)) => [&m.issuer, &m.token_endpoint]
            .into_iter()
            .find(|candidate| !same_url(candidate, aud))
            .map(|candidate| DiagnosisFix {
                label: format!("Use {} as the assertion audience", scrub(candidate)),
                input: (*input).into(),
                value: candidate.clone(),
            }),
        _ => None,
    };
    let finding = match &fix {
        Some(fix) => format!(
            "The server refused the audience. Servers expect their issuer or their token \
             endpoint as an assertion's aud; this one was sent {}, try {}.",
            sent.as_ref().map_or(String::new(), |(aud, _)| scrub(aud)),
            fix.value
        ),
        None if audience.is_some() || resource.is_some() => {
            "The server refused the audience or resource: request one this client is allowed \
             (the server's administrator can tell which)."
                .into()
        }
        None => "The server refused the audience.".into(),
    };
    Some(Diagnosis {
        kind: DiagnosisKind::Audience,
        finding,
        facts,
        fix,
    })
}

/// RFC 8707 §2: an absolute URI without a fragment.
fn is_resource_indicator(raw: &str) -> bool {
    url::Url::parse(raw.trim()).is_ok_and(|u| u.fragment().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    fn client_credentials(method: ClientAuthMethod, scope: Option<&str>) -> GrantSpec {
        GrantSpec::ClientCredentials {
            token_url: "https://idp.example/realms/acme/protocol/openid-connect/token".into(),
            client_id: "ci".into(),
            client_secret: SecretString::from("s3cret-value"),
            auth_method: method,
            scope: scope.map(str::to_owned),
            audience: None,
            resource: None,
            extra_params: Default::default(),
        }
    }

    fn metadata(methods: &[&str], scopes: &[&str]) -> Discovery {
        Discovery {
            issuer: "https://idp.example/realms/acme".into(),
            token_endpoint: "https://idp.example/realms/acme/protocol/openid-connect/token".into(),
            token_endpoint_auth_methods_supported: methods.iter().map(|m| m.to_string()).collect(),
            token_endpoint_auth_signing_alg_values_supported: vec![],
            scopes_supported: scopes.iter().map(|m| m.to_string()).collect(),
        }
    }

    fn plain(text: &str) -> String {
        text.to_owned()
    }

    #[test]
    fn issuer_candidates_walk_up_the_token_path_longest_first() {
        let grant = client_credentials(ClientAuthMethod::Basic, None);
        assert_eq!(
            issuer_candidates(&grant),
            [
                "https://idp.example/realms/acme/protocol/openid-connect",
                "https://idp.example/realms/acme/protocol",
                "https://idp.example/realms/acme",
                "https://idp.example/realms",
                "https://idp.example",
            ]
        );
    }

    #[test]
    fn the_method_the_server_lists_is_offered_and_an_accepted_one_is_not_blamed() {
        let grant = client_credentials(ClientAuthMethod::Basic, None);
        let found = auth_method(&grant, &metadata(&["client_secret_post"], &[]), &plain).unwrap();
        let fix = found.fix.unwrap();
        assert_eq!(
            (fix.input.as_str(), fix.value.as_str()),
            ("auth_method", "client_secret_post")
        );
        let accepted = metadata(&["client_secret_basic", "client_secret_post"], &[]);
        assert!(auth_method(&grant, &accepted, &plain).is_none());
        // Without a list the RFC 8414 default is client_secret_basic.
        let post = client_credentials(ClientAuthMethod::Post, None);
        let fix = auth_method(&post, &metadata(&[], &[]), &plain)
            .unwrap()
            .fix
            .unwrap();
        assert_eq!(fix.value, "client_secret_basic");
    }

    #[test]
    fn unknown_scopes_are_named_and_the_rest_offered() {
        let grant = client_credentials(ClientAuthMethod::Basic, Some("read write admin"));
        let found = scope(&grant, &metadata(&[], &["read", "write"]), &plain).unwrap();
        assert!(
            found.finding.contains("1 of the requested scopes: admin"),
            "{}",
            found.finding
        );
        assert_eq!(found.fix.unwrap().value, "read write");
        let none_known = client_credentials(ClientAuthMethod::Basic, Some("admin"));
        let found = scope(&none_known, &metadata(&[], &["read"]), &plain).unwrap();
        assert!(found.fix.is_none());
    }

    #[test]
    fn clock_skew_is_reported_for_signed_assertions_only_and_past_the_threshold() {
        let failure = MintFailure::from_server("invalid_grant", 400);
        let signed = client_credentials(ClientAuthMethod::Jwt, None);
        let found = clock_skew(&signed, &failure, 312).unwrap();
        assert!(
            found.finding.contains("5 min 12 s behind"),
            "{}",
            found.finding
        );
        let found = clock_skew(&signed, &failure, -7200).unwrap();
        assert!(
            found.finding.contains("2 h 0 min ahead of"),
            "{}",
            found.finding
        );
        assert!(clock_skew(&signed, &failure, 29).is_none());
        let secret = client_credentials(ClientAuthMethod::Basic, None);
        assert!(clock_skew(&secret, &failure, 600).is_none());
        let transport = MintFailure::local(MintErrorCode::Timeout, "slow");
        assert!(clock_skew(&signed, &transport, 600).is_none());
    }

    #[test]
    fn audience_words_are_matched_whole() {
        let with = |text: &str| {
            let mut failure = MintFailure::from_server("invalid_grant", 400);
            failure.error_description = Some(text.into());
            audience_refused(&failure)
        };
        assert!(with("Invalid aud claim"));
        assert!(with("audience mismatch"));
        assert!(!with("audit failed"));
        assert!(!with("laudable"));
    }

    #[test]
    fn a_fragment_or_relative_resource_is_named() {
        assert!(is_resource_indicator("https://api.example/v1"));
        assert!(!is_resource_indicator("https://api.example/v1#x"));
        assert!(!is_resource_indicator("api.example"));
        assert!(is_resource_indicator("urn:example:api"));
    }
}
