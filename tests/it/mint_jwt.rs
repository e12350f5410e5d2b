//! private_key_jwt client authentication and the JWT-bearer grant, verified by the local server.

use crate::mint_client_credentials::{http, spec};
use crate::token_server::{
    BEARER_ISSUER, CLIENT_ID, CLIENT_SECRET, MAX_ASSERTION_LIFETIME, TokenServer, key,
};
use jsonwebtoken::Algorithm;
use keystead::credentials::mint::{self, AssertionAudience, GrantSpec, SigningAlgorithm};
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;

fn private_key_jwt(server: &TokenServer, key_file: &str, algorithm: SigningAlgorithm) -> GrantSpec {
    GrantSpec::PrivateKeyJwt {
        token_url: server.url("/token"),
        issuer: Some(server.base.clone()),
        client_id: "pk-client".into(),
        private_key: SecretString::from(key(key_file)),
        key_id: Some("key-2026".into()),
        algorithm,
        assertion_audience: AssertionAudience::TokenEndpoint,
        assertion_lifetime: Duration::from_secs(60),
        scope: Some("read".into()),
        audience: None,
        resource: None,
    }
}

fn jwt_bearer(server: &TokenServer) -> GrantSpec {
    let mut extra_claims = serde_json::Map::new();
    extra_claims.insert("tenant".into(), json!("acme"));
    GrantSpec::JwtBearer {
        token_url: server.url("/token"),
        assertion_issuer: BEARER_ISSUER.into(),
        subject: "reports@acme.example".into(),
        assertion_audience: None,
        private_key: SecretString::from(key("rsa_pkcs8.pem")),
        key_id: None,
        algorithm: SigningAlgorithm::Rs256,
        assertion_lifetime: Duration::from_secs(60),
        extra_claims,
        scope: Some("reports.read".into()),
        client_id: None,
        client_secret: None,
    }
}

#[tokio::test]
async fn private_key_jwt_assertion_has_the_required_claims_and_kid() {
    let server = TokenServer::start().await;
    let grant = private_key_jwt(&server, "rsa_pkcs8.pem", SigningAlgorithm::Rs256);
    mint::mint(&http(), &spec(grant)).await.unwrap();
    let (header, claims) = server.last_assertion();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.kid.as_deref(), Some("key-2026"));
    assert_eq!(claims["iss"], "pk-client");
    assert_eq!(claims["sub"], "pk-client");
    assert_eq!(claims["aud"], server.url("/token"));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        60
    );
    let sent = &server.requests()[0];
    assert!(
        !sent.headers.contains_key("authorization"),
        "exactly one auth method"
    );
    assert!(!sent.form.contains_key("client_secret"));
    assert_eq!(
        sent.form["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
}

#[tokio::test]
async fn every_supported_algorithm_signs_an_assertion_the_server_verifies() {
    let server = TokenServer::start().await;
    for (file, algorithm, expected) in [
        ("rsa_pkcs8.pem", SigningAlgorithm::Rs256, Algorithm::RS256),
        ("rsa_pkcs8.pem", SigningAlgorithm::Ps256, Algorithm::PS256),
        (
            "ec_p256_pkcs8.pem",
            SigningAlgorithm::Es256,
            Algorithm::ES256,
        ),
        (
            "ed25519_pkcs8.pem",
            SigningAlgorithm::EdDsa,
            Algorithm::EdDSA,
        ),
    ] {
        let grant = private_key_jwt(&server, file, algorithm);
        let minted = mint::mint(&http(), &spec(grant)).await;
        assert!(minted.is_ok(), "{expected:?}: {:?}", minted.err());
        assert_eq!(server.last_assertion().0.alg, expected);
    }
}

#[tokio::test]
async fn pkcs1_rsa_key_is_accepted() {
    let server = TokenServer::start().await;
    let mut grant = private_key_jwt(&server, "rsa2_pkcs1.pem", SigningAlgorithm::Rs256);
    if let GrantSpec::PrivateKeyJwt {
        key_id,
        private_key,
        ..
    } = &mut grant
    {
        assert!(
            secrecy::ExposeSecret::expose_secret(private_key).contains("BEGIN RSA PRIVATE KEY")
        );
        *key_id = Some("pkcs1-key".into());
    }
    mint::mint(&http(), &spec(grant)).await.unwrap();
}

#[tokio::test]
async fn es256_with_a_sec1_key_is_refused_before_sending() {
    let server = TokenServer::start().await;
    let grant = private_key_jwt(&server, "ec_p256_sec1.pem", SigningAlgorithm::Es256);
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_config");
    assert!(failure.error_description.unwrap().contains("PKCS#8"));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn key_that_does_not_match_the_algorithm_is_invalid_config() {
    let server = TokenServer::start().await;
    for (file, algorithm) in [
        ("rsa_pkcs8.pem", SigningAlgorithm::Es256),
        ("ec_p256_pkcs8.pem", SigningAlgorithm::Rs256),
        ("rsa_pkcs8.pem", SigningAlgorithm::EdDsa),
    ] {
        let grant = private_key_jwt(&server, file, algorithm);
        let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
        assert_eq!(failure.code, "invalid_config", "{file} as {algorithm:?}");
        assert!(!failure.to_string().contains("PRIVATE KEY"));
    }
    assert!(server.requests().is_empty());
}

#[test]
fn none_and_hs256_are_refused_for_private_key_jwt() {
    for raw in ["none", "HS256"] {
        let failure = raw.parse::<SigningAlgorithm>().unwrap_err();
        assert_eq!(failure.code, "invalid_config");
        assert!(failure.error_description.unwrap().contains(raw));
    }
}

#[tokio::test]
async fn each_mint_uses_a_fresh_jti() {
    // The server refuses a replayed jti, so two successes already prove freshness; compare too.
    let server = TokenServer::start().await;
    let grant = private_key_jwt(&server, "ec_p256_pkcs8.pem", SigningAlgorithm::Es256);
    mint::mint(&http(), &spec(grant.clone())).await.unwrap();
    let first = server.last_assertion().1["jti"].clone();
    mint::mint(&http(), &spec(grant)).await.unwrap();
    let second = server.last_assertion().1["jti"].clone();
    assert_ne!(first, second);
}

#[tokio::test]
async fn assertion_audience_can_be_the_issuer() {
    let server = TokenServer::start().await;
    let mut grant = private_key_jwt(&server, "rsa_pkcs8.pem", SigningAlgorithm::Rs256);
    if let GrantSpec::PrivateKeyJwt {
        assertion_audience, ..
    } = &mut grant
    {
        *assertion_audience = AssertionAudience::Issuer;
    }
    mint::mint(&http(), &spec(grant)).await.unwrap();
    assert_eq!(server.last_assertion().1["aud"], server.base);
}

#[tokio::test]
async fn wrong_assertion_audience_reports_invalid_client_with_audience_hint() {
    let server = TokenServer::start().await;
    let mut grant = private_key_jwt(&server, "rsa_pkcs8.pem", SigningAlgorithm::Rs256);
    if let GrantSpec::PrivateKeyJwt {
        assertion_audience, ..
    } = &mut grant
    {
        *assertion_audience = AssertionAudience::Url("https://elsewhere.example/token".into());
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_client");
    assert!(failure.error_description.unwrap().contains("aud"));
    assert!(failure.hint.unwrap().contains("assertion audience"));
}

#[tokio::test]
async fn assertion_lifetime_sets_exp_and_a_long_one_is_refused() {
    let server = TokenServer::start().await;
    let mut grant = private_key_jwt(&server, "rsa_pkcs8.pem", SigningAlgorithm::Rs256);
    if let GrantSpec::PrivateKeyJwt {
        assertion_lifetime, ..
    } = &mut grant
    {
        *assertion_lifetime = Duration::from_secs(120);
    }
    mint::mint(&http(), &spec(grant.clone())).await.unwrap();
    let claims = server.last_assertion().1;
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );

    let too_long = MAX_ASSERTION_LIFETIME as u64 + 60;
    if let GrantSpec::PrivateKeyJwt {
        assertion_lifetime, ..
    } = &mut grant
    {
        *assertion_lifetime = Duration::from_secs(too_long);
    }
    let failure = mint::mint(&http(), &spec(grant.clone())).await.unwrap_err();
    assert_eq!(
        failure.code, "invalid_client",
        "the server caps assertion lifetime"
    );

    if let GrantSpec::PrivateKeyJwt {
        assertion_lifetime, ..
    } = &mut grant
    {
        *assertion_lifetime = Duration::from_secs(7200);
    }
    assert_eq!(
        mint::mint(&http(), &spec(grant)).await.unwrap_err().code,
        "invalid_config"
    );
}

#[tokio::test]
async fn jwt_bearer_grant_sends_a_signed_assertion_with_extra_claims() {
    let server = TokenServer::start().await;
    let minted = mint::mint(&http(), &spec(jwt_bearer(&server)))
        .await
        .unwrap();
    assert_eq!(minted.scope_granted.as_deref(), Some("reports.read"));
    let sent = &server.requests()[0];
    assert_eq!(
        sent.form["grant_type"],
        "urn:ietf:params:oauth:grant-type:jwt-bearer"
    );
    assert!(!sent.headers.contains_key("authorization"));
    let claims = server.last_assertion().1;
    assert_eq!(claims["iss"], BEARER_ISSUER);
    assert_eq!(claims["sub"], "reports@acme.example");
    assert_eq!(claims["aud"], server.url("/token"));
    assert_eq!(claims["tenant"], "acme");
}

#[tokio::test]
async fn jwt_bearer_with_client_secret_authenticates_by_basic_only() {
    let server = TokenServer::start().await;
    let mut grant = jwt_bearer(&server);
    if let GrantSpec::JwtBearer {
        client_id,
        client_secret,
        ..
    } = &mut grant
    {
        *client_id = Some(CLIENT_ID.into());
        *client_secret = Some(SecretString::from(CLIENT_SECRET));
    }
    mint::mint(&http(), &spec(grant.clone())).await.unwrap();
    let sent = &server.requests()[0];
    assert!(sent.headers["authorization"].starts_with("Basic "));
    assert!(!sent.form.contains_key("client_secret"));

    if let GrantSpec::JwtBearer { client_secret, .. } = &mut grant {
        *client_secret = Some(SecretString::from("wrong"));
    }
    assert_eq!(
        mint::mint(&http(), &spec(grant)).await.unwrap_err().code,
        "invalid_client"
    );
}

#[tokio::test]
async fn jwt_bearer_extra_claims_cannot_override_registered_claims() {
    let server = TokenServer::start().await;
    let mut grant = jwt_bearer(&server);
    if let GrantSpec::JwtBearer { extra_claims, .. } = &mut grant {
        extra_claims.insert("iss".into(), json!("someone-else"));
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_config");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn jwt_bearer_from_an_unknown_issuer_reports_invalid_grant_with_clock_hint() {
    let server = TokenServer::start().await;
    let mut grant = jwt_bearer(&server);
    if let GrantSpec::JwtBearer {
        assertion_issuer, ..
    } = &mut grant
    {
        *assertion_issuer = "stranger@elsewhere".into();
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_grant");
    assert_eq!(failure.http_status, Some(400));
    assert!(failure.hint.unwrap().contains("clock"));
}

#[tokio::test]
async fn test_result_masks_the_assertion() {
    let server = TokenServer::start().await;
    let result = mint::test(
        &http(),
        &spec(jwt_bearer(&server)),
        "robot",
        "oauth2_jwt_bearer",
    )
    .await;
    assert!(result.ok);
    let sent = &server.requests()[0].form["assertion"];
    let text = serde_json::to_string(&result).unwrap();
    assert!(!text.contains(sent.as_str()));
    assert!(
        !text.contains(&sent[..20]),
        "no part of the assertion is shown"
    );
    let body = result.request.unwrap().body;
    assert!(body.contains(&("assertion".into(), "••••••••".into())));
}
