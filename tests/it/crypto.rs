use crate::support::{PASSPHRASE, files_under, open, open_with, passphrase_source, reveal, set};
use keystead::ErrorCode;
use keystead::api::KeySource;
use keystead::api::dto::KeyMode;
use std::sync::Arc;

fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = files_under(dir)
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with("-shm"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn wrong_passphrase_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "ns", "KEY", "value").await.unwrap();
    k.close().await;
    let before = snapshot(dir.path());
    let err = open_with(dir.path(), passphrase_source("not the passphrase"))
        .await
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase);
    assert!(err.to_string().contains("nothing was changed"));
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a failed unlock must not write"
    );
    let missing = open_with(dir.path(), KeySource::default())
        .await
        .err()
        .unwrap();
    assert_eq!(missing.code(), ErrorCode::PassphraseRequired);
    assert!(
        missing.to_string().contains("KEYSTEAD_PASSPHRASE"),
        "{missing}"
    );
    let k = open(dir.path()).await;
    assert_eq!(reveal(&k, "ns", "KEY").await, "value");
}

#[tokio::test]
async fn a_new_data_dir_without_keyring_or_passphrase_explains_both_options() {
    let dir = tempfile::tempdir().unwrap();
    let source = KeySource {
        keyring_unavailable: Some("no D-Bus session".into()),
        ..KeySource::default()
    };
    let err = open_with(dir.path(), source).await.err().unwrap();
    assert_eq!(err.code(), ErrorCode::PassphraseRequired);
    let message = err.to_string();
    assert!(
        message.contains("no OS keyring is reachable (no D-Bus session)"),
        "{message}"
    );
    assert!(message.contains("KEYSTEAD_PASSPHRASE"), "{message}");
    let short = open_with(dir.path(), passphrase_source("short"))
        .await
        .err()
        .unwrap();
    assert!(short.to_string().contains("use at least 12"), "{short}");
}

#[tokio::test]
async fn master_key_in_the_keyring_round_trips_and_stays_off_disk() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
    let source = KeySource {
        keyring: Some(store.clone()),
        ..KeySource::default()
    };
    let k = open_with(dir.path(), source.clone()).await.unwrap();
    assert!(k.created_master_key());
    assert_eq!(k.status().key_mode, KeyMode::Keyring);
    assert!(k.status().key_mode_description.contains("OS keyring"));
    set(&k, "ns", "KEY", "keyring-mode-value").await.unwrap();
    k.close().await;

    let k = open_with(dir.path(), source).await.unwrap();
    assert!(!k.created_master_key());
    assert_eq!(reveal(&k, "ns", "KEY").await, "keyring-mode-value");
    k.close().await;

    // A keyring that lacks this data dir's entry is reported, not papered over.
    let other: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
    let err = open_with(
        dir.path(),
        KeySource {
            keyring: Some(other),
            ..KeySource::default()
        },
    )
    .await
    .err()
    .unwrap();
    assert_eq!(err.code(), ErrorCode::KeyUnavailable);
    assert!(err.to_string().contains("account master-key-"), "{err}");
    // A passphrase does not unlock a keyring-mode data dir.
    let err = open_with(dir.path(), passphrase_source(PASSPHRASE))
        .await
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::KeyUnavailable);
}

#[tokio::test]
async fn ciphertexts_swapped_between_rows_do_not_decrypt() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "ns", "A", "value-a").await.unwrap();
    set(&k, "ns", "B", "value-b").await.unwrap();
    // An attacker with write access to the file moves A's ciphertext into B's row.
    sqlx::query(
        "UPDATE secret_versions SET sealed = (SELECT sealed FROM secret_versions WHERE key = 'A') WHERE key = 'B'",
    )
    .execute(k.pool())
    .await
    .unwrap();
    let err = k
        .secret_get(&crate::support::admin(), "main", "ns", "B", true)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Integrity);
    assert!(!err.to_string().contains("value-a"));
    assert_eq!(reveal(&k, "ns", "A").await, "value-a");
}
