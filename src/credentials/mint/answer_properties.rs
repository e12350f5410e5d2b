//! Property test: no server answer can panic a mint or leak what it sent. Arbitrary statuses,
//! bodies (bytes, token responses, RFC 6749 errors, GitHub documents, form bodies), content types,
//! Location and Date headers go through everything that turns a reply into a Minted or a
//! MintFailure and then into a Test result; every case must give a result without the secrets.

use super::echo::{MASK, SentSecrets};
use super::http::{Reply, redirect_refused};
use super::spec::{ClientAuthMethod, GrantSpec, MintSpec};
use super::{Attempt, MAX_TOKEN_LIFETIME_SECS, discovery, finish, github, result, token_response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, DATE, HeaderMap, HeaderValue, LOCATION};
use secrecy::SecretString;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::Duration;

const CASES: u32 = 4096;
const SECRET: &str = "CANARY-s3cr3t/ü+&= \"x\"";
const RSA_KEY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/keys/rsa_pkcs8.pem"
));

/// The canary in the spellings a server could echo it in.
fn spellings() -> Vec<String> {
    let form: String = url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
    vec![
        SECRET.to_owned(),
        form.replace('+', "%20"),
        form,
        serde_json::to_string(SECRET).unwrap_or_default(),
    ]
}

fn canary() -> impl Strategy<Value = String> {
    (0..spellings().len()).prop_map(|i| spellings().swap_remove(i))
}

/// Short text that sometimes carries the canary.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        (".{0,20}", canary(), ".{0,20}").prop_map(|(a, c, b)| format!("{a}{c}{b}")),
        "[ -~]{0,2000}",
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::from),
        "[0-9 .eE+-]{0,30}".prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(text(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn jwt(payload: Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#);
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
    format!("{header}.{payload}.c2ln")
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    let success = (
        json_value(),
        json_value(),
        json_value(),
        json_value(),
        json_value(),
    )
        .prop_map(|(token, exp, expires_in, token_type, scope)| {
            let token = match token {
                Value::String(_) | Value::Number(_) => token,
                other => Value::from(jwt(json!({ "exp": exp, "echo": other }))),
            };
            json!({ "access_token": token, "expires_in": expires_in, "token_type": token_type,
                    "scope": scope })
        });
    let oauth_error = (json_value(), text(), text(), json_value()).prop_map(|(code, d, u, x)| {
        json!({ "error": code, "error_description": d, "error_uri": u, "extra": x })
    });
    let github = (text(), json_value(), json_value(), text(), text()).prop_map(
        |(token, at, permissions, message, docs)| {
            json!({ "token": token, "expires_at": at, "permissions": permissions,
                    "message": message, "documentation_url": docs })
        },
    );
    let metadata = (text(), text())
        .prop_map(|(issuer, endpoint)| json!({ "issuer": issuer, "token_endpoint": endpoint }));
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        success.prop_map(|v| v.to_string().into_bytes()),
        oauth_error.prop_map(|v| v.to_string().into_bytes()),
        github.prop_map(|v| v.to_string().into_bytes()),
        metadata.prop_map(|v| v.to_string().into_bytes()),
        (text(), text()).prop_map(|(a, b)| format!("access_token={a}&error={b}").into_bytes()),
        json_value().prop_map(|v| v.to_string().into_bytes()),
    ]
}

/// A header value from arbitrary bytes (those a header can hold), huge, or a plausible one.
fn header(plausible: &'static [&'static str]) -> impl Strategy<Value = Option<HeaderValue>> {
    prop_oneof![
        Just(None),
        prop::sample::select(plausible).prop_map(|p| Some(HeaderValue::from_static(p))),
        prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| HeaderValue::from_bytes(&b).ok()),
        text().prop_map(|t| HeaderValue::from_str(&t).ok()),
        Just(HeaderValue::from_str(&"a/".repeat(8000)).ok()),
    ]
}

fn reply() -> impl Strategy<Value = Reply> {
    let status = prop_oneof![
        prop::sample::select(vec![200u16, 201, 301, 307, 400, 401, 403, 404, 422, 500]),
        any::<u16>(),
    ];
    let content_types = &[
        "application/json",
        "application/x-www-form-urlencoded",
        "text/html; charset=utf-8",
    ];
    let locations = &[
        "https://u:p@elsewhere.example/cb?code=CANARY#frag",
        "/relative?x=CANARY",
        "//other.example/p",
        "javascript:alert(1)",
    ];
    let dates = &[
        "Mon, 01 Jan 9999 00:00:00 GMT",
        "Sat, 01 Jan 0001 00:00:00 GMT",
    ];
    (
        status,
        body(),
        header(content_types),
        header(locations),
        header(dates),
    )
        .prop_map(|(status, body, content_type, location, date)| {
            let mut headers = HeaderMap::new();
            for (name, value) in [
                (CONTENT_TYPE, content_type),
                (LOCATION, location),
                (DATE, date),
            ] {
                if let Some(value) = value {
                    headers.insert(name, value);
                }
            }
            Reply {
                status,
                headers,
                body,
            }
        })
}

struct Fixture {
    oauth: MintSpec,
    github: MintSpec,
    sent: SentSecrets,
    url: Url,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(fixture);
static GITHUB_TARGET: LazyLock<github::Target<'static>> =
    LazyLock::new(|| github::prepare(&FIXTURE.github.grant).expect("the fixture key parses"));

fn fixture() -> Fixture {
    let oauth = GrantSpec::ClientCredentials {
        token_url: "https://idp.example/token".into(),
        client_id: "svc".into(),
        client_secret: SecretString::from(SECRET.to_owned()),
        auth_method: ClientAuthMethod::Basic,
        scope: Some("read".into()),
        audience: None,
        resource: None,
        extra_params: BTreeMap::new(),
    };
    let github = GrantSpec::GitHubApp {
        api_url: "https://api.github.example/".into(),
        app_id: "42".into(),
        installation_id: "7".into(),
        private_key: SecretString::from(RSA_KEY.to_owned()),
        repositories: Vec::new(),
        permissions: BTreeMap::new(),
    };
    let sent = SentSecrets::of_grant(&oauth);
    let spec = |grant| MintSpec {
        grant,
        timeout: Duration::from_secs(5),
    };
    Fixture {
        oauth: spec(oauth),
        github: spec(github),
        sent,
        url: Url::parse("https://idp.example/token?tenant=t").expect("a valid URL"),
    }
}

/// What must hold for every Test result, whatever the server said.
fn check(result: &result::TestResult) -> Result<(), TestCaseError> {
    let shown = serde_json::to_string(result).map_err(|e| TestCaseError::fail(e.to_string()))?;
    for spelling in spellings() {
        prop_assert!(!shown.contains(&spelling), "{spelling} leaked: {shown}");
    }
    if result.ok {
        prop_assert!(result.token_preview.is_some());
        prop_assert!(
            result
                .expires_in
                .is_some_and(|s| s <= MAX_TOKEN_LIFETIME_SECS)
        );
        prop_assert!(
            result
                .expires_at
                .as_deref()
                .is_some_and(|at| !at.is_empty())
        );
    } else {
        prop_assert!(result.error.is_some());
    }
    for field in [
        &result.error_description,
        &result.error_uri,
        &result.server_error,
    ] {
        let chars = field.as_deref().map_or(0, |f| f.chars().count());
        prop_assert!(chars <= 1200, "{chars} characters shown");
    }
    Ok(())
}

fn test_result(
    outcome: Result<super::Minted, super::MintFailure>,
    spec: &MintSpec,
    sent: &SentSecrets,
    status: u16,
) -> result::TestResult {
    let attempt = Attempt {
        outcome,
        request: None,
        http_status: Some(status),
        server_clock_ahead: None,
    };
    let attempt = finish(attempt, spec, sent);
    result::build("any", "any", attempt, Duration::ZERO)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_server_answer_gives_a_result_without_the_secrets(reply in reply()) {
        let f = &*FIXTURE;
        let read = token_response::read(&reply, Some("read"));
        check(&test_result(read, &f.oauth, &f.sent, reply.status))?;

        let redirect = Err(redirect_refused(&f.url, reply.status, &reply.headers));
        check(&test_result(redirect, &f.oauth, &f.sent, reply.status))?;

        if let Ok(Value::Object(doc)) = serde_json::from_slice::<Value>(&reply.body) {
            let issuer = "https://idp.example";
            let issuer_url = Url::parse(issuer).expect("a valid URL");
            let found = discovery::read(&doc, issuer, &issuer_url, reply.status);
            if let Ok(found) = found {
                prop_assert!(found.token_endpoint.starts_with("https://"));
            }
        }

        let target = &*GITHUB_TARGET;
        let token = github::read_token(&reply, target);
        check(&test_result(token, &f.github, &f.sent, reply.status))?;
        let refused = Err(github::api_failure(&reply, target, "GET /app"));
        check(&test_result(refused, &f.github, &f.sent, reply.status))?;
        let skew = github::clock_complaint(&reply).unwrap_or_default();
        let claims = github::app_claims("42", time::OffsetDateTime::now_utc().unix_timestamp(), skew);
        let lifetime = claims["exp"].as_i64().zip(claims["iat"].as_i64()).map(|(e, i)| e - i);
        prop_assert_eq!(lifetime, Some(600));
    }
}

#[test]
fn a_masked_value_is_shown_as_the_fixed_mask() {
    let f = &*FIXTURE;
    let reply = Reply {
        status: 401,
        headers: HeaderMap::new(),
        body: json!({ "error": "invalid_client", "error_description": format!("bad {SECRET}") })
            .to_string()
            .into_bytes(),
    };
    let result = test_result(token_response::read(&reply, None), &f.oauth, &f.sent, 401);
    assert_eq!(result.error_description, Some(format!("bad {MASK}")));
}
