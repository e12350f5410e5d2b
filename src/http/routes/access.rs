//! Principals, role bindings and API tokens.

use super::{Errors, no_content};
use crate::api::dto::{
    ApiTokenDto, CreatedToken, GrantDto, PrincipalCreateRequest, PrincipalDetail, PrincipalDto,
    PrincipalKind, Role, RoleBindingDto, RoleChangeRequest, RoleListRequest, TokenCreateRequest,
    TokenRotateRequest,
};
use crate::http::AppState;
use crate::http::auth::Authenticated;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(get, path = "/api/v1/{tenant}/principals", tag = "access",
    params(("tenant" = String, Path)),
    responses((status = 200, description = "users and service accounts (tenant admin)", body = Vec<PrincipalDto>), Errors),
    security(("bearer" = [])))]
pub async fn principals(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
) -> Result<Json<Vec<PrincipalDto>>, ApiError> {
    Ok(Json(s.keystead.principal_list(&caller, &tenant).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPrincipal {
    pub name: String,
    pub kind: PrincipalKind,
    #[serde(default)]
    pub description: String,
}

#[utoipa::path(post, path = "/api/v1/{tenant}/principals", tag = "access",
    params(("tenant" = String, Path)),
    request_body = NewPrincipal,
    responses((status = 201, description = "created (tenant admin)", body = PrincipalDto), Errors),
    security(("bearer" = [])))]
pub async fn principal_create(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(body): Json<NewPrincipal>,
) -> Result<(StatusCode, Json<PrincipalDto>), ApiError> {
    let request = PrincipalCreateRequest {
        tenant,
        name: body.name,
        kind: body.kind,
        description: body.description,
    };
    Ok(super::created(
        s.keystead.principal_create(&caller, request).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/principals/{name}", tag = "access",
    params(("tenant" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "bindings, effective rights per scope and tokens (itself, or tenant admin)", body = PrincipalDetail), Errors),
    security(("bearer" = [])))]
pub async fn principal_show(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
) -> Result<Json<PrincipalDetail>, ApiError> {
    Ok(Json(
        s.keystead.principal_show(&caller, &tenant, &name).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/{tenant}/principals/{name}", tag = "access",
    params(("tenant" = String, Path), ("name" = String, Path)),
    responses((status = 204, description = "deleted with its bindings and tokens (tenant admin)"), Errors),
    security(("bearer" = [])))]
pub async fn principal_delete(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    s.keystead.principal_delete(&caller, &tenant, &name).await?;
    Ok(no_content())
}

#[utoipa::path(post, path = "/api/v1/{tenant}/principals/{name}/disable", tag = "access",
    params(("tenant" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "disabled: its tokens are refused (tenant admin)", body = PrincipalDto), Errors),
    security(("bearer" = [])))]
pub async fn principal_disable(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
) -> Result<Json<PrincipalDto>, ApiError> {
    Ok(Json(
        s.keystead
            .principal_set_disabled(&caller, &tenant, &name, true)
            .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/principals/{name}/enable", tag = "access",
    params(("tenant" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "enabled (tenant admin)", body = PrincipalDto), Errors),
    security(("bearer" = [])))]
pub async fn principal_enable(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
) -> Result<Json<PrincipalDto>, ApiError> {
    Ok(Json(
        s.keystead
            .principal_set_disabled(&caller, &tenant, &name, false)
            .await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Revoked {
    /// How many tokens were still active.
    pub revoked: u64,
}

#[utoipa::path(post, path = "/api/v1/{tenant}/principals/{name}/revoke-tokens", tag = "access",
    params(("tenant" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "every token of the principal is revoked (itself, or tenant admin)", body = Revoked), Errors),
    security(("bearer" = [])))]
pub async fn principal_revoke_tokens(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, name)): Path<(String, String)>,
) -> Result<Json<Revoked>, ApiError> {
    let revoked = s.keystead.token_revoke_all(&caller, &tenant, &name).await?;
    Ok(Json(Revoked { revoked }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BindingQuery {
    pub principal: Option<String>,
    /// Only the bindings that reach this namespace ("who can see it").
    pub namespace: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/{tenant}/role-bindings", tag = "access",
    params(("tenant" = String, Path), BindingQuery),
    responses((status = 200, description = "bindings (admin at the namespace asked, else tenant admin)", body = Vec<RoleBindingDto>), Errors),
    security(("bearer" = [])))]
pub async fn bindings(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Query(q): Query<BindingQuery>,
) -> Result<Json<Vec<RoleBindingDto>>, ApiError> {
    let request = RoleListRequest {
        tenant,
        principal: q.principal,
        namespace: q.namespace,
    };
    Ok(Json(s.keystead.role_list(&caller, request).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BindingBody {
    pub principal: String,
    pub role: Role,
    /// Absent: tenant level.
    pub namespace: Option<String>,
}

impl BindingBody {
    fn into_request(self, tenant: String) -> RoleChangeRequest {
        RoleChangeRequest {
            tenant,
            principal: self.principal,
            role: self.role,
            namespace: self.namespace,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Granted {
    /// False when the binding already existed.
    pub created: bool,
}

#[utoipa::path(post, path = "/api/v1/{tenant}/role-bindings", tag = "access",
    params(("tenant" = String, Path)),
    request_body = BindingBody,
    responses((status = 200, description = "granted (admin where it applies)", body = Granted), Errors),
    security(("bearer" = [])))]
pub async fn grant(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(body): Json<BindingBody>,
) -> Result<Json<Granted>, ApiError> {
    let created = s
        .keystead
        .role_grant(&caller, body.into_request(tenant))
        .await?;
    Ok(Json(Granted { created }))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/role-bindings/revoke", tag = "access",
    params(("tenant" = String, Path)),
    request_body = BindingBody,
    responses((status = 204, description = "the binding is gone (admin where it applied)"), Errors),
    security(("bearer" = [])))]
pub async fn revoke(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(body): Json<BindingBody>,
) -> Result<StatusCode, ApiError> {
    s.keystead
        .role_revoke(&caller, body.into_request(tenant))
        .await?;
    Ok(no_content())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// Only this principal's tokens (itself, or tenant admin); absent: all (tenant admin).
    pub principal: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/{tenant}/tokens", tag = "access",
    params(("tenant" = String, Path), TokenQuery),
    responses((status = 200, description = "tokens: prefix, expiry, last use, revoked; never plaintext", body = Vec<ApiTokenDto>), Errors),
    security(("bearer" = [])))]
pub async fn tokens(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Query(q): Query<TokenQuery>,
) -> Result<Json<Vec<ApiTokenDto>>, ApiError> {
    Ok(Json(
        s.keystead
            .token_list(&caller, &tenant, q.principal.as_deref())
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    pub principal: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ISO-8601 duration such as `P7D`; absent: `P30D`, as the CLI; `null` or `"never"`: the
    /// token never expires.
    #[serde(default = "default_max_age")]
    #[schema(default = "P30D", nullable)]
    pub max_age: Option<String>,
    #[serde(default)]
    pub extended: bool,
    pub narrowing: Option<GrantDto>,
}

fn default_max_age() -> Option<String> {
    Some(crate::api::DEFAULT_TOKEN_MAX_AGE.to_owned())
}

#[utoipa::path(post, path = "/api/v1/{tenant}/tokens", tag = "access",
    params(("tenant" = String, Path)),
    request_body = NewToken,
    responses((status = 201, description = "the token: `token` is its plaintext, shown this once (itself, or tenant admin)", body = CreatedToken), Errors),
    security(("bearer" = [])))]
pub async fn token_create(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(body): Json<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let request = TokenCreateRequest {
        tenant,
        principal: body.principal,
        name: body.name,
        description: body.description,
        max_age: body.max_age,
        extended: body.extended,
        narrowing: body.narrowing,
    };
    Ok(super::created(
        s.keystead.token_create(&caller, request).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/{tenant}/tokens/{id}/revoke", tag = "access",
    params(("tenant" = String, Path), ("id" = String, Path, description = "the id or prefix `token list` shows")),
    responses((status = 200, description = "revoked from the next request on (its owner, or tenant admin)", body = ApiTokenDto), Errors),
    security(("bearer" = [])))]
pub async fn token_revoke(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Json<ApiTokenDto>, ApiError> {
    Ok(Json(s.keystead.token_revoke(&caller, &tenant, &id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RotateBody {
    /// How long the old token keeps working (ISO-8601, at most P30D); absent: it stops now.
    pub grace: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/{tenant}/tokens/{id}/rotate", tag = "access",
    params(("tenant" = String, Path), ("id" = String, Path)),
    request_body = RotateBody,
    responses((status = 201, description = "the new token, its plaintext shown this once", body = CreatedToken), Errors),
    security(("bearer" = [])))]
pub async fn token_rotate(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, id)): Path<(String, String)>,
    Json(body): Json<RotateBody>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let request = TokenRotateRequest {
        tenant,
        id,
        grace: body.grace,
    };
    Ok(super::created(
        s.keystead.token_rotate(&caller, request).await?,
    ))
}
