//! Secrets: encrypted, versioned values in namespaces, inherited by child namespaces.

pub mod dotenv;
mod import;
pub mod kestra;

pub use import::{ImportEntry, ImportStage, OnConflict, Outcome, ProgressFn, SkipReason};

use crate::audit::{self, Actor};
use crate::cache::Caches;
use crate::crypto::{DataKeys, Key, open, seal};
use crate::model::inheritance::{self, Effective};
use crate::model::{NamespaceId, Scope, SecretKey, SecretValue, TenantId};
use crate::store::secret_versions::{self, NewVersion};
use crate::store::secrets::{self, SecretRow};
use crate::store::{self, Tx, namespaces};
use crate::{Error, ErrorCode, Result};
use sqlx::SqlitePool;
use std::sync::Arc;
use zeroize::Zeroizing;

/// How many values of each secret are kept (the current one included).
pub const VERSIONS_KEPT: i64 = 10;

/// Secrets live in namespaces; a row whose namespace does not parse sorts outside every chain.
fn scope_of(row: &SecretRow) -> Scope {
    NamespaceId::parse(&row.namespace).map_or(Scope::Tenant, Scope::Namespace)
}

/// Secret operations of one actor.
pub struct Secrets<'a> {
    pub pool: &'a SqlitePool,
    pub caches: &'a Caches,
    pub keys: &'a DataKeys,
    pub actor: &'a Actor,
}

pub(crate) fn aad(tenant: &str, namespace: &str, key: &str, version: i64) -> String {
    format!("keystead/secret/{tenant}/{namespace}/{key}/{version}")
}

fn not_found(namespace: &NamespaceId, key: &SecretKey) -> Error {
    Error::NotFound(format!("no secret {key} in namespace {namespace}"))
}

fn read_only_error(namespace: &NamespaceId, key: &SecretKey) -> Error {
    Error::ReadOnly(format!(
        "secret {key} in namespace {namespace} is read-only: an admin must clear the flag first \
         (keystead secret read-only {namespace} {key} off)"
    ))
}

struct Write<'v> {
    value: &'v [u8],
    description: Option<String>,
    read_only: Option<bool>,
}

impl Secrets<'_> {
    pub async fn set(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
        value: &SecretValue,
        description: Option<String>,
        read_only: Option<bool>,
    ) -> Result<SecretRow> {
        let mut tx = store::begin_write(self.pool).await?;
        let data_key = self.keys.current(&mut tx, tenant.as_str()).await?;
        let existing =
            secrets::get(&mut *tx, tenant.as_str(), namespace.as_str(), key.as_str()).await?;
        if existing.as_ref().is_some_and(|row| row.read_only) {
            return Err(read_only_error(namespace, key));
        }
        let write = Write {
            value: value.expose().as_bytes(),
            description,
            read_only,
        };
        let row = self
            .write_version(
                &mut tx,
                tenant,
                namespace,
                key,
                &data_key,
                existing.as_ref(),
                write,
            )
            .await?;
        tx.commit()
            .await
            .map_err(|e| storage(e, "saving the secret"))?;
        Ok(row)
    }

    /// Writes a new version inside `tx` (creating namespace and row as needed) and audits it.
    #[allow(clippy::too_many_arguments)]
    async fn write_version(
        &self,
        tx: &mut Tx,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
        data_key: &(i64, Key),
        existing: Option<&SecretRow>,
        write: Write<'_>,
    ) -> Result<SecretRow> {
        let now = crate::time::now_rfc3339();
        let (tenant, ns, name) = (tenant.as_str(), namespace.as_str(), key.as_str());
        namespaces::ensure(&mut **tx, tenant, ns, &now).await?;
        let version = existing.map_or(1, |row| row.current_version + 1);
        let row = SecretRow {
            namespace: ns.to_owned(),
            key: name.to_owned(),
            description: write
                .description
                .or_else(|| existing.map(|row| row.description.clone()))
                .unwrap_or_default(),
            read_only: write
                .read_only
                .or_else(|| existing.map(|row| row.read_only))
                .unwrap_or(false),
            current_version: version,
            created_at: existing.map_or_else(|| now.clone(), |row| row.created_at.clone()),
            updated_at: now.clone(),
            updated_by: self.actor.name.clone(),
        };
        secrets::upsert(&mut **tx, tenant, &row).await?;
        let sealed = seal(&data_key.1, &aad(tenant, ns, name, version), write.value)?;
        secret_versions::insert(
            &mut **tx,
            &NewVersion {
                tenant,
                namespace: ns,
                key: name,
                version,
                data_key_version: data_key.0,
                sealed: &sealed,
                created_at: &now,
                created_by: &self.actor.name,
            },
        )
        .await?;
        secret_versions::prune(&mut **tx, tenant, ns, name, VERSIONS_KEPT).await?;
        let action = if existing.is_some() {
            "secret.update"
        } else {
            "secret.create"
        };
        audit::record(
            tx,
            tenant,
            self.actor,
            action,
            audit::secret(ns, name),
            &format!("version {version}"),
        )
        .await?;
        Ok(row)
    }

    pub async fn meta(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
    ) -> Result<SecretRow> {
        secrets::get(self.pool, tenant.as_str(), namespace.as_str(), key.as_str())
            .await?
            .ok_or_else(|| not_found(namespace, key))
    }

    /// Decrypts the current value and records a `secret.reveal` audit event.
    pub async fn reveal(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
    ) -> Result<(SecretRow, Zeroizing<String>)> {
        let row = self.meta(tenant, namespace, key).await?;
        let value = self
            .decrypt(tenant, namespace, key, row.current_version)
            .await?;
        audit::record_now(
            self.pool,
            tenant.as_str(),
            self.actor,
            "secret.reveal",
            audit::secret(namespace.as_str(), key.as_str()),
            &format!("version {}", row.current_version),
        )
        .await?;
        Ok((row, value))
    }

    async fn decrypt(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
        version: i64,
    ) -> Result<Zeroizing<String>> {
        let stored = self
            .caches
            .read(
                self.pool,
                &self.caches.sealed,
                (
                    tenant.to_string(),
                    namespace.to_string(),
                    key.to_string(),
                    version,
                ),
                || async {
                    secret_versions::get(
                        self.pool,
                        tenant.as_str(),
                        namespace.as_str(),
                        key.as_str(),
                        version,
                    )
                    .await?
                    .map(Arc::new)
                    .ok_or_else(|| {
                        Error::NotFound(format!(
                            "secret {key} in namespace {namespace} has no version {version}"
                        ))
                    })
                },
            )
            .await?;
        let data_key = self
            .keys
            .get(self.pool, tenant.as_str(), stored.data_key_version)
            .await?;
        let plain = open(
            &data_key,
            &aad(tenant.as_str(), namespace.as_str(), key.as_str(), version),
            &stored.sealed,
        )?;
        let text = String::from_utf8(plain.to_vec()).map_err(|_| {
            Error::Integrity(format!(
                "secret {key} in namespace {namespace} is not UTF-8"
            ))
        })?;
        Ok(Zeroizing::new(text))
    }

    /// Where `key` is defined as seen from `namespace`: its own, else the nearest ancestor's.
    pub async fn locate(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
    ) -> Result<Effective<SecretRow>> {
        let found = self
            .caches
            .read(
                self.pool,
                &self.caches.secret_locations,
                (tenant.to_string(), namespace.to_string(), key.to_string()),
                || async {
                    let (chain, rows) = self.lookup(tenant, namespace, Some(key)).await?;
                    inheritance::nearest(&chain, rows, scope_of)
                        .map(Arc::new)
                        .ok_or_else(|| {
                            Error::NotFound(format!(
                                "secret {key} is defined neither in {namespace} nor in its \
                                 parents: create it with `keystead secret set {namespace} {key}`"
                            ))
                        })
                },
            )
            .await?;
        Ok(Effective::clone(&found))
    }

    /// The value `key` has as seen from `namespace` (its own, else the nearest ancestor's), for use
    /// by credentials at mint time. Returns the origin namespace too. The caller records the use.
    /// A value defined outside `reach` (the highest scope the credential may take secrets from) is
    /// refused before it is decrypted.
    pub async fn resolve(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
        reach: &Scope,
    ) -> Result<(NamespaceId, Zeroizing<String>)> {
        let winner = self
            .locate(tenant, namespace, key)
            .await
            .map_err(|e| match e.code() {
                ErrorCode::NotFound => Error::NotFound(format!(
                    "secret {key} is referenced but defined neither in {namespace} nor in its parents: \
                     create it with `keystead secret set {namespace} {key}`"
                )),
                _ => e,
            })?;
        let origin = NamespaceId::parse(&winner.item.namespace)?;
        if !reach.covers(&Scope::Namespace(origin.clone())) {
            return Err(Error::Forbidden(format!(
                "secret {key} as seen from {namespace} is the one defined in {origin}, and this \
                 credential may take {key} only from {} (where it was found when the credential \
                 was saved, and its saver may use secrets). Define {key} in {namespace}, or have \
                 someone with use on {origin} save the credential again to accept that one",
                reach_described(reach)
            )));
        }
        let value = self
            .decrypt(tenant, &origin, key, winner.item.current_version)
            .await?;
        Ok((origin, value))
    }

    /// Decrypts a value for a job and records a `secret.use` audit event saying what for.
    pub async fn use_value(
        &self,
        tenant: &TenantId,
        origin: &NamespaceId,
        key: &SecretKey,
        version: i64,
        purpose: &str,
    ) -> Result<Zeroizing<String>> {
        let value = self.decrypt(tenant, origin, key, version).await?;
        self.record_use(tenant, origin, key, purpose).await?;
        Ok(value)
    }

    /// Records that `key` (defined in `origin`) was used, and what for; never the value.
    pub async fn record_use(
        &self,
        tenant: &TenantId,
        origin: &NamespaceId,
        key: &SecretKey,
        purpose: &str,
    ) -> Result<()> {
        audit::record_now(
            self.pool,
            tenant.as_str(),
            self.actor,
            "secret.use",
            audit::secret(origin.as_str(), key.as_str()),
            purpose,
        )
        .await
    }

    /// The lookup chain from `namespace` up, and the rows (of one key, or all) along it.
    async fn lookup(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: Option<&SecretKey>,
    ) -> Result<(Vec<Scope>, Vec<SecretRow>)> {
        let chain = Scope::Namespace(namespace.clone()).lookup_chain(false);
        let names: Vec<&str> = chain
            .iter()
            .filter_map(Scope::namespace)
            .map(NamespaceId::as_str)
            .collect();
        let rows = secrets::list_in(
            self.pool,
            tenant.as_str(),
            &names,
            key.map(SecretKey::as_str),
        )
        .await?;
        Ok((chain, rows))
    }

    /// Secrets of `namespace`, or with `effective` also those inherited from ancestors (nearest wins).
    pub async fn list(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        effective: bool,
    ) -> Result<Vec<Effective<SecretRow>>> {
        let (chain, rows) = self.lookup(tenant, namespace, None).await?;
        let listed = inheritance::nearest_wins(&chain, rows, |row| row.key.as_str(), scope_of);
        Ok(listed
            .into_iter()
            .filter(|secret| effective || !secret.inherited)
            .collect())
    }

    pub async fn delete(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
    ) -> Result<()> {
        let mut tx = store::begin_write(self.pool).await?;
        let row = secrets::get(&mut *tx, tenant.as_str(), namespace.as_str(), key.as_str())
            .await?
            .ok_or_else(|| not_found(namespace, key))?;
        if row.read_only {
            return Err(read_only_error(namespace, key));
        }
        secrets::delete(&mut *tx, tenant.as_str(), namespace.as_str(), key.as_str()).await?;
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "secret.delete",
            audit::secret(namespace.as_str(), key.as_str()),
            "",
        )
        .await?;
        tx.commit()
            .await
            .map_err(|e| storage(e, "deleting the secret"))
    }

    /// Changes metadata (description and/or read-only flag) without writing a new value.
    pub async fn update_meta(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
        description: Option<String>,
        read_only: Option<bool>,
    ) -> Result<SecretRow> {
        let mut tx = store::begin_write(self.pool).await?;
        let mut row = secrets::get(&mut *tx, tenant.as_str(), namespace.as_str(), key.as_str())
            .await?
            .ok_or_else(|| not_found(namespace, key))?;
        if row.read_only && description.is_some() && read_only != Some(false) {
            return Err(read_only_error(namespace, key));
        }
        let mut changes = Vec::new();
        if let Some(description) = description {
            row.description = description;
            changes.push("description".to_owned());
        }
        if let Some(flag) = read_only {
            row.read_only = flag;
            changes.push(format!("read_only={flag}"));
        }
        row.updated_at = crate::time::now_rfc3339();
        row.updated_by = self.actor.name.clone();
        secrets::upsert(&mut *tx, tenant.as_str(), &row).await?;
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "secret.update_meta",
            audit::secret(namespace.as_str(), key.as_str()),
            &changes.join(", "),
        )
        .await?;
        tx.commit()
            .await
            .map_err(|e| storage(e, "updating the secret"))?;
        Ok(row)
    }

    pub async fn versions(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
    ) -> Result<(SecretRow, Vec<secret_versions::SecretVersionRow>)> {
        let row = self.meta(tenant, namespace, key).await?;
        let versions =
            secret_versions::list(self.pool, tenant.as_str(), namespace.as_str(), key.as_str())
                .await?;
        Ok((row, versions))
    }

    /// Makes an old value current again, as a new version.
    pub async fn restore(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        key: &SecretKey,
        version: i64,
    ) -> Result<SecretRow> {
        let value = self.decrypt(tenant, namespace, key, version).await?;
        let value = SecretValue::parse(value.to_string())?;
        let mut tx = store::begin_write(self.pool).await?;
        let data_key = self.keys.current(&mut tx, tenant.as_str()).await?;
        let existing =
            secrets::get(&mut *tx, tenant.as_str(), namespace.as_str(), key.as_str()).await?;
        if existing.as_ref().is_some_and(|row| row.read_only) {
            return Err(read_only_error(namespace, key));
        }
        let write = Write {
            value: value.expose().as_bytes(),
            description: None,
            read_only: None,
        };
        let row = self
            .write_version(
                &mut tx,
                tenant,
                namespace,
                key,
                &data_key,
                existing.as_ref(),
                write,
            )
            .await?;
        audit::record(
            &mut tx,
            tenant.as_str(),
            self.actor,
            "secret.restore",
            audit::secret(namespace.as_str(), key.as_str()),
            &format!(
                "version {version} restored as version {}",
                row.current_version
            ),
        )
        .await?;
        tx.commit()
            .await
            .map_err(|e| storage(e, "restoring the secret"))?;
        Ok(row)
    }
}

fn storage(source: sqlx::Error, what: &str) -> Error {
    Error::Storage {
        context: what.to_owned(),
        source,
    }
}

/// For messages: where a credential with this secret reach may take secrets from.
fn reach_described(reach: &Scope) -> String {
    match reach {
        Scope::Tenant => "anywhere in the tenant".to_owned(),
        Scope::Namespace(ns) => format!("{ns} or below it"),
    }
}
