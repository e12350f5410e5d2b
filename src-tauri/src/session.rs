//! The unlocked core, or why it is still locked.

use std::path::PathBuf;
use std::sync::Arc;

use keystead::api::dto::StatusDto;
use keystead::api::{KeySource, Keystead, OpenOptions};
use keystead::error::{Error, ErrorCode, WireError};
use secrecy::SecretString;
use serde::Serialize;
use tokio::sync::RwLock;
use ts_rs::TS;

/// What the unlock screen needs to know.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UnlockState {
    pub unlocked: bool,
    /// Whether a master key exists for this data dir (false: the UI offers to create a passphrase).
    pub initialized: bool,
    /// Why the app is locked, when the last attempt to open failed.
    pub reason: Option<WireError>,
    pub status: Option<StatusDto>,
}

pub struct Session {
    data_dir: PathBuf,
    core: RwLock<Option<Arc<Keystead>>>,
    reason: RwLock<Option<WireError>>,
}

impl Session {
    pub async fn open_at_startup(data_dir: PathBuf) -> Self {
        let passphrase = std::env::var(keystead::api::PASSPHRASE_ENV)
            .ok()
            .map(SecretString::from);
        let opened = Keystead::open(open_options(&data_dir, passphrase).await).await;
        let (core, reason) = match opened {
            Ok(core) => (Some(Arc::new(core)), None),
            // Locked is the normal state of a passphrase-protected data dir: no reason to show.
            Err(error) if error.code() == ErrorCode::PassphraseRequired => (None, None),
            Err(error) => (None, Some(error.to_wire())),
        };
        Self {
            data_dir,
            core: RwLock::new(core),
            reason: RwLock::new(reason),
        }
    }

    /// The unlocked core, or `passphrase_required` while the app is locked.
    pub async fn core(&self) -> Result<Arc<Keystead>, WireError> {
        self.core.read().await.clone().ok_or_else(|| {
            Error::PassphraseRequired(
                "Keystead is locked: unlock it with the passphrase first".into(),
            )
            .to_wire()
        })
    }

    pub async fn state(&self) -> Result<UnlockState, WireError> {
        let core = self.core.read().await.clone();
        let initialized = match core {
            Some(_) => true,
            None => keystead::api::is_initialized(&self.data_dir)
                .await
                .map_err(|e| e.to_wire())?,
        };
        Ok(UnlockState {
            unlocked: core.is_some(),
            initialized,
            reason: self.reason.read().await.clone(),
            status: core.map(|core| core.status()),
        })
    }

    /// Opens the core with a passphrase (creating the master key when the data dir has none).
    pub async fn unlock(&self, passphrase: String) -> Result<UnlockState, WireError> {
        let mut core = self.core.write().await;
        if core.is_none() {
            let options = open_options(&self.data_dir, Some(SecretString::from(passphrase))).await;
            let opened = Keystead::open(options).await.map_err(|e| e.to_wire())?;
            *core = Some(Arc::new(opened));
            *self.reason.write().await = None;
        }
        drop(core);
        self.state().await
    }
}

async fn open_options(data_dir: &std::path::Path, passphrase: Option<SecretString>) -> OpenOptions {
    // Keyring calls block (D-Bus round trips); no reachable keyring is normal on headless machines,
    // and then the passphrase takes over.
    let keyring = tauri::async_runtime::spawn_blocking(keystead::crypto::os_keyring)
        .await
        .unwrap_or_else(|join_error| Err(format!("keyring probe failed: {join_error}")));
    let (keyring, keyring_unavailable) = match keyring {
        Ok(store) => (Some(store), None),
        Err(reason) => (None, Some(reason)),
    };
    OpenOptions {
        data_dir: data_dir.to_path_buf(),
        actor: desktop_actor(),
        keys: KeySource {
            keyring,
            keyring_unavailable,
            passphrase,
        },
    }
}

/// The audit log's actor for the person at the desktop.
fn desktop_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "local".into());
    format!("desktop:{user}")
}
