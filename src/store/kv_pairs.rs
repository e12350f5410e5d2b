use crate::error::{Context, Result};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct KvRow {
    pub namespace: String,
    pub key: String,
    pub kind: String,
    /// The value as JSON text.
    pub value: String,
    pub description: String,
    pub version: i64,
    /// RFC 3339; NULL: never expires.
    pub expires_at: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

const COLUMNS: &str = "namespace, key, kind, value, description, version, expires_at, created_at, \
    created_by, updated_at, updated_by";

/// The pair if it exists and has not expired at `now`.
pub async fn get(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespace: &str,
    key: &str,
    now: &str,
) -> Result<Option<KvRow>> {
    sqlx::query_as::<_, KvRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM kv_pairs WHERE tenant_id = ? AND namespace = ? AND key = ? \
         AND (expires_at IS NULL OR expires_at > ?)"
    )))
    .bind(tenant)
    .bind(namespace)
    .bind(key)
    .bind(now)
    .fetch_optional(db)
    .await
    .context(format!("reading KV pair {namespace}/{key}"))
}

/// Live pairs in any of `namespaces`, keys starting with `prefix`, ordered by key then namespace.
pub async fn list_in(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespaces: &[&str],
    prefix: Option<&str>,
    now: &str,
) -> Result<Vec<KvRow>> {
    let mut query =
        QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS} FROM kv_pairs WHERE tenant_id = "));
    query.push_bind(tenant).push(" AND namespace IN (");
    let mut separated = query.separated(", ");
    for ns in namespaces {
        separated.push_bind(*ns);
    }
    query
        .push(") AND (expires_at IS NULL OR expires_at > ")
        .push_bind(now)
        .push(")");
    if let Some(prefix) = prefix.filter(|p| !p.is_empty()) {
        // Keys are [A-Za-z0-9_.-]: no LIKE wildcard can occur, but substr needs no escaping at all.
        query
            .push(" AND substr(key, 1, ")
            .push_bind(i64::try_from(prefix.len()).unwrap_or(i64::MAX))
            .push(") = ")
            .push_bind(prefix);
    }
    query.push(" ORDER BY key, namespace");
    query
        .build_query_as::<KvRow>()
        .fetch_all(db)
        .await
        .context("listing KV pairs")
}

/// Inserts or replaces the pair (the caller decided the version inside its transaction).
pub async fn upsert(db: impl SqliteExecutor<'_>, tenant: &str, row: &KvRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO kv_pairs (tenant_id, namespace, key, kind, value, description, version, \
         expires_at, created_at, created_by, updated_at, updated_by) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (tenant_id, namespace, key) DO UPDATE SET kind = excluded.kind, \
         value = excluded.value, description = excluded.description, version = excluded.version, \
         expires_at = excluded.expires_at, created_at = excluded.created_at, \
         created_by = excluded.created_by, updated_at = excluded.updated_at, \
         updated_by = excluded.updated_by",
    )
    .bind(tenant)
    .bind(&row.namespace)
    .bind(&row.key)
    .bind(&row.kind)
    .bind(&row.value)
    .bind(&row.description)
    .bind(row.version)
    .bind(&row.expires_at)
    .bind(&row.created_at)
    .bind(&row.created_by)
    .bind(&row.updated_at)
    .bind(&row.updated_by)
    .execute(db)
    .await
    .context(format!("writing KV pair {}/{}", row.namespace, row.key))?;
    Ok(())
}

/// The stored row whether expired or not (a write needs to know what it replaces).
pub async fn get_any(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespace: &str,
    key: &str,
) -> Result<Option<KvRow>> {
    sqlx::query_as::<_, KvRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM kv_pairs WHERE tenant_id = ? AND namespace = ? AND key = ?"
    )))
    .bind(tenant)
    .bind(namespace)
    .bind(key)
    .fetch_optional(db)
    .await
    .context(format!("reading KV pair {namespace}/{key}"))
}

pub async fn delete(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespace: &str,
    key: &str,
) -> Result<bool> {
    let result =
        sqlx::query("DELETE FROM kv_pairs WHERE tenant_id = ? AND namespace = ? AND key = ?")
            .bind(tenant)
            .bind(namespace)
            .bind(key)
            .execute(db)
            .await
            .context(format!("deleting KV pair {namespace}/{key}"))?;
    Ok(result.rows_affected() == 1)
}

/// Removes every pair that expired before `now`; returns how many.
pub async fn purge_expired(db: impl SqliteExecutor<'_>, now: &str) -> Result<u64> {
    let result =
        sqlx::query("DELETE FROM kv_pairs WHERE expires_at IS NOT NULL AND expires_at <= ?")
            .bind(now)
            .execute(db)
            .await
            .context("purging expired KV pairs")?;
    Ok(result.rows_affected())
}

/// Live pairs of a tenant (any namespace) that expire after `now` and by `until`.
pub async fn expiring_by(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    now: &str,
    until: &str,
) -> Result<Vec<KvRow>> {
    sqlx::query_as::<_, KvRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM kv_pairs WHERE tenant_id = ? AND expires_at IS NOT NULL \
         AND expires_at > ? AND expires_at <= ?"
    )))
    .bind(tenant)
    .bind(now)
    .bind(until)
    .fetch_all(db)
    .await
    .context("listing KV pairs that expire soon")
}
