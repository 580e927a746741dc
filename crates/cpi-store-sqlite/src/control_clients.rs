//! Control-plane clients.

use async_trait::async_trait;

use cpi_store::{ControlClientRecord, ControlClientStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_time, get_uuid, millis, uuid_text};
use crate::error::{Unique, backend, write_error};

#[async_trait]
impl ControlClientStore for SqliteStore {
    async fn create_control_client(&self, client: &ControlClientRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO control_clients (client_id, subaccount_id, secret_salt, created_at)
             VALUES (?, ?, ?, ?)",
        )
        .bind(&client.client_id)
        .bind(uuid_text(client.subaccount_id))
        .bind(client.secret_salt.as_slice())
        .bind(millis(client.created_at))
        .execute(&self.pool)
        .await
        .map_err(|err| {
            let exists = format!("control client '{}'", client.client_id);
            write_error(err, vec![Unique::new("control_clients.client_id", exists)])
        })?;
        Ok(())
    }

    async fn get_control_client(&self, client_id: &str) -> StoreResult<ControlClientRecord> {
        let row = sqlx::query(
            "SELECT client_id, subaccount_id, secret_salt, created_at FROM control_clients
             WHERE client_id = ?",
        )
        .bind(client_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        Ok(ControlClientRecord {
            client_id: get(&row, "client_id")?,
            subaccount_id: get_uuid(&row, "subaccount_id")?,
            secret_salt: get(&row, "secret_salt")?,
            created_at: get_time(&row, "created_at")?,
        })
    }
}
