//! Message processing logs: batches read back through the generic read (every property, the
//! complex `IntegrationArtifact`, newest first, filters on status, artifact and custom
//! headers, the child sets), media reads, conflicts, and both purges.

use cpi_domain::Subaccount;
use cpi_domain::monitoring::{MplStatus, NewMpl};
use cpi_odata::query::BinaryOp;
use cpi_odata::value::Value;

use super::entity_types::{all, binary, datetime, path, prop, prop_eq, read, string, strings, text};
use super::fixtures::{assert_conflict, assert_not_found, at, given_subaccount, id, ms};
use super::mpl_fixtures::{attachment_id, first_values, full, guid, log, log_row, rows_of, set_type};
use crate::{EntityQuery, EntitySource, Store};

const LOGS: &str = "MessageProcessingLogs";

fn logs_with(custom_headers: &[(&str, &str)]) -> EntitySource {
    let pairs = custom_headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
    EntitySource::MessageLogs { custom_headers: pairs }
}

/// A batch reads back through the generic read: every property in the type's order (the
/// artifact as a complex value, archiving flags false), newest first, filtered by status,
/// artifact (also as `IntegrationFlowName`) and custom headers, per subaccount.
pub async fn mpls_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let batch = vec![
        full(log(1, "Orders_Inbound", MplStatus::Completed, at(1_000), true), 1, "ACME", 10),
        full(log(2, "Orders_Inbound", MplStatus::Failed, at(3_000), true), 2, "Globex", 20),
        full(log(3, "Invoices", MplStatus::Failed, at(2_000), true), 3, "ACME", 30),
        NewMpl::bare(log(4, "Invoices", MplStatus::Processing, at(500), false)),
    ];
    store.insert_mpls(sub.id, &batch).await.expect("insert_mpls");
    store.insert_mpls(sub.id, &[]).await.expect("an empty batch is fine");
    let foreign = full(log(9, "Orders_Inbound", MplStatus::Failed, at(9_000), true), 9, "ACME", 5);
    store.insert_mpls(other.id, &[foreign]).await.expect("insert_mpls elsewhere");
    let rows = read(store, sub.id, &logs_with(&[]), &all(set_type(LOGS))).await;
    // Ends: log 2 at 3_250, log 3 at 2_250, log 1 at 1_250, log 4 open.
    let expected: Vec<_> = [1, 2, 0, 3].iter().map(|&i| log_row(&batch[i].log)).collect();
    assert_eq!(rows.rows, expected, "every property of all four, newest end first, the open one last");
    let ids = |filter| async move {
        let query = EntityQuery { filter: Some(&filter), ..all(set_type(LOGS)) };
        let rows = read(store, sub.id, &logs_with(&[]), &query).await;
        rows.rows.iter().map(|row| row[0].clone()).collect::<Vec<_>>()
    };
    let guids = |ns: &[u32]| ns.iter().map(|&n| string(&guid(n))).collect::<Vec<_>>();
    assert_eq!(ids(prop_eq("Status", "FAILED")).await, guids(&[2, 3]), "Status eq 'FAILED'");
    let artifact = binary(BinaryOp::Eq, path(&["IntegrationArtifact", "Id"]), text("Invoices"));
    assert_eq!(ids(artifact).await, guids(&[3, 4]), "IntegrationArtifact/Id eq 'Invoices'");
    assert_eq!(ids(prop_eq("IntegrationFlowName", "Orders_Inbound")).await, guids(&[2, 1]), "IntegrationFlowName");
    let since = binary(BinaryOp::Gt, prop("LogEnd"), datetime(ms(at(1_500))));
    assert_eq!(ids(since).await, guids(&[2, 3]), "LogEnd gt datetime'…'");
    let headers = |pairs: &'static [(&'static str, &'static str)]| async move {
        first_values(store, sub.id, &logs_with(pairs), LOGS).await
    };
    assert_eq!(headers(&[("Customer", "ACME")]).await, strings(&[&guid(3), &guid(1)]), "one custom header");
    assert_eq!(headers(&[("Customer", "ACME"), ("OrderNumber", "ON-1")]).await, vec![guid(1)], "every pair must match");
    assert_eq!(headers(&[("Customer", "ON-1")]).await, Vec::<String>::new(), "name and value belong together");
    assert_eq!(
        first_values(store, other.id, &logs_with(&[]), LOGS).await,
        vec![guid(9)],
        "the other subaccount sees only its own"
    );
}

/// Two logs of subaccount 1 (the first failed, with a 12-byte attachment; the second with 3
/// bytes) and an empty subaccount 2.
async fn given_two_logs<S: Store>(store: &S) -> (Subaccount, Subaccount) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let batch = vec![
        full(log(1, "Orders", MplStatus::Failed, at(1_000), true), 1, "ACME", 12),
        full(log(2, "Orders", MplStatus::Completed, at(2_000), true), 2, "ACME", 3),
    ];
    store.insert_mpls(sub.id, &batch).await.expect("insert_mpls");
    (sub, other)
}

/// The child sets of a log, one log's or the subaccount's.
pub async fn mpl_children_round_trip<S: Store>(store: &S) {
    let (sub, _) = given_two_logs(store).await;
    let one = |n: u32| Some(guid(n));
    let attachments = EntitySource::MessageLogAttachments { log: one(1) };
    assert_eq!(
        rows_of(store, sub.id, &attachments, "MessageProcessingLogAttachments").await,
        vec![vec![
            string(&attachment_id(1)),
            string(&guid(1)),
            Value::DateTime(ms(at(1_000))),
            string("payload 1"),
            string("text/plain"),
            Value::Int64(12),
        ]],
        "the attachment of log 1 with its size"
    );
    let all_attachments = EntitySource::MessageLogAttachments { log: None };
    assert_eq!(
        first_values(store, sub.id, &all_attachments, "MessageProcessingLogAttachments").await,
        vec![attachment_id(1), attachment_id(2)],
        "every attachment of the subaccount"
    );
    assert_eq!(
        rows_of(store, sub.id, &EntitySource::MessageLogErrors, "MessageProcessingLogErrorInformations").await,
        vec![vec![string(&guid(1)), string("text/plain"), string("CallActivity_7")]],
        "one error information, of the failed log"
    );
    let headers = EntitySource::MessageLogCustomHeaders { log: one(2) };
    let headers = rows_of(store, sub.id, &headers, "MessageProcessingLogCustomHeaderProperties").await;
    let values: Vec<_> = headers.iter().map(|row| (row[1].clone(), row[2].clone())).collect();
    assert_eq!(values, vec![(string("OrderNumber"), string("ON-2")), (string("Customer"), string("ACME"))]);
    assert!(headers.iter().all(|row| matches!(&row[0], Value::String(id) if !id.is_empty())), "ids as text");
    let attributes = EntitySource::MessageLogAdapterAttributes { log: one(1) };
    let attributes = rows_of(store, sub.id, &attributes, "MessageProcessingLogAdapterAttributes").await;
    assert_eq!(attributes.len(), 1, "one adapter attribute");
    assert_eq!(
        attributes[0][1..],
        [
            string("HTTPS Sender"),
            string("<1@sender>"),
            string("SAP_MplCorrelationId"),
            string("AGconformanceCorrelation0001")
        ]
    );
    let runs = EntitySource::MessageLogRuns { log: one(2) };
    assert_eq!(
        rows_of(store, sub.id, &runs, "MessageProcessingLogRuns").await,
        vec![vec![
            string("run-2"),
            Value::DateTime(ms(at(2_000))),
            Value::DateTime(ms(at(2_250))),
            string("INFO"),
            string("COMPLETED"),
            string("worker-1"),
        ]],
        "the run of log 2"
    );
}

/// A batch with an existing or repeated MessageGuid conflicts and writes nothing; guids are
/// per subaccount; an unknown subaccount is NotFound.
pub async fn mpl_conflicts<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let first = full(log(1, "Orders", MplStatus::Completed, at(1_000), true), 1, "ACME", 4);
    store.insert_mpls(sub.id, std::slice::from_ref(&first)).await.expect("insert_mpls");
    let fresh = full(log(2, "Orders", MplStatus::Completed, at(2_000), true), 2, "ACME", 4);
    let again = NewMpl::bare(log(1, "Orders", MplStatus::Failed, at(3_000), true));
    assert_conflict(store.insert_mpls(sub.id, &[fresh.clone(), again]).await, "an existing guid", &guid(1));
    let third = NewMpl::bare(log(3, "Orders", MplStatus::Completed, at(1), true));
    let twice = [third.clone(), third];
    assert_conflict(store.insert_mpls(sub.id, &twice).await, "a guid twice in one batch", &guid(3));
    assert_eq!(first_values(store, sub.id, &logs_with(&[]), LOGS).await, vec![guid(1)], "failed batches wrote nothing");
    assert_not_found(store.mpl_attachment_content(sub.id, &attachment_id(2)).await, "nor any child");
    store.insert_mpls(other.id, &[first]).await.expect("the same guid in another subaccount is fine");
    assert_not_found(store.insert_mpls(id(0xdead), &[fresh]).await, "an unknown subaccount");
}

/// Purging by age deletes the logs of every subaccount that ended (or, open, started) before
/// the cutoff, with all their children, in as many batches as needed; newer logs keep theirs.
pub async fn mpl_purge_by_age<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    // Ends 250 ms after the start; the cutoff is at 10_000.
    let old = |n: u32, start: i64| full(log(n, "Orders", MplStatus::Failed, at(start), true), n, "ACME", 8);
    store.insert_mpls(sub.id, &[old(1, 1_000), old(2, 9_749), old(3, 9_750), old(4, 20_000)]).await.expect("insert");
    let open_old = NewMpl::bare(log(5, "Orders", MplStatus::Processing, at(9_999), false));
    let open_new = NewMpl::bare(log(6, "Orders", MplStatus::Processing, at(10_000), false));
    store.insert_mpls(sub.id, &[open_old, open_new]).await.expect("insert open logs");
    store.insert_mpls(other.id, &[old(7, 2_000), old(8, 30_000)]).await.expect("insert elsewhere");
    assert_eq!(store.attachment_bytes().await.expect("attachment_bytes"), 6 * 8, "six attachments of 8 bytes");
    let purged = store.purge_mpls(at(10_000), 2).await.expect("purge_mpls");
    assert_eq!(purged, 4, "logs 1, 2 and 7 ended before the cutoff, open log 5 started before it");
    assert_eq!(
        first_values(store, sub.id, &logs_with(&[]), LOGS).await,
        vec![guid(4), guid(3), guid(6)],
        "ended at the cutoff or later (log 3 at exactly 10_000), or open and started at it, stay"
    );
    assert_eq!(first_values(store, other.id, &logs_with(&[]), LOGS).await, vec![guid(8)], "in every subaccount");
    for n in [1, 2] {
        assert_not_found(store.mpl_attachment_content(sub.id, &attachment_id(n)).await, "purged attachment");
        assert_not_found(store.mpl_error_text(sub.id, &guid(n)).await, "purged error");
    }
    for (source, set) in [
        (EntitySource::MessageLogAttachments { log: None }, "MessageProcessingLogAttachments"),
        (EntitySource::MessageLogCustomHeaders { log: None }, "MessageProcessingLogCustomHeaderProperties"),
        (EntitySource::MessageLogAdapterAttributes { log: None }, "MessageProcessingLogAdapterAttributes"),
        (EntitySource::MessageLogRuns { log: None }, "MessageProcessingLogRuns"),
        (EntitySource::MessageLogErrors, "MessageProcessingLogErrorInformations"),
    ] {
        let rows = rows_of(store, sub.id, &source, set).await;
        let expected = if set == "MessageProcessingLogCustomHeaderProperties" { 4 } else { 2 };
        assert_eq!(rows.len(), expected, "{set}: only those of logs 3 and 4 remain");
    }
    assert_eq!(store.attachment_bytes().await.expect("attachment_bytes"), 3 * 8, "the purged payloads are gone");
    assert_eq!(store.purge_mpls(at(10_000), 100).await.expect("purge again"), 0, "nothing left to purge");
}

/// Over the budget, the attachments of the oldest logs go first (rows and payloads) until the
/// total fits; the logs stay.
pub async fn mpl_attachment_budget<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let sized = |n: u32, start: i64, size: usize| {
        full(log(n, "Orders", MplStatus::Completed, at(start), true), n, "ACME", size)
    };
    store.insert_mpls(sub.id, &[sized(1, 3_000, 100), sized(2, 1_000, 300)]).await.expect("insert");
    store.insert_mpls(other.id, &[sized(3, 2_000, 200), sized(4, 4_000, 50)]).await.expect("insert");
    assert_eq!(store.attachment_bytes().await.expect("attachment_bytes"), 650);
    assert_eq!(store.purge_attachments_over_budget(650).await.expect("purge"), 0, "within the budget");
    assert_eq!(store.purge_attachments_over_budget(200).await.expect("purge"), 2, "the two oldest logs' attachments");
    assert_eq!(store.attachment_bytes().await.expect("attachment_bytes"), 150, "100 + 50 remain");
    assert_not_found(store.mpl_attachment_content(sub.id, &attachment_id(2)).await, "oldest (log 2) gone");
    assert_not_found(store.mpl_attachment_content(other.id, &attachment_id(3)).await, "next oldest (log 3) gone");
    store.mpl_attachment_content(sub.id, &attachment_id(1)).await.expect("log 1 keeps its attachment");
    let remaining = EntitySource::MessageLogAttachments { log: None };
    assert_eq!(
        first_values(store, sub.id, &remaining, "MessageProcessingLogAttachments").await,
        vec![attachment_id(1)],
        "the listing matches"
    );
    assert_eq!(first_values(store, sub.id, &logs_with(&[]), LOGS).await, vec![guid(1), guid(2)], "the logs stay");
    assert_eq!(store.purge_attachments_over_budget(0).await.expect("purge"), 2, "a zero budget empties");
    assert_eq!(store.attachment_bytes().await.expect("attachment_bytes"), 0);
}

/// An attachment's content type and payload, and a log's error text, per subaccount.
pub async fn mpl_media_reads<S: Store>(store: &S) {
    let (sub, other) = given_two_logs(store).await;
    let content = store.mpl_attachment_content(sub.id, &attachment_id(1)).await.expect("attachment content");
    assert_eq!(content, ("text/plain".to_owned(), vec![b'x'; 12]), "content type and payload");
    assert_not_found(
        store.mpl_attachment_content(other.id, &attachment_id(1)).await,
        "another subaccount's attachment",
    );
    let text = store.mpl_error_text(sub.id, &guid(1)).await.expect("error text");
    assert!(text.contains("HttpResponseException: 500 for 1"), "{text}");
    assert_not_found(store.mpl_error_text(sub.id, &guid(2)).await, "a log without an error");
    assert_not_found(store.mpl_error_text(other.id, &guid(1)).await, "another subaccount's log");
}
