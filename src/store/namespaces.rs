use crate::error::{Context, Result};
use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct NamespaceRow {
    pub id: String,
    pub secret_count: i64,
}

/// Creates the namespace if missing; returns true when it was created.
pub async fn ensure(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    id: &str,
    now: &str,
) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO namespaces (tenant_id, id, created_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id, id) DO NOTHING",
    )
    .bind(tenant)
    .bind(id)
    .bind(now)
    .execute(db)
    .await
    .context(format!("creating namespace {id}"))?;
    Ok(result.rows_affected() == 1)
}

pub async fn list(db: impl SqliteExecutor<'_>, tenant: &str) -> Result<Vec<NamespaceRow>> {
    sqlx::query_as::<_, NamespaceRow>(
        "SELECT n.id, (SELECT COUNT(*) FROM secrets s WHERE s.tenant_id = n.tenant_id AND s.namespace = n.id) \
         AS secret_count FROM namespaces n WHERE n.tenant_id = ? ORDER BY n.id",
    )
    .bind(tenant)
    .fetch_all(db)
    .await
    .context("listing namespaces")
}
