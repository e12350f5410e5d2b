//! The OS keyring: Secret Service on Linux, the Keychain on macOS, the Credential Manager on
//! Windows (keyring-core stores, so tests inject the mock store). Calls block: run them on a
//! blocking thread.

use super::aead::Key;
use crate::{Error, Result};
use keyring_core::{CredentialStore, Entry};
use std::sync::Arc;
use zeroize::Zeroizing;

pub const SERVICE: &str = "keystead";

/// This platform's OS keyring, or why it is not reachable.
pub fn os_keyring() -> std::result::Result<Arc<CredentialStore>, String> {
    #[cfg(target_os = "linux")]
    {
        zbus_secret_service_keyring_store::Store::new()
            .map(|store| store as Arc<CredentialStore>)
            .map_err(|e| format!("Secret Service: {e}"))
    }
    #[cfg(target_os = "macos")]
    {
        apple_native_keyring_store::keychain::Store::new()
            .map(|store| store as Arc<CredentialStore>)
            .map_err(|e| format!("macOS Keychain: {e}"))
    }
    #[cfg(target_os = "windows")]
    {
        windows_native_keyring_store::Store::new()
            .map(|store| store as Arc<CredentialStore>)
            .map_err(|e| format!("Windows Credential Manager: {e}"))
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
    {
        Err("this platform has no OS keyring Keystead can use".to_owned())
    }
}

/// The account a master key generation is stored under.
pub fn account(install_id: &str, generation: i64) -> String {
    if generation <= 1 {
        format!("master-key-{install_id}")
    } else {
        format!("master-key-{install_id}-{generation}")
    }
}

fn entry(store: &Arc<CredentialStore>, account: &str) -> keyring_core::Result<Entry> {
    Entry::new_in_store(store, SERVICE, account)
}

/// Stores `key` and reads it back; any difference is an error.
pub async fn store(store: Arc<CredentialStore>, account: String, key: &Key) -> Result<()> {
    let secret = Zeroizing::new(key.as_bytes().to_vec());
    let stored =
        tokio::task::spawn_blocking(move || -> keyring_core::Result<Zeroizing<Vec<u8>>> {
            let entry = entry(&store, &account)?;
            entry.set_secret(&secret)?;
            entry.get_secret().map(Zeroizing::new)
        })
        .await
        .map_err(|e| Error::Internal(format!("keyring task failed: {e}")))?;
    match stored {
        Ok(read_back) if read_back.as_slice() == key.as_bytes() => Ok(()),
        Ok(_) => Err(Error::KeyUnavailable(
            "the OS keyring returned a different value than was stored".into(),
        )),
        Err(e) => Err(Error::KeyUnavailable(format!(
            "the OS keyring refused to store the master key: {e}"
        ))),
    }
}

pub async fn load(store: Arc<CredentialStore>, account: String) -> Result<Key> {
    let shown = account.clone();
    let fetched = tokio::task::spawn_blocking(move || entry(&store, &account)?.get_secret())
        .await
        .map_err(|e| Error::Internal(format!("keyring task failed: {e}")))?;
    let bytes = Zeroizing::new(fetched.map_err(|e| {
        Error::KeyUnavailable(format!(
            "the OS keyring has no usable master key for this data dir (service {SERVICE}, \
             account {shown}): {e}; a recovery key can still open it (KEYSTEAD_RECOVERY_KEY)"
        ))
    })?);
    Key::from_slice(&bytes)
}

/// Removes an entry; a missing one is fine (best effort: a leftover entry only wastes space).
pub async fn remove(store: Arc<CredentialStore>, account: String) {
    let removed =
        tokio::task::spawn_blocking(move || entry(&store, &account)?.delete_credential()).await;
    if let Ok(Err(e)) = removed
        && !matches!(e, keyring_core::Error::NoEntry)
    {
        tracing::warn!(error = %e, "could not remove an old master key from the OS keyring");
    }
}
