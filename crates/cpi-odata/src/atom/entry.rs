//! Atom `<entry>` and `<feed>` bodies and the `<m:properties>` of an entity.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::xml::{edm_datetime_text, escape};
use super::{NS_ATOM, NS_D, NS_M, SCHEME};
use crate::NAMESPACE;
use crate::json::{entity_path, entity_uri, nested, selected, trimmed_root};
use crate::model::{EdmType, Multiplicity, Navigation, Property};
use crate::value::{Entity, Value};

/// What every entry and feed of one document shares.
#[derive(Debug, Clone, Copy)]
pub(super) struct Context<'a> {
    /// The service root (absolute).
    pub root: &'a str,
    /// The `<updated>` text.
    pub updated: &'a str,
}

/// The namespace declarations and `xml:base` of a document's root element.
pub(super) fn root_attributes(root: &str) -> String {
    format!(r#" xml:base="{}/" xmlns="{NS_ATOM}" xmlns:m="{NS_M}" xmlns:d="{NS_D}""#, escape(trimmed_root(root)))
}

/// Writes `<feed …>…</feed>` with the given extra root attributes (empty for inline feeds).
pub(super) fn write_feed(
    out: &mut String,
    cx: Context<'_>,
    head: FeedHead<'_>,
    entities: &[Entity],
    select: Option<&[Vec<String>]>,
) {
    let path = escape(head.path);
    let title = escape(head.title);
    out.push_str(&format!("<feed{}>", head.attributes));
    out.push_str(&format!("<id>{}/{path}</id>", escape(trimmed_root(cx.root))));
    out.push_str(&format!(r#"<title type="text">{title}</title><updated>{}</updated>"#, cx.updated));
    out.push_str(&format!(r#"<author><name/></author><link href="{path}" rel="self" title="{title}"/>"#));
    if let Some(count) = head.count {
        out.push_str(&format!("<m:count>{count}</m:count>"));
    }
    for entity in entities {
        write_entry(out, cx, "", entity, select);
    }
    if let Some(next) = head.next {
        out.push_str(&format!(r#"<link rel="next" href="{}"/>"#, escape(next)));
    }
    out.push_str("</feed>");
}

/// The head of a feed.
#[derive(Debug, Clone, Copy)]
pub(super) struct FeedHead<'a> {
    /// Root attributes (namespaces), empty for inline feeds.
    pub attributes: &'a str,
    /// Path relative to the service root (`IntegrationPackages`, `Set(key)/Nav`).
    pub path: &'a str,
    /// `<title>`.
    pub title: &'a str,
    /// `<m:count>`.
    pub count: Option<u64>,
    /// The next link, as given.
    pub next: Option<&'a str>,
}

/// Writes `<entry …>…</entry>` with the given extra root attributes (empty inside a feed).
pub(super) fn write_entry(
    out: &mut String,
    cx: Context<'_>,
    attributes: &str,
    entity: &Entity,
    select: Option<&[Vec<String>]>,
) {
    let ty = entity.entity_type();
    let path = escape(&entity_path(entity));
    out.push_str(&format!("<entry{attributes}><id>{}</id>", escape(&entity_uri(cx.root, entity))));
    out.push_str(&format!(r#"<title type="text">{}</title><updated>{}</updated>"#, entity.set.name, cx.updated));
    out.push_str(&format!(r#"<category term="{NAMESPACE}.{}" scheme="{SCHEME}"/>"#, ty.name));
    out.push_str(&format!(r#"<link href="{path}" rel="edit" title="{}"/>"#, ty.name));
    if ty.has_stream {
        out.push_str(&format!(r#"<link href="{path}/$value" rel="edit-media" type="application/octet-stream"/>"#));
    }
    for nav in ty.navigations.iter().filter(|n| selected(select, n.name)) {
        write_navigation(out, cx, entity, &path, nav, select);
    }
    if ty.has_stream {
        out.push_str(&format!(r#"<content type="application/octet-stream" src="{path}/$value"/>"#));
        write_properties(out, entity, select);
    } else {
        out.push_str(r#"<content type="application/xml">"#);
        write_properties(out, entity, select);
        out.push_str("</content>");
    }
    out.push_str("</entry>");
}

/// Writes a navigation `<link>`, with `<m:inline>` content when expanded.
fn write_navigation(
    out: &mut String,
    cx: Context<'_>,
    entity: &Entity,
    path: &str,
    nav: &Navigation,
    select: Option<&[Vec<String>]>,
) {
    let kind = if nav.multiplicity == Multiplicity::Many { "feed" } else { "entry" };
    let name = nav.name;
    let rel = format!("http://schemas.microsoft.com/ado/2007/08/dataservices/related/{name}");
    let link =
        format!(r#"<link href="{path}/{name}" rel="{rel}" type="application/atom+xml;type={kind}" title="{name}""#);
    let Some((_, targets)) = entity.expanded.iter().find(|(n, _)| *n == name) else {
        out.push_str(&link);
        out.push_str("/>");
        return;
    };
    let inner = nested(select, name);
    out.push_str(&link);
    out.push_str("><m:inline>");
    if nav.multiplicity == Multiplicity::Many {
        // `path` is already escaped; the feed escapes again, so build it from the raw path.
        let feed_path = format!("{}/{name}", entity_path(entity));
        let head = FeedHead { attributes: "", path: &feed_path, title: name, count: None, next: None };
        write_feed(out, cx, head, targets, inner.as_deref());
    } else if let Some(target) = targets.first() {
        write_entry(out, cx, "", target, inner.as_deref());
    }
    out.push_str("</m:inline></link>");
}

/// Writes `<m:properties>` with the selected properties in type order.
fn write_properties(out: &mut String, entity: &Entity, select: Option<&[Vec<String>]>) {
    out.push_str("<m:properties>");
    for (property, value) in entity.entity_type().properties.iter().zip(&entity.values) {
        if selected(select, property.name) {
            write_property(out, property, value);
        }
    }
    out.push_str("</m:properties>");
}

/// Writes one `<d:Name>` element.
fn write_property(out: &mut String, property: &Property, value: &Value) {
    let name = property.name;
    let type_attr = match property.edm {
        EdmType::String => String::new(),
        edm => format!(r#" m:type="{}""#, edm.edmx_name()),
    };
    let text = match value {
        Value::Null => {
            out.push_str(&format!(r#"<d:{name}{type_attr} m:null="true"/>"#));
            return;
        }
        Value::Complex(values) => {
            out.push_str(&format!("<d:{name}{type_attr}>"));
            write_complex(out, property.edm, values);
            out.push_str(&format!("</d:{name}>"));
            return;
        }
        Value::String(s) => escape(s),
        Value::Boolean(b) => b.to_string(),
        Value::Int32(n) => n.to_string(),
        Value::Int64(n) => n.to_string(),
        Value::DateTime(ms) if property.edm == EdmType::DateTimeOffset => format!("{}Z", edm_datetime_text(*ms)),
        Value::DateTime(ms) => edm_datetime_text(*ms),
        Value::Binary(bytes) => STANDARD.encode(bytes),
    };
    out.push_str(&format!("<d:{name}{type_attr}>{text}</d:{name}>"));
}

/// Writes the properties of a complex value.
fn write_complex(out: &mut String, edm: EdmType, values: &[Value]) {
    let EdmType::Complex(name) = edm else {
        return;
    };
    if let Some(complex) = crate::service::MODEL.complex_type(name) {
        for (property, value) in complex.properties.iter().zip(values) {
            write_property(out, property, value);
        }
    }
}
