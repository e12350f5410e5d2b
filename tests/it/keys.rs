//! The key lifecycle: the recovery key opens a data dir whose passphrase or keyring entry is lost;
//! passphrase changes, moves and rotations are atomic and keep every value readable; a SIGKILL in
//! the middle of a data key rotation leaves every value readable with the old or the new key.

use crate::support::{Cli, PASSPHRASE, admin, open, open_with, passphrase_source, reveal, set};
use keystead::ErrorCode;
use keystead::api::dto::KeyMode;
use keystead::api::{KeySource, Keystead};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

const NEW_PASSPHRASE: &str = "a much longer new passphrase";

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

async fn seeded(dir: &std::path::Path) -> Keystead {
    let k = open(dir).await;
    for n in 0..5 {
        set(&k, "company", &format!("K{n}"), &format!("v{n}-1"))
            .await
            .unwrap();
        set(&k, "company", &format!("K{n}"), &format!("v{n}-2"))
            .await
            .unwrap();
    }
    k
}

async fn all_readable(k: &Keystead) {
    for n in 0..5 {
        assert_eq!(
            reveal(k, "company", &format!("K{n}")).await,
            format!("v{n}-2")
        );
        let old = k
            .secret_restore(&admin(), "main", "company", &format!("K{n}"), 1)
            .await
            .unwrap();
        assert!(old.version > 2, "version 1 still decrypts");
        assert_eq!(
            reveal(k, "company", &format!("K{n}")).await,
            format!("v{n}-1")
        );
        k.secret_restore(&admin(), "main", "company", &format!("K{n}"), 2)
            .await
            .unwrap();
    }
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
async fn a_data_key_rotation_reseals_every_value_and_retires_the_old_key() {
    let dir = tempfile::tempdir().unwrap();
    let k = seeded(dir.path()).await;
    let sealed_before: Vec<(Vec<u8>,)> =
        sqlx::query_as("SELECT sealed FROM secret_versions ORDER BY namespace, key, version")
            .fetch_all(k.pool())
            .await
            .unwrap();
    let done = k.key_rotate_data_keys(&admin()).await.unwrap();
    assert_eq!(done.values, 10, "old versions too");
    let sealed_after: Vec<(Vec<u8>,)> =
        sqlx::query_as("SELECT sealed FROM secret_versions ORDER BY namespace, key, version")
            .fetch_all(k.pool())
            .await
            .unwrap();
    assert_eq!(sealed_before.len(), sealed_after.len());
    assert!(sealed_before.iter().zip(&sealed_after).all(|(a, b)| a != b));
    let versions: Vec<(i64,)> =
        sqlx::query_as("SELECT version FROM data_keys WHERE tenant_id = 'main'")
            .fetch_all(k.pool())
            .await
            .unwrap();
    assert_eq!(versions, vec![(2,)], "only the new data key is left");
    all_readable(&k).await;
    set(&k, "company", "NEW", "after").await.unwrap();
    k.close().await;
    let k = open(dir.path()).await;
    assert_eq!(reveal(&k, "company", "NEW").await, "after");
    let status = k.key_status(&admin()).await.unwrap();
    assert_eq!(status.data_keys[0].version, 2);
}

#[tokio::test]
async fn a_data_key_rotation_of_more_values_than_one_statement_writes_reseals_them_all() {
    use keystead::api::dto::{ConflictPolicy, ImportFormat, ImportRequest};
    // 1 201 values: the store re-seals 500 per statement, so three statements, the last partly full.
    let dir = tempfile::tempdir().unwrap();
    let k = seeded(dir.path()).await;
    let content: String = (0..1_191)
        .map(|i| format!("BULK_{i:04}=value {i}\n"))
        .collect();
    k.secret_import(
        &admin(),
        ImportRequest {
            tenant: "main".into(),
            namespace: "bulk".into(),
            format: ImportFormat::Env,
            content,
            on_conflict: ConflictPolicy::Fail,
            dry_run: false,
        },
    )
    .await
    .unwrap();
    let done = k.key_rotate_data_keys(&admin()).await.unwrap();
    assert_eq!(done.values, 1_201, "the seeded 10 and the 1 191 imported");
    let (on_new_key,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM secret_versions WHERE data_key_version = 2")
            .fetch_one(k.pool())
            .await
            .unwrap();
    assert_eq!(on_new_key, 1_201);
    k.close().await;
    let k = open(dir.path()).await;
    all_readable(&k).await;
    for i in [0, 489, 490, 989, 990, 1_190] {
        assert_eq!(
            reveal(&k, "bulk", &format!("BULK_{i:04}")).await,
            format!("value {i}")
        );
    }
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

#[test]
fn the_database_files_are_private_from_their_first_byte() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cli = Cli::new(&data);
    cli.ok(&["secret", "set", "ns", "K"], b"v");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    for file in ["keystead.db", "keystead.db-wal", "keystead.db-shm"] {
        let path = data.join(file);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{file}");
        }
    }
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = cli.run(&["secret", "list", "ns"], b"");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("can be read by other users"), "{stderr}");
    assert_eq!(mode(&data), 0o755, "a warning, not a silent chmod");
}

#[test]
fn key_commands_work_from_the_cli_and_refuse_the_remote_cli() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    cli.ok(&["secret", "set", "ns", "K"], b"value");
    let status = cli.ok(&["key", "status"], b"");
    assert!(status.contains("recovery key: none"), "{status}");
    let recovery = cli
        .ok(&["key", "recovery", "create"], b"")
        .trim()
        .to_owned();
    assert!(
        recovery.starts_with("KSR-"),
        "stdout is the key alone: {recovery}"
    );
    let rotated = cli.ok(&["key", "rotate", "--data-keys"], b"");
    assert!(rotated.contains("1 value(s) re-sealed"), "{rotated}");
    let mut change = cli.command();
    change
        .args(["key", "passphrase", "change"])
        .env("KEYSTEAD_NEW_PASSPHRASE", NEW_PASSPHRASE)
        .stdin(std::process::Stdio::null());
    assert!(change.output().unwrap().status.success());
    let mut reopened = cli.command();
    reopened
        .args(["secret", "get", "ns", "K", "--reveal"])
        .env_remove("KEYSTEAD_PASSPHRASE")
        .env("KEYSTEAD_RECOVERY_KEY", &recovery);
    let out = reopened.output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "value\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("opened with the recovery key"));
    let remote = Cli::remote("http://127.0.0.1:1", "kst_x");
    let refused = remote.run(&["key", "status"], b"");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("drop --server"));
}

const CHILD_ENV: &str = "KEYSTEAD_ROTATE_CHILD_DIR";

/// Run in a child process by `sigkill_mid_data_key_rotation_leaves_every_value_readable`.
#[tokio::test]
#[ignore = "helper process for the SIGKILL rotation test"]
async fn rotate_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let k = open(std::path::Path::new(&dir)).await;
    println!("rotating");
    k.key_rotate_data_keys(&admin()).await.unwrap();
    println!("rotated");
}

#[tokio::test]
async fn sigkill_mid_data_key_rotation_leaves_every_value_readable() {
    use std::io::{BufRead, BufReader};
    const SECRETS: usize = 1000;
    let dir = tempfile::tempdir().unwrap();
    {
        let k = open(dir.path()).await;
        for n in 0..SECRETS {
            set(&k, "bulk", &format!("K{n}"), &format!("value-{n}"))
                .await
                .unwrap();
        }
        k.close().await;
    }
    // Kill at different points: while reading, while re-sealing, near the commit.
    for delay_ms in [5u64, 40, 120] {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "keys::rotate_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        while let Some(Ok(line)) = lines.next() {
            if line == "rotating" {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let k = open(dir.path()).await;
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(k.pool())
            .await
            .unwrap();
        assert_eq!(check, "ok");
        for n in (0..SECRETS).step_by(7) {
            assert_eq!(
                reveal(&k, "bulk", &format!("K{n}")).await,
                format!("value-{n}")
            );
        }
        let keys: Vec<(i64,)> =
            sqlx::query_as("SELECT DISTINCT data_key_version FROM secret_versions")
                .fetch_all(k.pool())
                .await
                .unwrap();
        assert_eq!(
            keys.len(),
            1,
            "all values under one key: the old or the new ({keys:?})"
        );
        k.close().await;
    }
}
