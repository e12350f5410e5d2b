//! The master key and the data keys: status, recovery, rotation.

use super::{KeyMode, MASK};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A tenant's current data key.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DataKeyInfo {
    pub tenant: String,
    pub version: u32,
    pub created_at: String,
}

/// Where the master key is kept, and when each key was made, rotated or changed.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KeyStatusDto {
    pub mode: KeyMode,
    pub description: String,
    pub created_at: String,
    /// 1 for the first master key; each rotation adds one.
    pub generation: u32,
    pub rotated_at: Option<String>,
    pub passphrase_changed_at: Option<String>,
    /// `null`: there is no recovery key (create one: it is the way back in when the keyring
    /// entry or the passphrase is lost).
    pub recovery_key_created_at: Option<String>,
    /// This session opened the data dir with the recovery key.
    pub opened_with_recovery_key: bool,
    pub data_keys: Vec<DataKeyInfo>,
}

/// A recovery key, shown once: store it offline. Keystead keeps only what it unlocks.
#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RecoveryKeyDto {
    pub recovery_key: String,
}

impl std::fmt::Debug for RecoveryKeyDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKeyDto { recovery_key: ******** }")
    }
}

/// What a master key rotation did; a replaced recovery key is shown once here.
#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KeyRotationDto {
    pub status: KeyStatusDto,
    /// The new recovery key when there was one before (the old one no longer works).
    pub recovery_key: Option<String>,
}

impl std::fmt::Debug for KeyRotationDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRotationDto")
            .field("status", &self.status)
            .field("recovery_key", &self.recovery_key.as_ref().map(|_| MASK))
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DataKeyRotationDto {
    pub tenants: u32,
    /// Values re-sealed, old versions included.
    pub values: u32,
    pub elapsed_ms: u64,
}
