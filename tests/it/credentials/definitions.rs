//! Credential definitions: what applying one refuses, the effective listing of a namespace with
//! what it inherits and shadows, copies, and deletes.

use super::definition;
use crate::support::open;
use keystead::ErrorCode;
use keystead::api::dto::{CredentialCopyRequest, CredentialListRequest, Scope};
use serde_json::json;

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
    // A mistake in the definition, as the other validation errors (CLI exit 2, HTTP 400).
    assert_eq!(unknown.code(), ErrorCode::InvalidInput);
    assert!(
        unknown
            .to_string()
            .contains("no credential type no_such_type"),
        "{unknown}"
    );
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
