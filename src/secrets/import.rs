//! Bulk import (atomic, with a dry run and a conflict policy) and export of a namespace's secrets.

use super::{Secrets, Write, storage};
use crate::audit;
use crate::model::{NamespaceId, SecretKey, SecretValue, TenantId};
use crate::store::{self, secrets};
use crate::{Error, Result};
use zeroize::Zeroizing;

/// A value for one key, ready to be written by an import.
pub struct ImportEntry {
    pub key: SecretKey,
    pub value: SecretValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Create,
    Overwrite,
    Skip(SkipReason),
    Unchanged,
    /// The key exists; whether its value differs is not said to a caller who may not reveal it.
    Exists,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    Exists,
    ReadOnly,
}

/// Where a running import is: every stored key checked against the file, then the changes written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStage {
    Checking,
    Writing,
}

/// Told how far an import has come, about a hundred times per stage (and at each stage's end).
pub type ProgressFn<'a> = &'a (dyn Fn(ImportStage, usize, usize) + Sync);

/// Reports `done` of `total` when it is a step further than the last report, or the end.
fn report(progress: ProgressFn<'_>, stage: ImportStage, done: usize, total: usize) {
    let step = (total / 100).max(1);
    if done == total || done.is_multiple_of(step) {
        progress(stage, done, total);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    Skip,
    Overwrite,
    Fail,
}

/// `N entries: a new, b changed, c unchanged, d skipped`.
fn count(plan: &[(&ImportEntry, Option<secrets::SecretRow>, Outcome)]) -> String {
    let of = |f: fn(&Outcome) -> bool| plan.iter().filter(|(_, _, o)| f(o)).count();
    format!(
        "{} entries: {} new, {} changed, {} unchanged, {} skipped",
        plan.len(),
        of(|o| matches!(o, Outcome::Create)),
        of(|o| matches!(o, Outcome::Overwrite)),
        of(|o| matches!(o, Outcome::Unchanged)),
        of(|o| matches!(o, Outcome::Skip(_))),
    )
}

impl Secrets<'_> {
    /// Imports entries atomically: all planned writes land, or none (on any error). `progress`
    /// hears how many entries are checked, then (unless a dry run) how many changes are written.
    #[allow(clippy::too_many_arguments)]
    pub async fn import(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
        entries: Vec<ImportEntry>,
        on_conflict: OnConflict,
        dry_run: bool,
        may_reveal: bool,
        progress: ProgressFn<'_>,
    ) -> Result<Vec<(SecretKey, Outcome)>> {
        let mut tx = store::begin_write(self.pool).await?;
        let data_key = self.keys.current(&mut tx, tenant.as_str()).await?;
        let mut plan = Vec::with_capacity(entries.len());
        let mut conflicts = Vec::new();
        for entry in &entries {
            let existing = secrets::get(
                &mut *tx,
                tenant.as_str(),
                namespace.as_str(),
                entry.key.as_str(),
            )
            .await?;
            let outcome = match &existing {
                None => Outcome::Create,
                Some(row) => {
                    let current = self
                        .decrypt(tenant, namespace, &entry.key, row.current_version)
                        .await?;
                    if current.as_str() == entry.value.expose() {
                        Outcome::Unchanged
                    } else if on_conflict == OnConflict::Fail {
                        conflicts.push(entry.key.to_string());
                        Outcome::Skip(SkipReason::Exists)
                    } else if on_conflict == OnConflict::Skip {
                        Outcome::Skip(SkipReason::Exists)
                    } else if row.read_only {
                        Outcome::Skip(SkipReason::ReadOnly)
                    } else {
                        Outcome::Overwrite
                    }
                }
            };
            plan.push((entry, existing, outcome));
            report(progress, ImportStage::Checking, plan.len(), entries.len());
        }
        let target = audit::Target {
            kind: "namespace",
            namespace: Some(namespace.as_str()),
            name: namespace.as_str(),
        };
        // Comparing values answers "is it this value?": a refusal and a dry run are audited like
        // the import they preview, and a caller who may not reveal learns only new or exists.
        if !conflicts.is_empty() {
            let detail = format!(
                "refused: {} of {} entries differ",
                conflicts.len(),
                plan.len()
            );
            drop(tx);
            self.audit_import(tenant, target, "secret.import_refused", &detail)
                .await?;
            return Err(Error::Conflict(if may_reveal {
                let verb = if conflicts.len() == 1 {
                    "exists"
                } else {
                    "exist"
                };
                format!(
                    "import refused, nothing was written: {} already {verb} with other values in \
                     {namespace} (use --on-conflict skip or overwrite)",
                    conflicts.join(", ")
                )
            } else {
                format!(
                    "import refused, nothing was written: some keys already exist in {namespace} \
                     (use --on-conflict skip or overwrite)"
                )
            }));
        }
        if dry_run {
            let counts = count(&plan);
            drop(tx);
            self.audit_import(tenant, target, "secret.import_preview", &counts)
                .await?;
        } else {
            let changes = plan
                .iter()
                .filter(|(_, _, outcome)| matches!(outcome, Outcome::Create | Outcome::Overwrite))
                .count();
            let mut written = 0;
            for (entry, existing, outcome) in &plan {
                if matches!(outcome, Outcome::Create | Outcome::Overwrite) {
                    let write = Write {
                        value: entry.value.expose().as_bytes(),
                        description: None,
                        read_only: None,
                    };
                    self.write_version(
                        &mut tx,
                        tenant,
                        namespace,
                        &entry.key,
                        &data_key,
                        existing.as_ref(),
                        write,
                    )
                    .await?;
                    written += 1;
                    report(progress, ImportStage::Writing, written, changes);
                }
            }
            audit::record(
                &mut tx,
                tenant.as_str(),
                self.actor,
                "secret.import",
                target,
                &count(&plan),
            )
            .await?;
            tx.commit()
                .await
                .map_err(|e| storage(e, "importing secrets"))?;
        }
        Ok(plan
            .into_iter()
            .map(|(entry, existing, outcome)| {
                let shown = match outcome {
                    Outcome::Create => Outcome::Create,
                    _ if !may_reveal && existing.is_some() => Outcome::Exists,
                    other => other,
                };
                (entry.key.clone(), shown)
            })
            .collect())
    }

    async fn audit_import(
        &self,
        tenant: &TenantId,
        target: audit::Target<'_>,
        action: &str,
        detail: &str,
    ) -> Result<()> {
        let mut tx = store::begin_write(self.pool).await?;
        audit::record(&mut tx, tenant.as_str(), self.actor, action, target, detail).await?;
        tx.commit()
            .await
            .map_err(|e| storage(e, "auditing the import"))
    }

    /// All values of a namespace (its own secrets, not inherited ones), sorted by key. Audited.
    pub async fn export(
        &self,
        tenant: &TenantId,
        namespace: &NamespaceId,
    ) -> Result<Vec<(SecretKey, Zeroizing<String>)>> {
        let listed = self.list(tenant, namespace, false).await?;
        let mut out = Vec::with_capacity(listed.len());
        for secret in listed {
            let key = SecretKey::parse(&secret.item.key)?;
            let value = self
                .decrypt(tenant, namespace, &key, secret.item.current_version)
                .await?;
            out.push((key, value));
        }
        audit::record_now(
            self.pool,
            tenant.as_str(),
            self.actor,
            "secret.export",
            audit::Target {
                kind: "namespace",
                namespace: Some(namespace.as_str()),
                name: namespace.as_str(),
            },
            &format!("{} secrets", out.len()),
        )
        .await?;
        Ok(out)
    }
}
