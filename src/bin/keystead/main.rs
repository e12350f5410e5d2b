//! `keystead`: the command-line shell over `keystead::api`.

// `keystead serve` allocates per request from many threads: mimalloc keeps that cheap where
// glibc's allocator spent a quarter of a loaded server's time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod access;
mod backend;
mod commands;
mod credential;
mod credential_test;
mod expiring;
mod input;
mod key;
mod kv;
mod output;
mod secret;
mod serve;

use clap::{Parser, Subcommand};
use commands::{AuditCommand, NamespaceCommand, TenantCommand};
use secret::SecretCommand;
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
///   keystead kv set company.team cursor 42 --type number --ttl PT1H
///   keystead principal create --service-account ci-deployer
///   keystead role grant ci-deployer use --namespace company
///   keystead token create --service-account ci-deployer --name "github deploy" --max-age P30D
///   keystead audit list --action secret.reveal --since 2026-11-01
///   keystead expiring --within P14D --secret-age P180D
///   keystead serve --listen 127.0.0.1:8787
///   KEYSTEAD_TOKEN=kst_… keystead --server http://127.0.0.1:8787 secret list company.team
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
    /// Talk to this `keystead serve` (URL) instead of a local data dir, as the API token in
    /// KEYSTEAD_TOKEN
    #[arg(long, global = true, env = "KEYSTEAD_SERVER", value_name = "URL")]
    pub server: Option<String>,
    /// With --server: trust this PEM CA certificate (a server with a private certificate)
    #[arg(long, global = true, env = "KEYSTEAD_CA_CERT", value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
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
    /// KV pairs: typed runtime state per namespace with an absolute expiry (not for secrets)
    #[command(subcommand)]
    Kv(kv::KvCommand),
    /// Users and service accounts that API tokens act for
    #[command(subcommand)]
    Principal(access::PrincipalCommand),
    /// Role bindings: read, use or admin on a namespace (and below) or the tenant
    #[command(subcommand)]
    Role(access::RoleCommand),
    /// API tokens for the HTTP API: shown once, stored as a hash only
    #[command(subcommand)]
    Token(access::TokenCommand),
    /// Read the audit log (who did what, when; never values)
    #[command(subcommand)]
    Audit(AuditCommand),
    /// What expires or needs attention soon: API tokens and KV pairs by expiry, secrets by the
    /// age of their value, credentials whose last Test failed (what you may read)
    Expiring(expiring::ExpiringArgs),
    /// The key lifecycle: status, recovery key, passphrase change, move, rotation
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// Serve the HTTP API (bearer API tokens) and the web console on this data dir
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    // Before a key or a value is in memory.
    if let Err(e) = keystead::process::disable_core_dumps() {
        eprintln!("keystead: could not turn core dumps off: {e}");
    }
    let cli = Cli::parse();
    // Diagnostics go to stderr, quiet by default; RUST_LOG=debug shows more. Values never reach them.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    // The server uses every core; one-shot commands need one thread.
    let runtime = if matches!(cli.command, Command::Serve(_)) {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    };
    let runtime = match runtime {
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
                keystead::api::ErrorCode::InvalidInput => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}
