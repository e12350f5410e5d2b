//! GitHub App installation tokens: an RS256 app JWT, `GET /app` to check it, then
//! `POST /app/installations/{id}/access_tokens`. A 401 about `iat`/`exp` is retried once with the
//! clock corrected by the answer's `Date` header.

use super::assertion::SigningKey;
use super::echo::SentSecrets;
use super::endpoint::endpoint_url;
use super::expiry;
use super::failure::{MintErrorCode, MintFailure};
use super::http::{self, Body, HttpClient, OutboundRequest, Reply};
use super::spec::{GrantSpec, SigningAlgorithm};
use super::token_response::{not_json, parse_fields};
use super::{Attempt, ExpirySource, Minted};
use reqwest::{Method, Url};
use secrecy::SecretString;
use serde_json::{Map, Value, json};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};
use tokio::time::Instant;

pub const DEFAULT_API_URL: &str = "https://api.github.com";
/// GitHub refuses app JWTs that live longer than 10 minutes; stay well inside it.
const JWT_BACKDATE_SECS: i64 = 60;
const JWT_LIFETIME_SECS: i64 = 540;
/// A clock complaint claiming more skew than this is not believed (and not retried): the app JWT
/// would otherwise be valid far outside the real ten minutes.
const MAX_SKEW_SECS: i64 = 24 * 3600;
/// Installation tokens last one hour when GitHub does not say.
const INSTALLATION_TOKEN_SECS: u64 = 3600;

pub(super) struct Target<'a> {
    api: Url,
    app_id: &'a str,
    installation_id: &'a str,
    key: SigningKey,
    body: Option<Value>,
}

pub(crate) async fn mint(
    http: &HttpClient,
    grant: &GrantSpec,
    deadline: Instant,
    sent: &mut SentSecrets,
) -> Attempt {
    let target = match prepare(grant) {
        Ok(target) => target,
        Err(failure) => return Attempt::refused(failure),
    };
    let mut skew_secs = 0;
    let mut retried = false;
    loop {
        match exchange(http, &target, skew_secs, deadline, sent).await {
            Err((attempt, Some(server_skew))) if !retried => {
                tracing::debug!(
                    skew_secs = server_skew,
                    "GitHub refused the app JWT's clock; retrying once"
                );
                drop(attempt);
                skew_secs = server_skew;
                retried = true;
            }
            Err((attempt, _)) => return attempt,
            Ok(attempt) => return attempt,
        }
    }
}

/// One try. Err carries the failed attempt and, when GitHub complained about the JWT's times,
/// the offset of GitHub's clock from ours.
async fn exchange(
    http: &HttpClient,
    target: &Target<'_>,
    skew_secs: i64,
    deadline: Instant,
    sent: &mut SentSecrets,
) -> Result<Attempt, (Attempt, Option<i64>)> {
    let jwt = match app_jwt(target, skew_secs) {
        Ok(jwt) => jwt,
        Err(failure) => {
            return Err((Attempt::refused(failure), None));
        }
    };
    let check = request(Method::GET, join(&target.api, "app"), &jwt);
    sent.add_request(&check);
    let reply = send(http, &check, deadline).await?;
    if reply.status != 200 {
        let skew = clock_complaint(&reply);
        return Err((
            failed(&check, api_failure(&reply, target, "GET /app")).clocked(&reply),
            skew,
        ));
    }
    let path = format!("app/installations/{}/access_tokens", target.installation_id);
    let mut issue = request(Method::POST, join(&target.api, &path), &jwt);
    if let Some(body) = &target.body {
        issue.body = Body::Json(body.clone());
    }
    let reply = send(http, &issue, deadline).await?;
    if reply.status != 201 && reply.status != 200 {
        let skew = clock_complaint(&reply);
        return Err((
            failed(&issue, api_failure(&reply, target, "access_tokens")).clocked(&reply),
            skew,
        ));
    }
    let outcome = read_token(&reply, target);
    Ok(Attempt {
        outcome,
        request: Some(issue.summary()),
        http_status: Some(reply.status),
        server_clock_ahead: None,
    }
    .clocked(&reply))
}

async fn send(
    http: &HttpClient,
    request: &OutboundRequest,
    deadline: Instant,
) -> Result<Reply, (Attempt, Option<i64>)> {
    http::send(http, request, deadline)
        .await
        .map_err(|failure| (failed(request, failure), None))
}

fn failed(request: &OutboundRequest, failure: MintFailure) -> Attempt {
    let http_status = failure.http_status;
    Attempt {
        outcome: Err(failure),
        request: Some(request.summary()),
        http_status,
        server_clock_ahead: None,
    }
}

pub(super) fn prepare(grant: &GrantSpec) -> Result<Target<'_>, MintFailure> {
    let GrantSpec::GitHubApp {
        api_url,
        app_id,
        installation_id,
        private_key,
        repositories,
        permissions,
    } = grant
    else {
        return Err(MintFailure::invalid_config("not a GitHub App credential"));
    };
    let api_url = match api_url.trim() {
        "" => DEFAULT_API_URL,
        url => url,
    };
    let mut api = endpoint_url(api_url, "api_url")?;
    if !api.path().ends_with('/') {
        api.set_path(&format!("{}/", api.path()));
    }
    if app_id.trim().is_empty() {
        return Err(MintFailure::invalid_config(
            "app_id is empty (the App ID or Client ID)",
        ));
    }
    if installation_id.is_empty() || !installation_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MintFailure::invalid_config(
            "installation_id must be the numeric installation id (from the installation's settings URL)",
        ));
    }
    let key = SigningKey::from_pem(private_key, SigningAlgorithm::Rs256)?;
    let mut body = Map::new();
    if !repositories.is_empty() {
        body.insert("repositories".into(), json!(repositories));
    }
    if !permissions.is_empty() {
        body.insert("permissions".into(), json!(permissions));
    }
    Ok(Target {
        api,
        app_id: app_id.trim(),
        installation_id,
        key,
        body: (!body.is_empty()).then_some(Value::Object(body)),
    })
}

fn app_jwt(target: &Target<'_>, skew_secs: i64) -> Result<String, MintFailure> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    target
        .key
        .sign(None, &app_claims(target.app_id, now, skew_secs))
}

/// `iat` a minute back and `exp` nine minutes ahead on GitHub's clock (ours plus the skew).
pub(super) fn app_claims(app_id: &str, now: i64, skew_secs: i64) -> Value {
    let now = now.saturating_add(skew_secs.clamp(-MAX_SKEW_SECS, MAX_SKEW_SECS));
    json!({
        "iat": now.saturating_sub(JWT_BACKDATE_SECS),
        "exp": now.saturating_add(JWT_LIFETIME_SECS),
        "iss": app_id,
    })
}

fn request(method: Method, url: Url, jwt: &str) -> OutboundRequest {
    OutboundRequest::new(method, url)
        .header("User-Agent", "keystead")
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .secret_header("Authorization", format!("Bearer {jwt}"))
}

fn join(api: &Url, path: &str) -> Url {
    api.join(path).unwrap_or_else(|_| api.clone())
}

/// A 401 whose message is about the JWT's `iat`/`exp`, with a `Date` to measure GitHub's clock.
pub(super) fn clock_complaint(reply: &Reply) -> Option<i64> {
    if reply.status != 401 {
        return None;
    }
    let message = message(reply)?;
    if !(message.contains("'exp'")
        || message.contains("'iat'")
        || message.contains("(exp)")
        || message.contains("(iat)"))
    {
        return None;
    }
    let date = reply.headers.get(reqwest::header::DATE)?.to_str().ok()?;
    let server_now = PrimitiveDateTime::parse(
        date,
        format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        ),
    )
    .ok()?
    .assume_utc();
    Some((server_now - OffsetDateTime::now_utc()).whole_seconds())
        .filter(|skew| skew.abs() <= MAX_SKEW_SECS)
}

fn message(reply: &Reply) -> Option<String> {
    parse_fields(reply)?
        .get("message")?
        .as_str()
        .map(str::to_owned)
}

pub(super) fn api_failure(reply: &Reply, target: &Target<'_>, step: &str) -> MintFailure {
    let Some(fields) = parse_fields(reply).filter(|f| f.contains_key("message")) else {
        let mut failure = not_json(reply);
        failure.error_description = Some(format!(
            "{step}: HTTP {} that is not a GitHub API error document",
            reply.status
        ));
        return failure;
    };
    let (code, hint) = match reply.status {
        401 => (
            MintErrorCode::InvalidClient,
            format!(
                "GitHub did not accept the app JWT: check app_id ({}) and that private_key is a \
                 current key of that app; a wrong system clock also causes this",
                target.app_id
            ),
        ),
        403 => (
            MintErrorCode::UnauthorizedClient,
            "the app may not do this: check the app's permissions and that the installation is \
             not suspended"
                .to_owned(),
        ),
        404 => (
            MintErrorCode::InvalidRequest,
            format!(
                "installation {} was not found for this app: check installation_id and that the \
                 app is installed there",
                target.installation_id
            ),
        ),
        422 => (
            MintErrorCode::InvalidScope,
            "GitHub refused the requested repositories or permissions: request only what the \
             installation was granted"
                .to_owned(),
        ),
        _ => (
            MintErrorCode::BadResponse,
            "GitHub answered with an unexpected status".to_owned(),
        ),
    };
    let mut failure = MintFailure::local(code, String::new())
        .with_status(reply.status)
        .with_hint(hint);
    failure.error_description = fields
        .get("message")
        .and_then(Value::as_str)
        .map(|m| format!("{step}: {m}"));
    failure.error_uri = fields
        .get("documentation_url")
        .and_then(Value::as_str)
        .map(str::to_owned);
    failure
}

pub(super) fn read_token(reply: &Reply, target: &Target<'_>) -> Result<Minted, MintFailure> {
    let Some(fields) = parse_fields(reply) else {
        return Err(not_json(reply));
    };
    let Some(token) = fields
        .get("token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
    else {
        return Err(MintFailure::bad_response(
            reply.status,
            "access_tokens answer without a token",
        ));
    };
    if let Some(refused) = super::token_response::unusable_token(reply.status, token) {
        return Err(refused);
    }
    let now = OffsetDateTime::now_utc();
    let (expiry, source) = match fields.get("expires_at") {
        None | Some(Value::Null) => (
            expiry::after(now, INSTALLATION_TOKEN_SECS, "the default"),
            ExpirySource::Default,
        ),
        Some(stated) => match stated
            .as_str()
            .and_then(|at| OffsetDateTime::parse(at, &Rfc3339).ok())
        {
            Some(at) => (
                expiry::at(now, at.unix_timestamp(), "expires_at"),
                ExpirySource::ExpiresAt,
            ),
            None => {
                let mut expiry = expiry::after(now, INSTALLATION_TOKEN_SECS, "the default");
                expiry.note = Some(
                    "GitHub's expires_at is not an RFC 3339 time: assumed one hour".to_owned(),
                );
                (expiry, ExpirySource::Default)
            }
        },
    };
    let permissions = |value: Option<&Value>| {
        value
            .and_then(Value::as_object)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.iter()
                    .map(|(name, level)| format!("{name}:{}", level.as_str().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
    };
    let requested = target
        .body
        .as_ref()
        .and_then(|b| permissions(b.get("permissions")));
    Ok(Minted {
        access_token: SecretString::from(token.to_owned()),
        token_type: "Bearer".into(),
        expires_in: Some(expiry.expires_in),
        expires_at: expiry.expires_at,
        expiry_source: source,
        expiry_note: expiry.note,
        scope_requested: requested,
        scope_granted: permissions(fields.get("permissions")),
        claims: None,
    })
}
