//! The SQLite backend of `cpi`'s storage traits: one database file, mode `0600` (it holds the
//! zones' private signing keys), WAL journal, foreign keys on, a small connection pool, and a
//! versioned schema applied on open.

mod artifacts;
mod cockpit_sessions;
mod columns;
mod content;
mod control_clients;
mod credentials;
mod deployments;
mod entities;
mod error;
mod instances;
mod keys;
mod keystore;
mod message_store;
mod monitoring;
mod partners;
mod refresh_tokens;
mod schema;
mod security;
mod signing_keys;
mod subaccounts;
mod users;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use cpi_store::{StoreError, StoreResult};
use uuid::Uuid;

use crate::columns::uuid_text;
use crate::error::{backend, touched};

/// How long a connection waits for another's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections in the pool (SQLite serializes writers anyway; readers run alongside in WAL mode).
const POOL_SIZE: u32 = 4;
/// Owner read/write only.
const FILE_MODE: u32 = 0o600;

/// A [`cpi_store::Store`] in one SQLite database file. Clones share the connection pool.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Connections of the generic entity read (see `entities::Readers`).
    readers: entities::Readers,
    /// The connection of batched writes and purges (see `monitoring::BulkWriter`).
    bulk: monitoring::BulkWriter,
}

impl SqliteStore {
    /// Fetches the one row a statement selects by `(subaccount_id, id)`; `NotFound` if none.
    pub(crate) async fn fetch_scoped(
        &self,
        sql: &'static str,
        subaccount: Uuid,
        id: Uuid,
    ) -> StoreResult<sqlx::sqlite::SqliteRow> {
        let row = sqlx::query(sql)
            .bind(uuid_text(subaccount))
            .bind(uuid_text(id))
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.ok_or(StoreError::NotFound)
    }

    /// Runs a statement keyed by `(subaccount_id, id)`; `NotFound` if it touched no row.
    pub(crate) async fn execute_scoped(&self, sql: &'static str, subaccount: Uuid, id: Uuid) -> StoreResult<()> {
        let done = sqlx::query(sql)
            .bind(uuid_text(subaccount))
            .bind(uuid_text(id))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    /// Opens the database at `path`, creating the file (mode `0600`) if it is missing, and brings
    /// its schema up to date. An existing file keeps its data and is restricted to `0600` too.
    /// The parent directory must exist.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        create_private_file(path).await?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect_with(options)
            .await
            .map_err(|err| StoreError::Backend(format!("cannot open {}: {err}", path.display())))?;
        schema::migrate(&pool).await?;
        restrict_sidecar_files(path).await?;
        tracing::debug!(path = %path.display(), "opened sqlite store");
        Ok(SqliteStore {
            pool,
            readers: entities::Readers::new(path.to_path_buf()),
            bulk: monitoring::BulkWriter::new(path.to_path_buf()),
        })
    }

    /// Closes every connection (checkpointing the WAL); later calls on any clone fail.
    pub async fn close(&self) {
        self.bulk.close();
        self.pool.close().await;
    }
}

/// Creates the file with mode `0600` if missing (without truncating an existing one), then sets
/// `0600` explicitly: the umask must not matter, and an older file may have been wider.
async fn create_private_file(path: &Path) -> Result<(), StoreError> {
    tokio::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(FILE_MODE)
        .open(path)
        .await
        .map_err(|err| file_error(path, "create", err))?;
    restrict(path).await
}

/// The WAL and shared-memory files hold database pages too; SQLite gives them the database
/// file's mode, and we make sure of it.
async fn restrict_sidecar_files(path: &Path) -> Result<(), StoreError> {
    for suffix in ["-wal", "-shm"] {
        let mut sidecar = path.as_os_str().to_owned();
        sidecar.push(suffix);
        let sidecar = PathBuf::from(sidecar);
        if tokio::fs::try_exists(&sidecar).await.unwrap_or(false) {
            restrict(&sidecar).await?;
        }
    }
    Ok(())
}

async fn restrict(path: &Path) -> Result<(), StoreError> {
    tokio::fs::set_permissions(path, std::fs::Permissions::from_mode(FILE_MODE))
        .await
        .map_err(|err| file_error(path, "restrict the permissions of", err))
}

fn file_error(path: &Path, action: &str, err: std::io::Error) -> StoreError {
    StoreError::Backend(format!("cannot {action} {}: {err}", path.display()))
}
