use super::*;
use crate::simple::test_scope::TestScope;
use proptest::prelude::*;

fn render(text: &str, scope: &TestScope) -> String {
    Expression::parse(text).unwrap().evaluate(scope).unwrap()
}

#[test]
fn templates_mix_text_and_expressions() {
    let scope = TestScope::new().header("id", "42").property("SAP_MessageProcessingLogID", "AGX").body(b"payload");
    assert_eq!(
        render("https://host/orders(${header.id})?log=${property.SAP_MessageProcessingLogID}", &scope),
        "https://host/orders(42)?log=AGX"
    );
    assert_eq!(render("<x>${in.body}</x>", &scope), "<x>payload</x>");
    assert_eq!(render("${header.id}${header.id}", &scope), "4242");
    assert_eq!(render("missing=[${header.nope}]", &scope), "missing=[]");
    assert_eq!(render("${date:now:yyyyMMdd}-${exchangeId}", &scope), "20240305-ID-exchange-1");
}

#[test]
fn constant_text_is_kept_verbatim() {
    let scope = TestScope::new();
    for text in ["", "plain", "$ not {an} expression $", "a\\${b", "}{", "50$"] {
        if text.contains("${") {
            continue;
        }
        let expression = Expression::parse(text).unwrap();
        assert!(expression.is_constant());
        assert_eq!(expression.evaluate(&scope).unwrap(), text);
    }
    assert!(!Expression::parse("${body}").unwrap().is_constant());
}

#[test]
fn backslash_is_not_an_escape() {
    let scope = TestScope::new().header("a", "1");
    assert_eq!(render("C:\\dir\\${header.a}", &scope), "C:\\dir\\1");
}

#[test]
fn quotes_inside_an_expression_may_hold_a_brace() {
    let scope = TestScope::new().header("a", "x}y");
    assert_eq!(render("[${header.a.replace('}', '-')}]", &scope), "[x-y]");
}

#[test]
fn optional_evaluation_tells_missing_from_empty() {
    let scope = TestScope::new().header("empty", "");
    let missing = Expression::parse("${header.none}").unwrap();
    assert_eq!(missing.evaluate_optional(&scope).unwrap(), None);
    assert_eq!(missing.evaluate(&scope).unwrap(), "");
    let empty = Expression::parse("${header.empty}").unwrap();
    assert_eq!(empty.evaluate_optional(&scope).unwrap(), Some(String::new()));
    let mixed = Expression::parse("a${header.none}").unwrap();
    assert_eq!(mixed.evaluate_optional(&scope).unwrap(), Some("a".to_owned()));
}

#[test]
fn parse_errors_carry_position_and_reason() {
    let error = Expression::parse("abc ${header.x").unwrap_err();
    assert_eq!(error.position, 4);
    assert!(error.reason.contains("not closed"), "{error}");
    let error = Expression::parse("ab ${header.a.replace('x, 'y')}").unwrap_err();
    assert_eq!(error.position, 3);
    let error = Expression::parse("x ${header.${header.b}}").unwrap_err();
    assert_eq!(error.position, 11);
    assert!(error.reason.contains("inside another"));
    let error = Expression::parse("${camelId}").unwrap_err();
    assert_eq!(error.to_string(), format!("invalid Simple expression at position 0: {}", error.reason));
    assert!(error.reason.contains("'camelId'"));
    assert!(Expression::parse("${'}").unwrap_err().reason.contains("quote"));
}

#[test]
fn evaluation_errors_surface() {
    let scope = TestScope::new().header("a", "abc");
    let error = Expression::parse("${header.a.substring(1,7)}").unwrap().evaluate(&scope).unwrap_err();
    assert_eq!(error.to_string(), "substring(1,7) is out of range for a value of length 3");
}

proptest! {
    #[test]
    fn parse_never_panics(text in "\\PC{0,80}") {
        let scope = TestScope::new().header("a", "b").body(b"x");
        if let Ok(expression) = Expression::parse(&text) {
            let _ = expression.evaluate(&scope);
        }
    }

    #[test]
    fn parse_never_panics_on_expression_like_text(text in "(\\$\\{|[a-z.]{1,8}|\\(|\\)|'|\"|,|\\[|\\]|[0-9]|\\}| |\\?\\.){0,24}") {
        let scope = TestScope::new().header("a", "b").body(b"x");
        if let Ok(expression) = Expression::parse(&text) {
            let _ = expression.evaluate(&scope);
        }
    }

    #[test]
    fn literal_text_evaluates_to_itself(text in "\\PC{0,80}") {
        prop_assume!(!text.contains("${"));
        let expression = Expression::parse(&text).unwrap();
        prop_assert!(expression.is_constant());
        prop_assert_eq!(expression.evaluate(&TestScope::new()).unwrap(), text);
    }
}
