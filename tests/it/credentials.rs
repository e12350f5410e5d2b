//! Credentials end to end through the command surface, against the real local token server.

use crate::support::{open, set};
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer, key};
use keystead::ErrorCode;
use keystead::api::Keystead;
use keystead::api::dto::{
    AuditFilter, CredentialCopyRequest, CredentialListRequest, MintErrorCode, Scope,
};
use keystead::credentials::definition::CredentialDefinition;
use keystead::credentials::types::{CustomTypeDefinition, FieldKind, InputField};
use serde_json::{Value, json};

fn definition(
    namespace: Option<&str>,
    name: &str,
    type_id: &str,
    inputs: Value,
) -> CredentialDefinition {
    CredentialDefinition {
        namespace: namespace.map(str::to_owned),
        name: name.into(),
        type_id: type_id.into(),
        description: String::new(),
        inputs: inputs.as_object().unwrap().clone(),
        settings: Default::default(),
    }
}

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
async fn literal_secrets_and_bad_inputs_are_refused_on_apply() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let literal = json!({"token_url": "https://id.example/token", "client_id": "x", "client_secret": "hunter2"});
    let err = k
        .credential_apply(
            &crate::support::admin(),
            "main",
            definition(None, "c", "oauth2_client_credentials", literal),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.to_string().contains("secret reference") && !err.to_string().contains("hunter2"),
        "{err}"
    );
    let unknown = k
        .credential_apply(
            &crate::support::admin(),
            "main",
            definition(None, "c", "no_such_type", json!({})),
        )
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::NotFound);
    let bad_name = k
        .credential_apply(
            &crate::support::admin(),
            "main",
            definition(None, "Bad Name", "aws", json!({})),
        )
        .await
        .unwrap_err();
    assert!(bad_name.to_string().contains("invalid name"));
    assert!(
        k.credential_list(
            &crate::support::admin(),
            CredentialListRequest {
                tenant: "main".into(),
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .is_empty()
    );
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
async fn effective_listing_copy_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let aws = |key: &str| json!({"access_key": key, "secret_key": "{{ secret('AWS_SECRET') }}"});
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(None, "aws", "aws", aws("TENANT")),
    )
    .await
    .unwrap();
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(Some("company"), "aws", "aws", aws("COMPANY")),
    )
    .await
    .unwrap();
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(None, "shared", "aws", aws("SHARED")),
    )
    .await
    .unwrap();
    let listed = k
        .credential_list(
            &crate::support::admin(),
            CredentialListRequest {
                tenant: "main".into(),
                namespace: Some("company.team".into()),
                effective: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let view: Vec<_> = listed
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.namespace.as_deref(),
                c.inherited,
                c.shadows.clone(),
            )
        })
        .collect();
    assert_eq!(
        view,
        [
            ("aws", Some("company"), true, vec![Scope::Tenant]),
            ("shared", None, true, vec![]),
        ]
    );
    let shown = k
        .credential_show(
            &crate::support::admin(),
            "main",
            Some("company.team"),
            "aws",
        )
        .await
        .unwrap();
    assert_eq!(shown.inputs["access_key"], "COMPANY");

    let copy = CredentialCopyRequest {
        tenant: "main".into(),
        namespace: Some("company".into()),
        name: "aws".into(),
        target_namespace: Some("other".into()),
        target_name: None,
    };
    let copied = k
        .credential_copy(&crate::support::admin(), copy.clone())
        .await
        .unwrap();
    assert_eq!(
        (
            copied.namespace.as_deref(),
            copied.inputs["access_key"].as_str()
        ),
        (Some("other"), Some("COMPANY"))
    );
    assert_eq!(
        k.credential_copy(&crate::support::admin(), copy)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Conflict
    );

    k.credential_delete(&crate::support::admin(), "main", Some("company"), "aws")
        .await
        .unwrap();
    let after = k
        .credential_show(
            &crate::support::admin(),
            "main",
            Some("company.team"),
            "aws",
        )
        .await
        .unwrap();
    assert_eq!(
        after.inputs["access_key"], "TENANT",
        "the tenant-level one shows through again"
    );
    let missing = k
        .credential_delete(&crate::support::admin(), "main", Some("company"), "aws")
        .await
        .unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

fn string_input(id: &str, secret: bool) -> InputField {
    InputField {
        id: id.into(),
        label: id.replace('_', " "),
        kind: FieldKind::String,
        secret,
        multiline: false,
        format: None,
        choices: vec![],
        default: None,
        required: true,
        help: String::new(),
    }
}

#[tokio::test]
async fn static_and_custom_types_validate_their_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let custom = CustomTypeDefinition {
        id: "vault_approle".into(),
        label: "Vault AppRole".into(),
        description: String::new(),
        inputs: vec![
            string_input("role_id", false),
            string_input("secret_id", true),
        ],
    };
    k.credential_type_create(&crate::support::admin(), "main", custom.clone())
        .await
        .unwrap();
    assert_eq!(
        k.credential_type_create(&crate::support::admin(), "main", custom)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Conflict
    );
    let inputs = json!({"role_id": "r-1", "secret_id": "{{ secret('APPROLE_SECRET') }}"});
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(Some("ops"), "approle", "vault_approle", inputs),
    )
    .await
    .unwrap();
    let unresolved = k
        .credential_test(&crate::support::admin(), "main", Some("ops"), "approle")
        .await
        .unwrap();
    assert!(!unresolved.ok);
    assert_eq!(
        unresolved.error.map(MintErrorCode::as_str),
        Some("secret_unresolved")
    );
    set(&k, "ops", "APPROLE_SECRET", "s-1").await.unwrap();
    let ok = k
        .credential_test(&crate::support::admin(), "main", Some("ops"), "approle")
        .await
        .unwrap();
    assert!(ok.ok, "{ok:?}");
    let token = k
        .credential_token(&crate::support::admin(), "main", Some("ops"), "approle")
        .await
        .unwrap_err();
    assert!(token.to_string().contains("static"), "{token}");
    let types = k
        .credential_types(&crate::support::admin(), "main")
        .await
        .unwrap();
    assert!(types.iter().any(|t| t.id == "github_app" && t.managed));
    assert!(types.iter().any(|t| t.id == "vault_approle" && !t.managed));
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

#[tokio::test]
async fn ssh_machine_test_shows_the_key_fingerprint_and_refuses_a_non_key() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "ops", "SSH_KEY", &key("openssh_ed25519"))
        .await
        .unwrap();
    set(&k, "ops", "NOT_A_KEY", "hunter2").await.unwrap();
    let inputs = json!({"username": "deploy", "ssh_key_data": "{{ secret('SSH_KEY') }}"});
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(Some("ops"), "bastion", "ssh_machine", inputs),
    )
    .await
    .unwrap();
    let ok = k
        .credential_test(&crate::support::admin(), "main", Some("ops"), "bastion")
        .await
        .unwrap();
    assert!(ok.ok, "{ok:?}");
    // The fingerprint `ssh-keygen -lf` prints for this key.
    let hint = ok.hint.unwrap();
    assert!(
        hint.contains("SHA256:11VDWWH+2C+niTkEnV9mREHHJfj/xlVVP0WcoQoKQRk"),
        "{hint}"
    );
    let broken = json!({"username": "deploy", "ssh_key_data": "{{ secret('NOT_A_KEY') }}"});
    k.credential_apply(
        &crate::support::admin(),
        "main",
        definition(Some("ops"), "bastion", "ssh_machine", broken),
    )
    .await
    .unwrap();
    let failed = k
        .credential_test(&crate::support::admin(), "main", Some("ops"), "bastion")
        .await
        .unwrap();
    assert_eq!(failed.error.map(MintErrorCode::as_str), Some("invalid_key"));
    assert!(!serde_json::to_string(&failed).unwrap().contains("hunter2"));
}
