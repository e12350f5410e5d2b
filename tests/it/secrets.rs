use crate::support::{open, reveal, set, set_request};
use keystead::ErrorCode;
use keystead::api::dto::{AuditFilter, MASK};

#[tokio::test]
async fn set_list_and_reveal_keeps_values_masked_until_asked() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    assert_eq!(
        set(&k, "company.team", "API_KEY", "s3cr3t-value")
            .await
            .unwrap(),
        1
    );
    let listed = k
        .secret_list(&crate::support::admin(), "main", "company.team", false)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].value, MASK);
    assert_eq!(listed[0].meta.key, "API_KEY");
    let masked = k
        .secret_get(
            &crate::support::admin(),
            "main",
            "company.team",
            "API_KEY",
            false,
        )
        .await
        .unwrap();
    assert_eq!(masked.value, MASK);
    assert!(!masked.revealed);
    assert_eq!(reveal(&k, "company.team", "API_KEY").await, "s3cr3t-value");
    // The mask does not depend on the value's length.
    set(&k, "company.team", "LONG", &"x".repeat(5000))
        .await
        .unwrap();
    let all = k
        .secret_list(&crate::support::admin(), "main", "company.team", false)
        .await
        .unwrap();
    assert!(all.iter().all(|i| i.value == MASK));
}

#[tokio::test]
async fn effective_listing_shows_origin_and_shadowing() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "company", "SHARED", "from-parent").await.unwrap();
    set(&k, "company", "OVERRIDDEN", "parent").await.unwrap();
    set(&k, "company.team", "OVERRIDDEN", "child")
        .await
        .unwrap();
    set(&k, "company.team", "OWN", "own").await.unwrap();
    set(&k, "other", "UNRELATED", "x").await.unwrap();

    let own = k
        .secret_list(&crate::support::admin(), "main", "company.team", false)
        .await
        .unwrap();
    let own_keys: Vec<_> = own.iter().map(|i| i.meta.key.as_str()).collect();
    assert_eq!(own_keys, ["OVERRIDDEN", "OWN"]);

    let effective = k
        .secret_list(&crate::support::admin(), "main", "company.team", true)
        .await
        .unwrap();
    let view: Vec<_> = effective
        .iter()
        .map(|i| {
            (
                i.meta.key.as_str(),
                i.origin.as_str(),
                i.inherited,
                i.shadows.clone(),
            )
        })
        .collect();
    assert_eq!(
        view,
        [
            (
                "OVERRIDDEN",
                "company.team",
                false,
                vec!["company".to_owned()]
            ),
            ("OWN", "company.team", false, vec![]),
            ("SHARED", "company", true, vec![]),
        ]
    );
    // Deeper namespaces inherit through implicit parents.
    let deep = k
        .secret_list(&crate::support::admin(), "main", "company.team.etl", true)
        .await
        .unwrap();
    assert_eq!(deep.len(), 3);
    assert!(deep.iter().all(|i| i.inherited));
}

#[tokio::test]
async fn read_only_secret_refuses_update_and_delete_until_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let mut req = set_request("ops", "DB_PASSWORD", "v1");
    req.read_only = Some(true);
    k.secret_set(&crate::support::admin(), req).await.unwrap();
    let update = set(&k, "ops", "DB_PASSWORD", "v2").await.unwrap_err();
    assert_eq!(update.code(), ErrorCode::ReadOnly);
    assert!(
        update.to_string().contains("read-only ops DB_PASSWORD off"),
        "{update}"
    );
    let delete = k
        .secret_delete(&crate::support::admin(), "main", "ops", "DB_PASSWORD")
        .await
        .unwrap_err();
    assert_eq!(delete.code(), ErrorCode::ReadOnly);
    assert_eq!(reveal(&k, "ops", "DB_PASSWORD").await, "v1");
    k.secret_set_read_only(
        &crate::support::admin(),
        "main",
        "ops",
        "DB_PASSWORD",
        false,
    )
    .await
    .unwrap();
    assert_eq!(set(&k, "ops", "DB_PASSWORD", "v2").await.unwrap(), 2);
    k.secret_delete(&crate::support::admin(), "main", "ops", "DB_PASSWORD")
        .await
        .unwrap();
    let gone = k
        .secret_get(
            &crate::support::admin(),
            "main",
            "ops",
            "DB_PASSWORD",
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(gone.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn keeps_the_last_ten_versions_and_restores_one() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    for n in 1..=12 {
        set(&k, "app", "TOKEN", &format!("value-{n}"))
            .await
            .unwrap();
    }
    let versions = k
        .secret_versions(&crate::support::admin(), "main", "app", "TOKEN")
        .await
        .unwrap();
    let numbers: Vec<u32> = versions.iter().map(|v| v.version).collect();
    assert_eq!(numbers, (3..=12).rev().collect::<Vec<_>>());
    assert!(versions[0].current && versions.iter().skip(1).all(|v| !v.current));
    let restored = k
        .secret_restore(&crate::support::admin(), "main", "app", "TOKEN", 5)
        .await
        .unwrap();
    assert_eq!(restored.version, 13);
    assert_eq!(reveal(&k, "app", "TOKEN").await, "value-5");
    let pruned = k
        .secret_restore(&crate::support::admin(), "main", "app", "TOKEN", 2)
        .await
        .unwrap_err();
    assert_eq!(pruned.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn bad_input_is_refused_with_the_rule_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let cases = [
        ("company.team", "API-KEY", "v", "[A-Za-z_][A-Za-z0-9_]*"),
        ("company.team", "1KEY", "v", "[A-Za-z_][A-Za-z0-9_]*"),
        ("Company", "KEY", "v", "dot-separated segments"),
        ("a..b", "KEY", "v", "dot-separated segments"),
        ("ok", "KEY", "", "empty"),
    ];
    for (ns, key, value, rule) in cases {
        let err = set(&k, ns, key, value).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{ns} {key}");
        assert!(err.to_string().contains(rule), "{err}");
    }
    let big = "x".repeat(64 * 1024 + 1);
    let err = set(&k, "ok", "BIG", &big).await.unwrap_err();
    assert!(err.to_string().contains("at most 65536 bytes"), "{err}");
    assert!(
        k.namespace_tree(&crate::support::admin(), "main")
            .await
            .unwrap()
            .is_empty(),
        "no namespace was created"
    );
    let tenant = k
        .secret_list(&crate::support::admin(), "Nope", "a", false)
        .await
        .unwrap_err();
    assert!(tenant.to_string().contains("invalid tenant id"));
    let missing_tenant = k
        .secret_list(&crate::support::admin(), "ghost", "a", false)
        .await
        .unwrap_err();
    assert_eq!(missing_tenant.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn namespace_tree_has_implicit_parents() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.namespace_create(&crate::support::admin(), "main", "company.team.etl")
        .await
        .unwrap();
    k.namespace_create(&crate::support::admin(), "main", "company.team.etl")
        .await
        .unwrap();
    set(&k, "company", "A", "1").await.unwrap();
    let tree = k
        .namespace_tree(&crate::support::admin(), "main")
        .await
        .unwrap();
    assert_eq!(tree.len(), 1);
    let company = &tree[0];
    assert_eq!(
        (company.id.as_str(), company.explicit, company.secret_count),
        ("company", true, 1)
    );
    let team = &company.children[0];
    assert_eq!(
        (team.id.as_str(), team.segment.as_str(), team.explicit),
        ("company.team", "team", false)
    );
    assert_eq!(team.children[0].id, "company.team.etl");
    assert!(team.children[0].explicit);
}

#[tokio::test]
async fn every_change_and_reveal_is_audited_without_values() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "ns", "K", "audit-canary-1").await.unwrap();
    set(&k, "ns", "K", "audit-canary-2").await.unwrap();
    reveal(&k, "ns", "K").await;
    k.secret_delete(&crate::support::admin(), "main", "ns", "K")
        .await
        .unwrap();
    let filter = |action: Option<&str>| AuditFilter {
        tenant: "main".into(),
        action: action.map(str::to_owned),
        ..Default::default()
    };
    let events = k
        .audit_list(&crate::support::admin(), filter(None))
        .await
        .unwrap();
    let actions: Vec<_> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "secret.delete",
            "secret.reveal",
            "secret.update",
            "secret.create"
        ]
    );
    assert!(
        events
            .iter()
            .all(|e| e.actor == "test-admin" && e.target == "K")
    );
    assert!(events.iter().all(|e| !e.detail.contains("canary")));
    let reveals = k
        .audit_list(&crate::support::admin(), filter(Some("secret.reveal")))
        .await
        .unwrap();
    assert_eq!(reveals.len(), 1);
    let future = AuditFilter {
        since: Some("2999-01-01".into()),
        ..filter(None)
    };
    assert!(
        k.audit_list(&crate::support::admin(), future)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn audit_pages_by_event_id_and_bounds_time_from_above() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    for n in 0..5 {
        set(&k, "ns", &format!("K{n}"), "v").await.unwrap();
    }
    let page = |before: Option<i64>| AuditFilter {
        tenant: "main".into(),
        before,
        limit: Some(2),
        ..Default::default()
    };
    let admin = crate::support::admin();
    let first = k.audit_list(&admin, page(None)).await.unwrap();
    let second = k.audit_list(&admin, page(Some(first[1].id))).await.unwrap();
    let third = k
        .audit_list(&admin, page(Some(second[1].id)))
        .await
        .unwrap();
    let targets: Vec<_> = [first, second, third]
        .concat()
        .into_iter()
        .map(|e| e.target)
        .collect();
    assert_eq!(targets, ["K4", "K3", "K2", "K1", "K0"]);

    let until = |at: &str| AuditFilter {
        tenant: "main".into(),
        until: Some(at.into()),
        ..Default::default()
    };
    assert!(
        k.audit_list(&admin, until("2000-01-01"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        k.audit_list(&admin, until("2999-01-01"))
            .await
            .unwrap()
            .len(),
        5
    );
    let refused = k.audit_list(&admin, until("yesterday")).await.unwrap_err();
    assert!(refused.to_string().contains("RFC 3339"), "{refused}");
}

#[tokio::test]
async fn audit_filters_take_a_namespace_with_its_children_an_action_family_and_the_shown_target() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    // '-' sorts before '.', '_' and digits after '/': both sides of the range are tried.
    for ns in [
        "prod",
        "prod.eng",
        "prod.eng.eu",
        "prod2",
        "prod_x",
        "prod-x",
    ] {
        set(&k, ns, "DB_URL", "v").await.unwrap();
    }
    reveal(&k, "prod.eng", "DB_URL").await;
    let admin = crate::support::admin();
    let list = |filter: AuditFilter| {
        let k = &k;
        let admin = admin.clone();
        async move {
            let mut seen: Vec<String> = k
                .audit_list(
                    &admin,
                    AuditFilter {
                        tenant: "main".into(),
                        ..filter
                    },
                )
                .await
                .unwrap()
                .into_iter()
                .filter(|e| e.target_kind == "secret")
                .map(|e| format!("{} {}", e.action, e.namespace.unwrap_or_default()))
                .collect();
            seen.sort();
            seen
        }
    };
    let within_prod = list(AuditFilter {
        namespace: Some("prod".into()),
        action: Some("secret.create".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(
        within_prod,
        [
            "secret.create prod",
            "secret.create prod.eng",
            "secret.create prod.eng.eu"
        ]
    );
    let family = list(AuditFilter {
        namespace: Some("prod.eng".into()),
        action: Some("secret".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(
        family,
        [
            "secret.create prod.eng",
            "secret.create prod.eng.eu",
            "secret.reveal prod.eng"
        ]
    );
    let starred = list(AuditFilter {
        action: Some("secret.*".into()),
        target: Some("secret:prod.eng/DB_URL".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(
        starred,
        ["secret.create prod.eng", "secret.reveal prod.eng"]
    );
    let within = list(AuditFilter {
        namespace: Some("prod".into()),
        target: Some("secret:prod.eng/DB_URL".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(within, ["secret.create prod.eng", "secret.reveal prod.eng"]);
    let family_of_a_word = list(AuditFilter {
        action: Some("secret_x".into()),
        ..Default::default()
    })
    .await;
    assert!(family_of_a_word.is_empty(), "secret_x.… is not secret.…");
    assert_eq!(
        list(AuditFilter {
            target: Some("DB_URL".into()),
            ..Default::default()
        })
        .await
        .len(),
        7
    );
    for (filter, says) in [
        (
            AuditFilter {
                action: Some("secret reveal".into()),
                ..Default::default()
            },
            "not an audit action",
        ),
        (
            AuditFilter {
                namespace: Some("prod2".into()),
                target: Some("secret:prod.eng/DB_URL".into()),
                ..Default::default()
            },
            "nor below it",
        ),
    ] {
        let err = k
            .audit_list(
                &admin,
                AuditFilter {
                    tenant: "main".into(),
                    ..filter
                },
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
    }
}

#[tokio::test]
async fn tenants_are_isolated() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.tenant_create(&crate::support::admin(), "acme")
        .await
        .unwrap();
    assert_eq!(
        k.tenant_create(&crate::support::admin(), "acme")
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Conflict
    );
    let mut req = set_request("shared", "KEY", "acme-value");
    req.tenant = "acme".into();
    k.secret_set(&crate::support::admin(), req).await.unwrap();
    assert!(
        k.secret_list(&crate::support::admin(), "main", "shared", true)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        k.secret_get(&crate::support::admin(), "acme", "shared", "KEY", true)
            .await
            .unwrap()
            .value,
        "acme-value"
    );
    let ids: Vec<_> = k
        .tenant_list(&crate::support::admin())
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, ["acme", "main"]);
}
