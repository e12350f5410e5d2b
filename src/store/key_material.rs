//! The single `key_material` row: how the master key is kept, and a check value for it.

use crate::error::{Context, Result};
use sqlx::{FromRow, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct KeyMaterialRow {
    pub install_id: String,
    pub mode: String,
    pub kdf_salt: Option<Vec<u8>>,
    pub kdf_m_cost: Option<i64>,
    pub kdf_t_cost: Option<i64>,
    pub kdf_p_cost: Option<i64>,
    pub wrapped_master_key: Option<Vec<u8>>,
    pub key_check: Vec<u8>,
    pub created_at: String,
    pub generation: i64,
    pub rotated_at: Option<String>,
    pub recovery_wrapped_key: Option<Vec<u8>>,
    pub recovery_created_at: Option<String>,
    pub passphrase_changed_at: Option<String>,
}

const COLUMNS: &str = "install_id, mode, kdf_salt, kdf_m_cost, kdf_t_cost, kdf_p_cost, \
    wrapped_master_key, key_check, created_at, generation, rotated_at, recovery_wrapped_key, \
    recovery_created_at, passphrase_changed_at";

pub async fn get(db: impl SqliteExecutor<'_>) -> Result<Option<KeyMaterialRow>> {
    sqlx::query_as::<_, KeyMaterialRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM key_material WHERE id = 1"
    )))
    .fetch_optional(db)
    .await
    .context("reading the key material")
}

/// Inserts the row; returns false when another process initialised the data dir first.
pub async fn insert(db: impl SqliteExecutor<'_>, row: &KeyMaterialRow) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO key_material (id, install_id, mode, kdf_salt, kdf_m_cost, kdf_t_cost, kdf_p_cost, \
         wrapped_master_key, key_check, created_at, generation) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&row.install_id)
    .bind(&row.mode)
    .bind(&row.kdf_salt)
    .bind(row.kdf_m_cost)
    .bind(row.kdf_t_cost)
    .bind(row.kdf_p_cost)
    .bind(&row.wrapped_master_key)
    .bind(&row.key_check)
    .bind(&row.created_at)
    .bind(row.generation)
    .execute(db)
    .await
    .context("storing the key material")?;
    Ok(result.rows_affected() == 1)
}

/// Replaces how the master key is kept and checked (passphrase change, move, rotation); the
/// caller passes the whole new state of those columns.
pub async fn update(db: impl SqliteExecutor<'_>, row: &KeyMaterialRow) -> Result<()> {
    sqlx::query(
        "UPDATE key_material SET mode = ?, kdf_salt = ?, kdf_m_cost = ?, kdf_t_cost = ?, \
         kdf_p_cost = ?, wrapped_master_key = ?, key_check = ?, generation = ?, rotated_at = ?, \
         recovery_wrapped_key = ?, recovery_created_at = ?, passphrase_changed_at = ? WHERE id = 1",
    )
    .bind(&row.mode)
    .bind(&row.kdf_salt)
    .bind(row.kdf_m_cost)
    .bind(row.kdf_t_cost)
    .bind(row.kdf_p_cost)
    .bind(&row.wrapped_master_key)
    .bind(&row.key_check)
    .bind(row.generation)
    .bind(&row.rotated_at)
    .bind(&row.recovery_wrapped_key)
    .bind(&row.recovery_created_at)
    .bind(&row.passphrase_changed_at)
    .execute(db)
    .await
    .context("updating the key material")?;
    Ok(())
}
