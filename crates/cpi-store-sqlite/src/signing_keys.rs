//! Token signing keys of each zone.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_store::{SigningKeyRecord, SigningKeyStore, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_optional_time, get_time, get_uuid, millis, uuid_text};
use crate::error::{Unique, backend, touched, write_error};

#[async_trait]
impl SigningKeyStore for SqliteStore {
    async fn add_signing_key(&self, key: &SigningKeyRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO signing_keys (kid, subaccount_id, private_key_pkcs8, created_at, retired_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&key.kid)
        .bind(uuid_text(key.subaccount_id))
        .bind(key.private_key_pkcs8.as_slice())
        .bind(millis(key.created_at))
        .bind(key.retired_at.map(millis))
        .execute(&self.pool)
        .await
        .map_err(|err| write_error(err, vec![Unique::new("signing_keys.kid", format!("signing key '{}'", key.kid))]))?;
        Ok(())
    }

    async fn list_signing_keys(&self, subaccount: Uuid) -> StoreResult<Vec<SigningKeyRecord>> {
        let rows = sqlx::query(
            "SELECT kid, subaccount_id, private_key_pkcs8, created_at, retired_at FROM signing_keys
             WHERE subaccount_id = ? ORDER BY created_at, rowid",
        )
        .bind(uuid_text(subaccount))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(signing_key_of).collect()
    }

    async fn retire_signing_key(&self, subaccount: Uuid, kid: &str, at: OffsetDateTime) -> StoreResult<()> {
        let done = sqlx::query("UPDATE signing_keys SET retired_at = ? WHERE subaccount_id = ? AND kid = ?")
            .bind(millis(at))
            .bind(uuid_text(subaccount))
            .bind(kid)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    async fn purge_signing_keys_retired_before(&self, subaccount: Uuid, before: OffsetDateTime) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM signing_keys
             WHERE subaccount_id = ? AND retired_at IS NOT NULL AND retired_at < ?",
        )
        .bind(uuid_text(subaccount))
        .bind(millis(before))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected())
    }
}

fn signing_key_of(row: &SqliteRow) -> StoreResult<SigningKeyRecord> {
    Ok(SigningKeyRecord {
        kid: get(row, "kid")?,
        subaccount_id: get_uuid(row, "subaccount_id")?,
        private_key_pkcs8: get(row, "private_key_pkcs8")?,
        created_at: get_time(row, "created_at")?,
        retired_at: get_optional_time(row, "retired_at")?,
    })
}
