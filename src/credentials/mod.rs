//! Credentials: reusable server-to-server authentication objects that mint short-lived tokens.

pub mod cache;
pub mod definition;
pub mod mint;
pub mod resolve;
pub mod static_check;
pub mod types;
