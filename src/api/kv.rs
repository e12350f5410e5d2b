use super::dto::{KvDto, KvExpiry, KvListItem, KvListRequest, KvSetRequest, KvValueInput};
use super::{Caller, Keystead};
use crate::Result;
use crate::access::Role;
use crate::kv::{ExpiryChange, KvPair, KvWrite, Precondition, TypedValue};
use crate::model::inheritance::Effective;
use crate::model::{IsoDuration, KvKey, NamespaceId, Scope};
use crate::{Error, ErrorCode};
use time::OffsetDateTime;

const PREVIEW_CHARS: usize = 80;
/// What a listing shows instead of a value the caller may not resolve (`read` without `use`).
const MASKED: &str = "••••••••";

/// Whole seconds until `at`, rounded up (a pair that expires in 0.2 s has 1 s left, not 0).
fn seconds_left(at: Option<OffsetDateTime>, now: OffsetDateTime) -> Option<i64> {
    at.map(|at| {
        let left = at - now;
        (left.whole_seconds() + i64::from(left.subsec_nanoseconds() > 0)).max(0)
    })
}

fn to_dto(pair: KvPair, now: OffsetDateTime) -> KvDto {
    KvDto {
        namespace: pair.namespace.to_string(),
        key: pair.key.to_string(),
        kind: pair.value.kind,
        value: pair.value.value,
        description: pair.description,
        version: u32::try_from(pair.version).unwrap_or(u32::MAX),
        expires_in: seconds_left(pair.expires_at, now),
        expires_at: pair.expires_at.map(crate::time::format),
        created_at: pair.created_at,
        created_by: pair.created_by,
        updated_at: pair.updated_at,
        updated_by: pair.updated_by,
    }
}

fn list_item(found: Effective<KvPair>, now: OffsetDateTime, show_value: bool) -> KvListItem {
    let pair = found.item;
    KvListItem {
        namespace: pair.namespace.to_string(),
        key: pair.key.to_string(),
        kind: pair.value.kind,
        preview: if show_value {
            pair.value.preview(PREVIEW_CHARS)
        } else {
            MASKED.to_owned()
        },
        description: pair.description,
        version: u32::try_from(pair.version).unwrap_or(u32::MAX),
        expires_in: seconds_left(pair.expires_at, now),
        expires_at: pair.expires_at.map(crate::time::format),
        inherited: found.inherited,
        shadows: found.shadows.iter().map(ToString::to_string).collect(),
        updated_at: pair.updated_at,
        updated_by: pair.updated_by,
    }
}

fn parse_value(input: KvValueInput) -> Result<TypedValue> {
    match (input.parse, input.kind, input.value) {
        (true, kind, serde_json::Value::String(text)) => match kind {
            Some(kind) => TypedValue::from_text(kind, &text),
            None => TypedValue::infer(&text),
        },
        (true, _, _) => Err(Error::invalid(
            "with parse, the value must be the text to parse",
        )),
        (false, Some(kind), value) => TypedValue::from_json(kind, value),
        (false, None, _) => Err(Error::invalid(
            "give the value's type (string, number, boolean, datetime, date, duration or json): \
             a new pair has none to keep",
        )),
    }
}

fn parse_expiry(expiry: KvExpiry) -> Result<ExpiryChange> {
    Ok(match expiry {
        KvExpiry::Keep => ExpiryChange::Keep,
        KvExpiry::Clear => ExpiryChange::Clear,
        KvExpiry::Ttl { ttl } => ExpiryChange::Ttl(
            IsoDuration::parse(ttl.trim())
                .map_err(|e| Error::invalid(format!("TTL: {e} (for example PT1H or P7D)")))?,
        ),
        KvExpiry::At { expires_at } => {
            let at = crate::time::parse_user_instant(&expires_at)?;
            ExpiryChange::At(crate::time::parse_stored(&at)?)
        }
    })
}

impl Keystead {
    /// Creates or updates a pair. Needs `use` in the namespace; changing a pair's type needs admin.
    pub async fn kv_set(&self, caller: &Caller, req: KvSetRequest) -> Result<KvDto> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let namespace = NamespaceId::parse(&req.namespace)?;
        let key = KvKey::parse(&req.key)?;
        // Refused for new pairs only, so one made before can still be deleted here.
        if matches!(key.as_str(), "." | "..") {
            return Err(Error::invalid(format!(
                "invalid KV key {:?}: a key may not be . or .. (a URL path would read it as a \
                 directory); for example: last_run.cursor",
                key.as_str()
            )));
        }
        let scope = Scope::Namespace(namespace.clone());
        self.authorize(caller, &tenant, Role::Use, &scope, "kv.set")
            .await?;
        let current = self.kv(caller).current(&tenant, &namespace, &key).await?;
        // A value without a type keeps an existing pair's type (a typo cannot turn a number into
        // a string); a new pair's type is inferred from text, and JSON needs one.
        let checked_kind = current.as_ref().map(|pair| pair.value.kind);
        let value = req
            .value
            .map(|mut input| {
                // Only a value without a type takes the pair's; say so when it does not fit.
                let kept_kind = input.kind.is_none().then_some(checked_kind).flatten();
                if kept_kind.is_some() {
                    input.kind = kept_kind;
                }
                parse_value(input).map_err(|e| match (kept_kind, e.code()) {
                    (Some(kind), ErrorCode::InvalidInput) => Error::invalid(format!(
                        "{e}; {key} is a {kind} and keeps its type unless another is given \
                         (--type in the CLI)"
                    )),
                    _ => e,
                })
            })
            .transpose()?;
        let write = KvWrite {
            description: req.description,
            expiry: parse_expiry(req.expiry)?,
            precondition: match (req.if_version, req.if_absent) {
                (Some(_), true) => {
                    return Err(Error::invalid(
                        "give either the version to write over (If-Match, --if-version) or \
                         only-create (If-None-Match: *, --if-absent), not both",
                    ));
                }
                (Some(version), false) => Precondition::Version(i64::from(version)),
                (None, true) => Precondition::Absent,
                (None, false) => Precondition::None,
            },
            value,
            checked_kind,
            may_give_expiry: caller
                .role_at(&tenant, &scope)
                .is_some_and(|role| role >= Role::Admin),
        };
        if let Some(value) = &write.value
            && let Some(current) = &current
            && current.value.kind != value.kind
        {
            let action = format!(
                "change KV pair {key} from {} to {}",
                current.value.kind, value.kind
            );
            self.authorize(caller, &tenant, Role::Admin, &scope, &action)
                .await?;
        }
        // Delete needs admin; an expiry on a pair that had none is a delete later.
        if let Some(current) = &current
            && current.expires_at.is_none()
            && matches!(write.expiry, ExpiryChange::Ttl(_) | ExpiryChange::At(_))
        {
            let action =
                format!("give KV pair {key} an expiry (it has none; at that time it is deleted)");
            self.authorize(caller, &tenant, Role::Admin, &scope, &action)
                .await?;
        }
        let saved = self
            .kv(caller)
            .set(&tenant, &namespace, &key, write)
            .await?;
        Ok(to_dto(saved, self.clock.now()))
    }

    /// A pair's typed value: of `namespace` only, or with `inherit` the nearest parent's too.
    /// Needs `use` where the pair is defined.
    pub async fn kv_get(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
        inherit: bool,
    ) -> Result<KvDto> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        let key = KvKey::parse(key)?;
        let asked = Scope::Namespace(namespace.clone());
        if !inherit {
            self.authorize(caller, &tenant, Role::Use, &asked, "kv.get")
                .await?;
            let pair = self.kv(caller).get(&tenant, &namespace, &key).await?;
            return Ok(to_dto(pair, self.clock.now()));
        }
        self.authorize(caller, &tenant, Role::Read, &asked, "kv.get")
            .await?;
        let found = self.kv(caller).resolve(&tenant, &namespace, &key).await?;
        self.authorize(caller, &tenant, Role::Use, &found.origin, "kv.get")
            .await?;
        Ok(to_dto(found.item, self.clock.now()))
    }

    /// Pairs (read), with a preview of each value the caller may resolve (`use` where the pair is
    /// defined, as `kv_get` asks) and a fixed mask for the others.
    pub async fn kv_list(&self, caller: &Caller, req: KvListRequest) -> Result<Vec<KvListItem>> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let namespace = NamespaceId::parse(&req.namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Read,
            &Scope::Namespace(namespace.clone()),
            "kv.list",
        )
        .await?;
        let found = self
            .kv(caller)
            .list(&tenant, &namespace, req.prefix.as_deref(), req.effective)
            .await?;
        let now = self.clock.now();
        Ok(found
            .into_iter()
            .filter(|pair| req.effective || !pair.inherited)
            .map(|pair| {
                let origin = Scope::Namespace(pair.item.namespace.clone());
                let show_value = caller
                    .role_at(&tenant, &origin)
                    .is_some_and(|role| role >= Role::Use);
                list_item(pair, now, show_value)
            })
            .collect())
    }

    /// Deletes a pair (admin), optionally only at a given version.
    pub async fn kv_delete(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
        if_version: Option<u32>,
    ) -> Result<()> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        let key = KvKey::parse(key)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &Scope::Namespace(namespace.clone()),
            "kv.delete",
        )
        .await?;
        self.kv(caller)
            .delete(&tenant, &namespace, &key, if_version.map(i64::from))
            .await
    }

    /// Removes expired KV pairs (already invisible to reads). Servers and the desktop app run it
    /// now and then; see [`Keystead::start_maintenance`].
    pub(crate) async fn purge_expired(&self) -> Result<u64> {
        let system = Caller::local_admin("keystead");
        match self.kv(&system).purge_expired().await {
            Err(e) if e.code() == ErrorCode::Storage => {
                tracing::warn!(error = %e, "purging expired KV pairs failed; will retry");
                Ok(0)
            }
            other => other,
        }
    }
}
