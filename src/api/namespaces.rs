use super::dto::NamespaceNode;
use super::{Caller, Keystead};
use crate::Result;
use crate::model::NamespaceId;
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
        self.namespaces(caller).create(&tenant, &namespace).await?;
        Ok(())
    }

    /// All namespaces of a tenant as a tree, implicit parents included (`explicit: false`).
    pub async fn namespace_tree(
        &self,
        caller: &Caller,
        tenant: &str,
    ) -> Result<Vec<NamespaceNode>> {
        let tenant = self.tenant(caller, tenant).await?;
        let entries = self.namespaces(caller).list(&tenant).await?;
        Ok(children_of(None, &entries))
    }
}

fn children_of(parent: Option<&NamespaceId>, all: &[NamespaceEntry]) -> Vec<NamespaceNode> {
    all.iter()
        .filter(|entry| entry.id.parent().as_ref() == parent)
        .map(|entry| NamespaceNode {
            id: entry.id.to_string(),
            segment: entry.id.segment().to_owned(),
            explicit: entry.explicit,
            secret_count: entry.secret_count,
            children: children_of(Some(&entry.id), all),
        })
        .collect()
}
