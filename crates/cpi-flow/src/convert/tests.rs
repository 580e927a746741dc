use super::*;
use crate::xpath::document::{Document, NodeId, NodeKind};
use proptest::prelude::*;

/// A generated element: name, attributes, and either text or children (children of one name
/// are adjacent, which is the structure the conventions can carry both ways).
#[derive(Debug, Clone)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: Option<String>,
    children: Vec<Element>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

impl Element {
    fn write(&self, output: &mut String) {
        output.push_str(&format!("<{}", self.name));
        for (name, value) in &self.attributes {
            output.push_str(&format!(" {name}=\"{}\"", escape(value)));
        }
        output.push('>');
        if let Some(text) = &self.text {
            output.push_str(&escape(text));
        }
        for child in &self.children {
            child.write(output);
        }
        output.push_str(&format!("</{}>", self.name));
    }
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "Order", "ns-x", "d.e", "_f"]).prop_map(str::to_owned)
}

fn attributes() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map(name(), "[a-z0-9 &<\"]{0,6}", 0..3).prop_map(|map| map.into_iter().collect())
}

fn element() -> impl Strategy<Value = Element> {
    let leaf = (name(), attributes(), "[a-zA-Z0-9&<>]{0,8}").prop_map(|(name, attributes, text)| Element {
        name,
        attributes,
        text: Some(text),
        children: Vec::new(),
    });
    leaf.prop_recursive(4, 24, 4, move |inner| {
        (name(), attributes(), prop::collection::vec((inner, 1usize..3), 1..4)).prop_map(
            |(name, attributes, groups)| {
                let mut children: Vec<Element> = Vec::new();
                for (child, count) in groups {
                    if children.iter().any(|existing| existing.name == child.name) {
                        continue;
                    }
                    children.extend(std::iter::repeat_n(child, count));
                }
                Element { name, attributes, text: None, children }
            },
        )
    })
}

/// A comparable shape: name, sorted attributes, trimmed text, children.
fn shape(document: &Document, id: NodeId) -> String {
    let node = document.node(id);
    let mut attributes: Vec<String> = node
        .attributes
        .iter()
        .filter_map(|&attribute| match &document.node(attribute).kind {
            NodeKind::Attribute(name, value) => Some(format!("{}={value:?}", name.qualified)),
            _ => None,
        })
        .collect();
    attributes.sort();
    let mut text = String::new();
    let mut children = Vec::new();
    for &child in &node.children {
        match &document.node(child).kind {
            NodeKind::Text(part) => text.push_str(part),
            NodeKind::Element(_) => children.push(shape(document, child)),
            _ => {}
        }
    }
    let name = document.name(id).map(|name| name.qualified.clone()).unwrap_or_default();
    format!("{name}[{}]{:?}({})", attributes.join(","), text.trim(), children.join(","))
}

fn document_shape(xml: &[u8]) -> String {
    let document = Document::parse(xml).unwrap();
    shape(&document, document.document_element().unwrap())
}

#[test]
fn a_flow_round_trip() {
    let xml = br#"<Orders><Order id="1"><Item>a</Item><Item>b</Item></Order></Orders>"#;
    let json = xml_to_json(xml, &XmlToJsonOptions::default()).unwrap();
    assert_eq!(String::from_utf8_lossy(&json), r#"{"Orders":{"Order":{"@id":"1","Item":["a","b"]}}}"#);
    let back = json_to_xml(&json, &JsonToXmlOptions::default()).unwrap();
    assert_eq!(document_shape(&back), document_shape(xml));
    let suppressed = xml_to_json(xml, &XmlToJsonOptions { suppress_root_element: true }).unwrap();
    let options = JsonToXmlOptions { add_root_element: Some("Orders".into()), ..JsonToXmlOptions::default() };
    assert_eq!(document_shape(&json_to_xml(&suppressed, &options).unwrap()), document_shape(xml));
}

#[test]
fn options_default_as_sap_does() {
    let options = JsonToXmlOptions::default();
    assert_eq!((options.add_root_element, options.namespaces.len(), options.prefix_separator), (None, 0, ':'));
    assert!(!XmlToJsonOptions::default().suppress_root_element);
}

proptest! {
    #[test]
    fn xml_to_json_to_xml_preserves_structure(root in element()) {
        let mut xml = String::new();
        root.write(&mut xml);
        let json = xml_to_json(xml.as_bytes(), &XmlToJsonOptions::default()).unwrap();
        let back = json_to_xml(&json, &JsonToXmlOptions::default()).unwrap();
        prop_assert_eq!(document_shape(&back), document_shape(xml.as_bytes()));
    }

    #[test]
    fn json_to_xml_never_panics(json in "\\PC{0,64}") {
        let _ = json_to_xml(json.as_bytes(), &JsonToXmlOptions::default());
        let _ = json_to_xml(json.as_bytes(), &JsonToXmlOptions { add_root_element: Some("r".into()), ..JsonToXmlOptions::default() });
    }

    #[test]
    fn xml_to_json_never_panics(xml in "(<a>|</a>|<b x='1'>|</b>|<c/>|text|&amp;|&#x41;|<!--c-->|<![CDATA[x]]>| ){0,16}") {
        let _ = xml_to_json(xml.as_bytes(), &XmlToJsonOptions::default());
    }

    #[test]
    fn converted_json_is_always_valid_xml(
        members in prop::collection::vec(("[a-z]{1,4}|@[a-z]{1,3}|\\$", "[ -~]{0,6}"), 0..6)
    ) {
        let object: serde_json::Map<String, serde_json::Value> =
            members.into_iter().map(|(name, value)| (name, serde_json::Value::String(value))).collect();
        let json = serde_json::to_vec(&serde_json::json!({ "root": object })).unwrap();
        let xml = json_to_xml(&json, &JsonToXmlOptions::default()).unwrap();
        prop_assert!(Document::parse(&xml).is_ok());
    }
}
