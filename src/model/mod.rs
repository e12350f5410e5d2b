//! Domain newtypes that parse and validate: once constructed, a value is known to be well formed.

mod credential_name;
pub mod inheritance;
mod iso_duration;
mod kv_key;
mod namespace_id;
mod principal_name;
mod scope;
mod secret_key;
mod tenant_id;

pub use credential_name::CredentialName;
pub use iso_duration::IsoDuration;
pub use kv_key::KvKey;
pub use namespace_id::NamespaceId;
pub use principal_name::PrincipalName;
pub use scope::Scope;
pub use secret_key::{MAX_SECRET_VALUE_BYTES, SecretKey, SecretValue};
pub use tenant_id::TenantId;

/// At most 64 characters of user input, for messages (never a whole pasted document).
pub(crate) fn shown(raw: &str) -> String {
    let mut shown: String = raw.chars().take(64).collect();
    if raw.chars().count() > 64 {
        shown.push('…');
    }
    shown
}

/// Implements `Display`, `AsRef<str>`, `FromStr` and string serde for a validated string newtype.
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl std::str::FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> crate::Result<Self> {
                Self::parse(s)
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_newtype;
