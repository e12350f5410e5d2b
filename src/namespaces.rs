//! Namespaces: dot-separated ids whose parents exist implicitly.

use crate::Result;
use crate::audit::{self, Actor};
use crate::model::{NamespaceId, TenantId};
use crate::store::{self, namespaces};
use sqlx::SqlitePool;
use std::collections::BTreeMap;

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
}
