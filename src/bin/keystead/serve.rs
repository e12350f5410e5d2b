//! `keystead serve`: the HTTP API and the web console on this data dir.

use clap::Args;
use keystead::api::{Keystead, Result};
use keystead::http::{ServeOptions, TlsFiles};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How long requests in flight may finish after SIGTERM or Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on (a non-loopback address needs TLS or --insecure-http)
    #[arg(long, default_value = "127.0.0.1:8787", env = "KEYSTEAD_LISTEN")]
    listen: SocketAddr,
    /// PEM certificate chain: serve HTTPS (with --tls-key)
    #[arg(long, requires = "tls_key", value_name = "FILE")]
    tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate
    #[arg(long, requires = "tls_cert", value_name = "FILE")]
    tls_key: Option<PathBuf>,
    /// Serve plain HTTP on a non-loopback address (only behind a proxy that terminates TLS)
    #[arg(long)]
    insecure_http: bool,
    /// Failed authentications allowed per client address and minute before it gets 429
    #[arg(long, default_value_t = keystead::http::DEFAULT_FAILED_AUTH_PER_MINUTE, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    failed_auth_limit: u32,
}

pub async fn run(keystead: Keystead, args: &ServeArgs) -> Result<u8> {
    let options = ServeOptions {
        listen: args.listen,
        tls: match (&args.tls_cert, &args.tls_key) {
            (Some(cert), Some(key)) => Some(TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
            }),
            _ => None,
        },
        insecure_http: args.insecure_http,
        failed_auth_per_minute: args.failed_auth_limit,
    };
    // Only when it will serve: without --insecure-http the server refuses plain HTTP here.
    if options.tls.is_none() && !args.listen.ip().is_loopback() && args.insecure_http {
        eprintln!(
            "keystead: WARNING: serving plain HTTP on {}: API tokens and secret values cross the \
             network unencrypted unless a proxy in front terminates TLS",
            args.listen
        );
    }
    let keystead = Arc::new(keystead);
    let server = keystead::http::start(Arc::clone(&keystead), options).await?;
    let url = server.url();
    eprintln!(
        "keystead: serving {url}/api/v1 (reference: {url}/api/docs, web console: {url}/); \
         Ctrl-C or SIGTERM stops"
    );
    shutdown_signal().await;
    eprintln!(
        "keystead: stopping (requests in flight get {} s)",
        SHUTDOWN_GRACE.as_secs()
    );
    server.shutdown(SHUTDOWN_GRACE).await?;
    if let Ok(keystead) = Arc::try_unwrap(keystead) {
        keystead.close().await;
    }
    Ok(0)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
