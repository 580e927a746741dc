//! Integration packages of a subaccount's tenant.

use async_trait::async_trait;
use sqlx::Sqlite;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use uuid::Uuid;

use cpi_domain::content::IntegrationPackage;
use cpi_store::{PackageStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_time, millis, uuid_text};
use crate::error::{Unique, backend, touched, write_error};

/// Every column but the key, in the order [`bind_fields`] binds them.
macro_rules! fields {
    () => {
        "name, resource_id, description, short_text, version, vendor, partner_content,
         update_available, mode, supported_platform, created_by, modified_by, creation_date,
         modified_date, products, keywords, countries, industries, line_of_business"
    };
}

macro_rules! select {
    ($tail:literal) => {
        concat!("SELECT id, ", fields!(), " FROM packages ", $tail)
    };
}

const INSERT: &str = concat!(
    "INSERT INTO packages (",
    fields!(),
    ", subaccount_id, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
);

const UPDATE: &str = "UPDATE packages SET name = ?, resource_id = ?, description = ?, short_text = ?,
    version = ?, vendor = ?, partner_content = ?, update_available = ?, mode = ?,
    supported_platform = ?, created_by = ?, modified_by = ?, creation_date = ?, modified_date = ?,
    products = ?, keywords = ?, countries = ?, industries = ?, line_of_business = ?
    WHERE subaccount_id = ? AND id = ?";

#[async_trait]
impl PackageStore for SqliteStore {
    async fn list_packages(&self, subaccount: Uuid) -> StoreResult<Vec<IntegrationPackage>> {
        let rows = sqlx::query(select!("WHERE subaccount_id = ? ORDER BY id"))
            .bind(uuid_text(subaccount))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(package_of).collect()
    }

    async fn get_package(&self, subaccount: Uuid, id: &str) -> StoreResult<IntegrationPackage> {
        let row = sqlx::query(select!("WHERE subaccount_id = ? AND id = ?"))
            .bind(uuid_text(subaccount))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        package_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn create_package(&self, subaccount: Uuid, package: &IntegrationPackage) -> StoreResult<()> {
        bind_fields(sqlx::query(INSERT), package)
            .bind(uuid_text(subaccount))
            .bind(&package.id)
            .execute(&self.pool)
            .await
            .map_err(|err| {
                let exists = format!("integration package '{}'", package.id);
                write_error(err, vec![Unique::new("packages.id", exists)])
            })?;
        Ok(())
    }

    async fn update_package(&self, subaccount: Uuid, package: &IntegrationPackage) -> StoreResult<()> {
        let done = bind_fields(sqlx::query(UPDATE), package)
            .bind(uuid_text(subaccount))
            .bind(&package.id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    async fn set_package_custom_tag(
        &self,
        subaccount: Uuid,
        package_id: &str,
        name: &str,
        value: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO package_custom_tags (subaccount_id, package_id, name, value) VALUES (?, ?, ?, ?)
             ON CONFLICT (subaccount_id, package_id, name) DO UPDATE SET value = excluded.value",
        )
        .bind(uuid_text(subaccount))
        .bind(package_id)
        .bind(name)
        .bind(value)
        .execute(&self.pool)
        .await
        .map_err(|err| write_error(err, Vec::new()))?;
        Ok(())
    }

    async fn delete_package(&self, subaccount: Uuid, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM packages WHERE subaccount_id = ? AND id = ?")
            .bind(uuid_text(subaccount))
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }
}

/// Binds every column but the key, in the order of [`fields!`].
fn bind_fields<'q>(
    query: Query<'q, Sqlite, SqliteArguments<'q>>,
    package: &'q IntegrationPackage,
) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    query
        .bind(&package.name)
        .bind(&package.resource_id)
        .bind(&package.description)
        .bind(&package.short_text)
        .bind(&package.version)
        .bind(&package.vendor)
        .bind(package.partner_content)
        .bind(package.update_available)
        .bind(&package.mode)
        .bind(&package.supported_platform)
        .bind(&package.created_by)
        .bind(&package.modified_by)
        .bind(millis(package.creation_date))
        .bind(millis(package.modified_date))
        .bind(&package.products)
        .bind(&package.keywords)
        .bind(&package.countries)
        .bind(&package.industries)
        .bind(&package.line_of_business)
}

fn package_of(row: &SqliteRow) -> StoreResult<IntegrationPackage> {
    Ok(IntegrationPackage {
        id: get(row, "id")?,
        name: get(row, "name")?,
        resource_id: get(row, "resource_id")?,
        description: get(row, "description")?,
        short_text: get(row, "short_text")?,
        version: get(row, "version")?,
        vendor: get(row, "vendor")?,
        partner_content: get(row, "partner_content")?,
        update_available: get(row, "update_available")?,
        mode: get(row, "mode")?,
        supported_platform: get(row, "supported_platform")?,
        created_by: get(row, "created_by")?,
        modified_by: get(row, "modified_by")?,
        creation_date: get_time(row, "creation_date")?,
        modified_date: get_time(row, "modified_date")?,
        products: get(row, "products")?,
        keywords: get(row, "keywords")?,
        countries: get(row, "countries")?,
        industries: get(row, "industries")?,
        line_of_business: get(row, "line_of_business")?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn insert_has_a_placeholder_per_column() {
        let columns = super::INSERT.split(')').next().unwrap_or_default().matches(',').count() + 1;
        assert_eq!(super::INSERT.matches('?').count(), columns);
        assert_eq!(super::UPDATE.matches('?').count(), columns);
    }
}
