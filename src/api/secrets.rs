use super::dto::*;
use super::{Caller, Keystead};
use crate::access::Role;
use crate::model::{NamespaceId, Scope, SecretKey, SecretValue};
use crate::secrets::{ImportEntry, ImportStage, OnConflict, Outcome, SkipReason, dotenv, kestra};
use crate::store::secrets::SecretRow;
use crate::{Error, Result};

fn meta(row: SecretRow) -> SecretMeta {
    SecretMeta {
        namespace: row.namespace,
        key: row.key,
        description: row.description,
        read_only: row.read_only,
        version: u32::try_from(row.current_version).unwrap_or(u32::MAX),
        created_at: row.created_at,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
    }
}

fn in_namespace(namespace: &NamespaceId) -> Scope {
    Scope::Namespace(namespace.clone())
}

impl Keystead {
    pub async fn secret_set(&self, caller: &Caller, req: SecretSetRequest) -> Result<SecretMeta> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let namespace = NamespaceId::parse(&req.namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &in_namespace(&namespace),
            "secret.set",
        )
        .await?;
        let key = SecretKey::parse(&req.key)?;
        let value = SecretValue::parse(req.value)?;
        let row = self
            .secrets(caller)
            .set(
                &tenant,
                &namespace,
                &key,
                &value,
                req.description,
                req.read_only,
            )
            .await?;
        Ok(meta(row))
    }

    /// The secret's metadata, and its value when `reveal` is true (audited as `secret.reveal`).
    pub async fn secret_get(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
        reveal: bool,
    ) -> Result<SecretView> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        let (role, action) = if reveal {
            (Role::Admin, "secret.reveal")
        } else {
            (Role::Read, "secret.get")
        };
        self.authorize(caller, &tenant, role, &in_namespace(&namespace), action)
            .await?;
        let key = SecretKey::parse(key)?;
        if reveal {
            let (row, value) = self
                .secrets(caller)
                .reveal(&tenant, &namespace, &key)
                .await?;
            return Ok(SecretView {
                meta: meta(row),
                value: value.to_string(),
                revealed: true,
            });
        }
        let row = self.secrets(caller).meta(&tenant, &namespace, &key).await?;
        Ok(SecretView {
            meta: meta(row),
            value: MASK.to_owned(),
            revealed: false,
        })
    }

    /// A secret's value for a job, as seen from `namespace` (its own, else the nearest parent's).
    /// Needs `use` where the value is defined; audited as `secret.use`.
    pub async fn secret_resolve(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
    ) -> Result<SecretValueDto> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        let key = SecretKey::parse(key)?;
        // Use here first: a value defined in a parent needs use there, which covers this namespace
        // too, so a refusal names the role that is missing.
        self.authorize(
            caller,
            &tenant,
            Role::Use,
            &in_namespace(&namespace),
            "secret.use",
        )
        .await?;
        let found = self
            .secrets(caller)
            .locate(&tenant, &namespace, &key)
            .await?;
        let origin = NamespaceId::parse(&found.item.namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Use,
            &in_namespace(&origin),
            "secret.use",
        )
        .await?;
        let value = self
            .secrets(caller)
            .use_value(
                &tenant,
                &origin,
                &key,
                found.item.current_version,
                "read for a job",
            )
            .await?;
        Ok(SecretValueDto {
            key: key.to_string(),
            value: value.to_string(),
            origin: origin.to_string(),
            version: u32::try_from(found.item.current_version).unwrap_or(u32::MAX),
        })
    }

    pub async fn secret_list(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        effective: bool,
    ) -> Result<Vec<SecretListItem>> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Read,
            &in_namespace(&namespace),
            "secret.list",
        )
        .await?;
        let listed = self
            .secrets(caller)
            .list(&tenant, &namespace, effective)
            .await?;
        Ok(listed
            .into_iter()
            .map(|secret| SecretListItem {
                inherited: secret.inherited,
                origin: secret.item.namespace.clone(),
                shadows: secret.shadows.iter().map(ToString::to_string).collect(),
                value: MASK.to_owned(),
                meta: meta(secret.item),
            })
            .collect())
    }

    pub async fn secret_delete(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
    ) -> Result<()> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &in_namespace(&namespace),
            "secret.delete",
        )
        .await?;
        let key = SecretKey::parse(key)?;
        self.secrets(caller).delete(&tenant, &namespace, &key).await
    }

    pub async fn secret_describe(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
        description: String,
    ) -> Result<SecretMeta> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &in_namespace(&namespace),
            "secret.describe",
        )
        .await?;
        let key = SecretKey::parse(key)?;
        let row = self
            .secrets(caller)
            .update_meta(&tenant, &namespace, &key, Some(description), None)
            .await?;
        Ok(meta(row))
    }

    /// Sets or clears the read-only flag (an admin action; a read-only secret refuses updates and deletes).
    pub async fn secret_set_read_only(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
        read_only: bool,
    ) -> Result<SecretMeta> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &in_namespace(&namespace),
            "secret.set_read_only",
        )
        .await?;
        let key = SecretKey::parse(key)?;
        let row = self
            .secrets(caller)
            .update_meta(&tenant, &namespace, &key, None, Some(read_only))
            .await?;
        Ok(meta(row))
    }

    pub async fn secret_versions(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
    ) -> Result<Vec<SecretVersionDto>> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Read,
            &in_namespace(&namespace),
            "secret.versions",
        )
        .await?;
        let key = SecretKey::parse(key)?;
        let (row, versions) = self
            .secrets(caller)
            .versions(&tenant, &namespace, &key)
            .await?;
        Ok(versions
            .into_iter()
            .map(|v| SecretVersionDto {
                version: u32::try_from(v.version).unwrap_or(u32::MAX),
                current: v.version == row.current_version,
                created_at: v.created_at,
                created_by: v.created_by,
            })
            .collect())
    }

    pub async fn secret_restore(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
        key: &str,
        version: u32,
    ) -> Result<SecretMeta> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &in_namespace(&namespace),
            "secret.restore",
        )
        .await?;
        let key = SecretKey::parse(key)?;
        let row = self
            .secrets(caller)
            .restore(&tenant, &namespace, &key, i64::from(version))
            .await?;
        Ok(meta(row))
    }

    /// Imports `.env` or Kestra `.env_encoded` content. Every line is validated before anything is
    /// written; with `dry_run` nothing is written and the report says what would happen.
    pub async fn secret_import(&self, caller: &Caller, req: ImportRequest) -> Result<ImportReport> {
        self.secret_import_with_progress(caller, req, &|_| {}).await
    }

    /// [`Self::secret_import`], telling `progress` how far it has come (about a hundred times per
    /// stage), for a progress bar over a large file.
    pub async fn secret_import_with_progress(
        &self,
        caller: &Caller,
        req: ImportRequest,
        progress: &(dyn Fn(ImportProgress) + Sync),
    ) -> Result<ImportReport> {
        let tenant = self.tenant(caller, &req.tenant).await?;
        let namespace = NamespaceId::parse(&req.namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &in_namespace(&namespace),
            "secret.import",
        )
        .await?;
        // A byte order mark (as Windows editors write) is not part of the first key.
        let content = req.content.strip_prefix('\u{feff}').unwrap_or(&req.content);
        let pairs = match req.format {
            ImportFormat::Env => dotenv::parse(content)?,
            ImportFormat::KestraEnv => kestra::parse(content)?,
        };
        let mut parsed: Vec<ImportEntry> = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let parsed_key = SecretKey::parse(&key)
                .map_err(|e| Error::invalid(format!("{e}; nothing was imported")))?;
            let value = SecretValue::parse(value)
                .map_err(|e| Error::invalid(format!("{key}: {e}; nothing was imported")))?;
            parsed.push(ImportEntry {
                key: parsed_key,
                value,
            });
        }
        // A later line for the same key wins, as when a shell sources the file, in its place.
        let mut seen = std::collections::HashSet::with_capacity(parsed.len());
        let mut repeated = Vec::new();
        let mut reported = std::collections::HashSet::new();
        let mut entries: Vec<ImportEntry> = parsed
            .into_iter()
            .rev()
            .filter(|entry| {
                let first = seen.insert(entry.key.clone());
                if !first && reported.insert(entry.key.clone()) {
                    repeated.push(entry.key.clone());
                }
                first
            })
            .collect();
        entries.reverse();
        repeated.reverse();
        let on_conflict = match req.on_conflict {
            ConflictPolicy::Skip => OnConflict::Skip,
            ConflictPolicy::Overwrite => OnConflict::Overwrite,
            ConflictPolicy::Fail => OnConflict::Fail,
        };
        let outcomes = self
            .secrets(caller)
            .import(
                &tenant,
                &namespace,
                entries,
                on_conflict,
                req.dry_run,
                caller
                    .role_at(&tenant, &in_namespace(&namespace))
                    .is_some_and(|role| role >= Role::Admin),
                &|stage, done, total| {
                    progress(ImportProgress {
                        stage: match stage {
                            ImportStage::Checking => ImportProgressStage::Checking,
                            ImportStage::Writing => ImportProgressStage::Writing,
                        },
                        done: u32::try_from(done).unwrap_or(u32::MAX),
                        total: u32::try_from(total).unwrap_or(u32::MAX),
                    });
                },
            )
            .await?;
        let mut report = ImportReport {
            namespace: namespace.to_string(),
            dry_run: req.dry_run,
            items: Vec::with_capacity(outcomes.len()),
            created: 0,
            overwritten: 0,
            skipped: 0,
            unchanged: 0,
            repeated: repeated.iter().map(ToString::to_string).collect(),
        };
        for (key, outcome) in outcomes {
            let (action, reason) = match outcome {
                Outcome::Create => (ImportAction::Create, None),
                Outcome::Overwrite => (ImportAction::Overwrite, None),
                Outcome::Unchanged => (ImportAction::Unchanged, None),
                Outcome::Exists => (ImportAction::Exists, None),
                Outcome::Skip(SkipReason::Exists) => (
                    ImportAction::Skip,
                    Some("exists with another value".to_owned()),
                ),
                Outcome::Skip(SkipReason::ReadOnly) => {
                    (ImportAction::Skip, Some("read-only".to_owned()))
                }
            };
            match action {
                ImportAction::Create => report.created += 1,
                ImportAction::Overwrite => report.overwritten += 1,
                ImportAction::Skip => report.skipped += 1,
                ImportAction::Unchanged | ImportAction::Exists => report.unchanged += 1,
            }
            report.items.push(ImportItem {
                key: key.to_string(),
                action,
                reason,
            });
        }
        Ok(report)
    }

    /// The namespace's own secrets in Kestra's `.env_encoded` format, sorted by key (audited).
    pub async fn secret_export(
        &self,
        caller: &Caller,
        tenant: &str,
        namespace: &str,
    ) -> Result<String> {
        let tenant = self.tenant(caller, tenant).await?;
        let namespace = NamespaceId::parse(namespace)?;
        self.authorize(
            caller,
            &tenant,
            Role::Admin,
            &in_namespace(&namespace),
            "secret.export",
        )
        .await?;
        // A misspelled namespace is an error, not an empty backup.
        let known = self.namespaces(caller).list(&tenant).await?;
        if !known.iter().any(|entry| entry.id == namespace) {
            return Err(Error::NotFound(format!(
                "there is no namespace {namespace} in tenant {tenant}: see keystead namespace list"
            )));
        }
        let values = self.secrets(caller).export(&tenant, &namespace).await?;
        Ok(kestra::render(
            values.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        ))
    }
}
