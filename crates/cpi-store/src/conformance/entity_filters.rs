//! `$filter` through the generic read: comparisons, logic, nulls, functions, and literal matching
//! of values with quotes, `%`, `_` and non-ASCII text.

use cpi_odata::query::BinaryOp::{Eq, Ge, Gt, Le, Lt, Ne};
use cpi_odata::query::Function::{EndsWith, IndexOf, Length, StartsWith, SubstringOf, ToLower, ToUpper};
use cpi_odata::query::{BinaryOp, Expr, Literal};
use uuid::Uuid;

use cpi_domain::content::ArtifactKind::IntegrationFlow;

use super::entity_reads::{NAMED, given_named_packages};
use super::entity_types::{
    PACKAGE, RESOURCE, RUNTIME, all, and, binary, call, int, keys, not, null, or, prop, prop_eq, read, strings, text,
};
use super::fixtures::{at, given_artifact, given_deployment, given_package, given_subaccount, ms};
use crate::{EntityQuery, EntitySource, Store};

/// The ids of the [`NAMED`] packages a filter keeps, in id order.
async fn matching<S: Store>(store: &S, sub: Uuid, filter: &Expr) -> Vec<String> {
    let query = EntityQuery { filter: Some(filter), count: true, ..all(&PACKAGE) };
    let rows = read(store, sub, &EntitySource::Packages, &query).await;
    let ids = keys(&rows);
    assert_eq!(rows.total, Some(ids.len() as u64), "the count of {filter:?}");
    ids
}

/// Ids `p<n>` for each `n`.
fn ps(numbers: &[u8]) -> Vec<String> {
    numbers.iter().map(|n| format!("p{n}")).collect()
}

/// Every [`NAMED`] id.
fn every() -> Vec<String> {
    NAMED.iter().map(|(id, _)| (*id).to_owned()).collect()
}

/// `Name op 'value'`.
fn name(op: BinaryOp, value: &str) -> Expr {
    binary(op, prop("Name"), text(value))
}

/// `eq`, `ne`, `gt`, `ge`, `lt`, `le` on strings (byte order, case-sensitive) and booleans.
pub async fn entity_filter_string_comparisons<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_named_packages(store, sub.id).await;
    let cases: Vec<(Expr, Vec<String>, &str)> = vec![
        (name(Eq, "Beta"), ps(&[3]), "eq"),
        (name(Eq, "beta"), ps(&[]), "eq is case-sensitive"),
        (name(Ne, "Beta"), ps(&[1, 2, 4, 5, 6, 7, 8, 9]), "ne"),
        (name(Gt, "O'Brien"), ps(&[2, 6, 7]), "gt"),
        (name(Ge, "O'Brien"), ps(&[2, 6, 7, 8]), "ge"),
        (name(Lt, "Alpha"), ps(&[4, 5]), "lt"),
        (name(Le, "Alpha"), ps(&[1, 4, 5]), "le"),
        (binary(Lt, text("Beta"), prop("Name")), ps(&[2, 6, 7, 8, 9]), "a literal on the left"),
        (binary(Eq, prop("PartnerContent"), Expr::Literal(Literal::Boolean(true))), ps(&[1, 2, 3]), "a boolean"),
        (binary(Ne, prop("PartnerContent"), Expr::Literal(Literal::Boolean(true))), ps(&[4, 5, 6, 7, 8, 9]), "ne true"),
        (prop_eq("CreationDate", &ms(at(2_000)).to_string()), ps(&[3]), "a date typed as a string"),
        (binary(Eq, prop("Name"), prop("Name")), every(), "two properties"),
    ];
    for (filter, expected, what) in cases {
        assert_eq!(matching(store, sub.id, &filter).await, expected, "{what}: {filter:?}");
    }
}

/// `and`, `or`, `not`, nested either way, and `eq null` / `ne null` on stored, null and
/// unstored properties.
pub async fn entity_filter_logic_and_nulls<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_named_packages(store, sub.id).await;
    let starts = |prefix: &str| call(StartsWith, vec![prop("Name"), text(prefix)]);
    let cases: Vec<(Expr, Vec<String>, &str)> = vec![
        (and(or(name(Eq, "Alpha"), name(Eq, "Beta")), not(prop_eq("Id", "p1"))), ps(&[3]), "(a or b) and not c"),
        (or(name(Eq, "Alpha"), and(prop_eq("Id", "p3"), not(name(Eq, "x")))), ps(&[1, 3]), "a or (b and not c)"),
        (not(or(starts("a"), starts("1"))), ps(&[1, 3, 8, 9]), "not (a or b)"),
        (not(not(starts("a"))), ps(&[2, 6, 7]), "not not"),
        (and(starts("a"), or(prop_eq("Version", "1.0.0"), name(Eq, "a_b"))), ps(&[6, 7]), "and over or"),
        (binary(Eq, prop("PackageContent"), null()), every(), "an unstored property eq null"),
        (binary(Ne, prop("PackageContent"), null()), ps(&[]), "an unstored property ne null"),
        (binary(Eq, null(), prop("PackageContent")), every(), "null on the left"),
        (binary(Eq, prop("Name"), null()), ps(&[]), "a stored property eq null"),
        (binary(Ne, prop("Name"), null()), every(), "a stored property ne null"),
        (and(binary(Ne, prop("Description"), null()), name(Eq, "axb")), ps(&[7]), "ne null and more"),
    ];
    for (filter, expected, what) in cases {
        assert_eq!(matching(store, sub.id, &filter).await, expected, "{what}: {filter:?}");
    }
    given_package(store, &sub, "orders").await;
    given_artifact(store, &sub, IntegrationFlow, "Orders.Flow", "orders").await;
    let source = EntitySource::Resources { kind: IntegrationFlow, artifact: "Orders.Flow".to_owned() };
    for (op, expected) in [(Eq, ["script1.groovy"]), (Ne, ["mapping.mmap"])] {
        let filter = binary(op, prop("ReferencedResourceType"), null());
        let rows = read(store, sub.id, &source, &EntityQuery { filter: Some(&filter), ..all(&RESOURCE) }).await;
        assert_eq!(keys(&rows), strings(&expected), "a nullable column {op:?} null");
    }
}

/// substringof, startswith, endswith (empty needles match everything), tolower, toupper, length
/// and indexof (in characters).
pub async fn entity_filter_functions<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_named_packages(store, sub.id).await;
    let on_name = |function, needle: &str| call(function, vec![prop("Name"), text(needle)]);
    let cases: Vec<(Expr, Vec<String>, &str)> = vec![
        (call(SubstringOf, vec![text("pha"), prop("Name")]), ps(&[1, 2]), "substringof"),
        (call(SubstringOf, vec![text("PHA"), prop("Name")]), ps(&[]), "substringof is case-sensitive"),
        (call(SubstringOf, vec![text(""), prop("Name")]), every(), "substringof ''"),
        (on_name(StartsWith, "al"), ps(&[2]), "startswith"),
        (on_name(StartsWith, ""), every(), "startswith ''"),
        (on_name(StartsWith, "Alphabet and more"), ps(&[]), "startswith longer than the text"),
        (on_name(EndsWith, "sure"), ps(&[4, 5]), "endswith"),
        (on_name(EndsWith, "xb"), ps(&[7]), "endswith xb"),
        (on_name(EndsWith, ""), every(), "endswith ''"),
        (on_name(EndsWith, "more than axb"), ps(&[]), "endswith longer than the text"),
        (not(on_name(EndsWith, "a")), ps(&[2, 4, 5, 6, 7, 8, 9]), "not endswith"),
        (binary(Eq, call(ToLower, vec![prop("Name")]), text("alpha")), ps(&[1]), "tolower"),
        (binary(Eq, call(ToUpper, vec![prop("Name")]), text("BETA")), ps(&[3]), "toupper"),
        (call(StartsWith, vec![call(ToLower, vec![prop("Name")]), text("al")]), ps(&[1, 2]), "startswith(tolower)"),
        (binary(Eq, call(Length, vec![prop("Name")]), int(4)), ps(&[3]), "length"),
        (binary(Eq, call(Length, vec![prop("Name")]), int(8)), ps(&[2, 5, 9]), "length counts characters"),
        (binary(Gt, call(Length, vec![prop("Name")]), int(8)), ps(&[4]), "length gt"),
        (binary(Eq, on_name(IndexOf, "pha"), int(2)), ps(&[1, 2]), "indexof is 0-based"),
        (binary(Eq, on_name(IndexOf, "A"), int(0)), ps(&[1]), "indexof at the start"),
        (binary(Eq, on_name(IndexOf, "東"), int(6)), ps(&[9]), "indexof counts characters"),
        (binary(Eq, on_name(IndexOf, "zzz"), int(-1)), every(), "indexof -1 when absent"),
    ];
    for (filter, expected, what) in cases {
        assert_eq!(matching(store, sub.id, &filter).await, expected, "{what}: {filter:?}");
    }
}

/// Quotes, `%`, `_` and non-ASCII text match literally, never as patterns.
pub async fn entity_filter_literal_matching<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_named_packages(store, sub.id).await;
    let on_name = |function, needle: &str| call(function, vec![prop("Name"), text(needle)]);
    let cases: Vec<(Expr, Vec<String>, &str)> = vec![
        (name(Eq, "O'Brien"), ps(&[8]), "a quote"),
        (call(SubstringOf, vec![text("'"), prop("Name")]), ps(&[8]), "substringof a quote"),
        (call(SubstringOf, vec![text("%"), prop("Name")]), ps(&[4]), "substringof %"),
        (call(SubstringOf, vec![text("_"), prop("Name")]), ps(&[6]), "substringof _"),
        (on_name(StartsWith, "a_"), ps(&[6]), "startswith a_"),
        (on_name(StartsWith, "100%"), ps(&[4]), "startswith 100%"),
        (on_name(EndsWith, "% sure"), ps(&[4]), "endswith % sure"),
        (on_name(EndsWith, "_b"), ps(&[6]), "endswith _b"),
        (name(Eq, "a%"), ps(&[]), "eq a%"),
        (name(Eq, "Grüße 東京"), ps(&[9]), "eq non-ASCII"),
        (call(SubstringOf, vec![text("üß"), prop("Name")]), ps(&[9]), "substringof non-ASCII"),
        (on_name(EndsWith, "東京"), ps(&[9]), "endswith non-ASCII"),
        (binary(Eq, on_name(IndexOf, "%"), int(3)), ps(&[4]), "indexof %"),
        (name(Eq, "Robert'); DROP TABLE packages; --"), ps(&[]), "values are never SQL"),
    ];
    for (filter, expected, what) in cases {
        assert_eq!(matching(store, sub.id, &filter).await, expected, "{what}: {filter:?}");
    }
    assert_eq!(matching(store, sub.id, &name(Ne, "")).await, every(), "the packages are all still there");
}

/// Comparisons on a DateTime property, at millisecond precision.
pub async fn entity_filter_datetimes<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    for (n, id) in [(1, "r1"), (2, "r2"), (3, "r3")] {
        given_deployment(store, &sub, &format!("task-{id}"), id, at(n * 1_000)).await;
    }
    let on = |op, time_ms: i64| binary(op, prop("DeployedOn"), Expr::Literal(Literal::DateTime(ms(at(time_ms)))));
    let cases: Vec<(Expr, &[&str], &str)> = vec![
        (on(Eq, 2_000), &["r2"], "eq"),
        (on(Ne, 2_000), &["r1", "r3"], "ne"),
        (on(Gt, 2_000), &["r3"], "gt"),
        (on(Ge, 2_000), &["r2", "r3"], "ge"),
        (on(Lt, 2_000), &["r1"], "lt"),
        (on(Le, 2_000), &["r1", "r2"], "le"),
        (on(Gt, 1_999), &["r2", "r3"], "gt a millisecond before"),
        (on(Lt, 2_001), &["r1", "r2"], "lt a millisecond after"),
        (on(Eq, 2_001), &[], "eq a millisecond off"),
        (and(on(Gt, 1_000), on(Lt, 3_000)), &["r2"], "a range"),
    ];
    for (filter, expected, what) in cases {
        let query = EntityQuery { filter: Some(&filter), ..all(&RUNTIME) };
        let rows = read(store, sub.id, &EntitySource::RuntimeArtifacts, &query).await;
        assert_eq!(keys(&rows), strings(expected), "DeployedOn {what}");
    }
}
