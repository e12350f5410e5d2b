//! The authorization matrix's entries for access control: principals, role bindings and API
//! tokens.

use super::{Entry, NS, Needs, TARGET};
use crate::support::admin;
use keystead::api::Keystead;
use keystead::api::dto::*;

/// Principal, role and token methods, in the order of the command surface.
pub(super) fn entries() -> Vec<Entry> {
    use Needs::*;
    use Role::Admin;
    vec![
        entry!("principal_create", AtTenant(Admin), |k, c, n| k
            .principal_create(
                c,
                PrincipalCreateRequest {
                    tenant: "main".into(),
                    name: format!("new-{n}"),
                    kind: PrincipalKind::ServiceAccount,
                    description: String::new(),
                },
            )
            .await
            .map(drop)),
        entry!("principal_list", AtTenant(Admin), |k, c, _n| k
            .principal_list(c, "main")
            .await
            .map(drop)),
        entry!("principal_show", SelfOrAdmin, |k, c, _n| k
            .principal_show(c, "main", TARGET)
            .await
            .map(drop)),
        entry!("principal_set_disabled", AtTenant(Admin), |k, c, _n| k
            .principal_set_disabled(c, "main", TARGET, false)
            .await
            .map(drop)),
        entry!("principal_delete", AtTenant(Admin), |k, c, n| {
            let name = format!("gone-{n}");
            k.principal_create(
                &admin(),
                PrincipalCreateRequest {
                    tenant: "main".into(),
                    name: name.clone(),
                    kind: PrincipalKind::User,
                    description: String::new(),
                },
            )
            .await?;
            k.principal_delete(c, "main", &name).await
        }),
        entry!("role_grant", InNamespace(Admin), |k, c, _n| k
            .role_grant(c, role_change(Role::Read))
            .await
            .map(drop)),
        entry!("role_revoke", InNamespace(Admin), |k, c, _n| {
            k.role_grant(&admin(), role_change(Role::Use)).await?;
            k.role_revoke(c, role_change(Role::Use)).await
        }),
        entry!("role_list", InNamespace(Admin), |k, c, _n| k
            .role_list(
                c,
                RoleListRequest {
                    tenant: "main".into(),
                    principal: None,
                    namespace: Some(NS.into()),
                },
            )
            .await
            .map(drop)),
        entry!("token_create", SelfOrAdmin, |k, c, n| k
            .token_create(
                c,
                TokenCreateRequest {
                    tenant: "main".into(),
                    principal: TARGET.into(),
                    name: format!("t{n}"),
                    description: String::new(),
                    max_age: None,
                    extended: false,
                    narrowing: None,
                },
            )
            .await
            .map(drop)),
        entry!("token_list", SelfOrAdmin, |k, c, _n| k
            .token_list(c, "main", Some(TARGET))
            .await
            .map(drop)),
        entry!("token_revoke", OwnTokenOrAdmin, |k, c, n| {
            let id = target_token(k, n).await?;
            k.token_revoke(c, "main", &id).await.map(drop)
        }),
        entry!("token_revoke_all", SelfOrAdmin, |k, c, _n| k
            .token_revoke_all(c, "main", TARGET)
            .await
            .map(drop)),
        entry!("token_rotate", OwnTokenOrAdmin, |k, c, n| {
            let id = target_token(k, n).await?;
            k.token_rotate(
                c,
                TokenRotateRequest {
                    tenant: "main".into(),
                    id,
                    grace: None,
                },
            )
            .await
            .map(drop)
        }),
    ]
}

fn role_change(role: Role) -> RoleChangeRequest {
    RoleChangeRequest {
        tenant: "main".into(),
        principal: TARGET.into(),
        role,
        namespace: Some(NS.into()),
    }
}

async fn target_token(k: &Keystead, n: usize) -> keystead::Result<String> {
    let created = k
        .token_create(
            &admin(),
            TokenCreateRequest {
                tenant: "main".into(),
                principal: TARGET.into(),
                name: format!("fixture {n}"),
                description: String::new(),
                max_age: Some("P1D".into()),
                extended: false,
                narrowing: None,
            },
        )
        .await?;
    Ok(created.info.id)
}
