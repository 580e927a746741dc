//! The generic, model-driven read: every OData collection and single-entity GET becomes one
//! `SELECT` whose columns, scope, `$filter` and `$orderby` come from the source's column map
//! and the parsed query. Values are always bound parameters; the SQL text is assembled only from
//! the fixed fragments of [`sources`] and [`filter`].

mod filter;
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
use filter::{Bind, SqlBuilder};
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
        let source = SourceSql::of(subaccount, source);
        let mut builder = SqlBuilder::new(&source);
        let condition = builder.condition(query.filter)?;
        let order = builder.order(query.orderby)?;
        let slots = layout(&source, query.entity_type);
        let select = select_list(&source, query.entity_type, &slots);
        let sql = format!("SELECT {select} FROM {} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?", source.from);
        let count_sql = query.count.then(|| format!("SELECT COUNT(*) FROM {} WHERE {condition}", source.from));
        let binds = builder.binds().to_vec();
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(query.skip).unwrap_or(i64::MAX);
        self.readers
            .run(move |connection| {
                let mut statement = connection.prepare_cached(&sql).map_err(sqlite_error)?;
                let mut params: Vec<&dyn rusqlite::ToSql> = binds.iter().map(|b| b as &dyn rusqlite::ToSql).collect();
                params.push(&limit);
                params.push(&offset);
                let mut rows = statement.query(params.as_slice()).map_err(sqlite_error)?;
                let mut decoded = Vec::new();
                while let Some(row) = rows.next().map_err(sqlite_error)? {
                    decoded.push(decode_row(row, &slots)?);
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

/// How each property of a type is selected: one column, or one column per member of a complex
/// property whose members the source maps.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// One column.
    Single(&'static Property),
    /// The members of a complex property, in the complex type's order.
    Complex(&'static [Property]),
}

/// The slots of a type's properties for a source.
fn layout(source: &SourceSql, entity_type: &'static EntityType) -> Vec<Slot> {
    let model = cpi_odata::service::model();
    entity_type
        .properties
        .iter()
        .map(|p| match p.edm {
            EdmType::Complex(name) => match model.complex_type(name) {
                Some(complex) if complex.properties.iter().any(|m| source.column(&member(p, m)).is_some()) => {
                    Slot::Complex(complex.properties)
                }
                _ => Slot::Single(p),
            },
            _ => Slot::Single(p),
        })
        .collect()
}

/// The path of a complex property's member, as column maps name it (`Complex/Member`).
fn member(property: &Property, member: &Property) -> String {
    format!("{}/{}", property.name, member.name)
}

/// `expr AS c0, …` for every slot; unmapped properties (and members) select NULL.
fn select_list(source: &SourceSql, entity_type: &EntityType, slots: &[Slot]) -> String {
    let mut columns: Vec<&str> = Vec::with_capacity(slots.len());
    for (property, slot) in entity_type.properties.iter().zip(slots) {
        match slot {
            Slot::Single(p) => columns.push(source.column(p.name).unwrap_or("NULL")),
            Slot::Complex(members) => {
                columns.extend(members.iter().map(|m| source.column(&member(property, m)).unwrap_or("NULL")));
            }
        }
    }
    columns.iter().enumerate().map(|(i, sql)| format!("{sql} AS c{i}")).collect::<Vec<_>>().join(", ")
}

fn decode_row(row: &rusqlite::Row<'_>, slots: &[Slot]) -> StoreResult<Vec<Value>> {
    let mut index = 0;
    let mut values = Vec::with_capacity(slots.len());
    for slot in slots {
        match slot {
            Slot::Single(p) => {
                values.push(decode_value(row, index, p.edm, p.name)?);
                index += 1;
            }
            Slot::Complex(members) => {
                let mut complex = Vec::with_capacity(members.len());
                for m in *members {
                    complex.push(decode_value(row, index, m.edm, m.name)?);
                    index += 1;
                }
                values.push(Value::Complex(complex));
            }
        }
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
