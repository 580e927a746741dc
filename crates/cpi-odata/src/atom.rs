//! The Atom XML representation (the real service's default; cpilint reads it with XPath):
//! entries, feeds, the AtomPub service document, `$links` and errors.

mod entry;
mod xml;

use entry::{Context, FeedHead, root_attributes, write_entry, write_feed};
#[cfg(test)]
pub(crate) use xml::balanced_elements;
pub(crate) use xml::escape;
pub use xml::{atom_timestamp, edm_datetime_text};

use crate::ODataError;
use crate::json::{entity_uri, trimmed_root};
use crate::model::ServiceModel;
use crate::value::Entity;

/// The XML declaration every document starts with.
const DECLARATION: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;
/// The Atom namespace.
const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
/// The AtomPub namespace (service document).
const NS_APP: &str = "http://www.w3.org/2007/app";
/// The OData metadata namespace (`m:`).
const NS_M: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
/// The OData data namespace (`d:`).
const NS_D: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices";
/// The scheme of `<category>`.
const SCHEME: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices/scheme";

/// One entity as an Atom `<entry>` document. Media entities put `<m:properties>` beside an
/// empty `<content src="…/$value">`; others put them inside `<content type="application/xml">`.
pub fn entry_document(service_root: &str, entity: &Entity, select: Option<&[Vec<String>]>, updated_ms: i64) -> String {
    let updated = atom_timestamp(updated_ms);
    let cx = Context { root: service_root, updated: &updated };
    let mut out = String::from(DECLARATION);
    write_entry(&mut out, cx, &root_attributes(service_root), entity, select);
    out
}

/// A collection as an Atom `<feed>` document. `feed_path` is relative to the service root
/// (`IntegrationPackages`, `IntegrationPackages('P')/IntegrationDesigntimeArtifacts`); `count`
/// adds `<m:count>`, `next` a `<link rel="next">` (taken as given).
#[allow(clippy::too_many_arguments)]
pub fn feed_document(
    service_root: &str,
    feed_path: &str,
    title: &str,
    entities: &[Entity],
    select: Option<&[Vec<String>]>,
    count: Option<u64>,
    next: Option<&str>,
    updated_ms: i64,
) -> String {
    let updated = atom_timestamp(updated_ms);
    let cx = Context { root: service_root, updated: &updated };
    let attributes = root_attributes(service_root);
    let head = FeedHead { attributes: &attributes, path: feed_path, title, count, next };
    let mut out = String::from(DECLARATION);
    write_feed(&mut out, cx, head, entities, select);
    out
}

/// The AtomPub service document: one `<collection>` per entity set.
pub fn service_document(service_root: &str, model: &ServiceModel) -> String {
    let mut out = String::from(DECLARATION);
    out.push_str(&format!(
        r#"<service xml:base="{}/" xmlns="{NS_APP}" xmlns:atom="{NS_ATOM}">"#,
        escape(trimmed_root(service_root))
    ));
    out.push_str("<workspace><atom:title>Default</atom:title>");
    for set in model.entity_sets {
        let name = escape(set.name);
        out.push_str(&format!(r#"<collection href="{name}"><atom:title>{name}</atom:title></collection>"#));
    }
    out.push_str("</workspace></service>");
    out
}

/// An error document: `<error><code>…</code><message xml:lang="en">…</message></error>`.
pub fn error_document(error: &ODataError) -> String {
    format!(
        r#"{DECLARATION}<error xmlns="{NS_M}"><code>{}</code><message xml:lang="en">{}</message></error>"#,
        escape(error.code()),
        escape(&error.to_string())
    )
}

/// A `$links` document: one `<uri>` when `single` (an empty `<uri/>` without an entity),
/// otherwise `<links>` with one `<uri>` per entity.
pub fn links_document(service_root: &str, entities: &[Entity], single: bool) -> String {
    let uri = |e: &Entity| format!("<uri>{}</uri>", escape(&entity_uri(service_root, e)));
    if single {
        let text = entities.first().map(|e| escape(&entity_uri(service_root, e))).unwrap_or_default();
        return format!(r#"{DECLARATION}<uri xmlns="{NS_D}">{text}</uri>"#);
    }
    let uris: String = entities.iter().map(uri).collect();
    format!(r#"{DECLARATION}<links xmlns="{NS_D}">{uris}</links>"#)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service;
    use crate::value::Value;

    const ROOT: &str = "https://host:443/api/v1";
    const UPDATED: i64 = 1_700_000_000_123;

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    fn runtime_artifact() -> Entity {
        let values = vec![s("flow1"), s("1.0.0"), s("Flow <1>"), s("INTEGRATION_FLOW"), s("me")];
        let values = values.into_iter().chain([Value::DateTime(1_521_463_557_739), s("ERROR")]).collect();
        let info =
            Entity { set: service::runtime_artifact_error_informations(), values: vec![s("flow1")], expanded: vec![] };
        Entity {
            set: service::integration_runtime_artifacts(),
            values,
            expanded: vec![("ErrorInformation", vec![info])],
        }
    }

    fn endpoint() -> Entity {
        let values = vec![s("n"), s("a$b=c"), s("t"), s("1"), s("sum"), s("d & e"), Value::DateTime(0), Value::Null];
        let entry_point = Entity {
            set: service::entry_points(),
            values: vec![s("n"), s("https://x/a?b=1&c=2"), s("PROD"), Value::Null],
            expanded: vec![],
        };
        Entity { set: service::service_endpoints(), values, expanded: vec![("EntryPoints", vec![entry_point])] }
    }

    fn val_map(id: &str) -> Entity {
        let value = Value::Complex(vec![s("src"), Value::Null]);
        Entity { set: service::val_maps(), values: vec![s(id), value], expanded: vec![] }
    }

    fn resource() -> Entity {
        let values = vec![s("script.groovy"), s("groovy"), Value::Null, Value::Int64(6961), s("Bytes"), Value::Null];
        Entity { set: service::resources(), values, expanded: vec![] }
    }

    #[test]
    fn media_entry_snapshot() {
        let xml = entry_document(ROOT, &runtime_artifact(), None, UPDATED);
        balanced_elements(&xml);
        assert!(xml.contains(
            r#"<link href="IntegrationRuntimeArtifacts('flow1')" rel="edit" title="IntegrationRuntimeArtifact"/>"#
        ));
        assert!(xml.contains(r#"<content type="application/octet-stream" src="IntegrationRuntimeArtifacts('flow1')/$value"/><m:properties>"#));
        assert!(xml.contains(r#"<d:DeployedOn m:type="Edm.DateTime">2018-03-19T12:45:57.739</d:DeployedOn>"#));
        assert!(xml.contains("<d:Name>Flow &lt;1&gt;</d:Name>"));
        insta::assert_snapshot!(xml);
    }

    #[test]
    fn non_media_entry_snapshot() {
        let xml = entry_document(ROOT, &endpoint(), None, UPDATED);
        balanced_elements(&xml);
        assert!(xml.contains(r#"<content type="application/xml"><m:properties>"#));
        assert!(xml.contains("<id>https://host:443/api/v1/ServiceEndpoints('a%24b%3Dc')</id>"));
        assert!(xml.contains(r#"<d:Protocol m:null="true"/>"#));
        assert!(xml.contains("<m:inline><feed>"));
        insta::assert_snapshot!(xml);
    }

    #[test]
    fn feed_snapshot() {
        let entities = [val_map("1"), val_map("2")];
        let next = "ValMaps?$skiptoken=2";
        let xml = feed_document(ROOT, "ValMaps", "ValMaps", &entities, None, Some(3), Some(next), UPDATED);
        balanced_elements(&xml);
        assert_eq!(xml.matches("<entry>").count(), 2);
        assert_eq!(xml.matches("xmlns=").count(), 1);
        assert!(xml.contains("<m:count>3</m:count>"));
        assert!(xml.contains(r#"<link rel="next" href="ValMaps?$skiptoken=2"/></feed>"#));
        assert!(xml.contains(r#"<d:Value m:type="com.sap.hci.api.Value"><d:SrcValue>src</d:SrcValue><d:TgtValue m:null="true"/></d:Value>"#));
        insta::assert_snapshot!(xml);
    }

    #[test]
    fn typed_properties_and_select() {
        let select = vec![vec!["ResourceSize".to_owned()]];
        let xml = entry_document(ROOT, &resource(), Some(&select), UPDATED);
        assert!(
            xml.contains(r#"<m:properties><d:ResourceSize m:type="Edm.Int64">6961</d:ResourceSize></m:properties>"#)
        );
        assert!(xml.contains("<updated>2023-11-14T22:13:20.123Z</updated>"));
        let select = vec![vec!["Id".to_owned()]];
        let xml = entry_document(ROOT, &runtime_artifact(), Some(&select), UPDATED);
        assert!(!xml.contains("ErrorInformation\""));
        let plain = feed_document(ROOT, "Resources", "Resources", &[], None, None, None, UPDATED);
        assert!(plain.ends_with(r#"<link href="Resources" rel="self" title="Resources"/></feed>"#));
    }

    #[test]
    fn service_error_and_links_documents() {
        let doc = service_document(ROOT, &service::MODEL);
        balanced_elements(&doc);
        assert!(doc.contains(r#"<service xml:base="https://host:443/api/v1/" xmlns="http://www.w3.org/2007/app""#));
        assert!(
            doc.contains(r#"<collection href="APIDefinitions"><atom:title>APIDefinitions</atom:title></collection>"#)
        );
        let err = error_document(&ODataError::NotFound("No <such> thing".into()));
        assert_eq!(
            err,
            concat!(
                r#"<?xml version="1.0" encoding="utf-8"?><error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">"#,
                r#"<code>Not Found</code><message xml:lang="en">No &lt;such&gt; thing</message></error>"#
            )
        );
        let one = links_document(ROOT, &[val_map("1")], true);
        assert!(one.ends_with(r#"<uri xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices">https://host:443/api/v1/ValMaps('1')</uri>"#));
        let many = links_document(ROOT, &[val_map("1"), val_map("2")], false);
        assert!(many.ends_with("ValMaps('1')</uri><uri>https://host:443/api/v1/ValMaps('2')</uri></links>"));
    }
}
