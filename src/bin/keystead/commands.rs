//! Dispatch: parse, call one `Keystead` method, print.

use crate::output::{json, table};
use crate::{AuditCommand, Cli, Command, NamespaceCommand, SecretCommand, TenantCommand, input};
use keystead::api::dto::{AuditFilter, ImportRequest, NamespaceNode, SecretSetRequest};
use keystead::api::{self, KeySource, Keystead, OpenOptions};
use keystead::{Error, ErrorCode, Result};
use secrecy::SecretString;
use std::io::Read;
use std::path::PathBuf;

/// `KEYSTEAD_KEYRING=off` keeps Keystead away from the OS keyring (tests, servers).
const KEYRING_ENV: &str = "KEYSTEAD_KEYRING";

fn actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

fn key_source() -> KeySource {
    let mut source = KeySource::default();
    if std::env::var(KEYRING_ENV).is_ok_and(|v| v == "off") {
        source.keyring_unavailable = Some(format!("disabled by {KEYRING_ENV}=off"));
    } else {
        match keystead::crypto::os_keyring() {
            Ok(store) => source.keyring = Some(store),
            Err(reason) => source.keyring_unavailable = Some(reason),
        }
    }
    source.passphrase = std::env::var(api::PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty())
        .map(SecretString::from);
    source
}

async fn open(data_dir: PathBuf) -> Result<Keystead> {
    let mut keys = key_source();
    let mut options = OpenOptions {
        data_dir: data_dir.clone(),
        actor: actor(),
        keys: keys.clone(),
    };
    let keystead = match Keystead::open(options).await {
        Err(e) if e.code() == ErrorCode::PassphraseRequired && keys.passphrase.is_none() => {
            let new = !api::is_initialized(&data_dir).await?;
            let Some(passphrase) = input::prompt_passphrase(new) else {
                return Err(e);
            };
            keys.passphrase = Some(passphrase);
            options = OpenOptions {
                data_dir,
                actor: actor(),
                keys,
            };
            Keystead::open(options).await?
        }
        other => other?,
    };
    if keystead.created_master_key() {
        let status = keystead.status();
        eprintln!(
            "keystead: created a new master key for {}: {}",
            status.data_dir, status.key_mode_description
        );
    }
    Ok(keystead)
}

/// Runs the command; returns the exit code of a completed command (non-zero for a failed Test).
pub async fn run(cli: Cli) -> Result<u8> {
    let data_dir = cli.data_dir.clone().unwrap_or_else(api::default_data_dir);
    let keystead = open(data_dir).await?;
    let result = dispatch(&keystead, &cli).await;
    keystead.close().await;
    result
}

async fn dispatch(k: &Keystead, cli: &Cli) -> Result<u8> {
    let tenant = cli.tenant.as_str();
    match &cli.command {
        Command::Credential(command) => {
            return crate::credential::run(k, tenant, cli.json, command).await;
        }
        Command::Status => {
            let status = k.status();
            if cli.json {
                return json(&status).map(|()| 0);
            }
            println!("data dir:   {}", status.data_dir);
            println!("database:   {}", status.database);
            println!("master key: {}", status.key_mode_description);
            println!("version:    {}", status.version);
        }
        Command::Tenant(TenantCommand::Create { tenant }) => {
            let created = k.tenant_create(tenant).await?;
            println!("created tenant {}", created.id);
        }
        Command::Tenant(TenantCommand::List) => {
            let tenants = k.tenant_list().await?;
            if cli.json {
                return json(&tenants).map(|()| 0);
            }
            let rows: Vec<_> = tenants
                .into_iter()
                .map(|t| vec![t.id, t.created_at])
                .collect();
            table(&["TENANT", "CREATED"], &rows);
        }
        Command::Namespace(NamespaceCommand::Create { namespace }) => {
            k.namespace_create(tenant, namespace).await?;
            println!("namespace {namespace} is ready");
        }
        Command::Namespace(NamespaceCommand::List) => {
            let tree = k.namespace_tree(tenant).await?;
            if cli.json {
                return json(&tree).map(|()| 0);
            }
            if tree.is_empty() {
                println!("(no namespaces)");
            }
            print_tree(&tree, 0);
        }
        Command::Secret(command) => secret(k, tenant, cli.json, command).await?,
        Command::Audit(AuditCommand::List {
            action,
            namespace,
            target,
            actor,
            since,
            limit,
        }) => {
            let events = k
                .audit_list(AuditFilter {
                    tenant: tenant.to_owned(),
                    action: action.clone(),
                    namespace: namespace.clone(),
                    target: target.clone(),
                    actor: actor.clone(),
                    since: since.clone(),
                    limit: Some(*limit),
                })
                .await?;
            if cli.json {
                return json(&events).map(|()| 0);
            }
            let rows: Vec<_> = events
                .into_iter()
                .map(|e| {
                    let target = match e.namespace {
                        Some(ns) if e.target_kind != "namespace" => {
                            format!("{}:{ns}/{}", e.target_kind, e.target)
                        }
                        _ => format!("{}:{}", e.target_kind, e.target),
                    };
                    vec![e.at, e.actor, e.action, target, e.detail]
                })
                .collect();
            table(&["TIME", "ACTOR", "ACTION", "TARGET", "DETAIL"], &rows);
        }
    }
    Ok(0)
}

fn print_tree(nodes: &[NamespaceNode], depth: usize) {
    for node in nodes {
        let indent = "  ".repeat(depth);
        if node.explicit {
            let plural = if node.secret_count == 1 { "" } else { "s" };
            println!(
                "{indent}{}  ({} secret{plural})",
                node.id, node.secret_count
            );
        } else {
            println!("{indent}({})", node.id);
        }
        print_tree(&node.children, depth + 1);
    }
}

async fn secret(k: &Keystead, tenant: &str, as_json: bool, command: &SecretCommand) -> Result<()> {
    match command {
        SecretCommand::Set {
            namespace,
            key,
            description,
            read_only,
        } => {
            let value = input::secret_value(key)?;
            let meta = k
                .secret_set(SecretSetRequest {
                    tenant: tenant.to_owned(),
                    namespace: namespace.clone(),
                    key: key.clone(),
                    value,
                    description: description.clone(),
                    read_only: read_only.then_some(true),
                })
                .await?;
            if as_json {
                return json(&meta);
            }
            println!(
                "saved {}/{} (version {})",
                meta.namespace, meta.key, meta.version
            );
        }
        SecretCommand::Get {
            namespace,
            key,
            reveal,
        } => {
            let view = k.secret_get(tenant, namespace, key, *reveal).await?;
            if as_json {
                return json(&view);
            }
            if *reveal {
                println!("{}", view.value);
            } else {
                let m = &view.meta;
                println!("key:         {}", m.key);
                println!("namespace:   {}", m.namespace);
                println!("value:       {}", view.value);
                println!("description: {}", m.description);
                println!("read-only:   {}", m.read_only);
                println!("version:     {}", m.version);
                println!("updated:     {} by {}", m.updated_at, m.updated_by);
            }
        }
        SecretCommand::List {
            namespace,
            effective,
        } => {
            let items = k.secret_list(tenant, namespace, *effective).await?;
            if as_json {
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
        }
        SecretCommand::Delete { namespace, key } => {
            k.secret_delete(tenant, namespace, key).await?;
            println!("deleted {namespace}/{key}");
        }
        SecretCommand::Describe {
            namespace,
            key,
            description,
        } => {
            let meta = k
                .secret_describe(tenant, namespace, key, description.clone())
                .await?;
            println!("described {}/{}", meta.namespace, meta.key);
        }
        SecretCommand::ReadOnly {
            namespace,
            key,
            state,
        } => {
            let meta = k
                .secret_set_read_only(tenant, namespace, key, state == "on")
                .await?;
            println!(
                "{}/{} read-only: {}",
                meta.namespace, meta.key, meta.read_only
            );
        }
        SecretCommand::Versions { namespace, key } => {
            let versions = k.secret_versions(tenant, namespace, key).await?;
            if as_json {
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
        }
        SecretCommand::Restore {
            namespace,
            key,
            version,
        } => {
            let meta = k.secret_restore(tenant, namespace, key, *version).await?;
            println!(
                "restored version {version} of {}/{} as version {}",
                meta.namespace, meta.key, meta.version
            );
        }
        SecretCommand::Import {
            namespace,
            file,
            format,
            on_conflict,
            dry_run,
        } => {
            let content = read_file(file)?;
            let report = k
                .secret_import(ImportRequest {
                    tenant: tenant.to_owned(),
                    namespace: namespace.clone(),
                    format: (*format).into(),
                    content,
                    on_conflict: (*on_conflict).into(),
                    dry_run: *dry_run,
                })
                .await?;
            if as_json {
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
            println!(
                "{}: {} created, {} overwritten, {} skipped, {} unchanged{note}",
                report.namespace,
                report.created,
                report.overwritten,
                report.skipped,
                report.unchanged
            );
        }
        SecretCommand::Export {
            namespace, output, ..
        } => {
            let text = k.secret_export(tenant, namespace).await?;
            match output {
                Some(path) => write_private(path, &text)?,
                None => print!("{text}"),
            }
        }
    }
    Ok(())
}

fn read_file(path: &PathBuf) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::invalid(format!("reading stdin: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("reading {}: {e}", path.display())))
}

fn write_private(path: &PathBuf, text: &str) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| {
        Error::invalid(format!(
            "creating {} (it must not exist yet): {e}",
            path.display()
        ))
    })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::Internal(format!("writing {}: {e}", path.display())))
}
