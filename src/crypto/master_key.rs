//! The master key: 256 random bits, kept in the OS keyring or wrapped by an Argon2id key derived from
//! a passphrase. It is never written to disk in plain text.

use super::aead::{Key, open, seal};
use crate::store::key_material::{self, KeyMaterialRow};
use crate::{Error, Result};
use argon2::{Algorithm, Argon2, Params, Version};
use keyring_core::{CredentialStore, Entry};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use std::sync::Arc;
use ts_rs::TS;
use zeroize::Zeroizing;

const KEYRING_SERVICE: &str = "keystead";
const KEY_CHECK_PLAINTEXT: &[u8] = b"keystead master key check v1";
pub const MIN_PASSPHRASE_CHARS: usize = 8;

// OWASP's Argon2id recommendation: 19 MiB, 2 passes, 1 lane.
const KDF_M_COST: u32 = 19 * 1024;
const KDF_T_COST: u32 = 2;
const KDF_P_COST: u32 = 1;

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

/// Where the master key may come from. The shells fill this from the environment and the OS.
#[derive(Default, Clone)]
pub struct KeySource {
    pub keyring: Option<Arc<CredentialStore>>,
    /// Why no keyring is available, for messages.
    pub keyring_unavailable: Option<String>,
    pub passphrase: Option<SecretString>,
}

pub struct UnlockedMasterKey {
    pub key: Key,
    pub mode: KeyMode,
    /// True when this call created the master key (first start of a data dir).
    pub created: bool,
    pub description: String,
}

/// The platform's OS keyring, or why it is not reachable.
pub fn os_keyring() -> std::result::Result<Arc<CredentialStore>, String> {
    #[cfg(target_os = "linux")]
    {
        match zbus_secret_service_keyring_store::Store::new() {
            Ok(store) => Ok(store as Arc<CredentialStore>),
            Err(e) => Err(format!("Secret Service: {e}")),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        Err(
            "this build of Keystead supports the OS keyring on Linux (Secret Service) only"
                .to_owned(),
        )
    }
}

/// Whether the data dir's database already holds a master key.
pub async fn is_initialized(pool: &SqlitePool) -> Result<bool> {
    Ok(key_material::get(pool).await?.is_some())
}

/// Unlocks the master key of this database, creating one on first use.
pub async fn unlock(pool: &SqlitePool, source: &KeySource) -> Result<UnlockedMasterKey> {
    if let Some(row) = key_material::get(pool).await? {
        return open_existing(&row, source).await;
    }
    let created = create(source).await?;
    if key_material::insert(pool, &created.row).await? {
        return Ok(created.unlocked);
    }
    // Another process initialised the data dir first: drop our keyring entry and use theirs.
    if let (KeyMode::Keyring, Some(store)) = (created.unlocked.mode, &source.keyring) {
        let store = store.clone();
        let install_id = created.row.install_id.clone();
        let _ = tokio::task::spawn_blocking(move || {
            keyring_entry(&store, &install_id)?.delete_credential()
        })
        .await;
    }
    let row = key_material::get(pool)
        .await?
        .ok_or_else(|| Error::Internal("the key material vanished during initialisation".into()))?;
    open_existing(&row, source).await
}

struct Created {
    row: KeyMaterialRow,
    unlocked: UnlockedMasterKey,
}

async fn create(source: &KeySource) -> Result<Created> {
    let key = Key::generate()?;
    let install_id = uuid::Uuid::new_v4().to_string();
    let key_check = seal(&key, &key_check_aad(&install_id), KEY_CHECK_PLAINTEXT)?;
    let mut row = KeyMaterialRow {
        install_id: install_id.clone(),
        mode: String::new(),
        kdf_salt: None,
        kdf_m_cost: None,
        kdf_t_cost: None,
        kdf_p_cost: None,
        wrapped_master_key: None,
        key_check,
        created_at: crate::time::now_rfc3339(),
    };
    let mode = if let Some(passphrase) = &source.passphrase {
        if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(Error::invalid(format!(
                "the new passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters"
            )));
        }
        let mut salt = [0u8; 16];
        aws_lc_rs::rand::fill(&mut salt)
            .map_err(|_| Error::Internal("the system random generator failed".into()))?;
        let kek = derive(
            passphrase.clone(),
            salt.to_vec(),
            KDF_M_COST,
            KDF_T_COST,
            KDF_P_COST,
        )
        .await?;
        row.wrapped_master_key = Some(seal(&kek, &wrap_aad(&install_id), key.as_bytes())?);
        row.kdf_salt = Some(salt.to_vec());
        row.kdf_m_cost = Some(KDF_M_COST.into());
        row.kdf_t_cost = Some(KDF_T_COST.into());
        row.kdf_p_cost = Some(KDF_P_COST.into());
        KeyMode::Passphrase
    } else if let Some(store) = &source.keyring {
        let store = store.clone();
        let secret = Zeroizing::new(key.as_bytes().to_vec());
        let id = install_id.clone();
        let stored = tokio::task::spawn_blocking(move || -> keyring_core::Result<Vec<u8>> {
            let entry = keyring_entry(&store, &id)?;
            entry.set_secret(&secret)?;
            entry.get_secret()
        })
        .await
        .map_err(|e| Error::Internal(format!("keyring task failed: {e}")))?;
        match stored {
            Ok(read_back) if read_back.as_slice() == key.as_bytes() => KeyMode::Keyring,
            Ok(_) => {
                return Err(Error::KeyUnavailable(
                    "the OS keyring returned a different value than was stored".into(),
                ));
            }
            Err(e) => {
                return Err(no_keyring(
                    source,
                    &format!("the OS keyring refused to store the master key: {e}"),
                ));
            }
        }
    } else {
        let reason = source
            .keyring_unavailable
            .clone()
            .unwrap_or_else(|| "no OS keyring configured".into());
        return Err(no_keyring(source, &reason));
    };
    row.mode = mode_name(mode).to_owned();
    let description = describe(mode, &install_id);
    Ok(Created {
        row,
        unlocked: UnlockedMasterKey {
            key,
            mode,
            created: true,
            description,
        },
    })
}

fn no_keyring(_source: &KeySource, reason: &str) -> Error {
    Error::PassphraseRequired(format!(
        "no OS keyring is reachable ({reason}); to keep the master key wrapped by a passphrase instead, \
         set KEYSTEAD_PASSPHRASE (at least {MIN_PASSPHRASE_CHARS} characters) or enter one when asked"
    ))
}

async fn open_existing(row: &KeyMaterialRow, source: &KeySource) -> Result<UnlockedMasterKey> {
    let key = match row.mode.as_str() {
        "keyring" => {
            let Some(store) = source.keyring.clone() else {
                let reason = source
                    .keyring_unavailable
                    .clone()
                    .unwrap_or_else(|| "not configured".into());
                return Err(Error::KeyUnavailable(format!(
                    "this data dir keeps its master key in the OS keyring, which is not reachable: {reason}"
                )));
            };
            let id = row.install_id.clone();
            let fetched =
                tokio::task::spawn_blocking(move || keyring_entry(&store, &id)?.get_secret())
                    .await
                    .map_err(|e| Error::Internal(format!("keyring task failed: {e}")))?;
            let bytes = Zeroizing::new(fetched.map_err(|e| {
                Error::KeyUnavailable(format!(
                    "the OS keyring has no usable master key for this data dir (service {KEYRING_SERVICE}, \
                     account {}): {e}",
                    keyring_account(&row.install_id)
                ))
            })?);
            Key::from_slice(&bytes)?
        }
        "passphrase" => {
            let Some(passphrase) = source.passphrase.clone() else {
                return Err(Error::PassphraseRequired(
                    "this data dir's master key is protected by a passphrase: set KEYSTEAD_PASSPHRASE or enter it when asked"
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
            let cost = |v: i64| {
                u32::try_from(v).map_err(|_| Error::Integrity("bad KDF parameters".into()))
            };
            let kek = derive(passphrase, salt, cost(m)?, cost(t)?, cost(p)?).await?;
            let bytes = open(&kek, &wrap_aad(&row.install_id), wrapped)
                .map_err(|_| Error::WrongPassphrase)?;
            Key::from_slice(&bytes)?
        }
        other => {
            return Err(Error::Integrity(format!(
                "unknown master key mode {other:?}"
            )));
        }
    };
    open(&key, &key_check_aad(&row.install_id), &row.key_check).map_err(|_| {
        Error::Integrity("the master key does not match this data dir's key check: it belongs to another data dir".into())
    })?;
    let mode = if row.mode == "keyring" {
        KeyMode::Keyring
    } else {
        KeyMode::Passphrase
    };
    Ok(UnlockedMasterKey {
        key,
        mode,
        created: false,
        description: describe(mode, &row.install_id),
    })
}

async fn derive(passphrase: SecretString, salt: Vec<u8>, m: u32, t: u32, p: u32) -> Result<Key> {
    tokio::task::spawn_blocking(move || {
        let params = Params::new(m, t, p, Some(32))
            .map_err(|e| Error::Integrity(format!("bad KDF parameters: {e}")))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.expose_secret().as_bytes(), &salt, out.as_mut())
            .map_err(|e| Error::Internal(format!("deriving the key from the passphrase: {e}")))?;
        Key::from_slice(out.as_ref())
    })
    .await
    .map_err(|e| Error::Internal(format!("key derivation task failed: {e}")))?
}

fn keyring_entry(store: &Arc<CredentialStore>, install_id: &str) -> keyring_core::Result<Entry> {
    Entry::new_in_store(store, KEYRING_SERVICE, &keyring_account(install_id))
}

fn keyring_account(install_id: &str) -> String {
    format!("master-key-{install_id}")
}

fn key_check_aad(install_id: &str) -> String {
    format!("keystead/key-check/{install_id}")
}

fn wrap_aad(install_id: &str) -> String {
    format!("keystead/master-key/{install_id}")
}

fn mode_name(mode: KeyMode) -> &'static str {
    match mode {
        KeyMode::Keyring => "keyring",
        KeyMode::Passphrase => "passphrase",
    }
}

fn describe(mode: KeyMode, install_id: &str) -> String {
    match mode {
        KeyMode::Keyring => format!(
            "master key in the OS keyring (service {KEYRING_SERVICE}, account {})",
            keyring_account(install_id)
        ),
        KeyMode::Passphrase => {
            "master key wrapped by an Argon2id key derived from a passphrase (no OS keyring)"
                .to_owned()
        }
    }
}
