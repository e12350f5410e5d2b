//! Per-tenant data keys, wrapped by the master key. Unwrapped keys are cached in memory only.

use super::aead::{Key, open, seal};
use crate::store::data_keys::{self, DataKeyRow};
use crate::{Error, Result};
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;
use std::sync::Mutex;

pub struct DataKeys {
    master: Key,
    /// (tenant, version) → key; plus tenant → latest version.
    keys: Mutex<HashMap<(String, i64), Key>>,
    latest: Mutex<HashMap<String, i64>>,
}

impl DataKeys {
    pub fn new(master: Key) -> Self {
        Self {
            master,
            keys: Mutex::new(HashMap::new()),
            latest: Mutex::new(HashMap::new()),
        }
    }

    /// Creates the tenant's first data key if it has none (inside the caller's transaction).
    pub async fn ensure(&self, db: &mut SqliteConnection, tenant: &str) -> Result<()> {
        if data_keys::latest(&mut *db, tenant).await?.is_some() {
            return Ok(());
        }
        let key = Key::generate()?;
        let row = DataKeyRow {
            tenant_id: tenant.to_owned(),
            version: 1,
            wrapped_key: seal(&self.master, &wrap_aad(tenant, 1), key.as_bytes())?,
        };
        // A concurrent process may have inserted version 1 first; then theirs is used.
        data_keys::insert(&mut *db, &row, &crate::time::now_rfc3339()).await?;
        Ok(())
    }

    /// The key new values are sealed with, and its version.
    pub async fn current(&self, pool: &SqlitePool, tenant: &str) -> Result<(i64, Key)> {
        let cached = self.latest.lock().map_err(poisoned)?.get(tenant).copied();
        if let Some(version) = cached {
            return Ok((version, self.get(pool, tenant, version).await?));
        }
        let row = data_keys::latest(pool, tenant)
            .await?
            .ok_or_else(|| Error::NotFound(format!("tenant {tenant} has no data key")))?;
        let key = self.unwrap_row(&row)?;
        self.latest
            .lock()
            .map_err(poisoned)?
            .insert(tenant.to_owned(), row.version);
        Ok((row.version, key))
    }

    pub async fn get(&self, pool: &SqlitePool, tenant: &str, version: i64) -> Result<Key> {
        if let Some(key) = self
            .keys
            .lock()
            .map_err(poisoned)?
            .get(&(tenant.to_owned(), version))
        {
            return Ok(key.clone());
        }
        let row = data_keys::get(pool, tenant, version)
            .await?
            .ok_or_else(|| {
                Error::Integrity(format!("data key {version} of tenant {tenant} is missing"))
            })?;
        self.unwrap_row(&row)
    }

    fn unwrap_row(&self, row: &DataKeyRow) -> Result<Key> {
        let bytes = open(
            &self.master,
            &wrap_aad(&row.tenant_id, row.version),
            &row.wrapped_key,
        )?;
        let key = Key::from_slice(&bytes)?;
        self.keys
            .lock()
            .map_err(poisoned)?
            .insert((row.tenant_id.clone(), row.version), key.clone());
        Ok(key)
    }
}

fn wrap_aad(tenant: &str, version: i64) -> String {
    format!("keystead/data-key/{tenant}/{version}")
}

fn poisoned<T>(_: T) -> Error {
    Error::Internal("the data key cache lock is poisoned".into())
}
