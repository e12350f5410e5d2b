//! Minting overhead: a Test against the local token server vs a bare reqwest POST of the same
//! request, and assertion signing time per algorithm. Run: `cargo bench -p keystead --bench mint`.
//!
//! The goal compares with the bare POST. A third line times that POST under a deadline, as every
//! outbound call of Keystead's is (`tokio::time::timeout`, like the Test's own): arming a timer
//! when none is pending wakes the runtime's timer driver, a cost the bare POST does not pay. The
//! Test's distance from that line is Keystead's own work.
#![allow(clippy::unwrap_used)] // a benchmark that fails should stop loudly

#[path = "../tests/it/token_server.rs"]
#[allow(dead_code)]
mod token_server;

use keystead::credentials::mint::{
    self, ClientAuthMethod, GrantSpec, HttpClient, MintSpec, SigningAlgorithm,
};
use secrecy::SecretString;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer, key};

const WARMUP: usize = 50;
const ROUNDS: usize = 1000;

struct Stats {
    median_us: f64,
    mean_us: f64,
    p95_us: f64,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let mean = samples.iter().map(|d| us(*d)).sum::<f64>() / samples.len() as f64;
    Stats {
        median_us: us(samples[samples.len() / 2]),
        mean_us: mean,
        p95_us: us(samples[samples.len() * 95 / 100]),
    }
}

fn report(name: &str, s: &Stats) {
    println!(
        "{name:<42} median {:>9.1} µs   mean {:>9.1} µs   p95 {:>9.1} µs",
        s.median_us, s.mean_us, s.p95_us
    );
}

fn time_sync(mut f: impl FnMut()) -> Stats {
    for _ in 0..WARMUP {
        f();
    }
    let mut samples = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        f();
        samples.push(started.elapsed());
    }
    stats(samples)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = TokenServer::start().await;
        let token_url = server.url("/token");
        let http = HttpClient::new().unwrap();
        let spec = MintSpec {
            grant: GrantSpec::ClientCredentials {
                token_url: token_url.clone(),
                client_id: CLIENT_ID.into(),
                client_secret: SecretString::from(CLIENT_SECRET),
                auth_method: ClientAuthMethod::Basic,
                scope: Some("read".into()),
                audience: None,
                resource: None,
                extra_params: BTreeMap::new(),
            },
            timeout: Duration::from_secs(5),
        };
        // The same request by hand: one reqwest client, Basic header, form body, JSON parse.
        let bare_client = reqwest::Client::builder().build().unwrap();
        let authorization = {
            use base64::Engine;
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            let pair = format!("{}:{}", enc(CLIENT_ID), enc(CLIENT_SECRET));
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        };
        let keystead_once = || async {
            let result = mint::test(&http, &spec, "bench", "oauth2_client_credentials").await;
            assert!(result.ok);
        };
        let bare_once = || async {
            let response = bare_client
                .post(&token_url)
                .header("Authorization", &authorization)
                .form(&[("grant_type", "client_credentials"), ("scope", "read")])
                .send()
                .await
                .unwrap();
            let body: serde_json::Value = response.json().await.unwrap();
            assert!(body["access_token"].is_string());
        };
        let bounded_once = || async {
            tokio::time::timeout(spec.timeout, bare_once())
                .await
                .unwrap();
        };
        // Interleaved, so server state and machine drift hit both sides alike.
        for _ in 0..WARMUP {
            keystead_once().await;
            bare_once().await;
            bounded_once().await;
        }
        let (mut ours, mut theirs, mut bounded) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let started = Instant::now();
            keystead_once().await;
            ours.push(started.elapsed());
            let started = Instant::now();
            bare_once().await;
            theirs.push(started.elapsed());
            let started = Instant::now();
            bounded_once().await;
            bounded.push(started.elapsed());
        }
        let (keystead, bare, bounded) = (stats(ours), stats(theirs), stats(bounded));

        println!(
            "Test (client_secret_basic) vs bare reqwest POST, {ROUNDS} rounds, local axum server"
        );
        report("keystead mint::test", &keystead);
        report("bare reqwest POST + JSON parse", &bare);
        report("the same POST under a deadline", &bounded);
        println!(
            "ratio (median) {:.2}x   ratio (mean) {:.2}x   (to the bare POST: the goal)",
            keystead.median_us / bare.median_us,
            keystead.mean_us / bare.mean_us
        );
        println!(
            "ratio (median) {:.2}x   ratio (mean) {:.2}x   (to the POST under a deadline)",
            keystead.median_us / bounded.median_us,
            keystead.mean_us / bounded.mean_us
        );
    });

    println!("\nAssertion signing (PEM parse + sign, as one mint does), {ROUNDS} rounds");
    for (name, file, algorithm) in [
        (
            "RS256 (RSA 2048, PKCS#8)",
            "rsa_pkcs8.pem",
            SigningAlgorithm::Rs256,
        ),
        (
            "RS256 (RSA 2048, PKCS#1)",
            "rsa2_pkcs1.pem",
            SigningAlgorithm::Rs256,
        ),
        ("PS256 (RSA 2048)", "rsa_pkcs8.pem", SigningAlgorithm::Ps256),
        (
            "ES256 (P-256)",
            "ec_p256_pkcs8.pem",
            SigningAlgorithm::Es256,
        ),
        (
            "EdDSA (Ed25519)",
            "ed25519_pkcs8.pem",
            SigningAlgorithm::EdDsa,
        ),
    ] {
        let pem = SecretString::from(key(file));
        let s = time_sync(|| {
            mint::sign_client_assertion(
                &pem,
                algorithm,
                Some("kid"),
                "client",
                "https://idp.example/token",
                Duration::from_secs(60),
            )
            .unwrap();
        });
        report(name, &s);
    }
}
