use super::string_newtype;
use crate::{Error, Result};

/// A tenant id: `[a-z0-9][a-z0-9_-]{0,62}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(String);

impl TenantId {
    pub const DEFAULT: &'static str = "main";

    pub fn parse(raw: &str) -> Result<Self> {
        let valid = !raw.is_empty()
            && raw.len() <= 63
            && raw
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Error::invalid(format!(
                "invalid tenant id {raw:?}: use 1 to 63 characters of a-z, 0-9, '_' and '-', \
                 starting with a letter or digit (for example: main, acme-prod)"
            )))
        }
    }

    pub fn default_tenant() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

string_newtype!(TenantId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_ids() {
        for ok in ["main", "a", "acme-prod", "t_1", "0abc"] {
            assert!(TenantId::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_bad_ids_with_a_rule() {
        for bad in ["", "Main", "-a", "_a", "a b", "a.b", &"a".repeat(64)] {
            let err = TenantId::parse(bad).unwrap_err().to_string();
            assert!(err.contains("1 to 63 characters"), "{bad}: {err}");
        }
    }
}
