//! KV pairs: values with a type, expiries and listings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::kv::KvType;

/// A value to store. From the HTTP API and the UI: `type` and a JSON `value` of that type. From
/// a command line: `parse: true` and the text in `value`, parsed as `type`, or inferred without one
/// (`42` → number, `true` → boolean, `{…}` → json, else string).
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KvValueInput {
    #[serde(rename = "type", default)]
    pub kind: Option<KvType>,
    #[ts(type = "unknown")]
    pub value: serde_json::Value,
    #[serde(default)]
    pub parse: bool,
}

/// What a write does to the expiry. `keep` (the default) never moves or drops it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(tag = "mode", rename_all = "snake_case")]
#[ts(export)]
pub enum KvExpiry {
    #[default]
    Keep,
    Clear,
    /// An ISO-8601 duration from now (`PT1H`, `P7D`); stored as an absolute time.
    Ttl {
        ttl: String,
    },
    /// An RFC 3339 time in the future.
    At {
        expires_at: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KvSetRequest {
    pub tenant: String,
    pub namespace: String,
    pub key: String,
    /// `null`: keep the value (change only the description or the expiry).
    pub value: Option<KvValueInput>,
    /// `null`: keep the description.
    pub description: Option<String>,
    #[serde(default)]
    pub expiry: KvExpiry,
    /// Write only if the current version is this one.
    pub if_version: Option<u32>,
    /// Write only if the key does not exist yet.
    #[serde(default)]
    pub if_absent: bool,
}

/// A KV pair, typed.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KvDto {
    /// Where the pair is defined (the asked namespace, or with inheritance a parent).
    pub namespace: String,
    pub key: String,
    #[serde(rename = "type")]
    pub kind: KvType,
    #[ts(type = "unknown")]
    pub value: serde_json::Value,
    pub description: String,
    pub version: u32,
    /// Absolute; `null`: never expires.
    pub expires_at: Option<String>,
    /// Seconds left until `expires_at` when this was read.
    pub expires_in: Option<i64>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KvListItem {
    /// Where the pair is defined.
    pub namespace: String,
    pub key: String,
    #[serde(rename = "type")]
    pub kind: KvType,
    /// The value as text, cut to 80 characters; a fixed mask when the caller may not resolve it
    /// (no `use` where the pair is defined).
    pub preview: String,
    pub description: String,
    pub version: u32,
    pub expires_at: Option<String>,
    pub expires_in: Option<i64>,
    pub inherited: bool,
    /// Parent namespaces whose pair of the same key this one shadows, nearest first.
    pub shadows: Vec<String>,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KvListRequest {
    pub tenant: String,
    pub namespace: String,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Also the parents' pairs, with their origin (nearest wins).
    #[serde(default)]
    pub effective: bool,
}
