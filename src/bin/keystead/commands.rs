//! Opening the data dir for the person at this terminal, dispatch, and the small nouns (status,
//! tenants, namespaces, audit). Each subcommand: parse, call one `Keystead` method, print.

use crate::backend::{Backend, Local};
use crate::output::{json, table};
use crate::{Cli, Command, input};
use clap::Subcommand;
use keystead::Error;
use keystead::api::Result;
use keystead::api::dto::{AuditFilter, NamespaceNode};
use keystead::api::{self, Caller, ErrorCode, Keystead, OpenRequest, Surface};
use keystead::http::Client;
use secrecy::SecretString;

/// The API token the remote CLI presents (never taken from the command line).
const TOKEN_ENV: &str = "KEYSTEAD_TOKEN";

/// What every subcommand works with.
pub struct Ctx<'a, B> {
    pub api: &'a B,
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
    /// Delete a namespace. One that holds anything (secrets, credentials, KV pairs, role
    /// bindings, child namespaces) is refused unless --recursive
    Delete {
        namespace: String,
        /// Also delete everything in and below it; asks you to type the namespace's name on a
        /// terminal, needs --yes otherwise
        #[arg(long)]
        recursive: bool,
        /// Confirm a recursive delete without being asked (scripts)
        #[arg(long, requires = "recursive")]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// List audit events, newest first
    List {
        /// An action (secret.create, secret.reveal, token.create, access.denied) or a family of
        /// them (secret: every secret.… action)
        #[arg(long)]
        action: Option<String>,
        /// Events in this namespace and below it
        #[arg(long)]
        namespace: Option<String>,
        /// A target name (DB_URL), or as the TARGET column shows it (secret:prod.eng/DB_URL)
        #[arg(long)]
        target: Option<String>,
        #[arg(long)]
        actor: Option<String>,
        /// RFC 3339 time or date (2026-11-25)
        #[arg(long)]
        since: Option<String>,
        /// Before this RFC 3339 time or date (exclusive)
        #[arg(long)]
        until: Option<String>,
        /// Only events older than this event id (the next page)
        #[arg(long)]
        before: Option<i64>,
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
        offer_recovery_key(&keystead).await?;
    }
    if keystead.opened_with_recovery_key() {
        eprintln!(
            "keystead: opened with the recovery key. Set a new passphrase (keystead key passphrase \
             change) or put the master key back in the keyring (keystead key move --to keyring)."
        );
    }
    Ok(keystead)
}

/// At first start on a terminal, makes the recovery key and shows it once; elsewhere (CI, a
/// service) says how to make one later, so that it never lands in a log.
async fn offer_recovery_key(keystead: &Keystead) -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        eprintln!(
            "keystead: no recovery key was made (not a terminal); make one where nobody logs the \
             output: keystead key recovery create"
        );
        return Ok(());
    }
    let created = keystead
        .key_recovery_create(&Caller::local_user(Surface::Cli))
        .await?;
    crate::key::show_recovery_key(&created.recovery_key);
    Ok(())
}

/// Runs the command; returns the exit code of a completed command (non-zero for a failed Test).
pub async fn run(cli: Cli) -> Result<u8> {
    if let Some(server) = &cli.server {
        return run_remote(&cli, server).await;
    }
    let data_dir = cli.data_dir.clone().unwrap_or_else(api::default_data_dir);
    let keystead = open(data_dir).await?;
    match &cli.command {
        Command::Serve(args) => return crate::serve::run(keystead, args).await,
        Command::Status => {
            let status = local_status(&keystead, cli.json);
            keystead.close().await;
            return status;
        }
        Command::Key(command) => {
            let caller = Caller::local_user(Surface::Cli);
            let done = crate::key::run(&keystead, &caller, cli.json, command).await;
            keystead.close().await;
            return done;
        }
        _ => {}
    }
    let local = Local {
        keystead,
        caller: Caller::local_user(Surface::Cli),
    };
    let ctx = Ctx {
        api: &local,
        tenant: &cli.tenant,
        json: cli.json,
    };
    let result = dispatch(&ctx, &cli.command).await;
    local.keystead.close().await;
    result
}

/// The same commands against a `keystead serve`, as the API token in KEYSTEAD_TOKEN.
async fn run_remote(cli: &Cli, server: &str) -> Result<u8> {
    match cli.command {
        Command::Serve(_) => return Err(Error::invalid("`serve` runs here: drop --server")),
        Command::Key(_) => return Err(crate::key::refuse_remote()),
        _ => {}
    }
    let token = std::env::var(TOKEN_ENV)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .map(|t| SecretString::from(t.trim().to_owned()))
        .ok_or_else(|| {
            Error::invalid(format!(
                "--server needs an API token in {TOKEN_ENV} (never on the command line): \
                 export {TOKEN_ENV}=kst_…"
            ))
        })?;
    let client = Client::new(server, token, cli.ca_cert.as_deref())?;
    if let Command::Status = cli.command {
        return remote_status(&client, server, cli.json).await;
    }
    let ctx = Ctx {
        api: &client,
        tenant: &cli.tenant,
        json: cli.json,
    };
    dispatch(&ctx, &cli.command).await
}

async fn dispatch(ctx: &Ctx<'_, impl Backend>, command: &Command) -> Result<u8> {
    match command {
        Command::Status => Ok(0),
        Command::Tenant(command) => tenant(ctx, command).await,
        Command::Namespace(command) => namespace(ctx, command).await,
        Command::Secret(command) => crate::secret::run(ctx, command).await,
        Command::Credential(command) => crate::credential::run(ctx, command).await,
        Command::Kv(command) => crate::kv::run(ctx, command).await,
        Command::Principal(command) => crate::access::principal(ctx, command).await,
        Command::Role(command) => crate::access::role_command(ctx, command).await,
        Command::Token(command) => crate::access::token(ctx, command).await,
        Command::Audit(command) => audit(ctx, command).await,
        Command::Expiring(args) => crate::expiring::run(ctx, args).await,
        Command::Serve(_) | Command::Key(_) => Ok(0),
    }
}

fn local_status(keystead: &Keystead, as_json: bool) -> Result<u8> {
    let status = keystead.status();
    if as_json {
        return json(&status);
    }
    crate::out!("data dir:   {}", status.data_dir);
    crate::out!("database:   {}", status.database);
    crate::out!("master key: {}", status.key_mode_description);
    crate::out!("version:    {}", status.version);
    Ok(0)
}

async fn remote_status(client: &Client, server: &str, as_json: bool) -> Result<u8> {
    let me = client.whoami().await?;
    if as_json {
        return json(&me);
    }
    crate::out!("server:     {server}");
    crate::out!("acting as:  {}", me.actor);
    if let Some(tenant) = &me.tenant {
        crate::out!("tenant:     {tenant}");
    }
    for grant in &me.bindings {
        let scope = match &grant.scope {
            keystead::api::dto::Scope::Tenant => "the whole tenant".to_owned(),
            keystead::api::dto::Scope::Namespace(ns) => ns.to_string(),
        };
        crate::out!("role:       {} on {scope}", grant.role);
    }
    Ok(0)
}

async fn tenant(ctx: &Ctx<'_, impl Backend>, command: &TenantCommand) -> Result<u8> {
    match command {
        TenantCommand::Create { tenant } => {
            let created = ctx.api.tenant_create(tenant).await?;
            if ctx.json {
                return json(&created);
            }
            crate::out!("created tenant {}", created.id);
        }
        TenantCommand::List => {
            let tenants = ctx.api.tenant_list().await?;
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

async fn namespace(ctx: &Ctx<'_, impl Backend>, command: &NamespaceCommand) -> Result<u8> {
    match command {
        NamespaceCommand::Create { namespace } => {
            ctx.api.namespace_create(ctx.tenant, namespace).await?;
            crate::out!("namespace {namespace} is ready");
        }
        NamespaceCommand::List => {
            let tree = ctx.api.namespace_tree(ctx.tenant).await?;
            if ctx.json {
                return json(&tree);
            }
            if tree.is_empty() {
                crate::out!("(no namespaces)");
            }
            print_tree(&tree, 0);
        }
        NamespaceCommand::Delete {
            namespace,
            recursive,
            yes,
        } => {
            if *recursive && !*yes {
                input::confirm_by_typing(namespace)?;
            }
            let deleted = ctx
                .api
                .namespace_delete(ctx.tenant, namespace, *recursive)
                .await?;
            if ctx.json {
                return json(&deleted);
            }
            crate::out!(
                "deleted namespace {namespace}: {} namespace(s), {} secret(s), {} credential(s), \
                 {} KV pair(s), {} role binding(s)",
                deleted.namespaces,
                deleted.secrets,
                deleted.credentials,
                deleted.kv_pairs,
                deleted.role_bindings
            );
        }
    }
    Ok(0)
}

fn print_tree(nodes: &[NamespaceNode], depth: usize) {
    for node in nodes {
        let indent = "  ".repeat(depth);
        if node.explicit {
            let plural = if node.secret_count == 1 { "" } else { "s" };
            crate::out!(
                "{indent}{}  ({} secret{plural})",
                node.id,
                node.secret_count
            );
        } else {
            crate::out!("{indent}({})", node.id);
        }
        print_tree(&node.children, depth + 1);
    }
}

async fn audit(ctx: &Ctx<'_, impl Backend>, command: &AuditCommand) -> Result<u8> {
    let AuditCommand::List {
        action,
        namespace,
        target,
        actor,
        since,
        until,
        before,
        limit,
    } = command;
    let filter = AuditFilter {
        tenant: ctx.tenant.to_owned(),
        action: action.clone(),
        namespace: namespace.clone(),
        target: target.clone(),
        actor: actor.clone(),
        since: since.clone(),
        until: until.clone(),
        before: *before,
        limit: Some(*limit),
    };
    let events = ctx.api.audit_list(filter).await?;
    if ctx.json {
        return json(&events);
    }
    if events.is_empty() {
        eprintln!("no audit events match these filters");
        return Ok(0);
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
