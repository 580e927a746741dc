//! The generic, model-driven read: every OData collection and single-entity GET becomes one
//! `SELECT` whose columns, scope, `$filter` and `$orderby` come from the source's column map
//! and the parsed query. Values are always bound parameters; the SQL text is assembled only from
//! the fixed fragments of [`sources`] and [`filter`].

mod filter;
mod sources;

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use cpi_odata::model::{EdmType, EntityType};
use cpi_odata::value::Value;
use cpi_store::{EntityQuery, EntityReader, EntityRows, EntitySource, StoreError, StoreResult};

use crate::SqliteStore;
use crate::error::{backend, corrupt};
use filter::{Bind, SqlBuilder};
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
        let select = select_list(&source, query.entity_type);
        let sql = format!("SELECT {select} FROM {} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?", source.from);
        let mut statement = sqlx::query(&sql);
        for bind in builder.binds() {
            statement = bind_value(statement, bind);
        }
        let limit = i64::try_from(query.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(query.skip).unwrap_or(i64::MAX);
        let rows = statement.bind(limit).bind(offset).fetch_all(&self.pool).await.map_err(backend)?;
        let rows = rows.iter().map(|row| decode_row(row, query.entity_type)).collect::<StoreResult<Vec<_>>>()?;
        let total = if query.count { Some(self.count(&source, &condition, builder.binds()).await?) } else { None };
        Ok(EntityRows { rows, total })
    }
}

impl SqliteStore {
    async fn count(&self, source: &SourceSql, condition: &str, binds: &[Bind]) -> StoreResult<u64> {
        let sql = format!("SELECT COUNT(*) FROM {} WHERE {condition}", source.from);
        let mut statement = sqlx::query(&sql);
        for bind in binds {
            statement = bind_value(statement, bind);
        }
        let row = statement.fetch_one(&self.pool).await.map_err(backend)?;
        let count: i64 = row.try_get(0).map_err(backend)?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

type Statement<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

fn bind_value<'q>(statement: Statement<'q>, bind: &'q Bind) -> Statement<'q> {
    match bind {
        Bind::Text(text) => statement.bind(text.as_str()),
        Bind::Integer(n) => statement.bind(*n),
        Bind::Real(x) => statement.bind(*x),
    }
}

/// `expr AS c0, …` for every property of the type; unmapped properties select NULL.
fn select_list(source: &SourceSql, entity_type: &EntityType) -> String {
    entity_type
        .properties
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{} AS c{i}", source.column(p.name).unwrap_or("NULL")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn decode_row(row: &SqliteRow, entity_type: &EntityType) -> StoreResult<Vec<Value>> {
    entity_type.properties.iter().enumerate().map(|(i, p)| decode_value(row, i, p.edm, p.name)).collect()
}

fn decode_value(row: &SqliteRow, index: usize, edm: EdmType, name: &str) -> StoreResult<Value> {
    let fail = |err: sqlx::Error| corrupt(name, err);
    let value = match edm {
        EdmType::String => row.try_get::<Option<String>, _>(index).map_err(fail)?.map(Value::String),
        EdmType::Boolean => row.try_get::<Option<i64>, _>(index).map_err(fail)?.map(|n| Value::Boolean(n != 0)),
        EdmType::Int32 => row
            .try_get::<Option<i64>, _>(index)
            .map_err(fail)?
            .map(|n| i32::try_from(n).map(Value::Int32).map_err(|e| corrupt(name, e)))
            .transpose()?,
        EdmType::Int64 => row.try_get::<Option<i64>, _>(index).map_err(fail)?.map(Value::Int64),
        EdmType::DateTime | EdmType::DateTimeOffset => {
            row.try_get::<Option<i64>, _>(index).map_err(fail)?.map(Value::DateTime)
        }
        EdmType::Binary => row.try_get::<Option<Vec<u8>>, _>(index).map_err(fail)?.map(Value::Binary),
        EdmType::Complex(_) => None,
    };
    Ok(value.unwrap_or(Value::Null))
}

/// A filter or ordering the backend cannot run (the engine checks paths and types first, so
/// reaching this is a bug; it is reported as a backend error).
pub(crate) fn unsupported(what: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("cannot translate to SQL: {what}"))
}
