use crate::error::{Context, Result};
use crate::model::Scope;
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteExecutor};

/// The scope of a stored row.
pub fn row_scope(row: &CredentialRow) -> Result<Scope> {
    super::scope_column::decode(&row.scope)
}

/// The highest scope whose secrets a stored credential may send: the credential's own scope when
/// none was recorded.
pub fn row_secret_reach(row: &CredentialRow) -> Result<Scope> {
    super::scope_column::decode(row.secret_reach.as_deref().unwrap_or(&row.scope))
}

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
    /// The last Test of this saved credential (NULL: not tested since it was saved).
    pub last_test_at: Option<String>,
    pub last_test_ok: Option<bool>,
    /// The Test's error code when it failed (never its message).
    pub last_test_error: Option<String>,
    /// The highest scope whose secrets its references may send (a scope column's encoding). NULL:
    /// not recorded, read as the credential's own scope.
    pub secret_reach: Option<String>,
    /// The principal that saved it, whose current rights also bound the reach (NULL: the person
    /// at the machine).
    pub saved_by_principal: Option<String>,
    /// Where each reference was found when it was saved: a JSON object of key → namespace (NULL:
    /// not recorded).
    pub secret_origins: Option<String>,
}

const COLUMNS: &str = "scope, name, type_id, description, inputs, settings, created_at, updated_at, \
    updated_by, last_test_at, last_test_ok, last_test_error, secret_reach, \
    saved_by_principal, secret_origins";

pub async fn get(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    scope: &Scope,
    name: &str,
) -> Result<Option<CredentialRow>> {
    sqlx::query_as::<_, CredentialRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM credentials WHERE tenant_id = ? AND scope = ? AND name = ?"
    )))
    .bind(tenant)
    .bind(super::scope_column::encode(scope))
    .bind(name)
    .fetch_optional(db)
    .await
    .context(format!("reading credential {name}"))
}

/// Credentials in any of `scopes` (all scopes when `None`), optionally only of one type or one name,
/// ordered by name then scope.
pub async fn list_in(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    scopes: Option<&[Scope]>,
    type_id: Option<&str>,
    name: Option<&str>,
) -> Result<Vec<CredentialRow>> {
    let mut query = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {COLUMNS} FROM credentials WHERE tenant_id = "
    ));
    query.push_bind(tenant);
    if let Some(scopes) = scopes {
        query.push(" AND scope IN (");
        let mut separated = query.separated(", ");
        for scope in scopes {
            separated.push_bind(super::scope_column::encode(scope));
        }
        query.push(")");
    }
    if let Some(type_id) = type_id {
        query.push(" AND type_id = ").push_bind(type_id);
    }
    if let Some(name) = name {
        query.push(" AND name = ").push_bind(name);
    }
    query.push(" ORDER BY name, scope");
    query
        .build_query_as::<CredentialRow>()
        .fetch_all(db)
        .await
        .context("listing credentials")
}

/// Inserts the credential; returns false (and writes nothing) when its scope already has that name.
pub async fn insert_new(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    row: &CredentialRow,
) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO credentials (tenant_id, scope, name, type_id, description, inputs, settings, created_at, \
         updated_at, updated_by, secret_reach, saved_by_principal, secret_origins) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (tenant_id, scope, name) DO NOTHING",
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
    .bind(&row.secret_reach)
    .bind(&row.saved_by_principal)
    .bind(&row.secret_origins)
    .execute(db)
    .await
    .context(format!("writing credential {}", row.name))?;
    Ok(result.rows_affected() == 1)
}

/// The row for a new credential in `scope` (the scope column's encoding stays in this module).
#[allow(clippy::too_many_arguments)]
pub fn new_row(
    scope: &Scope,
    name: &str,
    type_id: &str,
    description: &str,
    inputs: String,
    settings: String,
    created_at: &str,
    updated_at: &str,
    updated_by: &str,
    secret_reach: &Scope,
    saved_by_principal: Option<&str>,
    secret_origins: Option<String>,
) -> CredentialRow {
    CredentialRow {
        scope: super::scope_column::encode(scope).to_owned(),
        name: name.to_owned(),
        type_id: type_id.to_owned(),
        description: description.to_owned(),
        inputs,
        settings,
        created_at: created_at.to_owned(),
        updated_at: updated_at.to_owned(),
        updated_by: updated_by.to_owned(),
        last_test_at: None,
        last_test_ok: None,
        last_test_error: None,
        secret_reach: Some(super::scope_column::encode(secret_reach).to_owned()),
        saved_by_principal: saved_by_principal.map(str::to_owned),
        secret_origins,
    }
}

/// Inserts or replaces the credential. A replaced credential forgets its last Test: that Test was
/// of the definition it replaces.
pub async fn upsert(db: impl SqliteExecutor<'_>, tenant: &str, row: &CredentialRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO credentials (tenant_id, scope, name, type_id, description, inputs, settings, created_at, \
         updated_at, updated_by, secret_reach, saved_by_principal, secret_origins) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (tenant_id, scope, name) DO UPDATE SET type_id = excluded.type_id, \
         description = excluded.description, inputs = excluded.inputs, settings = excluded.settings, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by, \
         secret_reach = excluded.secret_reach, saved_by_principal = excluded.saved_by_principal, \
         secret_origins = excluded.secret_origins, \
         last_test_at = NULL, last_test_ok = NULL, last_test_error = NULL",
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
    .bind(&row.secret_reach)
    .bind(&row.saved_by_principal)
    .bind(&row.secret_origins)
    .execute(db)
    .await
    .context(format!("writing credential {}", row.name))?;
    Ok(())
}

pub async fn delete(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    scope: &Scope,
    name: &str,
) -> Result<bool> {
    let result =
        sqlx::query("DELETE FROM credentials WHERE tenant_id = ? AND scope = ? AND name = ?")
            .bind(tenant)
            .bind(super::scope_column::encode(scope))
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

/// Records the outcome of a Test of the credential saved in `scope` (nothing when it went meanwhile).
pub async fn record_test(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    scope: &Scope,
    name: &str,
    at: &str,
    error: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "UPDATE credentials SET last_test_at = ?, last_test_ok = ?, last_test_error = ? \
         WHERE tenant_id = ? AND scope = ? AND name = ?",
    )
    .bind(at)
    .bind(error.is_none())
    .bind(error)
    .bind(tenant)
    .bind(super::scope_column::encode(scope))
    .bind(name)
    .execute(db)
    .await
    .context(format!("recording the Test of credential {name}"))?;
    Ok(())
}

/// Credentials of a tenant whose last Test failed.
pub async fn failed_last_test(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
) -> Result<Vec<CredentialRow>> {
    sqlx::query_as::<_, CredentialRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM credentials WHERE tenant_id = ? AND last_test_ok = 0"
    )))
    .bind(tenant)
    .fetch_all(db)
    .await
    .context("listing credentials whose last Test failed")
}

#[cfg(test)]
mod tests {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};

    /// Migration 0008 on rows written before it: the person at the machine (`cli:…`,
    /// `desktop:…`) keeps reaching every secret; a principal's reach becomes the credential's own
    /// scope.
    #[tokio::test]
    async fn rows_saved_before_the_secret_reach_column_get_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = SqliteConnectOptions::new()
            .filename(dir.path().join("old.db"))
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        let migrations = [
            include_str!("../../migrations/0001_foundation.sql"),
            include_str!("../../migrations/0002_credentials.sql"),
            include_str!("../../migrations/0003_access.sql"),
            include_str!("../../migrations/0004_kv.sql"),
            include_str!("../../migrations/0005_key_lifecycle.sql"),
            include_str!("../../migrations/0006_change_counter.sql"),
            include_str!("../../migrations/0007_credential_last_test.sql"),
        ];
        for sql in migrations {
            sqlx::raw_sql(sql).execute(&mut db).await.unwrap();
        }
        sqlx::raw_sql(
            "INSERT INTO tenants (id, created_at) VALUES ('main', 'now'); \
             INSERT INTO credentials (tenant_id, scope, name, type_id, inputs, settings, created_at, \
             updated_at, updated_by) VALUES \
             ('main', 'a.b', 'by-cli', 't', '{}', '{}', 'now', 'now', 'cli:alice'), \
             ('main', 'a.b', 'by-desktop', 't', '{}', '{}', 'now', 'now', 'desktop:bob'), \
             ('main', 'a.b', 'by-principal', 't', '{}', '{}', 'now', 'now', 'team-admin'), \
             ('main', '', 'tenant-level', 't', '{}', '{}', 'now', 'now', 'ops-admin')",
        )
        .execute(&mut db)
        .await
        .unwrap();

        sqlx::raw_sql(include_str!(
            "../../migrations/0008_credential_secret_reach.sql"
        ))
        .execute(&mut db)
        .await
        .unwrap();
        let reach: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT name, secret_reach, saved_by_principal FROM credentials ORDER BY name",
        )
        .fetch_all(&mut db)
        .await
        .unwrap();
        let expected = [
            ("by-cli", "", None),
            ("by-desktop", "", None),
            ("by-principal", "a.b", Some("team-admin")),
            ("tenant-level", "", Some("ops-admin")),
        ];
        let expected: Vec<(String, Option<String>, Option<String>)> = expected
            .iter()
            .map(|(name, reach, by)| {
                (
                    name.to_string(),
                    Some(reach.to_string()),
                    by.map(str::to_owned),
                )
            })
            .collect();
        assert_eq!(reach, expected);
        db.close().await.unwrap();
    }
}
