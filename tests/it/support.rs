//! Per-test data dirs and a CLI runner.

use keystead::api::dto::{
    CreatedToken, PrincipalCreateRequest, PrincipalKind, Role, RoleChangeRequest, SecretSetRequest,
    TokenCreateRequest,
};
use keystead::api::{Caller, KeySource, Keystead, OpenOptions};
use secrecy::SecretString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASSPHRASE: &str = "correct horse battery staple";

pub fn passphrase_source(passphrase: &str) -> KeySource {
    KeySource {
        keyring: None,
        keyring_unavailable: Some("not used in tests".into()),
        passphrase: Some(SecretString::from(passphrase.to_owned())),
        recovery_key: None,
    }
}

pub async fn open_with(dir: &Path, keys: KeySource) -> keystead::Result<Keystead> {
    Keystead::open(OpenOptions {
        data_dir: dir.to_path_buf(),
        keys,
        clock: keystead::time::Clock::system(),
    })
    .await
}

/// A data dir whose expiry decisions follow `clock` (tests move it instead of sleeping).
pub async fn open_with_clock(dir: &Path, clock: keystead::time::Clock) -> Keystead {
    Keystead::open(OpenOptions {
        data_dir: dir.to_path_buf(),
        keys: passphrase_source(PASSPHRASE),
        clock,
    })
    .await
    .expect("open data dir")
}

/// The local administrator the tests act as (audited as `test-admin`).
pub fn admin() -> Caller {
    Caller::local_admin("test-admin")
}

/// A new service account `name`; `grant` gives it one role, on a namespace or (with `None`) at
/// tenant level.
pub async fn service_account(k: &Keystead, name: &str, grant: Option<(Role, Option<&str>)>) {
    k.principal_create(
        &admin(),
        PrincipalCreateRequest {
            tenant: "main".into(),
            name: name.into(),
            kind: PrincipalKind::ServiceAccount,
            description: String::new(),
        },
    )
    .await
    .unwrap();
    if let Some((role, namespace)) = grant {
        k.role_grant(
            &admin(),
            RoleChangeRequest {
                tenant: "main".into(),
                principal: name.into(),
                role,
                namespace: namespace.map(str::to_owned),
            },
        )
        .await
        .unwrap();
    }
}

/// A new API token `name` for `owner`, valid for `max_age` (the default when `None`).
pub async fn api_token(
    k: &Keystead,
    owner: &str,
    name: &str,
    max_age: Option<&str>,
) -> CreatedToken {
    k.token_create(
        &admin(),
        TokenCreateRequest {
            tenant: "main".into(),
            principal: owner.into(),
            name: name.into(),
            description: String::new(),
            max_age: max_age.map(str::to_owned),
            extended: false,
            narrowing: None,
        },
    )
    .await
    .unwrap()
}

/// A new service account `name` (see [`service_account`]) as the caller its new API token
/// authenticates as.
pub async fn service_account_caller(
    k: &Keystead,
    name: &str,
    grant: Option<(Role, Option<&str>)>,
) -> Caller {
    service_account(k, name, grant).await;
    let created = api_token(k, name, "test", Some("P1D")).await;
    k.authenticate(&created.token, Some("127.0.0.1"))
        .await
        .unwrap()
}

pub async fn open(dir: &Path) -> Keystead {
    open_with(dir, passphrase_source(PASSPHRASE))
        .await
        .expect("open data dir")
}

pub fn set_request(namespace: &str, key: &str, value: &str) -> SecretSetRequest {
    SecretSetRequest {
        tenant: "main".into(),
        namespace: namespace.into(),
        key: key.into(),
        value: value.into(),
        description: None,
        read_only: None,
    }
}

pub async fn set(k: &Keystead, namespace: &str, key: &str, value: &str) -> keystead::Result<u32> {
    k.secret_set(&admin(), set_request(namespace, key, value))
        .await
        .map(|m| m.version)
}

pub async fn reveal(k: &Keystead, namespace: &str, key: &str) -> String {
    k.secret_get(&admin(), "main", namespace, key, true)
        .await
        .expect("reveal")
        .value
}

/// The `keystead` binary with an isolated data dir, no keyring and the test passphrase.
pub struct Cli {
    pub data_dir: PathBuf,
    pub env: Vec<(String, String)>,
}

impl Cli {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            data_dir: data_dir.to_path_buf(),
            env: Vec::new(),
        }
    }

    /// The CLI of a `keystead serve` at `url`, acting as `token` (no data dir of its own).
    pub fn remote(url: &str, token: &str) -> Self {
        Self {
            data_dir: PathBuf::from("/nonexistent/keystead-remote-cli"),
            env: vec![
                ("KEYSTEAD_SERVER".into(), url.into()),
                ("KEYSTEAD_TOKEN".into(), token.into()),
            ],
        }
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_keystead"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("USER", "tester")
            .env("KEYSTEAD_DATA_DIR", &self.data_dir)
            .env("KEYSTEAD_KEYRING", "off")
            .env("KEYSTEAD_PASSPHRASE", PASSPHRASE)
            .env("RUST_LOG", "trace")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// Runs with `stdin` fed to the process.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn keystead");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin)
            .expect("write stdin");
        child.wait_with_output().expect("wait for keystead")
    }

    pub fn ok(&self, args: &[&str], stdin: &[u8]) -> String {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "keystead {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }
}

/// Every file under `dir` (recursively).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("read a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
