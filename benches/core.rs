//! In-process figures of the core: API token verification per request, KV round trips and a
//! 10 000-pair listing, unlocking a passphrase-mode data dir (Argon2id), and re-sealing 10 000
//! secrets under new data keys. Run: `cargo bench -p keystead --bench core`.
#![allow(clippy::unwrap_used)] // a benchmark that fails should stop loudly

use keystead::api::dto::*;
use keystead::api::{Caller, KeySource, Keystead, OpenOptions};
use secrecy::SecretString;
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "benchmark passphrase";

fn passphrase() -> KeySource {
    KeySource {
        keyring: None,
        keyring_unavailable: Some("not used in benchmarks".into()),
        passphrase: Some(SecretString::from(PASSPHRASE.to_owned())),
        recovery_key: None,
    }
}

async fn open(dir: &Path) -> Keystead {
    Keystead::open(OpenOptions {
        data_dir: dir.to_path_buf(),
        keys: passphrase(),
        clock: keystead::time::Clock::system(),
    })
    .await
    .unwrap()
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{name:<44} median {:>9.1} µs   p99 {:>9.1} µs   ({} rounds)",
        us(percentile(&samples, 50)),
        us(percentile(&samples, 99)),
        samples.len()
    );
}

async fn service_account_token(k: &Keystead, admin: &Caller) -> String {
    k.principal_create(
        admin,
        PrincipalCreateRequest {
            tenant: "main".into(),
            name: "ci".into(),
            kind: PrincipalKind::ServiceAccount,
            description: String::new(),
        },
    )
    .await
    .unwrap();
    for namespace in ["company", "company.team", "other"] {
        k.role_grant(
            admin,
            RoleChangeRequest {
                tenant: "main".into(),
                principal: "ci".into(),
                role: Role::Use,
                namespace: Some(namespace.into()),
            },
        )
        .await
        .unwrap();
    }
    k.token_create(
        admin,
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
    .token
}

fn kv_write(key: &str, value: i64) -> KvSetRequest {
    KvSetRequest {
        tenant: "main".into(),
        namespace: "jobs".into(),
        key: key.into(),
        value: Some(KvValueInput {
            kind: Some(KvType::Number),
            value: json!(value),
            parse: false,
        }),
        description: None,
        expiry: KvExpiry::Keep,
        if_version: None,
        if_absent: false,
    }
}

async fn token_verification(k: &Keystead, admin: &Caller) {
    let token = service_account_token(k, admin).await;
    let mut samples = Vec::new();
    for round in 0..5_200 {
        let started = Instant::now();
        let caller = k.authenticate(&token, Some("127.0.0.1")).await.unwrap();
        let took = started.elapsed();
        std::hint::black_box(caller);
        if round >= 200 {
            samples.push(took);
        }
    }
    report(
        "token verification (parse+CRC, lookup, compare, rights)",
        samples,
    );
}

async fn kv(k: &Keystead, admin: &Caller) {
    const ROUNDS: i64 = 5_000;
    k.kv_set(admin, kv_write("cursor", 0)).await.unwrap();
    let started = Instant::now();
    for round in 1..=ROUNDS {
        k.kv_set(admin, kv_write("cursor", round)).await.unwrap();
        let got = k
            .kv_get(admin, "main", "jobs", "cursor", false)
            .await
            .unwrap();
        assert_eq!(got.value, json!(round));
    }
    let elapsed = started.elapsed();
    println!(
        "kv set + get round trips (sequential)        {:>9.0} per second   ({ROUNDS} rounds)",
        ROUNDS as f64 / elapsed.as_secs_f64()
    );

    const PAIRS: usize = 10_000;
    for i in 0..PAIRS {
        k.kv_set(admin, kv_write(&format!("pair.{i:05}"), i as i64))
            .await
            .unwrap();
    }
    let list = KvListRequest {
        tenant: "main".into(),
        namespace: "jobs".into(),
        prefix: None,
        effective: false,
    };
    let mut samples = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let listed = k.kv_list(admin, list.clone()).await.unwrap();
        samples.push(started.elapsed());
        assert_eq!(listed.len(), PAIRS + 1);
    }
    report("kv list of 10 001 pairs", samples);
}

async fn unlock_and_rotation(dir: &Path, admin: &Caller) {
    const SECRETS: usize = 10_000;
    let k = open(dir).await;
    let content: String = (0..SECRETS)
        .map(|i| format!("SECRET_{i:05}=value-{i}-{}\n", "x".repeat(24)))
        .collect();
    let report_ = k
        .secret_import(
            admin,
            ImportRequest {
                tenant: "main".into(),
                namespace: "company".into(),
                format: ImportFormat::Env,
                content,
                on_conflict: ConflictPolicy::Fail,
                dry_run: false,
            },
        )
        .await
        .unwrap();
    std::hint::black_box(report_);
    let started = Instant::now();
    let rotated = k.key_rotate_data_keys(admin).await.unwrap();
    let elapsed = started.elapsed();
    assert!(rotated.values as usize >= SECRETS);
    println!(
        "data-key rotation, {} values re-sealed          {:>9.0} ms",
        rotated.values,
        elapsed.as_secs_f64() * 1e3
    );
    k.close().await;

    let mut samples = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let k = open(dir).await;
        samples.push(started.elapsed());
        k.close().await;
    }
    samples.sort();
    println!(
        "unlock (open a passphrase-mode data dir)      median {:>6.0} ms   max {:>6.0} ms   (Argon2id 64 MiB, t=3)",
        samples[samples.len() / 2].as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let admin = Caller::local_admin("bench");
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let k = open(dir.path()).await;
        token_verification(&k, &admin).await;
        kv(&k, &admin).await;
        k.close().await;
        let dir = tempfile::tempdir().unwrap();
        unlock_and_rotation(dir.path(), &admin).await;
    });
}
