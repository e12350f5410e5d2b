//! KV pairs: typed runtime state, with `If-Match` for optimistic concurrency.

use super::{Errors, no_content};
use crate::api::dto::{KvDto, KvExpiry, KvListItem, KvListRequest, KvSetRequest, KvValueInput};
use crate::error::ErrorCode;
use crate::http::AppState;
use crate::http::auth::Authenticated;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

type Key = Path<(String, String, String)>;

/// `If-Match: "3"` (or `3`): the version a write or delete expects.
fn if_match(headers: &HeaderMap) -> Result<Option<u32>, ApiError> {
    let Some(raw) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    raw.to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse().ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidInput,
                "If-Match must be a pair's version, such as \"3\" (* is not taken: give the \
                 version read)",
            )
        })
}

/// `If-None-Match: *`: write only when the pair does not exist (as `if_absent`).
fn if_none_match(headers: &HeaderMap) -> Result<bool, ApiError> {
    let Some(raw) = headers.get(header::IF_NONE_MATCH) else {
        return Ok(false);
    };
    if raw.to_str().is_ok_and(|v| v.trim() == "*") {
        return Ok(true);
    }
    Err(ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidInput,
        "If-None-Match takes only * (write only when the pair does not exist)",
    ))
}

/// A present field, `null` included (`Some(Value::Null)`); an absent one stays `None` by default.
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

/// The typed document with its version as the ETag.
fn with_etag(pair: KvDto, status: StatusCode) -> Response {
    let etag = HeaderValue::from_str(&format!("\"{}\"", pair.version)).ok();
    let mut response = (status, Json(pair)).into_response();
    if let Some(etag) = etag {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Also the parents' pairs, with their origin (nearest wins).
    #[serde(default)]
    pub effective: bool,
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/kv", tag = "kv",
    params(("tenant" = String, Path), ("namespace" = String, Path), ListQuery),
    responses((status = 200, description = "pairs with a value preview and absolute expiry (read)", body = Vec<KvListItem>), Errors),
    security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace)): Path<(String, String)>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<KvListItem>>, ApiError> {
    let request = KvListRequest {
        tenant,
        namespace,
        prefix: q.prefix,
        effective: q.effective,
    };
    Ok(Json(s.keystead.kv_list(&caller, request).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GetQuery {
    /// Fall back to the nearest parent's pair (reads look only in the namespace otherwise).
    #[serde(default)]
    pub inherit: bool,
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}", tag = "kv",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path), GetQuery),
    responses((status = 200, description = "the typed document; ETag is its version (use)", body = KvDto), Errors),
    security(("bearer" = [])))]
pub async fn get(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
    Query(q): Query<GetQuery>,
) -> Result<Response, ApiError> {
    let pair = s
        .keystead
        .kv_get(&caller, &tenant, &namespace, &key, q.inherit)
        .await?;
    Ok(with_etag(pair, StatusCode::OK))
}

/// A write: the typed value (absent: keep it), description (absent: keep it) and what happens to
/// the expiry (absent: keep it).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KvPut {
    #[serde(rename = "type")]
    pub kind: Option<crate::kv::KvType>,
    /// The value as the type gives it: a string, number, boolean or (json) any JSON, `null`
    /// included. Absent: the value is kept.
    #[serde(default, deserialize_with = "present")]
    pub value: Option<serde_json::Value>,
    pub description: Option<String>,
    #[serde(default)]
    pub expiry: KvExpiry,
    /// Only create: 409 when the key exists.
    #[serde(default)]
    pub if_absent: bool,
}

#[utoipa::path(put, path = "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}", tag = "kv",
    description = "Creates or updates a pair (use; changing its type needs admin). `If-Match: \"N\"` \
                   writes only over version N (409 with the current version otherwise).",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path),
           ("If-Match" = Option<String>, Header, description = "the version this write expects"),
           ("If-None-Match" = Option<String>, Header, description = "`*`: only create (409 when the key exists)")),
    request_body = KvPut,
    responses((status = 200, description = "saved; ETag is the new version", body = KvDto), Errors),
    security(("bearer" = [])))]
pub async fn put(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
    headers: HeaderMap,
    Json(body): Json<KvPut>,
) -> Result<Response, ApiError> {
    let request = KvSetRequest {
        tenant,
        namespace,
        key,
        value: body.value.map(|value| KvValueInput {
            kind: body.kind,
            value,
            parse: false,
        }),
        description: body.description,
        expiry: body.expiry,
        if_version: if_match(&headers)?,
        if_absent: body.if_absent || if_none_match(&headers)?,
    };
    let saved = s.keystead.kv_set(&caller, request).await?;
    Ok(with_etag(saved, StatusCode::OK))
}

#[utoipa::path(delete, path = "/api/v1/{tenant}/namespaces/{namespace}/kv/{key}", tag = "kv",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path),
           ("If-Match" = Option<String>, Header, description = "delete only this version")),
    responses((status = 204, description = "deleted (admin)"), Errors),
    security(("bearer" = [])))]
pub async fn delete(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    s.keystead
        .kv_delete(&caller, &tenant, &namespace, &key, if_match(&headers)?)
        .await?;
    Ok(no_content())
}
