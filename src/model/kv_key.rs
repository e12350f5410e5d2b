use super::string_newtype;
use crate::{Error, Result};

/// A KV key: `[A-Za-z0-9_.-]{1,255}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KvKey(String);

impl KvKey {
    pub fn parse(raw: &str) -> Result<Self> {
        let valid = !raw.is_empty()
            && raw.len() <= 255
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Error::invalid(format!(
                "invalid KV key {:?}: use 1 to 255 characters of A-Z, a-z, 0-9, '_', '.' and '-' \
                 (for example: last_run.cursor)",
                super::shown(raw)
            )))
        }
    }
}

string_newtype!(KvKey);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_rules() {
        for good in ["cursor", "Last_Run.cursor-2", &"k".repeat(255)] {
            assert!(KvKey::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "a b", "a/b", "ü", &"k".repeat(256)] {
            assert!(KvKey::parse(bad).is_err(), "{bad}");
        }
    }
}
