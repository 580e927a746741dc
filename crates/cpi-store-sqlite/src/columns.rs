//! Column encodings: UUIDs as hyphenated text, times as unix milliseconds, plans and names as
//! their text, role collections as comma-separated names, parameters as kebab-case JSON.

use sqlx::sqlite::SqliteRow;
use sqlx::{Decode, Row, Sqlite, Type};
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::{InstanceParameters, Plan, ResourceName, RoleCollection};
use cpi_store::StoreResult;

use crate::error::corrupt;

/// Reads a column.
pub(crate) fn get<'r, T>(row: &'r SqliteRow, column: &str) -> StoreResult<T>
where
    T: Decode<'r, Sqlite> + Type<Sqlite>,
{
    row.try_get(column).map_err(|err| corrupt(column, err))
}

/// A UUID column.
pub(crate) fn get_uuid(row: &SqliteRow, column: &str) -> StoreResult<Uuid> {
    let text: &str = get(row, column)?;
    Uuid::parse_str(text).map_err(|err| corrupt(column, err))
}

/// A time column.
pub(crate) fn get_time(row: &SqliteRow, column: &str) -> StoreResult<OffsetDateTime> {
    time_of(column, get(row, column)?)
}

/// A nullable time column.
pub(crate) fn get_optional_time(row: &SqliteRow, column: &str) -> StoreResult<Option<OffsetDateTime>> {
    get::<Option<i64>>(row, column)?.map(|ms| time_of(column, ms)).transpose()
}

/// A resource name column.
pub(crate) fn get_name(row: &SqliteRow, column: &str) -> StoreResult<ResourceName> {
    ResourceName::parse(get(row, column)?).map_err(|err| corrupt(column, err))
}

/// A plan column.
pub(crate) fn get_plan(row: &SqliteRow, column: &str) -> StoreResult<Plan> {
    let text: &str = get(row, column)?;
    Plan::from_name(text).ok_or_else(|| corrupt(column, format!("unknown plan '{text}'")))
}

/// A parameters column.
pub(crate) fn get_parameters(row: &SqliteRow, column: &str) -> StoreResult<InstanceParameters> {
    serde_json::from_str(get(row, column)?).map_err(|err| corrupt(column, err))
}

/// A role collections column.
pub(crate) fn get_role_collections(row: &SqliteRow, column: &str) -> StoreResult<Vec<RoleCollection>> {
    let text: &str = get(row, column)?;
    text.split(',')
        .filter(|name| !name.is_empty())
        .map(|name| {
            RoleCollection::from_name(name).ok_or_else(|| corrupt(column, format!("unknown role collection '{name}'")))
        })
        .collect()
}

/// The stored form of an id.
pub(crate) fn uuid_text(id: Uuid) -> String {
    id.hyphenated().to_string()
}

/// The stored form of a time: unix milliseconds (sub-millisecond parts are dropped).
pub(crate) fn millis(at: OffsetDateTime) -> i64 {
    let ms = at.unix_timestamp_nanos().div_euclid(1_000_000);
    i64::try_from(ms).unwrap_or(if ms < 0 { i64::MIN } else { i64::MAX })
}

/// The stored form of parameters.
pub(crate) fn parameters_text(parameters: &InstanceParameters) -> StoreResult<String> {
    serde_json::to_string(parameters).map_err(|err| corrupt("parameters", err))
}

/// The stored form of role collections.
pub(crate) fn role_collections_text(collections: &[RoleCollection]) -> String {
    collections.iter().map(|c| c.name()).collect::<Vec<_>>().join(",")
}

fn time_of(column: &str, ms: i64) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).map_err(|err| corrupt(column, err))
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn times_round_trip_at_millisecond_precision() {
        for at in [datetime!(2025-03-01 09:15:30.123 UTC), datetime!(1969-12-31 23:59:59.999 UTC)] {
            assert_eq!(time_of("t", millis(at)).unwrap(), at);
        }
        assert_eq!(millis(datetime!(2025-03-01 09:15:30.123_999 UTC)), millis(datetime!(2025-03-01 09:15:30.123 UTC)));
    }

    #[test]
    fn role_collections_round_trip_through_text() {
        let collections = [RoleCollection::IntegrationSender, RoleCollection::ReadOnly];
        assert_eq!(role_collections_text(&collections), "PI_Integration_Sender,PI_Read_Only");
        assert_eq!(role_collections_text(&[]), "");
    }
}
