//! The single `key_material` row: how the master key is kept, and a check value for it.

use crate::error::{Context, Result};
use sqlx::{FromRow, SqlitePool};

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
}

pub async fn get(pool: &SqlitePool) -> Result<Option<KeyMaterialRow>> {
    sqlx::query_as::<_, KeyMaterialRow>(
        "SELECT install_id, mode, kdf_salt, kdf_m_cost, kdf_t_cost, kdf_p_cost, wrapped_master_key, \
         key_check, created_at FROM key_material WHERE id = 1",
    )
    .fetch_optional(pool)
    .await
    .context("reading the key material")
}

/// Inserts the row; returns false when another process initialised the data dir first.
pub async fn insert(pool: &SqlitePool, row: &KeyMaterialRow) -> Result<bool> {
    let result = sqlx::query(
        "INSERT INTO key_material (id, install_id, mode, kdf_salt, kdf_m_cost, kdf_t_cost, kdf_p_cost, \
         wrapped_master_key, key_check, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
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
    .execute(pool)
    .await
    .context("storing the key material")?;
    Ok(result.rows_affected() == 1)
}
