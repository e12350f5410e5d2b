use crate::error::{Context, Result};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteExecutor};

/// `scope` is the namespace id, or '' for a tenant-level credential.
#[derive(Debug, Clone, FromRow)]
pub struct CredentialRow {
    pub scope: String,
    pub name: String,
    pub type_id: String,
    pub description: String,
    pub inputs: String,
    pub settings: String,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

const COLUMNS: &str =
    "scope, name, type_id, description, inputs, settings, created_at, updated_at, updated_by";

pub async fn get(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    scope: &str,
    name: &str,
) -> Result<Option<CredentialRow>> {
    sqlx::query_as::<_, CredentialRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM credentials WHERE tenant_id = ? AND scope = ? AND name = ?"
    )))
    .bind(tenant)
    .bind(scope)
    .bind(name)
    .fetch_optional(db)
    .await
    .context(format!("reading credential {name}"))
}

/// Credentials in any of `scopes`, optionally of one type, ordered by name then scope.
pub async fn list_in(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    scopes: Option<&[&str]>,
    type_id: Option<&str>,
) -> Result<Vec<CredentialRow>> {
    let mut query = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {COLUMNS} FROM credentials WHERE tenant_id = "
    ));
    query.push_bind(tenant);
    if let Some(scopes) = scopes {
        query.push(" AND scope IN (");
        let mut separated = query.separated(", ");
        for scope in scopes {
            separated.push_bind(*scope);
        }
        query.push(")");
    }
    if let Some(type_id) = type_id {
        query.push(" AND type_id = ").push_bind(type_id);
    }
    query.push(" ORDER BY name, scope");
    query
        .build_query_as::<CredentialRow>()
        .fetch_all(db)
        .await
        .context("listing credentials")
}

/// Inserts or replaces the credential.
pub async fn upsert(db: impl SqliteExecutor<'_>, tenant: &str, row: &CredentialRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO credentials (tenant_id, scope, name, type_id, description, inputs, settings, created_at, \
         updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (tenant_id, scope, name) DO UPDATE SET type_id = excluded.type_id, \
         description = excluded.description, inputs = excluded.inputs, settings = excluded.settings, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(tenant)
    .bind(&row.scope)
    .bind(&row.name)
    .bind(&row.type_id)
    .bind(&row.description)
    .bind(&row.inputs)
    .bind(&row.settings)
    .bind(&row.created_at)
    .bind(&row.updated_at)
    .bind(&row.updated_by)
    .execute(db)
    .await
    .context(format!("writing credential {}", row.name))?;
    Ok(())
}

pub async fn delete(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    scope: &str,
    name: &str,
) -> Result<bool> {
    let result =
        sqlx::query("DELETE FROM credentials WHERE tenant_id = ? AND scope = ? AND name = ?")
            .bind(tenant)
            .bind(scope)
            .bind(name)
            .execute(db)
            .await
            .context(format!("deleting credential {name}"))?;
    Ok(result.rows_affected() == 1)
}

pub async fn count_of_type(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    type_id: &str,
) -> Result<i64> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM credentials WHERE tenant_id = ? AND type_id = ?")
            .bind(tenant)
            .bind(type_id)
            .fetch_one(db)
            .await
            .context("counting credentials of a type")?;
    Ok(count)
}
