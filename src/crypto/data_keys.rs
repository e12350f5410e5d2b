//! Per-tenant data keys, wrapped by the master key. Unwrapped keys are cached in memory only.

use super::aead::{Key, open, seal};
use crate::store::data_keys::{self, DataKeyRow};
use crate::{Error, Result};
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;
use std::sync::Mutex;

pub struct DataKeys {
    /// Replaced when the master key is rotated.
    master: std::sync::RwLock<Key>,
    /// The master key's generation (`key_material.generation`) when it was unlocked or installed.
    generation: std::sync::atomic::AtomicI64,
    /// (tenant, version) → key: a version's key never changes.
    keys: Mutex<HashMap<(String, i64), Key>>,
}

impl DataKeys {
    pub fn new(master: Key, generation: i64) -> Self {
        Self {
            master: std::sync::RwLock::new(master),
            generation: std::sync::atomic::AtomicI64::new(generation),
            keys: Mutex::new(HashMap::new()),
        }
    }

    /// Fails when another process rotated the master key after this one unlocked it: a data key
    /// wrapped with the old one now would be unreadable for good, and the new data keys cannot be
    /// unwrapped here. Call inside the write transaction that wraps or before saying "integrity".
    pub async fn check_master_is_current(&self, db: &mut SqliteConnection) -> Result<()> {
        let ours = self.generation.load(std::sync::atomic::Ordering::Acquire);
        let stored = crate::store::key_material::get(&mut *db)
            .await?
            .map_or(ours, |row| row.generation);
        if stored == ours {
            return Ok(());
        }
        Err(Error::KeyUnavailable(format!(
            "the master key was rotated by another process (generation {ours} → {stored}) after \
             this one unlocked it: restart this process (keystead serve, the app) to unlock with \
             the new key; nothing was changed"
        )))
    }

    /// [`Self::check_master_is_current`] on a connection of `pool` (outside a transaction).
    pub async fn check_master_is_current_in(&self, pool: &SqlitePool) -> Result<()> {
        let mut db = pool.acquire().await.map_err(|source| Error::Storage {
            context: "reading the key material".into(),
            source,
        })?;
        self.check_master_is_current(&mut db).await
    }

    /// Creates the tenant's first data key if it has none (inside the caller's transaction).
    pub async fn ensure(&self, db: &mut SqliteConnection, tenant: &str) -> Result<()> {
        if data_keys::latest(&mut *db, tenant).await?.is_some() {
            return Ok(());
        }
        self.check_master_is_current(&mut *db).await?;
        let key = Key::generate()?;
        let row = DataKeyRow {
            tenant_id: tenant.to_owned(),
            version: 1,
            wrapped_key: self.wrap(tenant, 1, &key)?,
        };
        // A concurrent process may have inserted version 1 first; then theirs is used.
        data_keys::insert(&mut *db, &row, &crate::time::now_rfc3339()).await?;
        Ok(())
    }

    /// The key new values are sealed with, and its version, as the write transaction `db` sees
    /// them: a data-key rotation committed while the writer waited for the database is seen, so
    /// nothing is sealed with a key that rotation retired and deleted.
    pub async fn current(&self, db: &mut SqliteConnection, tenant: &str) -> Result<(i64, Key)> {
        let row = data_keys::latest(&mut *db, tenant)
            .await?
            .ok_or_else(|| Error::NotFound(format!("tenant {tenant} has no data key")))?;
        let cached = self
            .keys
            .lock()
            .map_err(poisoned)?
            .get(&(tenant.to_owned(), row.version))
            .cloned();
        match cached {
            Some(key) => Ok((row.version, key)),
            None => match self.unwrap_row(&row) {
                Ok(key) => Ok((row.version, key)),
                Err(e) => {
                    self.check_master_is_current(&mut *db).await?;
                    Err(e)
                }
            },
        }
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
        match self.unwrap_row(&row) {
            Ok(key) => Ok(key),
            Err(e) => {
                self.check_master_is_current_in(pool).await?;
                Err(e)
            }
        }
    }

    /// Seals a data key with the master key.
    pub fn wrap(&self, tenant: &str, version: i64, key: &Key) -> Result<Vec<u8>> {
        let master = self.master.read().map_err(poisoned)?;
        seal(&master, &wrap_aad(tenant, version), key.as_bytes())
    }

    /// Seals a data key with another master key (rotation, before it is installed).
    pub fn wrap_with(master: &Key, tenant: &str, version: i64, key: &Key) -> Result<Vec<u8>> {
        seal(master, &wrap_aad(tenant, version), key.as_bytes())
    }

    /// The data key in `row`, unsealed with the current master key.
    pub fn unwrap_row(&self, row: &DataKeyRow) -> Result<Key> {
        let bytes = {
            let master = self.master.read().map_err(poisoned)?;
            open(
                &master,
                &wrap_aad(&row.tenant_id, row.version),
                &row.wrapped_key,
            )?
        };
        let key = Key::from_slice(&bytes)?;
        self.keys
            .lock()
            .map_err(poisoned)?
            .insert((row.tenant_id.clone(), row.version), key.clone());
        Ok(key)
    }
}

impl DataKeys {
    /// Uses `master` (of `generation`) from now on (after a rotation committed).
    pub fn install_master(&self, master: Key, generation: i64) -> Result<()> {
        // Called after the new key was committed: it must take over whatever happened before (a
        // poisoned lock holds a key, which this replaces).
        *self
            .master
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = master;
        self.generation
            .store(generation, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    /// Forgets cached keys of `tenant` (after its data keys were rotated).
    pub fn forget(&self, tenant: &str) -> Result<()> {
        self.keys
            .lock()
            .map_err(poisoned)?
            .retain(|(t, _), _| t != tenant);
        Ok(())
    }

    pub fn master(&self) -> Result<Key> {
        Ok(self.master.read().map_err(poisoned)?.clone())
    }
}

fn wrap_aad(tenant: &str, version: i64) -> String {
    format!("keystead/data-key/{tenant}/{version}")
}

fn poisoned<T>(_: T) -> Error {
    Error::Internal("the data key cache lock is poisoned".into())
}
