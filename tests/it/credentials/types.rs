//! Credential types with no token to mint: a custom type, created once and listed beside the
//! managed ones, whose secret input must resolve before its test passes; and the SSH machine type,
//! whose test shows the key's fingerprint and refuses what is not a key.

use super::definition;
use crate::support::{open, set};
use crate::token_server::key;
use keystead::ErrorCode;
use keystead::api::dto::MintErrorCode;
use keystead::credentials::types::{CustomTypeDefinition, FieldKind, InputField};
use serde_json::json;

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
