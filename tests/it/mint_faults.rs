//! Misbehaving endpoints: every fault ends within the configured timeout with its code, and no
//! secret reaches a failure or a Test result.

use crate::mint_client_credentials::{client_credentials, http};
use crate::token_server::{CLIENT_SECRET, TokenServer};
use keystead::credentials::mint::{self, ClientAuthMethod, ExpirySource, MintFailure, MintSpec};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_millis(300);

/// Mints against `url` with a 300 ms budget and checks the budget held. The slack allows for a
/// loaded 2-core CI machine; what it rules out is a mint that runs on to the server's pace.
async fn mint_fault(url: String) -> Result<mint::Minted, MintFailure> {
    let spec = MintSpec {
        grant: client_credentials(url, ClientAuthMethod::Basic, CLIENT_SECRET),
        timeout: TIMEOUT,
    };
    let started = Instant::now();
    let outcome = mint::mint(&http(), &spec).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed < TIMEOUT + Duration::from_millis(1000),
        "took {elapsed:?}"
    );
    if let Err(failure) = &outcome {
        let shown = format!("{failure} {failure:?}");
        assert!(
            !shown.contains(CLIENT_SECRET) && !shown.contains("Basic "),
            "{shown}"
        );
        assert!(
            failure.hint.is_some(),
            "every failure carries a hint: {failure:?}"
        );
    }
    outcome
}

#[tokio::test]
async fn html_500_reports_bad_response_with_the_status() {
    let server = TokenServer::start().await;
    let failure = mint_fault(server.url("/fault/html500")).await.unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.http_status),
        ("bad_response", Some(500))
    );
    assert!(!failure.is_client_error);
    let description = failure.error_description.unwrap();
    assert!(description.contains("text/html"), "{description}");
    assert!(
        !description.contains("Internal error"),
        "the body is not echoed"
    );
}

#[tokio::test]
async fn hanging_server_times_out_within_the_configured_timeout() {
    let server = TokenServer::start().await;
    let failure = mint_fault(server.url("/fault/hang")).await.unwrap_err();
    assert_eq!(failure.code, "timeout");
    assert!(failure.hint.unwrap().contains("300 ms"));
}

#[tokio::test]
async fn fifty_megabyte_body_is_cut_at_one_mebibyte() {
    let server = TokenServer::start().await;
    let failure = mint_fault(server.url("/fault/huge")).await.unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.http_status),
        ("body_too_large", Some(200))
    );
}

#[tokio::test]
async fn invalid_json_reports_bad_response() {
    let server = TokenServer::start().await;
    let failure = mint_fault(server.url("/fault/invalid-json"))
        .await
        .unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.http_status),
        ("bad_response", Some(200))
    );
}

#[tokio::test]
async fn ok_without_access_token_reports_bad_response() {
    let server = TokenServer::start().await;
    let failure = mint_fault(server.url("/fault/no-access-token"))
        .await
        .unwrap_err();
    assert_eq!(failure.code, "bad_response");
    assert!(failure.error_description.unwrap().contains("access_token"));
}

#[tokio::test]
async fn missing_expires_in_falls_back_to_the_jwt_exp() {
    let server = TokenServer::start().await;
    let minted = mint_fault(server.url("/fault/jwt-without-expires-in"))
        .await
        .unwrap();
    assert_eq!(minted.expiry_source, ExpirySource::JwtExp);
    let expires_in = minted.expires_in.unwrap();
    assert!((1230..=1234).contains(&expires_in), "{expires_in}");
    let claims = minted.claims.unwrap();
    assert_eq!(claims["header"]["kid"], "srv");
    assert_eq!(claims["payload"]["scope"], "read");
}

#[tokio::test]
async fn missing_expiry_everywhere_uses_the_stated_default() {
    let server = TokenServer::start().await;
    let minted = mint_fault(server.url("/fault/opaque-without-expiry"))
        .await
        .unwrap();
    assert_eq!(minted.expiry_source, ExpirySource::Default);
    assert_eq!(minted.expires_in, Some(mint::DEFAULT_EXPIRES_IN));
    assert!(minted.claims.is_none());
}

#[tokio::test]
async fn form_encoded_token_response_is_accepted() {
    let server = TokenServer::start().await;
    let minted = mint_fault(server.url("/fault/form-encoded")).await.unwrap();
    assert_eq!(
        (minted.token_type.as_str(), minted.expires_in),
        ("bearer", Some(60))
    );
}

#[tokio::test]
async fn redirect_is_refused_naming_the_target_which_receives_nothing() {
    let server = TokenServer::start().await;
    let elsewhere = TokenServer::start().await;
    *server.state.redirect_to.lock().unwrap() = elsewhere.url("/token");
    let failure = mint_fault(server.url("/fault/redirect")).await.unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.http_status),
        ("redirect_refused", Some(307))
    );
    assert!(
        failure
            .error_description
            .unwrap()
            .contains(&elsewhere.url("/token"))
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        elsewhere.requests().is_empty(),
        "nothing may reach the redirect target"
    );
}

#[tokio::test]
async fn closed_port_reports_connect_failed() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/token", listener.local_addr().unwrap());
    drop(listener);
    let failure = mint_fault(url).await.unwrap_err();
    assert_eq!(failure.code, "connect_failed");
    assert!(failure.hint.unwrap().contains("check the URL and port"));
}

#[tokio::test]
async fn https_to_a_plain_http_server_reports_tls_error() {
    let server = TokenServer::start().await;
    let url = server.url("/token").replacen("http://", "https://", 1);
    let failure = mint_fault(url).await.unwrap_err();
    assert_eq!(failure.code, "tls_error", "{failure:?}");
}

#[tokio::test]
async fn non_http_url_is_invalid_config() {
    let failure = mint_fault("file:///etc/passwd".into()).await.unwrap_err();
    assert_eq!(failure.code, "invalid_config");
}

#[tokio::test]
async fn failed_test_result_carries_code_description_hint_and_masked_request() {
    let server = TokenServer::start().await;
    let spec = MintSpec {
        grant: client_credentials(
            server.url("/token"),
            ClientAuthMethod::Post,
            "CANARY-wrong-secret-7f3a",
        ),
        timeout: TIMEOUT,
    };
    let result = mint::test(&http(), &spec, "reports", "oauth2_client_credentials").await;
    assert!(!result.ok);
    assert_eq!(
        result
            .error
            .map(keystead::credentials::mint::MintErrorCode::as_str),
        Some("invalid_client")
    );
    assert_eq!(result.http_status, Some(401));
    assert!(
        result
            .hint
            .as_deref()
            .unwrap()
            .contains("client_secret_basic")
    );
    assert!(result.token_preview.is_none());
    let text = serde_json::to_string(&result).unwrap();
    assert!(!text.contains("CANARY"), "{text}");
    assert!(result.request.is_some());
}

#[tokio::test]
async fn discovery_falls_back_to_openid_configuration() {
    let server = TokenServer::start().await;
    let found = mint::discover(&http(), &server.base, TIMEOUT)
        .await
        .unwrap();
    assert_eq!(found.token_endpoint, server.url("/token"));
    assert_eq!(found.issuer, server.base);
    assert!(
        found
            .token_endpoint_auth_methods_supported
            .contains(&"private_key_jwt".into())
    );
    assert_eq!(
        found.token_endpoint_auth_signing_alg_values_supported,
        ["RS256", "ES256"]
    );
    let paths: Vec<_> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/.well-known/oauth-authorization-server",
            "/.well-known/openid-configuration"
        ]
    );
}

#[tokio::test]
async fn discovery_without_metadata_reports_bad_response() {
    let server = TokenServer::start().await;
    let issuer = format!("{}/tenant", server.base);
    let failure = mint::discover(&http(), &issuer, TIMEOUT).await.unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.http_status),
        ("bad_response", Some(404))
    );
    assert!(failure.hint.unwrap().contains("set token_url"));
}

#[tokio::test]
async fn discovery_refuses_a_document_naming_another_issuer() {
    let server = TokenServer::start().await;
    // Same server, other name: the document says 127.0.0.1, we asked for localhost (RFC 8414 §3.3).
    let issuer = server.base.replacen("127.0.0.1", "localhost", 1);
    let failure = mint::discover(&http(), &issuer, TIMEOUT).await.unwrap_err();
    assert_eq!(failure.code, "bad_response");
    assert!(failure.error_description.unwrap().contains("names issuer"));
}
