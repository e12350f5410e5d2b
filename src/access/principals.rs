//! Users and service accounts of a tenant, and their role bindings. Every change is audited in the
//! same transaction.

use super::rights::{Grant, Rights};
use super::role::Role;
use crate::audit::{self, Actor};
use crate::model::{PrincipalName, Scope, TenantId};
use crate::store::principals::{self as rows, PrincipalRow};
use crate::store::{self, api_tokens, role_bindings};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteExecutor, SqlitePool};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrincipalKind {
    /// A person (who signs in to the web console with an API token).
    User,
    /// A machine: a CI/CD pipeline, a script.
    ServiceAccount,
}

impl PrincipalKind {
    fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::ServiceAccount => "service_account",
        }
    }

    fn parse(raw: &str) -> Result<Self> {
        match raw {
            "user" => Ok(PrincipalKind::User),
            "service_account" => Ok(PrincipalKind::ServiceAccount),
            other => Err(Error::Integrity(format!(
                "unknown principal kind {other:?}"
            ))),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Principal {
    pub name: PrincipalName,
    pub kind: PrincipalKind,
    pub description: String,
    pub disabled: bool,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

impl Principal {
    fn from_row(row: PrincipalRow) -> Result<Self> {
        Ok(Principal {
            name: PrincipalName::parse(&row.name)?,
            kind: PrincipalKind::parse(&row.kind)?,
            description: row.description,
            disabled: row.disabled,
            created_at: row.created_at,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
        })
    }
}

/// A role binding as stored.
#[derive(Debug, Clone)]
pub struct Binding {
    pub principal: PrincipalName,
    pub grant: Grant,
    pub created_at: String,
    pub created_by: String,
}

/// Principal and binding operations of one actor.
pub struct Principals<'a> {
    pub pool: &'a SqlitePool,
    pub actor: &'a Actor,
}

fn target(name: &PrincipalName) -> audit::Target<'_> {
    audit::Target {
        kind: "principal",
        namespace: None,
        name: name.as_str(),
    }
}

fn not_found(name: &PrincipalName) -> Error {
    Error::NotFound(format!(
        "no user or service account {name}: see `keystead principal list`"
    ))
}

impl Principals<'_> {
    pub async fn create(
        &self,
        tenant: &TenantId,
        name: &PrincipalName,
        kind: PrincipalKind,
        description: &str,
    ) -> Result<Principal> {
        let now = crate::time::now_rfc3339();
        let row = PrincipalRow {
            name: name.to_string(),
            kind: kind.as_str().to_owned(),
            description: description.to_owned(),
            disabled: false,
            created_at: now.clone(),
            updated_at: now,
            updated_by: self.actor.name.clone(),
        };
        let mut tx = store::begin_write(self.pool).await?;
        if !rows::insert(&mut *tx, tenant.as_str(), &row).await? {
            return Err(Error::Conflict(format!(
                "{name} already exists in tenant {tenant}"
            )));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "principal.create",
            target(name),
            kind.as_str(),
        )
        .await?;
        store::commit(tx, "creating the principal").await?;
        Principal::from_row(row)
    }

    pub async fn list(&self, tenant: &TenantId) -> Result<Vec<Principal>> {
        rows::list(self.pool, tenant.as_str())
            .await?
            .into_iter()
            .map(Principal::from_row)
            .collect()
    }

    pub async fn get(&self, tenant: &TenantId, name: &PrincipalName) -> Result<Principal> {
        let row = rows::get(self.pool, tenant.as_str(), name.as_str())
            .await?
            .ok_or_else(|| not_found(name))?;
        Principal::from_row(row)
    }

    /// Disabling refuses the principal's tokens from the next request on; enabling restores them.
    pub async fn set_disabled(
        &self,
        tenant: &TenantId,
        name: &PrincipalName,
        disabled: bool,
    ) -> Result<Principal> {
        let now = crate::time::now_rfc3339();
        let mut tx = store::begin_write(self.pool).await?;
        if !rows::set_disabled(
            &mut *tx,
            tenant.as_str(),
            name.as_str(),
            disabled,
            &now,
            &self.actor.name,
        )
        .await?
        {
            return Err(not_found(name));
        }
        let action = if disabled {
            "principal.disable"
        } else {
            "principal.enable"
        };
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            action,
            target(name),
            "",
        )
        .await?;
        let row = rows::get(&mut *tx, tenant.as_str(), name.as_str())
            .await?
            .ok_or_else(|| not_found(name))?;
        store::commit(tx, "updating the principal").await?;
        Principal::from_row(row)
    }

    /// Deletes the principal with its bindings and tokens; returns how many of each went.
    pub async fn delete(&self, tenant: &TenantId, name: &PrincipalName) -> Result<(usize, usize)> {
        let mut tx = store::begin_write(self.pool).await?;
        let bindings = role_bindings::list(&mut *tx, tenant.as_str(), Some(name.as_str()))
            .await?
            .len();
        let tokens = api_tokens::list(&mut *tx, tenant.as_str(), Some(name.as_str()))
            .await?
            .len();
        if !rows::delete(&mut *tx, tenant.as_str(), name.as_str()).await? {
            return Err(not_found(name));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "principal.delete",
            target(name),
            &format!("revoked {tokens} token(s) and {bindings} role binding(s)"),
        )
        .await?;
        store::commit(tx, "deleting the principal").await?;
        Ok((bindings, tokens))
    }

    /// Grants `role` on `scope`; granting an existing binding again changes nothing.
    pub async fn grant(
        &self,
        tenant: &TenantId,
        name: &PrincipalName,
        grant: &Grant,
    ) -> Result<bool> {
        let mut tx = store::begin_write(self.pool).await?;
        if rows::get(&mut *tx, tenant.as_str(), name.as_str())
            .await?
            .is_none()
        {
            return Err(not_found(name));
        }
        let created = role_bindings::insert(
            &mut *tx,
            tenant.as_str(),
            name.as_str(),
            grant.role.as_str(),
            &grant.scope,
            &crate::time::now_rfc3339(),
            &self.actor.name,
        )
        .await?;
        if created {
            audit::record(
                &mut tx,
                tenant.as_str(),
                self.actor,
                "role.grant",
                binding_target(&grant.scope, name),
                &grant.to_string(),
            )
            .await?;
        }
        store::commit(tx, "granting the role").await?;
        Ok(created)
    }

    pub async fn revoke(
        &self,
        tenant: &TenantId,
        name: &PrincipalName,
        grant: &Grant,
    ) -> Result<()> {
        let mut tx = store::begin_write(self.pool).await?;
        if !role_bindings::delete(
            &mut *tx,
            tenant.as_str(),
            name.as_str(),
            grant.role.as_str(),
            &grant.scope,
        )
        .await?
        {
            return Err(Error::NotFound(format!("{name} has no binding {grant}")));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "role.revoke",
            binding_target(&grant.scope, name),
            &grant.to_string(),
        )
        .await?;
        store::commit(tx, "revoking the role").await
    }

    /// Bindings of one principal, or of every principal of the tenant.
    pub async fn bindings(
        &self,
        tenant: &TenantId,
        name: Option<&PrincipalName>,
    ) -> Result<Vec<Binding>> {
        bindings_in(self.pool, tenant, name).await
    }
}

fn binding_target<'a>(scope: &'a Scope, name: &'a PrincipalName) -> audit::Target<'a> {
    audit::Target {
        kind: "principal",
        namespace: scope.namespace().map(|ns| ns.as_str()),
        name: name.as_str(),
    }
}

pub(super) async fn bindings_in(
    db: impl SqliteExecutor<'_>,
    tenant: &TenantId,
    name: Option<&PrincipalName>,
) -> Result<Vec<Binding>> {
    role_bindings::list(db, tenant.as_str(), name.map(PrincipalName::as_str))
        .await?
        .into_iter()
        .map(|row| {
            Ok(Binding {
                grant: Grant {
                    role: Role::parse(&row.role)?,
                    scope: role_bindings::row_scope(&row)?,
                },
                principal: PrincipalName::parse(&row.principal)?,
                created_at: row.created_at,
                created_by: row.created_by,
            })
        })
        .collect()
}

/// The rights `name` has now; `None` when it is disabled or no longer exists. (A credential a
/// principal saved sends secrets only from where that principal may still use them.)
pub async fn current_rights(
    db: &SqlitePool,
    tenant: &TenantId,
    name: &PrincipalName,
) -> Result<Option<Rights>> {
    match rows::get(db, tenant.as_str(), name.as_str()).await? {
        Some(row) if !row.disabled => rights_of(db, tenant, name).await.map(Some),
        _ => Ok(None),
    }
}

/// The rights a principal's bindings give it now.
pub(super) async fn rights_of(
    db: impl SqliteExecutor<'_>,
    tenant: &TenantId,
    name: &PrincipalName,
) -> Result<Rights> {
    Ok(Rights {
        bindings: bindings_in(db, tenant, Some(name))
            .await?
            .into_iter()
            .map(|binding| binding.grant)
            .collect(),
        narrowing: None,
    })
}
