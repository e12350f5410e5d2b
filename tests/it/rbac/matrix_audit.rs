//! The authorization matrix's entries for the audit log and the report of what expires soon.

use super::{Entry, Needs};
use keystead::api::dto::*;

/// Audit and expiry methods, in the order of the command surface.
pub(super) fn entries() -> Vec<Entry> {
    use Needs::*;
    use Role::Admin;
    vec![
        entry!("audit_list", AtTenant(Admin), |k, c, _n| k
            .audit_list(
                c,
                AuditFilter {
                    tenant: "main".into(),
                    ..Default::default()
                },
            )
            .await
            .map(drop)),
        entry!("expiring", Anyone, |k, c, _n| k
            .expiring(
                c,
                ExpiringQuery {
                    tenant: "main".into(),
                    ..Default::default()
                },
            )
            .await
            .map(drop)),
    ]
}
