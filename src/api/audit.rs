use super::dto::{AuditEventDto, AuditFilter};
use super::{Caller, Keystead};
use crate::audit::{self, AuditQuery};
use crate::model::NamespaceId;
use crate::{Error, Result};

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 10_000;

impl Keystead {
    /// Audit events, newest first, filtered.
    pub async fn audit_list(
        &self,
        caller: &Caller,
        filter: AuditFilter,
    ) -> Result<Vec<AuditEventDto>> {
        let tenant = self.tenant(caller, &filter.tenant).await?;
        self.authorize(
            caller,
            &tenant,
            crate::access::Role::Admin,
            &crate::model::Scope::Tenant,
            "audit.list",
        )
        .await?;
        if let Some(ns) = &filter.namespace {
            NamespaceId::parse(ns)?;
        }
        let instant = |raw: &Option<String>| {
            raw.as_deref()
                .map(crate::time::parse_user_instant)
                .transpose()
        };
        let since = instant(&filter.since)?;
        let until = instant(&filter.until)?;
        let limit = match filter.limit {
            None => DEFAULT_LIMIT,
            Some(0) => {
                return Err(Error::invalid(format!(
                    "limit is 0: ask for 1 to {MAX_LIMIT} events (pages go on with before)"
                )));
            }
            Some(asked) => asked.min(MAX_LIMIT),
        };
        let rows = audit::list(
            &self.pool,
            &AuditQuery {
                tenant: tenant.as_str(),
                action: filter.action.as_deref(),
                namespace: filter.namespace.as_deref(),
                target: filter.target.as_deref(),
                actor: filter.actor.as_deref(),
                since: since.as_deref(),
                until: until.as_deref(),
                before: filter.before,
                limit: i64::from(limit),
            },
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| AuditEventDto {
                id: row.id,
                tenant: row.tenant_id,
                at: row.at,
                actor: row.actor,
                via: row.via,
                action: row.action,
                target_kind: row.target_kind,
                namespace: row.namespace,
                target: row.target,
                detail: row.detail,
            })
            .collect())
    }
}
