//! A running server keeps tokens, rights, secrets and credentials in memory: what another process
//! changes on the same data dir must reach it (within 250 ms), what the server itself changes at
//! once, and grouped audit writes must record every use exactly once (and not hold the store
//! open).

use crate::http_api::serve;
use crate::support::{Cli, set};
use keystead::api::dto::*;
use reqwest::StatusCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Longer than the 250 ms after which a server reads the shared change counter again.
const COUNTER_CHECK: Duration = Duration::from_millis(300);

const SECRET: &str = "/api/v1/main/namespaces/company.team/secrets/API_KEY";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_by_another_process_reach_a_running_server() {
    let s = serve().await;
    set(&s.k, "company", "API_KEY", "v1").await.unwrap();
    let token = s.account("runner", Role::Use, Some("company")).await;
    let (status, body) = s.get(SECRET, &token).await;
    assert_eq!(
        (status, body["value"].as_str()),
        (StatusCode::OK, Some("v1"))
    );

    // The CLI is another process with its own connections to the same database.
    let cli = Cli::new(s.dir.path());
    cli.ok(&["secret", "set", "company", "API_KEY"], b"v2");
    tokio::time::sleep(COUNTER_CHECK).await;
    let (status, body) = s.get(SECRET, &token).await;
    assert_eq!(
        (status, body["value"].as_str()),
        (StatusCode::OK, Some("v2"))
    );

    cli.ok(&["secret", "set", "company.team", "API_KEY"], b"nearer");
    tokio::time::sleep(COUNTER_CHECK).await;
    let (_, body) = s.get(SECRET, &token).await;
    assert_eq!(body["origin"], "company.team", "{body}");

    cli.ok(
        &["role", "revoke", "runner", "use", "--namespace", "company"],
        b"",
    );
    tokio::time::sleep(COUNTER_CHECK).await;
    let (status, body) = s.get(SECRET, &token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    cli.ok(
        &["role", "grant", "runner", "use", "--namespace", "company"],
        b"",
    );
    tokio::time::sleep(COUNTER_CHECK).await;
    assert_eq!(s.get(SECRET, &token).await.0, StatusCode::OK);
    cli.ok(&["token", "revoke", &token[4..12]], b"");
    tokio::time::sleep(COUNTER_CHECK).await;
    let (status, body) = s.get(SECRET, &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("revoked"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_own_changes_apply_to_the_very_next_request() {
    let s = serve().await;
    set(&s.k, "company", "API_KEY", "v1").await.unwrap();
    let token = s.account("runner", Role::Use, Some("company")).await;
    assert_eq!(s.get(SECRET, &token).await.1["value"], "v1");
    set(&s.k, "company", "API_KEY", "v2").await.unwrap();
    assert_eq!(s.get(SECRET, &token).await.1["value"], "v2");
    s.k.principal_set_disabled(&crate::support::admin(), "main", "runner", true)
        .await
        .unwrap();
    let (status, body) = s.get(SECRET, &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("disabled"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_uses_are_each_audited_once() {
    const REQUESTS: usize = 64;
    let s = serve().await;
    set(&s.k, "company", "API_KEY", "v1").await.unwrap();
    let token = s.account("runner", Role::Use, Some("company")).await;
    let requests = (0..REQUESTS).map(|_| s.get(SECRET, &token));
    let answers = futures_util::future::join_all(requests).await;
    assert!(answers.iter().all(|(status, _)| *status == StatusCode::OK));
    let uses = secret_uses(&s.k).await;
    assert_eq!(uses.len(), REQUESTS);
    assert!(
        uses.iter()
            .all(|e| e.actor == "runner" && e.target == "API_KEY")
    );
}

/// The audit writer keeps one connection while events keep coming; it must give it back once
/// they are written, so closing the store right after does not wait for the writer to go idle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_closes_at_once_after_a_burst_of_audited_uses() {
    const USES: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let k = crate::support::open(dir.path()).await;
    set(&k, "company", "API_KEY", "v1").await.unwrap();
    let admin = crate::support::admin();
    let uses = (0..USES).map(|_| k.secret_resolve(&admin, "main", "company", "API_KEY"));
    let answers = futures_util::future::join_all(uses).await;
    assert!(
        answers
            .iter()
            .all(|a| a.as_ref().is_ok_and(|v| v.value == "v1"))
    );
    // The writer goes idle (and would give its connection back anyway) after 2 s.
    tokio::time::timeout(Duration::from_secs(1), k.close())
        .await
        .expect("closing the store waited for the audit writer");

    let k = crate::support::open(dir.path()).await;
    assert_eq!(secret_uses(&k).await.len(), USES);
}

/// Two stores on one data dir share the audit writer. One of them closes while the other keeps
/// the writer busy: the close completes, and every use through the other store is still audited
/// and answered (the writer leaves the closed store's pool and connection for the open one's).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_closes_at_once_while_another_on_the_same_file_keeps_auditing() {
    let dir = tempfile::tempdir().unwrap();
    let first = crate::support::open(dir.path()).await;
    set(&first, "company", "API_KEY", "v1").await.unwrap();
    let second = Arc::new(crate::support::open(dir.path()).await);
    let stop = Arc::new(AtomicBool::new(false));
    let busy: Vec<_> = (0..16)
        .map(|_| {
            let (second, stop) = (Arc::clone(&second), Arc::clone(&stop));
            tokio::spawn(async move {
                let admin = crate::support::admin();
                let mut uses = 0_usize;
                while !stop.load(Ordering::Relaxed) {
                    second
                        .secret_resolve(&admin, "main", "company", "API_KEY")
                        .await
                        .unwrap();
                    uses += 1;
                }
                uses
            })
        })
        .collect();
    let admin = crate::support::admin();
    let uses = (0..200).map(|_| first.secret_resolve(&admin, "main", "company", "API_KEY"));
    let answers = futures_util::future::join_all(uses).await;
    assert!(answers.iter().all(Result::is_ok));
    tokio::time::timeout(Duration::from_secs(1), first.close())
        .await
        .expect("closing one store waited for the other's load to end");
    stop.store(true, Ordering::Relaxed);
    let mut second_uses = 0;
    for task in busy {
        second_uses += task.await.unwrap();
    }
    assert!(second_uses > 0);
}

/// The tenant's `secret.use` events (up to 1 000).
async fn secret_uses(k: &keystead::api::Keystead) -> Vec<AuditEventDto> {
    k.audit_list(
        &crate::support::admin(),
        AuditFilter {
            tenant: "main".into(),
            action: Some("secret.use".into()),
            limit: Some(1000),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_written_after_another_process_rotated_the_data_keys_use_the_new_key() {
    let s = serve().await;
    set(&s.k, "company", "OLD", "before").await.unwrap();
    let cli = Cli::new(s.dir.path());
    cli.ok(&["key", "rotate", "--data-keys"], b"");
    tokio::time::sleep(COUNTER_CHECK).await;
    set(&s.k, "company", "NEW", "after").await.unwrap();
    // Another process (which never saw the old key) reads both.
    assert_eq!(
        cli.ok(&["secret", "get", "company", "NEW", "--reveal"], b""),
        "after\n"
    );
    assert_eq!(
        cli.ok(&["secret", "get", "company", "OLD", "--reveal"], b""),
        "before\n"
    );
}
