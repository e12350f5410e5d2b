use super::dto::{NamespaceDeleted, NamespaceNode};
use super::{Caller, Keystead};
use crate::Result;
use crate::access::Role;
use crate::model::{NamespaceId, Scope, TenantId};
use crate::namespaces::NamespaceEntry;

impl Keystead {
    /// Creates a namespace (its parents become visible implicitly). Creating an existing one is a no-op.
    pub async fn namespace_create(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
    ) -> Result<()> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        let scope = Scope::Namespace(namespace.clone());
        self.authorize(caller, &tenant, Role::Admin, &scope, "namespace.create")
            .await?;
        self.namespaces(caller).create(&tenant, &namespace).await?;
        Ok(())
    }

    /// Deletes a namespace (admin there). One that holds anything is refused with a `conflict`
    /// naming what it holds, unless `recursive`: then everything in and below it goes too.
    pub async fn namespace_delete(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        recursive: bool,
    ) -> Result<NamespaceDeleted> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        let scope = Scope::Namespace(namespace.clone());
        self.authorize(caller, &tenant, Role::Admin, &scope, "namespace.delete")
            .await?;
        self.namespaces(caller)
            .delete(&tenant, &namespace, recursive)
            .await
    }

    /// The tenant's namespaces as a tree, implicit parents included (`explicit: false`): those the
    /// caller may read, and the parents that lead to them (with `access: null`).
    pub async fn namespace_tree(
        &self,
        caller: &Caller,
        tenant: &str,
    ) -> Result<Vec<NamespaceNode>> {
        let tenant = self.tenant(caller, tenant).await?;
        let entries = self.namespaces(caller).list(&tenant).await?;
        Ok(children_of(None, &entries, caller, &tenant))
    }
}

fn children_of(
    parent: Option<&NamespaceId>,
    all: &[NamespaceEntry],
    caller: &Caller,
    tenant: &TenantId,
) -> Vec<NamespaceNode> {
    all.iter()
        .filter(|entry| entry.id.parent().as_ref() == parent)
        .filter_map(|entry| {
            let access = caller.role_at(tenant, &Scope::Namespace(entry.id.clone()));
            let children = children_of(Some(&entry.id), all, caller, tenant);
            (access.is_some() || !children.is_empty()).then(|| NamespaceNode {
                id: entry.id.to_string(),
                segment: entry.id.segment().to_owned(),
                explicit: entry.explicit,
                secret_count: if access.is_some() {
                    entry.secret_count
                } else {
                    0
                },
                access,
                children,
            })
        })
        .collect()
}
