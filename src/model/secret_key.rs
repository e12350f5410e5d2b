use super::string_newtype;
use crate::{Error, Result};
use secrecy::{ExposeSecret, SecretString};

/// A secret key name: `[A-Za-z_][A-Za-z0-9_]*`, at most 255 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SecretKey(String);

const MAX_KEY_LEN: usize = 255;
pub const MAX_SECRET_VALUE_BYTES: usize = 64 * 1024;

impl SecretKey {
    pub fn parse(raw: &str) -> Result<Self> {
        let mut bytes = raw.bytes();
        let first_ok = bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
        if first_ok
            && raw.len() <= MAX_KEY_LEN
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Error::invalid(format!(
                "invalid secret key {raw:?}: use letters, digits and '_', starting with a letter or \
                 '_' (pattern [A-Za-z_][A-Za-z0-9_]*, at most {MAX_KEY_LEN} characters; for example: API_KEY)"
            )))
        }
    }
}

string_newtype!(SecretKey);

/// A secret value: non-empty UTF-8, at most 64 KiB. Never printed by `Debug`.
pub struct SecretValue(SecretString);

impl SecretValue {
    pub fn parse(raw: String) -> Result<Self> {
        if raw.is_empty() {
            return Err(Error::invalid(
                "the secret value is empty: give a value of 1 byte to 64 KiB",
            ));
        }
        if raw.len() > MAX_SECRET_VALUE_BYTES {
            return Err(Error::invalid(format!(
                "the secret value is {} bytes: values may be at most {MAX_SECRET_VALUE_BYTES} bytes (64 KiB)",
                raw.len()
            )));
        }
        Ok(Self(SecretString::from(raw)))
    }

    pub fn from_utf8(raw: Vec<u8>) -> Result<Self> {
        let text = String::from_utf8(raw)
            .map_err(|_| Error::invalid("the secret value is not valid UTF-8 text"))?;
        Self::parse(text)
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretValue(**redacted**)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_rules() {
        for ok in ["API_KEY", "_x", "a1", "A"] {
            assert!(SecretKey::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1A", "API-KEY", "a.b", "ключ", "A B", &"A".repeat(256)] {
            let err = SecretKey::parse(bad).unwrap_err().to_string();
            assert!(err.contains("[A-Za-z_][A-Za-z0-9_]*"), "{bad}: {err}");
        }
    }

    #[test]
    fn value_limits() {
        assert!(SecretValue::parse("x".repeat(MAX_SECRET_VALUE_BYTES)).is_ok());
        let err = SecretValue::parse("x".repeat(MAX_SECRET_VALUE_BYTES + 1)).unwrap_err();
        assert!(err.to_string().contains("at most 65536 bytes"), "{err}");
        assert!(
            SecretValue::parse(String::new())
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(SecretValue::from_utf8(vec![0xff, 0xfe]).is_err());
        assert_eq!(
            format!("{:?}", SecretValue::parse("hunter2".into()).unwrap()),
            "SecretValue(**redacted**)"
        );
    }
}
