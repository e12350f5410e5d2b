//! One error type for the core. Every variant has a stable [`ErrorCode`]; shells show the message and
//! branch on the code. Messages never contain secret values.

use crate::credentials::mint::MintErrorCode;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that does not parse or violates a rule; the message says what is allowed.
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    ReadOnly(String),
    /// No valid API token: missing, malformed, unknown, expired, revoked, or its owner disabled.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller lacks the role this action needs here; the message names role and scope.
    #[error("{0}")]
    Forbidden(String),
    /// The master key is wrapped by a passphrase and none was given.
    #[error("{0}")]
    PassphraseRequired(String),
    #[error("the passphrase does not unlock the master key of this data dir; nothing was changed")]
    WrongPassphrase,
    /// The key store (OS keyring) could not provide the master key.
    #[error("{0}")]
    KeyUnavailable(String),
    /// Ciphertext failed authentication: tampering, a swapped row, or the wrong key.
    #[error("{0}")]
    Integrity(String),
    #[error("{context}: {source}")]
    Storage {
        context: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A token endpoint refused or failed to mint; `code` says why, the message adds the server's
    /// description and a hint.
    #[error("{message}")]
    TokenMint {
        code: MintErrorCode,
        message: String,
    },
    #[error("{0}")]
    Internal(String),
    /// An error a Keystead server reported (the remote CLI), with its code as sent.
    #[error("{}", .0.message)]
    Remote(WireError),
}

/// Stable, machine-readable error codes (the UI and scripts branch on these, never on messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    Conflict,
    ReadOnly,
    Unauthenticated,
    Forbidden,
    PassphraseRequired,
    WrongPassphrase,
    KeyUnavailable,
    Integrity,
    Storage,
    Io,
    TokenMint,
    Internal,
    /// HTTP API: too many failed authentications from this client; retry after the delay given.
    RateLimited,
    /// HTTP API: the request body is larger than the server accepts.
    PayloadTooLarge,
    /// HTTP API: the request took too long.
    Timeout,
    /// HTTP API: the route exists but not with this method.
    MethodNotAllowed,
    /// HTTP API: the body is not JSON (or the Content-Type says otherwise).
    UnsupportedMediaType,
    /// The HTTP API could not be reached, or answered with something that is not Keystead's.
    Transport,
}

/// A parser's message (serde's, a YAML or JSON library's) without the input it quotes: each
/// double-quoted string becomes `"…"`, and so does each backtick span that shows input (an unknown
/// field or variant, an invalid value), since it may be a value from the input (a secret written in
/// the wrong file). Names from the schema stay: a missing field, and what was expected. The message
/// is cut at 300 characters.
pub fn without_quoted_input(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(320));
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        let schema_name = c == '`' && (out.ends_with("missing field ") || out.contains("expected"));
        if !matches!(c, '"' | '`') || schema_name {
            out.push(c);
            if schema_name {
                // Copied as is up to the closing backtick.
                let end = rest.find('`').map_or(rest.len(), |at| at + 1);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            continue;
        }
        out.push(c);
        out.push('…');
        out.push(c);
        let unknown_name = c == '`'
            && (out.ends_with("unknown field `…`") || out.ends_with("unknown variant `…`"));
        // An unknown name may hold backticks itself: it ends where serde's text goes on.
        let ends_at = if unknown_name {
            ["`, expected", "`, there are no"]
                .iter()
                .filter_map(|tail| rest.rfind(tail))
                .max()
        } else {
            None
        };
        match ends_at {
            Some(at) => rest = &rest[at + 1..],
            None => {
                let mut escaped = false;
                let mut consumed = rest.len();
                for (at, inner) in rest.char_indices() {
                    match inner {
                        '\\' if c == '"' && !escaped => escaped = true,
                        quote if quote == c && !escaped => {
                            consumed = at + quote.len_utf8();
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                rest = &rest[consumed..];
            }
        }
    }
    if out.chars().count() > 300 {
        out = out.chars().take(300).collect::<String>() + "…";
    }
    out
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::ReadOnly(_) => ErrorCode::ReadOnly,
            Error::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::PassphraseRequired(_) => ErrorCode::PassphraseRequired,
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::KeyUnavailable(_) => ErrorCode::KeyUnavailable,
            Error::Integrity(_) => ErrorCode::Integrity,
            Error::Storage { .. } => ErrorCode::Storage,
            Error::Io { .. } => ErrorCode::Io,
            Error::TokenMint { .. } => ErrorCode::TokenMint,
            Error::Internal(_) => ErrorCode::Internal,
            Error::Remote(wire) => wire.code,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput(message.into())
    }

    /// The `{code, message}` shape that crosses every boundary (Tauri, HTTP, CLI `--json`).
    /// Storage, I/O and internal failures are logged with their details here; the shell gets a
    /// plain message without database text or file paths.
    pub fn to_wire(&self) -> WireError {
        let message = match self {
            Error::Storage { context, source } => {
                tracing::error!(%context, error = %source, "storage error");
                format!(
                    "a storage error occurred while {context}; the details are in Keystead's log"
                )
            }
            Error::Io { context, source } => {
                tracing::error!(%context, error = %source, "I/O error");
                format!(
                    "a file system error occurred while {context}; the details are in Keystead's log"
                )
            }
            Error::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                "an internal error occurred; the details are in Keystead's log".to_owned()
            }
            other => other.to_string(),
        };
        WireError {
            code: self.code(),
            message,
            mint_error: match self {
                Error::TokenMint { code, .. } => Some(*code),
                Error::Remote(wire) => wire.mint_error,
                _ => None,
            },
        }
    }
}

impl From<Error> for WireError {
    fn from(error: Error) -> Self {
        error.to_wire()
    }
}

/// An error as shells see it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct WireError {
    pub code: ErrorCode,
    pub message: String,
    /// With `token_mint`: why the mint failed (the same codes as a Test result's `error`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mint_error: Option<MintErrorCode>,
}

/// Adds "what was being attempted" to storage and I/O errors.
pub trait Context<T> {
    fn context(self, what: impl Into<String>) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, sqlx::Error> {
    fn context(self, what: impl Into<String>) -> Result<T> {
        self.map_err(|source| Error::Storage {
            context: what.into(),
            source,
        })
    }
}

impl<T> Context<T> for std::result::Result<T, std::io::Error> {
    fn context(self, what: impl Into<String>) -> Result<T> {
        self.map_err(|source| Error::Io {
            context: what.into(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::without_quoted_input;

    #[test]
    fn parser_messages_lose_the_input_they_quote() {
        let message = r#"invalid type: string "DB_PASSWORD=hunter2 \"q\" API_KEY=sk_live", expected struct CredentialDefinition at line 1 column 40"#;
        let cleaned = without_quoted_input(message);
        assert_eq!(
            cleaned,
            r#"invalid type: string "…", expected struct CredentialDefinition at line 1 column 40"#
        );
        let long = format!("unknown field `x`{}", " ".repeat(1000));
        assert!(without_quoted_input(&long).chars().count() <= 301);
        assert_eq!(
            without_quoted_input("missing field `name`"),
            "missing field `name`"
        );
        assert_eq!(
            without_quoted_input(
                "unknown field `API_KEY=sk_live`, expected one of `namespace`, `name` at line 2"
            ),
            "unknown field `…`, expected one of `namespace`, `name` at line 2"
        );
        assert_eq!(
            without_quoted_input("unknown field `a`SECRET`, expected one of `value`"),
            "unknown field `…`, expected one of `value`"
        );
        assert_eq!(
            without_quoted_input("invalid type: integer `123456`, expected a string"),
            "invalid type: integer `…`, expected a string"
        );
    }
}
