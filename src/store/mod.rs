//! All SQL lives here: the SQLite pool and one module per table.

pub mod api_tokens;
pub mod audit_events;
pub mod credential_types;
pub mod credentials;
pub mod data_keys;
pub mod key_material;
pub mod kv_pairs;
pub mod namespaces;
pub mod principals;
pub mod read_cache;
pub mod role_bindings;
pub mod scope_column;
pub mod secret_versions;
pub mod secrets;
pub mod tenants;
pub mod writer;

use crate::error::{Context, Result};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

pub use writer::Tx;

pub const DATABASE_FILE: &str = "keystead.db";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if needed) the database in `data_dir` and runs pending migrations.
pub async fn open(data_dir: &Path) -> Result<SqlitePool> {
    create_private_dir(data_dir)?;
    let path = data_dir.join(DATABASE_FILE);
    create_private_file(&path)?;
    for loose in exposed(data_dir, &path) {
        tracing::warn!(
            "{loose} can be read by other users of this machine: it holds only ciphertexts, but \
             consider `chmod go-rwx` on it"
        );
    }
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        // A connection to a local file has no network to lose: the default ping before each
        // acquire is a round trip to the connection's thread that every query would pay.
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .context(format!("opening the database {}", path.display()))?;
    MIGRATOR.run(&pool).await.map_err(|e| {
        crate::Error::Internal(format!("migrating the database {}: {e}", path.display()))
    })?;
    Ok(pool)
}

/// A new data dir is created readable by its owner only (0700). An existing one is left as the
/// user made it (see [`exposed`]).
fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .context(format!("creating the data dir {}", dir.display()))
}

/// The database file exists with mode 0600 before SQLite first writes to it; SQLite gives its WAL
/// and shared-memory files the same mode.
fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).context(format!("creating the database {}", path.display())),
    }
}

/// The data dir and database files that other users may read (group or world bits set).
pub fn exposed(dir: &Path, database: &Path) -> Vec<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut paths = vec![dir.to_path_buf(), database.to_path_buf()];
        for suffix in ["-wal", "-shm"] {
            let mut name = database.as_os_str().to_owned();
            name.push(suffix);
            paths.push(name.into());
        }
        paths
            .into_iter()
            .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o077 != 0))
            .map(|p| p.display().to_string())
            .collect()
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, database);
        Vec::new()
    }
}

/// A write transaction: this process's writers take turns (see [`writer`]).
pub async fn begin_write(pool: &SqlitePool) -> Result<Tx> {
    writer::begin(pool).await
}

/// Commits a write transaction; `what` names the work for the error message.
pub async fn commit(tx: Tx, what: &str) -> Result<()> {
    tx.commit().await.context(what.to_owned())
}

/// Turns a unique-constraint violation into a `Conflict` with the given message.
pub fn on_unique(err: sqlx::Error, conflict: impl FnOnce() -> String, what: &str) -> crate::Error {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => crate::Error::Conflict(conflict()),
        _ => crate::Error::Storage {
            context: what.to_owned(),
            source: err,
        },
    }
}
