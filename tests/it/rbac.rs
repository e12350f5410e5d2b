//! The authorization matrix: every `Keystead` method × every role × the scope its binding is on
//! (the namespace acted on, its parent, the tenant, a child, and a sibling whose name only starts
//! the same: `prod.eng` vs `prod.eng2`). A method added to the command surface without an entry
//! here fails `every_api_method_has_a_matrix_entry`.

use crate::support::{PASSPHRASE, admin, files_under, open};
use futures_util::future::BoxFuture;
use keystead::ErrorCode;
use keystead::api::dto::*;
use keystead::api::{Caller, Keystead};
use serde_json::json;
use std::collections::BTreeSet;

const NS: &str = "prod.eng";
const TARGET: &str = "target-sa";

/// What a method needs of its caller.
#[derive(Clone, Copy, Debug)]
enum Needs {
    /// This role on prod.eng (or above).
    InNamespace(Role),
    /// This role at tenant level.
    AtTenant(Role),
    /// This role on any scope of the tenant.
    Anywhere(Role),
    /// The principal itself (here: `target-sa`) or a tenant admin.
    SelfOrAdmin,
    /// Only the administrator at the machine.
    LocalOnly,
    /// Anyone authenticated (the answer is filtered to what they may see).
    Anyone,
}

type Call = for<'a> fn(&'a Keystead, &'a Caller, usize) -> BoxFuture<'a, keystead::Result<()>>;

struct Entry {
    method: &'static str,
    needs: Needs,
    call: Call,
}

macro_rules! entry {
    ($method:literal, $needs:expr, |$k:ident, $c:ident, $n:ident| $body:expr) => {
        Entry {
            method: $method,
            needs: $needs,
            call: |$k, $c, $n| Box::pin(async move { $body }),
        }
    };
}

fn static_credential(name: &str) -> CredentialDefinition {
    CredentialDefinition {
        namespace: Some(NS.into()),
        name: name.into(),
        type_id: "source_control".into(),
        description: String::new(),
        inputs: json!({"username": "ci", "password": "{{ secret('KEY') }}"})
            .as_object()
            .unwrap()
            .clone(),
        settings: Default::default(),
    }
}

fn kv_write(key: &str) -> KvSetRequest {
    KvSetRequest {
        tenant: "main".into(),
        namespace: NS.into(),
        key: key.into(),
        value: Some(KvValueInput {
            kind: Some(KvType::Number),
            value: json!(1),
            parse: false,
        }),
        description: None,
        expiry: KvExpiry::Keep,
        if_version: None,
        if_absent: false,
    }
}

fn role_change(role: Role) -> RoleChangeRequest {
    RoleChangeRequest {
        tenant: "main".into(),
        principal: TARGET.into(),
        role,
        namespace: Some(NS.into()),
    }
}

async fn target_token(k: &Keystead, n: usize) -> keystead::Result<String> {
    let created = k
        .token_create(
            &admin(),
            TokenCreateRequest {
                tenant: "main".into(),
                principal: TARGET.into(),
                name: format!("fixture {n}"),
                description: String::new(),
                max_age: Some("P1D".into()),
                extended: false,
                narrowing: None,
            },
        )
        .await?;
    Ok(created.info.id)
}

fn matrix() -> Vec<Entry> {
    use Needs::*;
    use Role::{Admin, Read, Use};
    vec![
        entry!("tenant_create", LocalOnly, |k, c, n| k
            .tenant_create(c, &format!("t{n}"))
            .await
            .map(drop)),
        entry!("tenant_list", Anyone, |k, c, _n| k
            .tenant_list(c)
            .await
            .map(drop)),
        entry!("namespace_create", InNamespace(Admin), |k, c, _n| k
            .namespace_create(c, "main", NS)
            .await),
        entry!("namespace_delete", InNamespace(Admin), |k, c, n| {
            // A fresh empty namespace under prod.eng each time: prod.eng itself must stay.
            let doomed = format!("{NS}.d{n}");
            k.namespace_create(&admin(), "main", &doomed).await?;
            k.namespace_delete(c, "main", &doomed, false)
                .await
                .map(drop)
        }),
        entry!("namespace_tree", Anyone, |k, c, _n| k
            .namespace_tree(c, "main")
            .await
            .map(drop)),
        entry!("secret_set", InNamespace(Admin), |k, c, n| k
            .secret_set(c, crate::support::set_request(NS, &format!("S{n}"), "v"))
            .await
            .map(drop)),
        entry!("secret_get", InNamespace(Read), |k, c, _n| k
            .secret_get(c, "main", NS, "KEY", false)
            .await
            .map(drop)),
        entry!("secret_get(reveal)", InNamespace(Admin), |k, c, _n| k
            .secret_get(c, "main", NS, "KEY", true)
            .await
            .map(drop)),
        entry!("secret_resolve", InNamespace(Use), |k, c, _n| k
            .secret_resolve(c, "main", NS, "KEY")
            .await
            .map(drop)),
        entry!("secret_list", InNamespace(Read), |k, c, _n| k
            .secret_list(c, "main", NS, true)
            .await
            .map(drop)),
        entry!("secret_delete", InNamespace(Admin), |k, c, n| {
            let key = format!("D{n}");
            crate::support::set(k, NS, &key, "v").await?;
            k.secret_delete(c, "main", NS, &key).await
        }),
        entry!("secret_describe", InNamespace(Admin), |k, c, _n| k
            .secret_describe(c, "main", NS, "KEY", "described".into())
            .await
            .map(drop)),
        entry!("secret_set_read_only", InNamespace(Admin), |k, c, _n| k
            .secret_set_read_only(c, "main", NS, "KEY", false)
            .await
            .map(drop)),
        entry!("secret_versions", InNamespace(Read), |k, c, _n| k
            .secret_versions(c, "main", NS, "KEY")
            .await
            .map(drop)),
        entry!("secret_restore", InNamespace(Admin), |k, c, _n| k
            .secret_restore(c, "main", NS, "KEY", 1)
            .await
            .map(drop)),
        entry!("secret_import", InNamespace(Admin), |k, c, n| k
            .secret_import(
                c,
                ImportRequest {
                    tenant: "main".into(),
                    namespace: NS.into(),
                    format: ImportFormat::Env,
                    content: format!("I{n}=v\n"),
                    on_conflict: ConflictPolicy::Skip,
                    dry_run: false,
                },
            )
            .await
            .map(drop)),
        entry!(
            "secret_import_with_progress",
            InNamespace(Admin),
            |k, c, n| k
                .secret_import_with_progress(
                    c,
                    ImportRequest {
                        tenant: "main".into(),
                        namespace: NS.into(),
                        format: ImportFormat::Env,
                        content: format!("P{n}=v\n"),
                        on_conflict: ConflictPolicy::Skip,
                        dry_run: false,
                    },
                    &|_| {},
                )
                .await
                .map(drop)
        ),
        entry!("secret_export", InNamespace(Admin), |k, c, _n| k
            .secret_export(c, "main", NS)
            .await
            .map(drop)),
        entry!("credential_apply", InNamespace(Admin), |k, c, n| k
            .credential_apply(c, "main", static_credential(&format!("git{n}")))
            .await
            .map(drop)),
        entry!("credential_list", InNamespace(Read), |k, c, _n| k
            .credential_list(
                c,
                CredentialListRequest {
                    tenant: "main".into(),
                    namespace: Some(NS.into()),
                    effective: true,
                    ..Default::default()
                },
            )
            .await
            .map(drop)),
        entry!("credential_show", InNamespace(Read), |k, c, _n| k
            .credential_show(c, "main", Some(NS), "git")
            .await
            .map(drop)),
        entry!("credential_delete", InNamespace(Admin), |k, c, n| {
            let name = format!("del{n}");
            k.credential_apply(&admin(), "main", static_credential(&name))
                .await?;
            k.credential_delete(c, "main", Some(NS), &name).await
        }),
        entry!("credential_copy", InNamespace(Admin), |k, c, n| k
            .credential_copy(
                c,
                CredentialCopyRequest {
                    tenant: "main".into(),
                    namespace: Some(NS.into()),
                    name: "git".into(),
                    target_namespace: None,
                    target_name: Some(format!("copy{n}")),
                },
            )
            .await
            .map(drop)),
        entry!("credential_test", InNamespace(Use), |k, c, _n| k
            .credential_test(c, "main", Some(NS), "git")
            .await
            .map(drop)),
        entry!(
            "credential_test_definition",
            InNamespace(Admin),
            |k, c, _n| k
                .credential_test_definition(c, "main", static_credential("unsaved"))
                .await
                .map(drop)
        ),
        entry!("credential_token", InNamespace(Use), |k, c, _n| k
            .credential_token(c, "main", Some(NS), "git")
            .await
            .map(drop)),
        entry!("credential_discover", Anywhere(Admin), |k, c, _n| k
            .credential_discover(c, "main", "http://127.0.0.1:1")
            .await
            .map(drop)),
        entry!("credential_types", Anywhere(Read), |k, c, _n| k
            .credential_types(c, "main")
            .await
            .map(drop)),
        entry!("credential_type", Anywhere(Read), |k, c, _n| k
            .credential_type(c, "main", "github_app")
            .await
            .map(drop)),
        entry!("credential_type_create", AtTenant(Admin), |k, c, n| k
            .credential_type_create(
                c,
                "main",
                CustomTypeDefinition {
                    id: format!("custom{n}"),
                    label: "Custom".into(),
                    description: String::new(),
                    inputs: Vec::new(),
                },
            )
            .await
            .map(drop)),
        entry!("credential_type_update", AtTenant(Admin), |k, c, n| {
            let id = format!("custom{n}");
            let def = CustomTypeDefinition {
                id: id.clone(),
                label: "Custom".into(),
                description: String::new(),
                inputs: Vec::new(),
            };
            k.credential_type_update(c, "main", &id, def)
                .await
                .map(drop)
        }),
        entry!("credential_type_delete", AtTenant(Admin), |k, c, n| k
            .credential_type_delete(c, "main", &format!("custom{n}"))
            .await),
        entry!("audit_list", AtTenant(Admin), |k, c, _n| k
            .audit_list(
                c,
                AuditFilter {
                    tenant: "main".into(),
                    ..Default::default()
                },
            )
            .await
            .map(drop)),
        entry!("expiring", Anyone, |k, c, _n| k
            .expiring(
                c,
                ExpiringQuery {
                    tenant: "main".into(),
                    ..Default::default()
                },
            )
            .await
            .map(drop)),
        entry!("kv_set", InNamespace(Use), |k, c, n| k
            .kv_set(c, kv_write(&format!("kv{n}")))
            .await
            .map(drop)),
        entry!("kv_get", InNamespace(Use), |k, c, _n| k
            .kv_get(c, "main", NS, "cursor", false)
            .await
            .map(drop)),
        entry!("kv_list", InNamespace(Read), |k, c, _n| k
            .kv_list(
                c,
                KvListRequest {
                    tenant: "main".into(),
                    namespace: NS.into(),
                    prefix: None,
                    effective: true,
                },
            )
            .await
            .map(drop)),
        entry!("kv_delete", InNamespace(Admin), |k, c, n| {
            let key = format!("gone{n}");
            k.kv_set(&admin(), kv_write(&key)).await?;
            k.kv_delete(c, "main", NS, &key, None).await
        }),
        entry!("key_status", LocalOnly, |k, c, _n| k
            .key_status(c)
            .await
            .map(drop)),
        entry!("key_recovery_create", LocalOnly, |k, c, _n| k
            .key_recovery_create(c)
            .await
            .map(drop)),
        entry!("key_passphrase_change", LocalOnly, |k, c, _n| k
            .key_passphrase_change(c, secrecy::SecretString::from(PASSPHRASE.to_owned()))
            .await
            .map(drop)),
        entry!("key_move", LocalOnly, |k, c, _n| k
            .key_move(c, KeyMode::Keyring, None)
            .await
            .map(drop)),
        entry!("key_rotate", LocalOnly, |k, c, _n| k
            .key_rotate(c, Some(secrecy::SecretString::from(PASSPHRASE.to_owned())))
            .await
            .map(drop)),
        entry!("key_rotate_data_keys", LocalOnly, |k, c, _n| k
            .key_rotate_data_keys(c)
            .await
            .map(drop)),
        entry!("principal_create", AtTenant(Admin), |k, c, n| k
            .principal_create(
                c,
                PrincipalCreateRequest {
                    tenant: "main".into(),
                    name: format!("new-{n}"),
                    kind: PrincipalKind::ServiceAccount,
                    description: String::new(),
                },
            )
            .await
            .map(drop)),
        entry!("principal_list", AtTenant(Admin), |k, c, _n| k
            .principal_list(c, "main")
            .await
            .map(drop)),
        entry!("principal_show", SelfOrAdmin, |k, c, _n| k
            .principal_show(c, "main", TARGET)
            .await
            .map(drop)),
        entry!("principal_set_disabled", AtTenant(Admin), |k, c, _n| k
            .principal_set_disabled(c, "main", TARGET, false)
            .await
            .map(drop)),
        entry!("principal_delete", AtTenant(Admin), |k, c, n| {
            let name = format!("gone-{n}");
            k.principal_create(
                &admin(),
                PrincipalCreateRequest {
                    tenant: "main".into(),
                    name: name.clone(),
                    kind: PrincipalKind::User,
                    description: String::new(),
                },
            )
            .await?;
            k.principal_delete(c, "main", &name).await
        }),
        entry!("role_grant", InNamespace(Admin), |k, c, _n| k
            .role_grant(c, role_change(Role::Read))
            .await
            .map(drop)),
        entry!("role_revoke", InNamespace(Admin), |k, c, _n| {
            k.role_grant(&admin(), role_change(Role::Use)).await?;
            k.role_revoke(c, role_change(Role::Use)).await
        }),
        entry!("role_list", InNamespace(Admin), |k, c, _n| k
            .role_list(
                c,
                RoleListRequest {
                    tenant: "main".into(),
                    principal: None,
                    namespace: Some(NS.into()),
                },
            )
            .await
            .map(drop)),
        entry!("token_create", SelfOrAdmin, |k, c, n| k
            .token_create(
                c,
                TokenCreateRequest {
                    tenant: "main".into(),
                    principal: TARGET.into(),
                    name: format!("t{n}"),
                    description: String::new(),
                    max_age: None,
                    extended: false,
                    narrowing: None,
                },
            )
            .await
            .map(drop)),
        entry!("token_list", SelfOrAdmin, |k, c, _n| k
            .token_list(c, "main", Some(TARGET))
            .await
            .map(drop)),
        entry!("token_revoke", SelfOrAdmin, |k, c, n| {
            let id = target_token(k, n).await?;
            k.token_revoke(c, "main", &id).await.map(drop)
        }),
        entry!("token_revoke_all", SelfOrAdmin, |k, c, _n| k
            .token_revoke_all(c, "main", TARGET)
            .await
            .map(drop)),
        entry!("token_rotate", SelfOrAdmin, |k, c, n| {
            let id = target_token(k, n).await?;
            k.token_rotate(
                c,
                TokenRotateRequest {
                    tenant: "main".into(),
                    id,
                    grace: None,
                },
            )
            .await
            .map(drop)
        }),
    ]
}

/// Where a caller's one binding is, relative to prod.eng.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Relation {
    Own,
    Parent,
    Tenant,
    Child,
    Sibling,
}

impl Relation {
    const ALL: [Relation; 5] = [
        Relation::Own,
        Relation::Parent,
        Relation::Tenant,
        Relation::Child,
        Relation::Sibling,
    ];

    fn namespace(self) -> Option<&'static str> {
        match self {
            Relation::Own => Some(NS),
            Relation::Parent => Some("prod"),
            Relation::Tenant => None,
            Relation::Child => Some("prod.eng.etl"),
            Relation::Sibling => Some("prod.eng2"),
        }
    }

    fn covers_namespace(self) -> bool {
        matches!(self, Relation::Own | Relation::Parent | Relation::Tenant)
    }
}

fn expected(needs: Needs, binding: Option<(Role, Relation)>) -> bool {
    match (needs, binding) {
        (Needs::Anyone, _) => true,
        (Needs::LocalOnly, _) => false,
        (_, None) => false,
        (Needs::InNamespace(need), Some((role, rel))) => rel.covers_namespace() && role >= need,
        (Needs::AtTenant(need), Some((role, rel))) => rel == Relation::Tenant && role >= need,
        (Needs::Anywhere(need), Some((role, _))) => role >= need,
        (Needs::SelfOrAdmin, Some((role, rel))) => rel == Relation::Tenant && role == Role::Admin,
    }
}

async fn principal_with(k: &Keystead, name: &str, binding: Option<(Role, Relation)>) -> Caller {
    k.principal_create(
        &admin(),
        PrincipalCreateRequest {
            tenant: "main".into(),
            name: name.into(),
            kind: PrincipalKind::ServiceAccount,
            description: String::new(),
        },
    )
    .await
    .unwrap();
    if let Some((role, rel)) = binding {
        k.role_grant(
            &admin(),
            RoleChangeRequest {
                tenant: "main".into(),
                principal: name.into(),
                role,
                namespace: rel.namespace().map(str::to_owned),
            },
        )
        .await
        .unwrap();
    }
    let created = k
        .token_create(
            &admin(),
            TokenCreateRequest {
                tenant: "main".into(),
                principal: name.into(),
                name: "matrix".into(),
                description: String::new(),
                max_age: Some("P1D".into()),
                extended: false,
                narrowing: None,
            },
        )
        .await
        .unwrap();
    k.authenticate(&created.token, Some("127.0.0.1"))
        .await
        .unwrap()
}

#[tokio::test]
async fn every_method_checks_the_role_and_scope_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    crate::support::set(&k, NS, "KEY", "v1").await.unwrap();
    crate::support::set(&k, NS, "KEY", "v2").await.unwrap();
    k.credential_apply(&admin(), "main", static_credential("git"))
        .await
        .unwrap();
    k.kv_set(&admin(), kv_write("cursor")).await.unwrap();
    principal_with(&k, TARGET, None).await;

    let mut callers = vec![(None, principal_with(&k, "nobody", None).await)];
    for role in Role::ALL {
        for rel in Relation::ALL {
            let name = format!("{role}-{rel:?}").to_lowercase();
            callers.push((
                Some((role, rel)),
                principal_with(&k, &name, Some((role, rel))).await,
            ));
        }
    }
    let mut wrong = Vec::new();
    let mut n = 0;
    for entry in matrix() {
        for (binding, caller) in &callers {
            n += 1;
            let outcome = (entry.call)(&k, caller, n).await;
            let refused = matches!(&outcome, Err(e) if e.code() == ErrorCode::Forbidden);
            let allowed = expected(entry.needs, *binding);
            if refused == allowed {
                wrong.push(format!(
                    "{} by {binding:?}: expected {}, got {outcome:?}",
                    entry.method,
                    if allowed { "allowed" } else { "forbidden" }
                ));
            }
        }
        // The local administrator may do everything.
        n += 1;
        let outcome = (entry.call)(&k, &admin(), n).await;
        if matches!(&outcome, Err(e) if e.code() == ErrorCode::Forbidden) {
            wrong.push(format!("{} by the local admin: {outcome:?}", entry.method));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );

    let denials = k
        .audit_list(
            &admin(),
            AuditFilter {
                tenant: "main".into(),
                action: Some("access.denied".into()),
                limit: Some(10_000),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        denials.len() > 100,
        "refusals are audited: {}",
        denials.len()
    );
    assert!(
        denials
            .iter()
            .all(|e| e.via.as_deref().is_some_and(|v| v.starts_with("kst_")))
    );
}

#[tokio::test]
async fn a_principal_manages_its_own_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let k = open(dir.path()).await;
    let me = principal_with(&k, "self-service", None).await;
    let mine = k
        .token_create(
            &me,
            TokenCreateRequest {
                tenant: "main".into(),
                principal: "self-service".into(),
                name: "laptop".into(),
                description: String::new(),
                max_age: Some("P7D".into()),
                extended: false,
                narrowing: None,
            },
        )
        .await
        .unwrap();
    let listed = k
        .token_list(&me, "main", Some("self-service"))
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    k.token_revoke(&me, "main", &mine.info.id).await.unwrap();
    let err = k.token_list(&me, "main", None).await.unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::Forbidden,
        "all tokens need tenant admin"
    );
}

/// The `Keystead` methods callers reach: every `pub async fn` under src/api (its subdirectories
/// too), less the ones that open or close a data dir and the entry that turns a token into a caller.
pub fn api_methods() -> BTreeSet<String> {
    let api = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut methods = BTreeSet::new();
    for file in files_under(&api) {
        let text = std::fs::read_to_string(file).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("pub async fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                methods.insert(name);
            }
        }
    }
    for exempt in ["open", "is_initialized", "authenticate", "close"] {
        assert!(methods.remove(exempt), "{exempt} moved: update this test");
    }
    methods
}

#[test]
fn every_api_method_has_a_matrix_entry() {
    let methods = api_methods();
    let covered: BTreeSet<String> = matrix()
        .iter()
        .map(|e| e.method.split('(').next().unwrap_or("").to_owned())
        .collect();
    let missing: Vec<_> = methods.difference(&covered).collect();
    let stale: Vec<_> = covered.difference(&methods).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "methods without a matrix entry: {missing:?}; entries without a method: {stale:?}"
    );
}
