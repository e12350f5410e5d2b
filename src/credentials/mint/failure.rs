//! Why a mint failed, in RFC 6749 §5.2 terms when the server said so, else Keystead's own codes.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// A failed mint. Never carries a secret, token, assertion or Authorization header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MintFailure {
    pub code: MintErrorCode,
    /// The `error` the server sent, verbatim (printable ASCII, at most 64 characters); tells an
    /// [`MintErrorCode::OtherServerError`] apart.
    pub server_error: Option<String>,
    pub http_status: Option<u16>,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
    /// What the admin can do about it.
    pub hint: Option<String>,
    /// The server refused with a 4xx: the caller drops any cached token.
    pub is_client_error: bool,
}

/// Why a mint or Test failed: the server's RFC 6749 §5.2 / RFC 8707 code, or one of Keystead's own
/// for what happened before or around the exchange. Scripts and the UI branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MintErrorCode {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    InvalidScope,
    /// RFC 8707: the audience or resource was refused.
    InvalidTarget,
    AccessDenied,
    ServerError,
    TemporarilyUnavailable,
    /// The server sent an error code that is none of the above (see `server_error`).
    OtherServerError,
    /// No complete answer within the credential's timeout.
    Timeout,
    ConnectFailed,
    TlsError,
    /// The endpoint answered with a redirect, which Keystead never follows.
    RedirectRefused,
    BodyTooLarge,
    /// The answer was not a token response nor an RFC 6749 error document.
    BadResponse,
    /// The credential's inputs cannot produce a request; nothing was sent.
    InvalidConfig,
    /// A `{{ secret('KEY') }}` reference resolves to no secret; nothing was sent.
    SecretUnresolved,
    /// A static credential's key does not parse.
    InvalidKey,
}

impl MintErrorCode {
    const SERVER_CODES: [(&'static str, MintErrorCode); 10] = [
        ("invalid_request", MintErrorCode::InvalidRequest),
        ("invalid_client", MintErrorCode::InvalidClient),
        ("invalid_grant", MintErrorCode::InvalidGrant),
        ("unauthorized_client", MintErrorCode::UnauthorizedClient),
        (
            "unsupported_grant_type",
            MintErrorCode::UnsupportedGrantType,
        ),
        ("invalid_scope", MintErrorCode::InvalidScope),
        ("invalid_target", MintErrorCode::InvalidTarget),
        ("access_denied", MintErrorCode::AccessDenied),
        ("server_error", MintErrorCode::ServerError),
        (
            "temporarily_unavailable",
            MintErrorCode::TemporarilyUnavailable,
        ),
    ];

    /// The code for an `error` a server sent.
    pub fn from_server(raw: &str) -> Self {
        Self::SERVER_CODES
            .iter()
            .find(|(name, _)| *name == raw)
            .map_or(MintErrorCode::OtherServerError, |(_, code)| *code)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MintErrorCode::InvalidRequest => "invalid_request",
            MintErrorCode::InvalidClient => "invalid_client",
            MintErrorCode::InvalidGrant => "invalid_grant",
            MintErrorCode::UnauthorizedClient => "unauthorized_client",
            MintErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            MintErrorCode::InvalidScope => "invalid_scope",
            MintErrorCode::InvalidTarget => "invalid_target",
            MintErrorCode::AccessDenied => "access_denied",
            MintErrorCode::ServerError => "server_error",
            MintErrorCode::TemporarilyUnavailable => "temporarily_unavailable",
            MintErrorCode::OtherServerError => "other_server_error",
            MintErrorCode::Timeout => "timeout",
            MintErrorCode::ConnectFailed => "connect_failed",
            MintErrorCode::TlsError => "tls_error",
            MintErrorCode::RedirectRefused => "redirect_refused",
            MintErrorCode::BodyTooLarge => "body_too_large",
            MintErrorCode::BadResponse => "bad_response",
            MintErrorCode::InvalidConfig => "invalid_config",
            MintErrorCode::SecretUnresolved => "secret_unresolved",
            MintErrorCode::InvalidKey => "invalid_key",
        }
    }
}

impl fmt::Display for MintErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for MintErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl MintFailure {
    /// A failure Keystead detected itself (no server error code).
    pub(crate) fn local(code: MintErrorCode, description: impl Into<String>) -> Self {
        MintFailure {
            code,
            server_error: None,
            http_status: None,
            error_description: Some(description.into()),
            error_uri: None,
            hint: None,
            is_client_error: false,
        }
    }

    /// The server's own `error` code (already checked to be printable ASCII).
    pub(crate) fn from_server(raw: &str, status: u16) -> Self {
        let mut failure = Self::local(MintErrorCode::from_server(raw), String::new());
        failure.error_description = None;
        failure.server_error = Some(raw.to_owned());
        failure.with_status(status)
    }

    pub(crate) fn invalid_config(description: impl Into<String>) -> Self {
        Self::local(MintErrorCode::InvalidConfig, description)
    }

    pub(crate) fn bad_response(status: u16, description: impl Into<String>) -> Self {
        Self::local(MintErrorCode::BadResponse, description).with_status(status)
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self.is_client_error = (400..500).contains(&status);
        self
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for MintFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_str())?;
        if let Some(status) = self.http_status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(description) = &self.error_description {
            write!(f, ": {description}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MintFailure {}
