//! `keystead secret ...`: static sensitive values, encrypted at rest, inherited by child namespaces.

use crate::backend::Backend;
use crate::commands::Ctx;
use crate::output::{json, table};
use crate::{input, output};
use clap::Subcommand;
use keystead::api::Result;
use keystead::api::dto::{ConflictPolicy, ImportFormat, ImportRequest, SecretSetRequest};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum SecretCommand {
    /// Create or update a secret. The value is read from stdin (one trailing newline is dropped)
    /// or asked for without echo on a terminal; never from the command line.
    Set {
        namespace: String,
        key: String,
        /// A note for other admins (what it is, who owns it)
        #[arg(long)]
        description: Option<String>,
        /// Refuse later updates and deletes until an admin clears the flag
        #[arg(long)]
        read_only: bool,
    },
    /// Show a secret, masked unless --reveal (a reveal is audited)
    Get {
        namespace: String,
        key: String,
        /// Print the value (alone, without a table, unless --json)
        #[arg(long)]
        reveal: bool,
    },
    /// Print the value a job sees from NAMESPACE (its own, else the nearest parent's), alone on
    /// stdout: needs use where it is defined, and is audited as a use (what CI scripts call)
    Value { namespace: String, key: String },
    /// List secrets of a namespace, masked
    List {
        namespace: String,
        /// Also show secrets inherited from parent namespaces, with their origin
        #[arg(long)]
        effective: bool,
    },
    /// Delete a secret and all its versions
    Delete { namespace: String, key: String },
    /// Set a secret's description
    Describe {
        namespace: String,
        key: String,
        description: String,
    },
    /// Set or clear a secret's read-only flag
    ReadOnly {
        namespace: String,
        key: String,
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// List the kept versions of a secret (the last 10 values)
    Versions { namespace: String, key: String },
    /// Make an old version's value current again (as a new version)
    Restore {
        namespace: String,
        key: String,
        version: u32,
    },
    /// Import secrets from a .env file or Kestra's .env_encoded file (FILE '-' reads stdin)
    Import {
        namespace: String,
        file: PathBuf,
        #[arg(long, value_enum, default_value = "env")]
        format: FormatArg,
        /// What to do when a key already exists with another value
        #[arg(long, value_enum, default_value = "fail")]
        on_conflict: ConflictArg,
        /// Show what would happen; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Export a namespace's own secrets in Kestra's .env_encoded format (values in clear base64!)
    Export {
        namespace: String,
        #[arg(long, value_enum, default_value = "kestra-env")]
        format: ExportFormatArg,
        /// Write to this file (created with mode 0600) instead of stdout
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Env,
    KestraEnv,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormatArg {
    KestraEnv,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ConflictArg {
    Skip,
    Overwrite,
    Fail,
}

impl From<FormatArg> for ImportFormat {
    fn from(value: FormatArg) -> Self {
        match value {
            FormatArg::Env => ImportFormat::Env,
            FormatArg::KestraEnv => ImportFormat::KestraEnv,
        }
    }
}

impl From<ConflictArg> for ConflictPolicy {
    fn from(value: ConflictArg) -> Self {
        match value {
            ConflictArg::Skip => ConflictPolicy::Skip,
            ConflictArg::Overwrite => ConflictPolicy::Overwrite,
            ConflictArg::Fail => ConflictPolicy::Fail,
        }
    }
}

pub async fn run(ctx: &Ctx<'_, impl Backend>, command: &SecretCommand) -> Result<u8> {
    match command {
        SecretCommand::Set {
            namespace,
            key,
            description,
            read_only,
        } => set(ctx, namespace, key, description.clone(), *read_only).await,
        SecretCommand::Get {
            namespace,
            key,
            reveal,
        } => get(ctx, namespace, key, *reveal).await,
        SecretCommand::Value { namespace, key } => value(ctx, namespace, key).await,
        SecretCommand::List {
            namespace,
            effective,
        } => list(ctx, namespace, *effective).await,
        SecretCommand::Delete { namespace, key } => {
            ctx.api.secret_delete(ctx.tenant, namespace, key).await?;
            crate::out!("deleted {namespace}/{key}");
            Ok(0)
        }
        SecretCommand::Describe {
            namespace,
            key,
            description,
        } => {
            let meta = ctx
                .api
                .secret_describe(ctx.tenant, namespace, key, description.clone())
                .await?;
            crate::out!("described {}/{}", meta.namespace, meta.key);
            Ok(0)
        }
        SecretCommand::ReadOnly {
            namespace,
            key,
            state,
        } => {
            let meta = ctx
                .api
                .secret_set_read_only(ctx.tenant, namespace, key, state == "on")
                .await?;
            crate::out!(
                "{}/{} read-only: {}",
                meta.namespace,
                meta.key,
                meta.read_only
            );
            Ok(0)
        }
        SecretCommand::Versions { namespace, key } => versions(ctx, namespace, key).await,
        SecretCommand::Restore {
            namespace,
            key,
            version,
        } => {
            let meta = ctx
                .api
                .secret_restore(ctx.tenant, namespace, key, *version)
                .await?;
            crate::out!(
                "restored version {version} of {}/{} as version {}",
                meta.namespace,
                meta.key,
                meta.version
            );
            Ok(0)
        }
        SecretCommand::Import {
            namespace,
            file,
            format,
            on_conflict,
            dry_run,
        } => {
            let request = ImportRequest {
                tenant: ctx.tenant.to_owned(),
                namespace: namespace.clone(),
                format: (*format).into(),
                content: input::read_text(file)?,
                on_conflict: (*on_conflict).into(),
                dry_run: *dry_run,
            };
            import(ctx, request).await
        }
        SecretCommand::Export {
            namespace, output, ..
        } => {
            // The file first: a name that is taken refuses the export before it reads (and audits)
            // any value. A failed export drops (removes) it.
            let file = output.as_deref().map(output::NewFile::create).transpose()?;
            let text = ctx.api.secret_export(ctx.tenant, namespace).await?;
            match file {
                Some(file) => {
                    let path = file.path();
                    file.write_and_keep(text.as_bytes()).map_err(|e| {
                        keystead::Error::invalid(format!("writing {}: {e}", path.display()))
                    })?;
                }
                None => crate::output::write_stdout(&text),
            }
            Ok(0)
        }
    }
}

async fn set(
    ctx: &Ctx<'_, impl Backend>,
    namespace: &str,
    key: &str,
    description: Option<String>,
    read_only: bool,
) -> Result<u8> {
    let value = input::secret_value(key)?;
    let meta = ctx
        .api
        .secret_set(SecretSetRequest {
            tenant: ctx.tenant.to_owned(),
            namespace: namespace.to_owned(),
            key: key.to_owned(),
            value,
            description,
            read_only: read_only.then_some(true),
        })
        .await?;
    if ctx.json {
        return json(&meta);
    }
    crate::out!(
        "saved {}/{} (version {})",
        meta.namespace,
        meta.key,
        meta.version
    );
    Ok(0)
}

async fn get(ctx: &Ctx<'_, impl Backend>, namespace: &str, key: &str, reveal: bool) -> Result<u8> {
    let view = ctx
        .api
        .secret_get(ctx.tenant, namespace, key, reveal)
        .await?;
    if ctx.json {
        return json(&view);
    }
    if reveal {
        crate::out!("{}", view.value);
        return Ok(0);
    }
    let m = &view.meta;
    crate::out!("key:         {}", m.key);
    crate::out!("namespace:   {}", m.namespace);
    crate::out!("value:       {}", view.value);
    crate::out!("description: {}", crate::output::printable(&m.description));
    crate::out!("read-only:   {}", m.read_only);
    crate::out!("version:     {}", m.version);
    crate::out!("updated:     {} by {}", m.updated_at, m.updated_by);
    Ok(0)
}

async fn value(ctx: &Ctx<'_, impl Backend>, namespace: &str, key: &str) -> Result<u8> {
    let resolved = ctx.api.secret_resolve(ctx.tenant, namespace, key).await?;
    if ctx.json {
        return json(&resolved);
    }
    crate::out!("{}", resolved.value);
    Ok(0)
}

async fn list(ctx: &Ctx<'_, impl Backend>, namespace: &str, effective: bool) -> Result<u8> {
    let items = ctx
        .api
        .secret_list(ctx.tenant, namespace, effective)
        .await?;
    if ctx.json {
        return json(&items);
    }
    let rows: Vec<_> = items
        .into_iter()
        .map(|i| {
            let mut flags = Vec::new();
            if i.meta.read_only {
                flags.push("read-only".to_owned());
            }
            if !i.shadows.is_empty() {
                flags.push(format!("shadows {}", i.shadows.join(",")));
            }
            vec![
                i.meta.key,
                i.value,
                i.origin,
                i.meta.version.to_string(),
                i.meta.updated_at,
                flags.join(" "),
                i.meta.description,
            ]
        })
        .collect();
    table(
        &[
            "KEY",
            "VALUE",
            "ORIGIN",
            "VERSION",
            "UPDATED",
            "FLAGS",
            "DESCRIPTION",
        ],
        &rows,
    );
    Ok(0)
}

async fn versions(ctx: &Ctx<'_, impl Backend>, namespace: &str, key: &str) -> Result<u8> {
    let versions = ctx.api.secret_versions(ctx.tenant, namespace, key).await?;
    if ctx.json {
        return json(&versions);
    }
    let rows: Vec<_> = versions
        .into_iter()
        .map(|v| {
            let current = if v.current { "current" } else { "" };
            vec![
                v.version.to_string(),
                v.created_at,
                v.created_by,
                current.to_owned(),
            ]
        })
        .collect();
    table(&["VERSION", "CREATED", "BY", ""], &rows);
    Ok(0)
}

async fn import(ctx: &Ctx<'_, impl Backend>, request: ImportRequest) -> Result<u8> {
    let report = ctx.api.secret_import(request).await?;
    if ctx.json {
        return json(&report);
    }
    let rows: Vec<_> = report
        .items
        .iter()
        .map(|i| {
            let action = serde_json::to_value(i.action)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            vec![i.key.clone(), action, i.reason.clone().unwrap_or_default()]
        })
        .collect();
    table(&["KEY", "ACTION", "REASON"], &rows);
    let note = if report.dry_run {
        " (dry run: nothing was written)"
    } else {
        ""
    };
    for key in &report.repeated {
        eprintln!("keystead: {key} is given more than once: its last value was used");
    }
    crate::out!(
        "{}: {} created, {} overwritten, {} skipped, {} unchanged{note}",
        report.namespace,
        report.created,
        report.overwritten,
        report.skipped,
        report.unchanged
    );
    Ok(0)
}
