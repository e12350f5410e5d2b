//! The key lifecycle (the desktop is the administrator at the machine): recovery key, passphrase,
//! key mode, master-key and data-key rotation.

use keystead::api::dto::{
    DataKeyRotationDto, KeyMode, KeyRotationDto, KeyStatusDto, RecoveryKeyDto,
};
use secrecy::SecretString;
use tauri::State;

use crate::clipboard::{ClipboardState, CopyReceipt};
use crate::session::Session;

use super::Reply;

/// Puts a just-created recovery key on the OS clipboard (cleared after the delay if unchanged),
/// so it can go into a password manager. Only text that parses as a Keystead recovery key is
/// accepted: this is not a general clipboard writer either.
#[tauri::command]
pub async fn recovery_key_copy(
    clipboard: State<'_, ClipboardState>,
    recovery_key: String,
) -> Reply<CopyReceipt> {
    if !keystead::api::is_recovery_key(&recovery_key) {
        return Err(
            keystead::Error::invalid("only a Keystead recovery key can be copied here").into(),
        );
    }
    clipboard.copy(SecretString::from(recovery_key)).await
}

#[tauri::command]
pub async fn key_status(session: State<'_, Session>) -> Reply<KeyStatusDto> {
    Ok(session.core().await?.key_status(&session.caller).await?)
}

/// The recovery key is shown once in the UI, which is why it crosses to it at all.
#[tauri::command]
pub async fn key_recovery_create(session: State<'_, Session>) -> Reply<RecoveryKeyDto> {
    Ok(session
        .core()
        .await?
        .key_recovery_create(&session.caller)
        .await?)
}

#[tauri::command]
pub async fn key_passphrase_change(
    session: State<'_, Session>,
    new_passphrase: String,
) -> Reply<KeyStatusDto> {
    Ok(session
        .core()
        .await?
        .key_passphrase_change(&session.caller, SecretString::from(new_passphrase))
        .await?)
}

#[tauri::command]
pub async fn key_move(
    session: State<'_, Session>,
    to: KeyMode,
    passphrase: Option<String>,
) -> Reply<KeyStatusDto> {
    Ok(session
        .core()
        .await?
        .key_move(&session.caller, to, passphrase.map(SecretString::from))
        .await?)
}

#[tauri::command]
pub async fn key_rotate(
    session: State<'_, Session>,
    passphrase: Option<String>,
) -> Reply<KeyRotationDto> {
    Ok(session
        .core()
        .await?
        .key_rotate(&session.caller, passphrase.map(SecretString::from))
        .await?)
}

#[tauri::command]
pub async fn key_rotate_data_keys(session: State<'_, Session>) -> Reply<DataKeyRotationDto> {
    Ok(session
        .core()
        .await?
        .key_rotate_data_keys(&session.caller)
        .await?)
}
