//! The web console: the desktop's UI, built into the binary, served with long-cached hashed assets
//! and a strict content security policy. Unknown paths fall back to the app (client routing).

use axum::Router;
use axum::http::StatusCode;
use memory_serve::CacheControl;

/// Only our own scripts and styles; the UI talks to this server only. Mantine writes inline
/// styles, hence `'unsafe-inline'` for styles (never for scripts).
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

pub fn router() -> Router {
    memory_serve::load!()
        .index_file(Some("/index.html"))
        .fallback(Some("/index.html"))
        .fallback_status(StatusCode::OK)
        .html_cache_control(CacheControl::NoCache)
        .cache_control(CacheControl::Long)
        .into_router()
}
