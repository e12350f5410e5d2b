//! Errors as the HTTP API answers them: `{code, message}` with the status that fits the code.

use crate::error::without_quoted_input;
use crate::error::{Error, ErrorCode, WireError};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An error response. Built from the core's errors or from the HTTP layer's own refusals.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: WireError,
    retry_after: Option<u64>,
    /// `WWW-Authenticate` value for 401s.
    challenge: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: WireError {
                code,
                message: message.into(),
                mint_error: None,
            },
            retry_after: None,
            challenge: None,
        }
    }

    /// No or a refused API token: 401 with the Bearer challenge (RFC 6750).
    pub fn unauthenticated(message: impl Into<String>, presented: bool) -> Self {
        let mut error = Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            message,
        );
        error.challenge = Some(if presented {
            "Bearer realm=\"keystead\", error=\"invalid_token\""
        } else {
            "Bearer realm=\"keystead\""
        });
        error
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            format!(
                "too many failed authentications from this address: retry in {retry_after_secs} s"
            ),
        );
        error.retry_after = Some(retry_after_secs);
        error
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn message(&self) -> &str {
        &self.body.message
    }
}

/// The status for each core error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::ReadOnly => StatusCode::CONFLICT,
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::PassphraseRequired | ErrorCode::WrongPassphrase | ErrorCode::KeyUnavailable => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        // The token endpoint behind a credential failed: a bad gateway from the client's view.
        ErrorCode::TokenMint => StatusCode::BAD_GATEWAY,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Timeout => StatusCode::REQUEST_TIMEOUT,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::Integrity
        | ErrorCode::Storage
        | ErrorCode::Io
        | ErrorCode::Internal
        | ErrorCode::Transport => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let body = error.to_wire();
        let status = status_of(body.code);
        Self {
            status,
            body,
            retry_after: None,
            // The core refuses only tokens it was shown.
            challenge: (status == StatusCode::UNAUTHORIZED)
                .then_some("Bearer realm=\"keystead\", error=\"invalid_token\""),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        let headers = response.headers_mut();
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(challenge) = self.challenge {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let (code, message) = match &rejection {
            // serde quotes the strings it could not place: a value could be a secret.
            JsonRejection::JsonDataError(_) => {
                // The path before an unknown field is the field itself: input, not schema.
                let text = rejection.body_text();
                let shown = match text.find("unknown field") {
                    Some(at) => &text[at..],
                    None => text.as_str(),
                };
                (
                    ErrorCode::InvalidInput,
                    format!(
                        "the request body does not fit: {}",
                        without_quoted_input(shown)
                    ),
                )
            }
            JsonRejection::JsonSyntaxError(_) => (
                ErrorCode::InvalidInput,
                format!(
                    "the request body is not valid JSON: {}",
                    without_quoted_input(&rejection.body_text())
                ),
            ),
            JsonRejection::MissingJsonContentType(_) => (
                ErrorCode::UnsupportedMediaType,
                "send the request body as JSON with Content-Type: application/json".to_owned(),
            ),
            _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => (
                ErrorCode::PayloadTooLarge,
                format!(
                    "the request body is larger than {} MiB",
                    super::MAX_BODY_BYTES / (1024 * 1024)
                ),
            ),
            _ => (ErrorCode::InvalidInput, rejection.body_text()),
        };
        Self::new(rejection.status(), code, message)
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidInput,
            format!("the URL path does not fit: {}", rejection.body_text()),
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidInput,
            format!("the query string does not fit: {}", rejection.body_text()),
        )
    }
}
