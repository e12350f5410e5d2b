//! Tauri commands: one-line adapters onto `keystead::api::Keystead`. Errors cross as `{code, message}`.
//! This module holds unlocking and status, tenants, namespaces, the audit log, what expires, locking
//! (and the screen-lock watch) and the app's HTTP API; secrets, credentials, access, keys and KV have
//! a module each, and secret import and export are in `crate::secret_transfer`.

pub mod access;
pub mod credentials;
pub mod keys;
pub mod kv;
pub mod secrets;

use keystead::api::WireError;
use keystead::api::dto::{
    AuditEventDto, AuditFilter, ExpiringQuery, ExpiringReport, NamespaceDeleted, NamespaceNode,
    StatusDto, TenantDto,
};
use tauri::State;

use crate::session::{ApiServerState, Session, UnlockState};

type Reply<T> = Result<T, WireError>;

#[tauri::command]
pub async fn unlock_state(session: State<'_, Session>) -> Reply<UnlockState> {
    session.state().await
}

#[tauri::command]
pub async fn unlock(session: State<'_, Session>, passphrase: String) -> Reply<UnlockState> {
    session.unlock(passphrase).await
}

#[tauri::command]
pub async fn status(session: State<'_, Session>) -> Reply<StatusDto> {
    Ok(session.core().await?.status())
}

#[tauri::command]
pub async fn tenant_list(session: State<'_, Session>) -> Reply<Vec<TenantDto>> {
    Ok(session.core().await?.tenant_list(&session.caller).await?)
}

#[tauri::command]
pub async fn tenant_create(session: State<'_, Session>, id: String) -> Reply<TenantDto> {
    Ok(session
        .core()
        .await?
        .tenant_create(&session.caller, &id)
        .await?)
}

#[tauri::command]
pub async fn namespace_create(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
) -> Reply<()> {
    Ok(session
        .core()
        .await?
        .namespace_create(&session.caller, &tenant, &namespace)
        .await?)
}

#[tauri::command]
pub async fn namespace_delete(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    recursive: bool,
) -> Reply<NamespaceDeleted> {
    Ok(session
        .core()
        .await?
        .namespace_delete(&session.caller, &tenant, &namespace, recursive)
        .await?)
}

#[tauri::command]
pub async fn namespace_tree(
    session: State<'_, Session>,
    tenant: String,
) -> Reply<Vec<NamespaceNode>> {
    Ok(session
        .core()
        .await?
        .namespace_tree(&session.caller, &tenant)
        .await?)
}

#[tauri::command]
pub async fn audit_list(
    session: State<'_, Session>,
    filter: AuditFilter,
) -> Reply<Vec<AuditEventDto>> {
    Ok(session
        .core()
        .await?
        .audit_list(&session.caller, filter)
        .await?)
}

#[tauri::command]
pub async fn expiring(session: State<'_, Session>, query: ExpiringQuery) -> Reply<ExpiringReport> {
    Ok(session
        .core()
        .await?
        .expiring(&session.caller, query)
        .await?)
}

// Locking, and serving the HTTP API from the app.

/// Forgets the unlocked core (and stops the HTTP API if the app serves it): the passphrase, or
/// the OS keyring, is needed again.
#[tauri::command]
pub async fn lock(session: State<'_, Session>) -> Reply<UnlockState> {
    session.lock().await
}

/// Hands over the channel on which the app says that it locked because the screen locked, and
/// whether it should (Settings → Locking; on by default).
#[tauri::command]
pub async fn screen_lock_watch(
    state: State<'_, crate::screen_lock::ScreenLockState>,
    enabled: bool,
    on_lock: tauri::ipc::Channel<()>,
) -> Reply<()> {
    state.configure(enabled, on_lock).await;
    Ok(())
}

/// The desktop's light or dark preference (`None` where the app does not read it and the page's
/// `prefers-color-scheme` is the OS's), and the channel on which the app tells each change.
#[tauri::command]
pub fn appearance_watch(
    state: State<'_, crate::appearance::AppearanceState>,
    on_change: tauri::ipc::Channel<crate::appearance::Appearance>,
) -> Option<crate::appearance::Appearance> {
    state.watch(on_change)
}

#[tauri::command]
pub async fn api_server_status(session: State<'_, Session>) -> Reply<ApiServerState> {
    Ok(session.api_server_state().await)
}

/// Serves the HTTP API on 127.0.0.1 (`port` 0 or absent: a free port) from this app.
#[tauri::command]
pub async fn api_server_start(
    session: State<'_, Session>,
    port: Option<u16>,
) -> Reply<ApiServerState> {
    session.start_api_server(port.unwrap_or(0)).await
}

#[tauri::command]
pub async fn api_server_stop(session: State<'_, Session>) -> Reply<ApiServerState> {
    Ok(session.stop_api_server().await)
}
