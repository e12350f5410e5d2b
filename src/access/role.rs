//! The three roles. Each includes the ones below it: admin ⊃ use ⊃ read.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    TS,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// List and view metadata; values stay masked.
    Read,
    /// Read, plus resolve values for jobs: secret values, credential tokens, Test, KV values.
    Use,
    /// Use, plus create, update, delete, copy, reveal, import, export, tokens and bindings.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Read, Role::Use, Role::Admin];

    pub fn parse(raw: &str) -> Result<Self> {
        match raw {
            "read" => Ok(Role::Read),
            "use" => Ok(Role::Use),
            "admin" => Ok(Role::Admin),
            other => Err(Error::invalid(format!(
                "unknown role {other:?}: use read, use or admin"
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Read => "read",
            Role::Use => "use",
            Role::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_the_ones_below() {
        assert!(Role::Admin > Role::Use && Role::Use > Role::Read);
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
        }
        assert!(
            Role::parse("owner")
                .unwrap_err()
                .to_string()
                .contains("read, use or admin")
        );
    }
}
