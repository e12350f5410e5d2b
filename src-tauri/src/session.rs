//! The unlocked core, or why it is still locked.

use std::path::PathBuf;
use std::sync::Arc;

use keystead::Error;
use keystead::api::dto::StatusDto;
use keystead::api::{self, Caller, ErrorCode, Keystead, OpenRequest, Surface, WireError};
use keystead::http::{RunningServer, ServeOptions};
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
    /// This unlock created the master key (first start): the UI offers the recovery key now.
    pub created_master_key: bool,
}

pub struct Session {
    data_dir: PathBuf,
    /// The person at the desktop: the local administrator, named after the OS user.
    pub caller: Caller,
    core: RwLock<Option<Arc<Keystead>>>,
    reason: RwLock<Option<WireError>>,
    /// The HTTP API this app serves on loopback, when switched on.
    api_server: tokio::sync::Mutex<Option<RunningServer>>,
}

/// Whether the app serves the HTTP API, and where.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ApiServerState {
    pub running: bool,
    /// `http://127.0.0.1:PORT` while running.
    pub url: Option<String>,
}

impl Session {
    pub async fn open_at_startup(data_dir: PathBuf) -> Self {
        let opened = api::open(OpenRequest::from_env(data_dir.clone())).await;
        let (core, reason) = match opened {
            Ok(core) => (Some(started(core)), None),
            // Locked is the normal state of a passphrase-protected data dir: no reason to show.
            Err(error) if error.code() == ErrorCode::PassphraseRequired => (None, None),
            Err(error) => (None, Some(error.to_wire())),
        };
        Self {
            data_dir,
            caller: Caller::local_user(Surface::Desktop),
            core: RwLock::new(core),
            reason: RwLock::new(reason),
            api_server: tokio::sync::Mutex::new(None),
        }
    }

    /// Forgets the unlocked core: unlocking needs the passphrase (or the keyring) again. The HTTP
    /// API this app serves stops first.
    pub async fn lock(&self) -> Result<UnlockState, WireError> {
        self.stop_api_server().await;
        let core = self.core.write().await.take();
        if let Some(core) = core
            && let Ok(core) = Arc::try_unwrap(core)
        {
            core.close().await;
        }
        self.state().await
    }

    pub async fn api_server_state(&self) -> ApiServerState {
        let server = self.api_server.lock().await;
        ApiServerState {
            running: server.is_some(),
            url: server.as_ref().map(RunningServer::url),
        }
    }

    /// Serves the HTTP API from this app on 127.0.0.1:`port` (0: any free port). A CLI pointed at
    /// it (`--server URL` with an API token) needs no unlock of its own and shares the token cache.
    pub async fn start_api_server(&self, port: u16) -> Result<ApiServerState, WireError> {
        let core = self.core().await?;
        let mut server = self.api_server.lock().await;
        if server.is_none() {
            let listen = std::net::SocketAddr::from(([127, 0, 0, 1], port));
            *server = Some(keystead::http::start(core, ServeOptions::new(listen)).await?);
        }
        Ok(ApiServerState {
            running: true,
            url: server.as_ref().map(RunningServer::url),
        })
    }

    pub async fn stop_api_server(&self) -> ApiServerState {
        if let Some(server) = self.api_server.lock().await.take()
            && let Err(e) = server.shutdown(std::time::Duration::from_secs(5)).await
        {
            tracing::warn!(error = %e, "stopping the app's HTTP API");
        }
        ApiServerState {
            running: false,
            url: None,
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
            None => api::is_initialized(&self.data_dir).await?,
        };
        Ok(UnlockState {
            unlocked: core.is_some(),
            initialized,
            reason: self.reason.read().await.clone(),
            created_master_key: core.as_ref().is_some_and(|core| core.created_master_key()),
            status: core.map(|core| core.status()),
        })
    }

    /// Opens the core with a passphrase (creating the master key when the data dir has none).
    pub async fn unlock(&self, passphrase: String) -> Result<UnlockState, WireError> {
        let mut core = self.core.write().await;
        if core.is_none() {
            let mut request = OpenRequest::from_env(self.data_dir.clone());
            request.passphrase = Some(SecretString::from(passphrase));
            let opened = api::open(request).await?;
            *core = Some(started(opened));
            *self.reason.write().await = None;
        }
        drop(core);
        self.state().await
    }
}

/// The unlocked core, with its housekeeping (expired KV pairs) running for as long as it lives.
fn started(core: Keystead) -> Arc<Keystead> {
    let core = Arc::new(core);
    drop(Keystead::start_maintenance(&core));
    core
}
