//! Namespaces: dot-separated ids whose parents exist implicitly.

use crate::audit::{self, Actor};
use crate::credentials::cache::TokenCache;
use crate::model::{NamespaceId, TenantId};
use crate::store::namespaces::SubtreeRows;
use crate::store::{self, namespaces};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// A namespace as listed: explicit ones were created (or hold something); implicit ones exist only
/// because a descendant does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceEntry {
    pub id: NamespaceId,
    pub explicit: bool,
    pub secret_count: u32,
}

/// Namespace operations of one actor.
pub struct Namespaces<'a> {
    pub pool: &'a SqlitePool,
    pub actor: &'a Actor,
    /// Minted tokens of credentials that a delete removes are forgotten.
    pub tokens: &'a TokenCache,
}

/// What deleting a namespace removed: it, the namespaces below it, and what they held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct NamespaceDeleted {
    pub namespace: String,
    /// Namespaces deleted, itself included when it had been created.
    pub namespaces: u64,
    pub secrets: u64,
    pub credentials: u64,
    pub kv_pairs: u64,
    pub role_bindings: u64,
}

impl NamespaceDeleted {
    /// The counts as the audit event's detail.
    fn detail(&self) -> String {
        format!(
            "namespaces={} secrets={} credentials={} kv_pairs={} role_bindings={}",
            self.namespaces, self.secrets, self.credentials, self.kv_pairs, self.role_bindings
        )
    }
}

impl Namespaces<'_> {
    /// Creates a namespace; creating an existing one is a no-op. Returns true when it was created.
    pub async fn create(&self, tenant: &TenantId, namespace: &NamespaceId) -> Result<bool> {
        let mut tx = store::begin_write(self.pool).await?;
        let now = crate::time::now_rfc3339();
        let created =
            namespaces::ensure(&mut *tx, tenant.as_str(), namespace.as_str(), &now).await?;
        if created {
            audit::record(
                &mut tx,
                tenant.as_str(),
                self.actor,
                "namespace.create",
                audit::Target {
                    kind: "namespace",
                    namespace: Some(namespace.as_str()),
                    name: namespace.as_str(),
                },
                "",
            )
            .await?;
        }
        store::commit(tx, "creating the namespace").await?;
        Ok(created)
    }

    /// Every namespace of the tenant, implicit parents included, sorted by id (parents first).
    pub async fn list(&self, tenant: &TenantId) -> Result<Vec<NamespaceEntry>> {
        let rows = namespaces::list(self.pool, tenant.as_str()).await?;
        let mut all: BTreeMap<NamespaceId, NamespaceEntry> = BTreeMap::new();
        for row in rows {
            let id = NamespaceId::parse(&row.id)?;
            for ancestor in id.self_and_ancestors().into_iter().skip(1) {
                all.entry(ancestor.clone()).or_insert(NamespaceEntry {
                    id: ancestor,
                    explicit: false,
                    secret_count: 0,
                });
            }
            all.insert(
                id.clone(),
                NamespaceEntry {
                    id,
                    explicit: true,
                    secret_count: u32::try_from(row.secret_count).unwrap_or(u32::MAX),
                },
            );
        }
        Ok(all.into_values().collect())
    }

    /// Deletes a namespace. One that holds anything (secrets, credentials, KV pairs, role bindings,
    /// namespaces below it) is refused with a `conflict` naming what it holds, unless `recursive`:
    /// then it goes with everything below it, in one transaction with its audit event.
    pub async fn delete(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        recursive: bool,
    ) -> Result<NamespaceDeleted> {
        let mut tx = store::begin_write(self.pool).await?;
        let held = namespaces::subtree(&mut tx, tenant.as_str(), namespace.as_str()).await?;
        let holds = holdings(namespace, &held);
        if !held.exists && held.descendants.is_empty() && holds.is_empty() {
            return Err(Error::NotFound(format!(
                "there is no namespace {namespace} in tenant {tenant}"
            )));
        }
        if !recursive && !holds.is_empty() {
            return Err(Error::Conflict(format!(
                "namespace {namespace} is not empty: it holds {}. Delete those first, or delete \
                 it recursively to remove it with everything in and below it",
                holds.join(", ")
            )));
        }
        if !held.read_only_secrets.is_empty() {
            return Err(Error::ReadOnly(format!(
                "namespace {namespace} holds read-only secrets ({}): clear their read-only flag \
                 before deleting the namespace",
                held.read_only_secrets.join(", ")
            )));
        }
        let [
            secrets,
            kv_pairs,
            credentials,
            role_bindings,
            deleted_namespaces,
        ] = namespaces::delete_subtree(&mut tx, tenant.as_str(), namespace.as_str()).await?;
        let deleted = NamespaceDeleted {
            namespace: namespace.to_string(),
            namespaces: deleted_namespaces,
            secrets,
            credentials,
            kv_pairs,
            role_bindings,
        };
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "namespace.delete",
            audit::Target {
                kind: "namespace",
                namespace: Some(namespace.as_str()),
                name: namespace.as_str(),
            },
            &deleted.detail(),
        )
        .await?;
        store::commit(tx, "deleting the namespace").await?;
        for (scope, name) in &held.credentials {
            self.tokens.invalidate(tenant.as_str(), scope, name);
        }
        Ok(deleted)
    }
}

/// What a namespace holds, in words ("2 secrets", "child namespaces prod.eng, prod.ops").
fn holdings(namespace: &NamespaceId, held: &SubtreeRows) -> Vec<String> {
    let counted = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let children: BTreeSet<String> = held
        .descendants
        .iter()
        .filter_map(|id| {
            let rest = id.strip_prefix(namespace.as_str())?.strip_prefix('.')?;
            let segment = rest.split('.').next()?;
            Some(format!("{namespace}.{segment}"))
        })
        .collect();
    let children = match children.len() {
        0 => None,
        1 => Some(format!("child namespace {}", join(&children))),
        _ => Some(format!("child namespaces {}", join(&children))),
    };
    [
        counted(
            usize::try_from(held.secrets).unwrap_or(usize::MAX),
            "secret",
            "secrets",
        ),
        counted(held.credentials.len(), "credential", "credentials"),
        counted(
            usize::try_from(held.kv_pairs).unwrap_or(usize::MAX),
            "KV pair",
            "KV pairs",
        ),
        counted(
            usize::try_from(held.role_bindings).unwrap_or(usize::MAX),
            "role binding",
            "role bindings",
        ),
        children,
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn join(ids: &BTreeSet<String>) -> String {
    ids.iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
