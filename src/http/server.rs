//! Binding, TLS, timeouts for slow clients, and graceful shutdown.

use super::{AppState, FailedAuthLimiter, router};
use crate::api::Keystead;
use crate::{Error, Result};
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// A client must send its request headers within this, and its first request within
/// `FIRST_REQUEST_TIMEOUT` of connecting; a TLS handshake has its own 10 s bound.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
const FIRST_REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: SocketAddr,
    pub tls: Option<TlsFiles>,
    /// Serve plain HTTP on a non-loopback address anyway (a TLS proxy in front, say).
    pub insecure_http: bool,
    /// Failed authentications allowed per client address and minute (also the burst).
    pub failed_auth_per_minute: u32,
}

impl ServeOptions {
    /// Plain HTTP on `listen` with the default limits.
    pub fn new(listen: SocketAddr) -> Self {
        Self {
            listen,
            tls: None,
            insecure_http: false,
            failed_auth_per_minute: DEFAULT_FAILED_AUTH_PER_MINUTE,
        }
    }
}

/// Failed authentications allowed per client address and minute by default.
pub const DEFAULT_FAILED_AUTH_PER_MINUTE: u32 = 10;

/// A server that is listening.
pub struct RunningServer {
    addr: SocketAddr,
    tls: bool,
    handle: Handle<SocketAddr>,
    task: JoinHandle<std::io::Result<()>>,
    janitor: JoinHandle<()>,
    maintenance: JoinHandle<()>,
}

/// Binds and starts serving. Refuses plain HTTP on a non-loopback address unless
/// `insecure_http` says so.
pub async fn start(keystead: Arc<Keystead>, options: ServeOptions) -> Result<RunningServer> {
    if options.tls.is_none() && !options.listen.ip().is_loopback() && !options.insecure_http {
        return Err(Error::invalid(format!(
            "refusing to serve plain HTTP on {}: API tokens and secret values would cross the \
             network in clear text. Give --tls-cert and --tls-key, or --insecure-http when a TLS \
             proxy in front of Keystead terminates TLS",
            options.listen
        )));
    }
    // rustls has one provider here (aws-lc-rs); installing it makes that explicit.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let maintenance = Keystead::start_maintenance(&keystead);
    let failures = Arc::new(FailedAuthLimiter::new(
        options.failed_auth_per_minute,
        options.failed_auth_per_minute,
    ));
    let app = router(AppState {
        keystead,
        failures: Arc::clone(&failures),
    })
    .into_make_service_with_connect_info::<SocketAddr>();
    let handle: Handle<SocketAddr> = Handle::new();
    let task = match &options.tls {
        Some(files) => {
            let config = RustlsConfig::from_config(Arc::new(tls_config(files)?));
            let mut server = axum_server::bind_rustls(options.listen, config)
                .handle(handle.clone())
                .first_request_timeout(FIRST_REQUEST_TIMEOUT);
            server
                .http_builder()
                .http1()
                .header_read_timeout(HEADER_READ_TIMEOUT);
            tokio::spawn(server.serve(app))
        }
        None => {
            let mut server = axum_server::bind(options.listen)
                .handle(handle.clone())
                .first_request_timeout(FIRST_REQUEST_TIMEOUT);
            server
                .http_builder()
                .http1()
                .header_read_timeout(HEADER_READ_TIMEOUT);
            tokio::spawn(server.serve(app))
        }
    };
    let Some(addr) = handle.listening().await else {
        let reason = match task.await {
            Ok(Err(e)) => e.to_string(),
            Ok(Ok(())) => "the server stopped at once".to_owned(),
            Err(e) => e.to_string(),
        };
        return Err(Error::invalid(format!(
            "cannot listen on {}: {reason}",
            options.listen
        )));
    };
    let janitor = tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            failures.forget_idle();
        }
    });

    Ok(RunningServer {
        addr,
        tls: options.tls.is_some(),
        handle,
        task,
        janitor,
        maintenance,
    })
}

impl RunningServer {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://…` or `https://…` with the bound address (the real port when 0 was asked for).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish for up to `grace`, then closes the rest.
    pub async fn shutdown(self, grace: Duration) -> Result<()> {
        self.handle.graceful_shutdown(Some(grace));
        self.janitor.abort();
        self.maintenance.abort();
        match tokio::time::timeout(grace + Duration::from_secs(1), self.task).await {
            Ok(Ok(Ok(()))) | Err(_) => Ok(()),
            Ok(Ok(Err(e))) => Err(Error::Internal(format!("the HTTP server failed: {e}"))),
            Ok(Err(e)) => Err(Error::Internal(format!("the HTTP server task failed: {e}"))),
        }
    }
}

fn tls_config(files: &TlsFiles) -> Result<rustls::ServerConfig> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect())
        .map_err(|e| {
            Error::invalid(format!(
                "reading the TLS certificate chain {}: {e} (a PEM file is expected)",
                files.cert.display()
            ))
        })?;
    if certs.is_empty() {
        return Err(Error::invalid(format!(
            "{} holds no PEM certificate",
            files.cert.display()
        )));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| {
        Error::invalid(format!(
            "reading the TLS private key {}: {e} (a PEM PKCS#8, PKCS#1 or SEC1 key is expected)",
            files.key.display()
        ))
    })?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Internal(format!("TLS setup: {e}")))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            Error::invalid(format!(
                "the TLS certificate and key do not fit together: {e}"
            ))
        })?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}
