//! The expiring-soon view: what it asks for and what it lists.

use super::MintErrorCode;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the expiring-soon view asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ExpiringQuery {
    pub tenant: String,
    /// ISO-8601 duration: items due within it from now (default `P30D`). Overdue items are
    /// always listed.
    pub within: Option<String>,
    /// ISO-8601 duration: a secret is due when its current value is this old (default `P90D`).
    pub secret_age: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExpiringKind {
    ApiToken,
    Kv,
    Secret,
    Credential,
}

/// One item that needs attention. Never a value or a token.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ExpiringItem {
    pub kind: ExpiringKind,
    /// Where it lives; `null` for API tokens and tenant-level credentials.
    pub namespace: Option<String>,
    /// The API token's, KV pair's, secret's or credential's name.
    pub name: String,
    /// API tokens: the owner.
    pub principal: Option<String>,
    /// API tokens: the displayed prefix (`kst_abcd…`).
    pub token_prefix: Option<String>,
    /// When it expires, reaches the age limit, or (credentials) the failed Test.
    pub at: String,
    /// Seconds from now to `at`: negative when overdue.
    pub seconds_left: i64,
    pub overdue: bool,
    /// Why it is listed, in words.
    pub reason: String,
    /// Secrets: when the current value was written.
    pub written_at: Option<String>,
    /// Credentials: the failed Test's error code.
    pub test_error: Option<MintErrorCode>,
}

/// What needs attention in a tenant, soonest first (overdue items lead).
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ExpiringReport {
    pub now: String,
    /// The end of the horizon.
    pub until: String,
    pub within: String,
    pub secret_age: String,
    pub items: Vec<ExpiringItem>,
}
