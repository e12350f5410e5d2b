//! Keystead core: tenants, namespaces, encrypted secrets and the audit log, behind one command
//! surface ([`api`]) that the CLI, the HTTP API and the desktop app all call.

pub mod access;
pub mod api;
pub mod audit;
pub mod cache;
pub mod credentials;
pub mod crypto;
pub mod error;
pub mod expiring;
pub mod http;
pub mod keys;
pub mod kv;
pub mod model;
pub mod namespaces;
pub mod process;
pub mod secrets;
pub mod store;
pub mod tenants;
pub mod time;

pub use error::{Error, ErrorCode, Result};
