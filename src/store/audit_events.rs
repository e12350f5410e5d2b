use crate::error::{Context, Result};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteExecutor};

#[derive(Debug, Clone, FromRow)]
pub struct AuditEventRow {
    pub id: i64,
    pub tenant_id: String,
    pub at: String,
    pub actor: String,
    pub via: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub namespace: Option<String>,
    pub target: String,
    pub detail: String,
}

pub struct NewAuditEvent<'a> {
    pub tenant: &'a str,
    pub at: &'a str,
    pub actor: &'a str,
    pub via: Option<&'a str>,
    pub action: &'a str,
    pub target_kind: &'a str,
    pub namespace: Option<&'a str>,
    pub target: &'a str,
    pub detail: &'a str,
}

/// An event queued for a grouped write (see [`crate::store::writer::record_audit`]).
#[derive(Debug, Clone)]
pub struct OwnedAuditEvent {
    pub tenant: String,
    pub at: String,
    pub actor: String,
    pub via: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub namespace: Option<String>,
    pub target: String,
    pub detail: String,
}

/// Rows per INSERT at most: 9 parameters each, well under SQLite's 32 766.
pub const MAX_ROWS_PER_INSERT: usize = 500;

/// Writes `events` in one statement (so all or none; at most [`MAX_ROWS_PER_INSERT`]).
pub async fn insert_rows(db: impl SqliteExecutor<'_>, events: &[OwnedAuditEvent]) -> Result<()> {
    let mut query = QueryBuilder::<Sqlite>::new(
        "INSERT INTO audit_events (tenant_id, at, actor, via, action, target_kind, namespace, \
         target, detail) ",
    );
    query.push_values(events, |mut row, e| {
        row.push_bind(&e.tenant)
            .push_bind(&e.at)
            .push_bind(&e.actor)
            .push_bind(&e.via)
            .push_bind(&e.action)
            .push_bind(&e.target_kind)
            .push_bind(&e.namespace)
            .push_bind(&e.target)
            .push_bind(&e.detail);
    });
    query
        .build()
        .execute(db)
        .await
        .context("writing audit events")?;
    Ok(())
}

pub async fn insert(db: impl SqliteExecutor<'_>, e: &NewAuditEvent<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (tenant_id, at, actor, via, action, target_kind, namespace, target, \
         detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.tenant)
    .bind(e.at)
    .bind(e.actor)
    .bind(e.via)
    .bind(e.action)
    .bind(e.target_kind)
    .bind(e.namespace)
    .bind(e.target)
    .bind(e.detail)
    .execute(db)
    .await
    .context("writing an audit event")?;
    Ok(())
}

#[derive(Debug, Default)]
pub struct AuditQuery<'a> {
    pub tenant: &'a str,
    /// An action (`secret.reveal`), or with `action_family` every action that starts with it and
    /// a dot (`secret`: `secret.create`, `secret.reveal`, …).
    pub action: Option<&'a str>,
    pub action_family: bool,
    /// A namespace, and with `namespace_below` its descendants too (`prod`: `prod.eng`, never
    /// `prod2`).
    pub namespace: Option<&'a str>,
    pub namespace_below: bool,
    pub target_kind: Option<&'a str>,
    pub target: Option<&'a str>,
    pub actor: Option<&'a str>,
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
    /// Events with a smaller id only (paging newest first).
    pub before: Option<i64>,
    pub limit: i64,
}

/// `column = value`, or with `below` also every `value.…` (the range from `value.` up to but not
/// including `value/`, the character after the dot: no LIKE wildcards to escape).
fn push_dotted(query: &mut QueryBuilder<Sqlite>, column: &str, value: &str, below: bool) {
    query
        .push(format!(" AND ({column} = "))
        .push_bind(value.to_owned());
    if below {
        query
            .push(format!(" OR ({column} >= "))
            .push_bind(format!("{value}."))
            .push(format!(" AND {column} < "))
            .push_bind(format!("{value}/"))
            .push(")");
    }
    query.push(")");
}

/// Events newest first.
pub async fn list(db: impl SqliteExecutor<'_>, q: &AuditQuery<'_>) -> Result<Vec<AuditEventRow>> {
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT id, tenant_id, at, actor, via, action, target_kind, namespace, target, detail FROM audit_events \
         WHERE tenant_id = ",
    );
    query.push_bind(q.tenant);
    if let Some(action) = q.action {
        push_dotted(&mut query, "action", action, q.action_family);
    }
    if let Some(namespace) = q.namespace {
        push_dotted(&mut query, "namespace", namespace, q.namespace_below);
    }
    let filters = [
        ("target_kind", q.target_kind),
        ("target", q.target),
        ("actor", q.actor),
    ];
    for (column, value) in filters {
        if let Some(value) = value {
            query.push(format!(" AND {column} = ")).push_bind(value);
        }
    }
    if let Some(since) = q.since {
        query.push(" AND at >= ").push_bind(since);
    }
    if let Some(until) = q.until {
        query.push(" AND at < ").push_bind(until);
    }
    if let Some(before) = q.before {
        query.push(" AND id < ").push_bind(before);
    }
    query.push(" ORDER BY id DESC LIMIT ").push_bind(q.limit);
    query
        .build_query_as::<AuditEventRow>()
        .fetch_all(db)
        .await
        .context("listing audit events")
}
