//! Credentials and their types: define, list, show, delete, copy to another namespace, Test, and
//! read an issuer's published metadata (RFC 8414 / OpenID discovery).
//!
//! `credential_token` is deliberately not exposed: the UI never needs a full token.

use keystead::api::dto::{
    CredentialCopyRequest, CredentialDefinition, CredentialDto, CredentialListRequest,
    CredentialType, CustomTypeDefinition, Discovery, TestResult,
};
use tauri::State;

use crate::session::Session;

use super::Reply;

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
