use super::*;
use proptest::prelude::*;

const ORDERS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<root>
  <order id="1" type="A"><status>OPEN</status><amount>10.5</amount><name>first</name></order>
  <order id="2" type="B"><status>CLOSED</status><amount>4</amount><name>second</name></order>
  <order id="3" type="A"><status>OPEN</status><amount>x</amount><name>  third   one </name></order>
  <item><name>i1</name></item>
  <item><name>i2</name></item>
</root>"#;

fn eval_ns(path: &str, xml: &[u8], namespaces: &[(String, String)]) -> XPathValue {
    XPath::parse(path, namespaces)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .evaluate(xml)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn eval(path: &str) -> XPathValue {
    eval_ns(path, ORDERS, &[])
}

fn nodes(path: &str) -> Vec<String> {
    match eval(path) {
        XPathValue::Nodes(nodes) => nodes,
        other => panic!("{path}: {other:?}"),
    }
}

fn text(path: &str) -> String {
    eval(path).to_text()
}

#[test]
fn real_flow_examples() {
    let flows = br#"<IntegrationFlows><IntegrationFlow><Id>A</Id></IntegrationFlow><IntegrationFlow><Id>B</Id></IntegrationFlow></IntegrationFlows>"#;
    assert_eq!(
        eval_ns("/IntegrationFlows/IntegrationFlow", flows, &[]),
        XPathValue::Nodes(vec!["A".into(), "B".into()])
    );
    let jobs = br#"<EmpJob><EmpJob><userId>u1</userId></EmpJob></EmpJob>"#;
    assert_eq!(eval_ns("count(/EmpJob/EmpJob/userId) != 0", jobs, &[]), XPathValue::Boolean(true));
    assert_eq!(eval_ns("count(/EmpJob/EmpJob/nobody) != 0", jobs, &[]), XPathValue::Boolean(false));
    assert_eq!(eval("//order/status = 'OPEN'"), XPathValue::Boolean(true));
    assert_eq!(eval("//order/status = 'NEW'"), XPathValue::Boolean(false));
    assert_eq!(text("/root/item[1]/name"), "i1");
}

#[test]
fn steps_and_abbreviations() {
    assert_eq!(nodes("/root/order/@id"), vec!["1", "2", "3"]);
    assert_eq!(nodes("//name[../@type='A']").len(), 2);
    assert_eq!(nodes("/root/*[2]/name"), vec!["second"]);
    assert_eq!(nodes("/root/order[status='OPEN']/@id"), vec!["1", "3"]);
    assert_eq!(nodes("/root/order[@type='B']/name"), vec!["second"]);
    assert_eq!(nodes("/root/order[last()]/@id"), vec!["3"]);
    assert_eq!(nodes("/root/order[position() > 1]/@id"), vec!["2", "3"]);
    assert_eq!(nodes("//order[1]/name/text()"), vec!["first"]);
    assert_eq!(nodes("/root/order/name/.."), nodes("/root/order"));
    assert_eq!(nodes("(//name)[last()]"), vec!["i2"]);
    assert_eq!(nodes("//item/name | //order[1]/name"), vec!["first", "i1", "i2"]);
    assert_eq!(nodes("/root/order/@*").len(), 6);
    assert_eq!(nodes("/"), vec![nodes("/root")[0].clone()]);
}

#[test]
fn other_axes() {
    assert_eq!(nodes("//order[2]/following-sibling::order/@id"), vec!["3"]);
    assert_eq!(nodes("//order[3]/preceding-sibling::order[1]/@id"), vec!["2"]);
    assert_eq!(nodes("//status[. = 'CLOSED']/ancestor::*[1]/@id"), vec!["2"]);
    assert_eq!(nodes("//order[3]/following::name"), vec!["i1", "i2"]);
    assert_eq!(nodes("//item[1]/preceding::status"), vec!["OPEN", "CLOSED", "OPEN"]);
    assert_eq!(nodes("//item[1]/descendant-or-self::*").len(), 2);
    assert_eq!(nodes("//order[1]/self::order/child::name"), vec!["first"]);
    assert_eq!(nodes("//order[1]/@id/parent::*/name"), vec!["first"]);
    assert_eq!(nodes("//comment()"), Vec::<String>::new());
}

#[test]
fn functions() {
    assert_eq!(eval("count(//order)"), XPathValue::Number(3.0));
    assert_eq!(eval("not(//order)"), XPathValue::Boolean(false));
    assert_eq!(text("string(//order[2]/status)"), "CLOSED");
    assert_eq!(eval("contains(//order[1]/name, 'irs')"), XPathValue::Boolean(true));
    assert_eq!(eval("starts-with(//order[2]/name, 'sec')"), XPathValue::Boolean(true));
    assert_eq!(eval("ends-with(//order[2]/name, 'ond')"), XPathValue::Boolean(true));
    assert_eq!(text("normalize-space(//order[3]/name)"), "third one");
    assert_eq!(eval("string-length(//order[1]/name)"), XPathValue::Number(5.0));
    assert_eq!(eval("sum(//order[position() < 3]/amount)"), XPathValue::Number(14.5));
    assert!(matches!(eval("sum(//amount)"), XPathValue::Number(n) if n.is_nan()));
    assert_eq!(eval("boolean(//nothing)"), XPathValue::Boolean(false));
    assert_eq!(eval("true() and not(false())"), XPathValue::Boolean(true));
    assert_eq!(text("concat(name(/root), '-', local-name(//order[1]), '-', namespace-uri(/root))"), "root-order-");
    assert_eq!(text("substring-before('a=b', '=')"), "a");
    assert_eq!(text("substring-after('a=b', '=')"), "b");
    assert_eq!(text("translate('abc', 'b', 'B')"), "aBc");
    assert_eq!(text("concat(upper-case('a'), lower-case('B'))"), "Ab");
    assert_eq!(eval("floor(2.7) + ceiling(2.1) + round(2.5)"), XPathValue::Number(8.0));
    assert_eq!(eval("number('12') = 12"), XPathValue::Boolean(true));
    assert_eq!(text("string(1 div 0)"), "Infinity");
}

#[test]
fn node_set_comparisons_follow_xpath() {
    assert_eq!(eval("//status != 'OPEN'"), XPathValue::Boolean(true));
    assert_eq!(eval("//amount > 10"), XPathValue::Boolean(true));
    assert_eq!(eval("//amount > 11"), XPathValue::Boolean(false));
    assert_eq!(eval("//amount = 4.0"), XPathValue::Boolean(true));
    assert_eq!(eval("//order/@type = //order[2]/@type"), XPathValue::Boolean(true));
    assert_eq!(eval("//nothing = ''"), XPathValue::Boolean(false));
    assert_eq!(eval("//nothing != ''"), XPathValue::Boolean(false));
    assert_eq!(eval("//nothing = false()"), XPathValue::Boolean(true));
    assert_eq!(eval("'10' > '9'"), XPathValue::Boolean(true));
    assert_eq!(eval("1 = '1.0'"), XPathValue::Boolean(true));
    assert_eq!(eval("true() = 'x'"), XPathValue::Boolean(true));
    assert_eq!(eval("7 mod 3 + -2 * 2 - 10 div 4"), XPathValue::Number(-5.5));
}

#[test]
fn namespaces_map_prefixes_and_default_namespaces_are_lenient() {
    let xml = br#"<ns0:Orders xmlns:ns0="urn:o"><ns0:Order><Id xmlns="urn:d">7</Id></ns0:Order></ns0:Orders>"#;
    let mapping = vec![("o".to_owned(), "urn:o".to_owned()), ("d".to_owned(), "urn:d".to_owned())];
    assert_eq!(eval_ns("/o:Orders/o:Order/d:Id", xml, &mapping).to_text(), "7");
    assert_eq!(eval_ns("/o:Orders/o:Order/Id", xml, &mapping).to_text(), "7");
    assert_eq!(eval_ns("/Orders", xml, &mapping), XPathValue::Nodes(vec![]));
    assert_eq!(eval_ns("count(/o:*/o:*)", xml, &mapping), XPathValue::Number(1.0));
    let default = br#"<Order xmlns="urn:x"><Id>1</Id></Order>"#;
    assert_eq!(eval_ns("/Order/Id", default, &[]).to_text(), "1");
}

#[test]
fn values_convert() {
    assert!(XPathValue::Nodes(vec![String::new()]).to_boolean());
    assert!(!XPathValue::Nodes(vec![]).to_boolean());
    assert_eq!(XPathValue::Nodes(vec![]).to_text(), "");
    assert_eq!(XPathValue::Number(2.0).to_text(), "2");
    assert!(!XPathValue::Number(f64::NAN).to_boolean());
    assert_eq!(XPathValue::Boolean(true).to_text(), "true");
    assert!(!XPathValue::Text(String::new()).to_boolean());
}

#[test]
fn errors() {
    let path = XPath::parse("/a", &[]).unwrap();
    assert!(matches!(path.evaluate(b"<a>"), Err(XPathError::Document(_))));
    assert!(
        matches!(path.evaluate(b"<!DOCTYPE a><a/>"), Err(XPathError::Document(reason)) if reason.contains("DOCTYPE"))
    );
    let error = XPath::parse("count('x')", &[]).unwrap().evaluate(b"<a/>").unwrap_err();
    assert_eq!(error.to_string(), "the XPath cannot be evaluated: the argument of count() must be a node-set");
    assert!(XPath::parse("'x'/a", &[]).unwrap().evaluate(b"<a/>").is_err());
    assert!(XPath::parse("1 | /a", &[]).unwrap().evaluate(b"<a/>").is_err());
    assert_eq!(
        XPath::parse("/a[", &[]).unwrap_err().to_string(),
        "invalid XPath at position 3: expected a value, found the end"
    );
}

#[test]
fn pathological_expressions_run_out_of_budget() {
    let xml = format!("<r>{}</r>", "<a/>".repeat(12_000));
    let error = XPath::parse("//a = //a", &[]).unwrap().evaluate(xml.as_bytes()).unwrap_err();
    assert!(error.to_string().contains("visits more than"), "{error}");
}

#[test]
fn a_document_can_be_reused() {
    let document = XmlDocument::parse(ORDERS).unwrap();
    assert_eq!(XPath::parse("count(//order)", &[]).unwrap().evaluate_in(&document).unwrap(), XPathValue::Number(3.0));
    assert_eq!(XPath::parse("//item[2]/name", &[]).unwrap().evaluate_in(&document).unwrap().to_text(), "i2");
}

proptest! {
    #[test]
    fn parse_never_panics(text in "\\PC{0,60}") {
        if let Ok(path) = XPath::parse(&text, &[]) {
            let _ = path.evaluate(ORDERS);
        }
    }

    #[test]
    fn parse_never_panics_on_xpath_like_text(
        text in "(/|//|\\.|\\.\\.|@|\\*|order|name|status|\\[|\\]|\\(|\\)|[0-9]|'A'|=|!=|<|>|and|or|count|not|last|,|\\||-|::|child|text| ){0,20}"
    ) {
        if let Ok(path) = XPath::parse(&text, &[]) {
            let _ = path.evaluate(ORDERS);
        }
    }

    #[test]
    fn evaluation_never_panics_on_arbitrary_documents(xml in "(<a>|</a>|<b x='1'>|</b>|<c/>|text|&amp;|&x;| ){0,20}") {
        let path = XPath::parse("//a[1]/../b/@x | //c/following::* | //text()", &[]).unwrap();
        let _ = path.evaluate(xml.as_bytes());
    }
}
