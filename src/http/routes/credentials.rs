//! Credentials: definitions, Test, copy, and the machine route for an access token.

use super::{Errors, no_content};
use crate::api::dto::{
    CredentialCopyRequest, CredentialDefinition, CredentialDto, CredentialListRequest,
    CredentialOrder, CredentialType, CustomTypeDefinition, Discovery, TestResult, TokenDto,
};
use crate::http::AppState;
use crate::http::auth::Authenticated;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this namespace's credentials (absent: every credential of the tenant you may read).
    pub namespace: Option<String>,
    /// With a namespace: also those inherited from parents and the tenant level (nearest wins).
    #[serde(default)]
    pub effective: bool,
    /// Only this type.
    #[serde(rename = "type")]
    pub type_id: Option<String>,
    #[param(inline)]
    pub order_by: Option<CredentialOrder>,
}

#[utoipa::path(get, path = "/api/v1/{tenant}/credentials", tag = "credentials",
    params(("tenant" = String, Path), ListQuery),
    responses((status = 200, description = "credentials (sensitive inputs are secret references)", body = Vec<CredentialDto>), Errors),
    security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<CredentialDto>>, ApiError> {
    let request = CredentialListRequest {
        tenant,
        namespace: q.namespace,
        effective: q.effective,
        type_id: q.type_id,
        order_by: q.order_by,
    };
    Ok(Json(s.keystead.credential_list(&caller, request).await?))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/credentials", tag = "credentials",
    description = "Creates or replaces the credential the definition names (admin where it goes; `use` \
                   where each referenced secret is defined).",
    params(("tenant" = String, Path)),
    request_body = CredentialDefinition,
    responses((status = 200, description = "saved", body = CredentialDto), Errors),
    security(("bearer" = [])))]
pub async fn apply(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(def): Json<CredentialDefinition>,
) -> Result<Json<CredentialDto>, ApiError> {
    Ok(Json(
        s.keystead.credential_apply(&caller, &tenant, def).await?,
    ))
}

/// Where a credential route looks from: a namespace, or the tenant level.
fn scope_of(namespace: &Option<String>) -> Option<&str> {
    namespace.as_deref()
}

async fn show(
    s: &AppState,
    caller: &crate::api::Caller,
    tenant: &str,
    namespace: Option<String>,
    name: &str,
) -> Result<Json<CredentialDto>, ApiError> {
    Ok(Json(
        s.keystead
            .credential_show(caller, tenant, scope_of(&namespace), name)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/credentials/{name}", tag = "credentials",
    params(("tenant" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "a tenant-level credential (read)", body = CredentialDto), Errors),
    security(("bearer" = [])))]
pub async fn show_tenant_level(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
) -> Result<Json<CredentialDto>, ApiError> {
    show(&s, &caller, &tenant, None, &name).await
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}", tag = "credentials",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the credential as seen from the namespace (read)", body = CredentialDto), Errors),
    security(("bearer" = [])))]
pub async fn show_in_namespace(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, name)): Path<(String, String, String)>,
) -> Result<Json<CredentialDto>, ApiError> {
    show(&s, &caller, &tenant, Some(namespace), &name).await
}

#[utoipa::path(delete, path = "/api/v1/{tenant}/credentials/{name}", tag = "credentials",
    params(("tenant" = String, Path), ("name" = String, Path)),
    responses((status = 204, description = "the tenant-level credential is deleted (admin)"), Errors),
    security(("bearer" = [])))]
pub async fn delete_tenant_level(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    s.keystead
        .credential_delete(&caller, &tenant, None, &name)
        .await?;
    Ok(no_content())
}

#[utoipa::path(delete, path = "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}", tag = "credentials",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 204, description = "the credential defined in this namespace is deleted (admin)"), Errors),
    security(("bearer" = [])))]
pub async fn delete_in_namespace(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, name)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    s.keystead
        .credential_delete(&caller, &tenant, Some(&namespace), &name)
        .await?;
    Ok(no_content())
}

/// Where a copy goes; both absent is refused (it would be the same credential).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyBody {
    /// Absent: the source's own scope.
    pub target_namespace: Option<String>,
    /// Absent: the same name.
    pub target_name: Option<String>,
}

async fn copy(
    s: &AppState,
    caller: &crate::api::Caller,
    tenant: String,
    namespace: Option<String>,
    name: String,
    body: CopyBody,
) -> Result<Json<CredentialDto>, ApiError> {
    let request = CredentialCopyRequest {
        tenant,
        namespace,
        name,
        target_namespace: body.target_namespace,
        target_name: body.target_name,
    };
    Ok(Json(s.keystead.credential_copy(caller, request).await?))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/credentials/{name}/copy", tag = "credentials",
    params(("tenant" = String, Path), ("name" = String, Path)),
    request_body = CopyBody,
    responses((status = 200, description = "the copy (never overwrites: a taken target is 409)", body = CredentialDto), Errors),
    security(("bearer" = [])))]
pub async fn copy_tenant_level(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
    Json(body): Json<CopyBody>,
) -> Result<Json<CredentialDto>, ApiError> {
    copy(&s, &caller, tenant, None, name, body).await
}

#[utoipa::path(post, path = "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}/copy", tag = "credentials",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("name" = String, Path)),
    request_body = CopyBody,
    responses((status = 200, description = "the copy (never overwrites: a taken target is 409)", body = CredentialDto), Errors),
    security(("bearer" = [])))]
pub async fn copy_in_namespace(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, name)): Path<(String, String, String)>,
    Json(body): Json<CopyBody>,
) -> Result<Json<CredentialDto>, ApiError> {
    copy(&s, &caller, tenant, Some(namespace), name, body).await
}

#[utoipa::path(post, path = "/api/v1/{tenant}/credentials/{name}/test", tag = "credentials",
    params(("tenant" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "what the live token retrieval did (ok or not; use)", body = TestResult), Errors),
    security(("bearer" = [])))]
pub async fn test_tenant_level(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
) -> Result<Json<TestResult>, ApiError> {
    Ok(Json(
        s.keystead
            .credential_test(&caller, &tenant, None, &name)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}/test", tag = "credentials",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "what the live token retrieval did (ok or not; use)", body = TestResult), Errors),
    security(("bearer" = [])))]
pub async fn test_in_namespace(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, name)): Path<(String, String, String)>,
) -> Result<Json<TestResult>, ApiError> {
    Ok(Json(
        s.keystead
            .credential_test(&caller, &tenant, Some(&namespace), &name)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces/{namespace}/credentials/{name}/token", tag = "credentials",
    description = "An access token for a job, served from the server's memory cache while valid for \
                   longer than the credential's refresh_before_expiry, else minted (use).",
    params(("tenant" = String, Path), ("namespace" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the access token", body = TokenDto),
              (status = 502, description = "the token endpoint refused or failed (mint_error says why)", body = crate::error::WireError),
              Errors),
    security(("bearer" = [])))]
pub async fn token(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace, name)): Path<(String, String, String)>,
) -> Result<Json<TokenDto>, ApiError> {
    Ok(Json(
        s.keystead
            .credential_token(&caller, &tenant, Some(&namespace), &name)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/credential-test", tag = "credentials",
    description = "Tests an unsaved definition (admin where it would be saved).",
    params(("tenant" = String, Path)),
    request_body = CredentialDefinition,
    responses((status = 200, description = "what the live token retrieval did", body = TestResult), Errors),
    security(("bearer" = [])))]
pub async fn test_definition(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(def): Json<CredentialDefinition>,
) -> Result<Json<TestResult>, ApiError> {
    Ok(Json(
        s.keystead
            .credential_test_definition(&caller, &tenant, def)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscoveryBody {
    /// An https issuer URL (RFC 8414 / OpenID Connect discovery).
    pub issuer: String,
}

#[utoipa::path(post, path = "/api/v1/{tenant}/credential-discovery", tag = "credentials",
    params(("tenant" = String, Path)),
    request_body = DiscoveryBody,
    responses((status = 200, description = "token endpoint, auth methods and signing algorithms (admin somewhere)", body = Discovery),
              (status = 502, description = "the issuer did not answer with metadata", body = crate::error::WireError),
              Errors),
    security(("bearer" = [])))]
pub async fn discover(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(body): Json<DiscoveryBody>,
) -> Result<Json<Discovery>, ApiError> {
    Ok(Json(
        s.keystead
            .credential_discover(&caller, &tenant, &body.issuer)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/credential-types", tag = "credentials",
    params(("tenant" = String, Path)),
    responses((status = 200, description = "built-in types, then the tenant's custom types", body = Vec<CredentialType>), Errors),
    security(("bearer" = [])))]
pub async fn types(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
) -> Result<Json<Vec<CredentialType>>, ApiError> {
    Ok(Json(s.keystead.credential_types(&caller, &tenant).await?))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/credential-types/{id}", tag = "credentials",
    params(("tenant" = String, Path), ("id" = String, Path)),
    responses((status = 200, description = "one type and its input schema", body = CredentialType), Errors),
    security(("bearer" = [])))]
pub async fn type_show(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Json<CredentialType>, ApiError> {
    Ok(Json(
        s.keystead.credential_type(&caller, &tenant, &id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/credential-types", tag = "credentials",
    params(("tenant" = String, Path)),
    request_body = CustomTypeDefinition,
    responses((status = 201, description = "the custom type (tenant admin)", body = CredentialType), Errors),
    security(("bearer" = [])))]
pub async fn type_create(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(def): Json<CustomTypeDefinition>,
) -> Result<(StatusCode, Json<CredentialType>), ApiError> {
    Ok(super::created(
        s.keystead
            .credential_type_create(&caller, &tenant, def)
            .await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/{tenant}/credential-types/{id}", tag = "credentials",
    params(("tenant" = String, Path), ("id" = String, Path)),
    request_body = CustomTypeDefinition,
    responses((status = 200, description = "the custom type with its new label, description and inputs (tenant admin); \
        409 for a built-in type or when saved credentials of the type would no longer match it (they are named)",
        body = CredentialType), Errors),
    security(("bearer" = [])))]
pub async fn type_update(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, id)): Path<(String, String)>,
    Json(def): Json<CustomTypeDefinition>,
) -> Result<Json<CredentialType>, ApiError> {
    Ok(Json(
        s.keystead
            .credential_type_update(&caller, &tenant, &id, def)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/{tenant}/credential-types/{id}", tag = "credentials",
    params(("tenant" = String, Path), ("id" = String, Path)),
    responses((status = 204, description = "the custom type is deleted (tenant admin); 409 for a built-in type \
        or while credentials use it (they are named)"), Errors),
    security(("bearer" = [])))]
pub async fn type_delete(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    s.keystead
        .credential_type_delete(&caller, &tenant, &id)
        .await?;
    Ok(no_content())
}
