//! The master key: the recovery key opens a data dir whose passphrase is lost and is replaced by a
//! rotation; a passphrase change refuses the old one; the key moves to the keyring and back; and
//! tampered KDF parameters are refused before any derivation.

use super::{NEW_PASSPHRASE, all_readable, seeded};
use crate::support::{PASSPHRASE, admin, open_with, passphrase_source, set};
use keystead::ErrorCode;
use keystead::api::KeySource;
use keystead::api::dto::KeyMode;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

fn recovery_source(text: &str) -> KeySource {
    KeySource {
        recovery_key: Some(secret(text)),
        keyring_unavailable: Some("not used in tests".into()),
        ..KeySource::default()
    }
}

#[tokio::test]
async fn a_recovery_key_opens_the_data_dir_when_the_passphrase_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let k = seeded(dir.path()).await;
    let recovery = k.key_recovery_create(&admin()).await.unwrap().recovery_key;
    assert!(recovery.starts_with("KSR-"));
    k.close().await;

    let lost = open_with(
        dir.path(),
        passphrase_source("a passphrase nobody remembers"),
    )
    .await
    .err()
    .unwrap();
    assert_eq!(lost.code(), ErrorCode::WrongPassphrase);
    let k = open_with(dir.path(), recovery_source(&recovery.to_lowercase()))
        .await
        .unwrap();
    assert!(k.opened_with_recovery_key());
    all_readable(&k).await;
    k.key_passphrase_change(&admin(), secret(NEW_PASSPHRASE))
        .await
        .unwrap();
    k.close().await;
    let k = open_with(dir.path(), passphrase_source(NEW_PASSPHRASE))
        .await
        .unwrap();
    assert!(!k.opened_with_recovery_key());

    // A rotation replaces the recovery key: the old one stops working, the new one works.
    let rotated = k
        .key_rotate(&admin(), Some(secret(NEW_PASSPHRASE)))
        .await
        .unwrap();
    let replacement = rotated.recovery_key.unwrap();
    k.close().await;
    let old = open_with(dir.path(), recovery_source(&recovery))
        .await
        .err()
        .unwrap();
    assert!(
        old.to_string().contains("does not open this data dir"),
        "{old}"
    );
    let k = open_with(dir.path(), recovery_source(&replacement))
        .await
        .unwrap();
    all_readable(&k).await;
    let audit = k
        .audit_list(
            &admin(),
            keystead::api::dto::AuditFilter {
                tenant: "main".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let actions: Vec<_> = audit.iter().map(|e| e.action.as_str()).collect();
    for expected in ["key.recovery_create", "key.passphrase_change", "key.rotate"] {
        assert!(
            actions.contains(&expected),
            "{expected} audited: {actions:?}"
        );
    }
    assert!(audit.iter().all(|e| !e.detail.contains("KSR-")));
}

#[tokio::test]
async fn a_passphrase_change_refuses_the_old_one_and_keeps_every_value() {
    let dir = tempfile::tempdir().unwrap();
    let k = seeded(dir.path()).await;
    let short = k
        .key_passphrase_change(&admin(), secret("too short"))
        .await
        .unwrap_err();
    assert!(short.to_string().contains("at least 12"), "{short}");
    let status = k
        .key_passphrase_change(&admin(), secret(NEW_PASSPHRASE))
        .await
        .unwrap();
    assert!(status.passphrase_changed_at.is_some());
    assert!(
        status.description.contains("64 MiB"),
        "{}",
        status.description
    );
    k.close().await;
    let old = open_with(dir.path(), passphrase_source(PASSPHRASE))
        .await
        .err()
        .unwrap();
    assert_eq!(old.code(), ErrorCode::WrongPassphrase);
    let k = open_with(dir.path(), passphrase_source(NEW_PASSPHRASE))
        .await
        .unwrap();
    all_readable(&k).await;
}

#[tokio::test]
async fn the_master_key_moves_to_the_keyring_and_back_and_rotates_there() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
    let with_keyring = |passphrase: Option<&str>| KeySource {
        keyring: Some(store.clone()),
        passphrase: passphrase.map(secret),
        ..KeySource::default()
    };
    let k = open_with(dir.path(), with_keyring(Some(PASSPHRASE)))
        .await
        .unwrap();
    for n in 0..5 {
        set(&k, "company", &format!("K{n}"), &format!("v{n}-1"))
            .await
            .unwrap();
        set(&k, "company", &format!("K{n}"), &format!("v{n}-2"))
            .await
            .unwrap();
    }
    let moved = k.key_move(&admin(), KeyMode::Keyring, None).await.unwrap();
    assert_eq!(moved.mode, KeyMode::Keyring);
    k.close().await;
    let k = open_with(dir.path(), with_keyring(None)).await.unwrap();
    all_readable(&k).await;
    let rotated = k.key_rotate(&admin(), None).await.unwrap();
    assert_eq!(rotated.status.generation, 2);
    assert!(rotated.recovery_key.is_none(), "there was none to replace");
    k.close().await;
    let k = open_with(dir.path(), with_keyring(None)).await.unwrap();
    all_readable(&k).await;
    let again = k
        .key_move(&admin(), KeyMode::Keyring, None)
        .await
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::Conflict);
    k.key_move(&admin(), KeyMode::Passphrase, Some(secret(NEW_PASSPHRASE)))
        .await
        .unwrap();
    k.close().await;
    let without_keyring = open_with(dir.path(), passphrase_source(NEW_PASSPHRASE))
        .await
        .unwrap();
    all_readable(&without_keyring).await;
}

#[tokio::test]
async fn tampered_kdf_parameters_are_refused_before_any_derivation() {
    let dir = tempfile::tempdir().unwrap();
    let k = seeded(dir.path()).await;
    sqlx::query("UPDATE key_material SET kdf_m_cost = 1073741824")
        .execute(k.pool())
        .await
        .unwrap();
    k.close().await;
    let started = std::time::Instant::now();
    let err = open_with(dir.path(), passphrase_source(PASSPHRASE))
        .await
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::Integrity, "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// `serve` or the app keeps the master key it unlocked. After another process rotated the master
/// key and then the data keys, it says so (restart) instead of "does not authenticate", and it
/// never wraps a new data key with the old master key (that tenant's values would be lost).
#[tokio::test]
async fn a_process_whose_master_key_was_rotated_elsewhere_says_restart_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let stale = seeded(dir.path()).await;
    let other = open_with(dir.path(), passphrase_source(PASSPHRASE))
        .await
        .unwrap();
    other
        .key_rotate(&admin(), Some(secret(PASSPHRASE)))
        .await
        .unwrap();
    other.key_rotate_data_keys(&admin()).await.unwrap();

    let read = stale
        .secret_get(&admin(), "main", "company", "K0", true)
        .await
        .unwrap_err();
    assert_eq!(read.code(), ErrorCode::KeyUnavailable, "{read}");
    assert!(read.to_string().contains("restart"), "{read}");
    let write = set(&stale, "company", "K9", "v").await.unwrap_err();
    assert_eq!(write.code(), ErrorCode::KeyUnavailable, "{write}");
    let tenant = stale.tenant_create(&admin(), "acme").await.unwrap_err();
    assert_eq!(tenant.code(), ErrorCode::KeyUnavailable, "{tenant}");
    let rotation = stale.key_rotate_data_keys(&admin()).await.unwrap_err();
    assert_eq!(rotation.code(), ErrorCode::KeyUnavailable, "{rotation}");
    // Nor may it store its old master key as what a passphrase or a recovery key opens.
    let passphrase = stale
        .key_passphrase_change(&admin(), secret(NEW_PASSPHRASE))
        .await
        .unwrap_err();
    assert_eq!(passphrase.code(), ErrorCode::KeyUnavailable, "{passphrase}");
    let recovery = stale.key_recovery_create(&admin()).await.unwrap_err();
    assert_eq!(recovery.code(), ErrorCode::KeyUnavailable, "{recovery}");
    let master = stale
        .key_rotate(&admin(), Some(secret(PASSPHRASE)))
        .await
        .unwrap_err();
    assert_eq!(master.code(), ErrorCode::KeyUnavailable, "{master}");

    // Reopened, everything reads; nothing was written by the stale process.
    drop(stale);
    let fresh = open_with(dir.path(), passphrase_source(PASSPHRASE))
        .await
        .unwrap();
    all_readable(&fresh).await;
    assert!(
        fresh
            .tenant_list(&admin())
            .await
            .unwrap()
            .iter()
            .all(|t| t.id != "acme")
    );
}
