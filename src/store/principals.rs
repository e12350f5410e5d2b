use crate::error::{Context, Result};
use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct PrincipalRow {
    pub name: String,
    /// `user` or `service_account`.
    pub kind: String,
    pub description: String,
    pub disabled: bool,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

const COLUMNS: &str = "name, kind, description, disabled, created_at, updated_at, updated_by";

/// Inserts a principal; returns false when the tenant already has one of that name.
pub async fn insert(db: impl SqliteExecutor<'_>, tenant: &str, row: &PrincipalRow) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO principals (tenant_id, name, kind, description, disabled, created_at, updated_at, \
         updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, name) DO NOTHING",
    )
    .bind(tenant)
    .bind(&row.name)
    .bind(&row.kind)
    .bind(&row.description)
    .bind(row.disabled)
    .bind(&row.created_at)
    .bind(&row.updated_at)
    .bind(&row.updated_by)
    .execute(db)
    .await
    .context(format!("creating principal {}", row.name))?;
    Ok(result.rows_affected() == 1)
}

pub async fn get(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    name: &str,
) -> Result<Option<PrincipalRow>> {
    sqlx::query_as::<_, PrincipalRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM principals WHERE tenant_id = ? AND name = ?"
    )))
    .bind(tenant)
    .bind(name)
    .fetch_optional(db)
    .await
    .context(format!("reading principal {name}"))
}

pub async fn list(db: impl SqliteExecutor<'_>, tenant: &str) -> Result<Vec<PrincipalRow>> {
    sqlx::query_as::<_, PrincipalRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM principals WHERE tenant_id = ? ORDER BY name"
    )))
    .bind(tenant)
    .fetch_all(db)
    .await
    .context("listing principals")
}

pub async fn set_disabled(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    name: &str,
    disabled: bool,
    now: &str,
    actor: &str,
) -> Result<bool> {
    let result = sqlx::query(
        "UPDATE principals SET disabled = ?, updated_at = ?, updated_by = ? WHERE tenant_id = ? AND name = ?",
    )
    .bind(disabled)
    .bind(now)
    .bind(actor)
    .bind(tenant)
    .bind(name)
    .execute(db)
    .await
    .context(format!("updating principal {name}"))?;
    Ok(result.rows_affected() == 1)
}

/// Deletes the principal; its bindings and tokens go with it (foreign keys cascade).
pub async fn delete(db: impl SqliteExecutor<'_>, tenant: &str, name: &str) -> Result<bool> {
    let result = sqlx::query("DELETE FROM principals WHERE tenant_id = ? AND name = ?")
        .bind(tenant)
        .bind(name)
        .execute(db)
        .await
        .context(format!("deleting principal {name}"))?;
    Ok(result.rows_affected() == 1)
}
