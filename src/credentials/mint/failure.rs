//! Why a mint failed, in RFC 6749 §5.2 terms when the server said so, else Keystead's own codes.

use std::fmt;

/// A failed mint. Never carries a secret, token, assertion or Authorization header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MintFailure {
    /// The server's RFC 6749 §5.2 code, or one of Keystead's: `timeout`, `connect_failed`,
    /// `tls_error`, `redirect_refused`, `body_too_large`, `bad_response`, `invalid_config`.
    pub code: String,
    pub http_status: Option<u16>,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
    /// What the admin can do about it.
    pub hint: Option<String>,
    /// The server refused with a 4xx: the caller drops any cached token.
    pub is_client_error: bool,
}

pub(crate) const TIMEOUT: &str = "timeout";
pub(crate) const CONNECT_FAILED: &str = "connect_failed";
pub(crate) const TLS_ERROR: &str = "tls_error";
pub(crate) const REDIRECT_REFUSED: &str = "redirect_refused";
pub(crate) const BODY_TOO_LARGE: &str = "body_too_large";
pub(crate) const BAD_RESPONSE: &str = "bad_response";
pub(crate) const INVALID_CONFIG: &str = "invalid_config";

impl MintFailure {
    /// A failure Keystead detected itself (no server error code).
    pub(crate) fn local(code: &str, description: impl Into<String>) -> Self {
        MintFailure {
            code: code.to_owned(),
            http_status: None,
            error_description: Some(description.into()),
            error_uri: None,
            hint: None,
            is_client_error: false,
        }
    }

    pub(crate) fn invalid_config(description: impl Into<String>) -> Self {
        Self::local(INVALID_CONFIG, description)
    }

    pub(crate) fn bad_response(status: u16, description: impl Into<String>) -> Self {
        Self::local(BAD_RESPONSE, description).with_status(status)
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
        f.write_str(&self.code)?;
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
