//! `keystead serve` under load, on loopback: requests/s and latency of `GET secret` and of the
//! cached `GET …/token` next to the unauthenticated health route (the ceiling), with wrk at 64
//! connections; then one whole `keystead --server … credential token` process against `curl` of
//! the same route. Run: `cargo bench -p keystead --bench http` (needs `wrk` and `curl`).
#![allow(clippy::unwrap_used)] // a benchmark that fails should stop loudly

#[path = "../tests/it/token_server.rs"]
#[allow(dead_code)]
mod token_server;

// The same allocator as the `keystead` binary that serves in production.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use keystead::api::dto::*;
use keystead::api::{Caller, KeySource, Keystead, OpenOptions};
use keystead::http::ServeOptions;
use secrecy::SecretString;
use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};

const CONNECTIONS: &str = "64";
const SECONDS: &str = "8s";
const PROCESS_ROUNDS: usize = 60;

/// wrk's summary as one JSON line (wrk prints percentiles only as text otherwise).
const WRK_REPORT: &str = r#"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"#;

struct Load {
    rps: f64,
    p50_us: f64,
    p99_us: f64,
}

fn wrk(script: &std::path::Path, url: &str, token: Option<&str>) -> Load {
    let mut command = Command::new("wrk");
    command.args(["-t", "2", "-c", CONNECTIONS, "-d", SECONDS, "-s"]);
    command.arg(script);
    if let Some(token) = token {
        command.args(["-H", &format!("Authorization: Bearer {token}")]);
    }
    let output = command.arg(url).stderr(Stdio::inherit()).output().expect(
        "wrk is needed for this benchmark (Debian: apt-get install wrk); make bench installs it",
    );
    assert!(output.status.success(), "wrk failed");
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().rfind(|l| l.starts_with('{')).unwrap();
    let doc: Value = serde_json::from_str(line).unwrap();
    assert_eq!(doc["errors"], 0, "every request must succeed: {text}");
    Load {
        rps: doc["requests"].as_f64().unwrap() / (doc["duration_us"].as_f64().unwrap() / 1e6),
        p50_us: doc["p50_us"].as_f64().unwrap(),
        p99_us: doc["p99_us"].as_f64().unwrap(),
    }
}

/// No ceiling measured: ratios print as against 1 request/s.
fn health_placeholder() -> Load {
    Load {
        rps: 1.0,
        p50_us: 0.0,
        p99_us: 0.0,
    }
}

fn print_load(name: &str, load: &Load, ceiling: &Load) {
    println!(
        "{name:<34} {:>9.0} req/s   p50 {:>7.0} µs   p99 {:>7.0} µs   {:.2}× health",
        load.rps,
        load.p50_us,
        load.p99_us,
        load.rps / ceiling.rps
    );
}

/// Median wall time of a whole process, run sequentially after a few warm-up runs.
fn process_median(mut command: impl FnMut() -> Command) -> Duration {
    for _ in 0..5 {
        assert!(command().status().unwrap().success());
    }
    let mut samples: Vec<Duration> = (0..PROCESS_ROUNDS)
        .map(|_| {
            let started = Instant::now();
            let status = command().status().unwrap();
            let took = started.elapsed();
            assert!(status.success());
            took
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (server, base, token, _oauth) = runtime.block_on(async {
        let oauth = TokenServer::start().await;
        let k = Keystead::open(OpenOptions {
            data_dir: dir.path().to_path_buf(),
            keys: KeySource {
                keyring: None,
                keyring_unavailable: Some("not used in benchmarks".into()),
                passphrase: Some(SecretString::from("benchmark passphrase".to_owned())),
                recovery_key: None,
            },
            clock: keystead::time::Clock::system(),
        })
        .await
        .unwrap();
        let admin = Caller::local_admin("bench");
        for (namespace, key, value) in [
            ("company", "OKTA_SECRET", CLIENT_SECRET),
            ("company.team", "API_KEY", "team-value"),
        ] {
            k.secret_set(
                &admin,
                SecretSetRequest {
                    tenant: "main".into(),
                    namespace: namespace.into(),
                    key: key.into(),
                    value: value.into(),
                    description: None,
                    read_only: None,
                },
            )
            .await
            .unwrap();
        }
        let def = CredentialDefinition {
            namespace: Some("company".into()),
            name: "okta".into(),
            type_id: "oauth2_client_credentials".into(),
            description: String::new(),
            inputs: json!({"token_url": oauth.url("/token"), "client_id": CLIENT_ID,
                           "client_secret": "{{ secret('OKTA_SECRET') }}"})
            .as_object()
            .unwrap()
            .clone(),
            settings: Default::default(),
        };
        k.credential_apply(&admin, "main", def).await.unwrap();
        k.principal_create(
            &admin,
            PrincipalCreateRequest {
                tenant: "main".into(),
                name: "ci".into(),
                kind: PrincipalKind::ServiceAccount,
                description: String::new(),
            },
        )
        .await
        .unwrap();
        k.role_grant(
            &admin,
            RoleChangeRequest {
                tenant: "main".into(),
                principal: "ci".into(),
                role: Role::Use,
                namespace: Some("company".into()),
            },
        )
        .await
        .unwrap();
        let token = k
            .token_create(
                &admin,
                TokenCreateRequest {
                    tenant: "main".into(),
                    principal: "ci".into(),
                    name: "bench".into(),
                    description: String::new(),
                    max_age: Some("P1D".into()),
                    extended: false,
                    narrowing: None,
                },
            )
            .await
            .unwrap()
            .token;
        let k = Arc::new(k);
        let server = keystead::http::start(
            Arc::clone(&k),
            ServeOptions::new("127.0.0.1:0".parse().unwrap()),
        )
        .await
        .unwrap();
        let base = server.url();
        (server, base, token, oauth)
    });

    let script = dir.path().join("report.lua");
    std::fs::write(&script, WRK_REPORT).unwrap();
    let secret_url = format!("{base}/api/v1/main/namespaces/company.team/secrets/API_KEY");
    let token_url = format!("{base}/api/v1/main/namespaces/company.team/credentials/okta/token");
    // The first token request mints; the rest are served from the cache.
    let curl = |url: &str| {
        let mut command = Command::new("curl");
        command
            .args(["-sf", "-o", "/dev/null", "-H"])
            .arg(format!("Authorization: Bearer {token}"))
            .arg(url);
        command
    };
    assert!(curl(&token_url).status().unwrap().success());

    println!(
        "wrk -t 2 -c {CONNECTIONS} -d {SECONDS}, release server with 2 worker threads, same machine"
    );
    // KEYSTEAD_BENCH_ONLY=secret|token runs that load alone (for a profiler) and stops.
    match std::env::var("KEYSTEAD_BENCH_ONLY").as_deref() {
        Ok("secret") => {
            return print_load(
                "GET …/secrets/API_KEY",
                &wrk(&script, &secret_url, Some(&token)),
                &health_placeholder(),
            );
        }
        Ok("token") => {
            return print_load(
                "GET …/credentials/okta/token",
                &wrk(&script, &token_url, Some(&token)),
                &health_placeholder(),
            );
        }
        _ => {}
    }
    let health = wrk(&script, &format!("{base}/api/v1/health"), None);
    let secret = wrk(&script, &secret_url, Some(&token));
    let minted = wrk(&script, &token_url, Some(&token));
    print_load("GET /api/v1/health (no auth)", &health, &health);
    print_load("GET …/secrets/API_KEY", &secret, &health);
    print_load("GET …/credentials/okta/token", &minted, &health);

    println!(
        "whole process, cached token, median of {PROCESS_ROUNDS} sequential runs (goal ≤ 1.5× curl)"
    );
    let cli = process_median(|| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_keystead"));
        command
            .env_clear()
            .env("KEYSTEAD_SERVER", &base)
            .env("KEYSTEAD_TOKEN", &token)
            .env("HOME", dir.path())
            .args(["credential", "token", "--namespace", "company.team", "okta"])
            .stdout(Stdio::null());
        command
    });
    let bare = process_median(|| curl(&token_url));
    println!(
        "keystead --server … credential token  median {:>7.2} ms",
        cli.as_secs_f64() * 1e3
    );
    println!(
        "curl of the same route                median {:>7.2} ms",
        bare.as_secs_f64() * 1e3
    );
    println!("ratio {:.2}×", cli.as_secs_f64() / bare.as_secs_f64());
    runtime
        .block_on(server.shutdown(Duration::from_secs(2)))
        .unwrap();
}
