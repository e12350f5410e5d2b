//! Credential writes are decided inside their transaction: copy never overwrites, and a delete and
//! its audit row commit together or not at all. A failed mint reaches scripts as a typed code.

use crate::support::{Cli, admin, open, set};
use crate::token_server::{CLIENT_ID, TokenServer};
use keystead::ErrorCode;
use keystead::api::dto::{CredentialCopyRequest, CredentialDefinition, MintErrorCode};
use serde_json::{Value, json};
use std::sync::Arc;

fn static_login(namespace: &str, name: &str, description: &str) -> CredentialDefinition {
    CredentialDefinition {
        namespace: Some(namespace.into()),
        name: name.into(),
        type_id: "source_control".into(),
        description: description.into(),
        inputs: json!({"username": "ci"}).as_object().unwrap().clone(),
        settings: Default::default(),
    }
}

#[tokio::test]
async fn concurrent_copies_to_one_target_let_exactly_one_win() {
    let dir = tempfile::tempdir().unwrap();
    let k = Arc::new(open(dir.path()).await);
    const SOURCES: usize = 8;
    for i in 0..SOURCES {
        let def = static_login(&format!("src{i}"), "git", &format!("from src{i}"));
        k.credential_apply(&admin(), "main", def).await.unwrap();
    }
    let copies = (0..SOURCES).map(|i| {
        let k = Arc::clone(&k);
        tokio::spawn(async move {
            k.credential_copy(
                &admin(),
                CredentialCopyRequest {
                    tenant: "main".into(),
                    namespace: Some(format!("src{i}")),
                    name: "git".into(),
                    target_namespace: Some("target".into()),
                    target_name: None,
                },
            )
            .await
        })
    });
    let mut winners = Vec::new();
    let mut conflicts = 0;
    for copy in copies {
        match copy.await.unwrap() {
            Ok(copied) => winners.push(copied.description),
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
                assert!(e.to_string().contains("already exists in target"), "{e}");
                conflicts += 1;
            }
        }
    }
    assert_eq!(winners.len(), 1, "exactly one copy lands: {winners:?}");
    assert_eq!(conflicts, SOURCES - 1);
    let stored = k
        .credential_show(&admin(), "main", Some("target"), "git")
        .await
        .unwrap();
    assert_eq!(
        stored.description, winners[0],
        "the winner was not overwritten"
    );
}

#[tokio::test]
async fn copy_onto_an_existing_credential_is_a_conflict_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.credential_apply(&admin(), "main", static_login("a", "git", "source"))
        .await
        .unwrap();
    k.credential_apply(&admin(), "main", static_login("b", "git", "already here"))
        .await
        .unwrap();
    let err = k
        .credential_copy(
            &admin(),
            CredentialCopyRequest {
                tenant: "main".into(),
                namespace: Some("a".into()),
                name: "git".into(),
                target_namespace: Some("b".into()),
                target_name: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    let kept = k
        .credential_show(&admin(), "main", Some("b"), "git")
        .await
        .unwrap();
    assert_eq!(kept.description, "already here");
}

#[tokio::test]
async fn a_delete_whose_audit_row_cannot_be_written_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.credential_apply(&admin(), "main", static_login("a", "git", ""))
        .await
        .unwrap();
    // Another connection makes the audit log refuse credential deletions.
    let db = dir.path().join("keystead.db");
    let side = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse_delete_audit BEFORE INSERT ON audit_events \
         WHEN NEW.action = 'credential.delete' BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    )
    .execute(&side)
    .await
    .unwrap();
    side.close().await;

    let err = k
        .credential_delete(&admin(), "main", Some("a"), "git")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Storage, "{err}");
    let still = k.credential_show(&admin(), "main", Some("a"), "git").await;
    assert!(
        still.is_ok(),
        "the delete was rolled back with its audit row"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_mint_carries_its_typed_code_to_the_api_and_the_cli_json_error() {
    let server = TokenServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "company", "WRONG", "not-the-secret").await.unwrap();
    let def = CredentialDefinition {
        namespace: Some("company".into()),
        name: "okta".into(),
        type_id: "oauth2_client_credentials".into(),
        description: String::new(),
        inputs: json!({
            "token_url": server.url("/token"),
            "client_id": CLIENT_ID,
            "client_secret": "{{ secret('WRONG') }}",
        })
        .as_object()
        .unwrap()
        .clone(),
        settings: Default::default(),
    };
    k.credential_apply(&admin(), "main", def).await.unwrap();
    let err = k
        .credential_token(&admin(), "main", Some("company"), "okta")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TokenMint);
    assert_eq!(err.to_wire().mint_error, Some(MintErrorCode::InvalidClient));
    k.close().await;

    let cli = Cli::new(dir.path());
    let out = cli.run(
        &[
            "--json",
            "credential",
            "token",
            "--namespace",
            "company",
            "okta",
        ],
        b"",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("{\"error\""))
        .unwrap_or_else(|| panic!("no JSON error on stderr: {stderr}"));
    let body: Value = serde_json::from_str(line).unwrap();
    assert_eq!(body["error"]["code"], "token_mint");
    assert_eq!(body["error"]["mint_error"], "invalid_client");
    assert!(!stderr.contains("not-the-secret"));
}

#[tokio::test]
async fn storage_errors_reach_shells_without_database_text() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.credential_apply(&admin(), "main", static_login("a", "git", ""))
        .await
        .unwrap();
    let db = dir.path().join("keystead.db");
    let side = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse_delete_audit BEFORE INSERT ON audit_events \
         WHEN NEW.action = 'credential.delete' BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
    )
    .execute(&side)
    .await
    .unwrap();
    side.close().await;
    let err = k
        .credential_delete(&admin(), "main", Some("a"), "git")
        .await
        .unwrap_err();
    let wire = err.to_wire();
    assert!(!wire.message.contains("audit refused"), "{}", wire.message);
    assert!(!wire.message.contains(dir.path().to_str().unwrap()));
    assert!(wire.message.contains("storage error"), "{}", wire.message);
}
