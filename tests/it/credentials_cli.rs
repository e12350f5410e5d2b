//! The CLI's `credential apply`, `test` (one, and `--all`) and `token` against a real local token server.

use crate::support::Cli;
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};
use serde_json::Value;
use std::path::Path;

/// A CLI on `dir` whose `company` namespace holds OKTA_SECRET (the token server's client secret) and
/// WRONG (a secret it refuses).
fn cli_with_okta_secrets(dir: &Path) -> Cli {
    let cli = Cli::new(dir);
    cli.ok(
        &["secret", "set", "company", "OKTA_SECRET"],
        CLIENT_SECRET.as_bytes(),
    );
    cli.ok(&["secret", "set", "company", "WRONG"], b"nope");
    cli
}

/// `credential apply` of a client-credentials credential against `server`, its client secret read
/// from the secret named `secret`.
fn cli_apply_okta(cli: &Cli, server: &TokenServer, namespace: &str, name: &str, secret: &str) {
    let yaml = format!(
        "namespace: {namespace}\nname: {name}\ntype: oauth2_client_credentials\ninputs:\n  token_url: {}\n  client_id: \"{CLIENT_ID}\"\n  client_secret: \"{{{{ secret('{secret}') }}}}\"\n  auth_method: client_secret_post\nsettings:\n  timeout: PT5S\n",
        server.url("/token")
    );
    let file = cli.data_dir.join(format!("{name}.yaml"));
    std::fs::write(&file, yaml).unwrap();
    cli.ok(&["credential", "apply", "-f", file.to_str().unwrap()], b"");
}

#[test]
fn cli_apply_test_and_token() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TokenServer::start());
    let dir = tempfile::tempdir().unwrap();
    let cli = cli_with_okta_secrets(dir.path());
    cli_apply_okta(&cli, &server, "company", "okta", "OKTA_SECRET");
    let tested = cli.run(
        &["credential", "test", "--namespace", "company", "okta"],
        b"",
    );
    assert_eq!(
        tested.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&tested.stdout)
    );
    let token = cli.ok(
        &["credential", "token", "--namespace", "company", "okta"],
        b"",
    );
    assert_eq!(
        token.trim_end(),
        server.issued().last().unwrap(),
        "prints only the token"
    );

    cli_apply_okta(&cli, &server, "company", "okta", "WRONG");
    let failed = cli.run(
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
    assert_eq!(failed.status.code(), Some(1));
    let result: Value = serde_json::from_slice(&failed.stdout).unwrap();
    assert_eq!(result["error"], "invalid_client");
    assert!(
        result["hint"]
            .as_str()
            .unwrap()
            .contains("client_secret_basic")
    );
    let missing = cli.run(
        &["credential", "test", "--namespace", "company", "nope"],
        b"",
    );
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn cli_test_all_tests_every_credential_the_namespace_sees_and_fails_if_one_fails() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TokenServer::start());
    let dir = tempfile::tempdir().unwrap();
    let cli = cli_with_okta_secrets(dir.path());
    let apply = |namespace: &str, name: &str, secret: &str| {
        cli_apply_okta(&cli, &server, namespace, name, secret);
    };
    // One of its own and one inherited from its parent pass; one of its own is refused.
    cli.ok(&["namespace", "create", "company.team"], b"");
    apply("company", "okta", "OKTA_SECRET");
    apply("company.team", "okta-team", "OKTA_SECRET");
    apply("company.team", "okta-wrong", "WRONG");

    // The exit code and what was printed.
    let test_all = |namespace: &str| {
        let out = cli.run(
            &["credential", "test", "--all", "--namespace", namespace],
            b"",
        );
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.code(), stdout)
    };
    let (code, stdout) = test_all("company.team");
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("ok: okta (oauth2_client_credentials)"),
        "{stdout}"
    );
    assert!(stdout.contains("ok: okta-team"), "{stdout}");
    assert!(
        stdout.contains("FAILED: okta-wrong (oauth2_client_credentials): invalid_client"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 of 3 credentials in namespace company.team passed, 1 failed"),
        "{stdout}"
    );

    let json = cli.run(
        &[
            "--json",
            "credential",
            "test",
            "--all",
            "--namespace",
            "company.team",
        ],
        b"",
    );
    assert_eq!(json.status.code(), Some(1));
    let entries: Value = serde_json::from_slice(&json.stdout).unwrap();
    let outcomes: Vec<(String, String, bool)> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["namespace"].as_str().unwrap_or("").to_owned(),
                e["name"].as_str().unwrap().to_owned(),
                e["result"]["ok"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("company".to_owned(), "okta".to_owned(), true),
            ("company.team".to_owned(), "okta-team".to_owned(), true),
            ("company.team".to_owned(), "okta-wrong".to_owned(), false),
        ]
    );

    // Where every credential passes, the run exits 0; a run with nothing to test says so and passes.
    cli.ok(&["namespace", "create", "empty"], b"");
    for (namespace, summary) in [
        (
            "company",
            "1 of 1 credentials in namespace company passed, 0 failed",
        ),
        (
            "empty",
            "0 of 0 credentials in namespace empty passed, 0 failed",
        ),
    ] {
        let (code, stdout) = test_all(namespace);
        assert_eq!(code, Some(0), "{stdout}");
        assert!(stdout.contains(summary), "{stdout}");
    }

    // A name and --all together, or neither, are refused before anything is tested.
    let both = cli.run(
        &[
            "credential",
            "test",
            "--all",
            "--namespace",
            "company",
            "okta",
        ],
        b"",
    );
    assert_eq!(both.status.code(), Some(2));
    let neither = cli.run(&["credential", "test", "--namespace", "company"], b"");
    assert_eq!(neither.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&neither.stderr).contains("--all"),
        "{}",
        String::from_utf8_lossy(&neither.stderr)
    );
}

/// A token endpoint on 127.0.0.1 at `/token/{name}`. The request for `slow` is answered only once
/// every other one has been (`others` of them); the others only once four requests have been in
/// flight at the same time. Each waits 10 s at most. It reports the most requests it saw at once.
struct GatheringEndpoint {
    base: String,
    most_at_once: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

async fn gathering_endpoint(slow: &'static str, others: usize) -> GatheringEndpoint {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Default)]
    struct Counts {
        in_flight: AtomicUsize,
        most: Arc<AtomicUsize>,
        answered: AtomicUsize,
    }
    /// Counts a request out when its handler ends, also when the client gave up and the server
    /// dropped the handler mid-wait.
    struct InFlight(Arc<Counts>);
    impl Drop for InFlight {
        fn drop(&mut self) {
            self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }
    async fn wait_until(ready: impl Fn() -> bool) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        while !ready() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    let counts = Arc::new(Counts::default());
    let most_at_once = counts.most.clone();
    let handler = move |axum::extract::Path(name): axum::extract::Path<String>| {
        let counts = counts.clone();
        async move {
            let now = counts.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            let _in_flight = InFlight(counts.clone());
            counts.most.fetch_max(now, Ordering::SeqCst);
            if name == slow {
                wait_until(|| counts.answered.load(Ordering::SeqCst) >= others).await;
            } else {
                wait_until(|| counts.most.load(Ordering::SeqCst) >= 4).await;
                counts.answered.fetch_add(1, Ordering::SeqCst);
            }
            axum::Json(serde_json::json!({
                "access_token": format!("token-for-{name}"),
                "token_type": "Bearer",
                "expires_in": 3600,
            }))
        }
    };
    let app = axum::Router::new().route("/token/{name}", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    GatheringEndpoint { base, most_at_once }
}

#[test]
fn cli_test_all_keeps_four_tests_in_flight_and_prints_in_name_order() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    // `a` is answered last, after the five others; those only once four Tests are in flight at
    // once. One Test at a time, or four that wait for the first of them to finish before the next
    // starts, would leave `a` waiting past its 5 s timeout.
    let names = ["a", "b", "c", "d", "e", "f"];
    let endpoint = rt.block_on(gathering_endpoint("a", names.len() - 1));
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    cli.ok(&["secret", "set", "company", "SECRET"], b"s3cret");
    for name in names {
        let yaml = format!(
            "namespace: company\nname: {name}\ntype: oauth2_client_credentials\ninputs:\n  token_url: {}/token/{name}\n  client_id: client-{name}\n  client_secret: \"{{{{ secret('SECRET') }}}}\"\nsettings:\n  timeout: PT5S\n",
            endpoint.base
        );
        let file = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&file, yaml).unwrap();
        cli.ok(&["credential", "apply", "-f", file.to_str().unwrap()], b"");
    }

    let out = cli.run(
        &["credential", "test", "--all", "--namespace", "company"],
        b"",
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("6 of 6 credentials in namespace company passed, 0 failed"),
        "{stdout}"
    );
    assert_eq!(
        endpoint
            .most_at_once
            .load(std::sync::atomic::Ordering::SeqCst),
        4,
        "Tests in flight at once"
    );
    // Printed in name order, though `a` finished last.
    let printed: Vec<usize> = names
        .iter()
        .map(|name| {
            stdout
                .find(&format!("ok: {name} (oauth2_client_credentials)"))
                .unwrap_or_else(|| panic!("{name} not printed: {stdout}"))
        })
        .collect();
    assert!(printed.is_sorted(), "{stdout}");
}

#[test]
fn apply_warns_about_a_referenced_secret_defined_nowhere_yet() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TokenServer::start());
    let dir = tempfile::tempdir().unwrap();
    let cli = cli_with_okta_secrets(dir.path());
    let yaml = |secret: &str| {
        format!(
            "namespace: company.team\nname: okta\ntype: oauth2_client_credentials\ninputs:\n  token_url: {}\n  client_id: x\n  client_secret: \"{{{{ secret('{secret}') }}}}\"\n",
            server.url("/token")
        )
    };
    let file = dir.path().join("okta.yaml");
    for (secret, warned) in [("NOPE", true), ("OKTA_SECRET", false)] {
        std::fs::write(&file, yaml(secret)).unwrap();
        let out = cli.run(&["credential", "apply", "-f", file.to_str().unwrap()], b"");
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.contains(&format!("warning: secret {secret} is not defined")),
            warned,
            "{secret}: {stderr}"
        );
    }
}
