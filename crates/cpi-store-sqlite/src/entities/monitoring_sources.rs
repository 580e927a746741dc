//! The message processing log sources: the log table and its children, each scoped to a
//! subaccount (through its number in `mpl_subaccounts`) and optionally to one log (by
//! MessageGuid, through the unique guid index). Times are unix milliseconds, the `Id` of custom
//! headers and adapter attributes is their rowid, and every default order ends with a rowid.

use super::filter::Bind;
use super::sources::SourceSql;

/// The subaccount's number, from its id (bound first).
const SUBACCOUNT_NUMBER: &str = "(SELECT number FROM mpl_subaccounts WHERE subaccount_id = ?)";

/// `MessageProcessingLogs`: newest first; every custom header pair must match.
pub(super) fn message_logs(sub: Bind, custom_headers: &[(String, String)]) -> SourceSql {
    let mut scope = format!("m.subaccount = {SUBACCOUNT_NUMBER}");
    let mut binds = vec![sub];
    for (name, value) in custom_headers {
        scope.push_str(
            " AND EXISTS (SELECT 1 FROM mpl_custom_headers AS h WHERE h.mpl = m.id AND h.name = ? AND h.value = ?)",
        );
        binds.push(Bind::Text(name.clone()));
        binds.push(Bind::Text(value.clone()));
    }
    SourceSql {
        from: "message_processing_logs AS m",
        scope,
        scope_binds: binds,
        columns: MESSAGE_LOG,
        default_order: "m.log_end DESC, m.id DESC",
    }
}

/// `MessageProcessingLogAttachments`, in the order they were written.
pub(super) fn attachments(sub: Bind, log: Option<&str>) -> SourceSql {
    child("mpl_attachments AS a JOIN message_processing_logs AS m ON m.id = a.mpl", sub, log, ATTACHMENT, "a.id")
}

/// `MessageProcessingLogErrorInformations`: the logs with an error, newest first.
pub(super) fn errors(sub: Bind) -> SourceSql {
    child(
        "mpl_errors AS e JOIN message_processing_logs AS m ON m.id = e.mpl",
        sub,
        None,
        ERROR,
        "m.log_end DESC, m.id DESC",
    )
}

/// `MessageProcessingLogAdapterAttributes`, in the order they were written.
pub(super) fn attributes(sub: Bind, log: Option<&str>) -> SourceSql {
    child(
        "mpl_adapter_attributes AS aa JOIN message_processing_logs AS m ON m.id = aa.mpl",
        sub,
        log,
        ADAPTER_ATTRIBUTE,
        "aa.id",
    )
}

/// `MessageProcessingLogCustomHeaderProperties`, in the order they were written.
pub(super) fn custom_headers(sub: Bind, log: Option<&str>) -> SourceSql {
    child("mpl_custom_headers AS h JOIN message_processing_logs AS m ON m.id = h.mpl", sub, log, CUSTOM_HEADER, "h.id")
}

/// `MessageProcessingLogRuns`, in the order they were written.
pub(super) fn runs(sub: Bind, log: Option<&str>) -> SourceSql {
    child("mpl_runs AS r JOIN message_processing_logs AS m ON m.id = r.mpl", sub, log, RUN, "r.id")
}

/// A child table joined to its log `m`, scoped to the subaccount and optionally one log.
fn child(
    from: &'static str,
    sub: Bind,
    log: Option<&str>,
    columns: &'static [(&'static str, &'static str)],
    default_order: &'static str,
) -> SourceSql {
    let (scope, scope_binds) = match log {
        None => (format!("m.subaccount = {SUBACCOUNT_NUMBER}"), vec![sub]),
        Some(guid) => (
            format!("m.subaccount = {SUBACCOUNT_NUMBER} AND m.message_guid = ?"),
            vec![sub, Bind::Text(guid.to_owned())],
        ),
    };
    SourceSql { from, scope, scope_binds, columns, default_order }
}

const MESSAGE_LOG: &[(&str, &str)] = &[
    ("MessageGuid", "m.message_guid"),
    ("CorrelationId", "m.correlation_id"),
    ("ApplicationMessageId", "m.application_message_id"),
    ("PredecessorMessageGuid", "m.predecessor_message_guid"),
    ("ApplicationMessageType", "m.application_message_type"),
    ("LogStart", "m.log_start"),
    ("LogEnd", "m.log_end"),
    ("Sender", "m.sender"),
    ("Receiver", "m.receiver"),
    // Deprecated; SAP substitutes the artifact id, in results and in queries.
    ("IntegrationFlowName", "m.artifact_id"),
    ("Status", "m.status"),
    ("AlternateWebLink", "m.alternate_web_link"),
    ("IntegrationArtifact/Id", "m.artifact_id"),
    ("IntegrationArtifact/Name", "m.artifact_name"),
    ("IntegrationArtifact/Type", "m.artifact_type"),
    ("IntegrationArtifact/PackageId", "m.package_id"),
    ("IntegrationArtifact/PackageName", "m.package_name"),
    ("LogLevel", "m.log_level"),
    ("CustomStatus", "m.custom_status"),
    ("ArchivingStatus", "m.archiving_status"),
    // Archiving is not offered: nothing is ever archived.
    ("ArchivingSenderChannelMessages", "0"),
    ("ArchivingReceiverChannelMessages", "0"),
    ("ArchivingLogAttachments", "0"),
    ("ArchivingPersistedMessages", "0"),
    ("TransactionId", "m.transaction_id"),
    ("PreviousComponentName", "m.previous_component_name"),
    ("LocalComponentName", "m.local_component_name"),
    ("OriginComponentName", "m.origin_component_name"),
];

const ATTACHMENT: &[(&str, &str)] = &[
    ("Id", "a.attachment_id"),
    ("MessageGuid", "m.message_guid"),
    ("TimeStamp", "a.time_stamp"),
    ("Name", "a.name"),
    ("ContentType", "a.content_type"),
    ("PayloadSize", "a.payload_size"),
];

const ERROR: &[(&str, &str)] =
    &[("MessageGuid", "m.message_guid"), ("Type", "e.type"), ("LastErrorModelStepId", "e.last_error_model_step_id")];

const ADAPTER_ATTRIBUTE: &[(&str, &str)] = &[
    ("Id", "aa.id"),
    ("AdapterId", "aa.adapter_id"),
    ("AdapterMessageId", "aa.adapter_message_id"),
    ("Name", "aa.name"),
    ("Value", "aa.value"),
];

const CUSTOM_HEADER: &[(&str, &str)] = &[("Id", "h.id"), ("Name", "h.name"), ("Value", "h.value")];

const RUN: &[(&str, &str)] = &[
    ("Id", "r.run_id"),
    ("RunStart", "r.run_start"),
    ("RunStop", "r.run_stop"),
    ("LogLevel", "r.log_level"),
    ("OverallState", "r.overall_state"),
    ("ProcessId", "r.process_id"),
];
