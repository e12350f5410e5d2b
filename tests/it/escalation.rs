//! Ways a caller could get more than its role gives, or a write could lose a value: a credential
//! Test that would send a parent's secret, a narrowed token issuing a wider one, a KV listing
//! showing values to `read`, a secret sealed with a data key a rotation just retired, and a
//! last-used write that would empty every process's caches.

use crate::support::{
    admin, api_token, open, reveal, service_account, service_account_caller, set,
};
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};
use keystead::ErrorCode;
use keystead::api::dto::*;
use keystead::credentials::definition::CredentialDefinition;
use keystead::model::{NamespaceId, Scope};
use serde_json::json;

fn client_credentials(server: &TokenServer, namespace: &str, secret: &str) -> CredentialDefinition {
    let inputs = json!({
        "token_url": server.url("/token"),
        "client_id": CLIENT_ID,
        "client_secret": format!("{{{{ secret('{secret}') }}}}"),
    });
    CredentialDefinition {
        namespace: Some(namespace.into()),
        name: "probe".into(),
        type_id: "oauth2_client_credentials".into(),
        description: String::new(),
        inputs: inputs.as_object().unwrap().clone(),
        settings: Default::default(),
    }
}

#[tokio::test]
async fn an_unsaved_credentials_test_needs_use_where_each_referenced_secret_is_defined() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    set(&k, "a", "PARENT_ONLY", CLIENT_SECRET).await.unwrap();
    set(&k, "a.b", "OWN", CLIENT_SECRET).await.unwrap();
    let caller = service_account_caller(&k, "team-admin", Some((Role::Admin, Some("a.b")))).await;

    let err = k
        .credential_test_definition(
            &caller,
            "main",
            client_credentials(&server, "a.b", "PARENT_ONLY"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    assert!(
        err.to_string().contains("reference secret PARENT_ONLY") && err.to_string().contains(" a "),
        "{err}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");

    let own = k
        .credential_test_definition(&caller, "main", client_credentials(&server, "a.b", "OWN"))
        .await
        .unwrap();
    assert!(own.ok, "{own:?}");
    assert_eq!(server.requests().len(), 1);
}

fn narrowed(owner: &str, role: Role, namespace: &str) -> TokenCreateRequest {
    TokenCreateRequest {
        tenant: "main".into(),
        principal: owner.into(),
        name: format!("{role} on {namespace}"),
        description: String::new(),
        max_age: Some("PT12H".into()),
        extended: false,
        narrowing: Some(GrantDto {
            role,
            scope: Scope::Namespace(NamespaceId::parse(namespace).unwrap()),
        }),
    }
}

#[tokio::test]
async fn a_narrowed_token_issues_only_tokens_narrowed_as_far_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    service_account(&k, "deployer", Some((Role::Admin, None))).await;
    let full = api_token(&k, "deployer", "full", Some("P1D")).await;
    let mut limited = narrowed("deployer", Role::Read, "prod.x");
    limited.max_age = Some("P1D".into());
    let limited = k.token_create(&admin(), limited).await.unwrap();
    let caller = k.authenticate(&limited.token, None).await.unwrap();

    let mut unnarrowed = narrowed("deployer", Role::Read, "prod.x");
    unnarrowed.narrowing = None;
    let wider = [
        unnarrowed,
        narrowed("deployer", Role::Use, "prod.x"),
        narrowed("deployer", Role::Read, "prod"),
        narrowed("deployer", Role::Read, "staging"),
    ];
    // (each also asks for no more than the 12 hours left to the calling token)
    for request in wider {
        let asked = format!(
            "{:?}",
            request.narrowing.as_ref().map(|g| (g.role, &g.scope))
        );
        let err = k.token_create(&caller, request).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Forbidden, "{asked}: {err}");
        assert!(
            err.to_string().contains("narrowed to read on prod.x"),
            "{err}"
        );
    }
    let err = k
        .token_rotate(
            &caller,
            TokenRotateRequest {
                tenant: "main".into(),
                id: full.info.id.clone(),
                grace: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");

    for within in [
        narrowed("deployer", Role::Read, "prod.x"),
        narrowed("deployer", Role::Read, "prod.x.eu"),
    ] {
        k.token_create(&caller, within).await.unwrap();
    }
    let rotated = k
        .token_rotate(
            &caller,
            TokenRotateRequest {
                tenant: "main".into(),
                id: limited.info.id.clone(),
                grace: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        rotated.info.narrowing.map(|g| g.role),
        Some(Role::Read),
        "a rotated token keeps its narrowing"
    );
    // The owner's un-narrowed token still issues what it likes.
    let owner = k.authenticate(&full.token, None).await.unwrap();
    let mut any = narrowed("deployer", Role::Admin, "prod");
    any.narrowing = None;
    k.token_create(&owner, any).await.unwrap();
}

#[tokio::test]
async fn a_token_that_expires_issues_only_tokens_that_expire_no_later_but_may_renew_itself() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    service_account(&k, "ci", Some((Role::Use, Some("company")))).await;
    let short = api_token(&k, "ci", "job", Some("P1D")).await;
    let other = api_token(&k, "ci", "other", Some("P90D")).await;
    let caller = k.authenticate(&short.token, None).await.unwrap();
    let request = |max_age: Option<&str>| TokenCreateRequest {
        tenant: "main".into(),
        principal: "ci".into(),
        name: "made by a token".into(),
        description: String::new(),
        max_age: max_age.map(str::to_owned),
        extended: false,
        narrowing: None,
    };
    for longer in [None, Some("never"), Some("P2D")] {
        let err = k.token_create(&caller, request(longer)).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Forbidden, "{longer:?}: {err}");
        assert!(err.to_string().contains("must expire by then"), "{err}");
    }
    let made = k
        .token_create(&caller, request(Some("PT1H")))
        .await
        .unwrap();
    assert!(made.info.expires_at.is_some());
    let rotate = |id: &str| TokenRotateRequest {
        tenant: "main".into(),
        id: id.to_owned(),
        grace: None,
    };
    let err = k
        .token_rotate(&caller, rotate(&other.info.id))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Forbidden,
        "a longer-lived sibling: {err}"
    );
    k.token_rotate(&caller, rotate(&short.info.id))
        .await
        .unwrap();
    let err = k.authenticate(&short.token, None).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Unauthenticated,
        "renewed: the old one stops"
    );
}

#[tokio::test]
async fn a_kv_listing_masks_the_values_a_read_caller_may_not_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    for (namespace, key) in [("jobs", "cursor"), ("jobs.etl", "batch")] {
        k.kv_set(
            &admin(),
            KvSetRequest {
                tenant: "main".into(),
                namespace: namespace.into(),
                key: key.into(),
                value: Some(KvValueInput {
                    kind: Some(KvType::String),
                    value: json!("db-password-like"),
                    parse: false,
                }),
                description: None,
                expiry: KvExpiry::Keep,
                if_version: None,
                if_absent: false,
            },
        )
        .await
        .unwrap();
    }
    let list = |namespace: &str| KvListRequest {
        tenant: "main".into(),
        namespace: namespace.into(),
        prefix: None,
        effective: true,
    };
    let reader = service_account_caller(&k, "reader", Some((Role::Read, Some("jobs")))).await;
    let user = service_account_caller(&k, "runner", Some((Role::Use, Some("jobs.etl")))).await;

    let seen = k.kv_list(&reader, list("jobs.etl")).await.unwrap();
    assert_eq!(seen.len(), 2);
    assert!(
        seen.iter().all(|pair| pair.preview == "••••••••"),
        "{:?}",
        seen.iter().map(|p| &p.preview).collect::<Vec<_>>()
    );
    let seen = k.kv_list(&user, list("jobs.etl")).await.unwrap();
    let preview = |key: &str| {
        seen.iter()
            .find(|pair| pair.key == key)
            .map(|pair| pair.preview.clone())
            .unwrap()
    };
    assert_eq!(
        preview("batch"),
        "db-password-like",
        "use where it is defined"
    );
    assert_eq!(preview("cursor"), "••••••••", "the parent's: no use there");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_written_while_the_data_keys_rotate_is_sealed_with_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let k = std::sync::Arc::new(open(dir.path()).await);
    // Enough values that the rotation holds the database for a while.
    let content: String = (0..10_000).map(|i| format!("K{i}=value-{i}\n")).collect();
    k.secret_import(
        &admin(),
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
    let rotation = tokio::spawn({
        let k = std::sync::Arc::clone(&k);
        async move { k.key_rotate_data_keys(&admin()).await }
    });
    // Written while the rotation re-seals: it waits for the database, then must use the key
    // the rotation installed, not the one it retired and deleted.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    set(&k, "company", "DURING", "two").await.unwrap();
    rotation.await.unwrap().unwrap();
    let k = std::sync::Arc::into_inner(k).unwrap();
    k.close().await;

    let fresh = open(dir.path()).await;
    assert_eq!(reveal(&fresh, "company", "DURING").await, "two");
    assert_eq!(reveal(&fresh, "company", "K9999").await, "value-9999");
    let versions: Vec<(i64,)> =
        sqlx::query_as("SELECT DISTINCT data_key_version FROM secret_versions")
            .fetch_all(fresh.pool())
            .await
            .unwrap();
    assert_eq!(versions, vec![(2,)], "every value under the new data key");
}

#[tokio::test]
async fn recording_a_tokens_last_use_leaves_every_processs_caches_alone() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    service_account(&k, "ci", Some((Role::Read, None))).await;
    let token = api_token(&k, "ci", "ci", Some("P1D")).await;
    let counter = || async {
        let (value,): (i64,) = sqlx::query_as("SELECT value FROM change_counter WHERE id = 1")
            .fetch_one(k.pool())
            .await
            .unwrap();
        value
    };
    let before = counter().await;
    k.authenticate(&token.token, Some("127.0.0.1"))
        .await
        .unwrap();
    let used: Vec<(Option<String>,)> = sqlx::query_as("SELECT last_used_at FROM api_tokens")
        .fetch_all(k.pool())
        .await
        .unwrap();
    assert!(used.iter().any(|(at,)| at.is_some()), "the use was written");
    assert_eq!(counter().await, before, "a last-used write is no change");
}

#[tokio::test]
async fn another_principals_token_id_is_answered_as_an_unknown_one_and_both_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    service_account(&k, "owner", Some((Role::Use, Some("prod")))).await;
    let theirs = api_token(&k, "owner", "theirs", Some("P1D")).await;
    let prober = service_account_caller(&k, "prober", Some((Role::Admin, Some("prod")))).await;
    let answer = |id: String| {
        let (k, prober) = (&k, &prober);
        async move {
            let err = k.token_revoke(prober, "main", &id).await.unwrap_err();
            assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
            err.to_string().replace(&id, "ID")
        }
    };
    let unknown = "Zz9Yy8Xx".to_owned();
    assert_eq!(answer(theirs.info.id.clone()).await, answer(unknown).await);
    let denied = k
        .audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("access.denied".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(denied.len(), 2, "{denied:?}");
    assert!(
        k.token_list(&admin(), "main", Some("owner")).await.unwrap()[0]
            .revoked_at
            .is_none()
    );
}
