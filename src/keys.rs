//! The key lifecycle: a recovery key, passphrase changes, moving the master key between the OS
//! keyring and a passphrase, and rotating the master key or the data keys. Each step is one
//! transaction with its audit row; a crash at any point leaves the previous key working.

use crate::audit::{self, Actor};
use crate::crypto::{
    self, DataKeys, Key, KeyMode, add_recovery, key_check, open, seal, wrap_with_passphrase,
};
use crate::model::TenantId;
use crate::store::key_material::{self, KeyMaterialRow};
use crate::store::{self, data_keys, secret_versions, tenants};
use crate::{Error, Result};
use keyring_core::CredentialStore;
use secrecy::SecretString;
use sqlx::SqlitePool;
use std::sync::Arc;
use zeroize::Zeroizing;

/// What the running core knows about its master key.
pub struct MasterState {
    pub mode: KeyMode,
    pub description: String,
    /// Opened with the recovery key: the keyring entry or passphrase should be set again.
    pub recovered: bool,
}

/// What a data key rotation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataKeyRotation {
    pub tenants: usize,
    pub values: usize,
}

/// Key lifecycle operations of one actor.
pub struct KeyLifecycle<'a> {
    pub pool: &'a SqlitePool,
    pub data_keys: &'a DataKeys,
    pub actor: &'a Actor,
    pub keyring: Option<&'a Arc<CredentialStore>>,
}

fn target(name: &str) -> audit::Target<'_> {
    audit::Target {
        kind: "key",
        namespace: None,
        name,
    }
}

impl KeyLifecycle<'_> {
    async fn row(&self) -> Result<KeyMaterialRow> {
        key_material::get(self.pool)
            .await?
            .ok_or_else(|| Error::Integrity("the data dir has no key material".into()))
    }

    /// Audits in the default tenant: keys belong to the whole data dir.
    async fn audit(
        &self,
        db: &mut store::Tx,
        action: &str,
        name: &str,
        detail: &str,
    ) -> Result<()> {
        audit::record(
            db,
            TenantId::DEFAULT,
            self.actor,
            action,
            target(name),
            detail,
        )
        .await
    }

    pub async fn material(&self) -> Result<KeyMaterialRow> {
        self.row().await
    }

    /// When each tenant's current data key was made: (tenant, version, created_at).
    pub async fn data_key_dates(&self) -> Result<Vec<(String, i64, String)>> {
        data_keys::latest_dates(self.pool).await
    }

    /// A new recovery key (replacing any earlier one); its text is returned once and never stored.
    pub async fn create_recovery(&self) -> Result<Zeroizing<String>> {
        let master = self.data_keys.master()?;
        let mut tx = store::begin_write(self.pool).await?;
        // A key this process no longer holds would be what the recovery key opens.
        self.data_keys.check_master_is_current(&mut tx).await?;
        let mut row = key_material::get(&mut *tx)
            .await?
            .ok_or_else(|| Error::Integrity("the data dir has no key material".into()))?;
        let replaced = row.recovery_wrapped_key.is_some();
        let text = add_recovery(&mut row, &master)?;
        key_material::update(&mut *tx, &row).await?;
        let detail = if replaced {
            "the earlier recovery key no longer works"
        } else {
            "first recovery key"
        };
        self.audit(&mut tx, "key.recovery_create", "recovery key", detail)
            .await?;
        store::commit(tx, "storing the recovery key").await?;
        Ok(text)
    }

    /// Wraps the master key with a new passphrase (passphrase mode only).
    pub async fn change_passphrase(&self, new: SecretString) -> Result<String> {
        crypto::kdf::check_new_passphrase(&new)?;
        let master = self.data_keys.master()?;
        self.data_keys.check_master_is_current_in(self.pool).await?;
        let mut row = self.row().await?;
        let read = row.clone();
        if row.mode != KeyMode::Passphrase.as_str() {
            return Err(Error::invalid(
                "the master key is in the OS keyring, not behind a passphrase: use \
                 `keystead key move --to passphrase` to protect it with one",
            ));
        }
        // Derive outside the transaction (it takes a while on purpose), then write at once.
        wrap_with_passphrase(&mut row, &master, new).await?;
        row.passphrase_changed_at = Some(crate::time::now_rfc3339());
        let mut tx = store::begin_write(self.pool).await?;
        unchanged_since(&mut tx, &read).await?;
        key_material::update(&mut *tx, &row).await?;
        self.audit(&mut tx, "key.passphrase_change", "master key", "")
            .await?;
        store::commit(tx, "changing the passphrase").await?;
        Ok(crypto::describe(KeyMode::Passphrase, &row))
    }

    /// Moves the master key to the OS keyring, or behind `passphrase`.
    pub async fn move_to(&self, mode: KeyMode, passphrase: Option<SecretString>) -> Result<String> {
        let master = self.data_keys.master()?;
        self.data_keys.check_master_is_current_in(self.pool).await?;
        let mut row = self.row().await?;
        let read = row.clone();
        if row.mode == mode.as_str() {
            return Err(Error::Conflict(format!(
                "the master key is already kept {}",
                where_kept(mode)
            )));
        }
        let account = crypto::keyring::account(&row.install_id, row.generation);
        match mode {
            KeyMode::Keyring => {
                let store = self.keyring.cloned().ok_or_else(|| {
                    Error::KeyUnavailable(
                        "no OS keyring is reachable from here: the master key stays behind the \
                         passphrase"
                            .into(),
                    )
                })?;
                // Into the keyring first: until the row says so, the passphrase still opens it.
                crypto::keyring::store(store, account, &master).await?;
                row.kdf_salt = None;
                row.kdf_m_cost = None;
                row.kdf_t_cost = None;
                row.kdf_p_cost = None;
                row.wrapped_master_key = None;
            }
            KeyMode::Passphrase => {
                let passphrase = passphrase.ok_or_else(|| {
                    Error::invalid(
                        "moving the master key behind a passphrase needs the new passphrase",
                    )
                })?;
                crypto::kdf::check_new_passphrase(&passphrase)?;
                wrap_with_passphrase(&mut row, &master, passphrase).await?;
                row.passphrase_changed_at = Some(crate::time::now_rfc3339());
            }
        }
        row.mode = mode.as_str().to_owned();
        let mut tx = store::begin_write(self.pool).await?;
        unchanged_since(&mut tx, &read).await?;
        key_material::update(&mut *tx, &row).await?;
        self.audit(
            &mut tx,
            "key.move",
            "master key",
            &format!("now kept {}", where_kept(mode)),
        )
        .await?;
        store::commit(tx, "moving the master key").await?;
        if mode == KeyMode::Passphrase
            && let Some(store) = self.keyring.cloned()
        {
            let account = crypto::keyring::account(&row.install_id, row.generation);
            crypto::keyring::remove(store, account).await;
        }
        Ok(crypto::describe(mode, &row))
    }

    /// A new master key: every data key re-wrapped in one transaction. In passphrase mode the new
    /// key is wrapped with `passphrase`. A recovery key, if there was one, is replaced: the new
    /// one's text is returned (the old one no longer opens the data dir).
    pub async fn rotate_master(
        &self,
        passphrase: Option<SecretString>,
    ) -> Result<(String, Option<Zeroizing<String>>)> {
        let old_master = self.data_keys.master()?;
        // Before the passphrase check, which would otherwise call the right passphrase wrong.
        self.data_keys.check_master_is_current_in(self.pool).await?;
        let mut row = self.row().await?;
        let old_generation = row.generation;
        let new_master = Key::generate()?;
        row.generation = old_generation + 1;
        row.key_check = key_check(&new_master, &row.install_id)?;
        row.rotated_at = Some(crate::time::now_rfc3339());
        let mode = if row.mode == KeyMode::Keyring.as_str() {
            KeyMode::Keyring
        } else {
            KeyMode::Passphrase
        };
        let new_account = crypto::keyring::account(&row.install_id, row.generation);
        match mode {
            KeyMode::Passphrase => {
                let passphrase = passphrase.ok_or_else(|| {
                    Error::PassphraseRequired(
                        "rotating a passphrase-protected master key needs the passphrase again"
                            .into(),
                    )
                })?;
                self.check_passphrase(&row, &old_master, passphrase.clone())
                    .await?;
                wrap_with_passphrase(&mut row, &new_master, passphrase).await?;
            }
            KeyMode::Keyring => {
                let store = self.keyring.cloned().ok_or_else(|| {
                    Error::KeyUnavailable("the OS keyring is not reachable from here".into())
                })?;
                crypto::keyring::store(store, new_account.clone(), &new_master).await?;
            }
        }
        let recovery = if row.recovery_wrapped_key.is_some() {
            Some(add_recovery(&mut row, &new_master)?)
        } else {
            None
        };
        let outcome = self
            .commit_rotation(&row, old_generation, &new_master)
            .await;
        if let Err(e) = outcome {
            // The new key never took over: drop its keyring entry; the old one stays in use.
            if let (KeyMode::Keyring, Some(store)) = (mode, self.keyring.cloned()) {
                crypto::keyring::remove(store, new_account).await;
            }
            return Err(e);
        }
        self.data_keys.install_master(new_master, row.generation)?;
        if let (KeyMode::Keyring, Some(store)) = (mode, self.keyring.cloned()) {
            let old_account = crypto::keyring::account(&row.install_id, old_generation);
            crypto::keyring::remove(store, old_account).await;
        }
        Ok((crypto::describe(mode, &row), recovery))
    }

    async fn commit_rotation(
        &self,
        row: &KeyMaterialRow,
        old_generation: i64,
        new_master: &Key,
    ) -> Result<()> {
        let mut tx = store::begin_write(self.pool).await?;
        let current = key_material::get(&mut *tx).await?;
        if current.as_ref().map(|r| r.generation) != Some(old_generation) {
            return Err(Error::Conflict(
                "the master key was rotated by another process meanwhile: nothing was changed"
                    .into(),
            ));
        }
        let wrapped = data_keys::all(&mut *tx).await?;
        for mut data_key in wrapped {
            let key = self.data_keys.unwrap_row(&data_key)?;
            data_key.wrapped_key =
                DataKeys::wrap_with(new_master, &data_key.tenant_id, data_key.version, &key)?;
            data_keys::rewrap(&mut *tx, &data_key).await?;
        }
        key_material::update(&mut *tx, row).await?;
        self.audit(
            &mut tx,
            "key.rotate",
            "master key",
            &format!("generation {old_generation} → {}", row.generation),
        )
        .await?;
        store::commit(tx, "rotating the master key").await
    }

    /// Proves the passphrase unlocks the current key before a rotation re-wraps with it.
    async fn check_passphrase(
        &self,
        row: &KeyMaterialRow,
        master: &Key,
        passphrase: SecretString,
    ) -> Result<()> {
        let (Some(salt), Some(m), Some(t), Some(p), Some(wrapped)) = (
            row.kdf_salt.clone(),
            row.kdf_m_cost,
            row.kdf_t_cost,
            row.kdf_p_cost,
            row.wrapped_master_key.as_ref(),
        ) else {
            return Ok(());
        };
        let params = crypto::kdf::KdfParams::stored(m, t, p)?;
        let kek = crypto::kdf::derive(passphrase, salt, params).await?;
        let aad = format!("keystead/master-key/{}", row.install_id);
        let bytes = open(&kek, &aad, wrapped).map_err(|_| Error::WrongPassphrase)?;
        if bytes.as_slice() != master.as_bytes() {
            return Err(Error::WrongPassphrase);
        }
        Ok(())
    }

    /// A new data key for every tenant; every value (old versions too) re-sealed with it and the
    /// old data keys retired, all in one transaction.
    pub async fn rotate_data_keys(&self) -> Result<DataKeyRotation> {
        let mut tx = store::begin_write(self.pool).await?;
        self.data_keys.check_master_is_current(&mut tx).await?;
        let all = tenants::list(&mut *tx).await?;
        let mut values = 0;
        for tenant in &all {
            let latest = data_keys::latest(&mut *tx, &tenant.id)
                .await?
                .map_or(0, |row| row.version);
            let version = latest + 1;
            let key = Key::generate()?;
            let row = data_keys::DataKeyRow {
                tenant_id: tenant.id.clone(),
                version,
                wrapped_key: self.data_keys.wrap(&tenant.id, version, &key)?,
            };
            data_keys::insert(&mut *tx, &row, &crate::time::now_rfc3339()).await?;
            let mut resealed = secret_versions::all_of_tenant(&mut *tx, &tenant.id).await?;
            for value in &mut resealed {
                let old = self
                    .data_keys
                    .get(self.pool, &tenant.id, value.data_key_version)
                    .await?;
                let aad =
                    crate::secrets::aad(&tenant.id, &value.namespace, &value.key, value.version);
                let plain = Zeroizing::new(open(&old, &aad, &value.sealed)?);
                value.sealed = seal(&key, &aad, &plain)?;
            }
            secret_versions::reseal_all(&mut tx, &tenant.id, version, &resealed).await?;
            values += resealed.len();
            data_keys::delete_older(&mut *tx, &tenant.id, version).await?;
        }
        let detail = format!("{} tenant(s), {values} value(s) re-sealed", all.len());
        self.audit(&mut tx, "key.rotate_data_keys", "data keys", &detail)
            .await?;
        store::commit(tx, "rotating the data keys").await?;
        for tenant in &all {
            self.data_keys.forget(&tenant.id)?;
        }
        Ok(DataKeyRotation {
            tenants: all.len(),
            values,
        })
    }
}

fn where_kept(mode: KeyMode) -> &'static str {
    match mode {
        KeyMode::Keyring => "in the OS keyring",
        KeyMode::Passphrase => "behind a passphrase",
    }
}

/// Inside the write that replaces it: the key material is still as `read` before a passphrase
/// was derived (a rotation, move or passphrase change by another process meanwhile would be
/// undone, leaving the data keys wrapped with a master key stored nowhere).
async fn unchanged_since(tx: &mut store::Tx, read: &KeyMaterialRow) -> Result<()> {
    let now = key_material::get(&mut **tx).await?;
    let same = now.as_ref().is_some_and(|now| {
        now.generation == read.generation
            && now.mode == read.mode
            && now.wrapped_master_key == read.wrapped_master_key
    });
    if same {
        Ok(())
    } else {
        Err(Error::Conflict(
            "the master key was changed by another process meanwhile (rotated, moved or given a \
             new passphrase): nothing was changed; restart this process and try again"
                .into(),
        ))
    }
}
