//! Property tests of the URL parsers: printing and re-parsing round trips, and no panics on
//! arbitrary or deeply nested input.

use proptest::prelude::*;
use time::OffsetDateTime;

use super::filter::{binary_op_name, function_arity, function_name};
use super::*;

/// The first and last millisecond with a four-digit year.
const MIN_MS: i64 = -62_135_596_800_000;
const MAX_MS: i64 = 253_402_300_799_999;

const FUNCTIONS: [Function; 8] = [
    Function::SubstringOf,
    Function::StartsWith,
    Function::EndsWith,
    Function::ToLower,
    Function::ToUpper,
    Function::Length,
    Function::Trim,
    Function::IndexOf,
];

const OPS: [BinaryOp; 8] =
    [BinaryOp::Eq, BinaryOp::Ne, BinaryOp::Gt, BinaryOp::Ge, BinaryOp::Lt, BinaryOp::Le, BinaryOp::And, BinaryOp::Or];

// ---- printer -------------------------------------------------------------------------------

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn print_datetime(ms: i64, with_offset: bool) -> String {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).expect("in range");
    let (at, prefix, zone) = if with_offset {
        (at.to_offset(time::macros::offset!(-01:30)), "datetimeoffset", "-01:30")
    } else {
        (at, "datetime", "Z")
    };
    format!(
        "{prefix}'{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{zone}'",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

fn print_literal(literal: &Literal) -> String {
    match literal {
        Literal::Null => "null".to_owned(),
        Literal::String(text) => quote(text),
        Literal::Boolean(value) => value.to_string(),
        Literal::Integer(value) if value % 2 == 0 => format!("{value}L"),
        Literal::Integer(value) => value.to_string(),
        Literal::Decimal(value) => format!("{value:?}d"),
        Literal::DateTime(ms) => print_datetime(*ms, ms % 2 == 0),
        Literal::Guid(guid) => format!("guid'{guid}'"),
    }
}

/// Prints `expr` in `$filter` syntax, parenthesizing every operator operand.
fn print(expr: &Expr) -> String {
    let operand = |e: &Expr| match e {
        Expr::Binary { .. } | Expr::Not(_) => format!("({})", print(e)),
        _ => print(e),
    };
    match expr {
        Expr::Literal(literal) => print_literal(literal),
        Expr::Property(path) => path.join("/"),
        Expr::Binary { op, left, right } => format!("{} {} {}", operand(left), binary_op_name(*op), operand(right)),
        Expr::Not(inner) => format!("not {}", operand(inner)),
        Expr::Call { function, args } => {
            let args: Vec<String> = args.iter().map(print).collect();
            format!("{}({})", function_name(*function), args.join(","))
        }
    }
}

fn print_key(key: &KeyPredicate) -> String {
    match key {
        KeyPredicate::Single(literal) => format!("({})", print_literal(literal)),
        KeyPredicate::Named(pairs) => {
            let pairs: Vec<String> =
                pairs.iter().map(|(name, value)| format!("{name}={}", print_literal(value))).collect();
            format!("({})", pairs.join(","))
        }
    }
}

/// Percent-encodes every byte except ASCII alphanumerics and `keep`; spaces as `+` if asked.
fn encode(text: &str, keep: &[u8], space_as_plus: bool) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            out.push(char::from(byte));
        } else if byte == b' ' && space_as_plus {
            out.push('+');
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

// ---- strategies ----------------------------------------------------------------------------

fn identifier() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_]{0,8}".prop_filter("reserved word", |word| {
        ![
            "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "add", "sub", "mul", "div", "mod", "true", "false",
            "null",
        ]
        .contains(&word.as_str())
    })
}

fn key_literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        any::<bool>().prop_map(Literal::Boolean),
        any::<String>().prop_map(Literal::String),
        any::<i64>().prop_map(Literal::Integer),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Literal::Decimal),
        (MIN_MS..=MAX_MS).prop_map(Literal::DateTime),
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".prop_map(Literal::Guid),
    ]
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![1 => Just(Literal::Null), 8 => key_literal()]
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        literal().prop_map(Expr::Literal),
        prop::collection::vec(identifier(), 1..4).prop_map(Expr::Property),
    ];
    leaf.prop_recursive(5, 48, 3, |inner| {
        prop_oneof![
            (prop::sample::select(OPS.to_vec()), inner.clone(), inner.clone())
                .prop_map(|(op, left, right)| { Expr::Binary { op, left: Box::new(left), right: Box::new(right) } }),
            inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
            (prop::sample::select(FUNCTIONS.to_vec()), inner.clone(), inner).prop_map(|(function, a, b)| {
                let args = if function_arity(function) == 1 { vec![a] } else { vec![a, b] };
                Expr::Call { function, args }
            }),
        ]
    })
}

fn key_predicate() -> impl Strategy<Value = KeyPredicate> {
    prop_oneof![
        key_literal().prop_map(KeyPredicate::Single),
        prop::collection::vec((identifier(), key_literal()), 1..4).prop_map(|mut pairs| {
            let mut seen = Vec::new();
            pairs.retain(|(name, _)| {
                let fresh = !seen.contains(name);
                seen.push(name.clone());
                fresh
            });
            KeyPredicate::Named(pairs)
        }),
    ]
}

/// Text made of OData-ish pieces, to reach deeper into the parsers than random characters do.
fn token_soup() -> impl Strategy<Value = String> {
    let pieces = [
        "(",
        ")",
        "'",
        "''",
        ",",
        "/",
        "=",
        " ",
        "+",
        "%",
        "%27",
        "%2F",
        "%20",
        "$",
        "A",
        "B/C",
        "eq",
        "ne",
        "and",
        "or",
        "not",
        "gt",
        "le",
        "add",
        "true",
        "null",
        "42",
        "-1.5d",
        "7L",
        "'x'",
        "substringof",
        "tolower",
        "indexof",
        "datetime'2014-09-01T00:00:00'",
        "datetime'",
        "guid'",
        "$filter=",
        "$top=",
        "$links",
        "$value",
        "$count",
        "$metadata",
        "&",
        "Id=",
        "%24orderby=",
        "desc",
    ];
    prop::collection::vec(prop::sample::select(pieces.to_vec()), 0..40).prop_map(|pieces| pieces.concat())
}

fn exercise_all(text: &str) {
    let _ = parse_filter(text);
    let _ = parse_query(text);
    let _ = parse_path(text);
    let _ = parse_orderby(text);
    let _ = parse_key_predicate(text);
}

// ---- properties ----------------------------------------------------------------------------

proptest! {
    #[test]
    fn filters_round_trip(expr in expr()) {
        let text = print(&expr);
        prop_assert_eq!(parse_filter(&text).map_err(|e| format!("{text}: {e}")), Ok(expr.clone()));
        let query = format!("$filter={}", encode(&text, b"'()/", true));
        prop_assert_eq!(parse_query(&query).map(|o| o.filter), Ok(Some(expr)));
    }

    #[test]
    fn string_literals_round_trip(text in any::<String>()) {
        let filter = format!("Name eq {}", quote(&text));
        let expected = Expr::Binary {
            op: BinaryOp::Eq,
            left: Box::new(Expr::Property(vec!["Name".to_owned()])),
            right: Box::new(Expr::Literal(Literal::String(text.clone()))),
        };
        prop_assert_eq!(parse_filter(&filter), Ok(expected.clone()));
        let query = format!("%24filter={}", encode(&filter, b"", false));
        prop_assert_eq!(parse_query(&query).map(|o| o.filter), Ok(Some(expected)));
        let custom = parse_query(&format!("Id={}", encode(&quote(&text), b"'", true))).map(|o| o.custom);
        prop_assert_eq!(custom, Ok(vec![("Id".to_owned(), quote(&text))]));
        let key = KeyPredicate::Single(Literal::String(text.clone()));
        prop_assert_eq!(parse_key_predicate(&format!("({})", quote(&text))), Ok(key.clone()));
        let path = parse_path(&format!("Set({})/Nav", crate::json::key_literal(&crate::value::Value::String(text.clone()))));
        let expected = ResourcePath::Resource {
            segments: vec![Segment { name: "Set".into(), key: Some(key) }, Segment { name: "Nav".into(), key: None }],
            links: None,
            suffix: PathSuffix::None,
        };
        prop_assert_eq!(path, Ok(expected));
    }

    #[test]
    fn key_predicates_round_trip(key in key_predicate()) {
        let text = print_key(&key);
        prop_assert_eq!(parse_key_predicate(&text), Ok(key.clone()));
        let expected = |key: KeyPredicate| ResourcePath::Resource {
            segments: vec![Segment { name: "Set".into(), key: Some(key) }],
            links: Some(Segment { name: "Nav".into(), key: None }),
            suffix: PathSuffix::None,
        };
        for keep in [b"".as_slice(), b"'(),=-.:", b"'()"] {
            let raw = format!("/Set{}/$links/Nav/", encode(&text, keep, false));
            prop_assert_eq!(parse_path(&raw), Ok(expected(key.clone())), "{}", raw);
        }
    }

    #[test]
    fn parsers_never_panic_on_strings(text in any::<String>()) {
        exercise_all(&text);
    }

    #[test]
    fn parsers_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        exercise_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn parsers_never_panic_on_token_soup(text in token_soup()) {
        exercise_all(&text);
    }
}

#[test]
fn deep_nesting_is_a_400_not_a_stack_overflow() {
    for depth in [101, 1_000, 8_000, 100_000] {
        for opener in ["(", "not ", "not(", "tolower(", "substringof('a',"] {
            let text = opener.repeat(depth);
            let error = parse_filter(&text).unwrap_err();
            assert_eq!(error.status(), 400);
            let query = format!("$filter={}", opener.replace(' ', "+").repeat(depth));
            assert_eq!(parse_query(&query).unwrap_err().status(), 400);
            let _ = parse_path(&format!("Set({})", opener.repeat(depth)));
            let _ = parse_key_predicate(&text);
            let _ = parse_orderby(&text);
        }
    }
    let balanced = format!("{}A eq 1{}", "(".repeat(MAX_FILTER_DEPTH), ")".repeat(MAX_FILTER_DEPTH));
    assert!(parse_filter(&balanced).is_ok());
}
