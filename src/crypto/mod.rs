//! Key hierarchy: a random master key (OS keyring, or wrapped by a passphrase-derived key) wraps one
//! data key per tenant; data keys seal values with AES-256-GCM bound to their row by AAD.

mod aead;
mod data_keys;
pub mod kdf;
pub mod keyring;
mod master_key;
pub mod recovery;

pub use aead::{Key, open, seal};
pub use data_keys::DataKeys;
pub use keyring::os_keyring;
pub use master_key::{
    KeyMode, KeySource, UnlockedMasterKey, add_recovery, describe, is_initialized, key_check,
    recovery_aad, unlock, wrap_with_passphrase,
};
