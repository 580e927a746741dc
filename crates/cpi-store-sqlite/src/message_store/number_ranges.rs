//! Number ranges, and drawing their next number in one immediate transaction.

use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use cpi_domain::message_store::NumberRange;
use cpi_store::{StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_time, millis, uuid_text};
use crate::error::{Unique, backend, corrupt, touched, write_error};

const COLUMNS: &str =
    "name, description, min_value, max_value, current_value, rotate, field_length, deployed_by, deployed_on";

impl SqliteStore {
    pub(super) async fn insert_number_range(&self, subaccount: Uuid, range: &NumberRange) -> StoreResult<()> {
        let sql = format!("INSERT INTO number_ranges (subaccount_id, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        let figures = Figures::of(range)?;
        sqlx::query(&sql)
            .bind(uuid_text(subaccount))
            .bind(&range.name)
            .bind(&range.description)
            .bind(figures.min)
            .bind(figures.max)
            .bind(figures.current)
            .bind(range.rotate)
            .bind(range.field_length)
            .bind(&range.deployed_by)
            .bind(millis(range.deployed_on))
            .execute(&self.pool)
            .await
            .map_err(|err| {
                write_error(err, vec![Unique::new("number_ranges.name", format!("number range {}", range.name))])
            })?;
        Ok(())
    }

    pub(super) async fn update_number_range(&self, subaccount: Uuid, range: &NumberRange) -> StoreResult<()> {
        let figures = Figures::of(range)?;
        let done = sqlx::query(
            "UPDATE number_ranges SET description = ?, min_value = ?, max_value = ?, current_value = ?, rotate = ?,
             field_length = ?, deployed_by = ?, deployed_on = ? WHERE subaccount_id = ? AND name = ?",
        )
        .bind(&range.description)
        .bind(figures.min)
        .bind(figures.max)
        .bind(figures.current)
        .bind(range.rotate)
        .bind(range.field_length)
        .bind(&range.deployed_by)
        .bind(millis(range.deployed_on))
        .bind(uuid_text(subaccount))
        .bind(&range.name)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        touched(done.rows_affected())
    }

    pub(super) async fn read_number_range(&self, subaccount: Uuid, name: &str) -> StoreResult<NumberRange> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM number_ranges WHERE subaccount_id = ? AND name = ?"))
            .bind(uuid_text(subaccount))
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound)?;
        range_of(&row)
    }

    pub(super) async fn remove_number_range(&self, subaccount: Uuid, name: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM number_ranges WHERE subaccount_id = ? AND name = ?")
            .bind(uuid_text(subaccount))
            .bind(name)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    /// Reads the range and stores its next number in one `BEGIN IMMEDIATE` transaction, so
    /// concurrent draws queue on SQLite's write lock and each sees the previous one's number.
    pub(super) async fn draw_number(&self, subaccount: Uuid, name: &str) -> StoreResult<Option<u64>> {
        let sub = uuid_text(subaccount);
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM number_ranges WHERE subaccount_id = ? AND name = ?"))
            .bind(&sub)
            .bind(name)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound)?;
        let Some(next) = range_of(&row)?.next_number() else { return Ok(None) };
        sqlx::query("UPDATE number_ranges SET current_value = ? WHERE subaccount_id = ? AND name = ?")
            .bind(signed(next)?)
            .bind(&sub)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(Some(next))
    }
}

/// A range's figures as the signed integers SQLite stores.
struct Figures {
    min: i64,
    max: i64,
    current: i64,
}

impl Figures {
    fn of(range: &NumberRange) -> StoreResult<Figures> {
        Ok(Figures {
            min: signed(range.min_value)?,
            max: signed(range.max_value)?,
            current: signed(range.current_value)?,
        })
    }
}

fn signed(n: u64) -> StoreResult<i64> {
    i64::try_from(n).map_err(|_| StoreError::Backend(format!("number range figure {n} does not fit the store")))
}

fn unsigned(row: &SqliteRow, column: &str) -> StoreResult<u64> {
    let n: i64 = get(row, column)?;
    u64::try_from(n).map_err(|err| corrupt(column, err))
}

fn range_of(row: &SqliteRow) -> StoreResult<NumberRange> {
    Ok(NumberRange {
        name: get(row, "name")?,
        description: get(row, "description")?,
        min_value: unsigned(row, "min_value")?,
        max_value: unsigned(row, "max_value")?,
        current_value: unsigned(row, "current_value")?,
        rotate: get(row, "rotate")?,
        field_length: get(row, "field_length")?,
        deployed_by: get(row, "deployed_by")?,
        deployed_on: get_time(row, "deployed_on")?,
    })
}
