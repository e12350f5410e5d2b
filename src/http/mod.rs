//! `keystead serve`: the HTTP API over [`crate::api`] and the web console, behind API tokens.
//!
//! Handlers parse, call one `Keystead` method for the authenticated caller, and map the result.
//! The core decides who may do what; nothing here has rules of its own.

mod auth;
mod client;
mod console;
mod embedded;
mod error;
mod extract;
mod openapi;
mod routes;
mod server;

pub use auth::FailedAuthLimiter;
pub use client::Client;
pub use error::{ApiError, status_of};
pub use server::{DEFAULT_FAILED_AUTH_PER_MINUTE, RunningServer, ServeOptions, TlsFiles, start};

use crate::api::Keystead;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// Largest request body accepted (a KV value or an import file fits; more is a 413).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// A request must be answered within this (a credential Test may take its 5 minute timeout).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(330);
/// A body that stops arriving for this long is dropped.
const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(15);

/// What every handler has: the unlocked core and the failed-authentication limiter.
#[derive(Clone)]
pub struct AppState {
    pub keystead: Arc<Keystead>,
    pub failures: Arc<FailedAuthLimiter>,
}

/// The whole application: `/api/v1` (JSON, bearer tokens), `/api/docs` and the web console.
pub fn router(state: AppState) -> Router {
    let (api, spec) = openapi::api_router().split_for_parts();
    let api = api
        .route(openapi::SPEC_PATH, openapi::spec_route(&spec))
        .route("/api/{*rest}", axum::routing::any(routes::not_found))
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        // After the layer: the reference page's files may be cached (and revalidated).
        .merge(openapi::docs_pages())
        .with_state(state);
    api.fallback_service(console::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyTimeoutLayer::new(BODY_IDLE_TIMEOUT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::map_response(
            routes::json_for_empty_errors,
        ))
        .layer(axum::middleware::from_fn(routes::limit_request_head))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(console::CSP),
        ))
}
