//! The JSON verbose writer: `Serialize` views over entities that write straight to the output,
//! with no intermediate `serde_json::Value` tree (a feed of 100 entities is written without
//! building maps per entity). The `Value`-returning functions of the parent module use these too.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::select::{nested, selected};
use super::uri::entity_uri;
use crate::NAMESPACE;
use crate::model::{EdmType, Multiplicity, Navigation};
use crate::value::{Entity, Value};

/// One entity: `__metadata`, the selected properties in type order, then the navigations.
pub(crate) struct EntryView<'a> {
    pub root: &'a str,
    pub entity: &'a Entity,
    pub select: Option<&'a [Vec<String>]>,
}

impl Serialize for EntryView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let ty = self.entity.entity_type();
        let uri = entity_uri(self.root, self.entity);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("__metadata", &MetadataView { uri: &uri, type_name: ty.name, media: ty.has_stream })?;
        for (property, value) in ty.properties.iter().zip(&self.entity.values) {
            if selected(self.select, property.name) {
                map.serialize_entry(property.name, &ValueView { edm: property.edm, value })?;
            }
        }
        for nav in ty.navigations.iter().filter(|n| selected(self.select, n.name)) {
            let view = NavigationView { root: self.root, entity: self.entity, uri: &uri, nav, select: self.select };
            map.serialize_entry(nav.name, &view)?;
        }
        map.end()
    }
}

struct MetadataView<'a> {
    uri: &'a str,
    type_name: &'a str,
    media: bool,
}

impl Serialize for MetadataView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", self.uri)?;
        map.serialize_entry("uri", self.uri)?;
        map.serialize_entry("type", &format_args!("{NAMESPACE}.{}", self.type_name))?;
        if self.media {
            map.serialize_entry("content_type", "application/octet-stream")?;
            map.serialize_entry("media_src", &format_args!("{}/$value", self.uri))?;
            map.serialize_entry("edit_media", &format_args!("{}/$value", self.uri))?;
        }
        map.end()
    }
}

struct NavigationView<'a> {
    root: &'a str,
    entity: &'a Entity,
    uri: &'a str,
    nav: &'a Navigation,
    select: Option<&'a [Vec<String>]>,
}

impl Serialize for NavigationView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some((_, targets)) = self.entity.expanded.iter().find(|(name, _)| *name == self.nav.name) else {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("__deferred", &DeferredView { uri: self.uri, nav: self.nav.name })?;
            return map.end();
        };
        let inner = nested(self.select, self.nav.name);
        let inner = inner.as_deref();
        match self.nav.multiplicity {
            Multiplicity::Many => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("results", &EntriesView { root: self.root, entities: targets, select: inner })?;
                map.end()
            }
            Multiplicity::ZeroOrOne | Multiplicity::One => match targets.first() {
                Some(target) => EntryView { root: self.root, entity: target, select: inner }.serialize(serializer),
                None => serializer.serialize_none(),
            },
        }
    }
}

struct DeferredView<'a> {
    uri: &'a str,
    nav: &'a str,
}

impl Serialize for DeferredView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("uri", &format_args!("{}/{}", self.uri, self.nav))?;
        map.end()
    }
}

/// A list of entries.
pub(crate) struct EntriesView<'a> {
    pub root: &'a str,
    pub entities: &'a [Entity],
    pub select: Option<&'a [Vec<String>]>,
}

impl Serialize for EntriesView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.entities.len()))?;
        for entity in self.entities {
            seq.serialize_element(&EntryView { root: self.root, entity, select: self.select })?;
        }
        seq.end()
    }
}

/// A property value in JSON verbose form.
pub(crate) struct ValueView<'a> {
    pub edm: EdmType,
    pub value: &'a Value,
}

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::Null => serializer.serialize_none(),
            Value::String(s) => serializer.serialize_str(s),
            Value::Boolean(b) => serializer.serialize_bool(*b),
            Value::Int32(n) => serializer.serialize_i32(*n),
            Value::Int64(n) => serializer.collect_str(n),
            Value::DateTime(ms) if self.edm == EdmType::DateTimeOffset => {
                serializer.collect_str(&format_args!("/Date({ms}+0000)/"))
            }
            Value::DateTime(ms) => serializer.collect_str(&format_args!("/Date({ms})/")),
            Value::Binary(bytes) => serializer.serialize_str(&STANDARD.encode(bytes)),
            Value::Complex(values) => ComplexView { edm: self.edm, values }.serialize(serializer),
        }
    }
}

struct ComplexView<'a> {
    edm: EdmType,
    values: &'a [Value],
}

impl Serialize for ComplexView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let EdmType::Complex(name) = self.edm else {
            return serializer.serialize_none();
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("__metadata", &TypeView { name })?;
        if let Some(complex) = crate::service::MODEL.complex_type(name) {
            for (property, value) in complex.properties.iter().zip(self.values) {
                map.serialize_entry(property.name, &ValueView { edm: property.edm, value })?;
            }
        }
        map.end()
    }
}

struct TypeView<'a> {
    name: &'a str,
}

impl Serialize for TypeView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("type", &format_args!("{NAMESPACE}.{}", self.name))?;
        map.end()
    }
}

/// `{"d":{"__count":"n","results":[…],"__next":"…"}}`.
pub(crate) struct FeedView<'a> {
    pub entries: EntriesView<'a>,
    pub count: Option<u64>,
    pub next: Option<&'a str>,
}

impl Serialize for FeedView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut outer = serializer.serialize_map(Some(1))?;
        outer.serialize_entry("d", &FeedBody(self))?;
        outer.end()
    }
}

struct FeedBody<'a>(&'a FeedView<'a>);

impl Serialize for FeedBody<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(count) = self.0.count {
            map.serialize_entry("__count", &format_args!("{count}"))?;
        }
        map.serialize_entry("results", &self.0.entries)?;
        if let Some(next) = self.0.next {
            map.serialize_entry("__next", next)?;
        }
        map.end()
    }
}

/// `{"d": entry}`.
pub(crate) struct EntityView<'a>(pub EntryView<'a>);

impl Serialize for EntityView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("d", &self.0)?;
        map.end()
    }
}
