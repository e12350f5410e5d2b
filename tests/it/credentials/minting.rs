//! Saved credentials tested and minted against the real local token server: a good and a broken
//! client secret, one mint shared by concurrent callers and dropped on edit, and a private-key JWT
//! credential that finds its token endpoint by discovery.

use super::definition;
use crate::support::{open, set};
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer, key};
use keystead::api::Keystead;
use keystead::api::dto::{AuditFilter, MintErrorCode};
use serde_json::{Value, json};

fn client_credentials(server: &TokenServer, secret_key: &str) -> Value {
    json!({
        "token_url": server.url("/token"),
        "client_id": CLIENT_ID,
        "client_secret": format!("{{{{ secret('{secret_key}') }}}}"),
        "scope": "reports:read",
    })
}

async fn with_client_secret(k: &Keystead, namespace: &str) {
    set(k, namespace, "OKTA_SECRET", CLIENT_SECRET)
        .await
        .unwrap();
    set(k, namespace, "WRONG_SECRET", "not-the-secret")
        .await
        .unwrap();
}

#[tokio::test]
async fn saved_credential_tests_ok_and_a_broken_secret_reports_invalid_client() {
    let server = TokenServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    with_client_secret(&k, "company").await;
    let inputs = client_credentials(&server, "OKTA_SECRET");
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(Some("company"), "okta", "oauth2_client_credentials", inputs),
    )
    .await
    .unwrap();
    let ok = k
        .credential_test(&crate::support::admin(), "main", Some("company"), "okta")
        .await
        .unwrap();
    assert!(ok.ok, "{ok:?}");
    assert_eq!(ok.http_status, Some(200));
    assert_eq!(ok.scope_requested.as_deref(), Some("reports:read"));
    let preview = ok.token_preview.clone().unwrap();
    assert!(preview.ends_with("••••••••"));
    let issued = server.issued();
    assert!(
        !issued.is_empty() && !preview.contains(&issued[0]),
        "never the full token"
    );

    let broken = client_credentials(&server, "WRONG_SECRET");
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(Some("company"), "okta", "oauth2_client_credentials", broken),
    )
    .await
    .unwrap();
    let failed = k
        .credential_test(&crate::support::admin(), "main", Some("company"), "okta")
        .await
        .unwrap();
    assert!(!failed.ok);
    assert_eq!(
        failed.error.map(MintErrorCode::as_str),
        Some("invalid_client")
    );
    assert!(
        failed
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("client_secret_post"),
        "{:?}",
        failed.hint
    );
    let request = serde_json::to_string(&failed.request).unwrap();
    assert!(
        !request.contains("not-the-secret"),
        "the request shown is redacted: {request}"
    );

    let tests = k
        .audit_list(
            &crate::support::admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("credential.test".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let details: Vec<_> = tests.iter().map(|e| e.detail.as_str()).collect();
    assert_eq!(details, ["failed: invalid_client", "ok"]);
}

#[tokio::test]
async fn tokens_are_cached_and_one_mint_serves_a_hundred_concurrent_callers() {
    let server = TokenServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    with_client_secret(&k, "company").await;
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(
            Some("company"),
            "okta",
            "oauth2_client_credentials",
            client_credentials(&server, "OKTA_SECRET"),
        ),
    )
    .await
    .unwrap();
    let admin = crate::support::admin();
    let calls = (0..100).map(|_| k.credential_token(&admin, "main", Some("company.team"), "okta"));
    let tokens = futures_util::future::join_all(calls).await;
    let first = tokens[0].as_ref().unwrap().access_token.clone();
    assert!(
        tokens
            .iter()
            .all(|t| t.as_ref().unwrap().access_token == first)
    );
    assert_eq!(server.issued(), vec![first.clone()], "exactly one mint");
    // Editing the credential invalidates its cached token.
    let mut edited = definition(
        Some("company"),
        "okta",
        "oauth2_client_credentials",
        client_credentials(&server, "OKTA_SECRET"),
    );
    edited.description = "edited".into();
    k.credential_apply(&crate::support::admin(), "main", edited)
        .await
        .unwrap();
    let again = k
        .credential_token(&crate::support::admin(), "main", Some("company"), "okta")
        .await
        .unwrap();
    assert_ne!(again.access_token, first);
    assert_eq!(server.issued().len(), 2);
}

#[tokio::test]
async fn private_key_jwt_credential_with_discovery_mints() {
    let server = TokenServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "company", "CLIENT_KEY", &key("rsa_pkcs8.pem"))
        .await
        .unwrap();
    let inputs = json!({
        "issuer": server.base,
        "client_id": CLIENT_ID,
        "private_key": "{{ secret('CLIENT_KEY') }}",
        "algorithm": "RS256",
    });
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(Some("company"), "pkjwt", "oauth2_private_key_jwt", inputs),
    )
    .await
    .unwrap();
    let result = k
        .credential_test(&crate::support::admin(), "main", Some("company"), "pkjwt")
        .await
        .unwrap();
    assert!(result.ok, "{result:?}");
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/.well-known/oauth-authorization-server",
            "/.well-known/openid-configuration",
            "/token"
        ]
    );
}
