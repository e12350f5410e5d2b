use super::dto::{AuditEventDto, AuditFilter};
use super::{Caller, Keystead};
use crate::audit::{self, AuditQuery};
use crate::model::{NamespaceId, Scope};
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
        let mut namespace = filter
            .namespace
            .as_deref()
            .map(|ns| NamespaceId::parse(ns).map(|id| (id, true)))
            .transpose()?;
        let action = filter.action.as_deref().map(parse_action).transpose()?;
        let shown = filter.target.as_deref().map(ShownTarget::parse);
        if let Some(ShownTarget {
            namespace: Some(exact),
            ..
        }) = &shown
        {
            if let Some((ns, _)) = &namespace
                && !Scope::Namespace(ns.clone()).covers(&Scope::Namespace(exact.clone()))
            {
                return Err(Error::invalid(format!(
                    "the target names namespace {exact}, which is not the namespace filter's {ns} \
                     nor below it: give one of them"
                )));
            }
            namespace = Some((exact.clone(), false));
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
                action: action.map(|(action, _)| action),
                action_family: action.is_some_and(|(_, family)| family),
                namespace: namespace.as_ref().map(|(ns, _)| ns.as_str()),
                namespace_below: namespace.as_ref().is_some_and(|(_, below)| *below),
                target_kind: shown.as_ref().and_then(|t| t.kind),
                target: shown.as_ref().map(|t| t.name),
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

/// Target kinds the audit log writes; the CLI shows a target as `kind:namespace/name`.
const TARGET_KINDS: [&str; 9] = [
    "access",
    "credential",
    "credential_type",
    "key",
    "kv",
    "namespace",
    "principal",
    "secret",
    "tenant",
];

/// A target filter: a bare name, or the form the CLI shows (`secret:prod.eng/DB_URL`,
/// `principal:ci-deployer`), which also fixes the kind and (when given) the exact namespace.
struct ShownTarget<'a> {
    kind: Option<&'a str>,
    namespace: Option<NamespaceId>,
    name: &'a str,
}

impl<'a> ShownTarget<'a> {
    fn parse(raw: &'a str) -> Self {
        let bare = Self {
            kind: None,
            namespace: None,
            name: raw,
        };
        let Some((kind, rest)) = raw.split_once(':') else {
            return bare;
        };
        if !TARGET_KINDS.contains(&kind) {
            return bare;
        }
        let namespaced = rest
            .split_once('/')
            .filter(|_| kind != "namespace")
            .and_then(|(ns, name)| Some((NamespaceId::parse(ns).ok()?, name)));
        match namespaced {
            Some((ns, name)) => Self {
                kind: Some(kind),
                namespace: Some(ns),
                name,
            },
            None => Self {
                kind: Some(kind),
                namespace: None,
                name: rest,
            },
        }
    }
}

/// An action (`secret.reveal`), or a family of them (`secret` or `secret.*`): `(action, family)`.
fn parse_action(raw: &str) -> Result<(&str, bool)> {
    let (name, family) = match raw.strip_suffix(".*") {
        Some(family) => (family, true),
        None => (raw, !raw.contains('.')),
    };
    let well_formed = !name.is_empty()
        && name.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
    if well_formed {
        Ok((name, family))
    } else {
        Err(Error::invalid(format!(
            "{raw:?} is not an audit action: give one such as secret.reveal, or a family such as \
             secret (every secret.… action)"
        )))
    }
}
