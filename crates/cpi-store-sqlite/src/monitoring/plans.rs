//! The query plans of the common log reads, as the generic read builds them: each is a search
//! of an index that also gives the order (no full scan, no temporary b-tree), and counts read
//! only an index. `migrations/0003_monitoring.sql` lists the plans.

use cpi_domain::Subaccount;
use cpi_odata::query::{Expr, parse_filter};
use cpi_odata::typecheck::check_filter;
use cpi_store::{EntityQuery, EntitySource, SubaccountStore};
use time::macros::datetime;
use uuid::Uuid;

use crate::SqliteStore;
use crate::entities::ReadSql;

const FAILED_SINCE: &str = "Status eq 'FAILED' and LogEnd gt datetime'2026-01-01T00:00:00'";
const FAILED_OF_FLOW_SINCE: &str =
    "Status eq 'FAILED' and LogEnd gt datetime'2026-01-01T00:00:00' and IntegrationArtifact/Id eq 'Orders_Inbound_3'";

fn filter(text: &str) -> Expr {
    let logs = cpi_odata::service::model().entity_set("MessageProcessingLogs").expect("the MPL set").entity_type;
    let expr = parse_filter(text).expect("a valid filter");
    check_filter(&expr, logs, cpi_odata::service::model()).expect("a well-typed filter");
    expr
}

/// `EXPLAIN QUERY PLAN` of a statement, one line per step.
fn plan(connection: &rusqlite::Connection, sql: &str, read: &ReadSql, paged: bool) -> String {
    let mut params: Vec<&dyn rusqlite::ToSql> = read.binds.iter().map(|b| b as &dyn rusqlite::ToSql).collect();
    let (limit, offset) = (101_i64, 49_000_i64);
    if paged {
        params.push(&limit);
        params.push(&offset);
    }
    let mut statement = connection.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("explain");
    let rows = statement.query_map(params.as_slice(), |row| row.get::<_, String>(3)).expect("plan rows");
    rows.map(|row| row.expect("a plan row")).collect::<Vec<_>>().join("\n")
}

fn assert_index_only(plan: &str, index: &str) {
    eprintln!("{plan}\n");
    assert!(plan.contains(&format!("INDEX {index} (")), "searches {index}:\n{plan}");
    assert!(!plan.contains("TEMP B-TREE"), "no sort:\n{plan}");
    assert!(!plan.lines().any(|line| line.starts_with("SCAN")), "no full scan:\n{plan}");
}

#[tokio::test]
async fn common_log_reads_search_an_index_that_gives_their_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cpi.db");
    let store = SqliteStore::open(&path).await.expect("open");
    let sub = Subaccount {
        id: Uuid::from_u128(1),
        subdomain: "acme".to_owned(),
        api_app_number: 1,
        runtime_app_number: 2,
        created_at: datetime!(2026-01-01 00:00 UTC),
    };
    store.create_subaccount(&sub).await.expect("subaccount");
    let connection = rusqlite::Connection::open(&path).expect("connection");
    let logs = cpi_odata::service::model().entity_set("MessageProcessingLogs").expect("the MPL set").entity_type;
    let source = EntitySource::MessageLogs { custom_headers: vec![] };
    let query = |filter: Option<&'static Expr>| EntityQuery {
        entity_type: logs,
        filter,
        orderby: &[],
        skip: 0,
        limit: 101,
        count: true,
    };
    let failed: &'static Expr = Box::leak(Box::new(filter(FAILED_SINCE)));
    let failed_of_flow: &'static Expr = Box::leak(Box::new(filter(FAILED_OF_FLOW_SINCE)));
    for (expr, index) in [(failed, "mpl_by_status"), (failed_of_flow, "mpl_by_artifact_status")] {
        let read = ReadSql::of(sub.id, &source, &query(Some(expr))).expect("sql");
        assert_index_only(&plan(&connection, &read.sql, &read, true), index);
        let count = read.count_sql.as_deref().expect("a count");
        let count_plan = plan(&connection, count, &read, false);
        assert_index_only(&count_plan, index);
        assert!(count_plan.contains("COVERING INDEX"), "the count reads only the index:\n{count_plan}");
    }
    let read = ReadSql::of(sub.id, &source, &query(None)).expect("sql");
    assert_index_only(&plan(&connection, &read.sql, &read, true), "mpl_by_end");
}
