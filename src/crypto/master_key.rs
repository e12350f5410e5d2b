//! The master key: 256 random bits, kept in the OS keyring or wrapped by an Argon2id key derived from
//! a passphrase; optionally also sealed with a recovery key. It is never written to disk in plain
//! text.

use super::aead::{Key, open, seal};
use super::kdf::{self, KdfParams};
use super::{keyring, recovery};
use crate::store::key_material::{self, KeyMaterialRow};
use crate::{Error, Result};
use keyring_core::CredentialStore;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use std::sync::Arc;
use ts_rs::TS;

const KEY_CHECK_PLAINTEXT: &[u8] = b"keystead master key check v1";

/// Where the master key is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeyMode {
    /// The master key lives in the OS keyring.
    Keyring,
    /// The master key is stored wrapped by an Argon2id key derived from a passphrase.
    Passphrase,
}

impl KeyMode {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyMode::Keyring => "keyring",
            KeyMode::Passphrase => "passphrase",
        }
    }
}

/// Where the master key may come from. The shells fill this from the environment and the OS.
#[derive(Default, Clone)]
pub struct KeySource {
    pub keyring: Option<Arc<CredentialStore>>,
    /// Why no keyring is available, for messages.
    pub keyring_unavailable: Option<String>,
    pub passphrase: Option<SecretString>,
    /// Opens the data dir when the keyring entry or the passphrase is lost.
    pub recovery_key: Option<SecretString>,
}

pub struct UnlockedMasterKey {
    pub key: Key,
    pub mode: KeyMode,
    /// True when this call created the master key (first start of a data dir).
    pub created: bool,
    /// Opened with the recovery key (the keyring entry or passphrase should be set again).
    pub recovered: bool,
    pub description: String,
    /// The key material as read (the lifecycle operations start from it).
    pub row: KeyMaterialRow,
}

/// Whether the data dir's database already holds a master key.
pub async fn is_initialized(pool: &SqlitePool) -> Result<bool> {
    Ok(key_material::get(pool).await?.is_some())
}

/// Unlocks the master key of this database, creating one on first use.
pub async fn unlock(pool: &SqlitePool, source: &KeySource) -> Result<UnlockedMasterKey> {
    if let Some(row) = key_material::get(pool).await? {
        return open_existing(row, source).await;
    }
    let created = create(source).await?;
    let mut tx = crate::store::begin_write(pool).await?;
    let inserted = key_material::insert(&mut *tx, &created.row).await?;
    crate::store::commit(tx, "saving the new master key").await?;
    if inserted {
        return Ok(created);
    }
    // Another process initialised the data dir first: drop our keyring entry and use theirs.
    if let (KeyMode::Keyring, Some(store)) = (created.mode, &source.keyring) {
        keyring::remove(store.clone(), keyring::account(&created.row.install_id, 1)).await;
    }
    let row = key_material::get(pool)
        .await?
        .ok_or_else(|| Error::Internal("the key material vanished during initialisation".into()))?;
    open_existing(row, source).await
}

async fn create(source: &KeySource) -> Result<UnlockedMasterKey> {
    let key = Key::generate()?;
    let install_id = uuid::Uuid::new_v4().to_string();
    let mut row = KeyMaterialRow {
        key_check: key_check(&key, &install_id)?,
        install_id,
        mode: String::new(),
        kdf_salt: None,
        kdf_m_cost: None,
        kdf_t_cost: None,
        kdf_p_cost: None,
        wrapped_master_key: None,
        created_at: crate::time::now_rfc3339(),
        generation: 1,
        rotated_at: None,
        recovery_wrapped_key: None,
        recovery_created_at: None,
        passphrase_changed_at: None,
    };
    let mode = if let Some(passphrase) = &source.passphrase {
        kdf::check_new_passphrase(passphrase)?;
        wrap_with_passphrase(&mut row, &key, passphrase.clone()).await?;
        KeyMode::Passphrase
    } else if let Some(store) = &source.keyring {
        keyring::store(store.clone(), keyring::account(&row.install_id, 1), &key)
            .await
            .map_err(|e| match e {
                Error::KeyUnavailable(why) => no_keyring(&why),
                other => other,
            })?;
        KeyMode::Keyring
    } else {
        let reason = source
            .keyring_unavailable
            .clone()
            .unwrap_or_else(|| "no OS keyring configured".into());
        return Err(no_keyring(&reason));
    };
    row.mode = mode.as_str().to_owned();
    Ok(UnlockedMasterKey {
        description: describe(mode, &row),
        key,
        mode,
        created: true,
        recovered: false,
        row,
    })
}

/// Seals `key` with a fresh salt and the current Argon2id parameters into `row`.
pub async fn wrap_with_passphrase(
    row: &mut KeyMaterialRow,
    key: &Key,
    passphrase: SecretString,
) -> Result<()> {
    let salt = kdf::new_salt()?;
    let kek = kdf::derive(passphrase, salt.clone(), kdf::CURRENT).await?;
    row.wrapped_master_key = Some(seal(&kek, &wrap_aad(&row.install_id), key.as_bytes())?);
    row.kdf_salt = Some(salt);
    row.kdf_m_cost = Some(kdf::CURRENT.m_kib.into());
    row.kdf_t_cost = Some(kdf::CURRENT.t.into());
    row.kdf_p_cost = Some(kdf::CURRENT.p.into());
    Ok(())
}

fn no_keyring(reason: &str) -> Error {
    Error::PassphraseRequired(format!(
        "no OS keyring is reachable ({reason}); to keep the master key wrapped by a passphrase instead, \
         set KEYSTEAD_PASSPHRASE (at least {} characters) or enter one when asked",
        kdf::MIN_PASSPHRASE_CHARS
    ))
}

async fn open_existing(row: KeyMaterialRow, source: &KeySource) -> Result<UnlockedMasterKey> {
    let mode = match row.mode.as_str() {
        "keyring" => KeyMode::Keyring,
        "passphrase" => KeyMode::Passphrase,
        other => {
            return Err(Error::Integrity(format!(
                "unknown master key mode {other:?}"
            )));
        }
    };
    let (key, recovered) = match (&source.recovery_key, row.recovery_wrapped_key.as_ref()) {
        (Some(text), Some(wrapped)) => {
            let recovery = recovery::parse(secrecy::ExposeSecret::expose_secret(text))?;
            let bytes = open(&recovery, &recovery_aad(&row), wrapped).map_err(|_| {
                Error::invalid(
                    "that recovery key does not open this data dir (a newer one replaced it, or \
                     it belongs to another data dir)",
                )
            })?;
            (Key::from_slice(&bytes)?, true)
        }
        (Some(_), None) => {
            return Err(Error::invalid(
                "this data dir has no recovery key: create one with `keystead key recovery create`",
            ));
        }
        (None, _) => (unwrap(&row, mode, source).await?, false),
    };
    open(&key, &key_check_aad(&row.install_id), &row.key_check).map_err(|_| {
        Error::Integrity(
            "the master key does not match this data dir's key check: it belongs to another data dir"
                .into(),
        )
    })?;
    Ok(UnlockedMasterKey {
        description: describe(mode, &row),
        key,
        mode,
        created: false,
        recovered,
        row,
    })
}

async fn unwrap(row: &KeyMaterialRow, mode: KeyMode, source: &KeySource) -> Result<Key> {
    match mode {
        KeyMode::Keyring => {
            let Some(store) = source.keyring.clone() else {
                let reason = source
                    .keyring_unavailable
                    .clone()
                    .unwrap_or_else(|| "not configured".into());
                return Err(Error::KeyUnavailable(format!(
                    "this data dir keeps its master key in the OS keyring, which is not reachable: \
                     {reason}; a recovery key can still open it (KEYSTEAD_RECOVERY_KEY)"
                )));
            };
            keyring::load(store, keyring::account(&row.install_id, row.generation)).await
        }
        KeyMode::Passphrase => {
            let Some(passphrase) = source.passphrase.clone() else {
                return Err(Error::PassphraseRequired(
                    "this data dir's master key is protected by a passphrase: set KEYSTEAD_PASSPHRASE \
                     or enter it when asked"
                        .into(),
                ));
            };
            let (Some(salt), Some(m), Some(t), Some(p), Some(wrapped)) = (
                row.kdf_salt.clone(),
                row.kdf_m_cost,
                row.kdf_t_cost,
                row.kdf_p_cost,
                row.wrapped_master_key.as_ref(),
            ) else {
                return Err(Error::Integrity(
                    "the passphrase key material is incomplete".into(),
                ));
            };
            let kek = kdf::derive(passphrase, salt, KdfParams::stored(m, t, p)?).await?;
            let bytes = open(&kek, &wrap_aad(&row.install_id), wrapped)
                .map_err(|_| Error::WrongPassphrase)?;
            Key::from_slice(&bytes)
        }
    }
}

/// A constant sealed with the master key: tells a wrong or foreign key from a corrupt row.
pub fn key_check(key: &Key, install_id: &str) -> Result<Vec<u8>> {
    seal(key, &key_check_aad(install_id), KEY_CHECK_PLAINTEXT)
}

fn key_check_aad(install_id: &str) -> String {
    format!("keystead/key-check/{install_id}")
}

fn wrap_aad(install_id: &str) -> String {
    format!("keystead/master-key/{install_id}")
}

/// Bound to the master key generation, so an old recovery key cannot open a rotated key.
pub fn recovery_aad(row: &KeyMaterialRow) -> String {
    format!("keystead/recovery/{}/{}", row.install_id, row.generation)
}

/// Seals the master key with a new recovery key into `row`; returns the key's text (show it once).
pub fn add_recovery(row: &mut KeyMaterialRow, key: &Key) -> Result<zeroize::Zeroizing<String>> {
    let (text, recovery) = recovery::generate()?;
    row.recovery_wrapped_key = Some(seal(&recovery, &recovery_aad(row), key.as_bytes())?);
    row.recovery_created_at = Some(crate::time::now_rfc3339());
    Ok(text)
}

/// Where the master key is kept, in a sentence.
pub fn describe(mode: KeyMode, row: &KeyMaterialRow) -> String {
    match mode {
        KeyMode::Keyring => format!(
            "master key in the OS keyring (service {}, account {})",
            keyring::SERVICE,
            keyring::account(&row.install_id, row.generation)
        ),
        KeyMode::Passphrase => {
            let params = match (row.kdf_m_cost, row.kdf_t_cost, row.kdf_p_cost) {
                (Some(m), Some(t), Some(p)) => KdfParams::stored(m, t, p)
                    .map(|p| format!(" ({})", p.describe()))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            format!("master key wrapped by a key derived from a passphrase{params} (no OS keyring)")
        }
    }
}
