use crate::error::{Context, Result};
use sqlx::{FromRow, SqliteExecutor};

/// A stored API token: never its plaintext, only its SHA-256.
#[derive(Debug, Clone, FromRow)]
pub struct ApiTokenRow {
    pub id: String,
    pub tenant_id: String,
    pub principal: String,
    pub name: String,
    pub description: String,
    pub token_hash: Vec<u8>,
    pub max_age: Option<String>,
    pub extended: bool,
    pub narrow_role: Option<String>,
    /// '' for tenant level, else a namespace id (with `narrow_role`).
    pub narrow_scope: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub last_used_from: Option<String>,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
}

const COLUMNS: &str = "id, tenant_id, principal, name, description, token_hash, max_age, extended, \
    narrow_role, narrow_scope, created_at, created_by, expires_at, last_used_at, last_used_from, \
    revoked_at, revoked_by";

/// Inserts a token; returns false when its id is taken (the caller draws another token).
pub async fn insert(db: impl SqliteExecutor<'_>, row: &ApiTokenRow) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO api_tokens (id, tenant_id, principal, name, description, token_hash, max_age, \
         extended, narrow_role, narrow_scope, created_at, created_by, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&row.id)
    .bind(&row.tenant_id)
    .bind(&row.principal)
    .bind(&row.name)
    .bind(&row.description)
    .bind(&row.token_hash)
    .bind(&row.max_age)
    .bind(row.extended)
    .bind(&row.narrow_role)
    .bind(&row.narrow_scope)
    .bind(&row.created_at)
    .bind(&row.created_by)
    .bind(&row.expires_at)
    .execute(db)
    .await
    .context("storing the API token")?;
    Ok(result.rows_affected() == 1)
}

pub async fn get(db: impl SqliteExecutor<'_>, id: &str) -> Result<Option<ApiTokenRow>> {
    sqlx::query_as::<_, ApiTokenRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(db)
    .await
    .context("reading an API token")
}

/// Tokens of a tenant, or of one principal, newest first.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    principal: Option<&str>,
) -> Result<Vec<ApiTokenRow>> {
    let filter = if principal.is_some() {
        " AND principal = ?"
    } else {
        ""
    };
    let mut query = sqlx::query_as::<_, ApiTokenRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE tenant_id = ?{filter} ORDER BY created_at DESC, id"
    )))
    .bind(tenant);
    if let Some(principal) = principal {
        query = query.bind(principal);
    }
    query.fetch_all(db).await.context("listing API tokens")
}

/// Records a use: when, from where, and (`moved_expiry`: an extended token's new expiry) when
/// it now expires. Without a new expiry the statement leaves `expires_at` out, so the trigger that
/// tells every process's caches about token changes does not fire for a mere last-used write.
pub async fn record_use(
    db: impl SqliteExecutor<'_>,
    id: &str,
    at: &str,
    from: Option<&str>,
    moved_expiry: Option<&str>,
) -> Result<()> {
    let query = match moved_expiry {
        Some(expires_at) => sqlx::query(
            "UPDATE api_tokens SET last_used_at = ?, last_used_from = ?, expires_at = ? WHERE id = ?",
        )
        .bind(at)
        .bind(from)
        .bind(expires_at),
        None => sqlx::query("UPDATE api_tokens SET last_used_at = ?, last_used_from = ? WHERE id = ?")
            .bind(at)
            .bind(from),
    };
    query
        .bind(id)
        .execute(db)
        .await
        .context("recording the use of an API token")?;
    Ok(())
}

/// Revokes from `at` on (unless it was revoked earlier); returns false when nothing changed.
pub async fn revoke(db: impl SqliteExecutor<'_>, id: &str, at: &str, by: &str) -> Result<bool> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? \
         WHERE id = ? AND (revoked_at IS NULL OR revoked_at > ?)",
    )
    .bind(at)
    .bind(by)
    .bind(id)
    .bind(at)
    .execute(db)
    .await
    .context("revoking an API token")?;
    Ok(result.rows_affected() == 1)
}

/// Revokes every token of a principal now; returns how many were still active.
pub async fn revoke_all(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    principal: &str,
    at: &str,
    by: &str,
) -> Result<u64> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? \
         WHERE tenant_id = ? AND principal = ? AND (revoked_at IS NULL OR revoked_at > ?)",
    )
    .bind(at)
    .bind(by)
    .bind(tenant)
    .bind(principal)
    .bind(at)
    .execute(db)
    .await
    .context("revoking API tokens")?;
    Ok(result.rows_affected())
}

/// Tokens of a tenant still working at `now` that stop by `until` (their expiry, or the end of a
/// rotation's grace period), and those that expired without being revoked.
pub async fn ending_by(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    now: &str,
    until: &str,
) -> Result<Vec<ApiTokenRow>> {
    sqlx::query_as::<_, ApiTokenRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE tenant_id = ? \
         AND (revoked_at IS NULL OR revoked_at > ?) \
         AND ((expires_at IS NOT NULL AND expires_at <= ?) OR revoked_at <= ?)"
    )))
    .bind(tenant)
    .bind(now)
    .bind(until)
    .bind(until)
    .fetch_all(db)
    .await
    .context("listing API tokens that expire soon")
}
