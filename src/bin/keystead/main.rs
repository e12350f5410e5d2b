//! `keystead`: the command-line shell over `keystead::api`.

mod commands;
mod credential;
mod input;
mod output;

use clap::{Parser, Subcommand};
use keystead::api::dto::{ConflictPolicy, ImportFormat};
use std::path::PathBuf;
use std::process::ExitCode;

/// Keystead keeps the credentials, secrets and state that automation needs, encrypted in a local
/// SQLite store whose master key lives in the OS keyring (or is wrapped by a passphrase).
///
/// Examples:
///   printf %s "$TOKEN" | keystead secret set company.team API_KEY --description "CI token"
///   keystead secret list company.team --effective
///   keystead secret get company.team API_KEY --reveal
///   keystead secret import company.team secrets.env_encoded --format kestra-env --dry-run
///   keystead credential apply -f okta.yaml && keystead credential test --namespace company okta
///   keystead audit list --action secret.reveal --since 2026-11-01
///
/// Exit codes: 0 success, 1 the operation failed, 2 usage error (bad arguments or input).
#[derive(Parser)]
#[command(name = "keystead", version, verbatim_doc_comment, max_term_width = 100)]
pub struct Cli {
    /// Data dir holding keystead.db [default: the platform's app-data dir]
    #[arg(long, global = true, env = "KEYSTEAD_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Tenant to act in
    #[arg(
        long,
        global = true,
        env = "KEYSTEAD_TENANT",
        default_value = "main",
        value_name = "T"
    )]
    pub tenant: String,
    /// Print machine-readable JSON instead of tables
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Show the data dir, the database and where the master key is kept
    Status,
    /// Manage tenants (isolated sets of namespaces, each with its own data key)
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Manage namespaces (dot-separated, e.g. company.team.etl; parents exist implicitly)
    #[command(subcommand)]
    Namespace(NamespaceCommand),
    /// Manage secrets: static sensitive values, encrypted at rest, inherited by child namespaces
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Manage credentials that mint short-lived access tokens (OAuth2, GitHub App) or hold static logins
    #[command(subcommand)]
    Credential(credential::CredentialCommand),
    /// Read the audit log (who did what, when; never values)
    #[command(subcommand)]
    Audit(AuditCommand),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Diagnostics go to stderr, quiet by default; RUST_LOG=debug shows more. Values never reach them.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: starting the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let json = cli.json;
    // `credential test` keeps exit 1 for "the test failed"; any other error is 2 there.
    let is_test = matches!(
        cli.command,
        Command::Credential(credential::CredentialCommand::Test { .. })
    );
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            output::print_error(&e, json);
            match e.code() {
                _ if is_test => ExitCode::from(2),
                keystead::ErrorCode::InvalidInput => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}
