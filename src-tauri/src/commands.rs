//! Tauri commands: one-line adapters onto `keystead::api::Keystead`. Errors cross as `{code, message}`.

use keystead::api::dto::{
    AuditEventDto, AuditFilter, CredentialCopyRequest, CredentialDto, CredentialListRequest,
    NamespaceNode, SecretListItem, SecretMeta, SecretSetRequest, SecretVersionDto, SecretView,
    StatusDto, TenantDto,
};
use keystead::credentials::definition::CredentialDefinition;
use keystead::credentials::mint::{Discovery, TestResult};
use keystead::credentials::types::{CredentialType, CustomTypeDefinition};
use keystead::error::WireError;
use secrecy::SecretString;
use tauri::State;

use crate::clipboard::{ClipboardState, CopyReceipt};
use crate::session::{Session, UnlockState};

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
    session
        .core()
        .await?
        .tenant_list()
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn namespace_create(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
) -> Reply<()> {
    session
        .core()
        .await?
        .namespace_create(&tenant, &namespace)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn namespace_tree(
    session: State<'_, Session>,
    tenant: String,
) -> Reply<Vec<NamespaceNode>> {
    session
        .core()
        .await?
        .namespace_tree(&tenant)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn secret_set(session: State<'_, Session>, req: SecretSetRequest) -> Reply<SecretMeta> {
    session
        .core()
        .await?
        .secret_set(req)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn secret_get(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
    reveal: bool,
) -> Reply<SecretView> {
    session
        .core()
        .await?
        .secret_get(&tenant, &namespace, &key, reveal)
        .await
        .map_err(|e| e.to_wire())
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
        .secret_get(&tenant, &namespace, &key, true)
        .await
        .map_err(|e| e.to_wire())?;
    clipboard.copy(SecretString::from(view.value)).await
}

#[tauri::command]
pub async fn secret_list(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    effective: bool,
) -> Reply<Vec<SecretListItem>> {
    session
        .core()
        .await?
        .secret_list(&tenant, &namespace, effective)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn secret_delete(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
) -> Reply<()> {
    session
        .core()
        .await?
        .secret_delete(&tenant, &namespace, &key)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn secret_set_read_only(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
    read_only: bool,
) -> Reply<SecretMeta> {
    session
        .core()
        .await?
        .secret_set_read_only(&tenant, &namespace, &key, read_only)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn secret_versions(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
) -> Reply<Vec<SecretVersionDto>> {
    session
        .core()
        .await?
        .secret_versions(&tenant, &namespace, &key)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn secret_restore(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
    version: u32,
) -> Reply<SecretMeta> {
    session
        .core()
        .await?
        .secret_restore(&tenant, &namespace, &key, version)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn audit_list(
    session: State<'_, Session>,
    filter: AuditFilter,
) -> Reply<Vec<AuditEventDto>> {
    session
        .core()
        .await?
        .audit_list(filter)
        .await
        .map_err(|e| e.to_wire())
}

// Credentials. `credential_token` is deliberately not exposed: the UI never needs a full token.

#[tauri::command]
pub async fn credential_types(
    session: State<'_, Session>,
    tenant: String,
) -> Reply<Vec<CredentialType>> {
    session
        .core()
        .await?
        .credential_types(&tenant)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_type(
    session: State<'_, Session>,
    tenant: String,
    id: String,
) -> Reply<CredentialType> {
    session
        .core()
        .await?
        .credential_type(&tenant, &id)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_type_create(
    session: State<'_, Session>,
    tenant: String,
    def: CustomTypeDefinition,
) -> Reply<CredentialType> {
    session
        .core()
        .await?
        .credential_type_create(&tenant, def)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_apply(
    session: State<'_, Session>,
    tenant: String,
    def: CredentialDefinition,
) -> Reply<CredentialDto> {
    session
        .core()
        .await?
        .credential_apply(&tenant, def)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_list(
    session: State<'_, Session>,
    req: CredentialListRequest,
) -> Reply<Vec<CredentialDto>> {
    session
        .core()
        .await?
        .credential_list(req)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_show(
    session: State<'_, Session>,
    tenant: String,
    namespace: Option<String>,
    name: String,
) -> Reply<CredentialDto> {
    session
        .core()
        .await?
        .credential_show(&tenant, namespace.as_deref(), &name)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_delete(
    session: State<'_, Session>,
    tenant: String,
    namespace: Option<String>,
    name: String,
) -> Reply<()> {
    session
        .core()
        .await?
        .credential_delete(&tenant, namespace.as_deref(), &name)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_copy(
    session: State<'_, Session>,
    req: CredentialCopyRequest,
) -> Reply<CredentialDto> {
    session
        .core()
        .await?
        .credential_copy(req)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_test(
    session: State<'_, Session>,
    tenant: String,
    namespace: Option<String>,
    name: String,
) -> Reply<TestResult> {
    session
        .core()
        .await?
        .credential_test(&tenant, namespace.as_deref(), &name)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_test_definition(
    session: State<'_, Session>,
    tenant: String,
    def: CredentialDefinition,
) -> Reply<TestResult> {
    session
        .core()
        .await?
        .credential_test_definition(&tenant, def)
        .await
        .map_err(|e| e.to_wire())
}

#[tauri::command]
pub async fn credential_discover(session: State<'_, Session>, issuer: String) -> Reply<Discovery> {
    session
        .core()
        .await?
        .credential_discover(&issuer)
        .await
        .map_err(|e| e.to_wire())
}
