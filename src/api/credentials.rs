use super::Keystead;
use super::dto::{CredentialCopyRequest, CredentialDto, CredentialListRequest, CredentialOrder};
use crate::credentials::definition::{CredentialDefinition, CredentialSettings, validate_inputs};
use crate::model::{CredentialName, NamespaceId, TenantId};
use crate::store::credentials::{self, CredentialRow};
use crate::{Error, Result};
use serde_json::Map;

pub(super) const TENANT_SCOPE: &str = "";

pub(super) fn scope_of(namespace: Option<&NamespaceId>) -> &str {
    namespace.map_or(TENANT_SCOPE, NamespaceId::as_str)
}

pub(super) fn parse_namespace(raw: Option<&str>) -> Result<Option<NamespaceId>> {
    raw.filter(|s| !s.is_empty())
        .map(NamespaceId::parse)
        .transpose()
}

pub(super) fn to_dto(
    row: CredentialRow,
    inherited: bool,
    shadows: Vec<String>,
) -> Result<CredentialDto> {
    let inputs: Map<String, serde_json::Value> =
        serde_json::from_str(&row.inputs).map_err(|e| {
            Error::Integrity(format!(
                "credential {} has unreadable inputs: {e}",
                row.name
            ))
        })?;
    let settings: CredentialSettings = serde_json::from_str(&row.settings).map_err(|e| {
        Error::Integrity(format!(
            "credential {} has unreadable settings: {e}",
            row.name
        ))
    })?;
    Ok(CredentialDto {
        namespace: (!row.scope.is_empty()).then_some(row.scope),
        name: row.name,
        type_id: row.type_id,
        description: row.description,
        inputs,
        settings,
        created_at: row.created_at,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
        inherited,
        shadows,
    })
}

impl Keystead {
    /// Creates or replaces a credential after validating it against its type.
    pub async fn credential_apply(
        &self,
        tenant: &str,
        def: CredentialDefinition,
    ) -> Result<CredentialDto> {
        let tenant = self.tenant(tenant).await?;
        let namespace = parse_namespace(def.namespace.as_deref())?;
        let name = CredentialName::parse(&def.name)?;
        let credential_type = self.lookup_type(&tenant, &def.type_id).await?;
        validate_inputs(&credential_type, &def.inputs)?;
        def.settings.parse()?;
        let now = crate::time::now_rfc3339();
        let scope = scope_of(namespace.as_ref());
        let mut tx = crate::store::begin_write(&self.pool).await?;
        let existing = credentials::get(&mut *tx, tenant.as_str(), scope, name.as_str()).await?;
        if let Some(ns) = &namespace {
            crate::store::namespaces::ensure(&mut *tx, tenant.as_str(), ns.as_str(), &now).await?;
        }
        let encode = |v: &dyn erased_json::Encode| v.encode();
        let row = CredentialRow {
            scope: scope.to_owned(),
            name: name.to_string(),
            type_id: credential_type.id.clone(),
            description: def.description.clone(),
            inputs: encode(&def.inputs)?,
            settings: encode(&def.settings)?,
            created_at: existing
                .as_ref()
                .map_or_else(|| now.clone(), |r| r.created_at.clone()),
            updated_at: now,
            updated_by: self.actor.clone(),
        };
        credentials::upsert(&mut *tx, tenant.as_str(), &row).await?;
        let action = if existing.is_some() {
            "credential.update"
        } else {
            "credential.create"
        };
        crate::audit::record(
            &mut *tx,
            tenant.as_str(),
            &self.actor,
            action,
            credential_target(namespace.as_ref(), name.as_str()),
            &format!("type {}", credential_type.id),
        )
        .await?;
        tx.commit().await.map_err(|e| Error::Storage {
            context: "saving the credential".into(),
            source: e,
        })?;
        self.tokens
            .invalidate(tenant.as_str(), scope, name.as_str());
        to_dto(row, false, Vec::new())
    }

    pub async fn credential_list(&self, req: CredentialListRequest) -> Result<Vec<CredentialDto>> {
        let tenant = self.tenant(&req.tenant).await?;
        let namespace = parse_namespace(req.namespace.as_deref())?;
        let chain: Option<Vec<String>> = namespace.as_ref().map(|ns| {
            let mut scopes: Vec<String> = if req.effective {
                ns.self_and_ancestors()
                    .into_iter()
                    .map(|n| n.to_string())
                    .collect()
            } else {
                vec![ns.to_string()]
            };
            if req.effective {
                scopes.push(TENANT_SCOPE.to_owned());
            }
            scopes
        });
        let scope_refs: Option<Vec<&str>> = chain
            .as_ref()
            .map(|c| c.iter().map(String::as_str).collect());
        let rows = credentials::list_in(
            &self.pool,
            tenant.as_str(),
            scope_refs.as_deref(),
            req.type_id.as_deref(),
        )
        .await?;
        let mut out = Vec::new();
        match (&namespace, &chain) {
            (Some(ns), Some(chain)) if req.effective => {
                let depth =
                    |scope: &str| chain.iter().position(|c| c == scope).unwrap_or(usize::MAX);
                let mut rows = rows.into_iter().peekable();
                while let Some(first) = rows.next() {
                    let mut group = vec![first];
                    while rows.peek().is_some_and(|next| next.name == group[0].name) {
                        group.extend(rows.next());
                    }
                    group.sort_by_key(|row| depth(&row.scope));
                    let mut group = group.into_iter();
                    let Some(winner) = group.next() else { continue };
                    let inherited = winner.scope != ns.as_str();
                    out.push(to_dto(winner, inherited, group.map(|r| r.scope).collect())?);
                }
            }
            _ => {
                for row in rows {
                    out.push(to_dto(row, false, Vec::new())?);
                }
            }
        }
        match req.order_by.unwrap_or_default() {
            CredentialOrder::Name => {}
            CredentialOrder::Type => {
                out.sort_by(|a, b| (&a.type_id, &a.name).cmp(&(&b.type_id, &b.name)))
            }
            CredentialOrder::Updated => out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at)),
        }
        Ok(out)
    }

    /// The credential `name` as seen from `namespace` (nearest wins, tenant level last).
    pub async fn credential_show(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<CredentialDto> {
        let tenant = self.tenant(tenant).await?;
        let namespace = parse_namespace(namespace)?;
        let name = CredentialName::parse(name)?;
        let row = self.locate(&tenant, namespace.as_ref(), &name).await?;
        let inherited = row.scope != scope_of(namespace.as_ref());
        to_dto(row, inherited, Vec::new())
    }

    pub(super) async fn locate(
        &self,
        tenant: &TenantId,
        namespace: Option<&NamespaceId>,
        name: &CredentialName,
    ) -> Result<CredentialRow> {
        let mut scopes: Vec<String> = namespace
            .map(|ns| {
                ns.self_and_ancestors()
                    .into_iter()
                    .map(|n| n.to_string())
                    .collect()
            })
            .unwrap_or_default();
        scopes.push(TENANT_SCOPE.to_owned());
        for scope in &scopes {
            if let Some(row) =
                credentials::get(&self.pool, tenant.as_str(), scope, name.as_str()).await?
            {
                return Ok(row);
            }
        }
        Err(Error::NotFound(match namespace {
            Some(ns) => format!("no credential {name} in {ns}, its parents, or at tenant level"),
            None => format!(
                "no tenant-level credential {name} (give --namespace NS for a namespace's credentials)"
            ),
        }))
    }

    /// Deletes the credential defined exactly in `namespace` (or at tenant level).
    pub async fn credential_delete(
        &self,
        tenant: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<()> {
        let tenant = self.tenant(tenant).await?;
        let namespace = parse_namespace(namespace)?;
        let name = CredentialName::parse(name)?;
        let scope = scope_of(namespace.as_ref());
        if !credentials::delete(&self.pool, tenant.as_str(), scope, name.as_str()).await? {
            return Err(Error::NotFound(format!(
                "no credential {name} defined {}",
                namespace
                    .as_ref()
                    .map_or("at tenant level".to_owned(), |ns| format!("in {ns}"))
            )));
        }
        self.tokens
            .invalidate(tenant.as_str(), scope, name.as_str());
        self.audit_credential(
            &tenant,
            "credential.delete",
            namespace.as_ref(),
            name.as_str(),
            "",
        )
        .await
    }

    /// Copies a credential server side (inputs and settings; role bindings are not copied).
    pub async fn credential_copy(&self, req: CredentialCopyRequest) -> Result<CredentialDto> {
        let tenant = self.tenant(&req.tenant).await?;
        let namespace = parse_namespace(req.namespace.as_deref())?;
        let name = CredentialName::parse(&req.name)?;
        let source = self.locate(&tenant, namespace.as_ref(), &name).await?;
        let target_namespace = match req.target_namespace.as_deref() {
            Some(raw) => parse_namespace(Some(raw))?,
            None => parse_namespace(Some(&source.scope))?,
        };
        let target_name = req
            .target_name
            .as_deref()
            .map(CredentialName::parse)
            .transpose()?
            .unwrap_or(name.clone());
        let target_scope = scope_of(target_namespace.as_ref());
        if credentials::get(
            &self.pool,
            tenant.as_str(),
            target_scope,
            target_name.as_str(),
        )
        .await?
        .is_some()
        {
            return Err(Error::Conflict(format!(
                "credential {target_name} already exists {}: choose another name or namespace",
                target_namespace
                    .as_ref()
                    .map_or("at tenant level".to_owned(), |ns| format!("in {ns}"))
            )));
        }
        let source_dto = to_dto(source, false, Vec::new())?;
        let copied = self
            .credential_apply(
                tenant.as_str(),
                CredentialDefinition {
                    namespace: target_namespace.as_ref().map(ToString::to_string),
                    name: target_name.to_string(),
                    type_id: source_dto.type_id,
                    description: source_dto.description,
                    inputs: source_dto.inputs,
                    settings: source_dto.settings,
                },
            )
            .await?;
        let from = format!(
            "copied from {}/{}",
            source_dto.namespace.as_deref().unwrap_or("(tenant)"),
            source_dto.name
        );
        self.audit_credential(
            &tenant,
            "credential.copy",
            target_namespace.as_ref(),
            target_name.as_str(),
            &from,
        )
        .await?;
        Ok(copied)
    }

    pub(super) async fn audit_credential(
        &self,
        tenant: &TenantId,
        action: &str,
        namespace: Option<&NamespaceId>,
        name: &str,
        detail: &str,
    ) -> Result<()> {
        crate::audit::record(
            &self.pool,
            tenant.as_str(),
            &self.actor,
            action,
            credential_target(namespace, name),
            detail,
        )
        .await
    }
}

fn credential_target<'a>(
    namespace: Option<&'a NamespaceId>,
    name: &'a str,
) -> crate::audit::Target<'a> {
    crate::audit::Target {
        kind: "credential",
        namespace: namespace.map(NamespaceId::as_str),
        name,
    }
}

mod erased_json {
    use crate::{Error, Result};

    /// Encodes any serializable value as JSON text for storage.
    pub trait Encode {
        fn encode(&self) -> Result<String>;
    }

    impl<T: serde::Serialize> Encode for T {
        fn encode(&self) -> Result<String> {
            serde_json::to_string(self).map_err(|e| Error::Internal(format!("encoding JSON: {e}")))
        }
    }
}
