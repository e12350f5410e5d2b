//! Deleting namespaces: refused while they hold anything, recursive on request, never across a
//! dot boundary, audited in the same transaction, and seen at once by the caches.

use crate::support::{Cli, admin, open, service_account_caller, set};
use keystead::ErrorCode;
use keystead::api::Keystead;
use keystead::api::dto::*;
use serde_json::json;

fn login(namespace: &str, name: &str) -> CredentialDefinition {
    CredentialDefinition {
        namespace: Some(namespace.into()),
        name: name.into(),
        type_id: "source_control".into(),
        description: String::new(),
        inputs: json!({"username": "ci", "password": "{{ secret('A') }}"})
            .as_object()
            .unwrap()
            .clone(),
        settings: Default::default(),
    }
}

fn cursor(namespace: &str) -> KvSetRequest {
    KvSetRequest {
        tenant: "main".into(),
        namespace: namespace.into(),
        key: "cursor".into(),
        value: Some(KvValueInput {
            kind: Some(KvType::Number),
            value: json!(7),
            parse: false,
        }),
        description: None,
        expiry: KvExpiry::Keep,
        if_version: None,
        if_absent: false,
    }
}

async fn principal(k: &Keystead, name: &str, role: Role, namespace: &str) -> keystead::api::Caller {
    service_account_caller(k, name, Some((role, Some(namespace)))).await
}

/// `prod` with a secret, a credential, a KV pair and a role binding, `prod.eng` below it with a
/// secret, and `prod2` beside it holding the same kinds of things.
async fn fixture(k: &Keystead) {
    set(k, "prod", "A", "a").await.unwrap();
    set(k, "prod.eng", "B", "b").await.unwrap();
    k.credential_apply(&admin(), "main", login("prod", "git"))
        .await
        .unwrap();
    k.kv_set(&admin(), cursor("prod")).await.unwrap();
    principal(k, "deployer", Role::Use, "prod").await;
    set(k, "prod2", "A", "kept").await.unwrap();
    k.credential_apply(&admin(), "main", login("prod2", "git"))
        .await
        .unwrap();
    k.kv_set(&admin(), cursor("prod2")).await.unwrap();
    principal(k, "neighbour", Role::Read, "prod2").await;
}

fn ids(nodes: &[NamespaceNode]) -> Vec<String> {
    nodes
        .iter()
        .flat_map(|n| std::iter::once(n.id.clone()).chain(ids(&n.children)))
        .collect()
}

#[tokio::test]
async fn non_empty_namespace_is_refused_naming_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    fixture(&k).await;

    let err = k
        .namespace_delete(&admin(), "main", "prod", false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    let message = err.to_string();
    for held in [
        "2 secrets",
        "1 credential",
        "1 KV pair",
        "1 role binding",
        "child namespace prod.eng",
        "recursively",
    ] {
        assert!(message.contains(held), "{held:?} missing from: {message}");
    }
    assert!(!message.contains("prod2"), "{message}");
    // Nothing went.
    assert_eq!(crate::support::reveal(&k, "prod.eng", "B").await, "b");
    assert!(ids(&k.namespace_tree(&admin(), "main").await.unwrap()).contains(&"prod".to_owned()));
}

#[tokio::test]
async fn recursive_delete_removes_children_and_their_contents_but_not_prod2() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    fixture(&k).await;

    let deleted = k
        .namespace_delete(&admin(), "main", "prod", true)
        .await
        .unwrap();
    assert_eq!(
        deleted,
        NamespaceDeleted {
            namespace: "prod".into(),
            namespaces: 2,
            secrets: 2,
            credentials: 1,
            kv_pairs: 1,
            role_bindings: 1,
        }
    );

    let tree = ids(&k.namespace_tree(&admin(), "main").await.unwrap());
    assert!(
        !tree
            .iter()
            .any(|id| id == "prod" || id.starts_with("prod.")),
        "{tree:?}"
    );
    assert!(tree.contains(&"prod2".to_owned()), "{tree:?}");
    for (namespace, key) in [("prod", "A"), ("prod.eng", "B")] {
        let err = k
            .secret_get(&admin(), "main", namespace, key, true)
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{namespace}/{key}: {err}");
    }
    let err = k
        .credential_show(&admin(), "main", Some("prod"), "git")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    let err = k
        .kv_get(&admin(), "main", "prod", "cursor", false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    let bindings = k
        .role_list(
            &admin(),
            RoleListRequest {
                tenant: "main".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        bindings.iter().all(|b| b.principal != "deployer"),
        "{bindings:?}"
    );

    // prod2 only starts with the same letters: all of it is still there.
    assert_eq!(crate::support::reveal(&k, "prod2", "A").await, "kept");
    k.credential_show(&admin(), "main", Some("prod2"), "git")
        .await
        .unwrap();
    k.kv_get(&admin(), "main", "prod2", "cursor", false)
        .await
        .unwrap();
    assert!(bindings.iter().any(|b| b.principal == "neighbour"));
}

#[tokio::test]
async fn delete_is_audited_with_its_counts() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    fixture(&k).await;
    k.namespace_delete(&admin(), "main", "prod", true)
        .await
        .unwrap();

    let events = k
        .audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("namespace.delete".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(event.actor, "test-admin");
    assert_eq!(event.target, "prod");
    assert_eq!(
        event.detail,
        "namespaces=2 secrets=2 credentials=1 kv_pairs=1 role_bindings=1"
    );
}

#[tokio::test]
async fn empty_namespace_goes_without_recursive_and_unknown_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.namespace_create(&admin(), "main", "scratch")
        .await
        .unwrap();
    k.namespace_create(&admin(), "main", "scratchpad")
        .await
        .unwrap();

    let deleted = k
        .namespace_delete(&admin(), "main", "scratch", false)
        .await
        .unwrap();
    assert_eq!(deleted.namespaces, 1);
    let tree = ids(&k.namespace_tree(&admin(), "main").await.unwrap());
    assert_eq!(tree, vec!["scratchpad".to_owned()]);

    let err = k
        .namespace_delete(&admin(), "main", "scratch", false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    let err = k
        .namespace_delete(&admin(), "main", "Bad Name", false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
}

#[tokio::test]
async fn an_implicit_parent_is_refused_for_its_children_then_deleted_recursively() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.namespace_create(&admin(), "main", "company.team.etl")
        .await
        .unwrap();
    let err = k
        .namespace_delete(&admin(), "main", "company", false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.to_string().contains("child namespace company.team"),
        "{err}"
    );
    let deleted = k
        .namespace_delete(&admin(), "main", "company", true)
        .await
        .unwrap();
    assert_eq!(deleted.namespaces, 1, "only company.team.etl was created");
    assert!(k.namespace_tree(&admin(), "main").await.unwrap().is_empty());
}

#[tokio::test]
async fn read_only_secrets_stop_a_recursive_delete() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "prod.eng", "LOCKED", "v").await.unwrap();
    k.secret_set_read_only(&admin(), "main", "prod.eng", "LOCKED", true)
        .await
        .unwrap();
    let err = k
        .namespace_delete(&admin(), "main", "prod", true)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReadOnly, "{err}");
    assert!(err.to_string().contains("prod.eng/LOCKED"), "{err}");
    assert_eq!(crate::support::reveal(&k, "prod.eng", "LOCKED").await, "v");
}

#[tokio::test]
async fn deleting_needs_admin_on_the_namespace_itself() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    k.namespace_create(&admin(), "main", "prod.eng")
        .await
        .unwrap();
    let child_admin = principal(&k, "child-admin", Role::Admin, "prod.eng").await;
    let reader = principal(&k, "reader", Role::Read, "prod").await;
    for (who, caller) in [("admin of a child", &child_admin), ("reader", &reader)] {
        let err = k
            .namespace_delete(caller, "main", "prod", true)
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Forbidden, "{who}: {err}");
    }
    assert!(ids(&k.namespace_tree(&admin(), "main").await.unwrap()).contains(&"prod.eng".into()));
    let parent_admin = principal(&k, "parent-admin", Role::Admin, "prod").await;
    k.namespace_delete(&parent_admin, "main", "prod.eng", true)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_cached_secret_is_gone_right_after_the_delete() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "prod.eng", "B", "b").await.unwrap();
    // Read through the caches first, so a stale entry would answer afterwards.
    for _ in 0..2 {
        let value = k
            .secret_resolve(&admin(), "main", "prod.eng", "B")
            .await
            .unwrap();
        assert_eq!(value.value, "b");
    }
    k.namespace_delete(&admin(), "main", "prod", true)
        .await
        .unwrap();
    let err = k
        .secret_resolve(&admin(), "main", "prod.eng", "B")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
}

#[test]
fn cli_recursive_delete_needs_yes_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    cli.ok(&["secret", "set", "prod.eng", "B"], b"b");
    cli.ok(&["secret", "set", "prod2", "A"], b"a");

    let refused = cli.run(&["namespace", "delete", "prod"], b"");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("child namespace prod.eng"), "{stderr}");

    let unconfirmed = cli.run(&["namespace", "delete", "prod", "--recursive"], b"prod\n");
    assert!(!unconfirmed.status.success());
    let stderr = String::from_utf8_lossy(&unconfirmed.stderr);
    assert!(stderr.contains("--yes"), "{stderr}");

    let out = cli.ok(
        &["namespace", "delete", "prod", "--recursive", "--yes"],
        b"",
    );
    assert!(out.contains("deleted namespace prod"), "{out}");
    assert!(out.contains("1 secret(s)"), "{out}");
    let listed = cli.ok(&["namespace", "list"], b"");
    assert!(
        !listed.contains("prod.eng") && listed.contains("prod2"),
        "{listed}"
    );
}

#[tokio::test]
async fn http_delete_is_refused_while_non_empty_then_recursive_and_the_binding_goes_with_it() {
    use reqwest::{Method, StatusCode};
    let s = crate::http_api::serve().await;
    set(&s.k, "prod.eng", "B", "b").await.unwrap();
    set(&s.k, "prod2", "A", "kept").await.unwrap();
    let user = s.account("prod-user", Role::Use, Some("prod")).await;
    let owner = s.account("prod-owner", Role::Admin, Some("prod")).await;
    let path = "/api/v1/main/namespaces/prod";

    let (status, _, body) = s.call(Method::DELETE, path, Some(&user), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let (status, _, body) = s.call(Method::DELETE, path, Some(&owner), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "conflict");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("1 secret") && message.contains("2 role bindings"),
        "{message}"
    );

    let recursive = format!("{path}?recursive=true");
    let (status, _, body) = s.call(Method::DELETE, &recursive, Some(&owner), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"namespace": "prod", "namespaces": 1, "secrets": 1, "credentials": 0,
               "kv_pairs": 0, "role_bindings": 2})
    );
    // The owner's binding was on prod: its token has no rights there any more.
    let (status, body) = s.get("/api/v1/main/namespaces/prod2/secrets", &owner).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(crate::support::reveal(&s.k, "prod2", "A").await, "kept");
}
