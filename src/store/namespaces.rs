use crate::error::{Context, Result};
use crate::model::Scope;
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

/// Rows of `column` that are in namespace ?2 or below it (a dot boundary: `prod` never matches
/// `prod2`). `LIKE` would not do: `_` in an id is a wildcard there.
fn in_subtree(column: &str) -> String {
    format!("({column} = ?2 OR substr({column}, 1, length(?2) + 1) = ?2 || '.')")
}

/// What a namespace and the namespaces below it hold.
#[derive(Debug, Default, Clone)]
pub struct SubtreeRows {
    /// Whether the namespace itself was created (it may exist only because a child does).
    pub exists: bool,
    /// Namespaces below it that were created, sorted.
    pub descendants: Vec<String>,
    pub secrets: i64,
    /// `namespace/KEY` of the read-only secrets among them.
    pub read_only_secrets: Vec<String>,
    /// (scope, name) of the credentials defined there.
    pub credentials: Vec<(Scope, String)>,
    pub kv_pairs: i64,
    pub role_bindings: i64,
}

pub async fn subtree(
    db: &mut sqlx::SqliteConnection,
    tenant: &str,
    id: &str,
) -> Result<SubtreeRows> {
    let ids: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM namespaces WHERE tenant_id = ?1 AND {} ORDER BY id",
        in_subtree("id")
    )))
    .bind(tenant)
    .bind(id)
    .fetch_all(&mut *db)
    .await
    .context(format!("listing the namespaces under {id}"))?;
    let secrets: Vec<(String, String, bool)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT namespace, key, read_only FROM secrets WHERE tenant_id = ?1 AND {} ORDER BY namespace, key",
        in_subtree("namespace")
    )))
    .bind(tenant)
    .bind(id)
    .fetch_all(&mut *db)
    .await
    .context(format!("listing the secrets under {id}"))?;
    let credentials: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT scope, name FROM credentials WHERE tenant_id = ?1 AND {} ORDER BY scope, name",
        in_subtree("scope")
    )))
    .bind(tenant)
    .bind(id)
    .fetch_all(&mut *db)
    .await
    .context(format!("listing the credentials under {id}"))?;
    let kv_pairs = count(&mut *db, "kv_pairs", "namespace", tenant, id).await?;
    let role_bindings = count(&mut *db, "role_bindings", "scope", tenant, id).await?;
    Ok(SubtreeRows {
        exists: ids.first().is_some_and(|first| first == id),
        descendants: ids.into_iter().filter(|d| d != id).collect(),
        secrets: i64::try_from(secrets.len()).unwrap_or(i64::MAX),
        read_only_secrets: secrets
            .into_iter()
            .filter(|(_, _, read_only)| *read_only)
            .map(|(namespace, key, _)| format!("{namespace}/{key}"))
            .collect(),
        credentials: credentials
            .into_iter()
            .map(|(scope, name)| Ok((super::scope_column::decode(&scope)?, name)))
            .collect::<Result<_>>()?,
        kv_pairs,
        role_bindings,
    })
}

async fn count(
    db: &mut sqlx::SqliteConnection,
    table: &str,
    column: &str,
    tenant: &str,
    id: &str,
) -> Result<i64> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {table} WHERE tenant_id = ?1 AND {}",
        in_subtree(column)
    )))
    .bind(tenant)
    .bind(id)
    .fetch_one(db)
    .await
    .context(format!("counting the {table} under {id}"))
}

/// Deletes the namespace, everything below it and everything they hold (secret versions follow
/// their secrets). Returns the number of rows deleted per table, in [`SUBTREE_TABLES`] order.
pub async fn delete_subtree(
    db: &mut sqlx::SqliteConnection,
    tenant: &str,
    id: &str,
) -> Result<[u64; 5]> {
    let mut deleted = [0; 5];
    for (slot, (table, column)) in deleted.iter_mut().zip(SUBTREE_TABLES) {
        *slot = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE tenant_id = ?1 AND {}",
            in_subtree(column)
        )))
        .bind(tenant)
        .bind(id)
        .execute(&mut *db)
        .await
        .context(format!("deleting the {table} under {id}"))?
        .rows_affected();
    }
    Ok(deleted)
}

/// What a namespace holds, by table and the column naming its namespace. Namespaces go last:
/// secrets and KV pairs reference them.
pub const SUBTREE_TABLES: [(&str, &str); 5] = [
    ("secrets", "namespace"),
    ("kv_pairs", "namespace"),
    ("credentials", "scope"),
    ("role_bindings", "scope"),
    ("namespaces", "id"),
];
