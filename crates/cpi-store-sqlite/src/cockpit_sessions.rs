//! Signed-in sessions of the cockpit.

use async_trait::async_trait;
use time::OffsetDateTime;

use cpi_store::{CockpitSessionRecord, CockpitSessionStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_time, get_uuid, millis, uuid_text};
use crate::error::{Unique, backend, write_error};

#[async_trait]
impl CockpitSessionStore for SqliteStore {
    /// `NotFound` if the user is missing (composite foreign key).
    async fn put_cockpit_session(&self, session: &CockpitSessionRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO cockpit_sessions (token_hash, subaccount_id, user_id, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&session.token_hash)
        .bind(uuid_text(session.subaccount_id))
        .bind(uuid_text(session.user_id))
        .bind(millis(session.created_at))
        .bind(millis(session.expires_at))
        .execute(&self.pool)
        .await
        .map_err(|err| {
            let exists = "cockpit session with this hash".to_owned();
            write_error(err, vec![Unique::new("cockpit_sessions.token_hash", exists)])
        })?;
        Ok(())
    }

    async fn get_cockpit_session(&self, token_hash: &str) -> StoreResult<CockpitSessionRecord> {
        let row = sqlx::query(
            "SELECT token_hash, subaccount_id, user_id, created_at, expires_at FROM cockpit_sessions
             WHERE token_hash = ?",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        Ok(CockpitSessionRecord {
            token_hash: get(&row, "token_hash")?,
            subaccount_id: get_uuid(&row, "subaccount_id")?,
            user_id: get_uuid(&row, "user_id")?,
            created_at: get_time(&row, "created_at")?,
            expires_at: get_time(&row, "expires_at")?,
        })
    }

    async fn delete_cockpit_session(&self, token_hash: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM cockpit_sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn purge_cockpit_sessions_expired_before(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM cockpit_sessions WHERE expires_at < ?")
            .bind(millis(before))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected())
    }
}
