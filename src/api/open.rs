//! Opening a data dir, the same way for every shell: the OS keyring when one is reachable, else
//! the passphrase (given, or asked for by the shell when this fails with `passphrase_required`).

use super::{Keystead, OpenOptions};
use crate::Result;
use crate::crypto::{self, KeySource};
use secrecy::SecretString;
use std::path::PathBuf;

/// Environment variable holding the passphrase that wraps the master key when no keyring is used.
pub const PASSPHRASE_ENV: &str = "KEYSTEAD_PASSPHRASE";
/// `KEYSTEAD_KEYRING=off` keeps Keystead away from the OS keyring (tests, servers).
pub const KEYRING_ENV: &str = "KEYSTEAD_KEYRING";
/// A recovery key opens the data dir when the keyring entry or the passphrase is lost.
pub const RECOVERY_KEY_ENV: &str = "KEYSTEAD_RECOVERY_KEY";

/// Whether the OS keyring may hold the master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyringUse {
    /// Use it when it is reachable.
    Auto,
    /// Never touch it; the reason shows in messages.
    Off(String),
}

impl KeyringUse {
    /// `Off` when `KEYSTEAD_KEYRING=off`, else `Auto`.
    pub fn from_env() -> Self {
        if std::env::var(KEYRING_ENV).is_ok_and(|v| v == "off") {
            KeyringUse::Off(format!("disabled by {KEYRING_ENV}=off"))
        } else {
            KeyringUse::Auto
        }
    }
}

pub struct OpenRequest {
    pub data_dir: PathBuf,
    pub keyring: KeyringUse,
    pub passphrase: Option<SecretString>,
    pub recovery_key: Option<SecretString>,
}

impl OpenRequest {
    /// The data dir with the keyring choice and passphrase taken from the environment.
    pub fn from_env(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            keyring: KeyringUse::from_env(),
            passphrase: std::env::var(PASSPHRASE_ENV)
                .ok()
                .filter(|p| !p.is_empty())
                .map(SecretString::from),
            recovery_key: std::env::var(RECOVERY_KEY_ENV)
                .ok()
                .filter(|k| !k.trim().is_empty())
                .map(SecretString::from),
        }
    }
}

/// Opens (creating on first use) the data dir. Fails with `passphrase_required`,
/// `wrong_passphrase` or `key_unavailable` when the master key cannot be unlocked; nothing is
/// written then.
pub async fn open(request: OpenRequest) -> Result<Keystead> {
    let mut keys = KeySource {
        passphrase: request.passphrase,
        recovery_key: request.recovery_key,
        ..KeySource::default()
    };
    match request.keyring {
        KeyringUse::Off(reason) => keys.keyring_unavailable = Some(reason),
        // Keyring calls block (D-Bus round trips); no reachable keyring is normal on headless
        // machines, and then the passphrase takes over.
        KeyringUse::Auto => match tokio::task::spawn_blocking(crypto::os_keyring).await {
            Ok(Ok(store)) => keys.keyring = Some(store),
            Ok(Err(reason)) => keys.keyring_unavailable = Some(reason),
            Err(join_error) => {
                keys.keyring_unavailable = Some(format!("the keyring probe failed: {join_error}"))
            }
        },
    }
    Keystead::open(OpenOptions {
        data_dir: request.data_dir,
        keys,
        clock: crate::time::Clock::system(),
    })
    .await
}
