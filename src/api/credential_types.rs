use super::Keystead;
use crate::credentials::types::{self, CredentialType, CustomTypeDefinition, TypeKind};
use crate::model::TenantId;
use crate::store::credential_types::{self, CredentialTypeRow};
use crate::{Error, Result};

impl Keystead {
    /// Built-in types first, then the tenant's custom types.
    pub async fn credential_types(&self, tenant: &str) -> Result<Vec<CredentialType>> {
        let tenant = self.tenant(tenant).await?;
        let mut all = types::builtin();
        for row in credential_types::list(&self.pool, tenant.as_str()).await? {
            all.push(custom_type(row)?);
        }
        Ok(all)
    }

    pub async fn credential_type(&self, tenant: &str, id: &str) -> Result<CredentialType> {
        let tenant = self.tenant(tenant).await?;
        self.lookup_type(&tenant, id).await
    }

    pub(super) async fn lookup_type(&self, tenant: &TenantId, id: &str) -> Result<CredentialType> {
        if let Some(builtin) = types::builtin_type(id) {
            return Ok(builtin);
        }
        match credential_types::get(&self.pool, tenant.as_str(), id).await? {
            Some(row) => custom_type(row),
            None => Err(Error::NotFound(format!(
                "no credential type {id}: see `keystead credential types list`"
            ))),
        }
    }

    /// Creates a custom (static) credential type.
    pub async fn credential_type_create(
        &self,
        tenant: &str,
        def: CustomTypeDefinition,
    ) -> Result<CredentialType> {
        let tenant = self.tenant(tenant).await?;
        let created = types::validate_custom(&def)?;
        let row = CredentialTypeRow {
            id: created.id.clone(),
            label: created.label.clone(),
            description: created.description.clone(),
            inputs: serde_json::to_string(&created.inputs)
                .map_err(|e| Error::Internal(format!("encoding the type's inputs: {e}")))?,
        };
        if !credential_types::insert(
            &self.pool,
            tenant.as_str(),
            &row,
            &crate::time::now_rfc3339(),
        )
        .await?
        {
            return Err(Error::Conflict(format!(
                "credential type {} already exists",
                created.id
            )));
        }
        self.audit_credential(&tenant, "credential_type.create", None, &created.id, "")
            .await?;
        Ok(created)
    }
}

fn custom_type(row: CredentialTypeRow) -> Result<CredentialType> {
    let inputs = serde_json::from_str(&row.inputs).map_err(|e| {
        Error::Integrity(format!(
            "credential type {} has unreadable inputs: {e}",
            row.id
        ))
    })?;
    Ok(CredentialType {
        id: row.id,
        label: row.label,
        description: row.description,
        kind: TypeKind::Static,
        managed: false,
        inputs,
    })
}
