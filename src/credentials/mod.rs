//! Credentials: reusable server-to-server authentication objects that mint short-lived tokens.

pub mod cache;
mod catalog;
pub mod definition;
pub mod mint;
mod reach;
pub mod resolve;
pub mod static_check;
mod type_catalog;
mod type_change;
pub mod types;
mod usage;

pub use catalog::{Credential, Credentials, LastTest, ListFilter, definition_scope};
pub use reach::SecretReach;
pub use type_catalog::CredentialTypes;
pub use usage::{CredentialUse, IssuedToken};
