//! The expiring-soon view: API tokens and KV pairs by expiry, secrets by the age of their value,
//! credentials whose last Test failed; only what the caller may read, never a value or a token.

use crate::support::{admin, api_token, open, open_with_clock, service_account, set};
use keystead::ErrorCode;
use keystead::api::dto::*;
use keystead::api::{Caller, Keystead};
use keystead::time::Clock;
use serde_json::json;
use std::time::Duration;

const DAY: Duration = Duration::from_secs(86_400);

fn query(within: &str, secret_age: &str) -> ExpiringQuery {
    ExpiringQuery {
        tenant: "main".into(),
        within: Some(within.into()),
        secret_age: Some(secret_age.into()),
    }
}

async fn kv_with_ttl(k: &Keystead, namespace: &str, key: &str, ttl: Option<&str>) {
    k.kv_set(
        &admin(),
        KvSetRequest {
            tenant: "main".into(),
            namespace: namespace.into(),
            key: key.into(),
            value: Some(KvValueInput {
                kind: Some(KvType::String),
                value: json!("kv-value-canary"),
                parse: false,
            }),
            description: None,
            expiry: match ttl {
                Some(ttl) => KvExpiry::Ttl { ttl: ttl.into() },
                None => KvExpiry::Keep,
            },
            if_version: None,
            if_absent: false,
        },
    )
    .await
    .unwrap();
}

async fn principal(k: &Keystead, name: &str, read_on: Option<&str>) -> CreatedToken {
    service_account(
        k,
        name,
        read_on.map(|namespace| (Role::Read, Some(namespace))),
    )
    .await;
    api_token(k, name, "deploy", Some("P7D")).await
}

/// A static credential whose Test passes only once `secret` exists in its namespace.
async fn git_credential(k: &Keystead, namespace: &str, name: &str, secret: &str) {
    k.credential_apply(
        &admin(),
        "main",
        CredentialDefinition {
            namespace: Some(namespace.into()),
            name: name.into(),
            type_id: "source_control".into(),
            description: String::new(),
            inputs: json!({"username": "ci", "password": format!("{{{{ secret('{secret}') }}}}")})
                .as_object()
                .unwrap()
                .clone(),
            settings: Default::default(),
        },
    )
    .await
    .unwrap();
}

fn names(report: &ExpiringReport) -> Vec<(ExpiringKind, String, bool)> {
    report
        .items
        .iter()
        .map(|i| (i.kind, i.name.clone(), i.overdue))
        .collect()
}

#[tokio::test]
async fn tokens_kv_pairs_aged_secrets_and_failed_tests_are_listed_soonest_first() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(time::OffsetDateTime::now_utc());
    let k = open_with_clock(dir.path(), clock.clone()).await;
    set(&k, "prod", "DB_PASSWORD", "secret-value-canary")
        .await
        .unwrap();
    kv_with_ttl(&k, "prod", "lease", Some("P2D")).await;
    kv_with_ttl(&k, "prod", "later", Some("P60D")).await;
    kv_with_ttl(&k, "prod", "forever", None).await;
    let ci = principal(&k, "ci", None).await;
    api_token(&k, "ci", "yearly", Some("P365D")).await;
    git_credential(&k, "prod", "git", "GIT_PASSWORD").await;
    let test = k
        .credential_test(&admin(), "main", Some("prod"), "git")
        .await
        .unwrap();
    assert!(!test.ok, "the referenced secret does not exist yet");

    let report = k.expiring(&admin(), query("P30D", "P90D")).await.unwrap();
    assert_eq!(
        names(&report),
        vec![
            (ExpiringKind::Credential, "git".into(), true),
            (ExpiringKind::Kv, "lease".into(), false),
            (ExpiringKind::ApiToken, "deploy".into(), false),
        ],
        "{report:#?}"
    );
    let failed = &report.items[0];
    assert_eq!(failed.test_error, Some(MintErrorCode::SecretUnresolved));
    assert_eq!(failed.namespace.as_deref(), Some("prod"));
    let lease = &report.items[1];
    assert!((2 * 86_400 - 5..=2 * 86_400).contains(&lease.seconds_left));
    let deploy = &report.items[2];
    assert_eq!(deploy.principal.as_deref(), Some("ci"));
    assert_eq!(
        deploy.token_prefix.as_deref(),
        Some(ci.info.prefix.as_str())
    );
    assert_eq!(deploy.namespace, None);
    // Names and times only: never a value, never a token.
    let wire = serde_json::to_string(&report).unwrap();
    for canary in ["secret-value-canary", "kv-value-canary", ci.token.as_str()] {
        assert!(!wire.contains(canary), "{canary} leaked: {wire}");
    }

    // 70 days on: the token is overdue (expired, not revoked), the pairs are gone, and the
    // secret's value reaches 90 days within the horizon.
    clock.advance(70 * DAY);
    let report = k.expiring(&admin(), query("P30D", "P90D")).await.unwrap();
    assert_eq!(
        names(&report),
        vec![
            (ExpiringKind::Credential, "git".into(), true),
            (ExpiringKind::ApiToken, "deploy".into(), true),
            (ExpiringKind::Secret, "DB_PASSWORD".into(), false),
        ],
        "{report:#?}"
    );
    let secret = &report.items[2];
    assert_eq!(secret.namespace.as_deref(), Some("prod"));
    assert!(secret.written_at.is_some());
    assert!((20 * 86_400 - 5..=20 * 86_400 + 5).contains(&secret.seconds_left));
    let aged = k.expiring(&admin(), query("P1D", "P60D")).await.unwrap();
    let secret = aged.items.iter().find(|i| i.kind == ExpiringKind::Secret);
    assert!(
        secret.is_some_and(|s| s.overdue && s.reason.contains("days old: older than P60D")),
        "{aged:#?}"
    );

    // Revoking the token takes it off the list.
    k.token_revoke(&admin(), "main", &ci.info.id).await.unwrap();
    let report = k.expiring(&admin(), query("P30D", "P90D")).await.unwrap();
    assert!(
        report
            .items
            .iter()
            .all(|i| i.kind != ExpiringKind::ApiToken),
        "{report:#?}"
    );
}

#[tokio::test]
async fn a_secret_is_aged_by_its_current_value_not_its_first() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "prod", "API_KEY", "first").await.unwrap();
    let secret = |report: ExpiringReport| {
        report
            .items
            .into_iter()
            .find(|i| i.kind == ExpiringKind::Secret)
            .unwrap()
    };
    let first = secret(k.expiring(&admin(), query("P30D", "P1D")).await.unwrap());
    assert!(
        !first.overdue && first.reason.contains("version 1"),
        "{first:#?}"
    );
    tokio::time::sleep(Duration::from_millis(5)).await;
    set(&k, "prod", "API_KEY", "second").await.unwrap();
    let second = secret(k.expiring(&admin(), query("P30D", "P1D")).await.unwrap());
    assert!(second.reason.contains("version 2"), "{second:#?}");
    assert!(second.written_at > first.written_at && second.at > first.at);
    // Due in a day: outside a horizon of an hour.
    let soon = k.expiring(&admin(), query("PT1H", "P1D")).await.unwrap();
    assert!(soon.items.is_empty(), "{soon:#?}");
}

#[tokio::test]
async fn a_reader_of_one_namespace_sees_only_that_namespace_and_its_own_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    for namespace in ["prod.eng", "dev"] {
        kv_with_ttl(
            &k,
            namespace,
            &format!("{}-lease", namespace.replace('.', "-")),
            Some("P1D"),
        )
        .await;
        git_credential(&k, namespace, "git", "MISSING").await;
        k.credential_test(&admin(), "main", Some(namespace), "git")
            .await
            .unwrap();
    }
    let reader = principal(&k, "prod-reader", Some("prod")).await;
    principal(&k, "someone-else", None).await;
    let caller: Caller = k.authenticate(&reader.token, None).await.unwrap();

    let seen = k.expiring(&caller, query("P30D", "P90D")).await.unwrap();
    let mut listed: Vec<_> = seen
        .items
        .iter()
        .map(|i| (i.kind, i.namespace.clone(), i.name.clone()))
        .collect();
    listed.sort_by(|a, b| a.2.cmp(&b.2));
    assert_eq!(
        listed,
        vec![
            (ExpiringKind::ApiToken, None, "deploy".into()),
            (
                ExpiringKind::Credential,
                Some("prod.eng".into()),
                "git".into()
            ),
            (
                ExpiringKind::Kv,
                Some("prod.eng".into()),
                "prod-eng-lease".into()
            ),
        ],
        "only prod's items and its own token"
    );
    assert!(
        seen.items
            .iter()
            .all(|i| i.principal.as_deref() != Some("someone-else"))
    );
    // The administrator sees both namespaces and both principals' tokens.
    let all = k.expiring(&admin(), query("P30D", "P90D")).await.unwrap();
    assert_eq!(all.items.len(), 6, "{all:#?}");
}

async fn last_test(k: &Keystead) -> Option<LastTestDto> {
    k.credential_list(
        &admin(),
        CredentialListRequest {
            tenant: "main".into(),
            namespace: Some("prod".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .remove(0)
    .last_test
}

#[tokio::test]
async fn a_test_outcome_is_kept_on_the_credential_with_its_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    git_credential(&k, "prod", "git", "GIT_PASSWORD").await;
    assert_eq!(last_test(&k).await, None, "never tested");
    k.credential_test(&admin(), "main", Some("prod"), "git")
        .await
        .unwrap();
    let failed = last_test(&k).await.unwrap();
    assert!(!failed.ok);
    assert_eq!(failed.error, Some(MintErrorCode::SecretUnresolved));
    let audited = k
        .audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("credential.test".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].detail, "failed: secret_unresolved");

    set(&k, "prod", "GIT_PASSWORD", "hunter2").await.unwrap();
    k.credential_test(&admin(), "main", Some("prod"), "git")
        .await
        .unwrap();
    let passed = last_test(&k).await.unwrap();
    assert!(passed.ok && passed.error.is_none());
    let shown = k
        .credential_show(&admin(), "main", Some("prod"), "git")
        .await
        .unwrap();
    assert_eq!(shown.last_test, Some(passed));
    let report = k.expiring(&admin(), query("P30D", "P90D")).await.unwrap();
    assert!(report.items.is_empty(), "{report:#?}");

    // Saving the credential again forgets the Test of the definition it replaces.
    git_credential(&k, "prod", "git", "OTHER_PASSWORD").await;
    assert_eq!(last_test(&k).await, None);
}

#[tokio::test]
async fn durations_that_do_not_parse_are_refused_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let err = k
        .expiring(&admin(), query("30 days", "P90D"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("P30D"), "{err}");
    let defaults = k
        .expiring(
            &admin(),
            ExpiringQuery {
                tenant: "main".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (defaults.within.as_str(), defaults.secret_age.as_str()),
        ("P30D", "P90D")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_http_route_and_the_remote_client_answer_for_the_token_holder() {
    let s = crate::http_api::serve().await;
    kv_with_ttl(&s.k, "prod", "lease", Some("PT1H")).await;
    kv_with_ttl(&s.k, "dev", "hidden", Some("PT1H")).await;
    let token = s.account("reader", Role::Read, Some("prod")).await;

    let (status, body) = s.get("/api/v1/main/expiring?within=P7D", &token).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let listed: Vec<(&str, &str)> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["name"].as_str().unwrap()))
        .collect();
    assert_eq!(listed, vec![("kv", "lease"), ("api_token", "ci")], "{body}");
    assert_eq!(body["within"], "P7D");

    let (status, body) = s
        .get("/api/v1/main/expiring?secret_age=ninety", &token)
        .await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "invalid_input");
    assert!(body["message"].as_str().unwrap().contains("secret age"));

    let client = keystead::http::Client::new(&s.base, token.into(), None).unwrap();
    let report = client.expiring(query("PT30M", "P90D")).await.unwrap();
    assert!(
        report.items.is_empty(),
        "nothing within 30 minutes: {report:#?}"
    );
}

#[test]
fn the_cli_lists_what_expires_as_a_table_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let cli = crate::support::Cli::new(dir.path());
    cli.ok(&["kv", "set", "prod", "lease", "42", "--ttl", "P3D"], b"");
    cli.ok(&["kv", "set", "prod", "later", "42", "--ttl", "P20D"], b"");
    let table = cli.ok(&["expiring", "--within", "P7D"], b"");
    assert!(
        table.contains("kv") && table.contains("lease") && table.contains("in 2d 23h"),
        "{table}"
    );
    assert!(!table.contains("later"), "{table}");
    let json: serde_json::Value =
        serde_json::from_str(&cli.ok(&["expiring", "--json", "--secret-age", "P1D"], b"")).unwrap();
    let names: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["lease", "later"], "{json}");
    let bad = cli.run(&["expiring", "--within", "week"], b"");
    assert_eq!(bad.status.code(), Some(2), "a usage error");
}
