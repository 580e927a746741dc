//! Subaccounts.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use cpi_domain::Subaccount;
use cpi_store::{StoreError, StoreResult, SubaccountStore};

use crate::SqliteStore;
use crate::columns::{get, get_time, get_uuid, millis, uuid_text};
use crate::error::{Unique, backend, corrupt, write_error};

macro_rules! select {
    ($tail:literal) => {
        concat!("SELECT id, subdomain, api_app_number, runtime_app_number, created_at FROM subaccounts ", $tail)
    };
}

#[async_trait]
impl SubaccountStore for SqliteStore {
    async fn create_subaccount(&self, subaccount: &Subaccount) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO subaccounts (id, subdomain, api_app_number, runtime_app_number, created_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(uuid_text(subaccount.id))
        .bind(&subaccount.subdomain)
        .bind(subaccount.api_app_number)
        .bind(subaccount.runtime_app_number)
        .bind(millis(subaccount.created_at))
        .execute(&self.pool)
        .await
        .map_err(|err| {
            write_error(
                err,
                vec![
                    Unique::new("subaccounts.subdomain", format!("subdomain '{}'", subaccount.subdomain)),
                    Unique::new("subaccounts.id", format!("subaccount '{}'", subaccount.id)),
                ],
            )
        })?;
        Ok(())
    }

    async fn list_subaccounts(&self) -> StoreResult<Vec<Subaccount>> {
        let rows = sqlx::query(select!("ORDER BY created_at, rowid")).fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(subaccount_of).collect()
    }

    async fn get_subaccount(&self, id: Uuid) -> StoreResult<Subaccount> {
        let row = sqlx::query(select!("WHERE id = ?"))
            .bind(uuid_text(id))
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        subaccount_of(&row.ok_or(StoreError::NotFound)?)
    }
}

fn subaccount_of(row: &SqliteRow) -> StoreResult<Subaccount> {
    Ok(Subaccount {
        id: get_uuid(row, "id")?,
        subdomain: get(row, "subdomain")?,
        api_app_number: app_number(row, "api_app_number")?,
        runtime_app_number: app_number(row, "runtime_app_number")?,
        created_at: get_time(row, "created_at")?,
    })
}

fn app_number(row: &SqliteRow, column: &str) -> StoreResult<u32> {
    let number: i64 = get(row, column)?;
    u32::try_from(number).map_err(|err| corrupt(column, err))
}
