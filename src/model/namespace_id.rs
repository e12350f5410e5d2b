use super::string_newtype;
use crate::{Error, Result};

/// A namespace id: dot-separated segments of `[a-z0-9_-]+`, e.g. `company.team.etl`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ts_rs::TS, utoipa::ToSchema)]
#[ts(type = "string")]
pub struct NamespaceId(String);

const MAX_LEN: usize = 255;

impl NamespaceId {
    pub fn parse(raw: &str) -> Result<Self> {
        let segments_ok = raw.split('.').all(|segment| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        });
        if !raw.is_empty() && raw.len() <= MAX_LEN && segments_ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Error::invalid(format!(
                "invalid namespace {raw:?}: use dot-separated segments of a-z, 0-9, '_' and '-' \
                 (for example: company.team.etl), at most {MAX_LEN} characters, no empty segment"
            )))
        }
    }

    /// This namespace and its ancestors, nearest first: `a.b.c` → `a.b.c`, `a.b`, `a`.
    pub fn self_and_ancestors(&self) -> Vec<NamespaceId> {
        let mut out = vec![self.clone()];
        let mut current = self.0.as_str();
        while let Some(idx) = current.rfind('.') {
            current = &current[..idx];
            out.push(Self(current.to_owned()));
        }
        out
    }

    pub fn parent(&self) -> Option<NamespaceId> {
        self.0.rfind('.').map(|idx| Self(self.0[..idx].to_owned()))
    }

    /// The last segment (`etl` for `company.team.etl`).
    pub fn segment(&self) -> &str {
        self.0.rsplit('.').next().unwrap_or(&self.0)
    }
}

string_newtype!(NamespaceId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_are_nearest_first() {
        let ns = NamespaceId::parse("company.team.etl").unwrap();
        let names: Vec<_> = ns
            .self_and_ancestors()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(names, ["company.team.etl", "company.team", "company"]);
        assert_eq!(ns.parent().unwrap().as_str(), "company.team");
        assert_eq!(ns.segment(), "etl");
        assert!(NamespaceId::parse("company").unwrap().parent().is_none());
    }

    #[test]
    fn rejects_empty_segments_and_uppercase() {
        for bad in [
            "",
            ".",
            "a.",
            ".a",
            "a..b",
            "A.b",
            "a b",
            "a/b",
            &"a".repeat(256),
        ] {
            let err = NamespaceId::parse(bad).unwrap_err().to_string();
            assert!(err.contains("dot-separated segments"), "{bad}: {err}");
        }
        assert!(NamespaceId::parse("a-1.b_2.c").is_ok());
    }
}
