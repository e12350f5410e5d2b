//! Request and response types of the command surface. They cross every boundary (Tauri, HTTP, CLI
//! `--json`) and are exported to TypeScript with ts-rs (`ui/src/bindings/`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::credentials::definition::{CredentialDefinition, CredentialSettings};
pub use crate::credentials::mint::{
    Diagnosis, DiagnosisFix, DiagnosisKind, Discovery, JwtParts, MintErrorCode, RequestSummary,
    TestResult,
};
pub use crate::credentials::types::{
    CredentialType, CustomTypeDefinition, FieldKind, InputField, TypeKind,
};
pub use crate::crypto::KeyMode;
pub use crate::error::{ErrorCode, WireError};
pub use crate::model::{MAX_SECRET_VALUE_BYTES, NamespaceId, Scope};
pub use crate::namespaces::NamespaceDeleted;

/// The fixed mask shown instead of a secret value: same length whatever the value, so no length leaks.
pub const MASK: &str = "••••••••";

// Types that can carry a value, a token or a file of values format with the plaintext masked.

impl std::fmt::Debug for SecretSetRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretSetRequest")
            .field("tenant", &self.tenant)
            .field("namespace", &self.namespace)
            .field("key", &self.key)
            .field("value", &MASK)
            .field("description", &self.description)
            .field("read_only", &self.read_only)
            .finish()
    }
}

impl std::fmt::Debug for SecretView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretView")
            .field("meta", &self.meta)
            .field("value", &MASK)
            .field("revealed", &self.revealed)
            .finish()
    }
}

impl std::fmt::Debug for ImportRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportRequest")
            .field("tenant", &self.tenant)
            .field("namespace", &self.namespace)
            .field("format", &self.format)
            .field(
                "content",
                &format_args!("{} bytes, masked", self.content.len()),
            )
            .field("on_conflict", &self.on_conflict)
            .field("dry_run", &self.dry_run)
            .finish()
    }
}

impl std::fmt::Debug for TokenDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenDto")
            .field("access_token", &MASK)
            .field("token_type", &self.token_type)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct StatusDto {
    pub data_dir: String,
    pub database: String,
    pub key_mode: KeyMode,
    /// A human sentence saying where the master key is kept.
    pub key_mode_description: String,
    pub default_tenant: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TenantDto {
    pub id: String,
    pub created_at: String,
}

/// A namespace tree node. `explicit` is false for parents that exist only because a child does.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct NamespaceNode {
    pub id: String,
    pub segment: String,
    pub explicit: bool,
    pub secret_count: u32,
    /// The caller's role here; `null` for a parent shown only because the caller may read below it.
    pub access: Option<Role>,
    #[schema(no_recursion)]
    pub children: Vec<NamespaceNode>,
}

#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SecretSetRequest {
    pub tenant: String,
    pub namespace: String,
    pub key: String,
    pub value: String,
    /// `None` keeps the current description.
    pub description: Option<String>,
    /// `None` keeps the current flag (false for a new secret).
    pub read_only: Option<bool>,
}

/// Metadata of a secret; never the value.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SecretMeta {
    pub namespace: String,
    pub key: String,
    pub description: String,
    pub read_only: bool,
    pub version: u32,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// One row of a secrets listing. `value` is always [`MASK`].
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SecretListItem {
    #[serde(flatten)]
    pub meta: SecretMeta,
    pub value: String,
    /// The namespace the secret is defined in (equals the listed namespace unless inherited).
    pub origin: String,
    pub inherited: bool,
    /// Ancestor namespaces that define the same key and are shadowed by this one, nearest first.
    pub shadows: Vec<String>,
}

#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SecretView {
    #[serde(flatten)]
    pub meta: SecretMeta,
    /// The value when revealed, otherwise [`MASK`].
    pub value: String,
    pub revealed: bool,
}

/// A secret's value for a job (the machine route): the value, where it is defined and its version.
#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SecretValueDto {
    pub key: String,
    pub value: String,
    /// The namespace the value is defined in (the asked one, or the nearest parent defining it).
    pub origin: String,
    pub version: u32,
}

impl std::fmt::Debug for SecretValueDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretValueDto")
            .field("key", &self.key)
            .field("value", &MASK)
            .field("origin", &self.origin)
            .field("version", &self.version)
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SecretVersionDto {
    pub version: u32,
    pub created_at: String,
    pub created_by: String,
    pub current: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ImportFormat {
    /// `KEY=value` lines (`export`, comments, single and double quotes).
    Env,
    /// Kestra's `.env_encoded`: `SECRET_KEY=<base64 value>`.
    KestraEnv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictPolicy {
    Skip,
    Overwrite,
    Fail,
}

#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ImportRequest {
    pub tenant: String,
    pub namespace: String,
    pub format: ImportFormat,
    pub content: String,
    pub on_conflict: ConflictPolicy,
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportAction {
    Create,
    Overwrite,
    Skip,
    Unchanged,
    /// The key exists (for callers who may not reveal: whether it differs is not said).
    Exists,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ImportItem {
    pub key: String,
    pub action: ImportAction,
    /// Why, for skips (conflict, read-only).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ImportReport {
    pub namespace: String,
    pub dry_run: bool,
    pub items: Vec<ImportItem>,
    pub created: u32,
    pub overwritten: u32,
    pub skipped: u32,
    pub unchanged: u32,
}

/// How far a running import has come: `done` of `total` entries checked, then changes written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub stage: ImportProgressStage,
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportProgressStage {
    Checking,
    Writing,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AuditFilter {
    pub tenant: String,
    pub action: Option<String>,
    pub namespace: Option<String>,
    /// Matches the target's key or name exactly.
    pub target: Option<String>,
    pub actor: Option<String>,
    /// RFC 3339 lower bound (inclusive).
    pub since: Option<String>,
    /// RFC 3339 upper bound (exclusive); a date means its midnight.
    pub until: Option<String>,
    /// Only events older than this event id: the next page after the last event shown.
    pub before: Option<i64>,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AuditEventDto {
    pub id: i64,
    pub tenant: String,
    pub at: String,
    pub actor: String,
    /// How the actor came in when not at this machine: `kst_…` and the client address.
    pub via: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub namespace: Option<String>,
    pub target: String,
    /// Non-sensitive context (for example the version written); never a value.
    pub detail: String,
}

/// A stored credential. Sensitive inputs hold secret references (never values).
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CredentialDto {
    /// `null` for a tenant-level credential.
    pub namespace: Option<String>,
    pub name: String,
    #[serde(rename = "type")]
    pub type_id: String,
    pub description: String,
    #[ts(type = "Record<string, unknown>")]
    pub inputs: serde_json::Map<String, serde_json::Value>,
    pub settings: CredentialSettings,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
    /// In an effective listing: defined in an ancestor namespace or at tenant level.
    pub inherited: bool,
    /// In an effective listing: scopes with the same name that this one shadows (nearest first).
    pub shadows: Vec<Scope>,
    /// Its last Test since it was saved (`null`: not tested since).
    pub last_test: Option<LastTestDto>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CredentialOrder {
    #[default]
    Name,
    Type,
    /// Most recently updated first.
    Updated,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CredentialListRequest {
    pub tenant: String,
    /// `null`: every credential of the tenant, whatever its scope.
    pub namespace: Option<String>,
    /// With a namespace: also those inherited from ancestors and the tenant level (nearest wins).
    pub effective: bool,
    #[serde(rename = "type")]
    pub type_id: Option<String>,
    pub order_by: Option<CredentialOrder>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CredentialCopyRequest {
    pub tenant: String,
    /// Where the source is looked up from (nearest wins); `null` for tenant level.
    pub namespace: Option<String>,
    pub name: String,
    /// `null`: the source's own scope.
    pub target_namespace: Option<String>,
    /// `null`: the same name (then the target namespace must differ).
    pub target_name: Option<String>,
}

/// An access token for a job. Only the machine-facing routes return this.
#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TokenDto {
    pub access_token: String,
    pub token_type: String,
    pub expires_at: String,
}

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
    /// The value as text, cut to 80 characters.
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

/// A tenant's current data key.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DataKeyInfo {
    pub tenant: String,
    pub version: u32,
    pub created_at: String,
}

/// Where the master key is kept, and when each key was made, rotated or changed.
#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KeyStatusDto {
    pub mode: KeyMode,
    pub description: String,
    pub created_at: String,
    /// 1 for the first master key; each rotation adds one.
    pub generation: u32,
    pub rotated_at: Option<String>,
    pub passphrase_changed_at: Option<String>,
    /// `null`: there is no recovery key (create one: it is the way back in when the keyring
    /// entry or the passphrase is lost).
    pub recovery_key_created_at: Option<String>,
    /// This session opened the data dir with the recovery key.
    pub opened_with_recovery_key: bool,
    pub data_keys: Vec<DataKeyInfo>,
}

/// A recovery key, shown once: store it offline. Keystead keeps only what it unlocks.
#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RecoveryKeyDto {
    pub recovery_key: String,
}

impl std::fmt::Debug for RecoveryKeyDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKeyDto { recovery_key: ******** }")
    }
}

/// What a master key rotation did; a replaced recovery key is shown once here.
#[derive(Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KeyRotationDto {
    pub status: KeyStatusDto,
    /// The new recovery key when there was one before (the old one no longer works).
    pub recovery_key: Option<String>,
}

impl std::fmt::Debug for KeyRotationDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRotationDto")
            .field("status", &self.status)
            .field("recovery_key", &self.recovery_key.as_ref().map(|_| MASK))
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DataKeyRotationDto {
    pub tenants: u32,
    /// Values re-sealed, old versions included.
    pub values: u32,
    pub elapsed_ms: u64,
}

/// The outcome of a saved credential's last Test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct LastTestDto {
    pub at: String,
    pub ok: bool,
    /// Why it failed (the Test's error code); `null` when it passed.
    pub error: Option<MintErrorCode>,
}

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
