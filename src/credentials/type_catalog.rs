//! Credential types of a tenant: the built-in (managed) ones, then the tenant's custom static types.

use super::type_change::{self, Saved};
use super::types::{self, CredentialType, CustomTypeDefinition, TypeKind};
use crate::audit::{self, Actor};
use crate::model::TenantId;
use crate::store::{
    self,
    credential_types::{self, CredentialTypeRow},
    credentials as credential_rows,
};
use crate::{Error, Result};
use sqlx::{SqliteExecutor, SqlitePool};

/// How many credentials a refusal names before it counts the rest.
const NAMED: usize = 20;

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
        get_in(self.pool, tenant, id).await
    }

    /// Creates a custom (static) credential type; a taken id is a `conflict`.
    pub async fn create(
        &self,
        tenant: &TenantId,
        def: &CustomTypeDefinition,
    ) -> Result<CredentialType> {
        let created = types::validate_custom(def)?;
        let row = type_row(&created)?;
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
            target(&created.id),
            "",
        )
        .await?;
        store::commit(tx, "creating the credential type").await?;
        Ok(created)
    }

    /// Replaces a custom type's label, description and inputs (its id stays). Refused (`conflict`)
    /// for built-in types, and when credentials saved with the type would break (see
    /// [`type_change`]): the message names them and what breaks.
    pub async fn update(
        &self,
        tenant: &TenantId,
        id: &str,
        def: &CustomTypeDefinition,
    ) -> Result<CredentialType> {
        refuse_builtin(id, "changed")?;
        if def.id != id {
            return Err(Error::invalid(format!(
                "a credential type's id cannot change (from {id} to {}): create a new type instead",
                def.id
            )));
        }
        let next = types::validate_custom(def)?;
        let row = type_row(&next)?;
        let mut tx = store::begin_write(self.pool).await?;
        let current = match credential_types::get(&mut *tx, tenant.as_str(), id).await? {
            Some(row) => custom_type(row)?,
            None => return Err(no_custom_type(id)),
        };
        let saved = saved_with(&mut *tx, tenant, id).await?;
        let problems = type_change::breaking_changes(&current, &next, &saved);
        if !problems.is_empty() {
            return Err(Error::Conflict(format!(
                "credential type {id} was not changed: credentials saved with it would no longer \
                 match it:{}\nChange or delete those credentials first, or leave those inputs as \
                 they are (labels, help, defaults, order and new optional inputs can always change).",
                type_change::listed(&problems, NAMED)
            )));
        }
        let now = crate::time::now_rfc3339();
        if !credential_types::update(&mut *tx, tenant.as_str(), &row, &now).await? {
            return Err(no_custom_type(id));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "credential_type.update",
            target(id),
            &inputs_change(&current, &next),
        )
        .await?;
        store::commit(tx, "updating the credential type").await?;
        Ok(next)
    }

    /// Deletes a custom type. Refused (`conflict`) for built-in types and while any credential of
    /// the tenant, in any namespace or at tenant level, is saved with it (they are named).
    pub async fn delete(&self, tenant: &TenantId, id: &str) -> Result<()> {
        refuse_builtin(id, "deleted")?;
        let mut tx = store::begin_write(self.pool).await?;
        let saved = saved_with(&mut *tx, tenant, id).await?;
        if !saved.is_empty() {
            let places: Vec<String> = saved.iter().map(Saved::place).collect();
            return Err(Error::Conflict(format!(
                "credential type {id} is used by {} credential(s):{}\nDelete them, or save them \
                 with another type, first.",
                places.len(),
                type_change::listed(&places, NAMED)
            )));
        }
        if !credential_types::delete(&mut *tx, tenant.as_str(), id).await? {
            return Err(no_custom_type(id));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "credential_type.delete",
            target(id),
            "",
        )
        .await?;
        store::commit(tx, "deleting the credential type").await?;
        Ok(())
    }
}

/// The type `id` as `db` sees it (inside a write, a type that cannot change until it commits).
pub async fn get_in(
    db: impl SqliteExecutor<'_>,
    tenant: &TenantId,
    id: &str,
) -> Result<CredentialType> {
    if let Some(builtin) = types::builtin_type(id) {
        return Ok(builtin);
    }
    match credential_types::get(db, tenant.as_str(), id).await? {
        Some(row) => custom_type(row),
        None => Err(Error::NotFound(format!(
            "no credential type {id}: see `keystead credential types list`"
        ))),
    }
}

fn type_row(t: &CredentialType) -> Result<CredentialTypeRow> {
    Ok(CredentialTypeRow {
        id: t.id.clone(),
        label: t.label.clone(),
        description: t.description.clone(),
        inputs: serde_json::to_string(&t.inputs)
            .map_err(|e| Error::Internal(format!("encoding the type's inputs: {e}")))?,
    })
}

/// Built-in types are managed by Keystead: `what` (changed, deleted) is refused with a way forward.
fn refuse_builtin(id: &str, what: &str) -> Result<()> {
    if types::builtin_ref(id).is_some() {
        return Err(Error::Conflict(format!(
            "{id} is a built-in (managed) credential type: it cannot be {what}; create a custom type \
             with `keystead credential types create` instead"
        )));
    }
    Ok(())
}

fn no_custom_type(id: &str) -> Error {
    Error::NotFound(format!(
        "no custom credential type {id}: see `keystead credential types list`"
    ))
}

/// Every credential of the tenant saved with type `id`, in any namespace or at tenant level.
async fn saved_with(
    db: impl SqliteExecutor<'_>,
    tenant: &TenantId,
    id: &str,
) -> Result<Vec<Saved>> {
    let rows = credential_rows::list_in(db, tenant.as_str(), None, Some(id), None).await?;
    rows.into_iter()
        .map(|row| {
            let inputs = serde_json::from_str(&row.inputs).map_err(|e| {
                Error::Integrity(format!(
                    "credential {} has unreadable inputs: {e}",
                    row.name
                ))
            })?;
            Ok(Saved {
                scope: credential_rows::row_scope(&row)?,
                name: row.name,
                inputs,
            })
        })
        .collect()
}

fn target(id: &str) -> audit::Target<'_> {
    audit::Target {
        kind: "credential_type",
        namespace: None,
        name: id,
    }
}

/// `inputs added a, b; removed c` for the audit log (ids only, never values).
fn inputs_change(current: &CredentialType, next: &CredentialType) -> String {
    let ids = |t: &CredentialType| t.inputs.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    let (before, after) = (ids(current), ids(next));
    let added: Vec<&str> = after
        .iter()
        .filter(|id| !before.contains(id))
        .map(String::as_str)
        .collect();
    let removed: Vec<&str> = before
        .iter()
        .filter(|id| !after.contains(id))
        .map(String::as_str)
        .collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("inputs added {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("inputs removed {}", removed.join(", ")));
    }
    parts.join("; ")
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
