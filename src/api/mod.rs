//! THE command surface: one async fn per user action. The CLI, the HTTP API and the desktop app are
//! thin shells over [`Keystead`]: they parse, call one method, and map the error.

mod audit;
mod credential_types;
mod credential_use;
mod credentials;
pub mod dto;
mod namespaces;
mod secrets;

use crate::crypto::{self, DataKeys};
use crate::model::TenantId;
use crate::store;
use crate::{Error, Result};
use dto::{KeyMode, StatusDto, TenantDto};
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};

pub use crate::crypto::KeySource;

/// Environment variable that overrides the data dir.
pub const DATA_DIR_ENV: &str = "KEYSTEAD_DATA_DIR";
/// Environment variable holding the passphrase that wraps the master key when no keyring is used.
pub const PASSPHRASE_ENV: &str = "KEYSTEAD_PASSPHRASE";

pub struct OpenOptions {
    pub data_dir: PathBuf,
    /// Who performs the actions, as written to the audit log (e.g. `local-admin`, `cli:alice`).
    pub actor: String,
    pub keys: KeySource,
}

/// An unlocked Keystead data dir.
pub struct Keystead {
    pool: SqlitePool,
    keys: DataKeys,
    actor: String,
    data_dir: PathBuf,
    key_mode: KeyMode,
    key_mode_description: String,
    created_master_key: bool,
    http: crate::credentials::mint::HttpClient,
    tokens: crate::credentials::cache::TokenCache,
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
    /// Opens the data dir, migrates it, unlocks (or creates) the master key and ensures the default
    /// tenant exists. Fails with `passphrase_required`, `wrong_passphrase` or `key_unavailable` when
    /// the master key cannot be unlocked; nothing is written then.
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
            keys: DataKeys::new(master.key),
            pool,
            actor: options.actor,
            data_dir: options.data_dir,
            key_mode: master.mode,
            key_mode_description: master.description,
            created_master_key: master.created,
            http: crate::credentials::mint::HttpClient::new()?,
            tokens: crate::credentials::cache::TokenCache::new(),
        };
        keystead.ensure_tenant(&TenantId::default_tenant()).await?;
        Ok(keystead)
    }

    /// True when this open created the master key (the shells tell the user where it is kept).
    pub fn created_master_key(&self) -> bool {
        self.created_master_key
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn status(&self) -> StatusDto {
        StatusDto {
            data_dir: self.data_dir.display().to_string(),
            database: self
                .data_dir
                .join(store::DATABASE_FILE)
                .display()
                .to_string(),
            key_mode: self.key_mode,
            key_mode_description: self.key_mode_description.clone(),
            default_tenant: TenantId::DEFAULT.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    pub async fn close(self) {
        self.pool.close().await;
    }

    async fn ensure_tenant(&self, tenant: &TenantId) -> Result<bool> {
        let created =
            store::tenants::ensure(&self.pool, tenant.as_str(), &crate::time::now_rfc3339())
                .await?;
        self.keys.ensure(&self.pool, tenant.as_str()).await?;
        Ok(created)
    }

    /// Parses a tenant id and checks that it exists.
    async fn tenant(&self, raw: &str) -> Result<TenantId> {
        let tenant = TenantId::parse(raw)?;
        if store::tenants::get(&self.pool, tenant.as_str())
            .await?
            .is_none()
        {
            return Err(Error::NotFound(format!(
                "no tenant {tenant}: create it with `keystead tenant create {tenant}`"
            )));
        }
        Ok(tenant)
    }

    pub async fn tenant_create(&self, id: &str) -> Result<TenantDto> {
        let tenant = TenantId::parse(id)?;
        if !self.ensure_tenant(&tenant).await? {
            return Err(Error::Conflict(format!("tenant {tenant} already exists")));
        }
        crate::audit::record(
            &self.pool,
            tenant.as_str(),
            &self.actor,
            "tenant.create",
            crate::audit::Target {
                kind: "tenant",
                namespace: None,
                name: tenant.as_str(),
            },
            "",
        )
        .await?;
        let row = store::tenants::get(&self.pool, tenant.as_str())
            .await?
            .ok_or_else(|| Error::Internal("the new tenant vanished".into()))?;
        Ok(TenantDto {
            id: row.id,
            created_at: row.created_at,
        })
    }

    pub async fn tenant_list(&self) -> Result<Vec<TenantDto>> {
        Ok(store::tenants::list(&self.pool)
            .await?
            .into_iter()
            .map(|row| TenantDto {
                id: row.id,
                created_at: row.created_at,
            })
            .collect())
    }

    fn secrets(&self) -> crate::secrets::Secrets<'_> {
        crate::secrets::Secrets {
            pool: &self.pool,
            keys: &self.keys,
            actor: &self.actor,
        }
    }
}
