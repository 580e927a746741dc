use super::*;

fn json(xml: &str, suppress_root_element: bool) -> String {
    let bytes =
        convert(xml.as_bytes(), &XmlToJsonOptions { suppress_root_element }).unwrap_or_else(|e| panic!("{xml}: {e}"));
    String::from_utf8(bytes).unwrap()
}

#[test]
fn elements_attributes_and_text() {
    assert_eq!(
        json(
            r#"<FirstLevel Source="InService"><Task nodeAttribute="234"><JobNumber>J918290</JobNumber><TaskType elementAttribute="eA">Miscellaneous</TaskType></Task></FirstLevel>"#,
            false
        ),
        r#"{"FirstLevel":{"@Source":"InService","Task":{"@nodeAttribute":"234","JobNumber":"J918290","TaskType":{"@elementAttribute":"eA","$":"Miscellaneous"}}}}"#
    );
}

#[test]
fn repeated_siblings_become_arrays() {
    assert_eq!(
        json("<r><a>1</a><b>x</b><a>2</a><a><c>3</c></a></r>", false),
        r#"{"r":{"a":["1","2",{"c":"3"}],"b":"x"}}"#
    );
    assert_eq!(json("<r><a>1</a></r>", false), r#"{"r":{"a":"1"}}"#);
}

#[test]
fn every_value_is_a_string_and_empty_elements_are_empty_strings() {
    assert_eq!(
        json("<r><n>12</n><b>true</b><e/><f></f><w>  x </w></r>", false),
        r#"{"r":{"n":"12","b":"true","e":"","f":"","w":"  x "}}"#
    );
    assert_eq!(json("<r/>", false), r#"{"r":""}"#);
}

#[test]
fn whitespace_between_children_is_dropped_but_mixed_text_is_kept() {
    assert_eq!(json("<r>\n  <a>1</a>\n</r>", false), r#"{"r":{"a":"1"}}"#);
    assert_eq!(json("<r x='1'> </r>", false), r#"{"r":{"@x":"1"}}"#);
    assert_eq!(json("<r>hello <b>x</b> world</r>", false), r#"{"r":{"$":"hello  world","b":"x"}}"#);
}

#[test]
fn suppressing_the_root() {
    assert_eq!(json("<root><a>1</a><a>2</a></root>", true), r#"{"a":["1","2"]}"#);
    assert_eq!(json("<root>text</root>", true), r#""text""#);
}

#[test]
fn qualified_names_and_escapes() {
    assert_eq!(
        json(r#"<ns0:Order xmlns:ns0="urn:o" xmlns="urn:d" ns0:id="7"><Item>a &amp; "b"</Item></ns0:Order>"#, false),
        r#"{"ns0:Order":{"@ns0:id":"7","Item":"a & \"b\""}}"#
    );
}

#[test]
fn rejects_bad_documents() {
    for xml in ["", "<a>", "<!DOCTYPE a><a/>", "<a>&ent;</a>", "not xml"] {
        let error = convert(xml.as_bytes(), &XmlToJsonOptions::default()).unwrap_err();
        assert!(matches!(error, ConvertError::InvalidXml(_)), "{xml}: {error}");
    }
    let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
    let error = convert(deep.as_bytes(), &XmlToJsonOptions::default()).unwrap_err();
    assert!(error.to_string().contains("nested deeper than 256"), "{error}");
}
