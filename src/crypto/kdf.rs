//! Passphrase → key with Argon2id. Parameters are stored with each data dir (so they can be raised
//! later) and bounded when read (a tampered row cannot make an unlock take hours or all memory).

use super::aead::Key;
use crate::{Error, Result};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// The shortest passphrase accepted for a new master key wrapping.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Argon2id cost: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

/// What new passphrase wrappings use: 64 MiB, 3 passes, 1 lane (above OWASP's minimum; about
/// 0.1-0.2 s on the 2-core machine in a release build, see BENCHMARKS.md).
pub const CURRENT: KdfParams = KdfParams {
    m_kib: 64 * 1024,
    t: 3,
    p: 1,
};

impl KdfParams {
    /// Parameters read from a data dir, refused when outside sane bounds.
    pub fn stored(m: i64, t: i64, p: i64) -> Result<Self> {
        let within = |v: i64, lo: i64, hi: i64| (lo..=hi).contains(&v);
        if !(within(m, 8 * 1024, 1024 * 1024) && within(t, 1, 16) && within(p, 1, 16)) {
            return Err(Error::Integrity(format!(
                "the stored passphrase parameters are out of bounds (m={m} KiB, t={t}, p={p}): \
                 the key material was tampered with"
            )));
        }
        Ok(Self {
            m_kib: u32::try_from(m).unwrap_or(u32::MAX),
            t: u32::try_from(t).unwrap_or(1),
            p: u32::try_from(p).unwrap_or(1),
        })
    }

    pub fn describe(self) -> String {
        format!(
            "Argon2id, {} MiB, {} passes, {} lane(s)",
            self.m_kib / 1024,
            self.t,
            self.p
        )
    }
}

/// Refuses a new passphrase that is too short (the desktop app adds a strength hint).
pub fn check_new_passphrase(passphrase: &SecretString) -> Result<()> {
    let chars = passphrase.expose_secret().chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(format!(
            "the new passphrase has {chars} characters: use at least {MIN_PASSPHRASE_CHARS} \
             (four or more random words make a good one)"
        )));
    }
    Ok(())
}

pub fn new_salt() -> Result<Vec<u8>> {
    let mut salt = [0u8; 16];
    aws_lc_rs::rand::fill(&mut salt)
        .map_err(|_| Error::Internal("the system random generator failed".into()))?;
    Ok(salt.to_vec())
}

/// Derives the key that wraps the master key (on a blocking thread: it takes a while on purpose).
pub async fn derive(passphrase: SecretString, salt: Vec<u8>, params: KdfParams) -> Result<Key> {
    tokio::task::spawn_blocking(move || {
        let argon = Params::new(params.m_kib, params.t, params.p, Some(32))
            .map_err(|e| Error::Integrity(format!("bad KDF parameters: {e}")))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, argon)
            .hash_password_into(passphrase.expose_secret().as_bytes(), &salt, out.as_mut())
            .map_err(|e| Error::Internal(format!("deriving the key from the passphrase: {e}")))?;
        Key::from_slice(out.as_ref())
    })
    .await
    .map_err(|e| Error::Internal(format!("key derivation task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_parameters_are_bounded() {
        assert_eq!(KdfParams::stored(65536, 3, 1).unwrap(), CURRENT);
        assert!(
            KdfParams::stored(19 * 1024, 2, 1).is_ok(),
            "older data dirs still open"
        );
        for (m, t, p) in [
            (1 << 30, 3, 1),
            (65536, 1000, 1),
            (65536, 3, 0),
            (1024, 3, 1),
        ] {
            assert!(KdfParams::stored(m, t, p).is_err(), "{m} {t} {p}");
        }
    }

    #[test]
    fn short_passphrases_are_refused_with_a_hint() {
        let err = check_new_passphrase(&SecretString::from("eleven char")).unwrap_err();
        assert!(err.to_string().contains("at least 12"));
        assert!(check_new_passphrase(&SecretString::from("twelve chars")).is_ok());
    }
}
