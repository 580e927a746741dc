//! The versioned schema. Each migration runs once, in order, inside one `BEGIN IMMEDIATE`
//! transaction with the bookkeeping row that records it, so opening an existing database again
//! (even from two processes at once) applies only what is missing and keeps all data.

use sqlx::SqlitePool;
use time::OffsetDateTime;

use cpi_store::{StoreError, StoreResult};

use crate::columns::millis;
use crate::error::backend;

/// One schema change.
struct Migration {
    version: i64,
    description: &'static str,
    sql: &'static str,
}

/// Every migration, by ascending version. Never edit a released one; add a new one.
const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, description: "initial schema", sql: include_str!("../migrations/0001_initial.sql") },
    Migration { version: 2, description: "tenant content", sql: include_str!("../migrations/0002_content.sql") },
    Migration {
        version: 3,
        description: "message processing logs",
        sql: include_str!("../migrations/0003_monitoring.sql"),
    },
    Migration { version: 4, description: "security content", sql: include_str!("../migrations/0004_security.sql") },
    Migration {
        version: 5,
        description: "partner directory",
        sql: include_str!("../migrations/0005_partner_directory.sql"),
    },
    Migration { version: 6, description: "message store", sql: include_str!("../migrations/0006_message_store.sql") },
    Migration {
        version: 7,
        description: "runtime log levels",
        sql: include_str!("../migrations/0007_runtime_log_levels.sql"),
    },
    Migration {
        version: 8,
        description: "cockpit sessions",
        sql: include_str!("../migrations/0008_cockpit_sessions.sql"),
    },
];

const CREATE_BOOKKEEPING: &str = "CREATE TABLE IF NOT EXISTS cpi_schema_migrations (
    version     INTEGER NOT NULL PRIMARY KEY,
    description TEXT    NOT NULL,
    applied_at  INTEGER NOT NULL
)";

/// Brings the schema up to date.
pub(crate) async fn migrate(pool: &SqlitePool) -> StoreResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
    sqlx::query(CREATE_BOOKKEEPING).execute(&mut *tx).await.map_err(backend)?;
    let current: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM cpi_schema_migrations")
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
    let latest = MIGRATIONS.last().map_or(0, |m| m.version);
    if current > latest {
        return Err(StoreError::Backend(format!(
            "the database has schema version {current}, newer than the {latest} this build knows"
        )));
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        sqlx::raw_sql(migration.sql).execute(&mut *tx).await.map_err(backend)?;
        sqlx::query("INSERT INTO cpi_schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")
            .bind(migration.version)
            .bind(migration.description)
            .bind(millis(OffsetDateTime::now_utc()))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tracing::info!(version = migration.version, description = migration.description, "applied schema migration");
    }
    tx.commit().await.map_err(backend)
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn versions_ascend_from_one() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, i64::try_from(index).unwrap() + 1, "{}", migration.description);
        }
    }
}
