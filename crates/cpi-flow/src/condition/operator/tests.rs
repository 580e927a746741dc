use super::*;

fn holds(operator: Operator, left: &str, right: &str) -> bool {
    operator.compare(Some(left), Some(right), None).unwrap()
}

#[test]
fn recognizes_one_and_two_word_operators() {
    assert_eq!(Operator::recognize("=", None).unwrap(), Some((Operator::Equal, 1)));
    assert_eq!(Operator::recognize("CONTAINS", Some("'x'")).unwrap(), Some((Operator::Contains, 1)));
    assert_eq!(Operator::recognize("not", Some("in")).unwrap(), Some((Operator::NotIn, 2)));
    assert_eq!(Operator::recognize("starts", Some("with")).unwrap(), Some((Operator::StartsWith, 2)));
    assert_eq!(Operator::recognize("endsWith", None).unwrap(), Some((Operator::EndsWith, 1)));
    assert_eq!(Operator::recognize("'x'", None).unwrap(), None);
    assert!(Operator::recognize("range", None).unwrap_err().contains("'range' is not supported"));
    assert!(Operator::recognize("not", Some("x")).unwrap_err().contains("'not' must be followed"));
}

#[test]
fn equality_is_numeric_when_both_sides_are_numbers() {
    assert!(holds(Operator::Equal, "1.0", "1"));
    assert!(holds(Operator::Equal, " 42 ", "42"));
    assert!(!holds(Operator::Equal, "abc", "ABC"));
    assert!(holds(Operator::EqualIgnoreCase, "abc", "ABC"));
    assert!(holds(Operator::NotEqualIgnoreCase, "abc", "abd"));
    assert!(holds(Operator::NotEqual, "0", "1"));
    assert!(!holds(Operator::Equal, "1e3", "1000"));
}

#[test]
fn ordering_is_numeric_or_textual() {
    assert!(holds(Operator::Greater, "10", "9"));
    assert!(holds(Operator::Less, "10", "9x"));
    assert!(holds(Operator::GreaterOrEqual, "-1.5", "-2"));
    assert!(holds(Operator::LessOrEqual, "b", "b"));
    assert!(!Operator::Greater.compare(None, Some("0"), None).unwrap());
    assert!(!Operator::Less.compare(Some("0"), None, None).unwrap());
}

#[test]
fn text_operators() {
    assert!(holds(Operator::Contains, "my IFL flow", "IFL"));
    assert!(holds(Operator::NotContains, "abc", "x"));
    assert!(holds(Operator::ContainsIgnoreCase, "abc", "B"));
    assert!(holds(Operator::NotContainsIgnoreCase, "abc", "X"));
    assert!(holds(Operator::StartsWith, "abc", "ab"));
    assert!(holds(Operator::NotStartsWith, "abc", "b"));
    assert!(holds(Operator::EndsWith, "abc", "bc"));
    assert!(holds(Operator::NotEndsWith, "abc", "b"));
}

#[test]
fn in_lists() {
    assert!(holds(Operator::In, "B", "A,B"));
    assert!(holds(Operator::In, "B", "A, B ,C"));
    assert!(holds(Operator::In, "2", "1.0,2.0"));
    assert!(!holds(Operator::In, "D", "A,B"));
    assert!(holds(Operator::NotIn, "D", "A,B"));
}

#[test]
fn regexes_match_the_whole_value() {
    assert!(holds(Operator::Regex, "ORD-123", "ORD-\\d+"));
    assert!(!holds(Operator::Regex, "XORD-123", "ORD-\\d+"));
    assert!(holds(Operator::NotRegex, "x", "\\d+"));
    let error = Operator::Regex.compare(Some("a"), Some("(a"), None).unwrap_err();
    assert!(matches!(error, EvalError::InvalidRegex { .. }), "{error}");
    let compiled = JavaRegex::whole("a+").unwrap();
    assert!(Operator::Regex.compare(Some("aaa"), Some("ignored"), Some(&compiled)).unwrap());
}

#[test]
fn missing_values_count_as_empty() {
    assert!(Operator::Equal.compare(None, Some(""), None).unwrap());
    assert!(Operator::Equal.compare(None, None, None).unwrap());
    assert!(!Operator::Equal.compare(None, Some("x"), None).unwrap());
    assert!(!Operator::Contains.compare(None, Some("x"), None).unwrap());
}

#[test]
fn numbers_are_plain_decimals() {
    assert_eq!(parse_number("12"), Some(12.0));
    assert_eq!(parse_number("-0.5"), Some(-0.5));
    assert_eq!(parse_number("+.5"), Some(0.5));
    assert_eq!(parse_number("5."), Some(5.0));
    for text in ["", "-", ".", "NaN", "inf", "1e5", "0x10", "1,5", "1.2.3"] {
        assert_eq!(parse_number(text), None, "{text}");
    }
}
