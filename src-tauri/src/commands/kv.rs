//! KV pairs.

use keystead::api::dto::{KvDto, KvListItem, KvListRequest, KvSetRequest};
use tauri::State;

use crate::session::Session;

use super::Reply;

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
