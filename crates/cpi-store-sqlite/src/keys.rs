//! Service keys.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use cpi_store::{KeyRecord, KeyStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_name, get_time, get_uuid, millis, uuid_text};
use crate::error::{Unique, backend, write_error};

macro_rules! select {
    ($tail:literal) => {
        concat!("SELECT id, instance_id, subaccount_id, name, secret_salt, created_at FROM service_keys ", $tail)
    };
}

#[async_trait]
impl KeyStore for SqliteStore {
    /// The composite foreign key to `instances (subaccount_id, id)` turns a missing instance, or
    /// one of another subaccount, into `NotFound`.
    async fn create_key(&self, key: &KeyRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO service_keys (id, instance_id, subaccount_id, name, secret_salt, created_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(uuid_text(key.id))
        .bind(uuid_text(key.instance_id))
        .bind(uuid_text(key.subaccount_id))
        .bind(key.name.as_str())
        .bind(key.secret_salt.as_slice())
        .bind(millis(key.created_at))
        .execute(&self.pool)
        .await
        .map_err(|err| {
            write_error(
                err,
                vec![
                    Unique::new("service_keys.name", format!("service key '{}' of this instance", key.name)),
                    Unique::new("service_keys.id", format!("service key with id '{}'", key.id)),
                ],
            )
        })?;
        Ok(())
    }

    async fn get_key(&self, subaccount: Uuid, id: Uuid) -> StoreResult<KeyRecord> {
        key_of(&self.fetch_scoped(select!("WHERE subaccount_id = ? AND id = ?"), subaccount, id).await?)
    }

    async fn find_key(&self, id: Uuid) -> StoreResult<KeyRecord> {
        let row = sqlx::query(select!("WHERE id = ?"))
            .bind(uuid_text(id))
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        key_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn list_keys(&self, subaccount: Uuid, instance: Option<Uuid>) -> StoreResult<Vec<KeyRecord>> {
        let query = match instance {
            None => {
                sqlx::query(select!("WHERE subaccount_id = ? ORDER BY created_at, rowid")).bind(uuid_text(subaccount))
            }
            Some(instance) => {
                sqlx::query(select!("WHERE subaccount_id = ? AND instance_id = ? ORDER BY created_at, rowid"))
                    .bind(uuid_text(subaccount))
                    .bind(uuid_text(instance))
            }
        };
        let rows = query.fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(key_of).collect()
    }

    async fn delete_key(&self, subaccount: Uuid, id: Uuid) -> StoreResult<()> {
        self.execute_scoped("DELETE FROM service_keys WHERE subaccount_id = ? AND id = ?", subaccount, id).await
    }
}

fn key_of(row: &SqliteRow) -> StoreResult<KeyRecord> {
    Ok(KeyRecord {
        id: get_uuid(row, "id")?,
        instance_id: get_uuid(row, "instance_id")?,
        subaccount_id: get_uuid(row, "subaccount_id")?,
        name: get_name(row, "name")?,
        secret_salt: get(row, "secret_salt")?,
        created_at: get_time(row, "created_at")?,
    })
}
