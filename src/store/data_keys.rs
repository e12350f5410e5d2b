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
