//! Canary values written through the CLI must appear nowhere but in an explicit reveal.

use crate::support::{Cli, contains, files_under};

#[test]
fn canary_values_reach_no_file_log_or_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cli = Cli::new(&data);
    let canaries: Vec<String> = (0..5)
        .map(|n| format!("CANARY-{n}-7f3a9c1e-do-not-leak"))
        .collect();
    let mut logs: Vec<u8> = Vec::new();
    let mut record = |out: std::process::Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        logs.extend_from_slice(&out.stderr);
        out.stdout
    };
    for (n, canary) in canaries.iter().enumerate() {
        record(cli.run(
            &["secret", "set", "leak.test", &format!("KEY_{n}")],
            canary.as_bytes(),
        ));
    }
    // Update one value (new version), import one, and exercise the read paths.
    record(cli.run(
        &["secret", "set", "leak.test", "KEY_0"],
        canaries[1].as_bytes(),
    ));
    let env_file = format!("IMPORTED={}\n", canaries[2]);
    record(cli.run(
        &["secret", "import", "leak.other", "-"],
        env_file.as_bytes(),
    ));
    let mut non_reveal_output = Vec::new();
    for args in [
        vec!["secret", "list", "leak.test", "--effective"],
        vec!["--json", "secret", "list", "leak.test"],
        vec!["secret", "get", "leak.test", "KEY_3"],
        vec!["--json", "secret", "versions", "leak.test", "KEY_0"],
        vec!["--json", "audit", "list"],
        vec!["status"],
    ] {
        non_reveal_output.extend(record(cli.run(&args, b"")));
    }
    let revealed = record(cli.run(&["secret", "get", "leak.test", "KEY_4", "--reveal"], b""));
    assert!(
        contains(&revealed, canaries[4].as_bytes()),
        "the explicit reveal works"
    );
    assert!(
        !logs.is_empty(),
        "RUST_LOG=trace produced log output to scan"
    );

    let files = files_under(&data);
    assert!(files.iter().any(|f| f.ends_with("keystead.db")));
    for canary in &canaries {
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            assert!(
                !contains(&bytes, canary.as_bytes()),
                "{canary} found in {}",
                file.display()
            );
        }
        assert!(
            !contains(&logs, canary.as_bytes()),
            "{canary} found in logs"
        );
        assert!(
            !contains(&non_reveal_output, canary.as_bytes()),
            "{canary} in non-reveal output"
        );
    }
}

#[test]
fn minting_logs_neither_the_client_secret_nor_the_token() {
    use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TokenServer::start());
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    let mut logs: Vec<u8> = Vec::new();
    let mut run = |args: &[&str], stdin: &[u8]| {
        let out = cli.run(args, stdin);
        logs.extend_from_slice(&out.stderr);
        out
    };
    run(
        &["secret", "set", "company", "OKTA_SECRET"],
        CLIENT_SECRET.as_bytes(),
    );
    let file = dir.path().join("okta.json");
    let definition = serde_json::json!({
        "namespace": "company", "name": "okta", "type": "oauth2_client_credentials",
        "inputs": {"token_url": server.url("/token"), "client_id": CLIENT_ID,
                   "client_secret": "{{ secret('OKTA_SECRET') }}"}
    });
    std::fs::write(&file, definition.to_string()).unwrap();
    assert!(
        run(&["credential", "apply", "-f", file.to_str().unwrap()], b"")
            .status
            .success()
    );
    let tested = run(
        &[
            "--json",
            "credential",
            "test",
            "--namespace",
            "company",
            "okta",
        ],
        b"",
    );
    assert!(
        tested.status.success(),
        "{}",
        String::from_utf8_lossy(&tested.stdout)
    );
    let token = run(
        &["credential", "token", "--namespace", "company", "okta"],
        b"",
    );
    assert!(token.status.success());
    let issued = server.issued();
    assert_eq!(issued.len(), 2);
    assert!(
        !logs.is_empty(),
        "RUST_LOG=trace produced log output to scan"
    );
    for needle in [
        CLIENT_SECRET.to_owned(),
        issued[0].clone(),
        issued[1].clone(),
    ] {
        assert!(
            !contains(&logs, needle.as_bytes()),
            "a secret or token reached the logs"
        );
        assert!(
            !contains(&tested.stdout, needle.as_bytes()),
            "the Test result shows no full token or secret"
        );
        for file in files_under(dir.path()) {
            assert!(
                !contains(&std::fs::read(&file).unwrap(), needle.as_bytes()),
                "found in {}",
                file.display()
            );
        }
    }
    assert!(
        contains(&token.stdout, issued[1].as_bytes()),
        "`credential token` prints the token"
    );
}

#[test]
fn types_that_carry_plaintext_never_show_it_in_debug_output() {
    use keystead::api::dto::*;
    const CANARY: &str = "debug-canary-4711";
    let meta = SecretMeta {
        namespace: "ns".into(),
        key: "K".into(),
        description: String::new(),
        read_only: false,
        version: 1,
        created_at: String::new(),
        updated_at: String::new(),
        updated_by: String::new(),
    };
    let info = ApiTokenDto {
        id: "AbCdEfGh".into(),
        prefix: "kst_AbCdEfGh…".into(),
        principal: "ci".into(),
        name: "n".into(),
        description: String::new(),
        max_age: None,
        extended: false,
        narrowing: None,
        created_at: String::new(),
        created_by: String::new(),
        expires_at: None,
        expired: false,
        last_used_at: None,
        last_used_from: None,
        revoked: false,
        revoked_at: None,
        revoked_by: None,
    };
    let formatted = [
        format!("{:?}", crate::support::set_request("ns", "K", CANARY)),
        format!(
            "{:?}",
            SecretView {
                meta: meta.clone(),
                value: CANARY.into(),
                revealed: true
            }
        ),
        format!(
            "{:?}",
            ImportRequest {
                tenant: "main".into(),
                namespace: "ns".into(),
                format: ImportFormat::Env,
                content: format!("K={CANARY}"),
                on_conflict: ConflictPolicy::Fail,
                dry_run: true,
            }
        ),
        format!(
            "{:?}",
            TokenDto {
                access_token: CANARY.into(),
                token_type: "Bearer".into(),
                expires_at: String::new()
            }
        ),
        format!(
            "{:?}",
            SecretValueDto {
                key: "K".into(),
                value: CANARY.into(),
                origin: "ns".into(),
                version: 1
            }
        ),
        format!(
            "{:?}",
            CreatedToken {
                token: CANARY.into(),
                info
            }
        ),
        format!(
            "{:?}",
            RecoveryKeyDto {
                recovery_key: CANARY.into()
            }
        ),
    ];
    for text in formatted {
        assert!(!text.contains(CANARY), "{text}");
    }
}
