use crate::error::{Context, Result};
use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct TenantRow {
    pub id: String,
    pub created_at: String,
}

pub async fn ensure(db: impl SqliteExecutor<'_>, id: &str, now: &str) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO tenants (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await
    .context(format!("creating tenant {id}"))?;
    Ok(result.rows_affected() == 1)
}

pub async fn get(db: impl SqliteExecutor<'_>, id: &str) -> Result<Option<TenantRow>> {
    sqlx::query_as::<_, TenantRow>("SELECT id, created_at FROM tenants WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
        .context(format!("reading tenant {id}"))
}

pub async fn list(db: impl SqliteExecutor<'_>) -> Result<Vec<TenantRow>> {
    sqlx::query_as::<_, TenantRow>("SELECT id, created_at FROM tenants ORDER BY id")
        .fetch_all(db)
        .await
        .context("listing tenants")
}
