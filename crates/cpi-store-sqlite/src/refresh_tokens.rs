//! Refresh tokens of the password grant.

use async_trait::async_trait;
use time::OffsetDateTime;

use cpi_store::{RefreshTokenRecord, RefreshTokenStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_time, get_uuid, millis, uuid_text};
use crate::error::{Unique, backend, write_error};

#[async_trait]
impl RefreshTokenStore for SqliteStore {
    /// `NotFound` if the instance or the user is missing (composite foreign keys).
    async fn put_refresh_token(&self, token: &RefreshTokenRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, subaccount_id, instance_id, user_id, expires_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&token.token_hash)
        .bind(uuid_text(token.subaccount_id))
        .bind(uuid_text(token.instance_id))
        .bind(uuid_text(token.user_id))
        .bind(millis(token.expires_at))
        .execute(&self.pool)
        .await
        .map_err(|err| {
            let exists = "refresh token with this hash".to_owned();
            write_error(err, vec![Unique::new("refresh_tokens.token_hash", exists)])
        })?;
        Ok(())
    }

    async fn get_refresh_token(&self, token_hash: &str) -> StoreResult<RefreshTokenRecord> {
        let row = sqlx::query(
            "SELECT token_hash, subaccount_id, instance_id, user_id, expires_at FROM refresh_tokens
             WHERE token_hash = ?",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        Ok(RefreshTokenRecord {
            token_hash: get(&row, "token_hash")?,
            subaccount_id: get_uuid(&row, "subaccount_id")?,
            instance_id: get_uuid(&row, "instance_id")?,
            user_id: get_uuid(&row, "user_id")?,
            expires_at: get_time(&row, "expires_at")?,
        })
    }

    async fn purge_refresh_tokens_expired_before(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM refresh_tokens WHERE expires_at < ?")
            .bind(millis(before))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected())
    }
}
