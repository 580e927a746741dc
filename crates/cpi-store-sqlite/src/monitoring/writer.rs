//! The bulk write connection: one plain SQLite connection, used on a blocking thread, for the
//! writes that move many rows at once (batches of logs, purges). Through sqlx every statement
//! is a round trip to its worker thread; here a batch of thousands of rows runs as cached
//! prepared statements in one transaction without leaving the thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use cpi_store::{StoreError, StoreResult};

/// How long the connection waits for another writer's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Page cache of the connection, in KiB (negative `cache_size` is KiB): the indexes a batch
/// touches stay in memory across batches.
const CACHE_KIB: i64 = 32 * 1024;
/// Prepared statements kept.
const STATEMENT_CACHE: usize = 32;

/// The one bulk write connection of a store (opened on first use).
#[derive(Debug, Clone)]
pub(crate) struct BulkWriter {
    path: PathBuf,
    connection: Arc<Mutex<Slot>>,
}

#[derive(Debug)]
enum Slot {
    Unopened,
    Open(Connection),
    Closed,
}

impl BulkWriter {
    /// The writer of the database at `path`.
    pub fn new(path: PathBuf) -> Self {
        BulkWriter { path, connection: Arc::new(Mutex::new(Slot::Unopened)) }
    }

    /// Closes the connection; later writes fail.
    pub fn close(&self) {
        *self.connection.lock().unwrap_or_else(|e| e.into_inner()) = Slot::Closed;
    }

    /// Runs `write` on the connection, on a blocking thread; calls queue on the connection.
    pub async fn run<T, F>(&self, write: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    {
        let writer = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut slot = writer.connection.lock().unwrap_or_else(|e| e.into_inner());
            if matches!(*slot, Slot::Unopened) {
                *slot = Slot::Open(open(&writer.path)?);
            }
            match &mut *slot {
                Slot::Open(connection) => write(connection),
                Slot::Unopened | Slot::Closed => Err(StoreError::Backend("the store is closed".to_owned())),
            }
        })
        .await
        .map_err(|err| StoreError::Backend(format!("write task failed: {err}")))?
    }
}

fn open(path: &std::path::Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).map_err(write_error)?;
    connection.busy_timeout(BUSY_TIMEOUT).map_err(write_error)?;
    connection.pragma_update(None, "foreign_keys", true).map_err(write_error)?;
    connection.pragma_update(None, "synchronous", "NORMAL").map_err(write_error)?;
    connection.pragma_update(None, "cache_size", -CACHE_KIB).map_err(write_error)?;
    connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(connection)
}

/// Whether an error is a violated uniqueness rule.
pub(crate) fn is_unique_violation(err: &rusqlite::Error) -> bool {
    extended_code(err).is_some_and(|code| {
        code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE || code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    })
}

/// A SQLite error of the write path: a violated foreign key means the referenced record is
/// missing; the rest is the backend's.
pub(crate) fn write_error(err: rusqlite::Error) -> StoreError {
    if extended_code(&err) == Some(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) {
        return StoreError::NotFound;
    }
    tracing::warn!(error = %err, "sqlite write error");
    StoreError::Backend(err.to_string())
}

fn extended_code(err: &rusqlite::Error) -> Option<i32> {
    match err {
        rusqlite::Error::SqliteFailure(failure, _) => Some(failure.extended_code),
        _ => None,
    }
}
