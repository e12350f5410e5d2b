//! Integration tests: real SQLite files in temp dirs, the real CLI binary, no shared state.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test here

mod cli;
mod crash;
mod crypto;
mod import_export;
mod leaks;
mod secrets;
mod support;
