//! Token lifetimes stated badly by a server: a mint never panics on them, an absurd lifetime is
//! clamped to ten years (and the Test result says so), a value that is not a number of seconds is
//! set aside, and a JWT `exp` far in the past or future is handled.

use crate::mint_client_credentials::{client_credentials, http, spec};
use crate::mint_github::github;
use crate::support::{admin, open, set};
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use keystead::api::dto::AuditFilter;
use keystead::credentials::definition::CredentialDefinition;
use keystead::credentials::mint::{self, ClientAuthMethod, ExpirySource, TestResult};
use serde_json::{Value, json};
use time::OffsetDateTime;

const TEN_YEARS: u64 = 10 * 365 * 24 * 3600;

/// Tests a client_credentials mint against `/token` answering `body` with HTTP 200.
async fn test_with_answer(body: Value) -> TestResult {
    let server = TokenServer::start().await;
    server.answer_json("/token", body);
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    mint::test(&http(), &spec(grant), "odd", "oauth2_client_credentials").await
}

fn expires_at(result: &TestResult) -> OffsetDateTime {
    let raw = result.expires_at.as_deref().expect("expires_at is set");
    OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339).unwrap()
}

fn jwt_with_exp(exp: Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(json!({ "sub": "svc", "exp": exp }).to_string());
    format!("{header}.{payload}.c2lnbmF0dXJl")
}

#[tokio::test]
async fn huge_expires_in_is_clamped_to_ten_years_and_the_test_says_so() {
    let result = test_with_answer(json!({
        "access_token": "tok-with-a-huge-lifetime",
        "token_type": "Bearer",
        "expires_in": 99_999_999_999_999_u64,
    }))
    .await;
    assert!(result.ok, "{result:?}");
    assert_eq!(result.expires_in, Some(TEN_YEARS));
    let left = expires_at(&result) - OffsetDateTime::now_utc();
    assert!(
        (TEN_YEARS as i64 - 60..=TEN_YEARS as i64).contains(&left.whole_seconds()),
        "{left}"
    );
    let hint = result.hint.unwrap_or_default();
    assert!(hint.contains("clamped"), "{hint}");
}

#[tokio::test]
async fn expires_in_of_any_shape_never_panics() {
    // (stated expires_in, expected expires_in, whether the hint says it was set aside or clamped)
    let cases = [
        // Below zero: already expired (and so never served from the cache).
        (json!(-1), 0, true),
        (json!(-99_999_999_999_999_i64), 0, true),
        (json!(u64::MAX), TEN_YEARS, true),
        (json!(90.7), 90, false),
        (json!(1e300), TEN_YEARS, true),
        (json!(-1e300), 0, true),
        (json!("120"), 120, false),
        (json!(" 99999999999999999999999 "), TEN_YEARS, true),
        (json!("-5"), 0, true),
        (json!("soon"), mint::DEFAULT_EXPIRES_IN, true),
        (json!("NaN"), mint::DEFAULT_EXPIRES_IN, true),
        (json!(true), mint::DEFAULT_EXPIRES_IN, true),
        (json!({ "seconds": 60 }), mint::DEFAULT_EXPIRES_IN, true),
        (json!(null), mint::DEFAULT_EXPIRES_IN, false),
    ];
    for (stated, expected, noted) in cases {
        let result = test_with_answer(json!({
            "access_token": "opaque-token-value",
            "expires_in": stated,
        }))
        .await;
        assert!(result.ok, "{stated}: {result:?}");
        assert_eq!(result.expires_in, Some(expected), "{stated}");
        assert_eq!(result.hint.is_some(), noted, "{stated}: {:?}", result.hint);
        expires_at(&result);
    }
}

#[tokio::test]
async fn jwt_exp_far_in_the_future_is_clamped_and_in_the_past_is_expired() {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let cases = [
        (json!(i64::MAX), TEN_YEARS),
        (json!(253_402_300_800_i64 * 10), TEN_YEARS),
        (json!(1e30), TEN_YEARS),
        (json!(now - 100), 0),
        (json!(i64::MIN), 0),
        (json!(-1e30), 0),
    ];
    for (exp, expected) in cases {
        let result = test_with_answer(json!({ "access_token": jwt_with_exp(exp.clone()) })).await;
        assert!(result.ok, "{exp}: {result:?}");
        assert_eq!(result.expires_in, Some(expected), "{exp}");
        assert!(result.hint.is_some(), "{exp}: the odd exp is explained");
        let at = expires_at(&result);
        if expected == 0 {
            assert!(at <= OffsetDateTime::now_utc(), "{exp}: {at}");
        }
    }
}

#[tokio::test]
async fn github_expires_at_out_of_range_is_clamped() {
    let server = TokenServer::start().await;
    for (stated, expected) in [
        ("9999-12-31T23:59:59Z", TEN_YEARS),
        ("0001-01-01T00:00:00Z", 0),
    ] {
        server.answer(
            "/app/installations/777/access_tokens",
            201,
            &[("content-type", "application/json")],
            json!({ "token": "ghs_odd", "expires_at": stated }).to_string(),
        );
        let result = mint::test(&http(), &spec(github(&server)), "gh", "github_app").await;
        assert!(result.ok, "{stated}: {result:?}");
        assert_eq!(result.expires_in, Some(expected), "{stated}");
        assert!(result.hint.is_some(), "{stated}");
    }
}

#[tokio::test]
async fn a_timeout_too_long_to_add_to_the_clock_does_not_panic() {
    let server = TokenServer::start().await;
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    let spec = mint::MintSpec {
        grant,
        timeout: std::time::Duration::MAX,
    };
    assert!(mint::mint(&http(), &spec).await.is_ok());
    let found = mint::discover(&http(), &server.base, std::time::Duration::MAX).await;
    assert!(found.is_ok(), "{found:?}");
}

#[tokio::test]
async fn minted_expiry_source_stays_expires_in_when_clamped() {
    let server = TokenServer::start().await;
    server.answer_json(
        "/token",
        json!({ "access_token": "tok", "expires_in": 99_999_999_999_999_u64 }),
    );
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    let minted = mint::mint(&http(), &spec(grant)).await.unwrap();
    assert_eq!(
        (minted.expires_in, minted.expiry_source),
        (Some(TEN_YEARS), ExpirySource::ExpiresIn)
    );
}

#[tokio::test]
async fn credential_token_and_test_with_a_huge_expires_in_are_served_and_audited() {
    let server = TokenServer::start().await;
    server.answer_json(
        "/token",
        json!({ "access_token": "tok-long-lived", "expires_in": 99_999_999_999_999_u64 }),
    );
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "company", "IDP_SECRET", CLIENT_SECRET)
        .await
        .unwrap();
    let inputs = json!({
        "token_url": server.url("/token"),
        "client_id": CLIENT_ID,
        "client_secret": "{{ secret('IDP_SECRET') }}",
    });
    let definition = CredentialDefinition {
        namespace: Some("company".into()),
        name: "idp".into(),
        type_id: "oauth2_client_credentials".into(),
        description: String::new(),
        inputs: inputs.as_object().unwrap().clone(),
        settings: Default::default(),
    };
    k.credential_apply(&admin(), "main", definition)
        .await
        .unwrap();
    let tested = k
        .credential_test(&admin(), "main", Some("company"), "idp")
        .await
        .unwrap();
    assert!(tested.ok, "{tested:?}");
    for _ in 0..2 {
        let token = k
            .credential_token(&admin(), "main", Some("company"), "idp")
            .await
            .unwrap();
        assert_eq!(token.access_token, "tok-long-lived");
    }
    let details = |action: &'static str| {
        let k = &k;
        async move {
            k.audit_list(
                &admin(),
                AuditFilter {
                    tenant: "main".into(),
                    action: Some(action.into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.detail)
            .collect::<Vec<_>>()
        }
    };
    assert_eq!(details("credential.test").await, ["ok"]);
    let mut tokens = details("credential.token").await;
    tokens.sort();
    assert_eq!(tokens, ["minted", "served from cache"]);
}
