//! The key lifecycle, for the administrator at this machine only (never over an API token).

use super::dto::{
    DataKeyInfo, DataKeyRotationDto, KeyMode, KeyRotationDto, KeyStatusDto, RecoveryKeyDto,
};
use super::{Caller, Keystead};
use crate::Result;
use crate::keys::{KeyLifecycle, MasterState};
use secrecy::SecretString;

impl Keystead {
    fn lifecycle<'a>(&'a self, caller: &'a Caller) -> KeyLifecycle<'a> {
        KeyLifecycle {
            pool: &self.pool,
            data_keys: &self.keys,
            actor: caller.audit_actor(),
            keyring: self.keyring.as_ref(),
        }
    }

    fn set_master_state(&self, mode: KeyMode, description: String) {
        let mut state = self.master.write().unwrap_or_else(|p| p.into_inner());
        *state = MasterState {
            mode,
            description,
            recovered: state.recovered,
        };
    }

    /// Where the master key is kept and when each key was made, rotated or changed.
    pub async fn key_status(&self, caller: &Caller) -> Result<KeyStatusDto> {
        self.authorize_local(caller, "key.status").await?;
        let lifecycle = self.lifecycle(caller);
        let row = lifecycle.material().await?;
        let (mode, description, recovered) = {
            let state = self.master.read().unwrap_or_else(|p| p.into_inner());
            (state.mode, state.description.clone(), state.recovered)
        };
        Ok(KeyStatusDto {
            mode,
            description,
            created_at: row.created_at,
            generation: u32::try_from(row.generation).unwrap_or(u32::MAX),
            rotated_at: row.rotated_at,
            passphrase_changed_at: row.passphrase_changed_at,
            recovery_key_created_at: row.recovery_created_at,
            opened_with_recovery_key: recovered,
            data_keys: lifecycle
                .data_key_dates()
                .await?
                .into_iter()
                .map(|(tenant, version, created_at)| DataKeyInfo {
                    tenant,
                    version: u32::try_from(version).unwrap_or(u32::MAX),
                    created_at,
                })
                .collect(),
        })
    }

    /// A new recovery key (an earlier one stops working). Shown once: Keystead does not keep it.
    pub async fn key_recovery_create(&self, caller: &Caller) -> Result<RecoveryKeyDto> {
        self.authorize_local(caller, "key.recovery_create").await?;
        let _serial = self.key_changes.lock().await;
        let text = self.lifecycle(caller).create_recovery().await?;
        Ok(RecoveryKeyDto {
            recovery_key: text.to_string(),
        })
    }

    /// Wraps the master key with a new passphrase (at least 12 characters).
    pub async fn key_passphrase_change(
        &self,
        caller: &Caller,
        new_passphrase: SecretString,
    ) -> Result<KeyStatusDto> {
        self.authorize_local(caller, "key.passphrase_change")
            .await?;
        let _serial = self.key_changes.lock().await;
        let description = self
            .lifecycle(caller)
            .change_passphrase(new_passphrase)
            .await?;
        self.set_master_state(KeyMode::Passphrase, description);
        drop(_serial);
        self.key_status(caller).await
    }

    /// Moves the master key into the OS keyring, or behind a passphrase.
    pub async fn key_move(
        &self,
        caller: &Caller,
        to: KeyMode,
        passphrase: Option<SecretString>,
    ) -> Result<KeyStatusDto> {
        self.authorize_local(caller, "key.move").await?;
        let _serial = self.key_changes.lock().await;
        let description = self.lifecycle(caller).move_to(to, passphrase).await?;
        self.set_master_state(to, description);
        drop(_serial);
        self.key_status(caller).await
    }

    /// A new master key, every data key re-wrapped. Passphrase mode needs the passphrase.
    pub async fn key_rotate(
        &self,
        caller: &Caller,
        passphrase: Option<SecretString>,
    ) -> Result<KeyRotationDto> {
        self.authorize_local(caller, "key.rotate").await?;
        let _serial = self.key_changes.lock().await;
        let (description, recovery) = self.lifecycle(caller).rotate_master(passphrase).await?;
        let mode = self.master.read().unwrap_or_else(|p| p.into_inner()).mode;
        self.set_master_state(mode, description);
        drop(_serial);
        Ok(KeyRotationDto {
            status: self.key_status(caller).await?,
            recovery_key: recovery.map(|text| text.to_string()),
        })
    }

    /// A new data key per tenant; every value, old versions included, re-sealed in one transaction.
    pub async fn key_rotate_data_keys(&self, caller: &Caller) -> Result<DataKeyRotationDto> {
        self.authorize_local(caller, "key.rotate_data_keys").await?;
        let _serial = self.key_changes.lock().await;
        let started = std::time::Instant::now();
        let done = self.lifecycle(caller).rotate_data_keys().await?;
        Ok(DataKeyRotationDto {
            tenants: u32::try_from(done.tenants).unwrap_or(u32::MAX),
            values: u32::try_from(done.values).unwrap_or(u32::MAX),
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        })
    }
}
