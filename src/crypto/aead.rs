//! AES-256-GCM with a random 96-bit nonce. Sealed format: `0x01 || nonce (12) || ciphertext || tag (16)`.

use crate::{Error, Result};
use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

const FORMAT_V1: u8 = 1;

/// A 256-bit symmetric key, zeroed on drop.
#[derive(Clone)]
pub struct Key(Zeroizing<[u8; 32]>);

impl Key {
    pub fn generate() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        aws_lc_rs::rand::fill(bytes.as_mut())
            .map_err(|_| Error::Internal("the system random generator failed".into()))?;
        Ok(Self(bytes))
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| {
            Error::Integrity(format!("a key must be 32 bytes, found {}", bytes.len()))
        })?;
        Ok(Self(Zeroizing::new(array)))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    fn aead(&self) -> Result<LessSafeKey> {
        let unbound = UnboundKey::new(&AES_256_GCM, self.as_bytes())
            .map_err(|_| Error::Internal("AES-256-GCM rejected the key".into()))?;
        Ok(LessSafeKey::new(unbound))
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(**redacted**)")
    }
}

pub fn seal(key: &Key, aad: &str, plaintext: &[u8]) -> Result<Vec<u8>> {
    let mut nonce = [0u8; NONCE_LEN];
    aws_lc_rs::rand::fill(&mut nonce)
        .map_err(|_| Error::Internal("the system random generator failed".into()))?;
    let mut buffer = plaintext.to_vec();
    key.aead()?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad.as_bytes()),
            &mut buffer,
        )
        .map_err(|_| Error::Internal("sealing failed".into()))?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + buffer.len());
    out.push(FORMAT_V1);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&buffer);
    Ok(out)
}

/// Opens a sealed value; fails when the key, the AAD or any byte differs from what was sealed.
pub fn open(key: &Key, aad: &str, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let bad = || {
        Error::Integrity(format!(
            "the ciphertext for {aad} does not authenticate (wrong key, moved or altered row)"
        ))
    };
    if sealed.len() < 1 + NONCE_LEN + 16 || sealed[0] != FORMAT_V1 {
        return Err(bad());
    }
    let nonce: [u8; NONCE_LEN] = sealed[1..1 + NONCE_LEN].try_into().map_err(|_| bad())?;
    let mut buffer = Zeroizing::new(sealed[1 + NONCE_LEN..].to_vec());
    let len = key
        .aead()?
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad.as_bytes()),
            buffer.as_mut_slice(),
        )
        .map_err(|_| bad())?
        .len();
    buffer.truncate(len);
    Ok(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_binding() {
        let key = Key::generate().unwrap();
        let sealed = seal(&key, "row-a", b"hello").unwrap();
        assert_eq!(open(&key, "row-a", &sealed).unwrap().as_slice(), b"hello");
        assert!(matches!(
            open(&key, "row-b", &sealed),
            Err(Error::Integrity(_))
        ));
        let other = Key::generate().unwrap();
        assert!(open(&other, "row-a", &sealed).is_err());
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(open(&key, "row-a", &flipped).is_err());
        assert_ne!(
            seal(&key, "row-a", b"hello").unwrap(),
            sealed,
            "nonces are random"
        );
    }
}
