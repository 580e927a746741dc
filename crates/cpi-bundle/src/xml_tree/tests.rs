use super::*;

#[test]
fn elements_text_attributes_and_namespaces() {
    let root = parse_document(
        br#"<?xml version="1.0"?><!-- c --><p:root xmlns:p="urn:p" a="1 &amp; 2"><child>x &lt;y&gt; &#65;<![CDATA[<raw>]]></child><p:empty b='q'/></p:root>"#,
    )
    .expect("well-formed");
    assert_eq!((root.namespace.as_deref(), root.name.as_str()), (Some("urn:p"), "root"));
    assert_eq!(root.attribute("a"), Some("1 & 2"));
    assert_eq!(root.child_text("child"), "x <y> A<raw>");
    let empty = root.element("empty").expect("present");
    assert_eq!((empty.namespace.as_deref(), empty.attribute("b")), (Some("urn:p"), Some("q")));
    assert_eq!(root.elements().count(), 2);
    assert_eq!(root.child_text("missing"), "");
}

#[test]
fn malformed_documents_are_rejected() {
    for (document, expected) in [
        ("<a><b></a>", ""),
        ("<a>", "not closed"),
        ("<a/><b/>", "second root"),
        ("text<a/>", "outside the root"),
        ("<a>&unknown;</a>", "unknown entity"),
        ("", "no root element"),
        ("<a b='1' b='2'/>", ""),
        ("<a b=1/>", ""),
    ] {
        let error = parse_document(document.as_bytes()).expect_err(document);
        assert!(error.contains(expected), "{document}: {error}");
    }
    assert!(parse_document(&[0xff, 0xfe]).expect_err("binary").contains("UTF-8"));
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
    assert!(parse_document(deep.as_bytes()).expect_err("deep").contains("nested deeper"));
    let fine = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
    assert!(parse_document(fine.as_bytes()).is_ok());
}
