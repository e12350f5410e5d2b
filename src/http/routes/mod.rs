//! The routes. Each handler: authenticate, parse, call one `Keystead` method, map the result.

pub mod access;
pub mod admin;
pub mod credentials;
pub mod kv;
pub mod secrets;

use super::error::ApiError;
use super::extract::Json;
use crate::error::{ErrorCode, WireError};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::openapi::{RefOr, ResponseBuilder, ResponsesBuilder};
use utoipa::{PartialSchema, ToSchema};

/// The error answers every authenticated route may give (`{code, message}` bodies).
pub struct Errors;

impl utoipa::IntoResponses for Errors {
    fn responses() -> std::collections::BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    utoipa::openapi::ContentBuilder::new()
                        .schema(Some(WireError::schema()))
                        .build(),
                )
                .build()
        };
        ResponsesBuilder::new()
            .response(
                "400",
                error("the request is invalid: the message says what to fix"),
            )
            .response("401", error("no API token, or the token was refused"))
            .response("403", error("the token's role does not allow this here"))
            .response("404", error("not found"))
            .response(
                "409",
                error("conflicts with the current state (exists, read-only)"),
            )
            .response("413", error("the request body is too large"))
            .response("414", error("the request target is longer than 8 KiB"))
            .response("415", error("the request body is not JSON"))
            .response(
                "422",
                error("the JSON body does not fit the route's schema"),
            )
            .response(
                "431",
                error("more than 64 request headers, or more than 48 KiB of them"),
            )
            .response(
                "429",
                error("too many failed authentications from this address"),
            )
            .response(
                "500",
                error("an internal error; details are in the server's log"),
            )
            .build()
            .into()
    }
}

/// A JSON 404 for every unknown path under /api.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "no such route: see /api/v1/openapi.json or /api/docs",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        "this route does not take that method: see /api/v1/openapi.json",
    )
}

/// The longest request target (path and query) answered; longer is a 414 with a JSON body.
/// (Past 64 KiB hyper refuses it before any route, with an empty 414.)
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// The most request header bytes (names and values) and headers answered; more is a 431 with a
/// JSON body. Cookies are not counted: Keystead sets none, and over HTTP/2 a browser may send each
/// cookie of a parent domain as a header of its own. (Past 100 headers or ~400 KiB hyper refuses
/// a request first, with an empty 431.)
pub const MAX_HEADER_BYTES: usize = 48 * 1024;
pub const MAX_HEADERS: usize = 64;

/// Refuses an over-long request target or header block, or a body declared larger than
/// accepted, with a `{code, message}` body that says the limit, before any route or
/// authentication.
pub async fn limit_request_head(request: Request, next: Next) -> Response {
    let uri = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if uri > MAX_URI_BYTES {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            ErrorCode::PayloadTooLarge,
            format!(
                "the request target is {uri} bytes, more than {MAX_URI_BYTES}: send long values in \
                 a JSON body"
            ),
        )
        .into_response();
    }
    let (count, bytes) = request
        .headers()
        .iter()
        .filter(|(name, _)| *name != header::COOKIE)
        .fold((0, 0), |(count, bytes), (name, value)| {
            (count + 1, bytes + name.as_str().len() + value.len())
        });
    if count > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!(
                "the request has {count} headers of {bytes} bytes (cookies aside); at most \
                 {MAX_HEADERS} headers of {MAX_HEADER_BYTES} bytes are accepted"
            ),
        )
        .into_response();
    }
    // A body declared too large is refused before it is waited for.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > super::MAX_BODY_BYTES as u64) {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!(
                "the request body is larger than {} MiB",
                super::MAX_BODY_BYTES / (1024 * 1024)
            ),
        )
        .into_response();
    }
    next.run(request).await
}

/// The timeout and body-limit layers answer with empty bodies: give them ours.
pub async fn json_for_empty_errors(response: Response) -> Response {
    let status = response.status();
    let has_body_type = response.headers().contains_key(header::CONTENT_TYPE);
    if has_body_type || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (code, message) = match status {
        StatusCode::REQUEST_TIMEOUT => (ErrorCode::Timeout, "the request took too long"),
        StatusCode::PAYLOAD_TOO_LARGE => {
            (ErrorCode::PayloadTooLarge, "the request body is too large")
        }
        _ => return response,
    };
    ApiError::new(status, code, message).into_response()
}

/// Server status for load balancers and benchmarks: no authentication, no data.
#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
}

#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, description = "the server is up", body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// `204 No Content` for methods that return nothing.
pub fn no_content() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `201 Created` with a JSON body.
pub fn created<T: Serialize>(value: T) -> (StatusCode, Json<T>) {
    (StatusCode::CREATED, Json(value))
}
