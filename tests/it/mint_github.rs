//! GitHub App installation tokens against a local GitHub-like API.

use crate::mint_client_credentials::{http, spec};
use crate::token_server::{GITHUB_APP_ID, GITHUB_INSTALLATION, TokenServer, key};
use keystead::credentials::mint::{self, ExpirySource, GrantSpec};
use secrecy::{ExposeSecret, SecretString};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

pub fn github(server: &TokenServer) -> GrantSpec {
    GrantSpec::GitHubApp {
        api_url: server.base.clone(),
        app_id: GITHUB_APP_ID.into(),
        installation_id: GITHUB_INSTALLATION.into(),
        private_key: SecretString::from(key("rsa_pkcs8.pem")),
        repositories: Vec::new(),
        permissions: BTreeMap::new(),
    }
}

#[tokio::test]
async fn installation_token_is_minted_after_checking_the_app() {
    let server = TokenServer::start().await;
    let minted = mint::mint(&http(), &spec(github(&server))).await.unwrap();
    assert_eq!(minted.access_token.expose_secret(), server.issued()[0]);
    assert_eq!(minted.expiry_source, ExpirySource::ExpiresAt);
    assert!((3590..=3600).contains(&minted.expires_in.unwrap()));
    assert_eq!(
        minted.scope_granted.as_deref(),
        Some("contents:read metadata:read")
    );
    let requests = server.requests();
    let steps: Vec<_> = requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        steps,
        ["GET /app", "POST /app/installations/777/access_tokens"]
    );
    for request in &requests {
        assert_eq!(request.headers["user-agent"], "keystead");
        assert_eq!(request.headers["accept"], "application/vnd.github+json");
        assert_eq!(request.headers["x-github-api-version"], "2022-11-28");
        assert!(request.headers["authorization"].starts_with("Bearer ey"));
    }
    assert!(
        requests[1].body.is_empty(),
        "no body when nothing is narrowed"
    );
}

#[tokio::test]
async fn repositories_and_permissions_are_sent_as_json() {
    let server = TokenServer::start().await;
    let mut grant = github(&server);
    if let GrantSpec::GitHubApp {
        repositories,
        permissions,
        ..
    } = &mut grant
    {
        repositories.push("keystead".into());
        permissions.insert("contents".into(), "read".into());
    }
    let minted = mint::mint(&http(), &spec(grant)).await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&server.requests()[1].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"repositories": ["keystead"], "permissions": {"contents": "read"}})
    );
    assert_eq!(minted.scope_requested.as_deref(), Some("contents:read"));
    assert_eq!(minted.scope_granted.as_deref(), Some("contents:read"));
}

#[tokio::test]
async fn github_clock_behind_ours_is_corrected_from_the_date_header_once() {
    let server = TokenServer::start().await;
    server
        .state
        .github_clock_offset
        .store(-600, Ordering::SeqCst);
    mint::mint(&http(), &spec(github(&server))).await.unwrap();
    let steps: Vec<_> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        steps,
        ["/app", "/app", "/app/installations/777/access_tokens"]
    );
}

#[tokio::test]
async fn github_clock_ahead_of_ours_is_corrected_too() {
    let server = TokenServer::start().await;
    server
        .state
        .github_clock_offset
        .store(900, Ordering::SeqCst);
    mint::mint(&http(), &spec(github(&server))).await.unwrap();
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn github_clock_years_away_is_not_followed() {
    let server = TokenServer::start().await;
    // Believing it would sign an app JWT that stays valid for years of real time.
    server
        .state
        .github_clock_offset
        .store(10 * 365 * 24 * 3600, Ordering::SeqCst);
    let failure = mint::mint(&http(), &spec(github(&server)))
        .await
        .unwrap_err();
    assert_eq!(failure.code, "invalid_client");
    assert_eq!(server.requests().len(), 1, "no retry on that clock");
}

#[tokio::test]
async fn wrong_app_id_reports_invalid_client_without_a_retry() {
    let server = TokenServer::start().await;
    let mut grant = github(&server);
    if let GrantSpec::GitHubApp { app_id, .. } = &mut grant {
        *app_id = "999".into();
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_client");
    assert_eq!(failure.http_status, Some(401));
    assert!(
        failure
            .error_description
            .unwrap()
            .contains("'Issuer' claim")
    );
    assert_eq!(
        failure.error_uri.as_deref(),
        Some("https://docs.github.com/rest")
    );
    assert!(failure.hint.unwrap().contains("app_id (999)"));
    assert_eq!(
        server.requests().len(),
        1,
        "an iss problem is not a clock problem"
    );
}

#[tokio::test]
async fn unknown_installation_reports_invalid_request_naming_it() {
    let server = TokenServer::start().await;
    let mut grant = github(&server);
    if let GrantSpec::GitHubApp {
        installation_id, ..
    } = &mut grant
    {
        *installation_id = "12".into();
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.http_status),
        ("invalid_request", Some(404))
    );
    assert!(failure.hint.unwrap().contains("installation 12"));
}

#[tokio::test]
async fn permissions_beyond_the_installation_report_invalid_scope() {
    let server = TokenServer::start().await;
    let mut grant = github(&server);
    if let GrantSpec::GitHubApp { permissions, .. } = &mut grant {
        permissions.insert("administration".into(), "write".into());
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(
        (failure.code.as_str(), failure.http_status),
        ("invalid_scope", Some(422))
    );
    assert!(failure.is_client_error);
}

#[tokio::test]
async fn non_numeric_installation_id_is_invalid_config() {
    let server = TokenServer::start().await;
    let mut grant = github(&server);
    if let GrantSpec::GitHubApp {
        installation_id, ..
    } = &mut grant
    {
        *installation_id = "../../admin".into();
    }
    assert_eq!(
        mint::mint(&http(), &spec(grant)).await.unwrap_err().code,
        "invalid_config"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn test_result_shows_the_token_request_with_the_jwt_masked() {
    let server = TokenServer::start().await;
    let result = mint::test(&http(), &spec(github(&server)), "gh", "github_app").await;
    assert!(result.ok, "{result:?}");
    assert_eq!(result.http_status, Some(201));
    let request = result.request.as_ref().unwrap();
    assert_eq!(
        request.url,
        server.url("/app/installations/777/access_tokens")
    );
    assert!(
        request
            .headers
            .contains(&("Authorization".into(), "Bearer ••••••••".into()))
    );
    let text = serde_json::to_string(&result).unwrap();
    assert!(!text.contains(&server.issued()[0]));
    let jwt = server.requests()[1].headers["authorization"].clone();
    assert!(!text.contains(&jwt[7..]));
}
