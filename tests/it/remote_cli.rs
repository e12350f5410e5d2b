//! `keystead --server URL` with KEYSTEAD_TOKEN: the same commands, output and exit codes as on
//! the local data dir; and `keystead serve` as a process (logs, SIGTERM).

use crate::http_api::serve;
use crate::support::{Cli, PASSPHRASE, contains};
use keystead::api::dto::Role;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_commands_print_what_local_ones_print_and_exit_the_same() {
    let s = serve().await;
    let token = s.account("root", Role::Admin, None).await;
    let remote = Cli::remote(&s.base, &token);
    remote.ok(&["secret", "set", "company", "API_KEY"], b"v1\n");
    remote.ok(&["secret", "set", "company.team", "API_KEY"], b"v2\n");
    remote.ok(
        &[
            "secret",
            "set",
            "company.team",
            "DB_PASSWORD",
            "--description",
            "db",
        ],
        b"p",
    );
    let listed = json_of(&remote.ok(
        &["--json", "secret", "list", "company.team", "--effective"],
        b"",
    ));
    let keys: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["key"].as_str().unwrap(),
                i["origin"].as_str().unwrap(),
                i["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("API_KEY", "company.team", "••••••••"),
            ("DB_PASSWORD", "company.team", "••••••••")
        ]
    );
    assert_eq!(listed[0]["shadows"][0], "company");
    let revealed = remote.ok(
        &["secret", "get", "company.team", "API_KEY", "--reveal"],
        b"",
    );
    assert_eq!(revealed, "v2\n");
    // What a CI job runs: a use token gets the value it sees (here the parent's), no reveal.
    let job = s.account("job", Role::Use, Some("company.team")).await;
    let job = Cli::remote(&s.base, &job);
    let inherited = job.ok(&["secret", "value", "company.team.etl", "API_KEY"], b"");
    assert_eq!(inherited, "v2\n");
    let refused = job.run(
        &["secret", "get", "company.team", "API_KEY", "--reveal"],
        b"",
    );
    assert_eq!(refused.status.code(), Some(1), "a reveal needs admin");
    let table = remote.ok(&["secret", "list", "company.team"], b"");
    assert!(
        table.starts_with("KEY") && table.contains("DB_PASSWORD"),
        "{table}"
    );

    // Failures: the same exit codes and JSON errors as locally.
    let missing = remote.run(&["--json", "secret", "get", "company", "NOPE"], b"");
    assert_eq!(missing.status.code(), Some(1));
    let error = json_of(
        String::from_utf8_lossy(&missing.stderr)
            .lines()
            .last()
            .unwrap(),
    );
    assert_eq!(error["error"]["code"], "not_found");
    let invalid = remote.run(&["secret", "get", "Bad!", "K"], b"");
    assert_eq!(
        invalid.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&invalid.stderr)
    );

    remote.ok(&["principal", "create", "--service-account", "ci"], b"");
    remote.ok(
        &["role", "grant", "ci", "read", "--namespace", "company"],
        b"",
    );
    let created = json_of(&remote.ok(
        &[
            "--json",
            "token",
            "create",
            "--service-account",
            "ci",
            "--name",
            "ro",
        ],
        b"",
    ));
    let reader = Cli::remote(&s.base, created["token"].as_str().unwrap());
    let denied = reader.run(&["secret", "get", "company", "API_KEY", "--reveal"], b"");
    assert_eq!(denied.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&denied.stderr).contains("admin"));
    let status = reader.ok(&["status"], b"");
    assert!(
        status.contains("acting as:  ci") && status.contains("read on company"),
        "{status}"
    );

    let no_token = Cli::remote(&s.base, "");
    let refused = no_token.run(&["secret", "list", "company"], b"");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("KEYSTEAD_TOKEN"));
    let nobody = Cli::remote("http://127.0.0.1:1", &token);
    let unreachable = nobody.run(&["secret", "list", "company"], b"");
    assert_eq!(unreachable.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unreachable.stderr).contains("cannot reach"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_and_remote_listings_are_identical_on_the_same_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let local = Cli::new(dir.path());
    local.ok(&["secret", "set", "company", "K"], b"v");
    local.ok(&["principal", "create", "--service-account", "root"], b"");
    local.ok(&["role", "grant", "root", "admin"], b"");
    let token = local
        .ok(
            &[
                "token",
                "create",
                "--service-account",
                "root",
                "--name",
                "x",
            ],
            b"",
        )
        .trim()
        .to_owned();
    let (url, mut child) = spawn_server(dir.path(), &[]);
    let remote = Cli::remote(&url, &token);
    for args in [
        &["--json", "secret", "list", "company"][..],
        &["--json", "namespace", "list"][..],
        &["--json", "principal", "list"][..],
        &["--json", "credential", "types", "list"][..],
        &["secret", "list", "company"][..],
    ] {
        assert_eq!(remote.ok(args, b""), local.ok(args, b""), "{args:?}");
    }
    stop(&mut child);
}

/// Starts `keystead serve` on a free port; returns its URL and the process.
fn spawn_server(data_dir: &std::path::Path, extra: &[&str]) -> (String, std::process::Child) {
    let cli = Cli::new(data_dir);
    let mut child = cli
        .command()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stderr).lines();
        let mut all = Vec::new();
        while let Some(Ok(line)) = lines.next() {
            if let Some(rest) = line.split("keystead: serving ").nth(1) {
                let url = rest.split("/api/v1").next().unwrap_or("").to_owned();
                let _ = tx.send(Ok(url));
            }
            all.push(line);
        }
        let _ = tx.send(Err(all.join("\n")));
    });
    match rx.recv_timeout(Duration::from_secs(30)).unwrap() {
        Ok(url) => (url, child),
        Err(log) => panic!("keystead serve did not start:\n{log}"),
    }
}

fn stop(child: &mut std::process::Child) -> std::process::ExitStatus {
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_stops_on_sigterm_and_never_logs_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let local = Cli::new(dir.path());
    local.ok(&["secret", "set", "company", "K"], b"canary-value-77");
    local.ok(&["principal", "create", "--service-account", "svc"], b"");
    local.ok(
        &["role", "grant", "svc", "use", "--namespace", "company"],
        b"",
    );
    let token = local
        .ok(
            &["token", "create", "--service-account", "svc", "--name", "x"],
            b"",
        )
        .trim()
        .to_owned();
    let log = dir.path().join("serve.log");
    let cli = Cli::new(dir.path());
    let mut child = cli
        .command()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let url = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(rest) = text.split("keystead: serving ").nth(1) {
            break rest.split("/api/v1").next().unwrap().to_owned();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no start: {text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let remote = Cli::remote(&url, &token);
    remote.ok(&["credential", "types", "list"], b"");
    // Another last character (one in 62 tokens ends with `x` already).
    let last = if token.ends_with('x') { 'y' } else { 'x' };
    let wrong = Cli::remote(&url, &format!("{}{last}", &token[..39]));
    assert_eq!(
        wrong.run(&["namespace", "list"], b"").status.code(),
        Some(1)
    );
    let curl = std::process::Command::new("curl")
        .args(["-s", "-H", &format!("Authorization: Bearer {token}")])
        .arg(format!("{url}/api/v1/main/namespaces/company/secrets/K"))
        .output();
    if let Ok(out) = curl {
        assert!(
            contains(&out.stdout, b"canary-value-77"),
            "the machine route serves it"
        );
    }
    let status = stop(&mut child);
    assert!(status.success(), "graceful exit: {status:?}");
    let text = std::fs::read(&log).unwrap();
    assert!(contains(&text, b"stopping"));
    assert!(
        !contains(&text, token.as_bytes()),
        "RUST_LOG=trace never logs the token"
    );
    assert!(!contains(&text, &token.as_bytes()[4..20]));
    assert!(!contains(&text, b"canary-value-77"));
    assert!(!contains(&text, PASSPHRASE.as_bytes()));
}

/// The master key and decrypted values never reach a core dump: the server runs with a core file
/// size limit of 0, soft and hard (so it cannot raise it back either).
#[cfg(target_os = "linux")]
#[test]
fn the_cli_runs_with_core_dumps_off() {
    let dir = tempfile::tempdir().unwrap();
    Cli::new(dir.path()).ok(&["namespace", "create", "company"], b"");
    let (_url, mut child) = spawn_server(dir.path(), &[]);
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    stop(&mut child);
    let core = limits
        .lines()
        .find(|line| line.starts_with("Max core file size"))
        .unwrap();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(fields[4..6], ["0", "0"], "{core}");
}
