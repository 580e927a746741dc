use proptest::prelude::*;

use super::*;
use crate::model::{EntitySet, EntityType, Property, SupportedOptions};
use crate::query::{parse_filter, parse_orderby};
use crate::service;

static ITEM: EntityType = EntityType {
    name: "Item",
    keys: &["Name"],
    properties: &[
        Property::required("Name", EdmType::String),
        Property::new("Size", EdmType::Int64),
        Property::new("Count", EdmType::Int32),
        Property::new("LastModified", EdmType::DateTimeOffset),
        Property::new("Active", EdmType::Boolean),
        Property::new("Note", EdmType::String),
        Property::new("Artifact", EdmType::Complex("IntegrationArtifact")),
    ],
    navigations: &[],
    has_stream: false,
};

static ITEMS: EntitySet = EntitySet { name: "Items", entity_type: &ITEM, options: SupportedOptions::ALL };

fn item(name: &str, size: i64, modified_ms: i64, note: Option<&str>) -> Entity {
    let text = |s: &str| Value::String(s.to_owned());
    let artifact = Value::Complex(vec![text(&format!("{name}-id")), Value::Null, text("INTEGRATION_FLOW")]);
    Entity {
        set: &ITEMS,
        values: vec![
            text(name),
            Value::Int64(size),
            Value::Int32(i32::try_from(size % 1000).unwrap()),
            Value::DateTime(modified_ms),
            Value::Boolean(size % 2 == 0),
            note.map_or(Value::Null, text),
            artifact,
        ],
        expanded: Vec::new(),
    }
}

fn sample() -> Vec<Entity> {
    vec![
        item("http_access.log", 2048, 3_000, Some("current")),
        item("http_access_2026-11-24.log.gz", 512, 1_000, None),
        item("trace.log", 4096, 2_000, Some(" Trace ")),
        item("trace_2026-11-24.log.gz", 100, 500, Some("")),
    ]
}

/// The names of the sample entities a filter selects.
fn selected(filter: &str) -> Vec<String> {
    let expr = parse_filter(filter).unwrap();
    crate::typecheck::check_filter(&expr, &ITEM, service::model()).unwrap();
    sample()
        .into_iter()
        .filter(|e| matches(&expr, e, service::model()))
        .map(|e| e.text("Name").unwrap().to_owned())
        .collect()
}

#[test]
fn comparisons_select_by_value() {
    assert_eq!(selected("Name eq 'trace.log'"), ["trace.log"]);
    assert_eq!(selected("Size gt 1000"), ["http_access.log", "trace.log"]);
    assert_eq!(selected("Size le 512L"), ["http_access_2026-11-24.log.gz", "trace_2026-11-24.log.gz"]);
    assert_eq!(selected("Size lt 512.5"), ["http_access_2026-11-24.log.gz", "trace_2026-11-24.log.gz"]);
    assert_eq!(selected("Count ge 97"), ["http_access_2026-11-24.log.gz", "trace_2026-11-24.log.gz"]);
    assert_eq!(selected("LastModified gt datetimeoffset'1970-01-01T00:00:01.5Z'"), ["http_access.log", "trace.log"]);
    assert_eq!(selected("LastModified eq datetime'1970-01-01T00:00:03'"), ["http_access.log"]);
    assert_eq!(selected("Active eq false"), Vec::<String>::new());
    assert_eq!(selected("Active and Size gt 2048"), ["trace.log"]);
    assert_eq!(selected("Artifact/Id eq 'trace.log-id'"), ["trace.log"]);
}

#[test]
fn text_functions_follow_sql() {
    assert_eq!(selected("startswith(Name,'http_')"), ["http_access.log", "http_access_2026-11-24.log.gz"]);
    assert_eq!(selected("endswith(Name,'.gz') and substringof('trace',Name)"), ["trace_2026-11-24.log.gz"]);
    assert_eq!(selected("tolower(Note) eq ' trace '"), ["trace.log"]);
    assert_eq!(selected("toupper(Note) eq 'CURRENT'"), ["http_access.log"]);
    assert_eq!(selected("trim(Note) eq 'Trace'"), ["trace.log"]);
    assert_eq!(selected("length(Name) eq 9"), ["trace.log"]);
    assert_eq!(selected("indexof(Name,'.log') eq 5"), ["trace.log"]);
    assert_eq!(selected("indexof(Name,'zzz') eq -1").len(), 4);
    assert_eq!(selected("substringof('',Note)"), ["http_access.log", "trace.log", "trace_2026-11-24.log.gz"]);
}

#[test]
fn nulls_are_unknown_except_against_the_null_literal() {
    assert_eq!(selected("Note eq null"), ["http_access_2026-11-24.log.gz"]);
    assert_eq!(selected("null ne Note").len(), 3);
    // Unknown is neither true nor false: `not` keeps it unknown.
    assert_eq!(selected("Note ne 'current'"), ["trace.log", "trace_2026-11-24.log.gz"]);
    assert_eq!(selected("not (Note eq 'current')"), ["trace.log", "trace_2026-11-24.log.gz"]);
    assert_eq!(selected("Note eq 'x' or Size eq 512"), ["http_access_2026-11-24.log.gz"]);
    assert_eq!(selected("not (Note eq 'x' and Size eq 512)").len(), 3);
    assert_eq!(selected("Note eq 'x' and Size eq 512"), Vec::<String>::new());
}

#[test]
fn orderby_sorts_stably_with_nulls_first() {
    let names = |orderby: &str| {
        let mut entities = sample();
        sort(&mut entities, &parse_orderby(orderby).unwrap(), service::model());
        entities.iter().map(|e| e.text("Name").unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(
        names("Size desc"),
        ["trace.log", "http_access.log", "http_access_2026-11-24.log.gz", "trace_2026-11-24.log.gz"]
    );
    assert_eq!(
        names("Note"),
        ["http_access_2026-11-24.log.gz", "trace_2026-11-24.log.gz", "trace.log", "http_access.log"]
    );
    assert_eq!(
        names("Note desc"),
        ["http_access.log", "trace.log", "trace_2026-11-24.log.gz", "http_access_2026-11-24.log.gz"]
    );
    // Ties keep the given order.
    assert_eq!(
        names("Active"),
        ["http_access.log", "http_access_2026-11-24.log.gz", "trace.log", "trace_2026-11-24.log.gz"]
    );
    assert_eq!(names("LastModified desc,Name")[0], "http_access.log");
}

fn value() -> impl Strategy<Value = (String, i64, Option<String>)> {
    ("[a-c]{0,3}", -3i64..3, proptest::option::of("[a-c ]{0,3}"))
}

fn comparison() -> impl Strategy<Value = String> {
    let ops = prop_oneof![Just("eq"), Just("ne"), Just("gt"), Just("ge"), Just("lt"), Just("le")];
    let operand = prop_oneof![
        "[a-c]{0,2}".prop_map(|s| ("Name".to_owned(), format!("'{s}'"))),
        "[a-c ]{0,2}".prop_map(|s| ("Note".to_owned(), format!("'{s}'"))),
        (-3i64..3).prop_map(|n| ("Size".to_owned(), n.to_string())),
    ];
    (operand, ops).prop_map(|((property, literal), op)| format!("{property} {op} {literal}"))
}

proptest! {
    /// Three-valued logic: De Morgan holds, `not` is an involution on known values, and `eq`
    /// and `ne` split the known values between them.
    #[test]
    fn logic_is_sql_three_valued((name, size, note) in value(), a in comparison(), b in comparison()) {
        let entity = item(&name, size, 0, note.as_deref());
        let model = service::model();
        let eval = |text: &str| truth(&evaluate(&parse_filter(text).unwrap(), &entity, model));
        let (ta, tb) = (eval(&a), eval(&b));
        prop_assert_eq!(eval(&format!("not ({a} and {b})")), eval(&format!("not ({a}) or not ({b})")));
        prop_assert_eq!(eval(&format!("({a}) and ({b})")), eval(&format!("({b}) and ({a})")));
        prop_assert_eq!(eval(&format!("not (not ({a}))")), ta);
        prop_assert_eq!(eval(&format!("({a}) or ({b})")).is_some(), ta == Some(true) || tb == Some(true) || (ta.is_some() && tb.is_some()));
        let ne = a.replacen(" eq ", " ne ", 1);
        if a.contains(" eq ") {
            prop_assert_eq!(eval(&ne), ta.map(|t| !t));
        }
        prop_assert_eq!(matches(&parse_filter(&a).unwrap(), &entity, model), ta == Some(true));
    }

    /// `$orderby` is a total order: antisymmetric, and sorting is idempotent.
    #[test]
    fn orderby_is_a_total_order(values in proptest::collection::vec(value(), 0..8), desc in any::<bool>()) {
        let model = service::model();
        let orderby = parse_orderby(if desc { "Note desc,Size" } else { "Note,Size desc" }).unwrap();
        let mut entities: Vec<Entity> = values.iter().map(|(n, s, note)| item(n, *s, 0, note.as_deref())).collect();
        for x in &entities {
            for y in &entities {
                prop_assert_eq!(compare(&orderby, x, y, model), compare(&orderby, y, x, model).reverse());
            }
        }
        sort(&mut entities, &orderby, model);
        for pair in entities.windows(2) {
            prop_assert_ne!(compare(&orderby, &pair[0], &pair[1], model), Ordering::Greater);
        }
    }
}
