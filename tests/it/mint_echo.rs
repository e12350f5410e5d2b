//! A server that echoes the request into its error: the values this mint sent (client secret,
//! Basic credentials, signed assertions, the GitHub App JWT) are masked in everything Keystead
//! shows, stores or returns, and the rest of the server's words survive.

use crate::mint_client_credentials::{client_credentials, http, spec};
use crate::mint_github::github;
use crate::support::{admin, open, set};
use crate::token_server::{BEARER_ISSUER, CLIENT_ID, CLIENT_SECRET, Recorded, TokenServer, key};
use keystead::api::dto::AuditFilter;
use keystead::credentials::definition::CredentialDefinition;
use keystead::credentials::mint::{
    self, AssertionAudience, ClientAuthMethod, GrantSpec, SigningAlgorithm,
};
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;

const MASK: &str = "••••••••";

/// Everything secret in what the server received, in the spellings it could echo.
fn sent_secrets(requests: &[Recorded]) -> Vec<String> {
    let mut secrets = vec![
        CLIENT_SECRET.to_owned(),
        url::form_urlencoded::byte_serialize(CLIENT_SECRET.as_bytes()).collect(),
    ];
    for request in requests {
        if let Some(authorization) = request.headers.get("authorization") {
            let credentials = authorization.split_once(' ').map_or("", |(_, c)| c);
            secrets.push(credentials.to_owned());
        }
        for name in ["client_secret", "client_assertion", "assertion"] {
            if let Some(value) = request.form.get(name) {
                secrets.push(value.clone());
            }
        }
    }
    let signatures: Vec<String> = secrets
        .iter()
        .filter(|s| s.split('.').count() == 3)
        .filter_map(|jwt| jwt.rsplit('.').next().map(str::to_owned))
        .collect();
    secrets.extend(signatures);
    secrets.retain(|s| s.len() >= 8);
    assert!(secrets.len() > 2, "the request carried credentials");
    secrets
}

fn assert_scrubbed(shown: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(!shown.contains(secret.as_str()), "{secret} leaked: {shown}");
    }
}

/// Tests `grant` against the echoing server; checks the Test result and a plain mint's failure.
async fn check_echo_is_scrubbed(server: &TokenServer, grant: GrantSpec, type_id: &str) {
    let result = mint::test(&http(), &spec(grant.clone()), "echo", type_id).await;
    assert!(!result.ok);
    let description = result.error_description.clone().unwrap_or_default();
    assert!(description.contains(MASK), "{type_id}: {description}");
    let failure = mint::mint(&http(), &spec(grant)).await.unwrap_err();
    let secrets = sent_secrets(&server.requests());
    assert_scrubbed(&serde_json::to_string(&result).unwrap(), &secrets);
    assert_scrubbed(&format!("{failure} {failure:?}"), &secrets);
}

#[tokio::test]
async fn client_secret_echoed_by_the_server_is_masked_for_every_auth_method() {
    for method in [
        ClientAuthMethod::Basic,
        ClientAuthMethod::Post,
        ClientAuthMethod::Jwt,
    ] {
        let server = TokenServer::start().await;
        let grant = client_credentials(server.url("/echo/token"), method, CLIENT_SECRET);
        check_echo_is_scrubbed(&server, grant, "oauth2_client_credentials").await;
        let result = mint::test(
            &http(),
            &spec(client_credentials(
                server.url("/echo/token"),
                method,
                CLIENT_SECRET,
            )),
            "echo",
            "oauth2_client_credentials",
        )
        .await;
        let description = result.error_description.unwrap();
        assert!(
            description.starts_with("could not authenticate: POST /echo/token"),
            "the server's own words stay: {description}"
        );
        assert_eq!(
            result.error.map(|c| c.as_str()),
            Some("invalid_client"),
            "{method:?}"
        );
    }
}

#[tokio::test]
async fn assertions_echoed_by_the_server_are_masked() {
    let server = TokenServer::start().await;
    let private_key_jwt = GrantSpec::PrivateKeyJwt {
        token_url: server.url("/echo/token"),
        issuer: None,
        client_id: "pk-client".into(),
        private_key: SecretString::from(key("rsa_pkcs8.pem")),
        key_id: Some("k1".into()),
        algorithm: SigningAlgorithm::Rs256,
        assertion_audience: AssertionAudience::TokenEndpoint,
        assertion_lifetime: Duration::from_secs(60),
        scope: None,
        audience: None,
        resource: None,
    };
    check_echo_is_scrubbed(&server, private_key_jwt, "oauth2_private_key_jwt").await;
    let server = TokenServer::start().await;
    let jwt_bearer = GrantSpec::JwtBearer {
        token_url: server.url("/echo/token"),
        assertion_issuer: BEARER_ISSUER.into(),
        subject: "svc".into(),
        assertion_audience: None,
        private_key: SecretString::from(key("rsa_pkcs8.pem")),
        key_id: None,
        algorithm: SigningAlgorithm::Rs256,
        assertion_lifetime: Duration::from_secs(60),
        extra_claims: serde_json::Map::new(),
        scope: None,
        client_id: Some(CLIENT_ID.into()),
        client_secret: Some(SecretString::from(CLIENT_SECRET.to_owned())),
    };
    check_echo_is_scrubbed(&server, jwt_bearer, "oauth2_jwt_bearer").await;
}

#[tokio::test]
async fn github_app_jwt_echoed_in_the_message_is_masked() {
    let server = TokenServer::start().await;
    let mut grant = github(&server);
    if let GrantSpec::GitHubApp { api_url, .. } = &mut grant {
        *api_url = server.url("/echo/gh/");
    }
    check_echo_is_scrubbed(&server, grant.clone(), "github_app").await;
    let result = mint::test(&http(), &spec(grant), "echo", "github_app").await;
    let uri = result.error_uri.unwrap_or_default();
    assert!(uri.starts_with("https://docs.github.com/rest"), "{uri}");
}

#[tokio::test]
async fn client_secret_echoed_as_the_error_code_is_masked() {
    let server = TokenServer::start().await;
    let secret = "CANARY-ascii-secret-7f3a";
    let grant = client_credentials(
        server.url("/echo/code/token"),
        ClientAuthMethod::Post,
        secret,
    );
    let result = mint::test(&http(), &spec(grant), "echo", "oauth2_client_credentials").await;
    let text = serde_json::to_string(&result).unwrap();
    assert!(!text.contains(secret), "{text}");
    assert_eq!(result.server_error.as_deref(), Some(MASK));
}

#[tokio::test]
async fn echoed_secret_reaches_no_test_result_error_or_audit_row() {
    let server = TokenServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "company", "IDP_SECRET", CLIENT_SECRET)
        .await
        .unwrap();
    let inputs = json!({
        "token_url": server.url("/echo/token"),
        "client_id": CLIENT_ID,
        "client_secret": "{{ secret('IDP_SECRET') }}",
        "auth_method": "client_secret_post",
    });
    let definition = CredentialDefinition {
        namespace: Some("company".into()),
        name: "echo".into(),
        type_id: "oauth2_client_credentials".into(),
        description: String::new(),
        inputs: inputs.as_object().unwrap().clone(),
        settings: Default::default(),
    };
    k.credential_apply(&admin(), "main", definition)
        .await
        .unwrap();
    let tested = k
        .credential_test(&admin(), "main", Some("company"), "echo")
        .await
        .unwrap();
    let refused = k
        .credential_token(&admin(), "main", Some("company"), "echo")
        .await
        .err()
        .unwrap();
    let audit = k
        .audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let secrets = sent_secrets(&server.requests());
    assert_scrubbed(&serde_json::to_string(&tested).unwrap(), &secrets);
    assert_scrubbed(&format!("{refused} {refused:?}"), &secrets);
    assert_scrubbed(&serde_json::to_string(&audit).unwrap(), &secrets);
    assert!(refused.to_string().contains(MASK), "{refused}");
}
