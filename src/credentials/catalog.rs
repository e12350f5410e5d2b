//! Saved credentials: create or replace, list (effective: nearest wins), locate, copy, delete. Each
//! write runs in one transaction with its audit row.

use super::cache::TokenCache;
use super::definition::{
    CredentialDefinition, CredentialSettings, referenced_secrets, validate_inputs,
};
use super::mint::MintErrorCode;
use super::reach::SecretReach;
use super::type_catalog::{self, CredentialTypes};
use crate::audit::{self, Actor};
use crate::cache::Caches;
use crate::model::inheritance::{self, Effective};
use crate::model::{CredentialName, NamespaceId, PrincipalName, Scope, SecretKey, TenantId};
use crate::store::credentials::{self as rows, CredentialRow};
use crate::store::{self, namespaces};
use crate::{Error, Result};
use serde_json::{Map, Value};
use sqlx::SqlitePool;
use std::sync::Arc;

/// A saved credential. Sensitive inputs hold secret references, never values.
#[derive(Debug, Clone)]
pub struct Credential {
    pub scope: Scope,
    pub name: CredentialName,
    pub type_id: String,
    pub description: String,
    pub inputs: Map<String, Value>,
    pub settings: CredentialSettings,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
    /// The outcome of its last Test (none since it was saved: `None`).
    pub last_test: Option<LastTest>,
    /// How far up its secret references may resolve (see [`SecretReach`]).
    pub secret_reach: SecretReach,
}

/// The outcome of a saved credential's last Test: when, and the error code if it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTest {
    pub at: String,
    pub ok: bool,
    pub error: Option<MintErrorCode>,
}

impl LastTest {
    /// From the stored columns (a code this version does not know reads as `bad_response`).
    pub fn from_columns(
        at: Option<String>,
        ok: Option<bool>,
        error: Option<String>,
    ) -> Option<Self> {
        let (at, ok) = (at?, ok?);
        let error = error.map(|code| {
            serde_json::from_value(Value::String(code)).unwrap_or(MintErrorCode::BadResponse)
        });
        Some(Self { at, ok, error })
    }
}

impl Credential {
    fn from_row(row: CredentialRow) -> Result<Self> {
        let scope = rows::row_scope(&row)?;
        let unreadable = |what: &str, e: serde_json::Error| {
            Error::Integrity(format!(
                "credential {} has unreadable {what}: {e}",
                row.name
            ))
        };
        let origins = match row.secret_origins.as_deref() {
            None => None,
            Some(text) => {
                let map: std::collections::BTreeMap<String, String> =
                    serde_json::from_str(text).map_err(|e| unreadable("secret origins", e))?;
                let mut origins = std::collections::BTreeMap::new();
                for (key, namespace) in map {
                    origins.insert(key, Scope::Namespace(NamespaceId::parse(&namespace)?));
                }
                Some(origins)
            }
        };
        let secret_reach = SecretReach {
            up_to: rows::row_secret_reach(&row)?,
            saver: row
                .saved_by_principal
                .as_deref()
                .map(PrincipalName::parse)
                .transpose()?,
            origins,
        };
        let inputs = serde_json::from_str(&row.inputs).map_err(|e| unreadable("inputs", e))?;
        let settings =
            serde_json::from_str(&row.settings).map_err(|e| unreadable("settings", e))?;
        let last_test =
            LastTest::from_columns(row.last_test_at, row.last_test_ok, row.last_test_error);
        Ok(Credential {
            scope,
            name: CredentialName::parse(&row.name)?,
            type_id: row.type_id,
            description: row.description,
            inputs,
            settings,
            created_at: row.created_at,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
            last_test,
            secret_reach,
        })
    }

    fn to_row(&self) -> Result<CredentialRow> {
        Ok(rows::new_row(
            &self.scope,
            self.name.as_str(),
            &self.type_id,
            &self.description,
            encode(&self.inputs)?,
            encode(&self.settings)?,
            &self.created_at,
            &self.updated_at,
            &self.updated_by,
            &self.secret_reach.up_to,
            self.secret_reach.saver.as_ref().map(PrincipalName::as_str),
            self.secret_reach
                .origins
                .as_ref()
                .map(|origins| {
                    let map: std::collections::BTreeMap<&str, &str> = origins
                        .iter()
                        .filter_map(|(key, scope)| {
                            scope.namespace().map(|ns| (key.as_str(), ns.as_str()))
                        })
                        .collect();
                    encode(&map)
                })
                .transpose()?,
        ))
    }

    /// This credential as an admin would write it (the `apply` format).
    pub fn definition(&self) -> CredentialDefinition {
        CredentialDefinition {
            namespace: self.scope.namespace().map(ToString::to_string),
            name: self.name.to_string(),
            type_id: self.type_id.clone(),
            description: self.description.clone(),
            inputs: self.inputs.clone(),
            settings: self.settings.clone(),
        }
    }
}

/// Where a definition saves: its namespace, or tenant level without one.
pub fn definition_scope(def: &CredentialDefinition) -> Result<Scope> {
    Ok(Scope::from_namespace(
        def.namespace
            .as_deref()
            .filter(|ns| !ns.is_empty())
            .map(NamespaceId::parse)
            .transpose()?,
    ))
}

fn encode(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Internal(format!("encoding JSON: {e}")))
}

fn target<'a>(scope: &'a Scope, name: &'a str) -> audit::Target<'a> {
    audit::Target {
        kind: "credential",
        namespace: scope.namespace().map(NamespaceId::as_str),
        name,
    }
}

/// Which credentials a listing shows.
pub struct ListFilter {
    /// `None`: every credential of the tenant, whatever its scope.
    pub scope: Option<Scope>,
    /// With a scope: also those inherited from ancestors and the tenant level (nearest wins).
    pub effective: bool,
    pub type_id: Option<String>,
}

/// Credential operations of one actor.
pub struct Credentials<'a> {
    pub pool: &'a SqlitePool,
    pub caches: &'a Caches,
    pub actor: &'a Actor,
    /// Cached tokens of a credential are dropped when it changes or goes.
    pub tokens: &'a TokenCache,
}

impl Credentials<'_> {
    /// Creates or replaces a credential after validating it against its type. `secret_reach`: how
    /// far up the caller may use secrets (see [`SecretReach`]).
    pub async fn apply(
        &self,
        tenant: &TenantId,
        def: &CredentialDefinition,
        secret_reach: SecretReach,
    ) -> Result<Credential> {
        let scope = definition_scope(def)?;
        let name = CredentialName::parse(&def.name)?;
        def.settings.parse()?;
        let now = crate::time::now_rfc3339();
        let mut tx = store::begin_write(self.pool).await?;
        // Read in the write: a custom type changed or deleted meanwhile cannot strand this credential.
        let credential_type = type_catalog::get_in(&mut *tx, tenant, &def.type_id).await?;
        validate_inputs(&credential_type, &def.inputs)?;
        let existing = rows::get(&mut *tx, tenant.as_str(), &scope, name.as_str()).await?;
        if let Some(ns) = scope.namespace() {
            namespaces::ensure(&mut *tx, tenant.as_str(), ns.as_str(), &now).await?;
        }
        let credential = Credential {
            created_at: existing
                .as_ref()
                .map_or_else(|| now.clone(), |r| r.created_at.clone()),
            updated_at: now,
            updated_by: self.actor.name.clone(),
            scope,
            name,
            type_id: credential_type.id.clone(),
            description: def.description.clone(),
            inputs: def.inputs.clone(),
            settings: def.settings.clone(),
            last_test: None,
            secret_reach,
        };
        rows::upsert(&mut *tx, tenant.as_str(), &credential.to_row()?).await?;
        let action = if existing.is_some() {
            "credential.update"
        } else {
            "credential.create"
        };
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            action,
            target(&credential.scope, credential.name.as_str()),
            &format!("type {}", credential_type.id),
        )
        .await?;
        store::commit(tx, "saving the credential").await?;
        self.tokens
            .invalidate(tenant.as_str(), &credential.scope, credential.name.as_str());
        Ok(credential)
    }

    /// Where `def` would be saved, and the secrets it references.
    pub async fn references(
        &self,
        tenant: &TenantId,
        def: &CredentialDefinition,
    ) -> Result<(Scope, Vec<SecretKey>)> {
        let scope = definition_scope(def)?;
        let types = CredentialTypes {
            pool: self.pool,
            actor: self.actor,
        };
        // A definition naming a type that does not exist is a mistake in the definition (exit 2,
        // HTTP 400), not a missing resource.
        let credential_type = types.get(tenant, &def.type_id).await.map_err(|e| match e {
            Error::NotFound(message) => Error::InvalidInput(message),
            other => other,
        })?;
        Ok((scope, referenced_secrets(&credential_type, &def.inputs)))
    }

    pub async fn list(
        &self,
        tenant: &TenantId,
        filter: &ListFilter,
    ) -> Result<Vec<Effective<Credential>>> {
        let chain: Option<Vec<Scope>> = filter.scope.as_ref().map(|scope| {
            if filter.effective {
                scope.lookup_chain(true)
            } else {
                vec![scope.clone()]
            }
        });
        let found = rows::list_in(
            self.pool,
            tenant.as_str(),
            chain.as_deref(),
            filter.type_id.as_deref(),
            None,
        )
        .await?;
        let credentials = found
            .into_iter()
            .map(Credential::from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(match chain {
            Some(chain) if filter.effective => inheritance::nearest_wins(
                &chain,
                credentials,
                |c| c.name.as_str(),
                |c| c.scope.clone(),
            ),
            _ => credentials
                .into_iter()
                .map(|c| Effective {
                    origin: c.scope.clone(),
                    inherited: false,
                    shadows: Vec::new(),
                    item: c,
                })
                .collect(),
        })
    }

    /// The credential `name` as seen from `from` (nearest wins, tenant level last).
    pub async fn locate(
        &self,
        tenant: &TenantId,
        from: &Scope,
        name: &CredentialName,
    ) -> Result<Effective<Credential>> {
        let found = self
            .caches
            .read(
                self.pool,
                &self.caches.credentials,
                (
                    tenant.to_string(),
                    from.namespace()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    name.to_string(),
                ),
                || async {
                    self.locate_in(self.pool, tenant, from, name)
                        .await
                        .map(Arc::new)
                },
            )
            .await?;
        Ok(Effective::clone(&found))
    }

    async fn locate_in(
        &self,
        db: impl sqlx::SqliteExecutor<'_>,
        tenant: &TenantId,
        from: &Scope,
        name: &CredentialName,
    ) -> Result<Effective<Credential>> {
        let chain = from.lookup_chain(true);
        let found =
            rows::list_in(db, tenant.as_str(), Some(&chain), None, Some(name.as_str())).await?;
        let credentials = found
            .into_iter()
            .map(Credential::from_row)
            .collect::<Result<Vec<_>>>()?;
        inheritance::nearest(&chain, credentials, |c| c.scope.clone()).ok_or_else(|| {
            Error::NotFound(match from {
                Scope::Namespace(ns) => {
                    format!("no credential {name} in {ns}, its parents, or at tenant level")
                }
                Scope::Tenant => format!(
                    "no tenant-level credential {name} (give --namespace NS for a namespace's \
                     credentials)"
                ),
            })
        })
    }

    /// Deletes the credential defined exactly in `scope`; the delete and its audit row commit together.
    pub async fn delete(
        &self,
        tenant: &TenantId,
        scope: &Scope,
        name: &CredentialName,
    ) -> Result<()> {
        let mut tx = store::begin_write(self.pool).await?;
        if !rows::delete(&mut *tx, tenant.as_str(), scope, name.as_str()).await? {
            return Err(Error::NotFound(format!(
                "no credential {name} defined {}",
                scope.describe()
            )));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "credential.delete",
            target(scope, name.as_str()),
            "",
        )
        .await?;
        store::commit(tx, "deleting the credential").await?;
        self.tokens
            .invalidate(tenant.as_str(), scope, name.as_str());
        Ok(())
    }

    /// Copies the credential seen as `name` from `from` (inputs and settings) to `target_scope`
    /// (default: the source's own scope) under `target_name` (default: the same name). Never
    /// overwrites: a taken target is a `conflict`, decided inside the transaction. The copy's secret
    /// reach is the copier's, `secret_reach`, never the source's.
    pub async fn copy(
        &self,
        tenant: &TenantId,
        from: &Scope,
        name: &CredentialName,
        target_scope: Option<Scope>,
        target_name: Option<CredentialName>,
        secret_reach: SecretReach,
    ) -> Result<Credential> {
        let mut tx = store::begin_write(self.pool).await?;
        let source = self.locate_in(&mut *tx, tenant, from, name).await?.item;
        let now = crate::time::now_rfc3339();
        let copy = Credential {
            scope: target_scope.unwrap_or_else(|| source.scope.clone()),
            name: target_name.unwrap_or_else(|| source.name.clone()),
            type_id: source.type_id.clone(),
            description: source.description.clone(),
            inputs: source.inputs.clone(),
            settings: source.settings.clone(),
            created_at: now.clone(),
            updated_at: now.clone(),
            updated_by: self.actor.name.clone(),
            last_test: None,
            secret_reach,
        };
        if let Some(ns) = copy.scope.namespace() {
            namespaces::ensure(&mut *tx, tenant.as_str(), ns.as_str(), &now).await?;
        }
        if !rows::insert_new(&mut *tx, tenant.as_str(), &copy.to_row()?).await? {
            return Err(Error::Conflict(format!(
                "credential {} already exists {}: choose another name or namespace",
                copy.name,
                copy.scope.describe()
            )));
        }
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "credential.copy",
            target(&copy.scope, copy.name.as_str()),
            &format!("copied from {}/{}", source.scope, source.name),
        )
        .await?;
        store::commit(tx, "copying the credential").await?;
        Ok(copy)
    }
}
