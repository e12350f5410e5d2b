use crate::error::{Context, Result};
use sqlx::{FromRow, SqliteExecutor};

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

pub async fn reseal(db: impl SqliteExecutor<'_>, tenant: &str, value: &SealedValue) -> Result<()> {
    sqlx::query(
        "UPDATE secret_versions SET sealed = ?, data_key_version = ? \
         WHERE tenant_id = ? AND namespace = ? AND key = ? AND version = ?",
    )
    .bind(&value.sealed)
    .bind(value.data_key_version)
    .bind(tenant)
    .bind(&value.namespace)
    .bind(&value.key)
    .bind(value.version)
    .execute(db)
    .await
    .context(format!(
        "re-sealing secret {}/{}",
        value.namespace, value.key
    ))?;
    Ok(())
}
