//! Service instances.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::InstanceParameters;
use cpi_store::{InstanceRecord, InstanceStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_name, get_parameters, get_plan, get_time, get_uuid, millis, parameters_text, uuid_text};
use crate::error::{Unique, backend, touched, write_error};

macro_rules! select {
    ($tail:literal) => {
        concat!(
            "SELECT id, subaccount_id, name, plan, parameters, client_id, created_at, updated_at
             FROM instances ",
            $tail
        )
    };
}

#[async_trait]
impl InstanceStore for SqliteStore {
    async fn create_instance(&self, instance: &InstanceRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO instances
                (id, subaccount_id, name, plan, parameters, client_id, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(uuid_text(instance.id))
        .bind(uuid_text(instance.subaccount_id))
        .bind(instance.name.as_str())
        .bind(instance.plan.name())
        .bind(parameters_text(&instance.parameters)?)
        .bind(&instance.client_id)
        .bind(millis(instance.created_at))
        .bind(millis(instance.updated_at))
        .execute(&self.pool)
        .await
        .map_err(|err| write_error(err, instance_rules(instance)))?;
        Ok(())
    }

    async fn get_instance(&self, subaccount: Uuid, id: Uuid) -> StoreResult<InstanceRecord> {
        instance_of(&self.fetch_scoped(select!("WHERE subaccount_id = ? AND id = ?"), subaccount, id).await?)
    }

    async fn get_instance_by_name(&self, subaccount: Uuid, name: &str) -> StoreResult<InstanceRecord> {
        let row = sqlx::query(select!("WHERE subaccount_id = ? AND name = ?"))
            .bind(uuid_text(subaccount))
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        instance_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn get_instance_by_client_id(&self, client_id: &str) -> StoreResult<InstanceRecord> {
        let row = sqlx::query(select!("WHERE client_id = ?"))
            .bind(client_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        instance_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn list_instances(&self, subaccount: Uuid) -> StoreResult<Vec<InstanceRecord>> {
        let rows = sqlx::query(select!("WHERE subaccount_id = ? ORDER BY created_at, rowid"))
            .bind(uuid_text(subaccount))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(instance_of).collect()
    }

    async fn update_instance_parameters(
        &self,
        subaccount: Uuid,
        id: Uuid,
        parameters: &InstanceParameters,
        updated_at: OffsetDateTime,
    ) -> StoreResult<()> {
        let done =
            sqlx::query("UPDATE instances SET parameters = ?, updated_at = ? WHERE subaccount_id = ? AND id = ?")
                .bind(parameters_text(parameters)?)
                .bind(millis(updated_at))
                .bind(uuid_text(subaccount))
                .bind(uuid_text(id))
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        touched(done.rows_affected())
    }

    async fn delete_instance(&self, subaccount: Uuid, id: Uuid) -> StoreResult<()> {
        let (subaccount, id) = (uuid_text(subaccount), uuid_text(id));
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        sqlx::query("DELETE FROM service_keys WHERE subaccount_id = ? AND instance_id = ?")
            .bind(&subaccount)
            .bind(&id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        // Refresh tokens issued to the instance go with it (foreign key cascade).
        let done = sqlx::query("DELETE FROM instances WHERE subaccount_id = ? AND id = ?")
            .bind(&subaccount)
            .bind(&id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())?;
        tx.commit().await.map_err(backend)
    }
}

fn instance_rules(instance: &InstanceRecord) -> Vec<Unique> {
    vec![
        Unique::new("instances.client_id", format!("client id '{}'", instance.client_id)),
        Unique::new("instances.name", format!("service instance '{}'", instance.name)),
        Unique::new("instances.id", format!("service instance with id '{}'", instance.id)),
    ]
}

fn instance_of(row: &SqliteRow) -> StoreResult<InstanceRecord> {
    Ok(InstanceRecord {
        id: get_uuid(row, "id")?,
        subaccount_id: get_uuid(row, "subaccount_id")?,
        name: get_name(row, "name")?,
        plan: get_plan(row, "plan")?,
        parameters: get_parameters(row, "parameters")?,
        client_id: get(row, "client_id")?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}
