//! KV pairs: typed values, an expiry that never surprises (absolute, kept on edits, gone at once
//! when reached), versions that make concurrent writers safe, inheritance only when asked.

use crate::support::{Cli, admin, open, open_with_clock};
use keystead::ErrorCode;
use keystead::api::Keystead;
use keystead::api::dto::*;
use keystead::time::Clock;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

fn typed(kind: KvType, value: Value) -> Option<KvValueInput> {
    Some(KvValueInput {
        kind: Some(kind),
        value,
        parse: false,
    })
}

fn write(
    namespace: &str,
    key: &str,
    value: Option<KvValueInput>,
    expiry: KvExpiry,
) -> KvSetRequest {
    KvSetRequest {
        tenant: "main".into(),
        namespace: namespace.into(),
        key: key.into(),
        value,
        description: None,
        expiry,
        if_version: None,
        if_absent: false,
    }
}

async fn get(k: &Keystead, namespace: &str, key: &str) -> keystead::Result<KvDto> {
    k.kv_get(&admin(), "main", namespace, key, false).await
}

#[tokio::test]
async fn a_ttl_is_an_absolute_expiry_that_edits_keep_and_that_hides_the_pair_when_reached() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(time::OffsetDateTime::now_utc());
    let k = open_with_clock(dir.path(), clock.clone()).await;
    let ttl = KvExpiry::Ttl { ttl: "PT1H".into() };
    let first = k
        .kv_set(
            &admin(),
            write(
                "company.team",
                "cursor",
                typed(KvType::Number, json!(42)),
                ttl,
            ),
        )
        .await
        .unwrap();
    assert_eq!(first.value, json!(42));
    assert_eq!(first.expires_in, Some(3600));
    let expires_at = first.expires_at.clone().unwrap();

    clock.advance(Duration::from_secs(20 * 60));
    let edited = k
        .kv_set(
            &admin(),
            write(
                "company.team",
                "cursor",
                typed(KvType::Number, json!(43)),
                KvExpiry::Keep,
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        edited.expires_at.as_deref(),
        Some(expires_at.as_str()),
        "a value edit keeps it"
    );
    assert_eq!(edited.expires_in, Some(40 * 60));
    let mut describe = write("company.team", "cursor", None, KvExpiry::Keep);
    describe.description = Some("the last processed offset".into());
    let described = k.kv_set(&admin(), describe).await.unwrap();
    assert_eq!(
        described.expires_at.as_deref(),
        Some(expires_at.as_str()),
        "so does a description edit"
    );
    assert_eq!(described.value, json!(43), "and the value stays");
    assert_eq!(described.version, 3);

    clock.advance(Duration::from_secs(39 * 60));
    assert_eq!(
        get(&k, "company.team", "cursor").await.unwrap().value,
        json!(43)
    );
    clock.advance(Duration::from_secs(61));
    let gone = get(&k, "company.team", "cursor").await.unwrap_err();
    assert_eq!(gone.code(), ErrorCode::NotFound, "invisible at once");
    let listed = k
        .kv_list(
            &admin(),
            KvListRequest {
                tenant: "main".into(),
                namespace: "company.team".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(listed.is_empty());
    let mut stale = write(
        "company.team",
        "cursor",
        typed(KvType::Number, json!(1)),
        KvExpiry::Keep,
    );
    stale.if_version = Some(3);
    let err = k.kv_set(&admin(), stale).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Conflict,
        "an expired pair has no version 3 to update"
    );
    let rows: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM kv_pairs")
        .fetch_one(k.pool())
        .await
        .unwrap();
    assert_eq!(rows.0, 1, "still stored until purged");

    let cleared = k
        .kv_set(
            &admin(),
            write(
                "company.team",
                "flag",
                typed(KvType::Boolean, json!(true)),
                KvExpiry::Ttl { ttl: "PT5M".into() },
            ),
        )
        .await
        .unwrap();
    assert!(cleared.expires_at.is_some());
    let cleared = k
        .kv_set(
            &admin(),
            write("company.team", "flag", None, KvExpiry::Clear),
        )
        .await
        .unwrap();
    assert_eq!(cleared.expires_at, None, "cleared only when asked");

    for absurd in ["P100000D", "PT0S", "P99999999999999999999D", "forever"] {
        let err = k
            .kv_set(
                &admin(),
                write(
                    "company.team",
                    "x",
                    typed(KvType::String, json!("v")),
                    KvExpiry::Ttl { ttl: absurd.into() },
                ),
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{absurd}: {err}");
    }
    let past = KvExpiry::At {
        expires_at: "2001-01-01T00:00:00Z".into(),
    };
    let err = k
        .kv_set(
            &admin(),
            write("company.team", "x", typed(KvType::String, json!("v")), past),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("in the past"), "{err}");
}

#[tokio::test]
async fn expired_pairs_are_purged_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(time::OffsetDateTime::now_utc());
    let k = Arc::new(open_with_clock(dir.path(), clock.clone()).await);
    let ttl = KvExpiry::Ttl { ttl: "PT1S".into() };
    k.kv_set(
        &admin(),
        write("a", "k", typed(KvType::String, json!("v")), ttl),
    )
    .await
    .unwrap();
    clock.advance(Duration::from_secs(2));
    let housekeeping = Keystead::start_maintenance_every(&k, Duration::from_millis(20));
    let mut remaining = 1;
    for _ in 0..100 {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM kv_pairs")
            .fetch_one(k.pool())
            .await
            .unwrap();
        remaining = count;
        if count == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    housekeeping.abort();
    assert_eq!(remaining, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_with_if_version_never_lose_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let k = Arc::new(open(dir.path()).await);
    k.kv_set(
        &admin(),
        write(
            "jobs",
            "count",
            typed(KvType::Number, json!(0)),
            KvExpiry::Keep,
        ),
    )
    .await
    .unwrap();
    const WRITERS: usize = 8;
    const EACH: i64 = 10;
    let tasks = (0..WRITERS).map(|_| {
        let k = Arc::clone(&k);
        tokio::spawn(async move {
            let mut conflicts = 0;
            for _ in 0..EACH {
                loop {
                    let current = get(&k, "jobs", "count").await.unwrap();
                    let next = current.value.as_i64().unwrap() + 1;
                    let mut update = write(
                        "jobs",
                        "count",
                        typed(KvType::Number, json!(next)),
                        KvExpiry::Keep,
                    );
                    update.if_version = Some(current.version);
                    match k.kv_set(&admin(), update).await {
                        Ok(_) => break,
                        Err(e) if e.code() == ErrorCode::Conflict => {
                            assert!(e.to_string().contains("is at version"), "{e}");
                            conflicts += 1;
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
            }
            conflicts
        })
    });
    let conflicts: usize = futures_util::future::join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .sum();
    let final_count = get(&k, "jobs", "count").await.unwrap();
    assert_eq!(
        final_count.value,
        json!(WRITERS as i64 * EACH),
        "no update lost"
    );
    assert_eq!(final_count.version, (WRITERS as u32) * (EACH as u32) + 1);
    eprintln!("{conflicts} conflicts retried");

    let mut create_only = write(
        "jobs",
        "count",
        typed(KvType::Number, json!(0)),
        KvExpiry::Keep,
    );
    create_only.if_absent = true;
    let err = k.kv_set(&admin(), create_only).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
}

/// The type-change rule is checked before the write's transaction; a pair created or retyped in
/// between must make the write fail rather than slip a new type past a `use` caller.
#[tokio::test]
async fn a_write_checked_against_another_type_than_the_stored_one_is_refused() {
    use keystead::kv::{ExpiryChange, Kv, KvWrite, Precondition, TypedValue};
    use keystead::model::{KvKey, NamespaceId, TenantId};
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.kv_set(
        &admin(),
        write(
            "jobs",
            "cursor",
            typed(KvType::Number, json!(1)),
            KvExpiry::Keep,
        ),
    )
    .await
    .unwrap();
    let pool = keystead::store::open(dir.path()).await.unwrap();
    let actor = keystead::audit::Actor::named("runner");
    let clock = Clock::system();
    let kv = Kv {
        pool: &pool,
        actor: &actor,
        clock: &clock,
    };
    let (tenant, namespace, key) = (
        TenantId::parse("main").unwrap(),
        NamespaceId::parse("jobs").unwrap(),
        KvKey::parse("cursor").unwrap(),
    );
    let write = |checked_kind| KvWrite {
        value: Some(TypedValue::from_json(KvType::String, json!("x")).unwrap()),
        description: None,
        expiry: ExpiryChange::Keep,
        precondition: Precondition::None,
        checked_kind,
        may_give_expiry: false,
    };
    // Checked while the pair did not exist (a `use` caller may create any type): refused.
    let err = kv
        .set(&tenant, &namespace, &key, write(None))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert!(err.to_string().contains("retry"), "{err}");
    let err = kv
        .set(&tenant, &namespace, &key, write(Some(KvType::String)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    assert_eq!(
        get(&k, "jobs", "cursor").await.unwrap().value,
        json!(1),
        "nothing written"
    );
    // Checked against what is stored: the write goes through (the api has authorized it).
    let saved = kv
        .set(&tenant, &namespace, &key, write(Some(KvType::Number)))
        .await
        .unwrap();
    assert_eq!(saved.version, 2);
    // Created meanwhile with the value's own type: no type changes, the write goes through.
    let same_type = KvWrite {
        value: Some(TypedValue::from_json(KvType::String, json!("y")).unwrap()),
        description: None,
        expiry: ExpiryChange::Keep,
        precondition: Precondition::None,
        checked_kind: None,
        may_give_expiry: false,
    };
    assert_eq!(
        kv.set(&tenant, &namespace, &key, same_type)
            .await
            .unwrap()
            .version,
        3
    );
    // Checked while absent, meanwhile created without an expiry: a use caller's TTL would
    // delete it later, which needs admin.
    let with_ttl = |may_give_expiry| KvWrite {
        value: None,
        description: None,
        expiry: ExpiryChange::Ttl(keystead::model::IsoDuration::parse("PT1S").unwrap()),
        precondition: Precondition::None,
        checked_kind: None,
        may_give_expiry,
    };
    let err = kv
        .set(&tenant, &namespace, &key, with_ttl(false))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    kv.set(&tenant, &namespace, &key, with_ttl(true))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_plain_writes_of_a_new_key_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let k = Arc::new(open(dir.path()).await);
    let writers: Vec<_> = (0..8)
        .map(|n| {
            let k = Arc::clone(&k);
            tokio::spawn(async move {
                k.kv_set(
                    &admin(),
                    write(
                        "jobs",
                        "fresh",
                        typed(KvType::Number, json!(n)),
                        KvExpiry::Keep,
                    ),
                )
                .await
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap().unwrap();
    }
    assert_eq!(get(&k, "jobs", "fresh").await.unwrap().version, 8);
}

#[tokio::test]
async fn reads_look_in_the_namespace_unless_asked_to_inherit_and_listings_mark_the_origin() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    for (ns, key, value) in [
        ("company", "region", "eu"),
        ("company", "tier", "gold"),
        ("company.team", "tier", "silver"),
    ] {
        k.kv_set(
            &admin(),
            write(ns, key, typed(KvType::String, json!(value)), KvExpiry::Keep),
        )
        .await
        .unwrap();
    }
    let err = get(&k, "company.team", "region").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "no inheritance by default");
    let inherited = k
        .kv_get(&admin(), "main", "company.team", "region", true)
        .await
        .unwrap();
    assert_eq!(
        (inherited.namespace.as_str(), inherited.value.clone()),
        ("company", json!("eu"))
    );
    let listed = k
        .kv_list(
            &admin(),
            KvListRequest {
                tenant: "main".into(),
                namespace: "company.team".into(),
                prefix: None,
                effective: true,
            },
        )
        .await
        .unwrap();
    let view: Vec<_> = listed
        .iter()
        .map(|p| {
            (
                p.key.as_str(),
                p.namespace.as_str(),
                p.preview.as_str(),
                p.inherited,
                p.shadows.clone(),
            )
        })
        .collect();
    assert_eq!(
        view,
        [
            ("region", "company", "eu", true, vec![]),
            (
                "tier",
                "company.team",
                "silver",
                false,
                vec!["company".to_owned()]
            ),
        ]
    );
    let prefixed = k
        .kv_list(
            &admin(),
            KvListRequest {
                tenant: "main".into(),
                namespace: "company".into(),
                prefix: Some("re".into()),
                effective: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(prefixed.len(), 1);
}

#[tokio::test]
async fn read_lists_use_reads_and_writes_admin_deletes_and_changes_types() {
    let s = crate::http_api::serve().await;
    let reader = s.account("reader", Role::Read, Some("jobs")).await;
    let user = s.account("runner", Role::Use, Some("jobs")).await;
    s.k.kv_set(
        &admin(),
        write(
            "jobs",
            "cursor",
            typed(KvType::Number, json!(1)),
            KvExpiry::Keep,
        ),
    )
    .await
    .unwrap();
    let (status, body) = s.get("/api/v1/main/namespaces/jobs/kv", &reader).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["preview"], "••••••••", "read lists, values masked");
    let (status, body) = s.get("/api/v1/main/namespaces/jobs/kv", &user).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["preview"], "1", "use sees the value");
    let (status, _) = s
        .get("/api/v1/main/namespaces/jobs/kv/cursor", &reader)
        .await;
    assert_eq!(status, 403, "read does not get values");

    let (status, headers, body) = s
        .call(
            reqwest::Method::GET,
            "/api/v1/main/namespaces/jobs/kv/cursor",
            Some(&user),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["etag"], "\"1\"");
    let put = |value: Value, kind: &str| json!({"type": kind, "value": value});
    let response = s
        .http
        .put(format!("{}/api/v1/main/namespaces/jobs/kv/cursor", s.base))
        .bearer_auth(&user)
        .header("If-Match", "\"1\"")
        .json(&put(json!(2), "number"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"2\"");
    let stale = s
        .http
        .put(format!("{}/api/v1/main/namespaces/jobs/kv/cursor", s.base))
        .bearer_auth(&user)
        .header("If-Match", "\"1\"")
        .json(&put(json!(3), "number"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 409);
    let body: Value = stale.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("version 2"),
        "{body}"
    );
    let (status, _, body) = s
        .call(
            reqwest::Method::PUT,
            "/api/v1/main/namespaces/jobs/kv/cursor",
            Some(&user),
            Some(put(json!("x"), "string")),
        )
        .await;
    assert_eq!(status, 403, "changing the type needs admin: {body}");
    let (status, _, body) = s
        .call(
            reqwest::Method::PUT,
            "/api/v1/main/namespaces/jobs/kv/cursor",
            Some(&user),
            Some(put(json!("two"), "number")),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (400, Some("invalid_input"))
    );
    assert!(
        !body["message"].as_str().unwrap().contains("--type"),
        "a typed write gets no CLI advice: {body}"
    );
    let (status, _, _) = s
        .call(
            reqwest::Method::DELETE,
            "/api/v1/main/namespaces/jobs/kv/cursor",
            Some(&user),
            None,
        )
        .await;
    assert_eq!(status, 403, "delete needs admin");

    // An expiry on a pair that has none deletes it later: admin too. A new pair may get one, and
    // a pair that expires may have its expiry moved.
    let expiry = |ttl: &str| json!({"expiry": {"mode": "ttl", "ttl": ttl}});
    let path = "/api/v1/main/namespaces/jobs/kv/cursor";
    let (status, _, body) = s
        .call(
            reqwest::Method::PUT,
            path,
            Some(&user),
            Some(expiry("PT1S")),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("an expiry"),
        "{body}"
    );
    let fresh = "/api/v1/main/namespaces/jobs/kv/session";
    let mut new_pair = put(json!("abc"), "string");
    new_pair["expiry"] = json!({"mode": "ttl", "ttl": "PT1H"});
    let (status, _, body) = s
        .call(reqwest::Method::PUT, fresh, Some(&user), Some(new_pair))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = s
        .call(
            reqwest::Method::PUT,
            fresh,
            Some(&user),
            Some(expiry("PT2H")),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // JSON null is a value; If-None-Match: * only creates.
    let nothing = "/api/v1/main/namespaces/jobs/kv/nothing";
    let (status, _, body) = s
        .call(
            reqwest::Method::PUT,
            nothing,
            Some(&user),
            Some(put(Value::Null, "json")),
        )
        .await;
    assert_eq!(
        (status.as_u16(), &body["value"]),
        (200, &Value::Null),
        "{body}"
    );
    let again = s
        .http
        .put(format!("{}{nothing}", s.base))
        .bearer_auth(&user)
        .header("If-None-Match", "*")
        .json(&put(json!([1]), "json"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
}

#[test]
fn the_cli_prints_bare_values_for_scripts_and_keeps_types_and_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    let saved = cli.ok(
        &[
            "kv",
            "set",
            "company.team",
            "cursor",
            "42",
            "--type",
            "number",
            "--ttl",
            "PT1H",
        ],
        b"",
    );
    assert!(
        saved.contains("number, version 1") && saved.contains("(in 1h 0m)"),
        "{saved}"
    );
    let doc: Value =
        serde_json::from_str(&cli.ok(&["--json", "kv", "get", "company.team", "cursor"], b""))
            .unwrap();
    assert_eq!(doc["value"], json!(42), "a number, not a string");
    let expires_at = doc["expires_at"].as_str().unwrap().to_owned();
    cli.ok(&["kv", "set", "company.team", "cursor", "43"], b"");
    assert_eq!(
        cli.ok(&["kv", "get", "company.team", "cursor"], b""),
        "43\n"
    );
    let doc: Value =
        serde_json::from_str(&cli.ok(&["--json", "kv", "get", "company.team", "cursor"], b""))
            .unwrap();
    assert_eq!(
        doc["expires_at"], expires_at,
        "the value edit kept the expiry"
    );
    assert_eq!(
        doc["type"], "number",
        "text without --type keeps the pair's type"
    );
    let typo = cli.run(&["kv", "set", "company.team", "cursor", "forty"], b"");
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains(
        "cursor is a number and keeps its type unless another is given (--type in the CLI)"
    ));
    let stale = cli.run(
        &[
            "kv",
            "set",
            "company.team",
            "cursor",
            "44",
            "--if-version",
            "1",
        ],
        b"",
    );
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("is at version 2"));
    cli.ok(
        &["kv", "set", "company.team", "note", "line\u{1b}[31mred"],
        b"",
    );
    let listed = cli.ok(&["kv", "list", "company.team"], b"");
    assert!(
        !listed.contains('\u{1b}'),
        "control characters are escaped: {listed}"
    );
    let json_in = cli.ok(
        &["kv", "set", "company.team", "cfg", "-"],
        b"{\"retries\": 3}\n",
    );
    assert!(
        json_in.contains("(json, inferred, version 1, expires never)"),
        "a new pair says its type was inferred: {json_in}"
    );
    let kept = cli.ok(&["kv", "set", "company.team", "cursor", "45"], b"");
    assert!(
        kept.contains("(number, version 3, expires "),
        "an existing pair keeps its type, not inferred: {kept}"
    );
    let negative = cli.ok(&["kv", "set", "company.team", "delta", "-7"], b"");
    assert!(negative.contains("(number, inferred"), "{negative}");
    assert_eq!(cli.ok(&["kv", "get", "company.team", "delta"], b""), "-7\n");
    let piped = cli.ok(&["kv", "set", "company.team", "count", "-"], b"42\n");
    assert!(
        piped.contains("(number, inferred"),
        "echo's newline is not the value's: {piped}"
    );
    let id = cli.ok(
        &["kv", "set", "company.team", "id", "12345678901234567890123"],
        b"",
    );
    assert!(id.contains("(string, inferred"), "every digit kept: {id}");
}

#[tokio::test]
async fn a_key_of_one_or_two_dots_is_refused_here_and_never_sent_by_the_remote_cli() {
    let s = crate::http_api::serve().await;
    for dots in [".", ".."] {
        let err =
            s.k.kv_set(
                &admin(),
                write(
                    "jobs",
                    dots,
                    typed(KvType::Number, json!(1)),
                    KvExpiry::Keep,
                ),
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
        assert!(err.to_string().contains("may not be . or .."), "{err}");
    }
    let token = s.account("ops", Role::Admin, None).await;
    let client = keystead::http::Client::new(&s.base, token.into(), None).unwrap();
    // The URL would drop `..` and reach the listing (or another route) instead.
    let err = client
        .kv_get("main", "jobs", "..", false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    let err = client
        .secret_get("main", "jobs", "..", false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
}

#[tokio::test]
async fn a_json_value_without_a_type_keeps_the_pairs_type_and_a_new_pair_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let untyped = |value: Value| {
        Some(KvValueInput {
            kind: None,
            value,
            parse: false,
        })
    };
    let err = k
        .kv_set(
            &admin(),
            write("jobs", "count", untyped(json!(1)), KvExpiry::Keep),
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("a new pair has none to keep"),
        "{err}"
    );
    k.kv_set(
        &admin(),
        write(
            "jobs",
            "count",
            typed(KvType::Number, json!(1)),
            KvExpiry::Keep,
        ),
    )
    .await
    .unwrap();
    let saved = k
        .kv_set(
            &admin(),
            write("jobs", "count", untyped(json!(6)), KvExpiry::Keep),
        )
        .await
        .unwrap();
    assert_eq!((saved.kind, saved.value), (KvType::Number, json!(6)));
    let err = k
        .kv_set(
            &admin(),
            write("jobs", "count", untyped(json!("six")), KvExpiry::Keep),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("count is a number"), "{err}");
}
