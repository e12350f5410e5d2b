use super::dto::{ExpiringItem, ExpiringKind, ExpiringQuery, ExpiringReport};
use super::{Caller, Keystead};
use crate::Result;
use crate::access::Role;
use crate::expiring::{Due, DueKind, DueQuery, Expiring};
use crate::model::{IsoDuration, Scope, TenantId};
use time::OffsetDateTime;

const DEFAULT_WITHIN: &str = "P30D";
const DEFAULT_SECRET_AGE: &str = "P90D";

fn duration(raw: Option<&str>, default: &str, what: &str) -> Result<IsoDuration> {
    let raw = raw
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(default);
    IsoDuration::parse(raw)
        .map_err(|e| crate::Error::invalid(format!("{what}: {e} (for example {default})")))
}

fn to_time(d: &IsoDuration) -> time::Duration {
    time::Duration::try_from(d.duration()).unwrap_or(time::Duration::MAX)
}

/// Whether `caller` may see `due`: read where it lives; an API token, its owner or a tenant admin.
fn visible(caller: &Caller, tenant: &TenantId, due: &Due) -> bool {
    match &due.kind {
        DueKind::ApiToken { principal, .. } => {
            caller.principal() == Some(principal)
                || caller.role_at(tenant, &Scope::Tenant) == Some(Role::Admin)
        }
        _ => caller.role_at(tenant, &due.scope()).is_some(),
    }
}

fn item(due: Due, now: OffsetDateTime, secret_age: &IsoDuration) -> ExpiringItem {
    let left = due.at - now;
    let overdue = due.at <= now;
    let namespace = due.scope().namespace().map(ToString::to_string);
    let mut out = ExpiringItem {
        kind: ExpiringKind::Kv,
        namespace,
        name: due.name,
        principal: None,
        token_prefix: None,
        at: crate::time::format(due.at),
        seconds_left: left.whole_seconds(),
        overdue,
        reason: String::new(),
        written_at: None,
        test_error: None,
    };
    match due.kind {
        DueKind::ApiToken {
            principal,
            prefix,
            rotated,
        } => {
            out.kind = ExpiringKind::ApiToken;
            out.reason = match (rotated, overdue) {
                (true, _) => "replaced by a rotation: works until its grace period ends".into(),
                (false, true) => "API token expired (still listed until revoked)".into(),
                (false, false) => "API token expires".into(),
            };
            out.principal = Some(principal.to_string());
            out.token_prefix = Some(prefix);
        }
        DueKind::Kv { .. } => out.reason = "KV pair expires (TTL)".into(),
        DueKind::Secret {
            version,
            written_at,
            ..
        } => {
            out.kind = ExpiringKind::Secret;
            let days = (now - written_at).whole_days();
            out.reason = if overdue {
                format!("value (version {version}) is {days} days old: older than {secret_age}")
            } else {
                format!("value (version {version}) will be older than {secret_age}")
            };
            out.written_at = Some(crate::time::format(written_at));
        }
        DueKind::FailedTest { error, .. } => {
            out.kind = ExpiringKind::Credential;
            out.overdue = true;
            out.reason = match error {
                Some(code) => format!("last Test failed: {code}"),
                None => "last Test failed".into(),
            };
            out.test_error = error;
        }
    }
    out
}

impl Keystead {
    /// What needs attention soon in a tenant: API tokens and KV pairs that expire within the
    /// horizon, secrets whose value reaches the age limit within it, credentials whose last Test
    /// failed, overdue items first. Anyone may ask; the answer holds only what the caller may
    /// read (tokens: its own, or all for a tenant admin).
    pub async fn expiring(&self, caller: &Caller, query: ExpiringQuery) -> Result<ExpiringReport> {
        let tenant = self.tenant(caller, &query.tenant).await?;
        let within = duration(query.within.as_deref(), DEFAULT_WITHIN, "horizon")?;
        let secret_age = duration(
            query.secret_age.as_deref(),
            DEFAULT_SECRET_AGE,
            "secret age",
        )?;
        let (now, due) = Expiring {
            pool: &self.pool,
            clock: &self.clock,
        }
        .scan(
            &tenant,
            &DueQuery {
                within: to_time(&within),
                secret_age: to_time(&secret_age),
            },
        )
        .await?;
        let until = now.saturating_add(to_time(&within));
        Ok(ExpiringReport {
            now: crate::time::format(now),
            until: crate::time::format(until),
            within: within.to_string(),
            secret_age: secret_age.to_string(),
            items: due
                .into_iter()
                .filter(|due| visible(caller, &tenant, due))
                .map(|due| item(due, now, &secret_age))
                .collect(),
        })
    }
}
