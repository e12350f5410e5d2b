use crate::error::{Context, Result};
use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct CredentialTypeRow {
    pub id: String,
    pub label: String,
    pub description: String,
    pub inputs: String,
}

pub async fn get(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    id: &str,
) -> Result<Option<CredentialTypeRow>> {
    sqlx::query_as::<_, CredentialTypeRow>(
        "SELECT id, label, description, inputs FROM credential_types WHERE tenant_id = ? AND id = ?",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(db)
    .await
    .context(format!("reading credential type {id}"))
}

pub async fn list(db: impl SqliteExecutor<'_>, tenant: &str) -> Result<Vec<CredentialTypeRow>> {
    sqlx::query_as::<_, CredentialTypeRow>(
        "SELECT id, label, description, inputs FROM credential_types WHERE tenant_id = ? ORDER BY id",
    )
    .bind(tenant)
    .fetch_all(db)
    .await
    .context("listing credential types")
}

/// Inserts a new custom type; returns false when the id is taken.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    row: &CredentialTypeRow,
    now: &str,
) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO credential_types (tenant_id, id, label, description, inputs, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO NOTHING",
    )
    .bind(tenant)
    .bind(&row.id)
    .bind(&row.label)
    .bind(&row.description)
    .bind(&row.inputs)
    .bind(now)
    .bind(now)
    .execute(db)
    .await
    .context(format!("creating credential type {}", row.id))?;
    Ok(result.rows_affected() == 1)
}

/// Replaces a custom type's label, description and inputs; returns false when there is no such type.
pub async fn update(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    row: &CredentialTypeRow,
    now: &str,
) -> Result<bool> {
    let result = sqlx::query(
        "UPDATE credential_types SET label = ?, description = ?, inputs = ?, updated_at = ? \
         WHERE tenant_id = ? AND id = ?",
    )
    .bind(&row.label)
    .bind(&row.description)
    .bind(&row.inputs)
    .bind(now)
    .bind(tenant)
    .bind(&row.id)
    .execute(db)
    .await
    .context(format!("updating credential type {}", row.id))?;
    Ok(result.rows_affected() == 1)
}

/// Deletes a custom type; returns false when there is no such type.
pub async fn delete(db: impl SqliteExecutor<'_>, tenant: &str, id: &str) -> Result<bool> {
    let result = sqlx::query("DELETE FROM credential_types WHERE tenant_id = ? AND id = ?")
        .bind(tenant)
        .bind(id)
        .execute(db)
        .await
        .context(format!("deleting credential type {id}"))?;
    Ok(result.rows_affected() == 1)
}
