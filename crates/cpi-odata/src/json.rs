//! The JSON verbose representation of OData V2, as SAP's service writes it: `{"d":…}`
//! envelopes, `__metadata`, `__deferred` navigations, `/Date(ms)/` dates, Int64 as strings,
//! `__count` as a string.

mod select;
mod uri;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value as Json, json};

use crate::model::{EdmType, Multiplicity, Navigation, ServiceModel};
use crate::value::{Entity, Value};
use crate::{NAMESPACE, ODataError};

pub(crate) use select::{nested, selected};
pub(crate) use uri::trimmed_root;
pub use uri::{entity_path, entity_uri, key_literal, key_predicate, percent_encode};

/// One entity as a JSON verbose object: `__metadata`, the (selected) properties in type order,
/// then the (selected) navigations, deferred or expanded.
pub fn entry(service_root: &str, entity: &Entity, select: Option<&[Vec<String>]>) -> Json {
    let ty = entity.entity_type();
    let uri = entity_uri(service_root, entity);
    let mut map = Map::new();
    map.insert("__metadata".into(), crate::metadata(&uri, ty.name, ty.has_stream));
    for (property, value) in ty.properties.iter().zip(&entity.values) {
        if selected(select, property.name) {
            map.insert(property.name.into(), property_value(property.edm, value));
        }
    }
    for nav in ty.navigations.iter().filter(|n| selected(select, n.name)) {
        map.insert(nav.name.into(), navigation(service_root, entity, &uri, nav, select));
    }
    Json::Object(map)
}

/// A navigation property's value: `__deferred`, or the expanded entries.
fn navigation(
    service_root: &str,
    entity: &Entity,
    uri: &str,
    nav: &Navigation,
    select: Option<&[Vec<String>]>,
) -> Json {
    let Some((_, targets)) = entity.expanded.iter().find(|(name, _)| *name == nav.name) else {
        return crate::deferred(format!("{uri}/{}", nav.name));
    };
    let inner = nested(select, nav.name);
    let inner = inner.as_deref();
    match nav.multiplicity {
        Multiplicity::Many => {
            let results: Vec<Json> = targets.iter().map(|t| entry(service_root, t, inner)).collect();
            json!({ "results": results })
        }
        Multiplicity::ZeroOrOne | Multiplicity::One => {
            targets.first().map_or(Json::Null, |t| entry(service_root, t, inner))
        }
    }
}

/// A property value in JSON verbose form.
pub fn property_value(edm: EdmType, value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::String(s) => Json::String(s.clone()),
        Value::Boolean(b) => Json::Bool(*b),
        Value::Int32(n) => Json::from(*n),
        Value::Int64(n) => Json::String(n.to_string()),
        Value::DateTime(ms) if edm == EdmType::DateTimeOffset => Json::String(format!("/Date({ms}+0000)/")),
        Value::DateTime(ms) => Json::String(format!("/Date({ms})/")),
        Value::Binary(bytes) => Json::String(STANDARD.encode(bytes)),
        Value::Complex(values) => complex_value(edm, values),
    }
}

/// A complex value: `__metadata` with its type, then its properties.
fn complex_value(edm: EdmType, values: &[Value]) -> Json {
    let EdmType::Complex(name) = edm else {
        return Json::Null;
    };
    let mut map = Map::new();
    map.insert("__metadata".into(), json!({ "type": format!("{NAMESPACE}.{name}") }));
    if let Some(complex) = crate::service::MODEL.complex_type(name) {
        for (property, value) in complex.properties.iter().zip(values) {
            map.insert(property.name.into(), property_value(property.edm, value));
        }
    }
    Json::Object(map)
}

/// A single-entity document: `{"d": entry}`.
pub fn entity_document(service_root: &str, entity: &Entity, select: Option<&[Vec<String>]>) -> Json {
    json!({ "d": entry(service_root, entity, select) })
}

/// A collection document: `{"d":{"__count":"<n>","results":[…],"__next":"…"}}`; `__count` only
/// with `count`, `__next` only with `next` (taken as given).
pub fn feed_document(
    service_root: &str,
    entities: &[Entity],
    select: Option<&[Vec<String>]>,
    count: Option<u64>,
    next: Option<&str>,
) -> Json {
    let mut d = Map::new();
    if let Some(count) = count {
        d.insert("__count".into(), Json::String(count.to_string()));
    }
    let results: Vec<Json> = entities.iter().map(|e| entry(service_root, e, select)).collect();
    d.insert("results".into(), Json::Array(results));
    if let Some(next) = next {
        d.insert("__next".into(), Json::String(next.to_owned()));
    }
    json!({ "d": d })
}

/// A `$links` document: `{"d":{"uri":…}}` when `single` (`{"d":null}` without an entity),
/// otherwise `{"d":{"results":[{"uri":…},…]}}`.
pub fn links_document(service_root: &str, entities: &[Entity], single: bool) -> Json {
    let link = |e: &Entity| json!({ "uri": entity_uri(service_root, e) });
    if single {
        return json!({ "d": entities.first().map_or(Json::Null, link) });
    }
    let results: Vec<Json> = entities.iter().map(link).collect();
    json!({ "d": { "results": results } })
}

/// The service document: `{"d":{"EntitySets":[…]}}`.
pub fn service_document(model: &ServiceModel) -> Json {
    let names: Vec<&str> = model.entity_sets.iter().map(|s| s.name).collect();
    json!({ "d": { "EntitySets": names } })
}

/// An error document (SAP's shape, see [`ODataError::json_body`]).
pub fn error_document(error: &ODataError) -> Json {
    error.json_body()
}

#[cfg(test)]
mod tests;
