//! The authorization matrix's entries for the key-value store: set, get, list and delete.

use super::{Entry, NS, Needs, kv_write};
use crate::support::admin;
use keystead::api::dto::*;

/// Key-value methods, in the order of the command surface.
pub(super) fn entries() -> Vec<Entry> {
    use Needs::*;
    use Role::{Admin, Read, Use};
    vec![
        entry!("kv_set", InNamespace(Use), |k, c, n| k
            .kv_set(c, kv_write(&format!("kv{n}")))
            .await
            .map(drop)),
        entry!("kv_get", InNamespace(Use), |k, c, _n| k
            .kv_get(c, "main", NS, "cursor", false)
            .await
            .map(drop)),
        entry!("kv_list", InNamespace(Read), |k, c, _n| k
            .kv_list(
                c,
                KvListRequest {
                    tenant: "main".into(),
                    namespace: NS.into(),
                    prefix: None,
                    effective: true,
                },
            )
            .await
            .map(drop)),
        entry!("kv_delete", InNamespace(Admin), |k, c, n| {
            let key = format!("gone{n}");
            k.kv_set(&admin(), kv_write(&key)).await?;
            k.kv_delete(c, "main", NS, &key, None).await
        }),
    ]
}
