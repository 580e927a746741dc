//! Entity types like the server's (a subset of each type's properties, plus one the backends do
//! not store), `$filter` builders and a read helper for the `read_entities` checks.

use uuid::Uuid;

use cpi_odata::model::{EdmType, EntityType, Property};
use cpi_odata::query::{BinaryOp, Expr, Function, Literal, OrderBy};
use cpi_odata::value::Value;

use crate::{EntityQuery, EntityRows, EntitySource, Store};

/// Like `IntegrationPackage`; `PackageContent` is not stored and reads as null.
pub(super) static PACKAGE: EntityType = EntityType {
    name: "IntegrationPackage",
    keys: &["Id"],
    properties: &[
        Property::required("Id", EdmType::String),
        Property::new("Name", EdmType::String),
        Property::new("Description", EdmType::String),
        Property::new("Version", EdmType::String),
        Property::new("PartnerContent", EdmType::Boolean),
        Property::new("CreationDate", EdmType::String),
        Property::new("PackageContent", EdmType::Binary),
    ],
    navigations: &[],
    has_stream: false,
};

/// Like `IntegrationDesigntimeArtifact`.
pub(super) static ARTIFACT: EntityType = EntityType {
    name: "IntegrationDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: &[
        Property::required("Id", EdmType::String),
        Property::required("Version", EdmType::String),
        Property::new("PackageId", EdmType::String),
        Property::new("Name", EdmType::String),
        Property::new("Description", EdmType::String),
        Property::new("CreatedAt", EdmType::String),
    ],
    navigations: &[],
    has_stream: true,
};

/// Like `Configuration`.
pub(super) static CONFIGURATION: EntityType = EntityType {
    name: "Configuration",
    keys: &["ParameterKey"],
    properties: &[
        Property::required("ParameterKey", EdmType::String),
        Property::new("ParameterValue", EdmType::String),
        Property::new("DataType", EdmType::String),
        Property::new("Description", EdmType::String),
    ],
    navigations: &[],
    has_stream: false,
};

/// Like `Resource`.
pub(super) static RESOURCE: EntityType = EntityType {
    name: "Resource",
    keys: &["Name", "ResourceType"],
    properties: &[
        Property::required("Name", EdmType::String),
        Property::required("ResourceType", EdmType::String),
        Property::new("ReferencedResourceType", EdmType::String),
        Property::new("ResourceSize", EdmType::Int64),
        Property::new("ResourceSizeUnit", EdmType::String),
    ],
    navigations: &[],
    has_stream: true,
};

/// Like `IntegrationRuntimeArtifact`.
pub(super) static RUNTIME: EntityType = EntityType {
    name: "IntegrationRuntimeArtifact",
    keys: &["Id"],
    properties: &[
        Property::required("Id", EdmType::String),
        Property::new("Version", EdmType::String),
        Property::new("Name", EdmType::String),
        Property::new("Type", EdmType::String),
        Property::new("DeployedBy", EdmType::String),
        Property::new("DeployedOn", EdmType::DateTime),
        Property::new("Status", EdmType::String),
    ],
    navigations: &[],
    has_stream: false,
};

/// Like `RuntimeArtifactErrorInformation`.
pub(super) static RUNTIME_ERROR: EntityType = EntityType {
    name: "RuntimeArtifactErrorInformation",
    keys: &["Id"],
    properties: &[Property::required("Id", EdmType::String)],
    navigations: &[],
    has_stream: true,
};

/// Like `BuildAndDeployStatus`.
pub(super) static DEPLOY_TASK: EntityType = EntityType {
    name: "BuildAndDeployStatus",
    keys: &["TaskId"],
    properties: &[Property::required("TaskId", EdmType::String), Property::new("Status", EdmType::String)],
    navigations: &[],
    has_stream: false,
};

/// Like `ServiceEndpoint`.
pub(super) static SERVICE_ENDPOINT: EntityType = EntityType {
    name: "ServiceEndpoint",
    keys: &["Id"],
    properties: &[
        Property::required("Id", EdmType::String),
        Property::new("Name", EdmType::String),
        Property::new("Title", EdmType::String),
        Property::new("Version", EdmType::String),
        Property::new("LastUpdated", EdmType::DateTime),
        Property::new("Protocol", EdmType::String),
    ],
    navigations: &[],
    has_stream: false,
};

/// Like `EntryPoint`.
pub(super) static ENTRY_POINT: EntityType = EntityType {
    name: "EntryPoint",
    keys: &["Url"],
    properties: &[Property::required("Url", EdmType::String), Property::new("Name", EdmType::String)],
    navigations: &[],
    has_stream: false,
};

/// Like `CustomTag`.
pub(super) static CUSTOM_TAG: EntityType = EntityType {
    name: "CustomTag",
    keys: &["Name"],
    properties: &[Property::required("Name", EdmType::String), Property::new("Value", EdmType::String)],
    navigations: &[],
    has_stream: false,
};

/// Every row of a source in its default order, unfiltered.
pub(super) fn all(entity_type: &'static EntityType) -> EntityQuery<'static> {
    EntityQuery { entity_type, filter: None, orderby: &[], skip: 0, limit: 1_000, count: false }
}

/// Reads, expecting success.
pub(super) async fn read<S: Store>(store: &S, sub: Uuid, source: &EntitySource, query: &EntityQuery<'_>) -> EntityRows {
    store.read_entities(sub, source, query).await.expect("read_entities")
}

/// The first value of each row, which must be a string (the key of every type here).
pub(super) fn keys(rows: &EntityRows) -> Vec<String> {
    rows.rows
        .iter()
        .map(|row| match row.first() {
            Some(Value::String(text)) => text.clone(),
            other => panic!("the first value of a row should be a string, got {other:?}"),
        })
        .collect()
}

/// Strings, for comparing with [`keys`].
pub(super) fn strings(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|&text| text.to_owned()).collect()
}

/// A string value.
pub(super) fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// A property.
pub(super) fn prop(name: &str) -> Expr {
    Expr::Property(vec![name.to_owned()])
}

/// A property path (`Complex/Member`).
pub(super) fn path(segments: &[&str]) -> Expr {
    Expr::Property(segments.iter().map(|&s| s.to_owned()).collect())
}

/// A `datetime'…'` literal, as milliseconds since the epoch.
pub(super) fn datetime(ms: i64) -> Expr {
    Expr::Literal(Literal::DateTime(ms))
}

/// A string literal.
pub(super) fn text(value: &str) -> Expr {
    Expr::Literal(Literal::String(value.to_owned()))
}

/// An integer literal.
pub(super) fn int(value: i64) -> Expr {
    Expr::Literal(Literal::Integer(value))
}

/// `null`.
pub(super) fn null() -> Expr {
    Expr::Literal(Literal::Null)
}

/// `left op right`.
pub(super) fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    Expr::Binary { op, left: Box::new(left), right: Box::new(right) }
}

/// `left and right`.
pub(super) fn and(left: Expr, right: Expr) -> Expr {
    binary(BinaryOp::And, left, right)
}

/// `left or right`.
pub(super) fn or(left: Expr, right: Expr) -> Expr {
    binary(BinaryOp::Or, left, right)
}

/// `not inner`.
pub(super) fn not(inner: Expr) -> Expr {
    Expr::Not(Box::new(inner))
}

/// `property eq 'value'`.
pub(super) fn prop_eq(name: &str, value: &str) -> Expr {
    binary(BinaryOp::Eq, prop(name), text(value))
}

/// A function call.
pub(super) fn call(function: Function, args: Vec<Expr>) -> Expr {
    Expr::Call { function, args }
}

/// An `$orderby` item.
pub(super) fn order(name: &str, descending: bool) -> OrderBy {
    OrderBy { path: vec![name.to_owned()], descending }
}
