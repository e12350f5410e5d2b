//! The authorization matrix: every `Keystead` method × every role × the scope its binding is on
//! (the namespace acted on, its parent, the tenant, a child, and a sibling whose name only starts
//! the same: `prod.eng` vs `prod.eng2`). A method added to the command surface without an entry
//! here fails `every_api_method_has_a_matrix_entry`.
//!
//! The entries live in one file per API area (`matrix_*.rs`); `matrix()` joins them in the order
//! of the command surface.

use crate::support::{admin, files_under, open};
use callers::{Relation, expected, principal_with};
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
    /// As `SelfOrAdmin`, on one of the principal's tokens: to others it is `not_found`, as an
    /// unknown id is, so ids cannot be probed.
    OwnTokenOrAdmin,
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

// Declared after `entry!` so the macro is in scope in the matrix files.
mod callers;
mod matrix_access;
mod matrix_audit;
mod matrix_credentials;
mod matrix_keys;
mod matrix_kv;
mod matrix_namespaces;
mod matrix_secrets;

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

fn matrix() -> Vec<Entry> {
    [
        matrix_namespaces::entries(),
        matrix_secrets::entries(),
        matrix_credentials::entries(),
        matrix_audit::entries(),
        matrix_kv::entries(),
        matrix_keys::entries(),
        matrix_access::entries(),
    ]
    .into_iter()
    .flatten()
    .collect()
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
            let refusal = match entry.needs {
                Needs::OwnTokenOrAdmin => ErrorCode::NotFound,
                _ => ErrorCode::Forbidden,
            };
            let refused = matches!(&outcome, Err(e) if e.code() == refusal);
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
        if matches!(&outcome, Err(e) if e.code() == ErrorCode::Forbidden
            || (e.code() == ErrorCode::NotFound && matches!(entry.needs, Needs::OwnTokenOrAdmin)))
        {
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
                // Within the day the calling token has left (escalation.rs has the limits).
                max_age: Some("PT12H".into()),
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
