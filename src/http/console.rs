//! The web console: the desktop's UI, built into the binary, served with long-cached hashed assets
//! and a strict content security policy. The console has one page, at `/`: its assets are linked
//! relatively (so it also works behind a proxy under a path prefix), hence any other path is a
//! plain 404 page pointing there, never the app itself (which would load no scripts there).

use super::embedded::{self, Caching, EmbeddedFile};
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// Only our own scripts and styles; the UI talks to this server only. Mantine writes inline
/// styles, hence `'unsafe-inline'` for styles (never for scripts).
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// `ui/dist` (see `build.rs`).
static FILES: &[EmbeddedFile] = include!(concat!(env!("OUT_DIR"), "/console.rs"));

pub fn router() -> Router {
    Router::new().fallback(serve)
}

/// `/` is the page; `/assets/…` are its hashed (hence immutable) scripts and styles; any other
/// embedded file is revalidated on each use.
async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let Some(file) = embedded::find(FILES, "", uri.path()) else {
        return not_found(&uri).into_response();
    };
    if !embedded::readable_with(&method) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, HeaderValue::from_static("GET, HEAD"))],
        )
            .into_response();
    }
    let caching = if file.route.starts_with("assets/") {
        Caching::Immutable
    } else {
        Caching::Revalidate
    };
    file.respond(&headers, caching)
}

/// A path that is neither the console nor one of its assets. The path is not echoed back.
fn not_found(uri: &Uri) -> impl IntoResponse {
    let home = if uri.path().starts_with("/assets/") {
        "This asset is not part of this Keystead version: reload the console."
    } else {
        "There is no page here."
    };
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found · Keystead</title></head>\
             <body><h1>Not found</h1><p>{home}</p><p>The Keystead web console is at <a href=\"/\">/</a>; \
             the HTTP API is under <a href=\"/api/docs\">/api/docs</a>.</p></body></html>"
        ),
    )
}
