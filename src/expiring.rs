//! What needs attention soon in a tenant: API tokens and KV pairs that expire within a horizon,
//! secrets whose value reaches a given age within it, and credentials whose last Test failed.
//! Only names and times: never a token, a value or a server's message. Who may see which item is
//! decided above, in `api`.

use crate::access::token_display_prefix;
use crate::credentials::LastTest;
use crate::credentials::mint::MintErrorCode;
use crate::model::{NamespaceId, PrincipalName, Scope, TenantId};
use crate::store::{api_tokens, credentials, kv_pairs, scope_column, secrets};
use crate::time::{Clock, parse_stored};
use crate::{Error, Result};
use sqlx::SqlitePool;
use time::{Duration, OffsetDateTime};

/// What a due item is, with what the view shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DueKind {
    /// An API token that expires (or whose rotation grace period ends).
    ApiToken {
        principal: PrincipalName,
        /// `kst_abcd…`: the displayed prefix, never the token.
        prefix: String,
        /// The end is a rotation's grace period, not the token's own expiry.
        rotated: bool,
    },
    /// A KV pair with a TTL.
    Kv { namespace: NamespaceId },
    /// A secret whose current value reaches the age limit.
    Secret {
        namespace: NamespaceId,
        version: i64,
        /// When the current value was written.
        written_at: OffsetDateTime,
    },
    /// A saved credential whose last Test failed (`at` is that Test).
    FailedTest {
        scope: Scope,
        error: Option<MintErrorCode>,
    },
}

/// One item that needs attention at `at` (in the past: overdue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub kind: DueKind,
    /// The token's, pair's, secret's or credential's name.
    pub name: String,
    pub at: OffsetDateTime,
}

impl Due {
    /// Where the item lives: a namespace, or the tenant (API tokens, tenant-level credentials).
    pub fn scope(&self) -> Scope {
        match &self.kind {
            DueKind::ApiToken { .. } => Scope::Tenant,
            DueKind::Kv { namespace } | DueKind::Secret { namespace, .. } => {
                Scope::Namespace(namespace.clone())
            }
            DueKind::FailedTest { scope, .. } => scope.clone(),
        }
    }
}

/// What to look for.
pub struct DueQuery {
    /// Items due up to now + `within` (and those already overdue).
    pub within: Duration,
    /// A secret is due when its current value is this old.
    pub secret_age: Duration,
}

/// The expiring-soon scan of one tenant.
pub struct Expiring<'a> {
    pub pool: &'a SqlitePool,
    pub clock: &'a Clock,
}

impl Expiring<'_> {
    /// Everything due by now + `within`, soonest first (overdue items lead). An expired KV pair is
    /// gone for every read, so it is not listed; an expired API token still exists (until revoked)
    /// and is listed as overdue.
    pub async fn scan(
        &self,
        tenant: &TenantId,
        query: &DueQuery,
    ) -> Result<(OffsetDateTime, Vec<Due>)> {
        let now = self.clock.now();
        let until = now.checked_add(query.within).ok_or_else(too_far)?;
        let (now_text, until_text) = (crate::time::format(now), crate::time::format(until));
        let mut due = Vec::new();
        for row in api_tokens::ending_by(self.pool, tenant.as_str(), &now_text, &until_text).await?
        {
            let expires = row.expires_at.as_deref().map(parse_stored).transpose()?;
            let revoked = row.revoked_at.as_deref().map(parse_stored).transpose()?;
            let (at, rotated) = match (expires, revoked) {
                (Some(e), Some(r)) if r < e => (r, true),
                (Some(e), _) => (e, false),
                (None, Some(r)) => (r, true),
                (None, None) => continue,
            };
            due.push(Due {
                kind: DueKind::ApiToken {
                    principal: PrincipalName::parse(&row.principal)?,
                    prefix: token_display_prefix(&row.id),
                    rotated,
                },
                name: row.name,
                at,
            });
        }
        for row in kv_pairs::expiring_by(self.pool, tenant.as_str(), &now_text, &until_text).await?
        {
            let Some(at) = row.expires_at.as_deref().map(parse_stored).transpose()? else {
                continue;
            };
            due.push(Due {
                kind: DueKind::Kv {
                    namespace: NamespaceId::parse(&row.namespace)?,
                },
                name: row.key,
                at,
            });
        }
        // A value written at or before (until - age) reaches the age by `until`.
        let written_by = until.checked_sub(query.secret_age).ok_or_else(too_far)?;
        let aged = secrets::current_written_by(
            self.pool,
            tenant.as_str(),
            &crate::time::format(written_by),
        )
        .await?;
        for row in aged {
            let written_at = parse_stored(&row.version_created_at)?;
            due.push(Due {
                kind: DueKind::Secret {
                    namespace: NamespaceId::parse(&row.namespace)?,
                    version: row.current_version,
                    written_at,
                },
                name: row.key,
                at: written_at
                    .checked_add(query.secret_age)
                    .ok_or_else(too_far)?,
            });
        }
        for row in credentials::failed_last_test(self.pool, tenant.as_str()).await? {
            let scope = scope_column::decode(&row.scope)?;
            let Some(test) =
                LastTest::from_columns(row.last_test_at, row.last_test_ok, row.last_test_error)
            else {
                continue;
            };
            due.push(Due {
                kind: DueKind::FailedTest {
                    scope,
                    error: test.error,
                },
                name: row.name,
                at: parse_stored(&test.at)?,
            });
        }
        due.sort_by(|a, b| (a.at, &a.name).cmp(&(b.at, &b.name)));
        Ok((now, due))
    }
}

fn too_far() -> Error {
    Error::invalid("the horizon or the secret age is too large: give at most P3650D")
}
