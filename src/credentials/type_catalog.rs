//! Credential types of a tenant: the built-in (managed) ones, then the tenant's custom static types.

use super::types::{self, CredentialType, CustomTypeDefinition, TypeKind};
use crate::audit::{self, Actor};
use crate::model::TenantId;
use crate::store::{
    self,
    credential_types::{self, CredentialTypeRow},
};
use crate::{Error, Result};
use sqlx::SqlitePool;

/// Credential type operations of one actor.
pub struct CredentialTypes<'a> {
    pub pool: &'a SqlitePool,
    pub actor: &'a Actor,
}

impl CredentialTypes<'_> {
    /// Built-in types first, then the tenant's custom types.
    pub async fn list(&self, tenant: &TenantId) -> Result<Vec<CredentialType>> {
        let mut all = types::builtin();
        for row in credential_types::list(self.pool, tenant.as_str()).await? {
            all.push(custom_type(row)?);
        }
        Ok(all)
    }

    /// Whether `id` mints tokens or holds static values (a built-in is answered without a copy).
    pub async fn kind(&self, tenant: &TenantId, id: &str) -> Result<TypeKind> {
        match types::builtin_ref(id) {
            Some(builtin) => Ok(builtin.kind),
            None => Ok(self.get(tenant, id).await?.kind),
        }
    }

    pub async fn get(&self, tenant: &TenantId, id: &str) -> Result<CredentialType> {
        if let Some(builtin) = types::builtin_type(id) {
            return Ok(builtin);
        }
        match credential_types::get(self.pool, tenant.as_str(), id).await? {
            Some(row) => custom_type(row),
            None => Err(Error::NotFound(format!(
                "no credential type {id}: see `keystead credential types list`"
            ))),
        }
    }

    /// Creates a custom (static) credential type; a taken id is a `conflict`.
    pub async fn create(
        &self,
        tenant: &TenantId,
        def: &CustomTypeDefinition,
    ) -> Result<CredentialType> {
        let created = types::validate_custom(def)?;
        let row = CredentialTypeRow {
            id: created.id.clone(),
            label: created.label.clone(),
            description: created.description.clone(),
            inputs: serde_json::to_string(&created.inputs)
                .map_err(|e| Error::Internal(format!("encoding the type's inputs: {e}")))?,
        };
        let mut tx = store::begin_write(self.pool).await?;
        let now = crate::time::now_rfc3339();
        if !credential_types::insert(&mut *tx, tenant.as_str(), &row, &now).await? {
            return Err(Error::Conflict(format!(
                "credential type {} already exists",
                created.id
            )));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "credential_type.create",
            audit::Target {
                kind: "credential_type",
                namespace: None,
                name: &created.id,
            },
            "",
        )
        .await?;
        store::commit(tx, "creating the credential type").await?;
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
