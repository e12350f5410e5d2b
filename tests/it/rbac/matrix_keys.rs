//! The authorization matrix's entries for the master and data keys: status, recovery key,
//! passphrase change, moves and rotations. Only the administrator at the machine may call them.

use super::{Entry, Needs};
use crate::support::PASSPHRASE;
use keystead::api::dto::*;

/// Key methods, in the order of the command surface.
pub(super) fn entries() -> Vec<Entry> {
    use Needs::*;
    vec![
        entry!("key_status", LocalOnly, |k, c, _n| k
            .key_status(c)
            .await
            .map(drop)),
        entry!("key_recovery_create", LocalOnly, |k, c, _n| k
            .key_recovery_create(c)
            .await
            .map(drop)),
        entry!("key_passphrase_change", LocalOnly, |k, c, _n| k
            .key_passphrase_change(c, secrecy::SecretString::from(PASSPHRASE.to_owned()))
            .await
            .map(drop)),
        entry!("key_move", LocalOnly, |k, c, _n| k
            .key_move(c, KeyMode::Keyring, None)
            .await
            .map(drop)),
        entry!("key_rotate", LocalOnly, |k, c, _n| k
            .key_rotate(c, Some(secrecy::SecretString::from(PASSPHRASE.to_owned())))
            .await
            .map(drop)),
        entry!("key_rotate_data_keys", LocalOnly, |k, c, _n| k
            .key_rotate_data_keys(c)
            .await
            .map(drop)),
    ]
}
