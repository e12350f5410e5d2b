//! The key commands through the real CLI binary, which the remote CLI refuses, and the data dir's
//! files, private from their first byte.

use super::NEW_PASSPHRASE;
use crate::support::Cli;

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

#[test]
fn a_master_key_rotation_away_from_a_terminal_needs_a_file_for_the_new_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(&dir.path().join("data"));
    cli.ok(&["secret", "set", "ns", "K"], b"value");
    let old = cli
        .ok(&["key", "recovery", "create"], b"")
        .trim()
        .to_owned();

    let refused = cli.run(&["key", "rotate"], b"");
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("--recovery-key-file") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert!(cli.ok(&["key", "status"], b"").contains("generation 1"));

    let file = dir.path().join("recovery.txt");
    cli.ok(
        &[
            "key",
            "rotate",
            "--recovery-key-file",
            file.to_str().unwrap(),
        ],
        b"",
    );
    let new = std::fs::read_to_string(&file).unwrap().trim().to_owned();
    assert!(new.starts_with("KSR-") && new != old, "{new}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let mut reopened = cli.command();
    reopened
        .args(["secret", "get", "ns", "K", "--reveal"])
        .env_remove("KEYSTEAD_PASSPHRASE")
        .env("KEYSTEAD_RECOVERY_KEY", &new);
    assert_eq!(
        String::from_utf8_lossy(&reopened.output().unwrap().stdout),
        "value\n"
    );
    // An existing file is never overwritten, and then nothing is rotated.
    let again = cli.run(
        &[
            "key",
            "rotate",
            "--recovery-key-file",
            file.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(cli.ok(&["key", "status"], b"").contains("generation 2"));
}
