//! Key hierarchy: a random master key (OS keyring, or wrapped by a passphrase-derived key) wraps one
//! data key per tenant; data keys seal values with AES-256-GCM bound to their row by AAD.

mod aead;
mod data_keys;
mod master_key;

pub use aead::{Key, open, seal};
pub use data_keys::DataKeys;
pub use master_key::{KeyMode, KeySource, UnlockedMasterKey, is_initialized, os_keyring, unlock};
