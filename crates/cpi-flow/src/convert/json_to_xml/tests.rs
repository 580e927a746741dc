use super::*;

fn xml(json: &str, options: &JsonToXmlOptions) -> String {
    let bytes = convert(json.as_bytes(), options).unwrap_or_else(|e| panic!("{json}: {e}"));
    let text = String::from_utf8(bytes).unwrap();
    text.strip_prefix(XML_DECLARATION).unwrap().to_owned()
}

fn plain(json: &str) -> String {
    xml(json, &JsonToXmlOptions::default())
}

fn error(json: &str, options: &JsonToXmlOptions) -> String {
    convert(json.as_bytes(), options).unwrap_err().to_string()
}

#[test]
fn writes_the_declaration_sap_writes() {
    let bytes = convert(br#"{"a":"1"}"#, &JsonToXmlOptions::default()).unwrap();
    assert_eq!(String::from_utf8(bytes).unwrap(), "<?xml version='1.0' encoding='UTF-8'?><a>1</a>");
}

#[test]
fn members_arrays_and_values() {
    assert_eq!(
        plain(
            r#"{"order":{"id":7,"paid":true,"note":null,"items":[{"sku":"A"},{"sku":"B"}],"tags":["x","y"],"none":[],"empty":{},"s":""}}"#
        ),
        "<order><id>7</id><paid>true</paid><note/><items><sku>A</sku></items><items><sku>B</sku></items>\
         <tags>x</tags><tags>y</tags><empty/><s></s></order>"
    );
    assert_eq!(
        plain(r#"{"n":{"f":1.50,"e":-2e3,"big":12345678901234567890}}"#),
        "<n><f>1.5</f><e>-2000.0</e><big>12345678901234567890</big></n>"
    );
}

#[test]
fn attributes_and_text() {
    assert_eq!(
        plain(r#"{"a":{"@id":"1","@n":2,"@skip":null,"$":"text","b":"c"}}"#),
        r#"<a id="1" n="2">text<b>c</b></a>"#
    );
    assert_eq!(plain(r#"{"a":{"b":"c","$":"after"}}"#), "<a><b>c</b>after</a>");
    assert_eq!(plain(r#"{"a":{"@only":"x"}}"#), r#"<a only="x"/>"#);
}

#[test]
fn escapes_text_and_attributes() {
    assert_eq!(
        plain(r#"{"a":{"@q":"\"<&>\t","$":"<&>\"\r\n"}}"#),
        "<a q=\"&quot;&lt;&amp;&gt;&#9;\">&lt;&amp;&gt;\"&#13;\n</a>"
    );
    assert!(error(r#"{"a":"\u0001"}"#, &JsonToXmlOptions::default()).contains("U+0001"));
}

#[test]
fn root_element_rules() {
    let options = JsonToXmlOptions { add_root_element: Some("root".into()), ..JsonToXmlOptions::default() };
    assert_eq!(xml(r#"{"a":"1","b":["2","3"]}"#, &options), "<root><a>1</a><b>2</b><b>3</b></root>");
    assert_eq!(xml("{}", &options), "<root/>");
    assert!(error(r#"{"a":"1","b":"2"}"#, &JsonToXmlOptions::default()).contains("exactly one member"));
    assert!(error("{}", &JsonToXmlOptions::default()).contains("it has 0"));
    assert!(error(r#"{"a":[1,2]}"#, &JsonToXmlOptions::default()).contains("is an array"));
    assert!(error(r#"[{"a":1}]"#, &options).contains("must start with an object"));
    assert!(error(r#""text""#, &options).contains("must start with an object"));
}

#[test]
fn namespaces_are_mapped_and_declared_on_the_root() {
    let options = JsonToXmlOptions {
        add_root_element: None,
        namespaces: vec![("ns0".into(), "urn:a".into()), ("p".into(), "urn:b&c".into())],
        prefix_separator: '_',
    };
    assert_eq!(
        xml(r#"{"ns0_Order":{"@p_id":"1","p_Item":"x","plain_name":"y"}}"#, &options),
        r#"<ns0:Order xmlns:ns0="urn:a" xmlns:p="urn:b&amp;c" p:id="1"><p:Item>x</p:Item><plain_name>y</plain_name></ns0:Order>"#
    );
    let colon = JsonToXmlOptions { prefix_separator: ':', ..options.clone() };
    assert_eq!(xml(r#"{"ns0:a":"1"}"#, &colon), r#"<ns0:a xmlns:ns0="urn:a" xmlns:p="urn:b&amp;c">1</ns0:a>"#);
    assert!(error(r#"{"x:a":"1"}"#, &colon).contains("prefix 'x', which is not in the converter's namespace mapping"));
    assert!(error(r#"{"x:a":"1"}"#, &JsonToXmlOptions::default()).contains("not in the converter's namespace mapping"));
}

#[test]
fn rejects_what_xml_cannot_hold() {
    let options = JsonToXmlOptions::default();
    assert!(error(r#"{"first name":"x"}"#, &options).contains("'first name' is not a valid XML name"));
    assert!(error(r#"{"1a":"x"}"#, &options).contains("not a valid XML name"));
    assert!(error(r#"{"a":{"@":"x"}}"#, &options).contains("not a valid XML name"));
    assert!(
        error(r#"{"a":[[1]]}"#, &{ JsonToXmlOptions { add_root_element: Some("r".into()), ..options.clone() } })
            .contains("array inside an array")
    );
    assert!(error(r#"{"a":{"@x":[1]}}"#, &options).contains("single value"));
    assert!(error(r#"{"a":{"$":{"b":1}}}"#, &options).contains("'$' must hold a single value"));
    assert!(error("{", &options).starts_with("the message body is not valid JSON"));
}

#[test]
fn limits_nesting() {
    let deep = format!("{}1{}", r#"{"a":"#.repeat(127), "}".repeat(127));
    assert!(convert(deep.as_bytes(), &JsonToXmlOptions::default()).is_ok());
    let deeper = format!("{}1{}", r#"{"a":"#.repeat(300), "}".repeat(300));
    assert!(matches!(convert(deeper.as_bytes(), &JsonToXmlOptions::default()), Err(ConvertError::InvalidJson(_))));
}

#[test]
fn names_and_bom() {
    assert!(is_xml_name("_a-b.c1"));
    assert!(is_xml_name("Äpfel"));
    assert!(!is_xml_name(""));
    assert!(!is_xml_name("-a"));
    assert!(!is_xml_name("a b"));
    let bytes = convert(b"\xef\xbb\xbf{\"a\":\"1\"}", &JsonToXmlOptions::default()).unwrap();
    assert!(bytes.ends_with(b"<a>1</a>"));
}
