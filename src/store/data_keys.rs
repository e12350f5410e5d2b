use crate::error::{Context, Result};
use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct DataKeyRow {
    pub tenant_id: String,
    pub version: i64,
    pub wrapped_key: Vec<u8>,
}

pub async fn latest(db: impl SqliteExecutor<'_>, tenant: &str) -> Result<Option<DataKeyRow>> {
    sqlx::query_as::<_, DataKeyRow>(
        "SELECT tenant_id, version, wrapped_key FROM data_keys WHERE tenant_id = ? ORDER BY version DESC LIMIT 1",
    )
    .bind(tenant)
    .fetch_optional(db)
    .await
    .context(format!("reading the data key of tenant {tenant}"))
}

pub async fn get(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    version: i64,
) -> Result<Option<DataKeyRow>> {
    sqlx::query_as::<_, DataKeyRow>(
        "SELECT tenant_id, version, wrapped_key FROM data_keys WHERE tenant_id = ? AND version = ?",
    )
    .bind(tenant)
    .bind(version)
    .fetch_optional(db)
    .await
    .context(format!("reading data key {version} of tenant {tenant}"))
}

/// Inserts a data key; returns false when one with this version already exists.
pub async fn insert(db: impl SqliteExecutor<'_>, row: &DataKeyRow, now: &str) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO data_keys (tenant_id, version, wrapped_key, created_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (tenant_id, version) DO NOTHING",
    )
    .bind(&row.tenant_id)
    .bind(row.version)
    .bind(&row.wrapped_key)
    .bind(now)
    .execute(db)
    .await
    .context(format!("storing a data key for tenant {}", row.tenant_id))?;
    Ok(result.rows_affected() == 1)
}

/// Every data key, of every tenant (a master key rotation re-wraps them all).
pub async fn all(db: impl SqliteExecutor<'_>) -> Result<Vec<DataKeyRow>> {
    sqlx::query_as::<_, DataKeyRow>(
        "SELECT tenant_id, version, wrapped_key FROM data_keys ORDER BY tenant_id, version",
    )
    .fetch_all(db)
    .await
    .context("listing data keys")
}

/// When each tenant's current data key was made.
pub async fn latest_dates(db: impl SqliteExecutor<'_>) -> Result<Vec<(String, i64, String)>> {
    sqlx::query_as::<_, (String, i64, String)>(
        "SELECT tenant_id, version, created_at FROM data_keys d WHERE version = \
         (SELECT MAX(version) FROM data_keys m WHERE m.tenant_id = d.tenant_id) ORDER BY tenant_id",
    )
    .fetch_all(db)
    .await
    .context("listing data keys")
}

pub async fn rewrap(db: impl SqliteExecutor<'_>, row: &DataKeyRow) -> Result<()> {
    sqlx::query("UPDATE data_keys SET wrapped_key = ? WHERE tenant_id = ? AND version = ?")
        .bind(&row.wrapped_key)
        .bind(&row.tenant_id)
        .bind(row.version)
        .execute(db)
        .await
        .context(format!(
            "re-wrapping a data key of tenant {}",
            row.tenant_id
        ))?;
    Ok(())
}

/// Drops a tenant's data keys older than `keep` (once nothing is sealed with them any more).
pub async fn delete_older(db: impl SqliteExecutor<'_>, tenant: &str, keep: i64) -> Result<u64> {
    let result = sqlx::query("DELETE FROM data_keys WHERE tenant_id = ? AND version < ?")
        .bind(tenant)
        .bind(keep)
        .execute(db)
        .await
        .context(format!("retiring old data keys of tenant {tenant}"))?;
    Ok(result.rows_affected())
}
