//! Cached token resolution: the cost of serving a fresh token from the in-memory cache.
//! Run: `cargo bench -p keystead --bench token_cache`.
#![allow(clippy::unwrap_used)] // a benchmark that fails should stop loudly

use keystead::credentials::cache::{CacheKey, CachedToken, TokenCache};
use secrecy::SecretString;
use std::time::{Duration, Instant};

const ROUNDS: usize = 200_000;
/// Timer overhead is amortised over batches of this many lookups.
const BATCH: usize = 100;

fn percentile(sorted: &[f64], p: usize) -> f64 {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let cache = TokenCache::new();
    let key = CacheKey {
        tenant: "main".into(),
        scope: keystead::model::Scope::Namespace(
            keystead::model::NamespaceId::parse("company.team").unwrap(),
        ),
        name: "okta".into(),
        version: "2026-11-25T12:00:00.000Z|company.team".into(),
    };
    let refresh = Duration::from_secs(60);
    runtime
        .block_on(cache.get_or_mint(
            &key,
            refresh,
            || async {
                Ok::<_, ()>(CachedToken {
                    access_token: SecretString::from("x".repeat(900)),
                    token_type: "Bearer".into(),
                    expires_at: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
                })
            },
            |_| true,
            |_| None,
        ))
        .unwrap();

    let mut per_lookup_ns = Vec::with_capacity(ROUNDS / BATCH);
    for _ in 0..ROUNDS / BATCH {
        let started = Instant::now();
        for _ in 0..BATCH {
            let hit = runtime.block_on(cache.get_or_mint(
                &key,
                refresh,
                || async { Err::<CachedToken, ()>(()) },
                |_| true,
                |_| None,
            ));
            std::hint::black_box(hit.unwrap());
        }
        per_lookup_ns.push(started.elapsed().as_nanos() as f64 / BATCH as f64);
    }
    per_lookup_ns.sort_by(f64::total_cmp);
    println!(
        "cached resolution (get_or_mint hit)          p50 {:>7.0} ns   p95 {:>7.0} ns   p99 {:>7.0} ns",
        percentile(&per_lookup_ns, 50),
        percentile(&per_lookup_ns, 95),
        percentile(&per_lookup_ns, 99)
    );

    let mut peek_ns = Vec::with_capacity(ROUNDS / BATCH);
    for _ in 0..ROUNDS / BATCH {
        let started = Instant::now();
        for _ in 0..BATCH {
            std::hint::black_box(cache.peek(&key, refresh).unwrap());
        }
        peek_ns.push(started.elapsed().as_nanos() as f64 / BATCH as f64);
    }
    peek_ns.sort_by(f64::total_cmp);
    println!(
        "cached resolution (peek, no await)           p50 {:>7.0} ns   p95 {:>7.0} ns   p99 {:>7.0} ns",
        percentile(&peek_ns, 50),
        percentile(&peek_ns, 95),
        percentile(&peek_ns, 99)
    );
}
