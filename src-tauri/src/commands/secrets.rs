//! Secrets: set, read, copy to the clipboard, list, delete, the read-only flag, versions and restore,
//! and copying the reference a credential uses. Import and export are in `secret_transfer.rs`.

use keystead::api::dto::{
    SecretListItem, SecretMeta, SecretSetRequest, SecretVersionDto, SecretView,
};
use secrecy::SecretString;
use tauri::State;

use crate::clipboard::{ClipboardState, CopyReceipt};
use crate::session::Session;

use super::Reply;

#[tauri::command]
pub async fn secret_set(session: State<'_, Session>, req: SecretSetRequest) -> Reply<SecretMeta> {
    Ok(session
        .core()
        .await?
        .secret_set(&session.caller, req)
        .await?)
}

#[tauri::command]
pub async fn secret_get(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
    reveal: bool,
) -> Reply<SecretView> {
    Ok(session
        .core()
        .await?
        .secret_get(&session.caller, &tenant, &namespace, &key, reveal)
        .await?)
}

/// Reveals the value through the core (audited as a reveal) and writes it to the OS clipboard from
/// Rust; the clipboard is cleared after a delay if it still holds the value. The value never goes
/// back to the UI: only the receipt does.
#[tauri::command]
pub async fn secret_copy(
    session: State<'_, Session>,
    clipboard: State<'_, ClipboardState>,
    tenant: String,
    namespace: String,
    key: String,
) -> Reply<CopyReceipt> {
    let view = session
        .core()
        .await?
        .secret_get(&session.caller, &tenant, &namespace, &key, true)
        .await?;
    clipboard.copy(SecretString::from(view.value)).await
}

#[tauri::command]
pub async fn secret_list(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    effective: bool,
) -> Reply<Vec<SecretListItem>> {
    Ok(session
        .core()
        .await?
        .secret_list(&session.caller, &tenant, &namespace, effective)
        .await?)
}

#[tauri::command]
pub async fn secret_delete(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
) -> Reply<()> {
    Ok(session
        .core()
        .await?
        .secret_delete(&session.caller, &tenant, &namespace, &key)
        .await?)
}

#[tauri::command]
pub async fn secret_set_read_only(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
    read_only: bool,
) -> Reply<SecretMeta> {
    Ok(session
        .core()
        .await?
        .secret_set_read_only(&session.caller, &tenant, &namespace, &key, read_only)
        .await?)
}

#[tauri::command]
pub async fn secret_versions(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
) -> Reply<Vec<SecretVersionDto>> {
    Ok(session
        .core()
        .await?
        .secret_versions(&session.caller, &tenant, &namespace, &key)
        .await?)
}

#[tauri::command]
pub async fn secret_restore(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
    version: u32,
) -> Reply<SecretMeta> {
    Ok(session
        .core()
        .await?
        .secret_restore(&session.caller, &tenant, &namespace, &key, version)
        .await?)
}

/// Copies the reference `{{ secret('KEY') }}` that credentials use, not the value: nothing is read
/// from the core, and the clipboard is not cleared later (a reference is not sensitive).
#[tauri::command]
pub async fn secret_reference_copy(clipboard: State<'_, ClipboardState>, key: String) -> Reply<()> {
    let reference = keystead::api::secret_reference(&key)?;
    clipboard.copy_text(reference).await
}
