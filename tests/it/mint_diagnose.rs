//! A failed Test diagnosed against a real local token server: its clock (Date header) and its
//! published metadata name the cause, and the offered fix, applied, makes the Test pass.

use crate::mint_client_credentials::{client_credentials, http, spec};
use crate::token_server::{CLIENT_SECRET, TokenServer, key};
use keystead::credentials::mint::{
    self, AssertionAudience, ClientAuthMethod, DiagnosisKind, GrantSpec, SigningAlgorithm,
    TestResult,
};
use secrecy::SecretString;
use std::sync::atomic::Ordering;
use std::time::Duration;

async fn test(grant: GrantSpec) -> TestResult {
    mint::test(&http(), &spec(grant), "ci", "oauth2_client_credentials").await
}

fn with_scope(mut grant: GrantSpec, wanted: &str) -> GrantSpec {
    if let GrantSpec::ClientCredentials { scope, .. } = &mut grant {
        *scope = Some(wanted.to_owned());
    }
    grant
}

#[tokio::test]
async fn a_refused_auth_method_is_switched_to_one_the_metadata_lists() {
    let server = TokenServer::start().await;
    *server.state.auth_methods.lock().unwrap() = Some(vec!["client_secret_post"]);
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    let result = test(grant).await;
    assert!(!result.ok);
    assert_eq!(result.error.unwrap(), "invalid_client");
    let [diagnosis] = result.diagnoses.as_slice() else {
        panic!("one diagnosis expected: {:?}", result.diagnoses);
    };
    assert_eq!(diagnosis.kind, DiagnosisKind::AuthMethod);
    assert!(
        diagnosis
            .finding
            .contains("accepts client_secret_post, not client_secret_basic"),
        "{}",
        diagnosis.finding
    );
    let fix = diagnosis.fix.as_ref().unwrap();
    assert_eq!(
        (fix.input.as_str(), fix.value.as_str()),
        ("auth_method", "client_secret_post")
    );

    let fixed = client_credentials(
        server.url("/token"),
        fix.value.parse().unwrap(),
        CLIENT_SECRET,
    );
    assert!(test(fixed).await.ok, "the offered fix works");
}

#[tokio::test]
async fn a_wrong_secret_with_an_accepted_method_is_not_blamed_on_the_method() {
    let server = TokenServer::start().await;
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, "wrong");
    let result = test(grant).await;
    assert_eq!(result.error.unwrap(), "invalid_client");
    assert!(result.diagnoses.is_empty(), "{:?}", result.diagnoses);
}

#[tokio::test]
async fn unpublished_scopes_are_named_and_dropping_them_works() {
    let server = TokenServer::start().await;
    let base = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    let result = test(with_scope(base.clone(), "read admin")).await;
    assert_eq!(result.error.unwrap(), "invalid_scope");
    let diagnosis = &result.diagnoses[0];
    assert_eq!(diagnosis.kind, DiagnosisKind::Scope);
    assert!(
        diagnosis
            .finding
            .contains("1 of the requested scopes: admin"),
        "{}",
        diagnosis.finding
    );
    assert!(
        diagnosis
            .facts
            .iter()
            .any(|f| f.ends_with("scopes_supported: read write"))
    );
    let fix = diagnosis.fix.as_ref().unwrap();
    assert_eq!((fix.input.as_str(), fix.value.as_str()), ("scope", "read"));
    assert!(test(with_scope(base, &fix.value)).await.ok);
}

#[tokio::test]
async fn a_clock_ten_minutes_off_is_named_for_signed_assertions_only() {
    let server = TokenServer::start().await;
    server.state.clock_offset.store(600, Ordering::SeqCst);
    let signed = client_credentials(server.url("/token"), ClientAuthMethod::Jwt, CLIENT_SECRET);
    let result = test(signed).await;
    assert_eq!(result.error.unwrap(), "invalid_client");
    let clock = result
        .diagnoses
        .iter()
        .find(|d| d.kind == DiagnosisKind::ClockSkew)
        .unwrap_or_else(|| panic!("no clock diagnosis: {:?}", result.diagnoses));
    // The Date header has one-second resolution and the exchange takes a moment.
    assert!(
        clock.finding.contains("10 min 0 s behind") || clock.finding.contains("9 min 59 s behind"),
        "{}",
        clock.finding
    );
    assert!(clock.fix.is_none());

    let secret = client_credentials(server.url("/token"), ClientAuthMethod::Basic, "wrong");
    let result = test(secret).await;
    assert!(
        result
            .diagnoses
            .iter()
            .all(|d| d.kind != DiagnosisKind::ClockSkew)
    );
}

#[tokio::test]
async fn a_refused_assertion_audience_is_replaced_by_the_servers_issuer() {
    let server = TokenServer::start().await;
    let grant = |audience: AssertionAudience| GrantSpec::PrivateKeyJwt {
        token_url: server.url("/token"),
        issuer: None,
        client_id: "pk-client".into(),
        private_key: SecretString::from(key("rsa_pkcs8.pem")),
        key_id: None,
        algorithm: SigningAlgorithm::Rs256,
        assertion_audience: audience,
        assertion_lifetime: Duration::from_secs(60),
        scope: None,
        audience: None,
        resource: None,
    };
    let result = test(grant(AssertionAudience::Url(
        "https://elsewhere.example/".into(),
    )))
    .await;
    assert_eq!(result.error.unwrap(), "invalid_client");
    let [diagnosis] = result.diagnoses.as_slice() else {
        panic!("one diagnosis expected: {:?}", result.diagnoses);
    };
    assert_eq!(diagnosis.kind, DiagnosisKind::Audience);
    assert!(
        diagnosis
            .facts
            .contains(&"the assertion's aud: https://elsewhere.example/".to_owned())
    );
    let fix = diagnosis.fix.as_ref().unwrap();
    assert_eq!(
        (fix.input.as_str(), fix.value.as_str()),
        ("assertion_audience", server.base.as_str())
    );
    assert!(
        test(grant(AssertionAudience::Url(fix.value.clone())))
            .await
            .ok
    );
}

#[tokio::test]
async fn a_passing_test_is_not_diagnosed_and_fetches_no_metadata() {
    let server = TokenServer::start().await;
    server.state.clock_offset.store(600, Ordering::SeqCst);
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    let result = test(with_scope(grant, "read")).await;
    assert!(result.ok && result.diagnoses.is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn metadata_that_echoes_the_client_secret_is_scrubbed() {
    let server = TokenServer::start().await;
    server.answer(
        "/token",
        400,
        &[("content-type", "application/json")],
        r#"{"error":"invalid_scope"}"#,
    );
    server.answer_json(
        "/.well-known/openid-configuration",
        serde_json::json!({
            "issuer": server.base,
            "token_endpoint": server.url("/token"),
            "scopes_supported": ["read", CLIENT_SECRET],
        }),
    );
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    let result = test(with_scope(grant, "read admin")).await;
    let shown = serde_json::to_string(&result.diagnoses).unwrap();
    assert!(shown.contains("scopes_supported"), "{shown}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
}

#[tokio::test]
async fn a_server_without_metadata_gets_a_bounded_search_and_no_invented_fix() {
    let server = TokenServer::start().await;
    server.answer(
        "/oauth2/v1/token",
        400,
        &[("content-type", "application/json")],
        r#"{"error":"invalid_scope"}"#,
    );
    let grant = client_credentials(
        server.url("/oauth2/v1/token"),
        ClientAuthMethod::Basic,
        CLIENT_SECRET,
    );
    let result = test(with_scope(grant, "admin")).await;
    assert_eq!(result.error.unwrap(), "invalid_scope");
    assert!(result.diagnoses.is_empty(), "{:?}", result.diagnoses);
    // The token request, then the two well-known documents of each candidate issuer
    // (/oauth2/v1, /oauth2 and the origin): never more.
    let lookups = server.requests().len() - 1;
    assert!(lookups <= 6, "{lookups} metadata requests");
}
