//! KV pairs: typed runtime state per namespace (cursors, checkpoints, switches) with an optional
//! expiry that is always an absolute time. Not for secrets: values are stored as plain JSON.

mod value;

pub use value::{KvType, MAX_VALUE_BYTES, TypedValue};

use crate::audit::{self, Actor};
use crate::model::inheritance::{self, Effective};
use crate::model::{IsoDuration, KvKey, NamespaceId, Scope, TenantId};
use crate::store::kv_pairs::{self as rows, KvRow};
use crate::store::{self, namespaces};
use crate::time::Clock;
use crate::{Error, Result};
use sqlx::SqlitePool;
use time::OffsetDateTime;

/// The longest TTL (or farthest expiry) accepted: 100 years.
const MAX_TTL_SECS: u64 = 36_500 * 86_400;

/// A pair as read.
#[derive(Debug, Clone)]
pub struct KvPair {
    pub namespace: NamespaceId,
    pub key: KvKey,
    pub value: TypedValue,
    pub description: String,
    pub version: i64,
    pub expires_at: Option<OffsetDateTime>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

impl KvPair {
    fn from_row(row: KvRow) -> Result<Self> {
        let kind = KvType::parse(&row.kind).map_err(|_| {
            Error::Integrity(format!("KV pair {} has type {:?}", row.key, row.kind))
        })?;
        Ok(KvPair {
            namespace: NamespaceId::parse(&row.namespace)?,
            key: KvKey::parse(&row.key)?,
            value: TypedValue::decode(kind, &row.value)?,
            description: row.description,
            version: row.version,
            expires_at: row
                .expires_at
                .as_deref()
                .map(crate::time::parse_stored)
                .transpose()?,
            created_at: row.created_at,
            created_by: row.created_by,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
        })
    }
}

/// What a write does to the expiry. Keeping it is the default: editing a value or a description
/// never moves or drops an expiry by surprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryChange {
    Keep,
    Clear,
    /// Now + this.
    Ttl(IsoDuration),
    At(OffsetDateTime),
}

/// What a write requires of the current pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    None,
    /// Only when the current version is this one (optimistic concurrency).
    Version(i64),
    /// Only when the key does not exist yet.
    Absent,
}

/// A write: a new value (or none, to change only the description or expiry), and the rest.
pub struct KvWrite {
    pub value: Option<TypedValue>,
    pub description: Option<String>,
    pub expiry: ExpiryChange,
    pub precondition: Precondition,
    /// The type the caller's checks saw before the write (`None`: no live pair). When a value is
    /// written and the stored pair's type is no longer this one, the write is refused: a
    /// concurrent create or type change must not slip past the type-change rule.
    pub checked_kind: Option<KvType>,
    /// The caller may give an expiry to a pair that has none (admin: it deletes the pair later).
    /// Without it, a pair created without an expiry since the caller's checks is a conflict.
    pub may_give_expiry: bool,
}

/// KV operations of one actor.
pub struct Kv<'a> {
    pub pool: &'a SqlitePool,
    pub actor: &'a Actor,
    pub clock: &'a Clock,
}

fn target<'a>(namespace: &'a NamespaceId, key: &'a KvKey) -> audit::Target<'a> {
    audit::Target {
        kind: "kv",
        namespace: Some(namespace.as_str()),
        name: key.as_str(),
    }
}

fn not_found(namespace: &NamespaceId, key: &KvKey) -> Error {
    Error::NotFound(format!(
        "no KV pair {key} in {namespace} (or it has expired)"
    ))
}

impl Kv<'_> {
    fn now(&self) -> (OffsetDateTime, String) {
        let now = self.clock.now();
        (now, crate::time::format(now))
    }

    /// The live pair `key` of `namespace` only (reads do not inherit unless asked, see [`Self::resolve`]).
    pub async fn get(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &KvKey,
    ) -> Result<KvPair> {
        let (_, now) = self.now();
        let row = rows::get(
            self.pool,
            tenant.as_str(),
            namespace.as_str(),
            key.as_str(),
            &now,
        )
        .await?
        .ok_or_else(|| not_found(namespace, key))?;
        KvPair::from_row(row)
    }

    /// The live pair `key` as seen from `namespace`: its own, else the nearest parent's.
    pub async fn resolve(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &KvKey,
    ) -> Result<Effective<KvPair>> {
        let found = self
            .effective(tenant, namespace, Some(key.as_str()), true)
            .await?;
        found
            .into_iter()
            .find(|pair| &pair.item.key == key)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "no KV pair {key} in {namespace} or its parents (or it has expired)"
                ))
            })
    }

    /// Live pairs of `namespace` (with `effective`, also its parents', nearest wins), keys starting
    /// with `prefix`.
    pub async fn list(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        prefix: Option<&str>,
        effective: bool,
    ) -> Result<Vec<Effective<KvPair>>> {
        self.effective(tenant, namespace, prefix, effective).await
    }

    async fn effective(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        prefix: Option<&str>,
        effective: bool,
    ) -> Result<Vec<Effective<KvPair>>> {
        let (_, now) = self.now();
        let chain = Scope::Namespace(namespace.clone()).lookup_chain(false);
        let searched: Vec<&str> = if effective {
            chain
                .iter()
                .filter_map(Scope::namespace)
                .map(NamespaceId::as_str)
                .collect()
        } else {
            vec![namespace.as_str()]
        };
        let found = rows::list_in(self.pool, tenant.as_str(), &searched, prefix, &now).await?;
        let pairs = found
            .into_iter()
            .map(KvPair::from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(inheritance::nearest_wins(
            &chain,
            pairs,
            |pair| pair.key.as_str(),
            |pair| Scope::Namespace(pair.namespace.clone()),
        ))
    }

    /// The pair as stored now, expired or not, for a write's checks.
    pub async fn current(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &KvKey,
    ) -> Result<Option<KvPair>> {
        let (now, _) = self.now();
        match rows::get_any(self.pool, tenant.as_str(), namespace.as_str(), key.as_str()).await? {
            Some(row) => {
                let pair = KvPair::from_row(row)?;
                Ok(pair.expires_at.is_none_or(|at| at > now).then_some(pair))
            }
            None => Ok(None),
        }
    }

    /// Creates or updates a pair in one transaction: the precondition is checked against the
    /// stored version inside it, so concurrent writers never lose an update silently.
    pub async fn set(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &KvKey,
        write: KvWrite,
    ) -> Result<KvPair> {
        let (now, now_text) = self.now();
        let mut tx = store::begin_write(self.pool).await?;
        tx.leaves_caches();
        let stored = rows::get_any(&mut *tx, tenant.as_str(), namespace.as_str(), key.as_str())
            .await?
            .map(KvPair::from_row)
            .transpose()?;
        // An expired pair is gone: writing starts afresh (version numbering continues).
        let live = stored
            .as_ref()
            .filter(|pair| pair.expires_at.is_none_or(|at| at > now));
        match (write.precondition, live) {
            (Precondition::Absent, Some(current)) => {
                return Err(Error::Conflict(format!(
                    "KV pair {key} already exists in {namespace} (version {})",
                    current.version
                )));
            }
            (Precondition::Version(expected), current)
                if current.map(|c| c.version) != Some(expected) =>
            {
                return Err(Error::Conflict(match current {
                    Some(c) => format!(
                        "KV pair {key} in {namespace} is at version {}, not {expected}: another \
                         writer changed it; read it again and retry",
                        c.version
                    ),
                    None => {
                        format!("KV pair {key} does not exist in {namespace}: nothing to update")
                    }
                }));
            }
            _ => {}
        }
        // Checks were made against `checked_kind`. A pair that meanwhile came to have another type
        // than that one and than the value's would have its type changed unchecked; one created
        // meanwhile with the value's own type is simply overwritten, as by a later write.
        let live_kind = live.map(|pair| pair.value.kind);
        if let Some(value) = &write.value
            && live_kind.is_some()
            && live_kind != write.checked_kind
            && live_kind != Some(value.kind)
        {
            return Err(Error::Conflict(format!(
                "KV pair {key} in {namespace} was created, deleted or changed type while this \
                 write was checked: read it again and retry"
            )));
        }
        if !write.may_give_expiry
            && live.is_some_and(|pair| pair.expires_at.is_none())
            && matches!(write.expiry, ExpiryChange::Ttl(_) | ExpiryChange::At(_))
        {
            return Err(Error::Conflict(format!(
                "KV pair {key} in {namespace} was created without an expiry while this write was \
                 checked, and giving it one needs admin: read it again and retry"
            )));
        }
        let value = match (write.value, live) {
            (Some(value), _) => value,
            (None, Some(current)) => current.value.clone(),
            (None, None) => return Err(not_found(namespace, key)),
        };
        let expires_at = match write.expiry {
            ExpiryChange::Keep => live.and_then(|pair| pair.expires_at),
            ExpiryChange::Clear => None,
            ExpiryChange::Ttl(ttl) => Some(expiry_after(now, ttl)?),
            ExpiryChange::At(at) => Some(check_expiry_at(now, at)?),
        };
        let version = stored.as_ref().map_or(1, |pair| pair.version + 1);
        let row = KvRow {
            namespace: namespace.to_string(),
            key: key.to_string(),
            kind: value.kind.as_str().to_owned(),
            value: value.encode()?,
            description: write
                .description
                .or_else(|| live.map(|pair| pair.description.clone()))
                .unwrap_or_default(),
            version,
            expires_at: expires_at.map(crate::time::format),
            created_at: live.map_or_else(|| now_text.clone(), |pair| pair.created_at.clone()),
            created_by: live
                .map_or_else(|| self.actor.name.clone(), |pair| pair.created_by.clone()),
            updated_at: now_text.clone(),
            updated_by: self.actor.name.clone(),
        };
        namespaces::ensure(&mut *tx, tenant.as_str(), namespace.as_str(), &now_text).await?;
        rows::upsert(&mut *tx, tenant.as_str(), &row).await?;
        let detail = format!(
            "version {version}, {}, {}",
            value.kind,
            row.expires_at
                .as_deref()
                .map_or("no expiry".to_owned(), |at| format!("expires {at}"))
        );
        let action = if live.is_some() {
            "kv.update"
        } else {
            "kv.create"
        };
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            action,
            target(namespace, key),
            &detail,
        )
        .await?;
        store::commit(tx, "saving the KV pair").await?;
        KvPair::from_row(row)
    }

    pub async fn delete(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &KvKey,
        if_version: Option<i64>,
    ) -> Result<()> {
        let (now, _) = self.now();
        let mut tx = store::begin_write(self.pool).await?;
        tx.leaves_caches();
        let stored = rows::get_any(&mut *tx, tenant.as_str(), namespace.as_str(), key.as_str())
            .await?
            .map(KvPair::from_row)
            .transpose()?
            .filter(|pair| pair.expires_at.is_none_or(|at| at > now))
            .ok_or_else(|| not_found(namespace, key))?;
        if let Some(expected) = if_version
            && stored.version != expected
        {
            return Err(Error::Conflict(format!(
                "KV pair {key} in {namespace} is at version {}, not {expected}",
                stored.version
            )));
        }
        rows::delete(&mut *tx, tenant.as_str(), namespace.as_str(), key.as_str()).await?;
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "kv.delete",
            target(namespace, key),
            &format!("version {}", stored.version),
        )
        .await?;
        store::commit(tx, "deleting the KV pair").await
    }

    /// Removes pairs that expired (they were already invisible); returns how many.
    pub async fn purge_expired(&self) -> Result<u64> {
        let (_, now) = self.now();
        let mut tx = store::begin_write(self.pool).await?;
        tx.leaves_caches();
        let purged = rows::purge_expired(&mut *tx, &now).await?;
        store::commit(tx, "removing expired KV pairs").await?;
        Ok(purged)
    }
}

/// An absolute expiry `ttl` from `now`; absurd TTLs are refused, never wrapped or clamped.
pub fn expiry_after(now: OffsetDateTime, ttl: IsoDuration) -> Result<OffsetDateTime> {
    let secs = ttl.duration().as_secs();
    if secs == 0 || secs > MAX_TTL_SECS {
        return Err(Error::invalid(format!(
            "TTL {ttl} is out of range: use between PT1S and P36500D (100 years), or no expiry"
        )));
    }
    let ttl = time::Duration::try_from(ttl.duration())
        .map_err(|_| Error::invalid(format!("TTL {ttl} is too long")))?;
    now.checked_add(ttl)
        .ok_or_else(|| Error::invalid(format!("TTL {ttl} reaches past the year 9999")))
}

fn check_expiry_at(now: OffsetDateTime, at: OffsetDateTime) -> Result<OffsetDateTime> {
    if at <= now {
        return Err(Error::invalid(format!(
            "expiry {} is in the past: give a future time, or a TTL",
            crate::time::format(at)
        )));
    }
    if (at - now).whole_seconds() > i64::try_from(MAX_TTL_SECS).unwrap_or(i64::MAX) {
        return Err(Error::invalid(
            "the expiry is more than 100 years away: give a nearer time, or no expiry",
        ));
    }
    Ok(at)
}
