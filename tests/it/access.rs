//! Principals, role bindings and API tokens: the journey an admin takes, and every way a token
//! stops working (expiry, revocation, a disabled owner, a lost role, a typo).

use crate::support::{
    Cli, admin, contains, files_under, open, open_with_clock, service_account, set,
};
use crate::token_server::{CLIENT_ID, CLIENT_SECRET, TokenServer};
use keystead::ErrorCode;
use keystead::api::dto::*;
use keystead::api::{Caller, Keystead};
use keystead::time::Clock;
use serde_json::{Value, json};
use std::time::Duration;

fn token_request(owner: &str, max_age: Option<&str>, extended: bool) -> TokenCreateRequest {
    TokenCreateRequest {
        tenant: "main".into(),
        principal: owner.into(),
        name: "deploy".into(),
        description: String::new(),
        max_age: max_age.map(str::to_owned),
        extended,
        narrowing: None,
    }
}

async fn token(k: &Keystead, req: TokenCreateRequest) -> CreatedToken {
    k.token_create(&admin(), req).await.unwrap()
}

fn refused(outcome: keystead::Result<Caller>) -> String {
    match outcome {
        Ok(caller) => panic!("the token was accepted for {}", caller.actor()),
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::Unauthenticated, "{e}");
            e.to_string()
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn use_on_company_reaches_company_team_and_nothing_else_until_revoked() {
    let server = TokenServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "company", "OKTA_SECRET", CLIENT_SECRET)
        .await
        .unwrap();
    for ns in ["company.team", "other", "company2"] {
        set(&k, ns, "API_KEY", &format!("value-in-{ns}"))
            .await
            .unwrap();
    }
    let okta = CredentialDefinition {
        namespace: Some("company".into()),
        name: "okta".into(),
        type_id: "oauth2_client_credentials".into(),
        description: String::new(),
        inputs: json!({
            "token_url": server.url("/token"),
            "client_id": CLIENT_ID,
            "client_secret": "{{ secret('OKTA_SECRET') }}",
        })
        .as_object()
        .unwrap()
        .clone(),
        settings: Default::default(),
    };
    k.credential_apply(&admin(), "main", okta).await.unwrap();
    service_account(&k, "ci-deployer", Some((Role::Use, Some("company")))).await;
    let created = token(&k, token_request("ci-deployer", Some("P30D"), false)).await;
    assert_eq!(created.token.len(), 40);
    assert!(created.token.starts_with("kst_"));
    assert!(
        !created.info.prefix.contains(&created.token[12..]),
        "prefix only"
    );

    let ci = k
        .authenticate(&created.token, Some("10.0.0.7"))
        .await
        .unwrap();
    let value = k
        .secret_resolve(&ci, "main", "company.team", "API_KEY")
        .await
        .unwrap();
    assert_eq!(value.value, "value-in-company.team");
    let access = k
        .credential_token(&ci, "main", Some("company.team"), "okta")
        .await
        .unwrap();
    assert_eq!(server.issued().last(), Some(&access.access_token));
    for ns in ["other", "company2"] {
        let err = k
            .secret_resolve(&ci, "main", ns, "API_KEY")
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Forbidden, "{ns}: {err}");
        assert!(err.to_string().contains("use"), "names the role: {err}");
        let err = k
            .credential_token(&ci, "main", Some(ns), "okta")
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Forbidden, "{ns}: {err}");
    }
    let err = k
        .secret_set(&ci, crate::support::set_request("company.team", "X", "y"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "use may not write");

    k.token_revoke(&admin(), "main", &created.info.id)
        .await
        .unwrap();
    let why = refused(k.authenticate(&created.token, None).await);
    assert!(why.contains("revoked"), "{why}");

    // The reads and the mint were audited as secret.use, with the token and the client.
    let uses = k
        .audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("secret.use".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mint = uses
        .iter()
        .find(|e| e.target == "OKTA_SECRET")
        .expect("the mint used OKTA_SECRET");
    assert_eq!(mint.namespace.as_deref(), Some("company"));
    assert!(
        mint.detail.contains("credential okta (client_secret)"),
        "{}",
        mint.detail
    );
    assert!(
        mint.detail.contains(&server.url("")),
        "names the destination: {}",
        mint.detail
    );
    assert_eq!(mint.actor, "ci-deployer");
    let via = mint.via.as_deref().unwrap_or("");
    assert!(
        via.contains(&created.info.id) && via.ends_with("from 10.0.0.7"),
        "{via}"
    );
    assert!(uses.iter().all(|e| !e.detail.contains(CLIENT_SECRET)));
}

#[tokio::test]
async fn expired_extended_and_rotated_tokens_follow_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(time::OffsetDateTime::now_utc());
    let k = open_with_clock(dir.path(), clock.clone()).await;
    service_account(&k, "svc", Some((Role::Read, None))).await;

    let fixed = token(&k, token_request("svc", Some("PT1H"), false)).await;
    let sliding = token(&k, token_request("svc", Some("PT1H"), true)).await;
    for _ in 0..3 {
        clock.advance(Duration::from_secs(50 * 60));
        k.authenticate(&sliding.token, None).await.unwrap();
    }
    // 150 minutes in: the fixed token expired after 60, the extended one moved with each use.
    let why = refused(k.authenticate(&fixed.token, None).await);
    assert!(why.contains("expired"), "{why}");
    let renew = k
        .token_rotate(
            &admin(),
            TokenRotateRequest {
                tenant: "main".into(),
                id: fixed.info.id.clone(),
                grace: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        renew.code(),
        ErrorCode::Conflict,
        "an expired token is not renewed: {renew}"
    );
    clock.advance(Duration::from_secs(61 * 60));
    let why = refused(k.authenticate(&sliding.token, None).await);
    assert!(
        why.contains("expired"),
        "unused for more than its max age: {why}"
    );

    let old = token(&k, token_request("svc", Some("P1D"), false)).await;
    let new = k
        .token_rotate(
            &admin(),
            TokenRotateRequest {
                tenant: "main".into(),
                id: old.info.prefix.clone(),
                grace: Some("PT10M".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(new.info.name, old.info.name);
    assert_eq!(new.info.max_age.as_deref(), Some("P1D"));
    k.authenticate(&old.token, None).await.unwrap();
    clock.advance(Duration::from_secs(11 * 60));
    refused(k.authenticate(&old.token, None).await);
    k.authenticate(&new.token, None).await.unwrap();
}

#[tokio::test]
async fn last_used_is_written_at_most_once_a_minute_per_token() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::manual(time::OffsetDateTime::now_utc());
    let k = open_with_clock(dir.path(), clock.clone()).await;
    service_account(&k, "svc", None).await;
    let created = token(&k, token_request("svc", Some("P1D"), false)).await;
    async fn last_used(k: &Keystead, id: &str) -> (Option<String>, Option<String>) {
        let listed = k.token_list(&admin(), "main", Some("svc")).await.unwrap();
        let t = listed.into_iter().find(|t| t.id == id).unwrap();
        (t.last_used_at, t.last_used_from)
    }
    let id = created.info.id.clone();
    k.authenticate(&created.token, Some("10.0.0.1"))
        .await
        .unwrap();
    let first = last_used(&k, &id).await;
    assert_eq!(first.1.as_deref(), Some("10.0.0.1"));
    clock.advance(Duration::from_secs(30));
    k.authenticate(&created.token, Some("10.0.0.1"))
        .await
        .unwrap();
    assert_eq!(
        last_used(&k, &id).await,
        first,
        "no write within the minute"
    );
    k.authenticate(&created.token, Some("10.0.0.2"))
        .await
        .unwrap();
    assert_eq!(
        last_used(&k, &id).await.1.as_deref(),
        Some("10.0.0.2"),
        "a new client is written"
    );
    clock.advance(Duration::from_secs(61));
    k.authenticate(&created.token, Some("10.0.0.2"))
        .await
        .unwrap();
    assert_ne!(last_used(&k, &id).await.0, first.0);
}

#[tokio::test]
async fn disabling_the_owner_or_removing_its_role_takes_effect_on_the_next_verification() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    set(&k, "company", "K", "v").await.unwrap();
    service_account(&k, "svc", Some((Role::Use, Some("company")))).await;
    let created = token(&k, token_request("svc", None, false)).await;
    assert_eq!(created.info.expires_at, None, "never expires");

    let caller = k.authenticate(&created.token, None).await.unwrap();
    k.secret_resolve(&caller, "main", "company", "K")
        .await
        .unwrap();
    k.role_revoke(
        &admin(),
        RoleChangeRequest {
            tenant: "main".into(),
            principal: "svc".into(),
            role: Role::Use,
            namespace: Some("company".into()),
        },
    )
    .await
    .unwrap();
    let caller = k.authenticate(&created.token, None).await.unwrap();
    let err = k
        .secret_resolve(&caller, "main", "company", "K")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);

    k.principal_set_disabled(&admin(), "main", "svc", true)
        .await
        .unwrap();
    let why = refused(k.authenticate(&created.token, None).await);
    assert!(why.contains("disabled"), "{why}");
    k.principal_set_disabled(&admin(), "main", "svc", false)
        .await
        .unwrap();
    k.authenticate(&created.token, None).await.unwrap();

    k.principal_delete(&admin(), "main", "svc").await.unwrap();
    refused(k.authenticate(&created.token, None).await);
    let deleted = k
        .audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("principal.delete".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        deleted[0].detail.contains("revoked 1 token(s)"),
        "{}",
        deleted[0].detail
    );
}

#[tokio::test]
async fn a_narrowed_token_carries_at_most_its_narrowing_and_never_more_than_its_owner() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    for ns in ["company.team", "company.ops"] {
        set(&k, ns, "K", "v").await.unwrap();
    }
    service_account(&k, "svc", Some((Role::Admin, Some("company")))).await;
    let mut narrowed = token_request("svc", Some("P1D"), false);
    narrowed.narrowing = Some(GrantDto {
        role: Role::Use,
        scope: Scope::Namespace(NamespaceId::parse("company.team").unwrap()),
    });
    let created = token(&k, narrowed).await;
    let caller = k.authenticate(&created.token, None).await.unwrap();
    k.secret_resolve(&caller, "main", "company.team", "K")
        .await
        .unwrap();
    let err = k
        .secret_resolve(&caller, "main", "company.ops", "K")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "outside the narrowing");
    let err = k
        .secret_get(&caller, "main", "company.team", "K", true)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden, "admin is narrowed to use");

    let mut too_much = token_request("svc", Some("P1D"), false);
    too_much.narrowing = Some(GrantDto {
        role: Role::Read,
        scope: Scope::Namespace(NamespaceId::parse("other").unwrap()),
    });
    let err = k.token_create(&admin(), too_much).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.to_string().contains("cannot carry more than its owner"),
        "{err}"
    );
}

#[tokio::test]
async fn malformed_tokens_are_refused_before_any_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    service_account(&k, "svc", None).await;
    let created = token(&k, token_request("svc", Some("P1D"), false)).await;
    let text = created.token.clone();
    let mut typo = text.clone().into_bytes();
    typo[20] = if typo[20] == b'x' { b'y' } else { b'x' };
    let typo = String::from_utf8(typo).unwrap();
    // A well-formed token (right checksum) that was never issued.
    let forged = {
        let other = k
            .token_create(&admin(), token_request("svc", Some("P1D"), false))
            .await
            .unwrap();
        k.principal_delete(&admin(), "main", "svc").await.unwrap();
        other.token
    };
    for (bad, why) in [
        (typo.as_str(), "checksum"),
        (&text[..30], "truncated"),
        ("Bearer kst_abc", "kst_"),
        (forged.as_str(), "not known"),
    ] {
        let message = refused(k.authenticate(bad, None).await);
        assert!(message.contains(why), "{why}: {message}");
        assert!(!message.contains(&text[4..]), "never echoes the token");
    }
}

#[test]
fn token_plaintext_is_shown_once_and_never_stored_or_logged() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    cli.ok(&["principal", "create", "--service-account", "ci"], b"");
    cli.ok(
        &["role", "grant", "ci", "use", "--namespace", "company"],
        b"",
    );
    let out = cli.run(
        &[
            "token",
            "create",
            "--service-account",
            "ci",
            "--name",
            "deploy",
            "--max-age",
            "P7D",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plaintext = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(plaintext.len(), 40, "stdout is the token alone");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shown only this once"), "{stderr}");
    assert!(
        !stderr.contains(&plaintext),
        "RUST_LOG=trace stderr never has it"
    );

    let json_out = cli.ok(
        &[
            "--json",
            "token",
            "create",
            "--service-account",
            "ci",
            "--name",
            "second",
        ],
        b"",
    );
    let created: Value = serde_json::from_str(&json_out).unwrap();
    let second = created["token"].as_str().unwrap().to_owned();
    assert!(second.starts_with("kst_"));

    let listed = cli.ok(&["--json", "token", "list"], b"");
    assert!(!listed.contains(&plaintext) && !listed.contains(&second));
    let shown = cli.ok(&["principal", "show", "ci"], b"");
    assert!(
        shown.contains("use") && shown.contains("company"),
        "{shown}"
    );
    let audit = cli.ok(&["--json", "audit", "list"], b"");
    assert!(!audit.contains(&plaintext[12..]));
    for file in files_under(dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        for token in [&plaintext, &second] {
            assert!(
                !contains(&bytes, token.as_bytes()) && !contains(&bytes, &token.as_bytes()[12..]),
                "{} holds a token",
                file.display()
            );
        }
    }
}
