//! Tauri commands: one-line adapters onto `keystead::api::Keystead`. Errors cross as `{code, message}`.

use keystead::api::WireError;
use keystead::api::dto::{
    ApiTokenDto, AuditEventDto, AuditFilter, CallerInfo, CreatedToken, CredentialCopyRequest,
    CredentialDefinition, CredentialDto, CredentialListRequest, CredentialType,
    CustomTypeDefinition, DataKeyRotationDto, Discovery, ExpiringQuery, ExpiringReport, KeyMode,
    KeyRotationDto, KeyStatusDto, KvDto, KvListItem, KvListRequest, KvSetRequest, NamespaceDeleted,
    NamespaceNode, PrincipalCreateRequest, PrincipalDetail, PrincipalDto, RecoveryKeyDto,
    RoleBindingDto, RoleChangeRequest, RoleListRequest, SecretListItem, SecretMeta,
    SecretSetRequest, SecretVersionDto, SecretView, StatusDto, TenantDto, TestResult,
    TokenCreateRequest, TokenRotateRequest,
};
use secrecy::SecretString;
use tauri::State;

use crate::clipboard::{ClipboardState, CopyReceipt};
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

// Credentials. `credential_token` is deliberately not exposed: the UI never needs a full token.

#[tauri::command]
pub async fn credential_types(
    session: State<'_, Session>,
    tenant: String,
) -> Reply<Vec<CredentialType>> {
    Ok(session
        .core()
        .await?
        .credential_types(&session.caller, &tenant)
        .await?)
}

#[tauri::command]
pub async fn credential_type(
    session: State<'_, Session>,
    tenant: String,
    id: String,
) -> Reply<CredentialType> {
    Ok(session
        .core()
        .await?
        .credential_type(&session.caller, &tenant, &id)
        .await?)
}

#[tauri::command]
pub async fn credential_type_create(
    session: State<'_, Session>,
    tenant: String,
    def: CustomTypeDefinition,
) -> Reply<CredentialType> {
    Ok(session
        .core()
        .await?
        .credential_type_create(&session.caller, &tenant, def)
        .await?)
}

#[tauri::command]
pub async fn credential_type_update(
    session: State<'_, Session>,
    tenant: String,
    id: String,
    def: CustomTypeDefinition,
) -> Reply<CredentialType> {
    Ok(session
        .core()
        .await?
        .credential_type_update(&session.caller, &tenant, &id, def)
        .await?)
}

#[tauri::command]
pub async fn credential_type_delete(
    session: State<'_, Session>,
    tenant: String,
    id: String,
) -> Reply<()> {
    Ok(session
        .core()
        .await?
        .credential_type_delete(&session.caller, &tenant, &id)
        .await?)
}

#[tauri::command]
pub async fn credential_apply(
    session: State<'_, Session>,
    tenant: String,
    def: CredentialDefinition,
) -> Reply<CredentialDto> {
    Ok(session
        .core()
        .await?
        .credential_apply(&session.caller, &tenant, def)
        .await?)
}

#[tauri::command]
pub async fn credential_list(
    session: State<'_, Session>,
    req: CredentialListRequest,
) -> Reply<Vec<CredentialDto>> {
    Ok(session
        .core()
        .await?
        .credential_list(&session.caller, req)
        .await?)
}

#[tauri::command]
pub async fn credential_show(
    session: State<'_, Session>,
    tenant: String,
    namespace: Option<String>,
    name: String,
) -> Reply<CredentialDto> {
    Ok(session
        .core()
        .await?
        .credential_show(&session.caller, &tenant, namespace.as_deref(), &name)
        .await?)
}

#[tauri::command]
pub async fn credential_delete(
    session: State<'_, Session>,
    tenant: String,
    namespace: Option<String>,
    name: String,
) -> Reply<()> {
    Ok(session
        .core()
        .await?
        .credential_delete(&session.caller, &tenant, namespace.as_deref(), &name)
        .await?)
}

#[tauri::command]
pub async fn credential_copy(
    session: State<'_, Session>,
    req: CredentialCopyRequest,
) -> Reply<CredentialDto> {
    Ok(session
        .core()
        .await?
        .credential_copy(&session.caller, req)
        .await?)
}

#[tauri::command]
pub async fn credential_test(
    session: State<'_, Session>,
    tenant: String,
    namespace: Option<String>,
    name: String,
) -> Reply<TestResult> {
    Ok(session
        .core()
        .await?
        .credential_test(&session.caller, &tenant, namespace.as_deref(), &name)
        .await?)
}

#[tauri::command]
pub async fn credential_test_definition(
    session: State<'_, Session>,
    tenant: String,
    def: CredentialDefinition,
) -> Reply<TestResult> {
    Ok(session
        .core()
        .await?
        .credential_test_definition(&session.caller, &tenant, def)
        .await?)
}

#[tauri::command]
pub async fn credential_discover(
    session: State<'_, Session>,
    tenant: String,
    issuer: String,
) -> Reply<Discovery> {
    Ok(session
        .core()
        .await?
        .credential_discover(&session.caller, &tenant, &issuer)
        .await?)
}

// Access: users and service accounts, role bindings, API tokens.

#[tauri::command]
pub async fn whoami(session: State<'_, Session>) -> Reply<CallerInfo> {
    Ok(session.core().await?.whoami(&session.caller))
}

#[tauri::command]
pub async fn principal_create(
    session: State<'_, Session>,
    req: PrincipalCreateRequest,
) -> Reply<PrincipalDto> {
    Ok(session
        .core()
        .await?
        .principal_create(&session.caller, req)
        .await?)
}

#[tauri::command]
pub async fn principal_list(
    session: State<'_, Session>,
    tenant: String,
) -> Reply<Vec<PrincipalDto>> {
    Ok(session
        .core()
        .await?
        .principal_list(&session.caller, &tenant)
        .await?)
}

#[tauri::command]
pub async fn principal_show(
    session: State<'_, Session>,
    tenant: String,
    name: String,
) -> Reply<PrincipalDetail> {
    Ok(session
        .core()
        .await?
        .principal_show(&session.caller, &tenant, &name)
        .await?)
}

#[tauri::command]
pub async fn principal_set_disabled(
    session: State<'_, Session>,
    tenant: String,
    name: String,
    disabled: bool,
) -> Reply<PrincipalDto> {
    Ok(session
        .core()
        .await?
        .principal_set_disabled(&session.caller, &tenant, &name, disabled)
        .await?)
}

#[tauri::command]
pub async fn principal_delete(
    session: State<'_, Session>,
    tenant: String,
    name: String,
) -> Reply<()> {
    Ok(session
        .core()
        .await?
        .principal_delete(&session.caller, &tenant, &name)
        .await?)
}

#[tauri::command]
pub async fn role_grant(session: State<'_, Session>, req: RoleChangeRequest) -> Reply<bool> {
    Ok(session
        .core()
        .await?
        .role_grant(&session.caller, req)
        .await?)
}

#[tauri::command]
pub async fn role_revoke(session: State<'_, Session>, req: RoleChangeRequest) -> Reply<()> {
    Ok(session
        .core()
        .await?
        .role_revoke(&session.caller, req)
        .await?)
}

#[tauri::command]
pub async fn role_list(
    session: State<'_, Session>,
    req: RoleListRequest,
) -> Reply<Vec<RoleBindingDto>> {
    Ok(session
        .core()
        .await?
        .role_list(&session.caller, req)
        .await?)
}

#[tauri::command]
pub async fn token_create(
    session: State<'_, Session>,
    req: TokenCreateRequest,
) -> Reply<CreatedToken> {
    Ok(session
        .core()
        .await?
        .token_create(&session.caller, req)
        .await?)
}

#[tauri::command]
pub async fn token_list(
    session: State<'_, Session>,
    tenant: String,
    principal: Option<String>,
) -> Reply<Vec<ApiTokenDto>> {
    Ok(session
        .core()
        .await?
        .token_list(&session.caller, &tenant, principal.as_deref())
        .await?)
}

#[tauri::command]
pub async fn token_revoke(
    session: State<'_, Session>,
    tenant: String,
    id: String,
) -> Reply<ApiTokenDto> {
    Ok(session
        .core()
        .await?
        .token_revoke(&session.caller, &tenant, &id)
        .await?)
}

#[tauri::command]
pub async fn token_revoke_all(
    session: State<'_, Session>,
    tenant: String,
    principal: String,
) -> Reply<u64> {
    Ok(session
        .core()
        .await?
        .token_revoke_all(&session.caller, &tenant, &principal)
        .await?)
}

#[tauri::command]
pub async fn token_rotate(
    session: State<'_, Session>,
    req: TokenRotateRequest,
) -> Reply<CreatedToken> {
    Ok(session
        .core()
        .await?
        .token_rotate(&session.caller, req)
        .await?)
}

/// Puts a just-created API token on the OS clipboard (cleared after the delay if unchanged).
/// Only text shaped like a Keystead token is accepted: this is not a general clipboard writer.
#[tauri::command]
pub async fn token_copy(clipboard: State<'_, ClipboardState>, token: String) -> Reply<CopyReceipt> {
    let looks_like_token = token.len() == keystead::api::dto::TOKEN_CHARS
        && token.starts_with(keystead::api::dto::TOKEN_PREFIX)
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !looks_like_token {
        return Err(
            keystead::Error::invalid("only a Keystead API token can be copied here").into(),
        );
    }
    clipboard.copy(SecretString::from(token)).await
}

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

/// Copies the reference `{{ secret('KEY') }}` that credentials use, not the value: nothing is read
/// from the core, and the clipboard is not cleared later (a reference is not sensitive).
#[tauri::command]
pub async fn secret_reference_copy(clipboard: State<'_, ClipboardState>, key: String) -> Reply<()> {
    let reference = keystead::api::secret_reference(&key)?;
    clipboard.copy_text(reference).await
}

// KV pairs.

#[tauri::command]
pub async fn kv_set(session: State<'_, Session>, req: KvSetRequest) -> Reply<KvDto> {
    Ok(session.core().await?.kv_set(&session.caller, req).await?)
}

#[tauri::command]
pub async fn kv_get(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
    inherit: bool,
) -> Reply<KvDto> {
    Ok(session
        .core()
        .await?
        .kv_get(&session.caller, &tenant, &namespace, &key, inherit)
        .await?)
}

#[tauri::command]
pub async fn kv_list(session: State<'_, Session>, req: KvListRequest) -> Reply<Vec<KvListItem>> {
    Ok(session.core().await?.kv_list(&session.caller, req).await?)
}

#[tauri::command]
pub async fn kv_delete(
    session: State<'_, Session>,
    tenant: String,
    namespace: String,
    key: String,
    if_version: Option<u32>,
) -> Reply<()> {
    Ok(session
        .core()
        .await?
        .kv_delete(&session.caller, &tenant, &namespace, &key, if_version)
        .await?)
}

// The key lifecycle (the desktop is the administrator at the machine).

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
