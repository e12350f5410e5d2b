//! API tokens: created for a user or service account, shown once, stored as a SHA-256 only,
//! verified on every request against what is stored (kept in memory until anything changes, see
//! [`crate::cache`]), so revocation, expiry, disabling and role changes take effect on the next
//! request, and within 250 ms when another process made them.

use super::principals::rights_of;
use super::rights::{Grant, Rights};
use super::role::Role;
use super::token_format::{self, NewToken};
use crate::audit::{self, Actor};
use crate::cache::Caches;
use crate::model::{IsoDuration, PrincipalName, TenantId};
use crate::store::api_tokens::{self as rows, ApiTokenRow};
use crate::store::{self, principals, scope_column};
use crate::time::Clock;
use crate::{Error, Result};
use sqlx::SqlitePool;
use std::sync::{Arc, Mutex, PoisonError};
use time::OffsetDateTime;
use zeroize::Zeroizing;

/// Shortest and longest max age a token may have.
const MIN_MAX_AGE_SECS: u64 = 60;
const MAX_MAX_AGE_SECS: u64 = 3650 * 86_400;
/// A verification writes last-used (and an extended token's expiry) at most this often.
const USE_WRITE_INTERVAL: time::Duration = time::Duration::seconds(60);
/// ... and a new client address at most this often.
const CLIENT_WRITE_INTERVAL: time::Duration = time::Duration::seconds(1);
const MAX_NAME_CHARS: usize = 100;

/// What a new token is: its owner's choice of name, lifetime and narrowing.
#[derive(Debug, Clone)]
pub struct TokenSettings {
    pub name: String,
    pub description: String,
    /// `None`: never expires.
    pub max_age: Option<IsoDuration>,
    /// Each use moves the expiry to now + max age.
    pub extended: bool,
    /// At most this role, only in this scope and below (never more than the owner has).
    pub narrowing: Option<Grant>,
}

/// A stored token as listed (never its plaintext or hash).
#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: String,
    pub tenant: TenantId,
    pub principal: PrincipalName,
    pub settings: TokenSettings,
    pub created_at: String,
    pub created_by: String,
    pub expires_at: Option<OffsetDateTime>,
    pub last_used_at: Option<String>,
    pub last_used_from: Option<String>,
    pub revoked_at: Option<OffsetDateTime>,
    pub revoked_by: Option<String>,
}

impl ApiToken {
    fn from_row(row: ApiTokenRow) -> Result<Self> {
        let narrowing = match (row.narrow_role.as_deref(), row.narrow_scope.as_deref()) {
            (Some(role), Some(scope)) => Some(Grant {
                role: Role::parse(role)?,
                scope: scope_column::decode(scope)?,
            }),
            _ => None,
        };
        let stamp = |raw: Option<String>| raw.as_deref().map(crate::time::parse_stored).transpose();
        Ok(ApiToken {
            id: row.id,
            tenant: TenantId::parse(&row.tenant_id)?,
            principal: PrincipalName::parse(&row.principal)?,
            settings: TokenSettings {
                name: row.name,
                description: row.description,
                max_age: row.max_age.as_deref().map(IsoDuration::parse).transpose()?,
                extended: row.extended,
                narrowing,
            },
            created_at: row.created_at,
            created_by: row.created_by,
            expires_at: stamp(row.expires_at)?,
            last_used_at: row.last_used_at,
            last_used_from: row.last_used_from,
            revoked_at: stamp(row.revoked_at)?,
            revoked_by: row.revoked_by,
        })
    }

    pub fn is_revoked(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_some_and(|at| at <= now)
    }

    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    pub fn display_prefix(&self) -> String {
        token_format::display_prefix(&self.id)
    }
}

/// Who a verified token speaks for, with the rights read at this verification.
#[derive(Debug, Clone)]
pub struct Verified {
    pub tenant: TenantId,
    pub principal: PrincipalName,
    pub token_id: String,
    pub rights: Rights,
}

/// API token operations of one actor.
pub struct ApiTokens<'a> {
    pub pool: &'a SqlitePool,
    pub caches: &'a Caches,
    pub actor: &'a Actor,
    pub clock: &'a Clock,
}

/// What an unknown token id gets (and, from [`crate::api`], a token the caller may not see).
pub fn not_found(id: &str) -> Error {
    Error::NotFound(format!(
        "no API token {}: see `keystead token list`",
        token_format::display_prefix(id)
    ))
}

/// The id part of what a user typed: `kst_AbCdEfGh…`, `kst_AbCdEfGh` or `AbCdEfGh`.
pub fn token_id(raw: &str) -> &str {
    let raw = raw.trim().trim_end_matches('…');
    raw.strip_prefix(token_format::PREFIX).unwrap_or(raw)
}

impl ApiTokens<'_> {
    /// Creates a token for `owner`; returns it with its plaintext, which is never stored.
    pub async fn create(
        &self,
        tenant: &TenantId,
        owner: &PrincipalName,
        settings: TokenSettings,
    ) -> Result<(ApiToken, Zeroizing<String>)> {
        check_settings(&settings)?;
        let mut tx = store::begin_write(self.pool).await?;
        let (row, plaintext) = self.insert_token(&mut tx, tenant, owner, &settings).await?;
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "token.create",
            token_target(owner),
            &describe(&row.id, &settings),
        )
        .await?;
        store::commit(tx, "creating the API token").await?;
        Ok((ApiToken::from_row(row)?, plaintext))
    }

    /// Draws and stores a new token for an enabled owner, inside `tx`.
    async fn insert_token(
        &self,
        tx: &mut store::Tx,
        tenant: &TenantId,
        owner: &PrincipalName,
        settings: &TokenSettings,
    ) -> Result<(ApiTokenRow, Zeroizing<String>)> {
        let principal = principals::get(&mut **tx, tenant.as_str(), owner.as_str())
            .await?
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "no user or service account {owner} in tenant {tenant}"
                ))
            })?;
        if principal.disabled {
            return Err(Error::invalid(format!(
                "{owner} is disabled: enable it before creating a token for it"
            )));
        }
        if let Some(limit) = &settings.narrowing {
            let rights = rights_of(&mut **tx, tenant, owner).await?;
            let owned = rights.role_at(&limit.scope).map(|(role, _)| role);
            if owned.is_none_or(|role| role < limit.role) {
                return Err(Error::invalid(format!(
                    "a token cannot carry more than its owner: {owner} has {} {}, the token asks for {limit}",
                    owned.map_or("no role".to_owned(), |r| format!("only {r}")),
                    limit.scope.describe()
                )));
            }
        }
        let now = self.clock.now();
        loop {
            let NewToken {
                plaintext,
                id,
                hash,
            } = token_format::generate()?;
            let row = new_row(tenant, owner, settings, id, hash, now, &self.actor.name);
            if rows::insert(&mut **tx, &row).await? {
                return Ok((row, plaintext));
            }
        }
    }

    /// Tokens of the tenant, or of one owner, newest first.
    pub async fn list(
        &self,
        tenant: &TenantId,
        owner: Option<&PrincipalName>,
    ) -> Result<Vec<ApiToken>> {
        rows::list(self.pool, tenant.as_str(), owner.map(PrincipalName::as_str))
            .await?
            .into_iter()
            .map(ApiToken::from_row)
            .collect()
    }

    pub async fn get(&self, tenant: &TenantId, id: &str) -> Result<ApiToken> {
        match rows::get(self.pool, token_id(id)).await? {
            Some(row) if row.tenant_id == tenant.as_str() => ApiToken::from_row(row),
            _ => Err(not_found(token_id(id))),
        }
    }

    /// Revokes the token from now on; revoking it again is a `conflict`.
    pub async fn revoke(&self, tenant: &TenantId, id: &str) -> Result<ApiToken> {
        let token = self.get(tenant, id).await?;
        let now = crate::time::format(self.clock.now());
        let mut tx = store::begin_write(self.pool).await?;
        if !rows::revoke(&mut *tx, &token.id, &now, &self.actor.name).await? {
            return Err(Error::Conflict(format!(
                "API token {} is already revoked",
                token.display_prefix()
            )));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "token.revoke",
            token_target(&token.principal),
            &token.display_prefix(),
        )
        .await?;
        store::commit(tx, "revoking the API token").await?;
        self.get(tenant, id).await
    }

    /// Revokes every active token of `owner`; returns how many.
    pub async fn revoke_all(&self, tenant: &TenantId, owner: &PrincipalName) -> Result<u64> {
        let now = crate::time::format(self.clock.now());
        let mut tx = store::begin_write(self.pool).await?;
        let count = rows::revoke_all(
            &mut *tx,
            tenant.as_str(),
            owner.as_str(),
            &now,
            &self.actor.name,
        )
        .await?;
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "token.revoke_all",
            token_target(owner),
            &format!("{count} token(s)"),
        )
        .await?;
        store::commit(tx, "revoking API tokens").await?;
        Ok(count)
    }

    /// A new token with the same settings; the old one stops working after `grace` (now without).
    /// Both happen in one transaction. An expired or revoked token is not rotated: create one.
    pub async fn rotate(
        &self,
        tenant: &TenantId,
        id: &str,
        grace: Option<IsoDuration>,
    ) -> Result<(ApiToken, Zeroizing<String>)> {
        let now = self.clock.now();
        let grace = grace.map_or(std::time::Duration::ZERO, |g| g.duration());
        let until = now + time::Duration::try_from(grace).unwrap_or(time::Duration::ZERO);
        let mut tx = store::begin_write(self.pool).await?;
        let old = match rows::get(&mut *tx, token_id(id)).await? {
            Some(row) if row.tenant_id == tenant.as_str() => ApiToken::from_row(row)?,
            _ => return Err(not_found(token_id(id))),
        };
        if old.is_revoked(now) || old.is_expired(now) {
            return Err(Error::Conflict(format!(
                "API token {} is {}: create a new one instead",
                old.display_prefix(),
                if old.is_revoked(now) {
                    "revoked"
                } else {
                    "expired"
                }
            )));
        }
        let (new, plaintext) = self
            .insert_token(&mut tx, tenant, &old.principal, &old.settings)
            .await?;
        // A token already in a shorter grace period keeps it.
        let ends = match old.revoked_at {
            Some(at) if at < until => at,
            _ => {
                rows::revoke(
                    &mut *tx,
                    &old.id,
                    &crate::time::format(until),
                    &self.actor.name,
                )
                .await?;
                until
            }
        };
        let new_prefix = token_format::display_prefix(&new.id);
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "token.rotate",
            token_target(&old.principal),
            &format!(
                "{} replaced by {new_prefix}; the old one works until {}",
                old.display_prefix(),
                crate::time::format(ends)
            ),
        )
        .await?;
        store::commit(tx, "rotating the API token").await?;
        Ok((ApiToken::from_row(new)?, plaintext))
    }

    /// Checks a presented token and its owner's rights as they are now (read from the database,
    /// or from memory when nothing changed since). Refusals say why without echoing the token.
    pub async fn verify(&self, text: &str, client: Option<&str>) -> Result<Verified> {
        let presented = token_format::parse(text)?;
        let entry = self
            .caches
            .read(
                self.pool,
                &self.caches.tokens,
                presented.id.to_owned(),
                || self.load_entry(presented.id),
            )
            .await?;
        if !token_format::matches(presented.text, &entry.hash) {
            return Err(unknown_token());
        }
        let token = &entry.token;
        let now = self.clock.now();
        if let Some(at) = token.revoked_at.filter(|at| *at <= now) {
            return Err(Error::Unauthenticated(format!(
                "the API token {} was revoked at {}",
                token.display_prefix(),
                crate::time::format(at)
            )));
        }
        if let Some(at) = token.expires_at.filter(|at| *at <= now) {
            return Err(Error::Unauthenticated(format!(
                "the API token {} expired at {}",
                token.display_prefix(),
                crate::time::format(at)
            )));
        }
        if entry.owner_disabled {
            return Err(Error::Unauthenticated(format!(
                "the owner of API token {}, {}, is disabled",
                token.display_prefix(),
                token.principal
            )));
        }
        let mut rights = entry.rights.clone();
        rights.narrowing = token.settings.narrowing.clone();
        self.record_use(&entry, client, now).await?;
        Ok(Verified {
            tenant: token.tenant.clone(),
            principal: token.principal.clone(),
            token_id: token.id.clone(),
            rights,
        })
    }

    /// A token with its owner's state and rights, as stored now.
    async fn load_entry(&self, id: &str) -> Result<Arc<TokenEntry>> {
        let row = rows::get(self.pool, id).await?.ok_or_else(unknown_token)?;
        let hash = row.token_hash.clone();
        let token = ApiToken::from_row(row)?;
        let owner = principals::get(self.pool, token.tenant.as_str(), token.principal.as_str())
            .await?
            .ok_or_else(unknown_token)?;
        let rights = rights_of(self.pool, &token.tenant, &token.principal).await?;
        let last_used_at = token
            .last_used_at
            .as_deref()
            .map(crate::time::parse_stored)
            .transpose()?;
        Ok(Arc::new(TokenEntry {
            hash,
            last_use: Mutex::new(LastUse {
                at: last_used_at,
                from: token.last_used_from.clone(),
                written: None,
            }),
            token,
            owner_disabled: owner.disabled,
            rights,
        }))
    }

    /// Writes last-used (and an extended token's new expiry) when it is more than the write
    /// interval old, or the client changed (at most once a second): not one write per request.
    async fn record_use(
        &self,
        entry: &TokenEntry,
        client: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<()> {
        let token = &entry.token;
        let expires_at = match (token.settings.extended, token.settings.max_age) {
            (true, Some(max_age)) => Some(now + to_time(max_age)),
            _ => token.expires_at,
        };
        let moved = match (expires_at, token.expires_at) {
            (Some(new), Some(old)) => new - old > USE_WRITE_INTERVAL,
            _ => false,
        };
        {
            // Decided and claimed under the lock: concurrent requests write once.
            let mut last = entry
                .last_use
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let stale = last.at.is_none_or(|at| now - at > USE_WRITE_INTERVAL);
            let moved_client = last.from.as_deref() != client
                && last
                    .written
                    .is_none_or(|at| now - at > CLIENT_WRITE_INTERVAL);
            if !(stale || moved || moved_client) {
                return Ok(());
            }
            *last = LastUse {
                at: Some(now),
                from: client.map(str::to_owned),
                written: Some(now),
            };
        }
        let mut tx = store::begin_write(self.pool).await?;
        if !moved {
            // Only last-used changes: the cached entry is still right.
            tx.leaves_caches();
        }
        rows::record_use(
            &mut *tx,
            &token.id,
            &crate::time::format(now),
            client,
            expires_at
                .filter(|_| moved)
                .map(crate::time::format)
                .as_deref(),
        )
        .await?;
        store::commit(tx, "recording the API token's use").await
    }
}

fn unknown_token() -> Error {
    Error::Unauthenticated(
        "the API token is not known: it may have been deleted with its owner".into(),
    )
}

/// A verified token kept in memory (see [`crate::cache`]), with when it was last used.
pub struct TokenEntry {
    hash: Vec<u8>,
    token: ApiToken,
    owner_disabled: bool,
    rights: Rights,
    last_use: Mutex<LastUse>,
}

struct LastUse {
    at: Option<OffsetDateTime>,
    from: Option<String>,
    /// When this process last wrote it.
    written: Option<OffsetDateTime>,
}

fn check_settings(settings: &TokenSettings) -> Result<()> {
    let name = settings.name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(Error::invalid(format!(
            "a token needs a name of 1 to {MAX_NAME_CHARS} printable characters (what it is for, \
             e.g. \"github-actions deploy\")"
        )));
    }
    if settings
        .description
        .chars()
        .any(|c| c.is_control() && c != '\n')
    {
        return Err(Error::invalid(
            "the token's description may not contain control characters",
        ));
    }
    match settings.max_age {
        None if settings.extended => Err(Error::invalid(
            "an extended token needs a max age (each use moves its expiry to now + max age)",
        )),
        Some(age) if !(MIN_MAX_AGE_SECS..=MAX_MAX_AGE_SECS).contains(&age.duration().as_secs()) => {
            Err(Error::invalid(format!(
                "max age {age} is out of range: use between PT1M and P3650D, or never"
            )))
        }
        _ => Ok(()),
    }
}

fn to_time(age: IsoDuration) -> time::Duration {
    time::Duration::try_from(age.duration()).unwrap_or(time::Duration::MAX)
}

fn new_row(
    tenant: &TenantId,
    owner: &PrincipalName,
    settings: &TokenSettings,
    id: String,
    hash: Vec<u8>,
    now: OffsetDateTime,
    actor: &str,
) -> ApiTokenRow {
    ApiTokenRow {
        id,
        tenant_id: tenant.to_string(),
        principal: owner.to_string(),
        name: settings.name.trim().to_owned(),
        description: settings.description.clone(),
        token_hash: hash,
        max_age: settings.max_age.map(|age| age.to_string()),
        extended: settings.extended,
        narrow_role: settings
            .narrowing
            .as_ref()
            .map(|grant| grant.role.as_str().to_owned()),
        narrow_scope: settings
            .narrowing
            .as_ref()
            .map(|grant| scope_column::encode(&grant.scope).to_owned()),
        created_at: crate::time::format(now),
        created_by: actor.to_owned(),
        expires_at: settings
            .max_age
            .map(|age| crate::time::format(now + to_time(age))),
        last_used_at: None,
        last_used_from: None,
        revoked_at: None,
        revoked_by: None,
    }
}

fn token_target(owner: &PrincipalName) -> audit::Target<'_> {
    audit::Target {
        kind: "principal",
        namespace: None,
        name: owner.as_str(),
    }
}

/// What an audit row says about a new token (never its plaintext).
fn describe(id: &str, settings: &TokenSettings) -> String {
    let mut out = format!(
        "{} \"{}\"",
        token_format::display_prefix(id),
        settings.name.trim()
    );
    match settings.max_age {
        Some(age) if settings.extended => out.push_str(&format!(", max age {age} (extended)")),
        Some(age) => out.push_str(&format!(", max age {age}")),
        None => out.push_str(", never expires"),
    }
    if let Some(limit) = &settings.narrowing {
        out.push_str(&format!(", narrowed to {limit}"));
    }
    out
}
