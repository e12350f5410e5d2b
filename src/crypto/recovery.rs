//! The recovery key: 256 random bits shown once as text (`KSR-…`), never stored. The master key is
//! kept sealed with a key derived from it, so the data dir opens when the keyring entry or the
//! passphrase is lost.

use super::aead::Key;
use crate::{Error, Result};
use aws_lc_rs::digest;
use zeroize::Zeroizing;

const PREFIX: &str = "KSR";
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new recovery key: its text (show it once) and the key it derives.
pub fn generate() -> Result<(Zeroizing<String>, Key)> {
    let mut secret = Zeroizing::new([0u8; 32]);
    aws_lc_rs::rand::fill(secret.as_mut())
        .map_err(|_| Error::Internal("the system random generator failed".into()))?;
    let encoded = base32(secret.as_ref());
    let mut text = String::from(PREFIX);
    for chunk in encoded.as_bytes().chunks(4) {
        text.push('-');
        text.push_str(&String::from_utf8_lossy(chunk));
    }
    Ok((Zeroizing::new(text), wrapping_key(secret.as_ref())?))
}

/// The key a recovery key's text derives; spaces, dashes and case do not matter.
pub fn parse(text: &str) -> Result<Key> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let body = compact.strip_prefix(PREFIX).unwrap_or(&compact);
    let secret = Zeroizing::new(unbase32(body).ok_or_else(|| {
        Error::invalid(
            "that is not a Keystead recovery key: it looks like KSR-XXXX-XXXX-… (52 letters and \
             digits after KSR)",
        )
    })?);
    if secret.len() != 32 {
        return Err(Error::invalid(
            "that recovery key is incomplete: copy all of it, KSR- included",
        ));
    }
    wrapping_key(&secret)
}

fn wrapping_key(secret: &[u8]) -> Result<Key> {
    let mut input = Zeroizing::new(b"keystead recovery key v1\0".to_vec());
    input.extend_from_slice(secret);
    Key::from_slice(digest::digest(&digest::SHA256, &input).as_ref())
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|a| *a == c)?;
        buffer = (buffer << 5) | u32::try_from(value).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_key_parses_back_to_the_same_key_however_it_is_typed() {
        let (text, key) = generate().unwrap();
        assert!(text.starts_with("KSR-"));
        assert_eq!(parse(&text).unwrap().as_bytes(), key.as_bytes());
        let sloppy = text.to_lowercase().replace('-', " ");
        assert_eq!(parse(&sloppy).unwrap().as_bytes(), key.as_bytes());
        let truncated = &text[..text.len() - 5];
        assert!(parse(truncated).is_err());
        let err = parse("hunter2-is-not-it").unwrap_err().to_string();
        assert!(!err.contains("hunter2"), "never echoed: {err}");
    }
}
