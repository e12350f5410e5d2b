//! Principals, roles, role bindings, API tokens and the caller.

use super::{MASK, Scope};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::access::{PrincipalKind, Role, TOKEN_CHARS, TOKEN_PREFIX};

/// A role on a scope: a binding, or the narrowing of a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct GrantDto {
    pub role: Role,
    pub scope: Scope,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PrincipalDto {
    pub name: String,
    pub kind: PrincipalKind,
    pub description: String,
    /// A disabled principal's tokens are refused.
    pub disabled: bool,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PrincipalCreateRequest {
    pub tenant: String,
    pub name: String,
    pub kind: PrincipalKind,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RoleBindingDto {
    pub principal: String,
    pub role: Role,
    pub scope: Scope,
    pub created_at: String,
    pub created_by: String,
}

/// A principal's effective role at one scope, and the binding that grants it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct EffectiveRight {
    pub scope: Scope,
    pub role: Role,
    pub granted_by: GrantDto,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PrincipalDetail {
    pub principal: PrincipalDto,
    pub bindings: Vec<RoleBindingDto>,
    /// Per scope where it has a role: the tenant level and every namespace, nearest binding first.
    pub effective: Vec<EffectiveRight>,
    pub tokens: Vec<ApiTokenDto>,
}

/// Grants or revokes `role` for `principal` on a namespace (or, without one, the whole tenant).
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RoleChangeRequest {
    pub tenant: String,
    pub principal: String,
    pub role: Role,
    /// `null`: tenant level.
    pub namespace: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RoleListRequest {
    pub tenant: String,
    /// Only this principal's bindings.
    pub principal: Option<String>,
    /// Only the bindings that reach this namespace ("who can see it").
    pub namespace: Option<String>,
}

/// An API token as listed: never its plaintext.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ApiTokenDto {
    /// What `token revoke` and `token rotate` take.
    pub id: String,
    /// `kst_` and the id: enough to recognise it, never enough to use it.
    pub prefix: String,
    pub principal: String,
    pub name: String,
    pub description: String,
    /// ISO-8601 duration; `null`: never expires.
    pub max_age: Option<String>,
    pub extended: bool,
    pub narrowing: Option<GrantDto>,
    pub created_at: String,
    pub created_by: String,
    /// Absolute; `null`: never.
    pub expires_at: Option<String>,
    pub expired: bool,
    pub last_used_at: Option<String>,
    pub last_used_from: Option<String>,
    pub revoked: bool,
    /// May lie in the future for a rotated token in its grace period.
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TokenCreateRequest {
    pub tenant: String,
    pub principal: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ISO-8601 duration such as `P30D`; `null`: never expires.
    pub max_age: Option<String>,
    /// Each use moves the expiry to now + max age.
    #[serde(default)]
    pub extended: bool,
    /// At most this role, only in this scope and below; never more than the owner has there.
    pub narrowing: Option<GrantDto>,
}

/// A new token. `token` is its only appearance in plain text: store it now.
#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CreatedToken {
    pub token: String,
    pub info: ApiTokenDto,
}

impl std::fmt::Debug for CreatedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedToken")
            .field("token", &MASK)
            .field("info", &self.info)
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TokenRotateRequest {
    pub tenant: String,
    pub id: String,
    /// How long the old token keeps working (ISO-8601); `null`: it stops now.
    pub grace: Option<String>,
}

/// Who the caller is and what it may do.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CallerInfo {
    pub actor: String,
    /// The administrator at the Keystead machine: may do everything.
    pub local_admin: bool,
    pub tenant: Option<String>,
    pub principal: Option<String>,
    pub token_prefix: Option<String>,
    pub bindings: Vec<GrantDto>,
    pub narrowing: Option<GrantDto>,
}
