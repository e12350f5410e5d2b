//! A real local token endpoint and GitHub-App-like API for the minting tests, on 127.0.0.1:0.
//!
//! It checks what a strict authorization server checks (RFC 6749 §2.3.1 form-encoding in Basic,
//! one client authentication method, assertion signature/aud/lifetime/jti replay) and records every
//! request so tests can assert on what was sent. Fault paths answer badly on purpose.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;
use time::macros::format_description;

#[path = "token_server/faults.rs"]
mod faults;

/// Has a colon, `@`, space and non-ASCII: only correct RFC 6749 §2.3.1 encoding survives Basic.
pub const CLIENT_ID: &str = "svc:reports@acme";
pub const CLIENT_SECRET: &str = "p@ss:w/rd+ü& =secret";
/// Longest assertion (exp − iat) the server accepts.
pub const MAX_ASSERTION_LIFETIME: i64 = 300;
pub const GITHUB_APP_ID: &str = "424242";
pub const GITHUB_INSTALLATION: &str = "777";
/// `iss` of the JWT-bearer grant assertions the server trusts (signed by `rsa_pkcs8.pem`).
pub const BEARER_ISSUER: &str = "robot@acme.example";

pub fn key(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
    pub form: BTreeMap<String, String>,
    pub body: String,
}

#[derive(Default)]
pub struct ServerState {
    base: Mutex<String>,
    pub requests: Mutex<Vec<Recorded>>,
    seen_jti: Mutex<HashSet<String>>,
    /// Header and claims of the last assertion the server verified.
    pub last_assertion: Mutex<Option<(jsonwebtoken::Header, Map<String, Value>)>>,
    /// Seconds the GitHub side's clock is ahead of the real one.
    pub github_clock_offset: AtomicI64,
    /// Seconds the OAuth side's clock (assertion checks, `Date` header) is ahead of the real one.
    pub clock_offset: AtomicI64,
    /// When set, the only client authentication methods `/token` accepts and the metadata lists.
    pub auth_methods: Mutex<Option<Vec<&'static str>>>,
    /// Every access token the server handed out.
    pub issued: Mutex<Vec<String>>,
    /// Where `/fault/redirect` points.
    pub redirect_to: Mutex<String>,
    /// Answers that replace a route's own, by path (see [`TokenServer::answer`]).
    canned: Mutex<BTreeMap<String, Canned>>,
}

/// A fixed answer: status, headers and body bytes, sent as given.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

pub struct TokenServer {
    pub base: String,
    pub state: Arc<ServerState>,
}

impl TokenServer {
    pub async fn start() -> TokenServer {
        let state = Arc::new(ServerState::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        *state.base.lock().unwrap() = base.clone();
        let app = Router::new().fallback(handle).with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        TokenServer { base, state }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn issued(&self) -> Vec<String> {
        self.state.issued.lock().unwrap().clone()
    }

    /// From now on `path` answers with `status`, `headers` and `body` (whatever the method).
    pub fn answer(
        &self,
        path: &str,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) {
        let canned = Canned {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.into(),
        };
        self.state
            .canned
            .lock()
            .unwrap()
            .insert(path.to_owned(), canned);
    }

    /// A JSON answer for `path` with status 200.
    pub fn answer_json(&self, path: &str, body: Value) {
        self.answer(
            path,
            200,
            &[("content-type", "application/json")],
            body.to_string(),
        );
    }

    pub fn last_assertion(&self) -> (jsonwebtoken::Header, Map<String, Value>) {
        self.state
            .last_assertion
            .lock()
            .unwrap()
            .clone()
            .expect("an assertion was verified")
    }
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form: BTreeMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let recorded = Recorded {
        method: method.to_string(),
        path: uri.path().to_owned(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        form,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    state.requests.lock().unwrap().push(recorded.clone());
    let base = state.base.lock().unwrap().clone();
    let canned = state.canned.lock().unwrap().get(uri.path()).cloned();
    if let Some(canned) = canned {
        return faults::canned_answer(canned);
    }
    let mut response = route(&state, &method, &uri, &recorded, &base).await;
    let offset = state.clock_offset.load(Ordering::SeqCst);
    if offset != 0 {
        let now = std::time::SystemTime::now();
        let shift = std::time::Duration::from_secs(offset.unsigned_abs());
        let clock = if offset > 0 { now + shift } else { now - shift };
        let date = httpdate::fmt_http_date(clock);
        response
            .headers_mut()
            .insert(header::DATE, date.parse().unwrap());
    }
    response
}

async fn route(
    state: &ServerState,
    method: &Method,
    uri: &Uri,
    recorded: &Recorded,
    base: &str,
) -> Response {
    match (method.as_str(), uri.path()) {
        ("POST", "/token") => token(state, base, recorded),
        ("GET", "/.well-known/openid-configuration") => {
            let methods = state
                .auth_methods
                .lock()
                .unwrap()
                .clone()
                .unwrap_or_else(|| {
                    vec![
                        "client_secret_basic",
                        "client_secret_post",
                        "client_secret_jwt",
                        "private_key_jwt",
                    ]
                });
            Json(json!({
                "issuer": base,
                "token_endpoint": format!("{base}/token"),
                "token_endpoint_auth_methods_supported": methods,
                "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
                "scopes_supported": ["read", "write"],
            }))
            .into_response()
        }
        ("GET", "/app") => github_app(state, recorded),
        ("POST", path) if path.starts_with("/app/installations/") => {
            github_token(state, recorded, path)
        }
        (_, path) if path.starts_with("/fault/") => faults::fault(state, path).await,
        (_, path) if path.starts_with("/echo/") => faults::echo(recorded),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

pub(crate) struct Json(pub Value);

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, "application/json")],
            self.0.to_string(),
        )
            .into_response()
    }
}

fn oauth_error(status: StatusCode, code: &str, description: &str) -> Response {
    (status, Json(json!({ "error": code, "error_description": description, "error_uri": "https://docs.example/errors" })))
        .into_response()
}

fn token(state: &ServerState, base: &str, req: &Recorded) -> Response {
    let token_url = format!("{base}/token");
    let basic = req
        .headers
        .get("authorization")
        .filter(|v| v.starts_with("Basic "));
    let methods = [
        basic.is_some(),
        req.form.contains_key("client_secret"),
        req.form.contains_key("client_assertion"),
    ];
    if methods.iter().filter(|m| **m).count() > 1 {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "more than one client authentication method",
        );
    }
    let used = [
        "client_secret_basic",
        "client_secret_post",
        "client_assertion",
    ]
    .into_iter()
    .zip(methods)
    .find_map(|(name, used)| used.then_some(name));
    if let (Some(accepted), Some(used)) = (state.auth_methods.lock().unwrap().as_ref(), used)
        && used != "client_assertion"
        && !accepted.contains(&used)
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    }
    let client_ok = if let Some(basic) = basic {
        decode_basic(basic) == Some((CLIENT_ID.to_owned(), CLIENT_SECRET.to_owned()))
    } else if let Some(secret) = req.form.get("client_secret") {
        req.form.get("client_id").map(String::as_str) == Some(CLIENT_ID) && secret == CLIENT_SECRET
    } else if let Some(assertion) = req.form.get("client_assertion") {
        if req.form.get("client_assertion_type").map(String::as_str)
            != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "wrong client_assertion_type",
            );
        }
        match verify_client_assertion(state, assertion, base, &token_url) {
            Ok(()) => true,
            Err(why) => return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", &why),
        }
    } else {
        false
    };
    let grant = req.form.get("grant_type").map(String::as_str).unwrap_or("");
    match grant {
        "client_credentials" if !client_ok => oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        ),
        "client_credentials" => issue(state, req),
        "urn:ietf:params:oauth:grant-type:jwt-bearer" => {
            let authenticated = methods.iter().any(|m| *m);
            if authenticated && !client_ok {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "client authentication failed",
                );
            }
            let assertion = req.form.get("assertion").cloned().unwrap_or_default();
            match verify_assertion(
                state,
                &assertion,
                &key("rsa_public.pem"),
                &[&token_url],
                Some(BEARER_ISSUER),
            ) {
                Ok(_) => issue(state, req),
                Err(why) => oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", &why),
            }
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant not supported",
        ),
    }
}

fn issue(state: &ServerState, req: &Recorded) -> Response {
    let scope = req.form.get("scope").cloned();
    if scope
        .as_deref()
        .is_some_and(|s| s.split(' ').any(|s| s == "admin"))
    {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "scope admin is not granted",
        );
    }
    let token = format!("tok-{}", uuid::Uuid::new_v4());
    state.issued.lock().unwrap().push(token.clone());
    let mut answer = json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": 300,
    });
    if let Some(scope) = scope {
        answer["scope"] = scope.into();
    }
    Json(answer).into_response()
}

/// RFC 6749 §2.3.1: both halves are form-urlencoded, so the first raw colon separates them.
pub fn decode_basic(header: &str) -> Option<(String, String)> {
    let raw = String::from_utf8(STANDARD.decode(header.strip_prefix("Basic ")?).ok()?).ok()?;
    let (id, secret) = raw.split_once(':')?;
    let decode = |s: &str| {
        url::form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Some((decode(id)?, decode(secret)?))
}

/// Client assertions: HS256 with the client secret (client_secret_jwt) or a registered public key.
fn verify_client_assertion(
    state: &ServerState,
    assertion: &str,
    issuer: &str,
    token_url: &str,
) -> Result<(), String> {
    let header =
        jsonwebtoken::decode_header(assertion).map_err(|e| format!("bad assertion header: {e}"))?;
    let claims = if header.alg == Algorithm::HS256 {
        verify_with(
            state,
            assertion,
            &DecodingKey::from_secret(CLIENT_SECRET.as_bytes()),
            Algorithm::HS256,
            &[token_url],
        )?
    } else {
        let public = match header.alg {
            Algorithm::RS256 | Algorithm::PS256 => match header.kid.as_deref() {
                Some("pkcs1-key") => key("rsa2_public.pem"),
                _ => key("rsa_public.pem"),
            },
            Algorithm::ES256 => key("ec_p256_public.pem"),
            Algorithm::EdDSA => key("ed25519_public.pem"),
            other => return Err(format!("algorithm {other:?} not accepted")),
        };
        verify_assertion(state, assertion, &public, &[token_url, issuer], None)?
    };
    let iss = claims.get("iss").and_then(Value::as_str);
    if (iss != Some(CLIENT_ID) && iss != Some("pk-client"))
        || claims.get("sub").and_then(Value::as_str) != iss
    {
        return Err("iss and sub must both be the client_id".into());
    }
    Ok(())
}

fn verify_assertion(
    state: &ServerState,
    jwt: &str,
    public_pem: &str,
    audiences: &[&str],
    issuer: Option<&str>,
) -> Result<Map<String, Value>, String> {
    let header = jsonwebtoken::decode_header(jwt).map_err(|e| format!("bad header: {e}"))?;
    let key = match header.alg {
        Algorithm::RS256 | Algorithm::PS256 => DecodingKey::from_rsa_pem(public_pem.as_bytes()),
        Algorithm::ES256 => DecodingKey::from_ec_pem(public_pem.as_bytes()),
        Algorithm::EdDSA => DecodingKey::from_ed_pem(public_pem.as_bytes()),
        other => return Err(format!("algorithm {other:?} not accepted")),
    }
    .map_err(|e| format!("server key: {e}"))?;
    let claims = verify_with(state, jwt, &key, header.alg, audiences)?;
    if let Some(issuer) = issuer
        && claims.get("iss").and_then(Value::as_str) != Some(issuer)
    {
        return Err("unknown issuer".into());
    }
    Ok(claims)
}

fn verify_with(
    state: &ServerState,
    jwt: &str,
    key: &DecodingKey,
    alg: Algorithm,
    audiences: &[&str],
) -> Result<Map<String, Value>, String> {
    let mut validation = Validation::new(alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let data = jsonwebtoken::decode::<Map<String, Value>>(jwt, key, &validation)
        .map_err(|e| format!("signature not verified: {e}"))?;
    let claims = data.claims;
    let now =
        OffsetDateTime::now_utc().unix_timestamp() + state.clock_offset.load(Ordering::SeqCst);
    let (iat, exp) = (
        claims.get("iat").and_then(Value::as_i64),
        claims.get("exp").and_then(Value::as_i64),
    );
    let (Some(iat), Some(exp)) = (iat, exp) else {
        return Err("iat and exp are required".into());
    };
    if exp <= now || iat > now + 5 || exp - iat > MAX_ASSERTION_LIFETIME {
        return Err(format!(
            "assertion times refused (lifetime {} s)",
            exp - iat
        ));
    }
    let aud = claims.get("aud").and_then(Value::as_str).unwrap_or("");
    if !audiences.contains(&aud) {
        return Err(format!("aud {aud:?} is not this server"));
    }
    let jti = claims
        .get("jti")
        .and_then(Value::as_str)
        .ok_or("jti is required")?;
    if !state.seen_jti.lock().unwrap().insert(jti.to_owned()) {
        return Err("jti replayed".into());
    }
    *state.last_assertion.lock().unwrap() = Some((data.header, claims.clone()));
    Ok(claims)
}

fn github_now(state: &ServerState) -> OffsetDateTime {
    OffsetDateTime::now_utc()
        + time::Duration::seconds(state.github_clock_offset.load(Ordering::SeqCst))
}

fn github_error(state: &ServerState, status: StatusCode, message: &str) -> Response {
    let date = github_now(state)
        .format(format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        ))
        .unwrap();
    (
        status,
        [(header::DATE, date)],
        Json(json!({ "message": message, "documentation_url": "https://docs.github.com/rest" })),
    )
        .into_response()
}

/// GitHub's rules for an app JWT: RS256 by the app key, iss = app, iat not in the future,
/// exp in the future and at most 10 minutes after iat.
fn github_auth(state: &ServerState, req: &Recorded) -> Result<(), &'static str> {
    let jwt = req
        .headers
        .get("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let key = DecodingKey::from_rsa_pem(key("rsa_public.pem").as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let Ok(data) = jsonwebtoken::decode::<Map<String, Value>>(jwt, &key, &validation) else {
        return Err("A JSON web token could not be decoded");
    };
    let now = github_now(state).unix_timestamp();
    let claim = |name: &str| data.claims.get(name).and_then(Value::as_i64).unwrap_or(0);
    if claim("iat") > now + 1 {
        return Err(
            "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
        );
    }
    if claim("exp") - now > 600 || claim("exp") - claim("iat") > 600 {
        return Err("'Expiration time' claim ('exp') is too far in the future");
    }
    if claim("exp") <= now {
        return Err(
            "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
        );
    }
    if data.claims.get("iss").and_then(Value::as_str) != Some(GITHUB_APP_ID) {
        return Err("'Issuer' claim ('iss') must be an Integer");
    }
    Ok(())
}

fn github_app(state: &ServerState, req: &Recorded) -> Response {
    match github_auth(state, req).map_err(|m| github_error(state, StatusCode::UNAUTHORIZED, m)) {
        Ok(()) => Json(json!({ "id": 424242, "slug": "keystead-test", "name": "Keystead test" }))
            .into_response(),
        Err(refusal) => refusal,
    }
}

fn github_token(state: &ServerState, req: &Recorded, path: &str) -> Response {
    if let Err(message) = github_auth(state, req) {
        return github_error(state, StatusCode::UNAUTHORIZED, message);
    }
    if path != format!("/app/installations/{GITHUB_INSTALLATION}/access_tokens") {
        return github_error(state, StatusCode::NOT_FOUND, "Not Found");
    }
    let asked: Value = if req.body.is_empty() {
        json!({})
    } else {
        serde_json::from_str(&req.body).unwrap_or(json!({}))
    };
    if asked.pointer("/permissions/administration").is_some() {
        return github_error(
            state,
            StatusCode::UNPROCESSABLE_ENTITY,
            "The permissions requested are not granted to this installation.",
        );
    }
    let expires_at = (OffsetDateTime::now_utc() + time::Duration::hours(1))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let permissions = asked
        .get("permissions")
        .cloned()
        .unwrap_or(json!({ "contents": "read", "metadata": "read" }));
    let token = format!("ghs_{}", uuid::Uuid::new_v4().simple());
    state.issued.lock().unwrap().push(token.clone());
    let answer = json!({
        "token": token,
        "expires_at": expires_at,
        "permissions": permissions,
        "repository_selection": if asked.get("repositories").is_some() { "selected" } else { "all" },
    });
    (StatusCode::CREATED, Json(answer)).into_response()
}
