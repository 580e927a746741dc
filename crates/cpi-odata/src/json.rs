//! The JSON verbose representation of OData V2, as SAP's service writes it: `{"d":…}`
//! envelopes, `__metadata`, `__deferred` navigations, `/Date(ms)/` dates, Int64 as strings,
//! `__count` as a string.

mod select;
mod stream;
mod uri;

use serde_json::{Value as Json, json};

use crate::ODataError;
use crate::model::{EdmType, ServiceModel};
use crate::value::{Entity, Value};
use stream::{EntityView, EntriesView, EntryView, FeedView, ValueView};

pub(crate) use select::{nested, selected};
pub(crate) use uri::trimmed_root;
pub use uri::{entity_path, entity_uri, key_literal, key_predicate, percent_encode};

/// One entity as a JSON verbose object: `__metadata`, the (selected) properties in type order,
/// then the (selected) navigations, deferred or expanded.
pub fn entry(service_root: &str, entity: &Entity, select: Option<&[Vec<String>]>) -> Json {
    to_json(&EntryView { root: service_root, entity, select })
}

/// A property value in JSON verbose form.
pub fn property_value(edm: EdmType, value: &Value) -> Json {
    to_json(&ValueView { edm, value })
}

/// A single-entity document: `{"d": entry}`.
pub fn entity_document(service_root: &str, entity: &Entity, select: Option<&[Vec<String>]>) -> Json {
    to_json(&EntityView(EntryView { root: service_root, entity, select }))
}

/// [`entity_document`] written straight to bytes.
pub fn entity_bytes(service_root: &str, entity: &Entity, select: Option<&[Vec<String>]>) -> Vec<u8> {
    to_bytes(&EntityView(EntryView { root: service_root, entity, select }))
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
    to_json(&FeedView { entries: EntriesView { root: service_root, entities, select }, count, next })
}

/// [`feed_document`] written straight to bytes, without building a JSON tree.
pub fn feed_bytes(
    service_root: &str,
    entities: &[Entity],
    select: Option<&[Vec<String>]>,
    count: Option<u64>,
    next: Option<&str>,
) -> Vec<u8> {
    // About 1.4 KB per entry in practice; one allocation instead of repeated growth.
    let capacity = 256 + entities.len().saturating_mul(1_536);
    to_bytes_with(capacity, &FeedView { entries: EntriesView { root: service_root, entities, select }, count, next })
}

// The views serialize only strings, numbers, booleans and string-keyed maps, which cannot fail.
fn to_json(view: &impl serde::Serialize) -> Json {
    serde_json::to_value(view).unwrap_or(Json::Null)
}

fn to_bytes(view: &impl serde::Serialize) -> Vec<u8> {
    to_bytes_with(2_048, view)
}

fn to_bytes_with(capacity: usize, view: &impl serde::Serialize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut out, view) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
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
