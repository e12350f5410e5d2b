//! Opening the data dir for the person at this terminal, dispatch, and the small nouns (status,
//! tenants, namespaces, audit). Each subcommand: parse, call one `Keystead` method, print.

use crate::output::{json, table};
use crate::{Cli, Command, input};
use clap::Subcommand;
use keystead::api::Result;
use keystead::api::dto::{AuditFilter, NamespaceNode};
use keystead::api::{self, Caller, ErrorCode, Keystead, OpenRequest, Surface};

/// What every subcommand works with.
pub struct Ctx<'a> {
    pub k: &'a Keystead,
    pub caller: &'a Caller,
    pub tenant: &'a str,
    pub json: bool,
}

#[derive(Subcommand)]
pub enum TenantCommand {
    /// Create a tenant
    Create { tenant: String },
    /// List tenants
    List,
}

#[derive(Subcommand)]
pub enum NamespaceCommand {
    /// Create a namespace (creating an existing one is a no-op)
    Create { namespace: String },
    /// List namespaces as a tree (implicit parents in parentheses)
    List,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// List audit events, newest first
    List {
        /// e.g. secret.create, secret.update, secret.delete, secret.reveal, secret.import
        #[arg(long)]
        action: Option<String>,
        #[arg(long)]
        namespace: Option<String>,
        /// A secret key or other target name
        #[arg(long)]
        target: Option<String>,
        #[arg(long)]
        actor: Option<String>,
        /// RFC 3339 time or date (2026-11-25)
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
}

/// Opens the data dir; when it needs a passphrase that the environment does not give, asks for it
/// on the terminal.
async fn open(data_dir: std::path::PathBuf) -> Result<Keystead> {
    let request = OpenRequest::from_env(data_dir.clone());
    let had_passphrase = request.passphrase.is_some();
    let keystead = match api::open(request).await {
        Err(e) if e.code() == ErrorCode::PassphraseRequired && !had_passphrase => {
            let new = !api::is_initialized(&data_dir).await?;
            let Some(passphrase) = input::prompt_passphrase(new) else {
                return Err(e);
            };
            let mut retry = OpenRequest::from_env(data_dir);
            retry.passphrase = Some(passphrase);
            api::open(retry).await?
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
    if let Command::Serve(args) = &cli.command {
        return crate::serve::run(keystead, args).await;
    }
    let caller = Caller::local_user(Surface::Cli);
    let ctx = Ctx {
        k: &keystead,
        caller: &caller,
        tenant: &cli.tenant,
        json: cli.json,
    };
    let result = dispatch(&ctx, &cli.command).await;
    keystead.close().await;
    result
}

async fn dispatch(ctx: &Ctx<'_>, command: &Command) -> Result<u8> {
    match command {
        Command::Status => status(ctx),
        Command::Tenant(command) => tenant(ctx, command).await,
        Command::Namespace(command) => namespace(ctx, command).await,
        Command::Secret(command) => crate::secret::run(ctx, command).await,
        Command::Credential(command) => crate::credential::run(ctx, command).await,
        Command::Principal(command) => crate::access::principal(ctx, command).await,
        Command::Role(command) => crate::access::role_command(ctx, command).await,
        Command::Token(command) => crate::access::token(ctx, command).await,
        Command::Audit(command) => audit(ctx, command).await,
        Command::Serve(_) => Ok(0),
    }
}

fn status(ctx: &Ctx<'_>) -> Result<u8> {
    let status = ctx.k.status();
    if ctx.json {
        return json(&status);
    }
    println!("data dir:   {}", status.data_dir);
    println!("database:   {}", status.database);
    println!("master key: {}", status.key_mode_description);
    println!("version:    {}", status.version);
    Ok(0)
}

async fn tenant(ctx: &Ctx<'_>, command: &TenantCommand) -> Result<u8> {
    match command {
        TenantCommand::Create { tenant } => {
            let created = ctx.k.tenant_create(ctx.caller, tenant).await?;
            if ctx.json {
                return json(&created);
            }
            println!("created tenant {}", created.id);
        }
        TenantCommand::List => {
            let tenants = ctx.k.tenant_list(ctx.caller).await?;
            if ctx.json {
                return json(&tenants);
            }
            let rows: Vec<_> = tenants
                .into_iter()
                .map(|t| vec![t.id, t.created_at])
                .collect();
            table(&["TENANT", "CREATED"], &rows);
        }
    }
    Ok(0)
}

async fn namespace(ctx: &Ctx<'_>, command: &NamespaceCommand) -> Result<u8> {
    match command {
        NamespaceCommand::Create { namespace } => {
            ctx.k
                .namespace_create(ctx.caller, ctx.tenant, namespace)
                .await?;
            println!("namespace {namespace} is ready");
        }
        NamespaceCommand::List => {
            let tree = ctx.k.namespace_tree(ctx.caller, ctx.tenant).await?;
            if ctx.json {
                return json(&tree);
            }
            if tree.is_empty() {
                println!("(no namespaces)");
            }
            print_tree(&tree, 0);
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

async fn audit(ctx: &Ctx<'_>, command: &AuditCommand) -> Result<u8> {
    let AuditCommand::List {
        action,
        namespace,
        target,
        actor,
        since,
        limit,
    } = command;
    let filter = AuditFilter {
        tenant: ctx.tenant.to_owned(),
        action: action.clone(),
        namespace: namespace.clone(),
        target: target.clone(),
        actor: actor.clone(),
        since: since.clone(),
        limit: Some(*limit),
    };
    let events = ctx.k.audit_list(ctx.caller, filter).await?;
    if ctx.json {
        return json(&events);
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
    Ok(0)
}
