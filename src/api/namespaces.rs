use super::Keystead;
use super::dto::NamespaceNode;
use crate::Result;
use crate::model::NamespaceId;
use crate::store;
use std::collections::BTreeMap;

impl Keystead {
    /// Creates a namespace (its parents become visible implicitly). Creating an existing one is a no-op.
    pub async fn namespace_create(&self, tenant: &str, namespace: &str) -> Result<()> {
        let tenant = self.tenant(tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        let created = store::namespaces::ensure(
            &self.pool,
            tenant.as_str(),
            namespace.as_str(),
            &crate::time::now_rfc3339(),
        )
        .await?;
        if created {
            crate::audit::record(
                &self.pool,
                tenant.as_str(),
                &self.actor,
                "namespace.create",
                crate::audit::Target {
                    kind: "namespace",
                    namespace: Some(namespace.as_str()),
                    name: namespace.as_str(),
                },
                "",
            )
            .await?;
        }
        Ok(())
    }

    /// All namespaces of a tenant as a tree, implicit parents included (`explicit: false`).
    pub async fn namespace_tree(&self, tenant: &str) -> Result<Vec<NamespaceNode>> {
        let tenant = self.tenant(tenant).await?;
        let rows = store::namespaces::list(&self.pool, tenant.as_str()).await?;
        // id → (explicit, secret count), with every ancestor present.
        let mut all: BTreeMap<String, (bool, u32)> = BTreeMap::new();
        for row in rows {
            let id = NamespaceId::parse(&row.id)?;
            for ancestor in id.self_and_ancestors().into_iter().skip(1) {
                all.entry(ancestor.to_string()).or_insert((false, 0));
            }
            all.insert(
                row.id,
                (true, u32::try_from(row.secret_count).unwrap_or(u32::MAX)),
            );
        }
        Ok(children_of(None, &all))
    }
}

fn children_of(parent: Option<&str>, all: &BTreeMap<String, (bool, u32)>) -> Vec<NamespaceNode> {
    all.iter()
        .filter(|(id, _)| match (parent, id.rfind('.')) {
            (None, None) => true,
            (Some(p), Some(idx)) => &id[..idx] == p,
            _ => false,
        })
        .map(|(id, (explicit, count))| NamespaceNode {
            id: id.clone(),
            segment: id.rsplit('.').next().unwrap_or(id).to_owned(),
            explicit: *explicit,
            secret_count: *count,
            children: children_of(Some(id), all),
        })
        .collect()
}
