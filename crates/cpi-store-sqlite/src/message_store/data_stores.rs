//! Data store entries (a row and a message each) and variables (a row and a value each).

use uuid::Uuid;

use cpi_domain::message_store::{DataStoreEntry, DataStoreKey, DataStoreMessage, NamedValue, Variable, Visibility};
use cpi_store::{StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_optional_time, get_time, millis, uuid_text};
use crate::error::{Unique, backend, corrupt, touched, write_error};

const KEY: &str = "subaccount_id = ? AND data_store_name = ? AND integration_flow = ? AND store_type = ?";

impl SqliteStore {
    pub(super) async fn write_entry(
        &self,
        subaccount: Uuid,
        entry: &DataStoreEntry,
        overwrite: bool,
    ) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let store = &entry.store;
        let headers = serde_json::to_string(&entry.headers).map_err(|err| corrupt("headers", err))?;
        let mut tx = self.pool.begin().await.map_err(backend)?;
        if overwrite {
            sqlx::query(&format!("DELETE FROM data_store_entries WHERE {KEY} AND id = ?"))
                .bind(&sub)
                .bind(&store.name)
                .bind(&store.integration_flow)
                .bind(&store.store_type)
                .bind(&entry.id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        sqlx::query(
            "INSERT INTO data_store_entries (subaccount_id, data_store_name, integration_flow, store_type, id,
             visibility, status, message_id, created_at, due_at, retain_until)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&sub)
        .bind(&store.name)
        .bind(&store.integration_flow)
        .bind(&store.store_type)
        .bind(&entry.id)
        .bind(entry.visibility.as_str())
        .bind(entry.status.as_str())
        .bind(&entry.message_id)
        .bind(millis(entry.created_at))
        .bind(entry.due_at.map(millis))
        .bind(entry.retain_until.map(millis))
        .execute(&mut *tx)
        .await
        .map_err(|err| {
            let exists = format!("entry {} in data store {}", entry.id, store.name);
            write_error(err, vec![Unique::new("data_store_entries.id", exists)])
        })?;
        sqlx::query(
            "INSERT INTO data_store_messages (subaccount_id, data_store_name, integration_flow, store_type, id,
             body, headers) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&sub)
        .bind(&store.name)
        .bind(&store.integration_flow)
        .bind(&store.store_type)
        .bind(&entry.id)
        .bind(&entry.body)
        .bind(headers)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    pub(super) async fn entry_message(
        &self,
        subaccount: Uuid,
        store: &DataStoreKey,
        id: &str,
    ) -> StoreResult<DataStoreMessage> {
        let row = sqlx::query(&format!("SELECT body, headers FROM data_store_messages WHERE {KEY} AND id = ?"))
            .bind(uuid_text(subaccount))
            .bind(&store.name)
            .bind(&store.integration_flow)
            .bind(&store.store_type)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound)?;
        let headers: &str = get(&row, "headers")?;
        let headers: Vec<NamedValue> = serde_json::from_str(headers).map_err(|err| corrupt("headers", err))?;
        Ok(DataStoreMessage { body: get(&row, "body")?, headers })
    }

    /// Deletes one entry, or every entry of the store; NotFound if none was there.
    pub(super) async fn delete_entries(
        &self,
        subaccount: Uuid,
        store: &DataStoreKey,
        id: Option<&str>,
    ) -> StoreResult<()> {
        let sql = match id {
            Some(_) => format!("DELETE FROM data_store_entries WHERE {KEY} AND id = ?"),
            None => format!("DELETE FROM data_store_entries WHERE {KEY}"),
        };
        let mut query = sqlx::query(&sql)
            .bind(uuid_text(subaccount))
            .bind(&store.name)
            .bind(&store.integration_flow)
            .bind(&store.store_type);
        if let Some(id) = id {
            query = query.bind(id);
        }
        let done = query.execute(&self.pool).await.map_err(backend)?;
        touched(done.rows_affected())
    }

    pub(super) async fn put_variable(&self, subaccount: Uuid, variable: &Variable) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO variables (subaccount_id, variable_name, integration_flow, visibility, updated_at, retain_until)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (subaccount_id, variable_name, integration_flow) DO UPDATE SET
             visibility = excluded.visibility, updated_at = excluded.updated_at, retain_until = excluded.retain_until",
        )
        .bind(&sub)
        .bind(&variable.name)
        .bind(&variable.integration_flow)
        .bind(variable.visibility.as_str())
        .bind(millis(variable.updated_at))
        .bind(variable.retain_until.map(millis))
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, Vec::new()))?;
        sqlx::query(
            "INSERT INTO variable_values (subaccount_id, variable_name, integration_flow, value) VALUES (?, ?, ?, ?)
             ON CONFLICT (subaccount_id, variable_name, integration_flow) DO UPDATE SET value = excluded.value",
        )
        .bind(&sub)
        .bind(&variable.name)
        .bind(&variable.integration_flow)
        .bind(&variable.value)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    pub(super) async fn read_variable(&self, subaccount: Uuid, name: &str, flow: &str) -> StoreResult<Variable> {
        let row = sqlx::query(
            "SELECT v.visibility, v.updated_at, v.retain_until, x.value FROM variables v
             JOIN variable_values x ON x.subaccount_id = v.subaccount_id AND x.variable_name = v.variable_name
             AND x.integration_flow = v.integration_flow
             WHERE v.subaccount_id = ? AND v.variable_name = ? AND v.integration_flow = ?",
        )
        .bind(uuid_text(subaccount))
        .bind(name)
        .bind(flow)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        let visibility: &str = get(&row, "visibility")?;
        Ok(Variable {
            name: name.to_owned(),
            integration_flow: flow.to_owned(),
            visibility: Visibility::parse(visibility).ok_or_else(|| corrupt("visibility", visibility))?,
            value: get(&row, "value")?,
            updated_at: get_time(&row, "updated_at")?,
            retain_until: get_optional_time(&row, "retain_until")?,
        })
    }

    pub(super) async fn remove_variable(&self, subaccount: Uuid, name: &str, flow: &str) -> StoreResult<()> {
        let done =
            sqlx::query("DELETE FROM variables WHERE subaccount_id = ? AND variable_name = ? AND integration_flow = ?")
                .bind(uuid_text(subaccount))
                .bind(name)
                .bind(flow)
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        touched(done.rows_affected())
    }
}
