//! Tenants: isolated sets of namespaces, each with its own data key.

use crate::audit::{self, Actor};
use crate::cache::Caches;
use crate::crypto::DataKeys;
use crate::model::TenantId;
use crate::store::{self, tenants};
use crate::{Error, Result};
use sqlx::SqlitePool;

pub use crate::store::tenants::TenantRow;

/// Tenant operations of one actor.
pub struct Tenants<'a> {
    pub pool: &'a SqlitePool,
    pub caches: &'a Caches,
    pub keys: &'a DataKeys,
    pub actor: &'a Actor,
}

impl Tenants<'_> {
    /// Makes sure the default tenant and its data key exist (first start of a data dir; not audited).
    pub async fn ensure_default(&self) -> Result<()> {
        let tenant = TenantId::default_tenant();
        let mut tx = store::begin_write(self.pool).await?;
        tenants::ensure(&mut *tx, tenant.as_str(), &crate::time::now_rfc3339()).await?;
        self.keys.ensure(&mut tx, tenant.as_str()).await?;
        store::commit(tx, "creating the default tenant").await
    }

    /// Parses a tenant id and checks that the tenant exists.
    pub async fn require(&self, raw: &str) -> Result<TenantId> {
        let tenant = TenantId::parse(raw)?;
        self.caches
            .read(
                self.pool,
                &self.caches.tenants,
                tenant.to_string(),
                || async {
                    match tenants::get(self.pool, tenant.as_str()).await? {
                        Some(_) => Ok(()),
                        None => Err(Error::NotFound(format!(
                            "no tenant {tenant}: create it with `keystead tenant create {tenant}`"
                        ))),
                    }
                },
            )
            .await?;
        Ok(tenant)
    }

    /// Creates a tenant with its data key; an existing one is a `conflict`.
    pub async fn create(&self, raw: &str) -> Result<TenantRow> {
        let tenant = TenantId::parse(raw)?;
        let now = crate::time::now_rfc3339();
        let mut tx = store::begin_write(self.pool).await?;
        if !tenants::ensure(&mut *tx, tenant.as_str(), &now).await? {
            return Err(Error::Conflict(format!("tenant {tenant} already exists")));
        }
        self.keys.ensure(&mut tx, tenant.as_str()).await?;
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "tenant.create",
            audit::Target {
                kind: "tenant",
                namespace: None,
                name: tenant.as_str(),
            },
            "",
        )
        .await?;
        store::commit(tx, "creating the tenant").await?;
        Ok(TenantRow {
            id: tenant.to_string(),
            created_at: now,
        })
    }

    pub async fn list(&self) -> Result<Vec<TenantRow>> {
        tenants::list(self.pool).await
    }
}
