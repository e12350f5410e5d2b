//! The audit log: who did what to which target, when. Never a value.

use crate::Result;
use crate::store::audit_events::{self, NewAuditEvent, OwnedAuditEvent};
use crate::store::writer;

pub use crate::store::audit_events::{AuditEventRow, AuditQuery};
use sqlx::{SqliteConnection, SqliteExecutor, SqlitePool};

/// Who acts, as the audit log records it: a name, and how they came in (an API token and the
/// client address) when not at this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub via: Option<String>,
}

impl Actor {
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            via: None,
        }
    }
}

/// What an audit event is about.
pub struct Target<'a> {
    pub kind: &'a str,
    pub namespace: Option<&'a str>,
    pub name: &'a str,
}

/// Records an event in the transaction that does the work (both commit or neither).
pub async fn record(
    db: &mut SqliteConnection,
    tenant: &str,
    actor: &Actor,
    action: &str,
    target: Target<'_>,
    detail: &str,
) -> Result<()> {
    audit_events::insert(
        db,
        &NewAuditEvent {
            tenant,
            at: &crate::time::now_rfc3339(),
            actor: &actor.name,
            via: actor.via.as_deref(),
            action,
            target_kind: target.kind,
            namespace: target.namespace,
            target: target.name,
            detail,
        },
    )
    .await
}

/// Records an event of work that writes nothing else (a use, a refusal) and returns once it is
/// committed; concurrent events are written together.
pub async fn record_now(
    pool: &SqlitePool,
    tenant: &str,
    actor: &Actor,
    action: &str,
    target: Target<'_>,
    detail: &str,
) -> Result<()> {
    writer::record_audit(
        pool,
        OwnedAuditEvent {
            tenant: tenant.to_owned(),
            at: crate::time::now_rfc3339(),
            actor: actor.name.clone(),
            via: actor.via.clone(),
            action: action.to_owned(),
            target_kind: target.kind.to_owned(),
            namespace: target.namespace.map(str::to_owned),
            target: target.name.to_owned(),
            detail: detail.to_owned(),
        },
    )
    .await
}

pub fn secret<'a>(namespace: &'a str, key: &'a str) -> Target<'a> {
    Target {
        kind: "secret",
        namespace: Some(namespace),
        name: key,
    }
}

/// Events of a tenant, newest first, filtered.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    query: &AuditQuery<'_>,
) -> Result<Vec<AuditEventRow>> {
    audit_events::list(db, query).await
}
