//! What the server publishes, read for a diagnosis: its metadata document (found from the token
//! URL), and the findings it supports about a refused auth method, signing algorithm, scope or
//! audience.

use super::{Diagnosis, DiagnosisFix, DiagnosisKind};
use crate::credentials::mint::discovery::{Discovery, lookup};
use crate::credentials::mint::echo::clip;
use crate::credentials::mint::failure::MintErrorCode;
use crate::credentials::mint::http::{self, HttpClient};
use crate::credentials::mint::spec::{
    AssertionAudience, ClientAuthMethod, GrantSpec, SigningAlgorithm,
};
use std::time::Duration;

/// Path prefixes of the token URL tried as the issuer, longest first, besides the bare origin.
const MAX_ISSUER_PREFIXES: usize = 4;
/// Lists from the server are shown up to this many entries.
const MAX_LISTED: usize = 30;

/// The server's metadata: the issuer the credential names, else the token URL's path prefixes
/// and origin as issuers. A document counts only when it names the token URL as its endpoint.
pub(super) async fn metadata(
    http: &HttpClient,
    grant: &GrantSpec,
    budget: Duration,
) -> Option<Discovery> {
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

pub(super) fn issuer_candidates(grant: &GrantSpec) -> Vec<String> {
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

pub(super) fn same_url(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/')
}

pub(super) fn listed(items: &[String], scrub: &dyn Fn(&str) -> String) -> String {
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

pub(super) fn auth_method(
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

pub(super) fn methods_fact(supported: &[String], scrub: &dyn Fn(&str) -> String) -> String {
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

pub(super) fn algorithm_mismatch(
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

pub(super) fn scope(
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
pub(super) fn assertion_audience(grant: &GrantSpec) -> Option<(String, &'static str)> {
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

pub(super) fn audience(
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
pub(super) fn is_resource_indicator(raw: &str) -> bool {
    url::Url::parse(raw.trim()).is_ok_and(|u| u.fragment().is_none())
}
