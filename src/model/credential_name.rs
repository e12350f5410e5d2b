use super::string_newtype;
use crate::{Error, Result};

/// A credential or credential-type name: `[a-z0-9][a-z0-9_.-]*`, at most 128 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CredentialName(String);

impl CredentialName {
    pub fn parse(raw: &str) -> Result<Self> {
        let valid = !raw.is_empty()
            && raw.len() <= 128
            && raw
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && raw.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
            });
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Error::invalid(format!(
                "invalid name {raw:?}: use 1 to 128 characters of a-z, 0-9, '_', '.' and '-', starting with a \
                 letter or digit (for example: github-deploy, okta_ci)"
            )))
        }
    }
}

string_newtype!(CredentialName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert!(CredentialName::parse("okta-ci.prod_1").is_ok());
        for bad in ["", "-x", "Upper", "a b", "a/b", &"a".repeat(129)] {
            assert!(
                CredentialName::parse(bad)
                    .unwrap_err()
                    .to_string()
                    .contains("1 to 128"),
                "{bad}"
            );
        }
    }
}
