//! Who am I, tenants, namespaces, the audit log and what expires soon.

use super::{Errors, no_content};
use crate::api::dto::{
    AuditEventDto, AuditFilter, CallerInfo, ExpiringQuery, ExpiringReport, NamespaceDeleted,
    NamespaceNode, TenantDto,
};
use crate::http::AppState;
use crate::http::auth::Authenticated;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(get, path = "/api/v1/whoami", tag = "access",
    responses((status = 200, description = "who the token speaks for and its rights", body = CallerInfo), Errors),
    security(("bearer" = [])))]
pub async fn whoami(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Json<CallerInfo> {
    Json(s.keystead.whoami(&caller))
}

#[utoipa::path(get, path = "/api/v1/tenants", tag = "tenants",
    responses((status = 200, description = "the tenants the caller may act in", body = Vec<TenantDto>), Errors),
    security(("bearer" = [])))]
pub async fn tenants(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<Vec<TenantDto>>, ApiError> {
    Ok(Json(s.keystead.tenant_list(&caller).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTenant {
    pub id: String,
}

#[utoipa::path(post, path = "/api/v1/tenants", tag = "tenants",
    description = "Only the administrator at the Keystead machine may create tenants; tokens get 403.",
    request_body = NewTenant,
    responses((status = 201, description = "created", body = TenantDto), Errors),
    security(("bearer" = [])))]
pub async fn tenant_create(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Json(body): Json<NewTenant>,
) -> Result<(StatusCode, Json<TenantDto>), ApiError> {
    Ok(super::created(
        s.keystead.tenant_create(&caller, &body.id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/{tenant}/namespaces", tag = "namespaces",
    params(("tenant" = String, Path)),
    responses((status = 200, description = "the namespaces the caller may read, as a tree", body = Vec<NamespaceNode>), Errors),
    security(("bearer" = [])))]
pub async fn namespaces(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
) -> Result<Json<Vec<NamespaceNode>>, ApiError> {
    Ok(Json(s.keystead.namespace_tree(&caller, &tenant).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNamespace {
    /// Dot-separated, e.g. `company.team.etl`; parents exist implicitly.
    pub namespace: String,
}

#[utoipa::path(post, path = "/api/v1/{tenant}/namespaces", tag = "namespaces",
    params(("tenant" = String, Path)),
    request_body = NewNamespace,
    responses((status = 204, description = "the namespace exists (admin there)"), Errors),
    security(("bearer" = [])))]
pub async fn namespace_create(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Json(body): Json<NewNamespace>,
) -> Result<StatusCode, ApiError> {
    s.keystead
        .namespace_create(&caller, &tenant, &body.namespace)
        .await?;
    Ok(no_content())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteQuery {
    /// Also delete everything in and below the namespace; without it a namespace that holds
    /// anything is refused with 409.
    pub recursive: Option<bool>,
}

#[utoipa::path(delete, path = "/api/v1/{tenant}/namespaces/{namespace}", tag = "namespaces",
    params(("tenant" = String, Path), ("namespace" = String, Path), DeleteQuery),
    responses((status = 200, description = "deleted (admin there); what went with it", body = NamespaceDeleted), Errors),
    security(("bearer" = [])))]
pub async fn namespace_delete(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((tenant, namespace)): Path<(String, String)>,
    Query(q): Query<DeleteQuery>,
) -> Result<Json<NamespaceDeleted>, ApiError> {
    let recursive = q.recursive.unwrap_or(false);
    Ok(Json(
        s.keystead
            .namespace_delete(&caller, &tenant, &namespace, recursive)
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// An action (secret.use, secret.reveal, token.create, access.denied, auth.failed) or a
    /// family of them (secret, or secret.*).
    pub action: Option<String>,
    /// Events in this namespace and below it (prod: prod.eng too, never prod2).
    pub namespace: Option<String>,
    /// A target's name (a secret key, a credential name), or as the CLI shows it:
    /// secret:prod.eng/DB_URL (that kind, exactly that namespace), principal:ci-deployer.
    pub target: Option<String>,
    pub actor: Option<String>,
    /// RFC 3339 time or a date (2026-11-25).
    pub since: Option<String>,
    /// Before this RFC 3339 time or date (exclusive).
    pub until: Option<String>,
    /// Only events older than this event id (the next page).
    pub before: Option<i64>,
    /// At most this many (default 100, up to 10 000).
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/{tenant}/audit", tag = "audit",
    params(("tenant" = String, Path), AuditQuery),
    responses((status = 200, description = "events, newest first (tenant admin)", body = Vec<AuditEventDto>), Errors),
    security(("bearer" = [])))]
pub async fn audit(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEventDto>>, ApiError> {
    let filter = AuditFilter {
        tenant,
        action: q.action,
        namespace: q.namespace,
        target: q.target,
        actor: q.actor,
        since: q.since,
        until: q.until,
        before: q.before,
        limit: q.limit,
    };
    Ok(Json(s.keystead.audit_list(&caller, filter).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExpiringParams {
    /// ISO-8601 duration: items due within it from now (default P30D).
    pub within: Option<String>,
    /// ISO-8601 duration: secrets whose current value is this old (default P90D).
    pub secret_age: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/{tenant}/expiring", tag = "expiring",
    params(("tenant" = String, Path), ExpiringParams),
    responses((status = 200, description = "API tokens and KV pairs that expire soon, secrets \
        older than the age, credentials whose last Test failed: what the caller may read, \
        overdue first", body = ExpiringReport), Errors),
    security(("bearer" = [])))]
pub async fn expiring(
    State(s): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(tenant): Path<String>,
    Query(q): Query<ExpiringParams>,
) -> Result<Json<ExpiringReport>, ApiError> {
    let query = ExpiringQuery {
        tenant,
        within: q.within,
        secret_age: q.secret_age,
    };
    Ok(Json(s.keystead.expiring(&caller, query).await?))
}
