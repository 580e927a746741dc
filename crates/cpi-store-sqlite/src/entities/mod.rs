//! The generic, model-driven read: every OData collection and single-entity GET becomes one
//! `SELECT` whose columns, scope, `$filter` and `$orderby` come from the source's column map
//! and the parsed query. Values are always bound parameters; the SQL text is assembled only from
//! the fixed fragments of [`sources`] and [`filter`].

mod filter;
mod monitoring_sources;
mod readers;
mod security_sources;
mod sources;

use async_trait::async_trait;
use rusqlite::types::ValueRef;
use uuid::Uuid;

use cpi_odata::model::{EdmType, EntityType, Property};
use cpi_odata::value::Value;
use cpi_store::{EntityQuery, EntityReader, EntityRows, EntitySource, StoreError, StoreResult};

use crate::SqliteStore;
use crate::error::corrupt;
pub(crate) use filter::Bind;
use filter::SqlBuilder;
pub(crate) use readers::Readers;
use readers::sqlite_error;
use sources::SourceSql;

#[async_trait]
impl EntityReader for SqliteStore {
    async fn read_entities(
        &self,
        subaccount: Uuid,
        source: &EntitySource,
        query: &EntityQuery<'_>,
    ) -> StoreResult<EntityRows> {
        let ReadSql { sql, count_sql, binds } = ReadSql::of(subaccount, source, query)?;
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(query.skip).unwrap_or(i64::MAX);
        let entity_type = query.entity_type;
        self.readers
            .run(move |connection| {
                let mut statement = connection.prepare_cached(&sql).map_err(sqlite_error)?;
                let mut params: Vec<&dyn rusqlite::ToSql> = binds.iter().map(|b| b as &dyn rusqlite::ToSql).collect();
                params.push(&limit);
                params.push(&offset);
                let mut rows = statement.query(params.as_slice()).map_err(sqlite_error)?;
                let mut decoded = Vec::new();
                while let Some(row) = rows.next().map_err(sqlite_error)? {
                    decoded.push(decode_row(row, entity_type)?);
                }
                let total = match count_sql {
                    Some(sql) => Some(count(connection, &sql, &binds)?),
                    None => None,
                };
                Ok(EntityRows { rows: decoded, total })
            })
            .await
    }
}

/// The statements of one read: the page (its last two placeholders are `LIMIT` and `OFFSET`),
/// the count if asked, and the binds before `LIMIT` (shared by both).
#[derive(Debug)]
pub(crate) struct ReadSql {
    /// `SELECT … ORDER BY … LIMIT ? OFFSET ?`.
    pub sql: String,
    /// `SELECT COUNT(*) …`, when the query counts.
    pub count_sql: Option<String>,
    /// Scope and filter values, in placeholder order.
    pub binds: Vec<Bind>,
}

impl ReadSql {
    /// The SQL of a read of `source`.
    pub fn of(subaccount: Uuid, source: &EntitySource, query: &EntityQuery<'_>) -> StoreResult<ReadSql> {
        let source = SourceSql::of(subaccount, source);
        let mut builder = SqlBuilder::new(&source);
        let condition = builder.condition(query.filter)?;
        let order = builder.order(query.orderby)?;
        let select = select_list(&source, query.entity_type);
        let sql = format!("SELECT {select} FROM {} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?", source.from);
        let count_sql = query.count.then(|| format!("SELECT COUNT(*) FROM {} WHERE {condition}", source.from));
        Ok(ReadSql { sql, count_sql, binds: builder.binds().to_vec() })
    }
}

fn count(connection: &rusqlite::Connection, sql: &str, binds: &[Bind]) -> StoreResult<u64> {
    let mut statement = connection.prepare_cached(sql).map_err(sqlite_error)?;
    let params: Vec<&dyn rusqlite::ToSql> = binds.iter().map(|b| b as &dyn rusqlite::ToSql).collect();
    let count: i64 = statement.query_row(params.as_slice(), |row| row.get(0)).map_err(sqlite_error)?;
    Ok(u64::try_from(count).unwrap_or(0))
}

impl rusqlite::ToSql for Bind {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(match self {
            Bind::Text(text) => rusqlite::types::ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Bind::Integer(n) => rusqlite::types::ToSqlOutput::Owned(rusqlite::types::Value::Integer(*n)),
            Bind::Real(x) => rusqlite::types::ToSqlOutput::Owned(rusqlite::types::Value::Real(*x)),
        })
    }
}

/// `expr AS c0, …` for every property, a complex property taking one column per member of its
/// complex type (`Complex/Member` in the column map); unmapped properties select NULL.
fn select_list(source: &SourceSql, entity_type: &EntityType) -> String {
    let mut columns = Vec::with_capacity(entity_type.properties.len());
    for property in entity_type.properties {
        match complex_members(property.edm) {
            Some(members) => {
                for member in members {
                    let path = format!("{}/{}", property.name, member.name);
                    columns.push(source.column(&path).unwrap_or("NULL"));
                }
            }
            None => columns.push(source.column(property.name).unwrap_or("NULL")),
        }
    }
    columns.iter().enumerate().map(|(i, sql)| format!("{sql} AS c{i}")).collect::<Vec<_>>().join(", ")
}

/// The members of a complex type (none for a primitive type, or a complex type the service
/// model does not define, which then reads as null).
fn complex_members(edm: EdmType) -> Option<&'static [Property]> {
    match edm {
        EdmType::Complex(name) => Some(cpi_odata::service::model().complex_type(name).map_or(&[], |c| c.properties)),
        _ => None,
    }
}

fn decode_row(row: &rusqlite::Row<'_>, entity_type: &EntityType) -> StoreResult<Vec<Value>> {
    let mut index = 0;
    let mut values = Vec::with_capacity(entity_type.properties.len());
    for property in entity_type.properties {
        let value = match complex_members(property.edm) {
            Some([]) => Value::Null,
            Some(members) => {
                let mut parts = Vec::with_capacity(members.len());
                for member in members {
                    parts.push(decode_value(row, index, member.edm, member.name)?);
                    index += 1;
                }
                Value::Complex(parts)
            }
            None => {
                index += 1;
                decode_value(row, index - 1, property.edm, property.name)?
            }
        };
        values.push(value);
    }
    Ok(values)
}

fn decode_value(row: &rusqlite::Row<'_>, index: usize, edm: EdmType, name: &str) -> StoreResult<Value> {
    let raw = row.get_ref(index).map_err(|e| corrupt(name, e))?;
    let mismatch = || corrupt(name, format!("unexpected {:?} for {edm:?}", raw.data_type()));
    Ok(match (edm, raw) {
        (_, ValueRef::Null) | (EdmType::Complex(_), _) => Value::Null,
        (EdmType::String, ValueRef::Text(text)) => {
            Value::String(std::str::from_utf8(text).map_err(|e| corrupt(name, e))?.to_owned())
        }
        (EdmType::String, ValueRef::Integer(n)) => Value::String(n.to_string()),
        (EdmType::Boolean, ValueRef::Integer(n)) => Value::Boolean(n != 0),
        (EdmType::Int32, ValueRef::Integer(n)) => Value::Int32(i32::try_from(n).map_err(|e| corrupt(name, e))?),
        (EdmType::Int64, ValueRef::Integer(n)) => Value::Int64(n),
        (EdmType::DateTime | EdmType::DateTimeOffset, ValueRef::Integer(ms)) => Value::DateTime(ms),
        (EdmType::Binary, ValueRef::Blob(bytes)) => Value::Binary(bytes.to_vec()),
        _ => return Err(mismatch()),
    })
}

/// A filter or ordering the backend cannot run (the engine checks paths and types first, so
/// reaching this is a bug; it is reported as a backend error).
pub(crate) fn unsupported(what: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("cannot translate to SQL: {what}"))
}
