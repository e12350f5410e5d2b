//! API token text: `kst_` + 30 random base62 characters (≈178 bits) + 6 base62 characters of the
//! CRC32 of everything before them — 40 characters. A mistyped or truncated token fails the
//! checksum before any lookup; secret scanners can match the prefix. Only a SHA-256 of the whole
//! token is stored; the first characters of the random part identify the row.

use crate::{Error, Result};
use aws_lc_rs::digest;
use zeroize::Zeroizing;

pub const PREFIX: &str = "kst_";
const RANDOM_CHARS: usize = 30;
const CHECKSUM_CHARS: usize = 6;
pub const TOKEN_CHARS: usize = PREFIX.len() + RANDOM_CHARS + CHECKSUM_CHARS;
/// Characters of the random part that form the lookup id (and the displayed prefix).
const ID_CHARS: usize = 8;
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A freshly drawn token. The plaintext is shown once and then dropped.
pub struct NewToken {
    pub plaintext: Zeroizing<String>,
    pub id: String,
    pub hash: Vec<u8>,
}

/// A token that passed the format and checksum checks (not yet looked up).
pub struct Presented<'a> {
    pub id: &'a str,
    pub text: &'a str,
}

pub fn generate() -> Result<NewToken> {
    let mut text = String::with_capacity(TOKEN_CHARS);
    text.push_str(PREFIX);
    let mut drawn = 0;
    while drawn < RANDOM_CHARS {
        let mut bytes = [0u8; 64];
        aws_lc_rs::rand::fill(&mut bytes)
            .map_err(|_| Error::Internal("the system random generator failed".into()))?;
        // 248 = 4 × 62: rejecting larger bytes keeps every character equally likely.
        for byte in bytes.into_iter().filter(|b| *b < 248) {
            if drawn == RANDOM_CHARS {
                break;
            }
            text.push(char::from(BASE62[usize::from(byte % 62)]));
            drawn += 1;
        }
    }
    let checksum = checksum(&text);
    text.push_str(&checksum);
    let text = Zeroizing::new(text);
    Ok(NewToken {
        id: text[PREFIX.len()..PREFIX.len() + ID_CHARS].to_owned(),
        hash: hash(&text),
        plaintext: text,
    })
}

/// Checks the shape and checksum; says what is wrong without echoing the token.
pub fn parse(text: &str) -> Result<Presented<'_>> {
    let refused = |why: &str| Error::Unauthenticated(format!("the API token {why}"));
    let Some(rest) = text.strip_prefix(PREFIX) else {
        return Err(refused("does not start with kst_: copy the whole token"));
    };
    if text.len() != TOKEN_CHARS || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(refused(&format!(
            "is not {TOKEN_CHARS} characters of kst_ and letters or digits: it may be truncated"
        )));
    }
    let (body, sum) = text.split_at(TOKEN_CHARS - CHECKSUM_CHARS);
    if checksum(body) != sum {
        return Err(refused(
            "has a wrong checksum: it was mistyped or truncated",
        ));
    }
    Ok(Presented {
        id: &rest[..ID_CHARS],
        text,
    })
}

pub fn hash(text: &str) -> Vec<u8> {
    digest::digest(&digest::SHA256, text.as_bytes())
        .as_ref()
        .to_vec()
}

/// Whether `text` hashes to `stored`, compared in constant time.
pub fn matches(text: &str, stored: &[u8]) -> bool {
    aws_lc_rs::constant_time::verify_slices_are_equal(&hash(text), stored).is_ok()
}

/// The shown form of a token: `kst_` and its id, never more.
pub fn display_prefix(id: &str) -> String {
    format!("{PREFIX}{id}…")
}

fn checksum(body: &str) -> String {
    let mut value = u64::from(crc32fast::hash(body.as_bytes()));
    let mut out = [b'0'; CHECKSUM_CHARS];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(value % 62) as usize];
        value /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_parse_and_hash_to_their_stored_hash() {
        let token = generate().unwrap();
        assert_eq!(token.plaintext.len(), TOKEN_CHARS);
        assert!(token.plaintext.starts_with("kst_"));
        let presented = parse(&token.plaintext).unwrap();
        assert_eq!(presented.id, token.id);
        assert!(matches(presented.text, &token.hash));
        assert_ne!(generate().unwrap().plaintext, token.plaintext);
    }

    #[test]
    fn mistyped_truncated_and_foreign_tokens_are_refused_before_lookup() {
        let token = generate().unwrap();
        let text = token.plaintext.as_str();
        let mut typo = text.to_owned().into_bytes();
        typo[10] = if typo[10] == b'a' { b'b' } else { b'a' };
        let typo = String::from_utf8(typo).unwrap();
        for (bad, why) in [
            (typo.as_str(), "checksum"),
            (&text[..39], "truncated"),
            ("ghp_0123456789012345678901234567890123456", "kst_"),
            ("", "kst_"),
        ] {
            let err = parse(bad).err().unwrap().to_string();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(
                bad.is_empty() || !err.contains(bad),
                "never echoes the token"
            );
        }
    }
}
