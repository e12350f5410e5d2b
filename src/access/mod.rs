//! Who may do what: principals (users and service accounts), their role bindings, the rights those
//! give, and the API tokens machines carry.

mod principals;
mod rights;
mod role;
mod token_format;
mod tokens;

pub use principals::{Binding, Principal, PrincipalKind, Principals, current_rights};
pub use rights::{Grant, Rights};
pub use role::Role;
pub use token_format::{
    PREFIX as TOKEN_PREFIX, TOKEN_CHARS, display_prefix as token_display_prefix,
};
pub(crate) use tokens::TokenEntry;
pub use tokens::{
    ApiToken, ApiTokens, TokenSettings, Verified, not_found as token_not_found, token_id,
};
