//! A credential's secret references resolve through inheritance when it mints, so what they
//! resolve to can change after the credential was saved. Saving records how far up the saver
//! could use secrets; minting refuses a secret defined above that. An admin of `a.b` who saved a
//! credential with its own `a.b/K`, then deleted `a.b/K`, must not make it send `a/K`.

use crate::support::{admin, api_token, open, service_account_caller, set};
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer, decode_basic};
use keystead::ErrorCode;
use keystead::api::dto::*;
use keystead::api::{Caller, Keystead};
use keystead::credentials::definition::CredentialDefinition;
use keystead::model::{NamespaceId, Scope};

use serde_json::json;

const PARENT_VALUE: &str = "parent-only-canary-3f9c1d";

fn probe(server: &TokenServer, namespace: &str) -> CredentialDefinition {
    let inputs = json!({
        "token_url": server.url("/token"),
        "client_id": CLIENT_ID,
        "client_secret": "{{ secret('K') }}",
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

/// Whether any request carried the parent's value (in Basic, the credential's method, or a form).
fn sent_parent_value(server: &TokenServer) -> bool {
    server.requests().iter().any(|r| {
        let basic = r.headers.get("authorization").and_then(|h| decode_basic(h));
        basic.is_some_and(|(_, secret)| secret == PARENT_VALUE)
            || r.form.values().any(|v| v == PARENT_VALUE)
    })
}

async fn test(k: &Keystead, caller: &Caller, namespace: &str) -> TestResult {
    k.credential_test(caller, "main", Some(namespace), "probe")
        .await
        .unwrap()
}

/// The probe's `secret_reach` as `credential show` and `credential list` give it.
async fn shown_reach(k: &Keystead, namespace: &str) -> [Scope; 2] {
    let shown = k
        .credential_show(&admin(), "main", Some(namespace), "probe")
        .await
        .unwrap();
    let listed = k
        .credential_list(
            &admin(),
            CredentialListRequest {
                tenant: "main".into(),
                namespace: Some(namespace.into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let listed = listed.into_iter().find(|c| c.name == "probe").unwrap();
    [shown.secret_reach, listed.secret_reach]
}

fn ns(id: &str) -> Scope {
    Scope::Namespace(NamespaceId::parse(id).unwrap())
}

/// A Test from `namespace` fails with `secret_unresolved`, and the parent's value was never sent.
async fn refused(
    k: &Keystead,
    caller: &Caller,
    namespace: &str,
    server: &TokenServer,
) -> TestResult {
    let result = test(k, caller, namespace).await;
    assert_eq!(
        result.error,
        Some(MintErrorCode::SecretUnresolved),
        "{result:?}"
    );
    assert!(!sent_parent_value(server));
    result
}

/// `a/K` (which only the local administrator may use) and `a.b/K`, with the team admin of `a.b`.
async fn setup(k: &Keystead) -> Caller {
    set(k, "a", "K", PARENT_VALUE).await.unwrap();
    set(k, "a.b", "K", CLIENT_SECRET).await.unwrap();
    service_account_caller(k, "team-admin", Some((Role::Admin, Some("a.b")))).await
}

#[tokio::test]
async fn deleting_the_own_secret_does_not_make_a_saved_credential_send_the_parents() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    let team = setup(&k).await;
    let saved = k
        .credential_apply(&team, "main", probe(&server, "a.b"))
        .await
        .unwrap();
    assert_eq!(saved.secret_reach, ns("a.b"));
    assert!(test(&k, &team, "a.b").await.ok);

    k.secret_delete(&team, "main", "a.b", "K").await.unwrap();
    let before = server.requests().len();

    let result = refused(&k, &team, "a.b", &server).await;
    let message = result.error_description.clone().unwrap_or_default();
    assert!(
        message.contains("defined in a,") && message.contains("only from a.b or below it"),
        "{message}"
    );
    assert!(
        result
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("save the credential"),
        "{result:?}"
    );

    let err = k
        .credential_token(&team, "main", Some("a.b"), "probe")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    assert!(err.to_string().contains("defined in a,"), "{err}");
    assert_eq!(server.requests().len(), before, "nothing was sent");
    assert!(!sent_parent_value(&server));
}

#[tokio::test]
async fn saving_again_with_use_on_the_parent_lets_the_credential_send_the_parents_secret() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    let team = setup(&k).await;
    k.credential_apply(&team, "main", probe(&server, "a.b"))
        .await
        .unwrap();
    k.secret_delete(&team, "main", "a.b", "K").await.unwrap();
    assert!(!test(&k, &team, "a.b").await.ok);
    assert!(!sent_parent_value(&server));

    // The person at the machine may use everything: once saved by them, a/K is what it sends.
    let mut def = probe(&server, "a.b");
    def.description = "saved by the administrator".into();
    k.credential_apply(&admin(), "main", def).await.unwrap();
    let result = test(&k, &team, "a.b").await;
    assert_eq!(
        result.error,
        Some(MintErrorCode::InvalidClient),
        "{result:?}"
    );
    assert!(
        sent_parent_value(&server),
        "the parent's value went to the token endpoint"
    );
}

#[tokio::test]
async fn a_saved_credential_may_use_what_is_defined_in_its_namespace_and_below() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    let team = setup(&k).await;
    k.credential_apply(&team, "main", probe(&server, "a.b"))
        .await
        .unwrap();
    // Used from a child that defines its own K: the child's value, within the saver's reach.
    set(&k, "a.b.c", "K", CLIENT_SECRET).await.unwrap();
    k.secret_delete(&team, "main", "a.b", "K").await.unwrap();
    assert!(test(&k, &team, "a.b.c").await.ok);
    assert!(!test(&k, &team, "a.b").await.ok);
    assert!(!sent_parent_value(&server));
}

#[tokio::test]
async fn a_copy_reaches_only_as_far_as_whoever_made_it() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    let team = setup(&k).await;
    // Saved by the administrator in a.b.x, copied by the team admin to a.b.y, which has no own K.
    k.credential_apply(&admin(), "main", probe(&server, "a.b.x"))
        .await
        .unwrap();
    let copy = |target: &str| CredentialCopyRequest {
        tenant: "main".into(),
        namespace: Some("a.b.x".into()),
        name: "probe".into(),
        target_namespace: Some(target.into()),
        target_name: None,
    };
    k.credential_copy(&team, copy("a.b.y")).await.unwrap();
    assert!(test(&k, &team, "a.b.y").await.ok, "a.b/K is within a.b");
    k.secret_delete(&team, "main", "a.b", "K").await.unwrap();
    refused(&k, &team, "a.b.y", &server).await;
}

#[tokio::test]
async fn an_unsaved_definitions_test_reaches_only_as_far_as_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    let team = setup(&k).await;
    assert!(
        k.credential_test_definition(&team, "main", probe(&server, "a.b"))
            .await
            .unwrap()
            .ok
    );
    // With a.b/K gone the check at the start refuses, as before; the reach is the second guard
    // (a secret deleted between that check and the mint).
    k.secret_delete(&team, "main", "a.b", "K").await.unwrap();
    let err = k
        .credential_test_definition(&team, "main", probe(&server, "a.b"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    assert!(!sent_parent_value(&server));
}

#[tokio::test]
async fn the_reach_shrinks_when_the_saver_loses_use_on_the_parent_or_is_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    setup(&k).await;
    let grant_on_a = |role| RoleChangeRequest {
        tenant: "main".into(),
        principal: "team-admin".into(),
        role,
        namespace: Some("a".into()),
    };
    k.role_grant(&admin(), grant_on_a(Role::Use)).await.unwrap();
    let team = k
        .authenticate(
            &api_token(&k, "team-admin", "with use on a", Some("P1D"))
                .await
                .token,
            None,
        )
        .await
        .unwrap();
    // Saved while K is a's only, by a saver with use on a: a/K is what it sends.
    k.secret_delete(&team, "main", "a.b", "K").await.unwrap();
    k.credential_apply(&team, "main", probe(&server, "a.b"))
        .await
        .unwrap();
    assert_eq!(
        test(&k, &team, "a.b").await.error,
        Some(MintErrorCode::InvalidClient)
    );
    assert!(sent_parent_value(&server));
    let sent = server.requests().len();
    assert_eq!(shown_reach(&k, "a.b").await, [ns("a"), ns("a")]);

    k.role_revoke(&admin(), grant_on_a(Role::Use))
        .await
        .unwrap();
    // What the credential shows is what a mint applies: a.b now.
    assert_eq!(shown_reach(&k, "a.b").await, [ns("a.b"), ns("a.b")]);
    let result = test(&k, &team, "a.b").await;
    assert_eq!(
        result.error,
        Some(MintErrorCode::SecretUnresolved),
        "{result:?}"
    );
    assert_eq!(server.requests().len(), sent, "nothing more was sent");

    k.role_grant(&admin(), grant_on_a(Role::Use)).await.unwrap();
    // Back, and never above what was recorded.
    assert_eq!(shown_reach(&k, "a.b").await, [ns("a"), ns("a")]);
    assert_eq!(
        test(&k, &admin(), "a.b").await.error,
        Some(MintErrorCode::InvalidClient)
    );
    k.principal_set_disabled(&admin(), "main", "team-admin", true)
        .await
        .unwrap();
    assert_eq!(shown_reach(&k, "a.b").await, [ns("a.b"), ns("a.b")]);
    let result = test(&k, &admin(), "a.b").await;
    assert_eq!(
        result.error,
        Some(MintErrorCode::SecretUnresolved),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_credential_saved_at_the_desktop_does_not_fall_back_to_a_parents_secret_either() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    let team = setup(&k).await;
    // The person at the machine may use a/K, but saved the credential with a.b/K.
    let saved = k
        .credential_apply(&admin(), "main", probe(&server, "a.b"))
        .await
        .unwrap();
    assert_eq!(saved.secret_reach, ns("a.b"));
    assert!(test(&k, &team, "a.b").await.ok);
    k.secret_delete(&team, "main", "a.b", "K").await.unwrap();
    refused(&k, &team, "a.b", &server).await;
}

#[tokio::test]
async fn each_reference_resolves_no_higher_than_where_it_was_found() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let server = TokenServer::start().await;
    set(&k, "a", "K", PARENT_VALUE).await.unwrap();
    set(&k, "a", "ID", CLIENT_ID).await.unwrap();
    set(&k, "a.b", "K", CLIENT_SECRET).await.unwrap();
    // Two references (a JWT-bearer grant with client authentication): ID found in a, K in a.b.
    // The reach as a whole is a; K's own is a.b.
    let def = CredentialDefinition {
        type_id: "oauth2_jwt_bearer".into(),
        inputs: json!({
            "token_url": server.url("/token"),
            "assertion_issuer": "iss",
            "subject": "sub",
            "private_key": "{{ secret('ID') }}",
            "client_id": CLIENT_ID,
            "client_secret": "{{ secret('K') }}",
        })
        .as_object()
        .unwrap()
        .clone(),
        ..probe(&server, "a.b")
    };
    let saved = k.credential_apply(&admin(), "main", def).await.unwrap();
    assert_eq!(saved.secret_reach, ns("a"));
    k.secret_delete(&admin(), "main", "a.b", "K").await.unwrap();
    let result = refused(&k, &admin(), "a.b", &server).await;
    assert!(
        result
            .error_description
            .unwrap_or_default()
            .contains("secret K as seen from a.b"),
    );
    assert!(!sent_parent_value(&server));
}

#[tokio::test]
async fn a_reference_that_comes_from_a_type_default_is_checked_and_reached_as_a_given_one() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "a", "SHARED", "shared-value").await.unwrap();
    let field: InputField = serde_json::from_value(json!({
        "id": "token", "label": "Token", "secret": true,
        "default": "{{ secret('SHARED') }}",
    }))
    .unwrap();
    k.credential_type_create(
        &admin(),
        "main",
        CustomTypeDefinition {
            id: "shared_token".into(),
            label: "Shared token".into(),
            description: String::new(),
            inputs: vec![field],
        },
    )
    .await
    .unwrap();
    let def = CredentialDefinition {
        namespace: Some("a.b".into()),
        name: "probe".into(),
        type_id: "shared_token".into(),
        description: String::new(),
        inputs: serde_json::Map::new(),
        settings: Default::default(),
    };
    // The default's secret is a's: a team admin of a.b may not save it, the administrator may.
    let team = service_account_caller(&k, "team-admin", Some((Role::Admin, Some("a.b")))).await;
    let err = k
        .credential_apply(&team, "main", def.clone())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "{err}");
    let saved = k.credential_apply(&admin(), "main", def).await.unwrap();
    assert_eq!(saved.secret_reach, ns("a"));
    let result = test(&k, &admin(), "a.b").await;
    assert!(result.ok, "{result:?}");
}
