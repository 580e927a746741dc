//! The message processing log of one call: what Cloud Integration records about it, built from
//! the request, the run's outcome and the flow's log level.

use time::OffsetDateTime;

use cpi_domain::monitoring::{
    MessageProcessingLog, MplAdapterAttribute, MplArtifact, MplAttachment, MplError, MplLogLevel, MplRun, MplStatus,
    NewMpl,
};
use cpi_flow::engine::{RunOutcome, RunStatus, TraceRecord};

use super::registry::DeployedFlow;

/// The ids and times of one call.
#[derive(Debug, Clone)]
pub struct CallFacts {
    /// The MessageGuid.
    pub message_guid: String,
    /// The correlation id (from `SAP_MplCorrelationId`, else new).
    pub correlation_id: String,
    /// 32 hex characters.
    pub transaction_id: String,
    /// Run id.
    pub run_id: String,
    /// When processing started.
    pub start: OffsetDateTime,
    /// When it ended.
    pub end: OffsetDateTime,
    /// `CPI_<subdomain>`.
    pub component: String,
    /// The flow's log level for this call.
    pub level: MplLogLevel,
}

/// Builds the log of a finished run.
pub fn message_log(flow: &DeployedFlow, facts: &CallFacts, outcome: &RunOutcome) -> NewMpl {
    let headers = &outcome.message.headers;
    let properties = &outcome.message.properties;
    let from = |name: &str| properties.get(name).or_else(|| headers.get(name)).map(str::to_owned);
    let status = match outcome.status {
        RunStatus::Completed => MplStatus::Completed,
        RunStatus::Failed(_) => MplStatus::Failed,
    };
    let log = MessageProcessingLog {
        message_guid: facts.message_guid.clone(),
        correlation_id: Some(facts.correlation_id.clone()),
        application_message_id: from("SAP_ApplicationID"),
        predecessor_message_guid: None,
        application_message_type: from("SAP_MessageType"),
        log_start: facts.start,
        log_end: Some(facts.end),
        sender: from("SAP_Sender"),
        receiver: from("SAP_Receiver").or_else(|| outcome.receivers.first().cloned()),
        status,
        alternate_web_link: None,
        log_level: Some(facts.level.as_str().to_owned()),
        custom_status: Some(from("SAP_MessageProcessingLogCustomStatus").unwrap_or_else(|| status.as_str().to_owned())),
        archiving_status: Some("NOT_RELEVANT".to_owned()),
        transaction_id: Some(facts.transaction_id.clone()),
        previous_component_name: None,
        local_component_name: Some(facts.component.clone()),
        origin_component_name: Some(facts.component.clone()),
        artifact: MplArtifact {
            id: flow.artifact_id.clone(),
            name: flow.name.clone(),
            kind: "INTEGRATION_FLOW".to_owned(),
            package_id: flow.package.as_ref().map(|(id, _)| id.clone()),
            package_name: flow.package.as_ref().map(|(_, name)| name.clone()),
        },
    };
    let attachments =
        if facts.level == MplLogLevel::Trace { trace_attachments(facts, &outcome.trace) } else { Vec::new() };
    NewMpl {
        log,
        attachments,
        custom_headers: Vec::new(),
        adapter_attributes: vec![MplAdapterAttribute {
            adapter_id: format!("{} Sender", flow.sender.channel_name),
            adapter_message_id: None,
            name: "SAP_MplCorrelationId".to_owned(),
            value: facts.correlation_id.clone(),
        }],
        error: error_of(outcome),
        runs: vec![MplRun {
            id: facts.run_id.clone(),
            run_start: facts.start,
            run_stop: Some(facts.end),
            log_level: Some(facts.level.as_str().to_owned()),
            overall_state: Some(status.as_str().to_owned()),
            process_id: Some(facts.component.clone()),
        }],
    }
}

/// The error of a failed run, with the step that failed last.
fn error_of(outcome: &RunOutcome) -> Option<MplError> {
    match &outcome.status {
        RunStatus::Completed => None,
        RunStatus::Failed(failure) => Some(MplError {
            kind: "text/plain".to_owned(),
            last_error_model_step_id: Some(failure.step_id.clone()),
            text: failure.text(),
        }),
    }
}

/// At TRACE level, each step's body and headers as two attachments.
fn trace_attachments(facts: &CallFacts, trace: &[TraceRecord]) -> Vec<MplAttachment> {
    let millis = facts.start.unix_timestamp_nanos() / 1_000_000;
    let mut attachments = Vec::with_capacity(trace.len() * 2);
    for (index, record) in trace.iter().enumerate() {
        let label = if record.step_name.is_empty() { record.step_id.clone() } else { record.step_name.clone() };
        let headers: String = record.message.headers.iter().map(|(name, value)| format!("{name}: {value}\n")).collect();
        let content_type = record.message.headers.get("Content-Type").unwrap_or("text/plain").to_owned();
        attachments.push(MplAttachment {
            id: format!("sap-it-res:msg:{millis:x}:{}-{index}-body", facts.message_guid),
            name: format!("{label} ({}) body", record.step_id),
            content_type,
            timestamp: facts.end,
            payload: record.message.body.clone(),
        });
        attachments.push(MplAttachment {
            id: format!("sap-it-res:msg:{millis:x}:{}-{index}-headers", facts.message_guid),
            name: format!("{label} ({}) headers", record.step_id),
            content_type: "text/plain".to_owned(),
            timestamp: facts.end,
            payload: headers.into_bytes(),
        });
    }
    attachments
}
