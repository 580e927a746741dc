//! Read connections for the generic entity read. sqlx hands every row from its SQLite worker
//! thread to the async side one message at a time (dozens of thread switches per page); the
//! read path instead runs each query whole on a blocking thread over a plain SQLite connection
//! (WAL: readers see committed data and never block the writer). Connections are pooled, and
//! each caches its prepared statements.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use cpi_store::{StoreError, StoreResult};

/// How many idle read connections are kept.
const IDLE_READERS: usize = 4;
/// How many prepared statements each connection keeps.
const STATEMENT_CACHE: usize = 64;

/// A pool of read connections to one database file.
#[derive(Debug, Clone)]
pub(crate) struct Readers {
    path: PathBuf,
    idle: Arc<Mutex<Vec<Connection>>>,
}

impl Readers {
    /// Readers of the database at `path` (opened on first use).
    pub fn new(path: PathBuf) -> Self {
        Readers { path, idle: Arc::new(Mutex::new(Vec::new())) }
    }

    /// Runs `read` on a pooled connection, on a blocking thread.
    pub async fn run<T, F>(&self, read: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let readers = self.clone();
        tokio::task::spawn_blocking(move || {
            let connection = readers.take()?;
            let result = read(&connection);
            readers.give_back(connection);
            result
        })
        .await
        .map_err(|err| StoreError::Backend(format!("read task failed: {err}")))?
    }

    fn take(&self) -> StoreResult<Connection> {
        let pooled = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match pooled {
            Some(connection) => Ok(connection),
            None => self.open(),
        }
    }

    fn give_back(&self, connection: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < IDLE_READERS {
            idle.push(connection);
        }
    }

    fn open(&self) -> StoreResult<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(&self.path, flags).map_err(sqlite_error)?;
        connection.busy_timeout(Duration::from_secs(5)).map_err(sqlite_error)?;
        // This connection only reads.
        connection.pragma_update(None, "query_only", true).map_err(sqlite_error)?;
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(connection)
    }
}

/// A SQLite error of the read path.
pub(crate) fn sqlite_error(err: rusqlite::Error) -> StoreError {
    tracing::warn!(error = %err, "sqlite read error");
    StoreError::Backend(err.to_string())
}
