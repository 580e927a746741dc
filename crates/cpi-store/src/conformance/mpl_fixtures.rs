//! Message processing logs for the monitoring checks: each log `n` gets a guid, times relative
//! to `T0`, and (as asked) an attachment, custom headers, an adapter attribute, an error and a
//! run, all named after `n` so that reads can be compared with what was written.

use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::monitoring::{
    MessageProcessingLog, MplAdapterAttribute, MplArtifact, MplAttachment, MplCustomHeader, MplError, MplRun,
    MplStatus, NewMpl,
};
use cpi_odata::model::EntityType;
use cpi_odata::value::Value;

use super::entity_types::{all, read};
use super::fixtures::ms;
use crate::{EntitySource, Store};

/// The entity type of a set of the service model (the real MPL types, with their complex
/// `IntegrationArtifact`).
pub(super) fn set_type(set: &str) -> &'static EntityType {
    cpi_odata::service::model().entity_set(set).unwrap_or_else(|| panic!("the model has {set}")).entity_type
}

/// The guid of log `n` (28 characters, like SAP's).
pub(super) fn guid(n: u32) -> String {
    format!("AGconformanceMessageGuid{n:04}")
}

/// A log of flow `flow` that started at `start` and ended 250 ms later (`end` none: still open).
pub(super) fn log(n: u32, flow: &str, status: MplStatus, start: OffsetDateTime, ended: bool) -> MessageProcessingLog {
    MessageProcessingLog {
        message_guid: guid(n),
        correlation_id: Some(format!("AGconformanceCorrelation{n:04}")),
        application_message_id: Some(format!("ORDER-{n}")),
        predecessor_message_guid: None,
        application_message_type: Some("OrderCreate".to_owned()),
        log_start: start,
        log_end: ended.then(|| start + time::Duration::milliseconds(250)),
        sender: Some("ERP".to_owned()),
        receiver: None,
        status,
        alternate_web_link: Some(format!("https://tenant.example/itspaces/mpl/{n}")),
        log_level: Some("INFO".to_owned()),
        custom_status: Some(status.as_str().to_owned()),
        archiving_status: Some("NOT_RELEVANT".to_owned()),
        transaction_id: Some(format!("{n:032x}")),
        previous_component_name: Some("CPI_acme".to_owned()),
        local_component_name: Some("CPI_acme".to_owned()),
        origin_component_name: None,
        artifact: MplArtifact {
            id: flow.to_owned(),
            name: format!("{flow} name"),
            kind: "INTEGRATION_FLOW".to_owned(),
            package_id: Some("Orders".to_owned()),
            package_name: None,
        },
    }
}

/// Log `n` with one of each child: an attachment of `size` bytes, two custom headers
/// (`OrderNumber`=`ON-<n>`, `Customer`=`customer`), an adapter attribute, an error if it failed,
/// and a run.
pub(super) fn full(log: MessageProcessingLog, n: u32, customer: &str, size: usize) -> NewMpl {
    let start = log.log_start;
    let failed = log.status == MplStatus::Failed;
    NewMpl {
        attachments: vec![attachment(n, start, size)],
        custom_headers: vec![
            MplCustomHeader { name: "OrderNumber".to_owned(), value: format!("ON-{n}") },
            MplCustomHeader { name: "Customer".to_owned(), value: customer.to_owned() },
        ],
        adapter_attributes: vec![MplAdapterAttribute {
            adapter_id: "HTTPS Sender".to_owned(),
            adapter_message_id: Some(format!("<{n}@sender>")),
            name: "SAP_MplCorrelationId".to_owned(),
            value: format!("AGconformanceCorrelation{n:04}"),
        }],
        error: failed.then(|| MplError {
            kind: "text/plain".to_owned(),
            last_error_model_step_id: Some("CallActivity_7".to_owned()),
            text: format!("com.sap.it.rt.adapter.http.api.exception.HttpResponseException: 500 for {n}"),
        }),
        runs: vec![MplRun {
            id: format!("run-{n}"),
            run_start: start,
            run_stop: log.log_end,
            log_level: Some("INFO".to_owned()),
            overall_state: Some(log.status.as_str().to_owned()),
            process_id: Some("worker-1".to_owned()),
        }],
        log,
    }
}

/// Attachment of log `n`: `size` bytes of `x`, plain text.
pub(super) fn attachment(n: u32, at: OffsetDateTime, size: usize) -> MplAttachment {
    MplAttachment {
        id: attachment_id(n),
        name: format!("payload {n}"),
        content_type: "text/plain".to_owned(),
        timestamp: at,
        payload: vec![b'x'; size],
    }
}

/// The id of log `n`'s attachment.
pub(super) fn attachment_id(n: u32) -> String {
    format!("sap-it-res:msg:conformance:{n}")
}

/// Every row of a source, read as the set's entity type.
pub(super) async fn rows_of<S: Store>(store: &S, sub: Uuid, source: &EntitySource, set: &str) -> Vec<Vec<Value>> {
    read(store, sub, source, &all(set_type(set))).await.rows
}

/// The first value (the key) of each row of a source, as text.
pub(super) async fn first_values<S: Store>(store: &S, sub: Uuid, source: &EntitySource, set: &str) -> Vec<String> {
    rows_of(store, sub, source, set)
        .await
        .iter()
        .map(|row| match row.first() {
            Some(Value::String(text)) => text.clone(),
            other => panic!("the key of a {set} row should be a string, got {other:?}"),
        })
        .collect()
}

/// The `MessageProcessingLogs` row of a log with its stored values, in the type's order.
pub(super) fn log_row(log: &MessageProcessingLog) -> Vec<Value> {
    let text = |value: &Option<String>| value.as_ref().map_or(Value::Null, |v| Value::String(v.clone()));
    let s = |value: &str| Value::String(value.to_owned());
    let a = &log.artifact;
    vec![
        s(&log.message_guid),
        text(&log.correlation_id),
        text(&log.application_message_id),
        text(&log.predecessor_message_guid),
        text(&log.application_message_type),
        Value::DateTime(ms(log.log_start)),
        log.log_end.map_or(Value::Null, |end| Value::DateTime(ms(end))),
        text(&log.sender),
        text(&log.receiver),
        s(&a.id),
        s(log.status.as_str()),
        text(&log.alternate_web_link),
        Value::Complex(vec![s(&a.id), s(&a.name), s(&a.kind), text(&a.package_id), text(&a.package_name)]),
        text(&log.log_level),
        text(&log.custom_status),
        text(&log.archiving_status),
        Value::Boolean(false),
        Value::Boolean(false),
        Value::Boolean(false),
        Value::Boolean(false),
        text(&log.transaction_id),
        text(&log.previous_component_name),
        text(&log.local_component_name),
        text(&log.origin_component_name),
    ]
}
