use super::string_newtype;
use crate::{Error, Result};

/// A user's or service account's name: `[a-z0-9][a-z0-9-]{0,62}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrincipalName(String);

impl PrincipalName {
    pub fn parse(raw: &str) -> Result<Self> {
        let valid = !raw.is_empty()
            && raw.len() <= 63
            && raw
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Error::invalid(format!(
                "invalid principal name {raw:?}: use 1 to 63 characters of a-z, 0-9 and '-', starting \
                 with a letter or digit (for example: ci-deployer, alice)"
            )))
        }
    }
}

string_newtype!(PrincipalName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert!(PrincipalName::parse("ci-deployer").is_ok());
        assert!(PrincipalName::parse(&"a".repeat(63)).is_ok());
        for bad in ["", "-x", "Alice", "a_b", "a.b", "a b", &"a".repeat(64)] {
            assert!(PrincipalName::parse(bad).is_err(), "{bad}");
        }
    }
}
