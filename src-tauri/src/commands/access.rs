//! Access: users and service accounts, role bindings, API tokens.

use keystead::api::dto::{
    ApiTokenDto, CallerInfo, CreatedToken, PrincipalCreateRequest, PrincipalDetail, PrincipalDto,
    RoleBindingDto, RoleChangeRequest, RoleListRequest, TokenCreateRequest, TokenRotateRequest,
};
use secrecy::SecretString;
use tauri::State;

use crate::clipboard::{ClipboardState, CopyReceipt};
use crate::session::Session;

use super::Reply;

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
