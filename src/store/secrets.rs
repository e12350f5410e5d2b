use crate::error::{Context, Result};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct SecretRow {
    pub namespace: String,
    pub key: String,
    pub description: String,
    pub read_only: bool,
    pub current_version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

const COLUMNS: &str =
    "namespace, key, description, read_only, current_version, created_at, updated_at, updated_by";

pub async fn get(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespace: &str,
    key: &str,
) -> Result<Option<SecretRow>> {
    sqlx::query_as::<_, SecretRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM secrets WHERE tenant_id = ? AND namespace = ? AND key = ?"
    )))
    .bind(tenant)
    .bind(namespace)
    .bind(key)
    .fetch_optional(db)
    .await
    .context(format!("reading secret {namespace}/{key}"))
}

/// Secrets of several namespaces (for effective listings and lookups), optionally of one key only,
/// ordered by key then namespace.
pub async fn list_in(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespaces: &[&str],
    key: Option<&str>,
) -> Result<Vec<SecretRow>> {
    let mut query =
        QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS} FROM secrets WHERE tenant_id = "));
    query.push_bind(tenant).push(" AND namespace IN (");
    let mut separated = query.separated(", ");
    for ns in namespaces {
        separated.push_bind(*ns);
    }
    query.push(")");
    if let Some(key) = key {
        query.push(" AND key = ").push_bind(key);
    }
    query.push(" ORDER BY key, namespace");
    query
        .build_query_as::<SecretRow>()
        .fetch_all(db)
        .await
        .context("listing secrets")
}

pub async fn upsert(db: impl SqliteExecutor<'_>, tenant: &str, row: &SecretRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO secrets (tenant_id, namespace, key, description, read_only, current_version, created_at, \
         updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (tenant_id, namespace, key) DO UPDATE SET description = excluded.description, \
         read_only = excluded.read_only, current_version = excluded.current_version, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(tenant)
    .bind(&row.namespace)
    .bind(&row.key)
    .bind(&row.description)
    .bind(row.read_only)
    .bind(row.current_version)
    .bind(&row.created_at)
    .bind(&row.updated_at)
    .bind(&row.updated_by)
    .execute(db)
    .await
    .context(format!("writing secret {}/{}", row.namespace, row.key))?;
    Ok(())
}

pub async fn delete(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespace: &str,
    key: &str,
) -> Result<bool> {
    let result =
        sqlx::query("DELETE FROM secrets WHERE tenant_id = ? AND namespace = ? AND key = ?")
            .bind(tenant)
            .bind(namespace)
            .bind(key)
            .execute(db)
            .await
            .context(format!("deleting secret {namespace}/{key}"))?;
    Ok(result.rows_affected() == 1)
}

/// A secret and when its current value was written.
#[derive(Debug, Clone, FromRow)]
pub struct SecretAgeRow {
    pub namespace: String,
    pub key: String,
    pub current_version: i64,
    /// When the current version was written (a description change does not count).
    pub version_created_at: String,
    pub version_created_by: String,
}

/// Secrets of a tenant whose current value was written at or before `written_by`.
pub async fn current_written_by(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    written_by: &str,
) -> Result<Vec<SecretAgeRow>> {
    sqlx::query_as::<_, SecretAgeRow>(
        "SELECT s.namespace, s.key, s.current_version, v.created_at AS version_created_at, \
         v.created_by AS version_created_by FROM secrets s JOIN secret_versions v \
         ON v.tenant_id = s.tenant_id AND v.namespace = s.namespace AND v.key = s.key \
         AND v.version = s.current_version \
         WHERE s.tenant_id = ? AND v.created_at <= ?",
    )
    .bind(tenant)
    .bind(written_by)
    .fetch_all(db)
    .await
    .context("listing secrets by the age of their value")
}
