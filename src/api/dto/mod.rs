//! Request and response types of the command surface. They cross every boundary (Tauri, HTTP, CLI
//! `--json`) and are exported to TypeScript with ts-rs (`ui/src/bindings/`).

mod access;
mod expiring;
mod keys;
mod kv;

pub use access::*;
pub use expiring::*;
pub use keys::*;
pub use kv::*;
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
    /// Keys given more than once in the file, in file order: the last value was used (as a shell
    /// sourcing the file would).
    #[serde(default)]
    pub repeated: Vec<String>,
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
    /// An action (`secret.reveal`), or a family (`secret` or `secret.*`: every `secret.…`).
    pub action: Option<String>,
    /// Events in this namespace and its descendants.
    pub namespace: Option<String>,
    /// A target's key or name exactly, or the CLI's shown form `kind:namespace/name` (`kind:name`
    /// without a namespace), which also matches the kind and exactly that namespace.
    pub target: Option<String>,
    pub actor: Option<String>,
    /// RFC 3339 lower bound (inclusive).
    pub since: Option<String>,
    /// RFC 3339 upper bound (exclusive); a date means its midnight.
    pub until: Option<String>,
    /// Only events older than this event id: the next page after the last event shown.
    pub before: Option<i64>,
    /// How many events at most (1 or more; larger than the maximum page gives the maximum).
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
    /// The highest scope whose secrets its references may send today: where whoever saved it
    /// last had `use` then, lowered to where that principal may use secrets now (a role removed,
    /// or the principal disabled, lowers it at once; never below the credential's own scope).
    pub secret_reach: Scope,
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

/// The outcome of a saved credential's last Test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct LastTestDto {
    pub at: String,
    pub ok: bool,
    /// Why it failed (the Test's error code); `null` when it passed.
    pub error: Option<MintErrorCode>,
}
