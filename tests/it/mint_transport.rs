//! Where credentials may go: https, or plain http only to this machine; an https issuer's
//! metadata cannot downgrade the token endpoint; a redirect is named by origin and path only.
//!
//! `0.0.0.0` stands for "a host that is not loopback" here: Linux delivers a connection to it on
//! this machine, so the server would record a request that was wrongly sent, and no traffic
//! leaves the machine either way.

use crate::mint_client_credentials::{client_credentials, http, spec};
use crate::mint_github::github;
use crate::token_server::{CLIENT_SECRET, TokenServer};
use keystead::credentials::mint::{self, ClientAuthMethod, GrantSpec};
use serde_json::json;
use std::time::Duration;

fn not_loopback(url: &str) -> String {
    url.replacen("127.0.0.1", "0.0.0.0", 1)
}

#[tokio::test]
async fn plain_http_to_a_host_that_is_not_loopback_is_refused_before_sending() {
    let server = TokenServer::start().await;
    let grant = client_credentials(
        not_loopback(&server.url("/token")),
        ClientAuthMethod::Post,
        CLIENT_SECRET,
    );
    let result = mint::test(&http(), &spec(grant), "clear", "oauth2_client_credentials").await;
    assert_eq!(
        result.error.map(|code| code.as_str()),
        Some("invalid_config"),
        "{result:?}"
    );
    let description = result.error_description.unwrap_or_default();
    assert!(
        description.contains("http://") && description.contains("https"),
        "{description}"
    );
    assert!(result.request.is_none(), "nothing was sent");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(server.requests().is_empty(), "the server received nothing");
}

#[tokio::test]
async fn plain_http_to_loopback_hosts_is_allowed() {
    let server = TokenServer::start().await;
    for url in [
        server.url("/token"),
        server.url("/token").replacen("127.0.0.1", "localhost", 1),
    ] {
        let grant = client_credentials(url.clone(), ClientAuthMethod::Basic, CLIENT_SECRET);
        let minted = mint::mint(&http(), &spec(grant)).await;
        assert!(minted.is_ok(), "{url}: {:?}", minted.err());
    }
}

#[tokio::test]
async fn github_api_url_over_plain_http_elsewhere_is_refused() {
    let server = TokenServer::start().await;
    let mut grant = github(&server);
    if let GrantSpec::GitHubApp { api_url, .. } = &mut grant {
        *api_url = not_loopback(&server.base);
    }
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    assert_eq!(failure.code, "invalid_config", "{failure:?}");
    assert!(failure.to_string().contains("api_url"), "{failure}");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(server.requests().is_empty(), "no app JWT was sent");
}

#[tokio::test]
async fn issuer_over_plain_http_elsewhere_is_refused() {
    let server = TokenServer::start().await;
    let failure = mint::discover(&http(), &not_loopback(&server.base), Duration::from_secs(2))
        .await
        .unwrap_err();
    assert_eq!(failure.code, "invalid_config", "{failure:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn discovered_token_endpoint_over_plain_http_elsewhere_is_refused() {
    let server = TokenServer::start().await;
    server.answer_json(
        "/.well-known/openid-configuration",
        json!({
            "issuer": server.base,
            "token_endpoint": not_loopback(&server.url("/token")),
        }),
    );
    let failure = mint::discover(&http(), &server.base, Duration::from_secs(2))
        .await
        .unwrap_err();
    assert_eq!(failure.code, "invalid_config", "{failure:?}");
    assert!(
        failure.hint.as_deref().unwrap_or("").contains("https"),
        "{failure:?}"
    );
}

#[tokio::test]
async fn redirect_is_reported_by_origin_and_path_only() {
    let server = TokenServer::start().await;
    let cases = [
        (
            "https://user:pw@elsewhere.example:8443/cb?code=CODE-7f3a&state=s#frag-7f3a",
            "https://elsewhere.example:8443/cb",
        ),
        ("/login?next=%2Ftoken&ticket=CODE-7f3a", "/login"),
        ("http://[not a url?code=CODE-7f3a", "not a URL"),
    ];
    for (location, shown) in cases {
        *server.state.redirect_to.lock().unwrap() = location.to_owned();
        let grant = client_credentials(
            server.url("/fault/redirect"),
            ClientAuthMethod::Basic,
            CLIENT_SECRET,
        );
        let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
        assert_eq!(failure.code, "redirect_refused");
        let description = failure.error_description.unwrap_or_default();
        assert!(description.contains(shown), "{location}: {description}");
        for hidden in ["CODE-7f3a", "frag-7f3a", "user", "pw@", "ticket", "next="] {
            assert!(!description.contains(hidden), "{location}: {description}");
        }
    }
}
