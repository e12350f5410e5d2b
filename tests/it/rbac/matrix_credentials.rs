//! The authorization matrix's entries for credentials and credential types: applying, listing,
//! showing, deleting, copying, testing and minting credentials, discovery, and the custom types.

use super::{Entry, NS, Needs, static_credential};
use crate::support::admin;
use keystead::api::dto::*;

/// Credential and credential type methods, in the order of the command surface.
pub(super) fn entries() -> Vec<Entry> {
    use Needs::*;
    use Role::{Admin, Read, Use};
    vec![
        entry!("credential_apply", InNamespace(Admin), |k, c, n| k
            .credential_apply(c, "main", static_credential(&format!("git{n}")))
            .await
            .map(drop)),
        entry!("credential_list", InNamespace(Read), |k, c, _n| k
            .credential_list(
                c,
                CredentialListRequest {
                    tenant: "main".into(),
                    namespace: Some(NS.into()),
                    effective: true,
                    ..Default::default()
                },
            )
            .await
            .map(drop)),
        entry!("credential_show", InNamespace(Read), |k, c, _n| k
            .credential_show(c, "main", Some(NS), "git")
            .await
            .map(drop)),
        entry!("credential_delete", InNamespace(Admin), |k, c, n| {
            let name = format!("del{n}");
            k.credential_apply(&admin(), "main", static_credential(&name))
                .await?;
            k.credential_delete(c, "main", Some(NS), &name).await
        }),
        entry!("credential_copy", InNamespace(Admin), |k, c, n| k
            .credential_copy(
                c,
                CredentialCopyRequest {
                    tenant: "main".into(),
                    namespace: Some(NS.into()),
                    name: "git".into(),
                    target_namespace: None,
                    target_name: Some(format!("copy{n}")),
                },
            )
            .await
            .map(drop)),
        entry!("credential_test", InNamespace(Use), |k, c, _n| k
            .credential_test(c, "main", Some(NS), "git")
            .await
            .map(drop)),
        entry!(
            "credential_test_definition",
            InNamespace(Admin),
            |k, c, _n| k
                .credential_test_definition(c, "main", static_credential("unsaved"))
                .await
                .map(drop)
        ),
        entry!("credential_token", InNamespace(Use), |k, c, _n| k
            .credential_token(c, "main", Some(NS), "git")
            .await
            .map(drop)),
        entry!("credential_discover", Anywhere(Admin), |k, c, _n| k
            .credential_discover(c, "main", "http://127.0.0.1:1")
            .await
            .map(drop)),
        entry!("credential_types", Anywhere(Read), |k, c, _n| k
            .credential_types(c, "main")
            .await
            .map(drop)),
        entry!("credential_type", Anywhere(Read), |k, c, _n| k
            .credential_type(c, "main", "github_app")
            .await
            .map(drop)),
        entry!("credential_type_create", AtTenant(Admin), |k, c, n| k
            .credential_type_create(
                c,
                "main",
                CustomTypeDefinition {
                    id: format!("custom{n}"),
                    label: "Custom".into(),
                    description: String::new(),
                    inputs: Vec::new(),
                },
            )
            .await
            .map(drop)),
        entry!("credential_type_update", AtTenant(Admin), |k, c, n| {
            let id = format!("custom{n}");
            let def = CustomTypeDefinition {
                id: id.clone(),
                label: "Custom".into(),
                description: String::new(),
                inputs: Vec::new(),
            };
            k.credential_type_update(c, "main", &id, def)
                .await
                .map(drop)
        }),
        entry!("credential_type_delete", AtTenant(Admin), |k, c, n| k
            .credential_type_delete(c, "main", &format!("custom{n}"))
            .await),
    ]
}
