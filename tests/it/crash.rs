//! A writer killed with SIGKILL mid-way loses nothing it reported as committed, and the database
//! stays consistent.

use crate::support::{open, reveal, set};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const CHILD_ENV: &str = "KEYSTEAD_CRASH_CHILD_DIR";
const WRITES: usize = 1000;

/// Run in a child process by `sigkill_mid_write_keeps_committed_secrets`; does nothing on its own.
#[tokio::test]
#[ignore = "helper process for the SIGKILL test"]
async fn crash_writer_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let k = open(std::path::Path::new(&dir)).await;
    for n in 0..WRITES {
        set(&k, "crash.test", &format!("KEY_{n}"), &format!("value-{n}"))
            .await
            .unwrap();
        println!("committed {n}");
    }
}

#[tokio::test]
async fn sigkill_mid_write_keeps_committed_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash::crash_writer_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut committed = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("committed ") {
            committed.push(n.parse::<usize>().unwrap());
            if committed.len() == 300 {
                child.kill().unwrap(); // SIGKILL on Unix
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(
        committed.len(),
        300,
        "the child reported commits before being killed"
    );

    let k = open(dir.path()).await;
    let check: (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(k.pool())
        .await
        .unwrap();
    assert_eq!(check.0, "ok");
    for n in &committed {
        assert_eq!(
            reveal(&k, "crash.test", &format!("KEY_{n}")).await,
            format!("value-{n}")
        );
    }
    let listed = k
        .secret_list(&crate::support::admin(), "main", "crash.test", false)
        .await
        .unwrap();
    assert!(
        listed.len() >= committed.len() && listed.len() < WRITES,
        "killed mid-way: {}",
        listed.len()
    );
}
