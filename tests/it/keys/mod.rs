//! The key lifecycle: the recovery key opens a data dir whose passphrase or keyring entry is lost;
//! passphrase changes, moves and rotations are atomic and keep every value readable; a SIGKILL in
//! the middle of a data key rotation leaves every value readable with the old or the new key.
//!
//! This file holds the fixtures the key tests share and the data key rotations; the SIGKILL test
//! re-runs `keys::rotate_child` by its path, so both stay here. `master_key` covers the recovery
//! key, passphrase changes, keyring moves, master key rotation and tampered KDF parameters; `cli`
//! the key commands and the data dir's file permissions through the real binary.

use crate::support::{admin, open, reveal, set};
use keystead::api::Keystead;
use std::time::Duration;

mod cli;
mod master_key;

const NEW_PASSPHRASE: &str = "a much longer new passphrase";

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
