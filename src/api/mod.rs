//! THE command surface: one async fn per user action. The CLI, the HTTP API and the desktop app are
//! thin shells over [`Keystead`]: they parse, call one method for a [`Caller`], and map the error.
//!
//! Each method parses its request, (with roles) authorizes the caller, calls one domain function
//! (which owns its lookups, transaction and audit row) and maps the result to a wire type in
//! [`dto`]. Shells import this module and [`crate::Error`], nothing deeper.

mod access;
mod audit;
mod authorize;
mod caller;
mod credential_types;
mod credential_use;
mod credentials;
pub mod dto;
mod expiring;
mod keys;
mod kv;
mod namespaces;
mod open;
mod secrets;
mod tenants;

pub use crate::crypto::KeySource;
pub use crate::error::{Error, ErrorCode, Result, WireError};
pub use caller::{Caller, Surface};
pub use open::{KEYRING_ENV, KeyringUse, OpenRequest, PASSPHRASE_ENV, RECOVERY_KEY_ENV, open};

/// Whether `text` has the shape of a Keystead recovery key (checked before it is put anywhere).
pub fn is_recovery_key(text: &str) -> bool {
    crypto::recovery::parse(text).is_ok()
}

/// The reference a credential input uses for the secret `key`: `{{ secret('KEY') }}`.
pub fn secret_reference(key: &str) -> Result<String> {
    let key = crate::model::SecretKey::parse(key)?;
    Ok(format!("{{{{ secret('{key}') }}}}"))
}

use crate::access::{ApiTokens, Principals};
use crate::audit::Actor;
use crate::cache::Caches;
use crate::credentials::cache::TokenCache;
use crate::credentials::mint::HttpClient;
use crate::credentials::{CredentialTypes, CredentialUse, Credentials};
use crate::crypto::{self, DataKeys};
use crate::keys::MasterState;
use crate::kv::Kv;
use crate::model::{NamespaceId, Scope, TenantId};
use crate::namespaces::Namespaces;
use crate::secrets::Secrets;
use crate::store;
use crate::tenants::Tenants;
use crate::time::Clock;
use dto::StatusDto;
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};

/// Environment variable that overrides the data dir.
pub const DATA_DIR_ENV: &str = "KEYSTEAD_DATA_DIR";

/// The max age of an API token whose request does not say (the CLI's `--max-age` default, and
/// the HTTP API's when the field is absent). A token that never expires is asked for explicitly.
pub const DEFAULT_TOKEN_MAX_AGE: &str = "P30D";

pub struct OpenOptions {
    pub data_dir: PathBuf,
    pub keys: KeySource,
    /// What token and KV expiry is decided against (tests use a manual clock).
    pub clock: Clock,
}

/// An unlocked Keystead data dir. One value serves many callers at once.
pub struct Keystead {
    pool: SqlitePool,
    keys: DataKeys,
    data_dir: PathBuf,
    master: std::sync::RwLock<MasterState>,
    /// The OS keyring this process reached (moving the key there, rotating it there).
    keyring: Option<std::sync::Arc<keyring_core::CredentialStore>>,
    /// One key lifecycle change at a time in this process (the database serialises processes).
    key_changes: tokio::sync::Mutex<()>,
    created_master_key: bool,
    http: HttpClient,
    tokens: TokenCache,
    caches: Caches,
    clock: Clock,
}

/// `KEYSTEAD_DATA_DIR` if set, else the platform's app-data dir (`~/.local/share/keystead` on Linux).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("dev", "keystead", "keystead")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".keystead"))
}

/// Whether this data dir already has a master key (false: the first open will create one).
pub async fn is_initialized(data_dir: &Path) -> Result<bool> {
    let pool = store::open(data_dir).await?;
    let initialized = crypto::is_initialized(&pool).await;
    pool.close().await;
    initialized
}

impl Keystead {
    /// Opens the data dir with the given key source (shells use [`open`], which probes the OS
    /// keyring). Migrates it, unlocks (or creates) the master key and ensures the default tenant.
    pub async fn open(options: OpenOptions) -> Result<Self> {
        let pool = store::open(&options.data_dir).await?;
        let master = match crypto::unlock(&pool, &options.keys).await {
            Ok(master) => master,
            Err(e) => {
                pool.close().await;
                return Err(e);
            }
        };
        let keystead = Self {
            keys: DataKeys::new(master.key, master.row.generation),
            caches: Caches::new(&pool),
            pool,
            data_dir: options.data_dir,
            master: std::sync::RwLock::new(MasterState {
                mode: master.mode,
                description: master.description,
                recovered: master.recovered,
            }),
            keyring: options.keys.keyring.clone(),
            key_changes: tokio::sync::Mutex::new(()),
            created_master_key: master.created,
            http: HttpClient::new()?,
            tokens: TokenCache::new(),
            clock: options.clock,
        };
        Tenants {
            pool: &keystead.pool,
            caches: &keystead.caches,
            keys: &keystead.keys,
            actor: &Actor::named("keystead"),
        }
        .ensure_default()
        .await?;
        Ok(keystead)
    }

    /// True when the recovery key opened the data dir (the shells say what to do next).
    pub fn opened_with_recovery_key(&self) -> bool {
        self.master
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .recovered
    }

    /// True when this open created the master key (the shells tell the user where it is kept).
    pub fn created_master_key(&self) -> bool {
        self.created_master_key
    }

    /// The database, for tests and maintenance tools (shells go through the methods).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn status(&self) -> StatusDto {
        let (key_mode, key_mode_description) = {
            let state = self.master.read().unwrap_or_else(|p| p.into_inner());
            (state.mode, state.description.clone())
        };
        StatusDto {
            data_dir: self.data_dir.display().to_string(),
            database: self
                .data_dir
                .join(store::DATABASE_FILE)
                .display()
                .to_string(),
            key_mode,
            key_mode_description,
            default_tenant: TenantId::DEFAULT.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    pub async fn close(self) {
        self.pool.close().await;
    }

    // The domain, as seen by one caller.

    fn tenants<'a>(&'a self, caller: &'a Caller) -> Tenants<'a> {
        Tenants {
            pool: &self.pool,
            caches: &self.caches,
            keys: &self.keys,
            actor: caller.audit_actor(),
        }
    }

    fn namespaces<'a>(&'a self, caller: &'a Caller) -> Namespaces<'a> {
        Namespaces {
            pool: &self.pool,
            actor: caller.audit_actor(),
            tokens: &self.tokens,
        }
    }

    fn secrets<'a>(&'a self, caller: &'a Caller) -> Secrets<'a> {
        Secrets {
            pool: &self.pool,
            caches: &self.caches,
            keys: &self.keys,
            actor: caller.audit_actor(),
        }
    }

    fn credentials<'a>(&'a self, caller: &'a Caller) -> Credentials<'a> {
        Credentials {
            pool: &self.pool,
            caches: &self.caches,
            actor: caller.audit_actor(),
            tokens: &self.tokens,
        }
    }

    fn credential_types_of<'a>(&'a self, caller: &'a Caller) -> CredentialTypes<'a> {
        CredentialTypes {
            pool: &self.pool,
            actor: caller.audit_actor(),
        }
    }

    fn credential_use<'a>(&'a self, caller: &'a Caller) -> CredentialUse<'a> {
        CredentialUse {
            pool: &self.pool,
            caches: &self.caches,
            keys: &self.keys,
            actor: caller.audit_actor(),
            http: &self.http,
            tokens: &self.tokens,
        }
    }

    fn kv<'a>(&'a self, caller: &'a Caller) -> Kv<'a> {
        Kv {
            pool: &self.pool,
            actor: caller.audit_actor(),
            clock: &self.clock,
        }
    }

    /// Runs housekeeping (purging expired KV pairs) every minute for as long as `keystead` lives.
    /// Long-running shells call it once: `keystead serve` and the desktop app.
    pub fn start_maintenance(keystead: &std::sync::Arc<Keystead>) -> tokio::task::JoinHandle<()> {
        Self::start_maintenance_every(keystead, std::time::Duration::from_secs(60))
    }

    /// [`Keystead::start_maintenance`] with another period (tests).
    pub fn start_maintenance_every(
        keystead: &std::sync::Arc<Keystead>,
        period: std::time::Duration,
    ) -> tokio::task::JoinHandle<()> {
        let keystead = std::sync::Arc::downgrade(keystead);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(period);
            loop {
                every.tick().await;
                let Some(keystead) = keystead.upgrade() else {
                    return;
                };
                if let Err(e) = keystead.purge_expired().await {
                    tracing::warn!(error = %e, "housekeeping failed");
                }
            }
        })
    }

    fn principals<'a>(&'a self, caller: &'a Caller) -> Principals<'a> {
        Principals {
            pool: &self.pool,
            actor: caller.audit_actor(),
        }
    }

    fn api_tokens<'a>(&'a self, caller: &'a Caller) -> ApiTokens<'a> {
        ApiTokens {
            pool: &self.pool,
            caches: &self.caches,
            actor: caller.audit_actor(),
            clock: &self.clock,
        }
    }

    /// Parses a tenant id and checks that the tenant exists and that a token caller belongs to it.
    async fn tenant(&self, caller: &Caller, raw: &str) -> Result<TenantId> {
        let tenant = self.tenants(caller).require(raw).await?;
        if let Some(own) = caller.tenant()
            && own != &tenant
        {
            return Err(Error::Forbidden(format!(
                "{} belongs to tenant {own}: its token cannot act in tenant {tenant}",
                caller.actor()
            )));
        }
        Ok(tenant)
    }
}

/// A namespace given as text; absent or empty means tenant level.
fn parse_scope(raw: Option<&str>) -> Result<Scope> {
    Ok(Scope::from_namespace(
        raw.filter(|s| !s.is_empty())
            .map(NamespaceId::parse)
            .transpose()?,
    ))
}
