use super::*;
use crate::simple::test_scope::TestScope;
use proptest::prelude::*;

fn holds(condition: &str, scope: &TestScope) -> bool {
    Condition::parse(condition).unwrap_or_else(|e| panic!("{condition}: {e}")).evaluate(scope).unwrap()
}

fn scope() -> TestScope {
    TestScope::new()
        .header("CamelHttpResponseCode", "404")
        .header("count", "10")
        .header("name", "my IFL flow")
        .header("type", "B")
        .header("flag", "TRUE")
        .property("FailedException", "HTTP")
        .property("X", "yes")
}

#[test]
fn real_flow_examples() {
    let scope = scope();
    assert!(holds("${property.FailedException} = 'HTTP'", &scope));
    assert!(holds("${property.X.toUpperCase()} = 'YES'", &scope));
    assert!(holds("${header.count} != '0'", &scope));
    assert!(holds("${header.name} contains 'IFL'", &scope));
    assert!(holds("${header.CamelHttpResponseCode} = '404'", &scope));
    assert!(holds("${header.CamelHttpResponseCode} == 404", &scope));
    assert!(holds("${header.type} in 'A,B'", &scope));
    assert!(!holds("${header.type} not in 'A,B'", &scope));
    assert!(holds("${header.count} > 9", &scope));
    assert!(holds("${header.count} >= '10' && ${header.count} < 11", &scope));
}

#[test]
fn and_binds_tighter_than_or() {
    let scope = TestScope::new().header("a", "1").header("b", "0").header("c", "3");
    assert!(holds("${header.a} = '1' and ${header.b} = '2' or ${header.c} = '3'", &scope));
    assert!(holds("${header.c} = '3' or ${header.a} = '0' and ${header.b} = '2'", &scope));
    assert!(!holds("${header.a} = '0' or ${header.b} = '2' and ${header.c} = '3'", &scope));
    assert!(holds("${header.a} = '0' || ${header.b} = '0' AND ${header.c} = '3'", &scope));
}

#[test]
fn evaluation_stops_when_the_result_is_known() {
    let scope = TestScope::new().header("a", "ab");
    assert!(holds("${header.a} = 'ab' or ${header.a.substring(5)} = 'x'", &scope));
    assert!(!holds("${header.a} = 'x' and ${header.a.substring(5)} = 'x'", &scope));
    let failing = Condition::parse("${header.a} = 'ab' and ${header.a.substring(5)} = 'x'").unwrap();
    assert!(matches!(failing.evaluate(&scope), Err(EvalError::OutOfRange { .. })));
}

#[test]
fn single_values_are_booleans() {
    let scope = scope();
    assert!(holds("${header.flag}", &scope));
    assert!(holds("${header.name.contains('IFL')}", &scope));
    assert!(!holds("${header.name.startsWith('IFL')}", &scope));
    assert!(!holds("${header.missing}", &scope));
    assert!(holds("true", &scope));
    assert!(!holds("false or ${header.count}", &scope));
}

#[test]
fn operand_kinds() {
    let scope = scope().header("empty", "").header("other", "B");
    assert!(holds("${header.missing} = null", &scope));
    assert!(holds("${header.missing} = ''", &scope));
    assert!(holds("${header.empty} = null", &scope));
    assert!(!holds("${header.type} = null", &scope));
    assert!(holds("${header.type} = B", &scope));
    assert!(holds("${header.type} = \"B\"", &scope));
    assert!(holds("${header.type} = '${header.other}'", &scope));
    assert!(holds("${header.name} = 'my IFL flow'", &scope));
    assert!(holds("'a b' = 'a b'", &scope));
    assert!(holds("${header.type}x = Bx", &scope));
    assert!(holds("${header.count} = 10.0", &scope));
}

#[test]
fn every_operator_spelling() {
    let scope = TestScope::new().header("v", "Order-42");
    for condition in [
        "${header.v} =~ 'order-42'",
        "${header.v} !=~ 'x'",
        "${header.v} <> 'x'",
        "${header.v} ~~ 'ORDER'",
        "${header.v} !~~ 'x'",
        "${header.v} !contains 'x'",
        "${header.v} not contains 'x'",
        "${header.v} regex 'Order-\\d+'",
        "${header.v} not regex '\\d+'",
        "${header.v} !regex '\\d+'",
        "${header.v} starts with 'Order'",
        "${header.v} startsWith 'Order'",
        "${header.v} ends with '42'",
        "${header.v} endsWith '42'",
        "${header.v} not startsWith 'x'",
        "${header.v} not endsWith 'x'",
        "${header.v} !in 'a,b'",
    ] {
        assert!(holds(condition, &scope), "{condition}");
    }
}

#[test]
fn dynamic_regex_is_compiled_on_evaluation() {
    let scope = TestScope::new().header("v", "abc").header("p", "a.c").header("bad", "(");
    assert!(holds("${header.v} regex ${header.p}", &scope));
    let error = Condition::parse("${header.v} regex ${header.bad}").unwrap().evaluate(&scope).unwrap_err();
    assert!(matches!(error, EvalError::InvalidRegex { .. }));
}

#[test]
fn parse_errors_name_the_problem() {
    let cases = [
        ("", 0, "empty"),
        ("   ", 0, "empty"),
        ("${header.a} = ", 12, "must be followed by a value"),
        ("${header.a} = 'x' and", 18, "'and' must be followed"),
        ("${header.a} = 'x' 'y'", 18, "expected 'and', 'or'"),
        ("${header.a} equals 'x'", 12, "expected an operator after '${header.a}', found 'equals'"),
        ("${header.a} range '1..5'", 12, "'range' is not supported"),
        ("${header.a} is 'java.lang.String'", 12, "'is' is not supported"),
        ("= 'x'", 0, "expected a value"),
        ("and ${header.a}", 0, "expected a value"),
        ("${header.a} = 'x' or or ${header.b}", 21, "expected a value"),
        ("${header.a} = 'x", 14, "not closed"),
        ("${header.a = 'x'", 0, "not closed"),
        ("${nope} = 'x'", 0, "'nope' is not supported"),
        ("${header.a} = '${nope}'", 15, "'nope' is not supported"),
        ("${header.a} regex '(x'", 18, "not a valid regular expression"),
        ("(${header.a} = 'x' )", 0, "parentheses"),
        ("${header.a} = x)", 14, "parentheses"),
        ("${header.a} = 'x')", 17, "without a space"),
        ("${header.a} not 'x'", 12, "'not' must be followed"),
        ("${header.a} = 'x' and ${header.b} = ", 34, "must be followed by a value"),
    ];
    for (condition, position, expected) in cases {
        let error = Condition::parse(condition).unwrap_err();
        assert!(error.reason.contains(expected), "{condition}: {error}");
        assert_eq!(error.position, position, "{condition}: {error}");
    }
}

#[test]
fn errors_display_position_and_reason() {
    let error = Condition::parse("${header.a} ?? 'x'").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid condition at position 12: expected an operator after '${header.a}', found '??'"
    );
}

proptest! {
    #[test]
    fn parse_never_panics(text in "\\PC{0,80}") {
        if let Ok(condition) = Condition::parse(&text) {
            let _ = condition.evaluate(&scope());
        }
    }

    #[test]
    fn parse_never_panics_on_condition_like_text(
        text in "(\\$\\{header\\.[a-z]{1,3}\\}|'[a-z ,]{0,4}'|[0-9.]{1,3}|=|!=|>|<=|contains|not|in|regex|and|or|\\|\\||&&|null| ){0,16}"
    ) {
        if let Ok(condition) = Condition::parse(&text) {
            let _ = condition.evaluate(&scope());
        }
    }

    #[test]
    fn numeric_comparison_agrees_with_numbers(a in -1000i32..1000, b in -1000i32..1000) {
        let scope = TestScope::new().header("a", &a.to_string());
        prop_assert_eq!(holds(&format!("${{header.a}} > '{b}'"), &scope), a > b);
        prop_assert_eq!(holds(&format!("${{header.a}} <= {b}"), &scope), a <= b);
        prop_assert_eq!(holds(&format!("${{header.a}} = {b}.0"), &scope), a == b);
    }
}
