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
pub mod role_bindings;
pub mod scope_column;
pub mod secret_versions;
pub mod secrets;
pub mod tenants;

use crate::error::{Context, Result};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::Path;
use std::time::Duration;

pub type Tx<'a> = Transaction<'a, Sqlite>;

pub const DATABASE_FILE: &str = "keystead.db";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if needed) the database in `data_dir` and runs pending migrations.
pub async fn open(data_dir: &Path) -> Result<SqlitePool> {
    std::fs::create_dir_all(data_dir)
        .context(format!("creating the data dir {}", data_dir.display()))?;
    restrict_permissions(data_dir);
    let path = data_dir.join(DATABASE_FILE);
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .context(format!("opening the database {}", path.display()))?;
    MIGRATOR.run(&pool).await.map_err(|e| {
        crate::Error::Internal(format!("migrating the database {}: {e}", path.display()))
    })?;
    Ok(pool)
}

/// The data dir holds ciphertexts only, but there is no reason for other users to read it.
fn restrict_permissions(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A write transaction. IMMEDIATE takes the write lock up front, so a read-then-write transaction
/// waits (busy_timeout) for other writers instead of failing when it upgrades.
pub async fn begin_write(pool: &SqlitePool) -> Result<Tx<'static>> {
    pool.begin_with("BEGIN IMMEDIATE")
        .await
        .context("starting a write transaction")
}

/// Commits a write transaction; `what` names the work for the error message.
pub async fn commit(tx: Tx<'_>, what: &str) -> Result<()> {
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
