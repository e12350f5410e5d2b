use crate::error::{Context, Result};
use crate::model::Scope;
use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct RoleBindingRow {
    pub principal: String,
    pub role: String,
    /// '' for tenant level, else the namespace id: read it with [`row_scope`].
    pub scope: String,
    pub created_at: String,
    pub created_by: String,
}

pub fn row_scope(row: &RoleBindingRow) -> Result<Scope> {
    super::scope_column::decode(&row.scope)
}

const COLUMNS: &str = "principal, role, scope, created_at, created_by";

/// Adds a binding; returns false when it already exists.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    principal: &str,
    role: &str,
    scope: &Scope,
    now: &str,
    actor: &str,
) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO role_bindings (tenant_id, principal, role, scope, created_at, created_by) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, principal, role, scope) DO NOTHING",
    )
    .bind(tenant)
    .bind(principal)
    .bind(role)
    .bind(super::scope_column::encode(scope))
    .bind(now)
    .bind(actor)
    .execute(db)
    .await
    .context(format!("granting {role} to {principal}"))?;
    Ok(result.rows_affected() == 1)
}

pub async fn delete(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    principal: &str,
    role: &str,
    scope: &Scope,
) -> Result<bool> {
    let result = sqlx::query(
        "DELETE FROM role_bindings WHERE tenant_id = ? AND principal = ? AND role = ? AND scope = ?",
    )
    .bind(tenant)
    .bind(principal)
    .bind(role)
    .bind(super::scope_column::encode(scope))
    .execute(db)
    .await
    .context(format!("revoking {role} from {principal}"))?;
    Ok(result.rows_affected() == 1)
}

/// Bindings of one principal, or of the whole tenant.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    principal: Option<&str>,
) -> Result<Vec<RoleBindingRow>> {
    let query = match principal {
        Some(_) => format!(
            "SELECT {COLUMNS} FROM role_bindings WHERE tenant_id = ? AND principal = ? \
             ORDER BY principal, scope, role"
        ),
        None => format!(
            "SELECT {COLUMNS} FROM role_bindings WHERE tenant_id = ? ORDER BY principal, scope, role"
        ),
    };
    let mut query = sqlx::query_as::<_, RoleBindingRow>(sqlx::AssertSqlSafe(query)).bind(tenant);
    if let Some(principal) = principal {
        query = query.bind(principal);
    }
    query.fetch_all(db).await.context("listing role bindings")
}
