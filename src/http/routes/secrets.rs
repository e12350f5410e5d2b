//! Secrets in a namespace: the machine route (a value for a job), metadata, writes, versions,
//! import and export.

use super::{Errors, no_content};
use crate::api::dto::{
    ConflictPolicy, ImportFormat, ImportReport, ImportRequest, SecretListItem, SecretMeta,
    SecretSetRequest, SecretValueDto, SecretVersionDto, SecretView,
};
use crate::http::AppState;
use crate::http::auth::Authenticated;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

type Ns = Path<(String, String)>;
type Key = Path<(String, String, String)>;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Also the secrets inherited from parent namespaces, with their origin (nearest wins).
    #[serde(default)]
    pub effective: bool,
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ListQuery),
    responses((status = 200, description = "the secrets, values masked (read)", body = Vec<SecretListItem>), Errors),
    security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace)): Ns,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<SecretListItem>>, ApiError> {
    Ok(Json(
        s.keystead
            .secret_list(&caller, &tenant, &namespace, q.effective)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", tag = "secrets",
    description = "A secret's value for a job, as seen from the namespace (its own, else the nearest \
                   parent's). Needs `use` where it is defined; audited as `secret.use`.",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path)),
    responses((status = 200, description = "the value, its origin and version", body = SecretValueDto), Errors),
    security(("bearer" = [])))]
pub async fn value(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
) -> Result<Json<SecretValueDto>, ApiError> {
    Ok(Json(
        s.keystead
            .secret_resolve(&caller, &tenant, &namespace, &key)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/meta", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path)),
    responses((status = 200, description = "metadata, value masked (read)", body = SecretView), Errors),
    security(("bearer" = [])))]
pub async fn meta(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
) -> Result<Json<SecretView>, ApiError> {
    Ok(Json(
        s.keystead
            .secret_get(&caller, &tenant, &namespace, &key, false)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/reveal", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path)),
    responses((status = 200, description = "metadata and the value (admin; audited as a reveal)", body = SecretView), Errors),
    security(("bearer" = [])))]
pub async fn reveal(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
) -> Result<Json<SecretView>, ApiError> {
    Ok(Json(
        s.keystead
            .secret_get(&caller, &tenant, &namespace, &key, true)
            .await?,
    ))
}

/// A new value (and optionally description and read-only flag) for a secret.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretWrite {
    pub value: String,
    /// Absent: keep the current description.
    pub description: Option<String>,
    /// Absent: keep the current flag (off for a new secret).
    pub read_only: Option<bool>,
}

impl std::fmt::Debug for SecretWrite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretWrite").finish_non_exhaustive()
    }
}

#[utoipa::path(put, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path)),
    request_body = SecretWrite,
    responses((status = 200, description = "saved as a new version (admin)", body = SecretMeta), Errors),
    security(("bearer" = [])))]
pub async fn set(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
    Json(body): Json<SecretWrite>,
) -> Result<Json<SecretMeta>, ApiError> {
    let request = SecretSetRequest {
        tenant,
        namespace,
        key,
        value: body.value,
        description: body.description,
        read_only: body.read_only,
    };
    Ok(Json(s.keystead.secret_set(&caller, request).await?))
}

#[utoipa::path(delete, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path)),
    responses((status = 204, description = "deleted with its versions (admin)"), Errors),
    security(("bearer" = [])))]
pub async fn delete(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
) -> Result<StatusCode, ApiError> {
    s.keystead
        .secret_delete(&caller, &tenant, &namespace, &key)
        .await?;
    Ok(no_content())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Description {
    pub description: String,
}

#[utoipa::path(put, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/description", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path)),
    request_body = Description,
    responses((status = 200, description = "described (admin)", body = SecretMeta), Errors),
    security(("bearer" = [])))]
pub async fn describe(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
    Json(body): Json<Description>,
) -> Result<Json<SecretMeta>, ApiError> {
    Ok(Json(
        s.keystead
            .secret_describe(&caller, &tenant, &namespace, &key, body.description)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadOnly {
    pub read_only: bool,
}

#[utoipa::path(put, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/read-only", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path)),
    request_body = ReadOnly,
    responses((status = 200, description = "flag set or cleared (admin)", body = SecretMeta), Errors),
    security(("bearer" = [])))]
pub async fn set_read_only(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
    Json(body): Json<ReadOnly>,
) -> Result<Json<SecretMeta>, ApiError> {
    Ok(Json(
        s.keystead
            .secret_set_read_only(&caller, &tenant, &namespace, &key, body.read_only)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/versions", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path)),
    responses((status = 200, description = "the kept versions (read)", body = Vec<SecretVersionDto>), Errors),
    security(("bearer" = [])))]
pub async fn versions(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key)): Key,
) -> Result<Json<Vec<SecretVersionDto>>, ApiError> {
    Ok(Json(
        s.keystead
            .secret_versions(&caller, &tenant, &namespace, &key)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/namespaces/{namespace}/secrets/{key}/versions/{version}/restore",
    tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("key" = String, Path),
           ("version" = u32, Path)),
    responses((status = 200, description = "the old value is current again, as a new version (admin)", body = SecretMeta), Errors),
    security(("bearer" = [])))]
pub async fn restore(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, key, version)): Path<(String, String, String, u32)>,
) -> Result<Json<SecretMeta>, ApiError> {
    Ok(Json(
        s.keystead
            .secret_restore(&caller, &tenant, &namespace, &key, version)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportBody {
    pub format: ImportFormat,
    /// The file's text.
    pub content: String,
    pub on_conflict: ConflictPolicy,
    #[serde(default)]
    pub dry_run: bool,
}

impl std::fmt::Debug for ImportBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportBody")
            .field("format", &self.format)
            .field("dry_run", &self.dry_run)
            .finish_non_exhaustive()
    }
}

#[utoipa::path(post, path = "/api/v1/{tenant}/namespaces/{namespace}/secret-import", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path)),
    request_body = ImportBody,
    responses((status = 200, description = "what was (or, dry run, would be) done per key (admin)", body = ImportReport), Errors),
    security(("bearer" = [])))]
pub async fn import(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace)): Ns,
    Json(body): Json<ImportBody>,
) -> Result<Json<ImportReport>, ApiError> {
    let request = ImportRequest {
        tenant,
        namespace,
        format: body.format,
        content: body.content,
        on_conflict: body.on_conflict,
        dry_run: body.dry_run,
    };
    Ok(Json(s.keystead.secret_import(&caller, request).await?))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/secret-export", tag = "secrets",
    params(("tenant" = String, Path), ("namespace" = String, Path)),
    responses((status = 200, description = "the namespace's own secrets in Kestra's .env_encoded format (admin; audited)",
               content_type = "text/plain", body = String), Errors),
    security(("bearer" = [])))]
pub async fn export(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace)): Ns,
) -> Result<impl IntoResponse, ApiError> {
    let text = s
        .keystead
        .secret_export(&caller, &tenant, &namespace)
        .await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text))
}
