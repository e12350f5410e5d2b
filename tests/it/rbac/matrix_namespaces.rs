//! The authorization matrix's entries for tenants and namespaces: creating and listing tenants,
//! creating, deleting and listing namespaces.

use super::{Entry, NS, Needs};
use crate::support::admin;
use keystead::api::dto::*;

/// Tenant and namespace methods, in the order of the command surface.
pub(super) fn entries() -> Vec<Entry> {
    use Needs::*;
    use Role::Admin;
    vec![
        entry!("tenant_create", LocalOnly, |k, c, n| k
            .tenant_create(c, &format!("t{n}"))
            .await
            .map(drop)),
        entry!("tenant_list", Anyone, |k, c, _n| k
            .tenant_list(c)
            .await
            .map(drop)),
        entry!("namespace_create", InNamespace(Admin), |k, c, _n| k
            .namespace_create(c, "main", NS)
            .await),
        entry!("namespace_delete", InNamespace(Admin), |k, c, n| {
            // A fresh empty namespace under prod.eng each time: prod.eng itself must stay.
            let doomed = format!("{NS}.d{n}");
            k.namespace_create(&admin(), "main", &doomed).await?;
            k.namespace_delete(c, "main", &doomed, false)
                .await
                .map(drop)
        }),
        entry!("namespace_tree", Anyone, |k, c, _n| k
            .namespace_tree(c, "main")
            .await
            .map(drop)),
    ]
}
