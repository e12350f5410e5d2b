//! One writer at a time per database within this process, and audit events written in groups.
//!
//! SQLite has one write lock per database, and its busy handler waits for it by sleeping (1 ms up
//! to 100 ms at a time). Under concurrent requests that turns into long stalls, so the writers of
//! this process queue here instead, in arrival order and without sleeping; other processes on the
//! same data dir still meet SQLite's own lock (busy_timeout). Audit events recorded outside a
//! transaction (a secret read for a job, a refused request) are queued for one writer task per
//! database, which writes whatever has queued in one statement: each caller still returns only
//! once its event is committed.
//!
//! It also keeps the change generation that in-memory caches are valid for: a committed
//! transaction moves it forward at once, and so does a change by another process, seen through
//! the `change_counter` row (moved by triggers). That row is read when SQLite's WAL-index header
//! (the first bytes of the `-shm` file, which every commit of any process rewrites) differs from
//! the one last seen, looked at most once a millisecond; and at least every 250 ms.

use crate::error::{Context, Error, Result};
use crate::store::audit_events::{self, OwnedAuditEvent};
use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedMutexGuard, mpsc, oneshot};

/// As long as SQLite's busy_timeout: a writer that waits longer gets an error, not a hang.
const GATE_WAIT: Duration = Duration::from_secs(10);

type Waiter = oneshot::Sender<std::result::Result<(), String>>;

/// The longest a change by another process may go unseen by this one's caches when the WAL-index
/// header cannot be read.
const COUNTER_CHECK: Duration = Duration::from_millis(250);
/// How often the WAL-index header is looked at (a 48-byte read of the `-shm` file).
const HEADER_CHECK_US: u64 = 1_000;
/// The first copy of SQLite's WAL-index header: its change counter, frame count and salts.
const WAL_INDEX_HEADER: usize = 48;

struct Database {
    gate: Arc<tokio::sync::Mutex<()>>,
    /// The running audit writer's queue.
    audit: Mutex<Option<mpsc::UnboundedSender<Queued>>>,
    generation: AtomicU64,
    /// The `change_counter` value last read (-1: never).
    counter: AtomicI64,
    /// When the counter was last read, in ms since `epoch` (0: never).
    checked_ms: AtomicU64,
    epoch: Instant,
    /// The `-shm` file, opened at a look and let go at each periodic counter read (SQLite may
    /// delete and make it anew when every connection closed).
    shm: Mutex<Option<std::fs::File>>,
    /// When the WAL-index header was last looked at, in µs since `epoch`.
    header_checked_us: AtomicU64,
    /// The header as it was when the counter was last read.
    header_seen: Mutex<Option<[u8; WAL_INDEX_HEADER]>>,
    /// One counter read at a time for a header that moved.
    reading: tokio::sync::Mutex<()>,
}

impl Default for Database {
    fn default() -> Self {
        Self {
            gate: Arc::default(),
            audit: Mutex::default(),
            generation: AtomicU64::new(1),
            counter: AtomicI64::new(-1),
            checked_ms: AtomicU64::new(0),
            epoch: Instant::now(),
            shm: Mutex::new(None),
            header_checked_us: AtomicU64::new(0),
            header_seen: Mutex::new(None),
            reading: tokio::sync::Mutex::new(()),
        }
    }
}

/// The change generation of one database, for caches of what it stores.
#[derive(Clone)]
pub struct Changes(Arc<Database>);

impl Changes {
    pub fn of(pool: &SqlitePool) -> Self {
        Self(database(pool))
    }

    /// The current generation. Reads the shared counter when the WAL-index header moved since it
    /// was last read (a commit by any process: looked at once a millisecond), or when the last
    /// read is over 250 ms old.
    pub async fn generation(&self, pool: &SqlitePool) -> Result<u64> {
        let db = &self.0;
        if let Some(header) = db.moved_header(pool) {
            // Every caller that saw it move waits for a read that started after the move.
            let _one = db.reading.lock().await;
            let seen = *db
                .header_seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if seen != Some(header) {
                db.read_counter(pool).await?;
                *db.header_seen
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(header);
            }
            return Ok(db.generation.load(Ordering::Acquire));
        }
        let now_ms = u64::try_from(db.epoch.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        let last = db.checked_ms.load(Ordering::Acquire);
        let due = last == 0 || now_ms.saturating_sub(last) >= COUNTER_CHECK.as_millis() as u64;
        if due
            && db
                .checked_ms
                .compare_exchange(last, now_ms, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            *db.shm.lock().unwrap_or_else(PoisonError::into_inner) = None;
            db.read_counter(pool).await?;
        }
        Ok(db.generation.load(Ordering::Acquire))
    }

    /// The generation as last known, without reading the counter.
    pub fn known(&self) -> u64 {
        self.0.generation.load(Ordering::Acquire)
    }
}

impl Database {
    /// Reads the shared change counter; a new value starts a new generation.
    async fn read_counter(&self, pool: &SqlitePool) -> Result<()> {
        let read = sqlx::query_scalar::<_, i64>("SELECT value FROM change_counter WHERE id = 1")
            .fetch_one(pool)
            .await
            .context("reading the change counter");
        match read {
            Ok(value) => {
                if self.counter.swap(value, Ordering::AcqRel) != value {
                    self.generation.fetch_add(1, Ordering::AcqRel);
                }
                Ok(())
            }
            Err(e) => {
                // Read again on the next call rather than trusting stale entries.
                self.checked_ms.store(0, Ordering::Release);
                Err(e)
            }
        }
    }

    /// The WAL-index header when it is time to look (once a millisecond, by one caller) and it
    /// differs from the one the counter was last read at.
    fn moved_header(&self, pool: &SqlitePool) -> Option<[u8; WAL_INDEX_HEADER]> {
        let now_us = u64::try_from(self.epoch.elapsed().as_micros()).unwrap_or(u64::MAX);
        let last = self.header_checked_us.load(Ordering::Acquire);
        if now_us.saturating_sub(last) < HEADER_CHECK_US
            || self
                .header_checked_us
                .compare_exchange(last, now_us, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
        {
            return None;
        }
        let header = self.read_header(pool)?;
        let seen = *self
            .header_seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        (seen != Some(header)).then_some(header)
    }

    #[cfg(unix)]
    fn read_header(&self, pool: &SqlitePool) -> Option<[u8; WAL_INDEX_HEADER]> {
        use std::os::unix::fs::FileExt;
        let mut shm = self.shm.lock().unwrap_or_else(PoisonError::into_inner);
        if shm.is_none() {
            let mut path = pool.connect_options().get_filename().as_os_str().to_owned();
            path.push("-shm");
            *shm = std::fs::File::open(path).ok();
        }
        let mut header = [0u8; WAL_INDEX_HEADER];
        shm.as_ref()?.read_exact_at(&mut header, 0).ok()?;
        Some(header)
    }

    #[cfg(not(unix))]
    fn read_header(&self, _pool: &SqlitePool) -> Option<[u8; WAL_INDEX_HEADER]> {
        None
    }
}

/// The gate and audit queue of the database `pool` opens (keyed by its file, as SQLite's lock is).
fn database(pool: &SqlitePool) -> Arc<Database> {
    static ALL: LazyLock<Mutex<HashMap<PathBuf, Arc<Database>>>> = LazyLock::new(Mutex::default);
    let options = pool.connect_options();
    let path = options.get_filename();
    let mut all = ALL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(database) = all.get(path) {
        return Arc::clone(database);
    }
    Arc::clone(all.entry(path.to_path_buf()).or_default())
}

async fn enter(database: &Database) -> Result<OwnedMutexGuard<()>> {
    tokio::time::timeout(GATE_WAIT, Arc::clone(&database.gate).lock_owned())
        .await
        .map_err(|_| Error::Storage {
            context: "waiting for the database: another write held it for 10 s".into(),
            source: sqlx::Error::PoolTimedOut,
        })
}

/// A write transaction of this process; it holds the gate until committed or dropped.
pub struct Tx {
    tx: Transaction<'static, Sqlite>,
    database: Arc<Database>,
    changes_cached: bool,
    _gate: OwnedMutexGuard<()>,
}

impl Tx {
    /// This transaction writes nothing a cache holds (KV pairs, an API token's last use): its
    /// commit leaves the caches as they are.
    pub fn leaves_caches(&mut self) {
        self.changes_cached = false;
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await?;
        if self.changes_cached {
            self.database.generation.fetch_add(1, Ordering::AcqRel);
        }
        Ok(())
    }
}

impl Deref for Tx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

/// A write transaction. IMMEDIATE takes SQLite's write lock up front, so a read-then-write
/// transaction waits for another process's writer instead of failing when it upgrades.
pub async fn begin(pool: &SqlitePool) -> Result<Tx> {
    let database = database(pool);
    let gate = enter(&database).await?;
    let tx = pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .context("starting a write transaction")?;
    Ok(Tx {
        tx,
        database,
        changes_cached: true,
        _gate: gate,
    })
}

/// Records `event` and returns once it is committed, usually together with others: events queue
/// for this database's audit writer, which writes whatever has queued as one statement.
pub async fn record_audit(pool: &SqlitePool, event: OwnedAuditEvent) -> Result<()> {
    let (done, written) = oneshot::channel();
    database(pool).queue_audit((event, pool.clone(), done));
    audit_outcome(written.await)
}

/// An event, the pool of the store that recorded it, and who waits for it.
type Queued = (OwnedAuditEvent, SqlitePool, Waiter);

impl Database {
    /// Hands `item` to the running audit writer, or starts one (the first event, or after the
    /// last one went idle or its runtime ended).
    fn queue_audit(self: Arc<Self>, item: Queued) {
        let mut queue = self.audit.lock().unwrap_or_else(PoisonError::into_inner);
        let item = match queue.as_ref() {
            Some(sender) => match sender.send(item) {
                Ok(()) => return,
                Err(mpsc::error::SendError(item)) => item,
            },
            None => item,
        };
        let (sender, receiver) = mpsc::unbounded_channel();
        let _ = sender.send(item);
        *queue = Some(sender);
        drop(queue);
        tokio::spawn(audit_writer(Arc::clone(&self), receiver));
    }
}

/// An audit writer stops after this long without events (and lets the pool go).
const AUDIT_WRITER_IDLE: Duration = Duration::from_secs(2);

/// Writes queued events, as many as have queued (up to one statement's worth) at a time. It runs
/// on its own task, so a caller that goes away (a client that disconnects) cannot cancel a write.
/// Before each write it lets the other ready tasks run once: under load they are requests about
/// to queue their events too, and one statement then writes them all. Measured with 64 concurrent
/// `GET secret` requests: without that step a statement wrote 7.4 events on average (half of the
/// statements one or two); with it, more than 19.
async fn audit_writer(database: Arc<Database>, mut queue: mpsc::UnboundedReceiver<Queued>) {
    let mut batch = Vec::new();
    // Kept while events keep coming, so consecutive groups reuse one connection and its page
    // cache (a write on another connection of the pool would invalidate that cache). Given back
    // when the queue is empty after a write, when a transaction holds the database, and when its
    // store has been closed: closing a store waits at most for the group being written.
    let mut held: Option<Held> = None;
    loop {
        let limit = audit_events::MAX_ROWS_PER_INSERT;
        match tokio::time::timeout(AUDIT_WRITER_IDLE, queue.recv_many(&mut batch, limit)).await {
            Ok(0) => return,
            Ok(_) => {}
            Err(_) => {
                // Idle: take no new events (senders start another writer) and write what is left.
                queue.close();
                continue;
            }
        }
        // Let the tasks that are ready run first: under load they queue events too, and one
        // statement then writes them all.
        tokio::task::yield_now().await;
        while batch.len() < limit {
            match queue.try_recv() {
                Ok(item) => batch.push(item),
                Err(_) => break,
            }
        }
        let gate = match Arc::clone(&database.gate).try_lock_owned() {
            Ok(gate) => Ok(gate),
            Err(_) => {
                // A transaction holds the database: no connection sits idle while it runs.
                held = None;
                enter(&database).await
            }
        };
        // Stores on one file share this writer; a store closed meanwhile (the wait included)
        // leaves the others.
        let pool = batch
            .iter()
            .map(|(_, pool, _)| pool)
            .find(|pool| !pool.is_closed())
            .cloned();
        let mut events = Vec::with_capacity(batch.len());
        let mut waiters = Vec::with_capacity(batch.len());
        for (event, _, waiter) in batch.drain(..) {
            events.push(event);
            waiters.push(waiter);
        }
        let outcome = match (pool, gate) {
            (Some(pool), Ok(_gate)) => write_group(&pool, &mut held, &events).await,
            (None, _) => Err(Error::Internal("the store was closed".into())),
            (_, Err(e)) => Err(e),
        }
        .map_err(|e| {
            tracing::error!("writing {} audit events: {e}", events.len());
            e.to_string()
        });
        if queue.is_empty() || held.as_ref().is_some_and(|(from, _)| from.is_closed()) {
            // Dropping it starts its return to the pool, before the callers hear back.
            held = None;
        }
        for waiter in waiters {
            let _ = waiter.send(outcome.clone());
        }
    }
}

/// The audit writer's connection and the pool it came from.
type Held = (SqlitePool, PoolConnection<Sqlite>);

/// Writes one group on the held connection, acquiring one from `pool` first when none is held or
/// the held one's store has been closed since.
async fn write_group(
    pool: &SqlitePool,
    held: &mut Option<Held>,
    events: &[OwnedAuditEvent],
) -> Result<()> {
    if held.as_ref().is_some_and(|(from, _)| from.is_closed()) {
        *held = None;
    }
    let (_, conn) = match held {
        Some(held) => held,
        None => {
            let conn = pool.acquire().await.context("writing audit events")?;
            held.insert((pool.clone(), conn))
        }
    };
    let written = audit_events::insert_rows(&mut **conn, events).await;
    if written.is_err() {
        *held = None;
    }
    written
}

fn audit_outcome(
    outcome: std::result::Result<std::result::Result<(), String>, oneshot::error::RecvError>,
) -> Result<()> {
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(message)) => Err(Error::Internal(format!(
            "the audit log could not be written ({message}): nothing was done"
        ))),
        Err(_) => Err(Error::Internal(
            "the audit log could not be written: nothing was done".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    fn event(target: &str) -> OwnedAuditEvent {
        OwnedAuditEvent {
            tenant: "main".into(),
            at: crate::time::now_rfc3339(),
            actor: "test".into(),
            via: None,
            action: "test.event".into(),
            target_kind: "secret".into(),
            namespace: None,
            target: target.into(),
            detail: String::new(),
        }
    }

    /// Two stores on one file share the writer. A connection it holds from a store that is being
    /// closed keeps that close waiting until the next group, which lets it go and is written
    /// through the store that is still open.
    #[tokio::test]
    async fn a_group_lets_go_of_a_closed_stores_connection() {
        let dir = tempfile::tempdir().unwrap();
        let closing = store::open(dir.path()).await.unwrap();
        let open = store::open(dir.path()).await.unwrap();
        let mut held = None;
        write_group(&closing, &mut held, &[event("A")])
            .await
            .unwrap();

        let close = tokio::spawn({
            let closing = closing.clone();
            async move { closing.close().await }
        });
        while !closing.is_closed() {
            tokio::task::yield_now().await;
        }
        tokio::task::yield_now().await;
        assert!(!close.is_finished(), "the held connection keeps it open");

        write_group(&open, &mut held, &[event("B")]).await.unwrap();
        tokio::time::timeout(Duration::from_secs(5), close)
            .await
            .expect("the closed store's connection was let go")
            .unwrap();
        let written: Vec<String> = sqlx::query_scalar(
            "SELECT target FROM audit_events WHERE action = 'test.event' ORDER BY id",
        )
        .fetch_all(&open)
        .await
        .unwrap();
        assert_eq!(written, ["A", "B"]);
    }
}
