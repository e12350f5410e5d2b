//! The authorization matrix's entries for secrets: writing, reading, resolving, listing,
//! deleting, describing, versions and restore, import and export.

use super::{Entry, NS, Needs};
use keystead::api::dto::*;

/// Secret methods, in the order of the command surface.
pub(super) fn entries() -> Vec<Entry> {
    use Needs::*;
    use Role::{Admin, Read, Use};
    vec![
        entry!("secret_set", InNamespace(Admin), |k, c, n| k
            .secret_set(c, crate::support::set_request(NS, &format!("S{n}"), "v"))
            .await
            .map(drop)),
        entry!("secret_get", InNamespace(Read), |k, c, _n| k
            .secret_get(c, "main", NS, "KEY", false)
            .await
            .map(drop)),
        entry!("secret_get(reveal)", InNamespace(Admin), |k, c, _n| k
            .secret_get(c, "main", NS, "KEY", true)
            .await
            .map(drop)),
        entry!("secret_resolve", InNamespace(Use), |k, c, _n| k
            .secret_resolve(c, "main", NS, "KEY")
            .await
            .map(drop)),
        entry!("secret_list", InNamespace(Read), |k, c, _n| k
            .secret_list(c, "main", NS, true)
            .await
            .map(drop)),
        entry!("secret_delete", InNamespace(Admin), |k, c, n| {
            let key = format!("D{n}");
            crate::support::set(k, NS, &key, "v").await?;
            k.secret_delete(c, "main", NS, &key).await
        }),
        entry!("secret_describe", InNamespace(Admin), |k, c, _n| k
            .secret_describe(c, "main", NS, "KEY", "described".into())
            .await
            .map(drop)),
        entry!("secret_set_read_only", InNamespace(Admin), |k, c, _n| k
            .secret_set_read_only(c, "main", NS, "KEY", false)
            .await
            .map(drop)),
        entry!("secret_versions", InNamespace(Read), |k, c, _n| k
            .secret_versions(c, "main", NS, "KEY")
            .await
            .map(drop)),
        entry!("secret_restore", InNamespace(Admin), |k, c, _n| k
            .secret_restore(c, "main", NS, "KEY", 1)
            .await
            .map(drop)),
        entry!("secret_import", InNamespace(Admin), |k, c, n| k
            .secret_import(
                c,
                ImportRequest {
                    tenant: "main".into(),
                    namespace: NS.into(),
                    format: ImportFormat::Env,
                    content: format!("I{n}=v\n"),
                    on_conflict: ConflictPolicy::Skip,
                    dry_run: false,
                },
            )
            .await
            .map(drop)),
        entry!(
            "secret_import_with_progress",
            InNamespace(Admin),
            |k, c, n| k
                .secret_import_with_progress(
                    c,
                    ImportRequest {
                        tenant: "main".into(),
                        namespace: NS.into(),
                        format: ImportFormat::Env,
                        content: format!("P{n}=v\n"),
                        on_conflict: ConflictPolicy::Skip,
                        dry_run: false,
                    },
                    &|_| {},
                )
                .await
                .map(drop)
        ),
        entry!("secret_export", InNamespace(Admin), |k, c, _n| k
            .secret_export(c, "main", NS)
            .await
            .map(drop)),
    ]
}
