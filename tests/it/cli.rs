use crate::support::Cli;
use serde_json::Value;

#[test]
fn secret_set_list_get_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    let saved = cli.ok(
        &[
            "secret",
            "set",
            "company.team",
            "API_KEY",
            "--description",
            "CI token",
        ],
        b"cli-value-42\n",
    );
    assert!(
        saved.contains("saved company.team/API_KEY (version 1)"),
        "{saved}"
    );
    cli.ok(&["secret", "set", "company", "PARENT_KEY"], b"parent");

    let listed = cli.ok(&["secret", "list", "company.team"], b"");
    assert!(
        listed.contains("API_KEY") && listed.contains("••••••••"),
        "{listed}"
    );
    assert!(!listed.contains("cli-value-42"));

    // One trailing newline from stdin is dropped; the rest is the value.
    assert_eq!(
        cli.ok(
            &["secret", "get", "company.team", "API_KEY", "--reveal"],
            b""
        ),
        "cli-value-42\n"
    );

    let effective: Value = serde_json::from_str(&cli.ok(
        &["--json", "secret", "list", "company.team", "--effective"],
        b"",
    ))
    .unwrap();
    let items = effective.as_array().unwrap();
    let parent = items
        .iter()
        .find(|i| i["key"] == "PARENT_KEY")
        .expect("inherited secret listed");
    assert_eq!(parent["origin"], "company");
    assert_eq!(parent["inherited"], true);
    assert_eq!(parent["value"], "••••••••");

    let masked: Value =
        serde_json::from_str(&cli.ok(&["--json", "secret", "get", "company.team", "API_KEY"], b""))
            .unwrap();
    assert_eq!(masked["revealed"], false);
    assert_eq!(masked["description"], "CI token");

    let tree: Value = serde_json::from_str(&cli.ok(&["--json", "namespace", "list"], b"")).unwrap();
    assert_eq!(tree[0]["id"], "company");
    assert_eq!(tree[0]["children"][0]["id"], "company.team");

    let audit: Value = serde_json::from_str(&cli.ok(
        &["--json", "audit", "list", "--action", "secret.reveal"],
        b"",
    ))
    .unwrap();
    assert_eq!(audit.as_array().unwrap().len(), 1);
    assert_eq!(audit[0]["actor"], "cli:tester");
}

#[test]
fn exit_codes_distinguish_usage_errors_from_failed_operations() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    let bad_key = cli.run(&["secret", "set", "ns", "BAD-KEY"], b"v");
    assert_eq!(bad_key.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_key.stderr).contains("[A-Za-z_][A-Za-z0-9_]*"));
    let unknown_flag = cli.run(&["secret", "list", "ns", "--bogus"], b"");
    assert_eq!(unknown_flag.status.code(), Some(2));
    let missing = cli.run(&["--json", "secret", "get", "ns", "NOPE"], b"");
    assert_eq!(missing.status.code(), Some(1));
    // The JSON error is the last stderr line (RUST_LOG=trace logs come before it).
    let stderr = String::from_utf8(missing.stderr).unwrap();
    let error: Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["code"], "not_found");
    let empty = cli.run(&["secret", "set", "ns", "EMPTY"], b"");
    assert_eq!(empty.status.code(), Some(2));
    let big = vec![b'x'; 64 * 1024 + 10];
    let oversized = cli.run(&["secret", "set", "ns", "BIG"], &big);
    assert_eq!(oversized.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&oversized.stderr).contains("64 KiB"));
    let mut wrong = cli.command();
    let wrong = wrong
        .env("KEYSTEAD_PASSPHRASE", "definitely wrong")
        .args(["secret", "list", "ns"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("does not unlock"));
}

#[test]
fn import_export_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    let file = dir.path().join("in.env_encoded");
    std::fs::write(&file, "SECRET_A=YWFh\nSECRET_B=YmJi\n").unwrap();
    let preview = cli.ok(
        &[
            "secret",
            "import",
            "team",
            file.to_str().unwrap(),
            "--format",
            "kestra-env",
            "--dry-run",
        ],
        b"",
    );
    assert!(preview.contains("dry run"), "{preview}");
    assert!(cli.ok(&["secret", "list", "team"], b"").contains("(none)"));
    cli.ok(
        &[
            "secret",
            "import",
            "team",
            file.to_str().unwrap(),
            "--format",
            "kestra-env",
        ],
        b"",
    );
    assert_eq!(
        cli.ok(&["secret", "export", "team"], b""),
        "SECRET_A=YWFh\nSECRET_B=YmJi\n"
    );
    let out = dir.path().join("out.env_encoded");
    cli.ok(
        &["secret", "export", "team", "-o", out.to_str().unwrap()],
        b"",
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "SECRET_A=YWFh\nSECRET_B=YmJi\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let again = cli.run(
        &["secret", "export", "team", "-o", out.to_str().unwrap()],
        b"",
    );
    assert_eq!(
        again.status.code(),
        Some(2),
        "never overwrite an existing export file"
    );
    let audited = |cli: &Cli| {
        cli.ok(&["audit", "list", "--action", "secret.export"], b"")
            .lines()
            .count()
    };
    let exports = audited(&cli);
    assert_eq!(
        exports,
        1 + 2,
        "a header and the two exports that read values"
    );
    let typo = dir.path().join("typo.env_encoded");
    let missing = cli.run(
        &["secret", "export", "teem", "-o", typo.to_str().unwrap()],
        b"",
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("there is no namespace teem"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
    assert!(!typo.exists(), "no empty backup is left behind");
    assert_eq!(audited(&cli), exports);
}
