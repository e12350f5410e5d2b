//! The OpenAPI document (generated from the handlers and the wire types) and the API reference.

use super::AppState;
use super::embedded::{self, Caching, EmbeddedFile};
use super::routes::{self, access, admin, credentials, kv, secrets};
use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, any, get};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const SPEC_PATH: &str = "/api/v1/openapi.json";
const DOCS_PATH: &str = "/api/docs";
/// Swagger UI writes inline styles; its scripts are served from this binary.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("kst_ API token")
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Keystead API",
        description = "Secrets, credentials that mint access tokens, and who may use them. Every route \
                       but /api/v1/health needs `Authorization: Bearer kst_…`; errors are \
                       `{code, message}`.",
    ),
    modifiers(&BearerToken),
    components(schemas(crate::error::WireError)),
    tags(
        (name = "secrets", description = "static sensitive values, encrypted at rest"),
        (name = "credentials", description = "credentials that mint short-lived access tokens"),
        (name = "access", description = "users, service accounts, role bindings and API tokens"),
        (name = "kv", description = "typed runtime state with absolute expiry (not for secrets)"),
        (name = "expiring", description = "what expires or needs attention soon"),
    )
)]
struct ApiDoc;

/// Every route, with its OpenAPI description.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(routes::health))
        .routes(routes!(admin::whoami))
        .routes(routes!(admin::tenants, admin::tenant_create))
        .routes(routes!(admin::namespaces, admin::namespace_create))
        .routes(routes!(admin::namespace_delete))
        .routes(routes!(admin::audit))
        .routes(routes!(admin::expiring))
        .routes(routes!(secrets::list))
        .routes(routes!(secrets::value, secrets::set, secrets::delete))
        .routes(routes!(secrets::meta))
        .routes(routes!(secrets::reveal))
        .routes(routes!(secrets::describe))
        .routes(routes!(secrets::set_read_only))
        .routes(routes!(secrets::versions))
        .routes(routes!(secrets::restore))
        .routes(routes!(secrets::import))
        .routes(routes!(secrets::export))
        .routes(routes!(credentials::list, credentials::apply))
        .routes(routes!(
            credentials::show_tenant_level,
            credentials::delete_tenant_level
        ))
        .routes(routes!(
            credentials::show_in_namespace,
            credentials::delete_in_namespace
        ))
        .routes(routes!(credentials::copy_tenant_level))
        .routes(routes!(credentials::copy_in_namespace))
        .routes(routes!(credentials::test_tenant_level))
        .routes(routes!(credentials::test_in_namespace))
        .routes(routes!(credentials::token))
        .routes(routes!(credentials::test_definition))
        .routes(routes!(credentials::discover))
        .routes(routes!(credentials::types, credentials::type_create))
        .routes(routes!(
            credentials::type_show,
            credentials::type_update,
            credentials::type_delete
        ))
        .routes(routes!(access::principals, access::principal_create))
        .routes(routes!(access::principal_show, access::principal_delete))
        .routes(routes!(access::principal_disable))
        .routes(routes!(access::principal_enable))
        .routes(routes!(access::principal_revoke_tokens))
        .routes(routes!(access::bindings, access::grant))
        .routes(routes!(access::revoke))
        .routes(routes!(access::tokens, access::token_create))
        .routes(routes!(access::token_revoke))
        .routes(routes!(access::token_rotate))
        .routes(routes!(kv::list))
        .routes(routes!(kv::get, kv::put, kv::delete))
}

/// `/api/v1/openapi.json`: the document, serialised once.
pub fn spec_route(spec: &OpenApiDoc) -> MethodRouter<AppState> {
    let json = match spec.to_json() {
        Ok(json) => Bytes::from(json),
        Err(e) => {
            tracing::error!("the OpenAPI document cannot be written as JSON: {e}");
            Bytes::from_static(b"{}")
        }
    };
    get(move || {
        let json = json.clone();
        async move { ([(header::CONTENT_TYPE, "application/json")], json) }
    })
}

/// Swagger UI's files and our page (see `build.rs`).
static DOCS_FILES: &[EmbeddedFile] = include!(concat!(env!("OUT_DIR"), "/api_docs.rs"));

/// The API reference page at `/api/docs/` (Swagger UI over the document; no CDN: every file is in
/// the binary, and the external validator badge is off). Its files keep their names across
/// versions, so a browser revalidates them (a 304 when unchanged).
pub fn docs_pages() -> Router<AppState> {
    Router::new()
        // Relative, so that it also works behind a proxy under a path prefix.
        .route(DOCS_PATH, get(|| async { Redirect::permanent("docs/") }))
        .route(&format!("{DOCS_PATH}/"), any(docs_file))
        .route(&format!("{DOCS_PATH}/{{file}}"), any(docs_file))
        .method_not_allowed_fallback(routes::method_not_allowed)
        // The page's files say how long they keep; the redirect and the errors are not kept.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCS_CSP),
        ))
}

/// A file of the page; a name that is not one is the API's JSON 404, a write its JSON 405.
async fn docs_file(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let Some(file) = embedded::find(DOCS_FILES, DOCS_PATH, uri.path()) else {
        return routes::not_found().await.into_response();
    };
    if !embedded::readable_with(&method) {
        return routes::method_not_allowed().await.into_response();
    }
    file.respond(&headers, Caching::Revalidate)
}
