use crate::error::{Context, Error, Result};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct SecretVersionRow {
    pub version: i64,
    pub data_key_version: i64,
    pub sealed: Vec<u8>,
    pub created_at: String,
    pub created_by: String,
}

pub struct NewVersion<'a> {
    pub tenant: &'a str,
    pub namespace: &'a str,
    pub key: &'a str,
    pub version: i64,
    pub data_key_version: i64,
    pub sealed: &'a [u8],
    pub created_at: &'a str,
    pub created_by: &'a str,
}

pub async fn insert(db: impl SqliteExecutor<'_>, v: &NewVersion<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO secret_versions (tenant_id, namespace, key, version, data_key_version, sealed, created_at, \
         created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(v.tenant)
    .bind(v.namespace)
    .bind(v.key)
    .bind(v.version)
    .bind(v.data_key_version)
    .bind(v.sealed)
    .bind(v.created_at)
    .bind(v.created_by)
    .execute(db)
    .await
    .context(format!("writing version {} of secret {}/{}", v.version, v.namespace, v.key))?;
    Ok(())
}

pub async fn get(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespace: &str,
    key: &str,
    version: i64,
) -> Result<Option<SecretVersionRow>> {
    sqlx::query_as::<_, SecretVersionRow>(
        "SELECT version, data_key_version, sealed, created_at, created_by FROM secret_versions \
         WHERE tenant_id = ? AND namespace = ? AND key = ? AND version = ?",
    )
    .bind(tenant)
    .bind(namespace)
    .bind(key)
    .bind(version)
    .fetch_optional(db)
    .await
    .context(format!(
        "reading version {version} of secret {namespace}/{key}"
    ))
}

/// Versions newest first, without their ciphertexts.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespace: &str,
    key: &str,
) -> Result<Vec<SecretVersionRow>> {
    sqlx::query_as::<_, SecretVersionRow>(
        "SELECT version, data_key_version, X'' AS sealed, created_at, created_by FROM secret_versions \
         WHERE tenant_id = ? AND namespace = ? AND key = ? ORDER BY version DESC",
    )
    .bind(tenant)
    .bind(namespace)
    .bind(key)
    .fetch_all(db)
    .await
    .context(format!("listing versions of secret {namespace}/{key}"))
}

/// Deletes all but the newest `keep` versions.
pub async fn prune(
    db: impl SqliteExecutor<'_>,
    tenant: &str,
    namespace: &str,
    key: &str,
    keep: i64,
) -> Result<()> {
    sqlx::query(
        "DELETE FROM secret_versions WHERE tenant_id = ?1 AND namespace = ?2 AND key = ?3 AND version <= \
         (SELECT MAX(version) FROM secret_versions WHERE tenant_id = ?1 AND namespace = ?2 AND key = ?3) - ?4",
    )
    .bind(tenant)
    .bind(namespace)
    .bind(key)
    .bind(keep)
    .execute(db)
    .await
    .context(format!("pruning old versions of secret {namespace}/{key}"))?;
    Ok(())
}

/// A stored value, located, for re-sealing.
#[derive(Debug, Clone, FromRow)]
pub struct SealedValue {
    pub namespace: String,
    pub key: String,
    pub version: i64,
    pub data_key_version: i64,
    pub sealed: Vec<u8>,
}

/// Every stored value of a tenant, current and old versions.
pub async fn all_of_tenant(db: impl SqliteExecutor<'_>, tenant: &str) -> Result<Vec<SealedValue>> {
    sqlx::query_as::<_, SealedValue>(
        "SELECT namespace, key, version, data_key_version, sealed FROM secret_versions \
         WHERE tenant_id = ? ORDER BY namespace, key, version",
    )
    .bind(tenant)
    .fetch_all(db)
    .await
    .context("reading the values of a tenant")
}

/// Values re-sealed per statement: one statement per value would cross to SQLite's worker thread
/// 10 000 times for 10 000 secrets. Four bound parameters each, far below SQLite's limit.
const RESEAL_BATCH: usize = 500;

/// Writes `values` (re-sealed with data key `data_key_version`) over the stored ones, a batch per
/// statement. Every value must match exactly one stored version: anything else is an integrity
/// error, and the caller's transaction is not to be committed.
pub async fn reseal_all(
    db: &mut sqlx::SqliteConnection,
    tenant: &str,
    data_key_version: i64,
    values: &[SealedValue],
) -> Result<()> {
    for batch in values.chunks(RESEAL_BATCH) {
        let mut query =
            QueryBuilder::<Sqlite>::new("WITH resealed (namespace, key, version, sealed) AS (");
        query.push_values(batch, |mut row, value| {
            row.push_bind(&value.namespace)
                .push_bind(&value.key)
                .push_bind(value.version)
                .push_bind(&value.sealed);
        });
        query
            .push(") UPDATE secret_versions SET sealed = resealed.sealed, data_key_version = ")
            .push_bind(data_key_version)
            .push(" FROM resealed WHERE secret_versions.tenant_id = ")
            .push_bind(tenant)
            .push(
                " AND secret_versions.namespace = resealed.namespace \
                 AND secret_versions.key = resealed.key AND secret_versions.version = resealed.version",
            );
        let updated = query
            .build()
            .execute(&mut *db)
            .await
            .context("re-sealing the values of a tenant")?
            .rows_affected();
        if updated != batch.len() as u64 {
            return Err(Error::Integrity(format!(
                "re-sealing {} values of tenant {tenant} updated {updated} rows",
                batch.len()
            )));
        }
    }
    Ok(())
}
