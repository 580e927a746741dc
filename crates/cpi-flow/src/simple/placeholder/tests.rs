use super::*;
use crate::simple::test_scope::TestScope;

fn evaluate(content: &str, scope: &TestScope) -> Option<String> {
    Placeholder::parse(content).unwrap().evaluate(scope).unwrap().into_text()
}

fn scope() -> TestScope {
    TestScope::new()
        .header("Content-Type", "application/json")
        .header("count", "3")
        .property("SAP_MessageProcessingLogID", "AGX-1")
        .property("my.dotted.name", "dotted")
        .property("flag", " yes ")
        .body(b"<a>1</a>")
}

#[test]
fn header_spellings() {
    let scope = scope();
    for content in [
        "header.content-type",
        "in.header.Content-Type",
        "headers.CONTENT-TYPE",
        "in.headers.Content-Type",
        "header[Content-Type]",
        "header['Content-Type']",
        "headers[\"content-type\"]",
        " header.Content-Type ",
    ] {
        assert_eq!(evaluate(content, &scope).as_deref(), Some("application/json"), "{content}");
    }
    assert_eq!(evaluate("header.missing", &scope), None);
}

#[test]
fn property_spellings_and_dotted_names() {
    let scope = scope();
    assert_eq!(evaluate("property.SAP_MessageProcessingLogID", &scope).as_deref(), Some("AGX-1"));
    assert_eq!(evaluate("exchangeProperty.SAP_MessageProcessingLogID", &scope).as_deref(), Some("AGX-1"));
    assert_eq!(evaluate("property[SAP_MessageProcessingLogID]", &scope).as_deref(), Some("AGX-1"));
    assert_eq!(evaluate("property.my.dotted.name", &scope).as_deref(), Some("dotted"));
    assert_eq!(evaluate("property.my.dotted.name.toUpperCase()", &scope).as_deref(), Some("DOTTED"));
    assert_eq!(evaluate("property.sap_messageprocessinglogid", &scope), None);
}

#[test]
fn body_exchange_and_exception() {
    let mut scope = scope();
    for content in ["body", "in.body", "bodyAs(String)", "bodyAs( java.lang.String )", "mandatoryBodyAs(String)"] {
        assert_eq!(evaluate(content, &scope).as_deref(), Some("<a>1</a>"), "{content}");
    }
    assert_eq!(evaluate("exchangeId", &scope).as_deref(), Some("ID-exchange-1"));
    assert_eq!(evaluate("exception.message", &scope), None);
    scope.exception = Some("boom".to_owned());
    for content in ["exception", "exception.message", "exception.stacktrace"] {
        assert_eq!(evaluate(content, &scope).as_deref(), Some("boom"), "{content}");
    }
    assert_eq!(evaluate("exception.message.toUpperCase()", &scope).as_deref(), Some("BOOM"));
}

#[test]
fn body_is_decoded_lossily() {
    let scope = TestScope::new().body(b"a\xffb");
    assert_eq!(evaluate("body", &scope).as_deref(), Some("a\u{fffd}b"));
}

#[test]
fn dates() {
    let scope = scope();
    assert_eq!(evaluate("date:now:yyyy-MM-dd'T'HH:mm:ss.SSSXXX", &scope).as_deref(), Some("2024-03-05T14:07:09.045Z"));
    assert_eq!(evaluate("date:now", &scope).as_deref(), Some("Tue Mar 05 14:07:09 UTC 2024"));
    assert_eq!(evaluate("date:now:HH:mm", &scope).as_deref(), Some("14:07"));
    assert!(Placeholder::parse("date:header.x:yyyy").unwrap_err().contains("date:header.x is not supported"));
    assert!(Placeholder::parse("date:now:yyyy-ww").is_err());
}

#[test]
fn method_chains() {
    let scope = scope();
    assert_eq!(evaluate("property.flag.trim().toUpperCase()", &scope).as_deref(), Some("YES"));
    assert_eq!(evaluate("property.flag?.trim()", &scope).as_deref(), Some("yes"));
    assert_eq!(evaluate("header.count.length()", &scope).as_deref(), Some("1"));
    assert_eq!(evaluate("header.Content-Type.split('/')[1]", &scope).as_deref(), Some("json"));
    assert_eq!(evaluate("header.Content-Type.replace(\"/\", ' ')", &scope).as_deref(), Some("application json"));
    assert_eq!(evaluate("header.Content-Type.substring(0, 3)", &scope).as_deref(), Some("app"));
    assert_eq!(evaluate("header.Content-Type.contains('json')", &scope).as_deref(), Some("true"));
    assert_eq!(evaluate("body.replaceAll('<[^>]+>', '')", &scope).as_deref(), Some("1"));
    assert_eq!(evaluate("header.count.concat(',x').split(',')[1]", &scope).as_deref(), Some("x"));
    assert_eq!(evaluate("header.missing.toUpperCase().length()", &scope), None);
    assert_eq!(evaluate("header[count].equals('3')", &scope).as_deref(), Some("true"));
}

#[test]
fn quoted_arguments_may_hold_commas_and_parentheses() {
    let scope = TestScope::new().header("h", "a,b)c");
    assert_eq!(evaluate("header.h.replace(',', ')')", &scope).as_deref(), Some("a)b)c"));
    assert_eq!(evaluate("header.h.indexOf(')')", &scope).as_deref(), Some("3"));
}

#[test]
fn evaluation_errors() {
    let scope = TestScope::new().header("h", "abc");
    let placeholder = Placeholder::parse("header.h.substring(5)").unwrap();
    assert!(matches!(placeholder.evaluate(&scope), Err(EvalError::OutOfRange { .. })));
}

#[test]
fn parse_errors_name_the_problem() {
    let cases = [
        ("", "empty"),
        ("camelId", "the function 'camelId' is not supported"),
        ("header", "the function 'header' is not supported"),
        ("header.", "needs a name"),
        ("header[]", "needs a name"),
        ("header[x", "not closed"),
        ("bodyAs(Integer)", "bodyAs(Integer) is not supported"),
        ("bodyAs(String", "not closed"),
        ("body.foo", "not a method call"),
        ("body.foo()", "foo() is not supported"),
        ("body.trim(", "not closed"),
        ("body.substring(x)", "must be a quoted text"),
        ("body.contains('x)", "not closed"),
        ("body.split(',')", "must be indexed"),
        ("body.split(',')[x]", "not a valid index"),
        ("body.split(','))", "unexpected text"),
        ("body.length().trim()", "cannot be called on a number"),
        ("body[0]", "can only follow split"),
        ("exchangeIdx", "not supported"),
    ];
    for (content, expected) in cases {
        let error = Placeholder::parse(content).unwrap_err();
        assert!(error.contains(expected), "{content}: {error}");
    }
}
