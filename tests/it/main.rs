//! Integration tests: real SQLite files in temp dirs, the real CLI binary, no shared state.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test here

mod access;
mod caches;
mod cli;
mod crash;
mod credential_types;
mod credential_writes;
mod credentials;
mod credentials_cli;
mod crypto;
mod escalation;
mod expiring;
mod http_api;
mod http_files;
mod import_export;
mod keys;
mod kv;
mod leaks;
mod mint_client_credentials;
mod mint_diagnose;
mod mint_echo;
mod mint_expiry;
mod mint_faults;
mod mint_github;
mod mint_jwt;
mod mint_transport;
mod namespaces;
mod rbac;
mod remote_cli;
mod secret_reach;
mod secrets;
mod support;
mod token_server;
