//! client_credentials with a client secret: basic, post and client_secret_jwt against a real
//! local token endpoint.

use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};
use keystead::credentials::mint::{self, ClientAuthMethod, GrantSpec, HttpClient, MintSpec};
use secrecy::{ExposeSecret, SecretString};
use std::collections::BTreeMap;
use std::time::Duration;

pub fn http() -> HttpClient {
    HttpClient::new().unwrap()
}

pub fn spec(grant: GrantSpec) -> MintSpec {
    MintSpec {
        grant,
        timeout: Duration::from_secs(5),
    }
}

pub fn client_credentials(
    token_url: String,
    auth_method: ClientAuthMethod,
    secret: &str,
) -> GrantSpec {
    GrantSpec::ClientCredentials {
        token_url,
        client_id: CLIENT_ID.into(),
        client_secret: SecretString::from(secret.to_owned()),
        auth_method,
        scope: None,
        audience: None,
        resource: None,
        extra_params: BTreeMap::new(),
    }
}

#[tokio::test]
async fn basic_auth_form_encodes_id_and_secret_and_sends_nothing_else() {
    let server = TokenServer::start().await;
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    let minted = mint::mint(&http(), &spec(grant)).await.unwrap();
    assert_eq!(minted.access_token.expose_secret(), server.issued()[0]);
    assert_eq!(minted.expires_in, Some(300));
    assert_eq!(minted.expiry_source, mint::ExpirySource::ExpiresIn);
    let sent = &server.requests()[0];
    assert!(sent.headers["authorization"].starts_with("Basic "));
    assert!(!sent.form.contains_key("client_secret"));
    assert!(!sent.form.contains_key("client_assertion"));
    assert_eq!(sent.form["grant_type"], "client_credentials");
    assert!(sent.headers["user-agent"].starts_with("keystead/"));
}

#[tokio::test]
async fn post_auth_sends_credentials_in_the_body_only() {
    let server = TokenServer::start().await;
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Post, CLIENT_SECRET);
    mint::mint(&http(), &spec(grant)).await.unwrap();
    let sent = &server.requests()[0];
    assert!(!sent.headers.contains_key("authorization"));
    assert_eq!(sent.form["client_id"], CLIENT_ID);
    assert_eq!(sent.form["client_secret"], CLIENT_SECRET);
}

#[tokio::test]
async fn client_secret_jwt_sends_a_verified_hs256_assertion_only() {
    let server = TokenServer::start().await;
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Jwt, CLIENT_SECRET);
    mint::mint(&http(), &spec(grant)).await.unwrap();
    let sent = &server.requests()[0];
    assert!(!sent.headers.contains_key("authorization"));
    assert!(!sent.form.contains_key("client_secret"));
    assert!(sent.form.contains_key("client_assertion"));
    let (header, claims) = server.last_assertion();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::HS256);
    assert_eq!(claims["iss"], CLIENT_ID);
    assert_eq!(claims["sub"], CLIENT_ID);
    assert_eq!(claims["aud"], server.url("/token"));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        60
    );
}

#[tokio::test]
async fn wrong_secret_reports_invalid_client_and_suggests_post() {
    let server = TokenServer::start().await;
    let grant = client_credentials(
        server.url("/token"),
        ClientAuthMethod::Basic,
        "wrong-secret",
    );
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_client");
    assert_eq!(failure.http_status, Some(401));
    assert!(failure.is_client_error);
    assert_eq!(
        failure.error_description.as_deref(),
        Some("client authentication failed")
    );
    assert_eq!(
        failure.error_uri.as_deref(),
        Some("https://docs.example/errors")
    );
    assert!(failure.hint.unwrap().contains("try client_secret_post"));
}

#[tokio::test]
async fn wrong_secret_with_post_suggests_basic() {
    let server = TokenServer::start().await;
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Post, "wrong-secret");
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_client");
    assert!(failure.hint.unwrap().contains("try client_secret_basic"));
}

#[tokio::test]
async fn rejected_scope_reports_invalid_scope_naming_the_scope() {
    let server = TokenServer::start().await;
    let mut grant =
        client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    if let GrantSpec::ClientCredentials { scope, .. } = &mut grant {
        *scope = Some("read admin".into());
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_scope");
    assert!(
        failure
            .hint
            .unwrap()
            .contains("rejected scope \"read admin\"")
    );
}

#[tokio::test]
async fn scope_audience_resource_and_extra_params_are_sent() {
    let server = TokenServer::start().await;
    let mut grant =
        client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    if let GrantSpec::ClientCredentials {
        scope,
        audience,
        resource,
        extra_params,
        ..
    } = &mut grant
    {
        *scope = Some("read write".into());
        *audience = Some("https://api.example".into());
        *resource = Some("urn:api".into());
        extra_params.insert("tenant".into(), "acme".into());
    }
    let minted = mint::mint(&http(), &spec(grant)).await.unwrap();
    assert_eq!(minted.scope_requested.as_deref(), Some("read write"));
    assert_eq!(minted.scope_granted.as_deref(), Some("read write"));
    let form = &server.requests()[0].form;
    assert_eq!(form["scope"], "read write");
    assert_eq!(form["audience"], "https://api.example");
    assert_eq!(form["resource"], "urn:api");
    assert_eq!(form["tenant"], "acme");
}

#[tokio::test]
async fn extra_params_cannot_add_a_second_auth_method() {
    let server = TokenServer::start().await;
    let mut grant =
        client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    if let GrantSpec::ClientCredentials { extra_params, .. } = &mut grant {
        extra_params.insert("client_secret".into(), "x".into());
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_config");
    assert!(
        server.requests().is_empty(),
        "nothing is sent for a refused config"
    );
}

#[tokio::test]
async fn server_refuses_two_auth_methods_with_invalid_request() {
    // The test server must catch a client that sends two methods, or the tests above prove nothing.
    let server = TokenServer::start().await;
    let basic = keystead_basic();
    let response = reqwest::Client::new()
        .post(server.url("/token"))
        .header("Authorization", basic)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");
}

fn keystead_basic() -> String {
    use base64::Engine;
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", enc(CLIENT_ID), enc(CLIENT_SECRET));
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

#[tokio::test]
async fn unencoded_basic_credentials_are_refused_by_the_server() {
    // Proves the server checks §2.3.1 encoding: the raw colon in the client id breaks the split.
    use base64::Engine;
    let server = TokenServer::start().await;
    let raw =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    let response = reqwest::Client::new()
        .post(server.url("/token"))
        .header("Authorization", format!("Basic {raw}"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn test_result_masks_credentials_and_shows_only_a_token_preview() {
    let server = TokenServer::start().await;
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Basic, CLIENT_SECRET);
    let result = mint::test(
        &http(),
        &spec(grant),
        "reports",
        "oauth2_client_credentials",
    )
    .await;
    assert!(result.ok, "{result:?}");
    let token = &server.issued()[0];
    assert_eq!(
        result.token_preview.as_deref(),
        Some(format!("{}••••••••", &token[..6]).as_str())
    );
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["type"], "oauth2_client_credentials");
    assert_eq!(json["http_status"], 200);
    assert_eq!(json["expires_in"], 300);
    assert!(json["expires_at"].as_str().unwrap().ends_with('Z'));
    let request = &json["request"];
    assert_eq!(request["method"], "POST");
    assert_eq!(request["url"], server.url("/token"));
    let headers = request["headers"].as_array().unwrap();
    assert!(
        headers
            .iter()
            .any(|h| h[0] == "Authorization" && h[1] == "Basic ••••••••")
    );
    let text = json.to_string();
    for secret in [token.as_str(), CLIENT_SECRET, &keystead_basic()[6..]] {
        assert!(
            !text.contains(secret),
            "{secret} leaked into the Test result"
        );
    }
}

#[tokio::test]
async fn post_test_result_masks_the_secret_in_the_body() {
    let server = TokenServer::start().await;
    let grant = client_credentials(server.url("/token"), ClientAuthMethod::Post, CLIENT_SECRET);
    let result = mint::test(
        &http(),
        &spec(grant),
        "reports",
        "oauth2_client_credentials",
    )
    .await;
    let body = result.request.unwrap().body;
    assert!(body.contains(&("client_secret".into(), "••••••••".into())));
    assert!(body.contains(&("client_id".into(), CLIENT_ID.into())));
}
