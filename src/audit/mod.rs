//! The audit log: who did what to which target, when. Never a value.

use crate::Result;
use crate::store::audit_events::{self, NewAuditEvent};

pub use crate::store::audit_events::{AuditEventRow, AuditQuery};
use sqlx::SqliteExecutor;

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

pub async fn record(
    db: impl SqliteExecutor<'_>,
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
