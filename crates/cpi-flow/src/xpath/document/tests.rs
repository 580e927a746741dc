use super::*;

fn element_names(document: &Document, id: NodeId) -> Vec<String> {
    document
        .node(id)
        .children
        .iter()
        .filter_map(|&child| match &document.node(child).kind {
            NodeKind::Element(name) => Some(name.qualified.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn builds_elements_attributes_and_text_in_document_order() {
    let xml = br#"<?xml version="1.0"?><!-- c --><root a="1" b="x &amp; y"><x>one</x><y/>tail &lt;&#65;<![CDATA[<c>]]></root>"#;
    let document = Document::parse(xml).unwrap();
    let root = document.document_element().unwrap();
    assert_eq!(element_names(&document, root), vec!["x", "y"]);
    let attributes = &document.node(root).attributes;
    assert_eq!(attributes.len(), 2);
    assert!(attributes.iter().all(|&id| id > root && id < document.node(root).children[0]));
    assert_eq!(document.string_value(attributes[1]), "x & y");
    assert_eq!(document.string_value(root), "onetail <A<c>");
    assert_eq!(document.string_value(document.root()), "onetail <A<c>");
    assert_eq!(document.node(root).parent, Some(0));
}

#[test]
fn resolves_namespaces_and_drops_declarations() {
    let xml = br#"<ns0:Order xmlns:ns0="urn:o" xmlns="urn:d" ns0:id="7" plain="p"><Item/></ns0:Order>"#;
    let document = Document::parse(xml).unwrap();
    let root = document.document_element().unwrap();
    let name = document.name(root).unwrap();
    assert_eq!((name.qualified.as_str(), name.local.as_str(), name.prefixed), ("ns0:Order", "Order", true));
    assert_eq!(name.namespace.as_deref(), Some("urn:o"));
    let attributes: Vec<&Name> = document.node(root).attributes.iter().map(|&id| document.name(id).unwrap()).collect();
    assert_eq!(attributes.len(), 2);
    assert_eq!(attributes[0].namespace.as_deref(), Some("urn:o"));
    assert_eq!(attributes[1].namespace, None);
    let item = document.node(root).children[0];
    let item_name = document.name(item).unwrap();
    assert_eq!((item_name.namespace.as_deref(), item_name.prefixed), (Some("urn:d"), false));
}

#[test]
fn keeps_whitespace_text_inside_the_root_only() {
    let document = Document::parse(b"\xef\xbb\xbf\n<a> <b/> </a>\n").unwrap();
    let root = document.document_element().unwrap();
    assert_eq!(document.node(root).children.len(), 3);
    assert_eq!(document.node(document.root()).children, vec![root]);
}

#[test]
fn rejects_what_it_must() {
    let cases: [(&[u8], &str); 10] = [
        (b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "DOCTYPE"),
        (b"<a>&x;</a>", "'&x;' is not defined"),
        (b"<a><b></a>", ""),
        (b"<a>", "ends inside"),
        (b"", "no root element"),
        (b"<a/><b/>", "more than one root"),
        (b"<a/>text", "outside the root"),
        (b"<p:a/>", "prefix 'p' is not declared"),
        (b"<a>\xff</a>", "not UTF-8"),
        (b"<a x='1' x='2'/>", "bad attribute"),
    ];
    for (xml, expected) in cases {
        let error = Document::parse(xml).unwrap_err();
        assert!(error.contains(expected), "{}: {error}", String::from_utf8_lossy(xml));
    }
}

#[test]
fn limits_depth() {
    let deep = |levels: usize| format!("{}{}", "<a>".repeat(levels), "</a>".repeat(levels));
    assert!(Document::parse(deep(MAX_DEPTH).as_bytes()).is_ok());
    assert!(Document::parse(deep(MAX_DEPTH + 1).as_bytes()).unwrap_err().contains("nested deeper"));
}
