//! Message processing logs (MPLs): what Cloud Integration records about each message a flow
//! processes, with its attachments, custom header properties, adapter attributes, error and runs
//! (entity types of SAP's MessageProcessingLogs service). Pure data; the store writes them in
//! batches and the API reads them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::OffsetDateTime;

/// The processing status of a message (`MessageProcessingLog.Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MplStatus {
    /// Processed successfully.
    Completed,
    /// Still being processed.
    Processing,
    /// Failed and will be retried.
    Retry,
    /// Failed in a way an operator must look at (e.g. sent to an error queue).
    Escalated,
    /// Failed for good.
    Failed,
    /// Cancelled by an operator.
    Cancelled,
    /// Discarded (e.g. a duplicate or a message of an undeployed flow).
    Discarded,
    /// Abandoned: processing stopped without an outcome (e.g. the worker went away).
    Abandoned,
}

impl MplStatus {
    /// Every status, in SAP's documented order.
    pub const ALL: [MplStatus; 8] = [
        MplStatus::Completed,
        MplStatus::Processing,
        MplStatus::Retry,
        MplStatus::Escalated,
        MplStatus::Failed,
        MplStatus::Cancelled,
        MplStatus::Discarded,
        MplStatus::Abandoned,
    ];

    /// The API text, e.g. `COMPLETED`.
    pub fn as_str(self) -> &'static str {
        match self {
            MplStatus::Completed => "COMPLETED",
            MplStatus::Processing => "PROCESSING",
            MplStatus::Retry => "RETRY",
            MplStatus::Escalated => "ESCALATED",
            MplStatus::Failed => "FAILED",
            MplStatus::Cancelled => "CANCELLED",
            MplStatus::Discarded => "DISCARDED",
            MplStatus::Abandoned => "ABANDONED",
        }
    }

    /// Parses the API text (exact, upper case).
    pub fn parse(text: &str) -> Option<MplStatus> {
        MplStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The log level of a deployed artifact's message processing logs (what SAP's monitoring UI
/// sets per runtime artifact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MplLogLevel {
    /// No processing log beyond the status.
    None,
    /// The standard level.
    #[default]
    Info,
    /// Every step, without payloads.
    Debug,
    /// Every step with payloads; lasts [`TRACE_DURATION`].
    Trace,
}

impl MplLogLevel {
    /// Every level, from least to most detail.
    pub const ALL: [MplLogLevel; 4] = [MplLogLevel::None, MplLogLevel::Info, MplLogLevel::Debug, MplLogLevel::Trace];

    /// The API text, e.g. `INFO`.
    pub fn as_str(self) -> &'static str {
        match self {
            MplLogLevel::None => "NONE",
            MplLogLevel::Info => "INFO",
            MplLogLevel::Debug => "DEBUG",
            MplLogLevel::Trace => "TRACE",
        }
    }

    /// Parses the API text in any case (`trace`, `Trace`, `TRACE`).
    pub fn parse(text: &str) -> Option<MplLogLevel> {
        MplLogLevel::ALL.into_iter().find(|level| level.as_str().eq_ignore_ascii_case(text))
    }
}

/// How long a `TRACE` level lasts before the artifact falls back to `INFO` (SAP: 10 minutes).
pub const TRACE_DURATION: time::Duration = time::Duration::minutes(10);

/// The log level set for a runtime artifact, with when it runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeLogLevel {
    /// The level set.
    pub level: MplLogLevel,
    /// When it falls back to `INFO`; none if it lasts.
    pub expires_at: Option<OffsetDateTime>,
}

impl RuntimeLogLevel {
    /// The level as requested at `now`: `TRACE` expires after [`TRACE_DURATION`], others last.
    pub fn for_request(level: MplLogLevel, now: OffsetDateTime) -> RuntimeLogLevel {
        let expires_at = (level == MplLogLevel::Trace).then(|| now + TRACE_DURATION);
        RuntimeLogLevel { level, expires_at }
    }

    /// The level in force at `now`: `INFO` once it has expired (at `expires_at` itself too).
    pub fn effective(&self, now: OffsetDateTime) -> MplLogLevel {
        match self.expires_at {
            Some(expires_at) if now >= expires_at => MplLogLevel::Info,
            _ => self.level,
        }
    }
}

/// The integration artifact a message ran through (complex type `IntegrationArtifact`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MplArtifact {
    /// Artifact id, e.g. `Orders_Inbound` (also the deprecated `IntegrationFlowName`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// SAP's artifact type, e.g. `INTEGRATION_FLOW`.
    pub kind: String,
    /// Id of the package it belongs to.
    pub package_id: Option<String>,
    /// Name of that package.
    pub package_name: Option<String>,
}

/// One message processing log (entity type `MessageProcessingLog`). Times are UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageProcessingLog {
    /// The key: 28 characters of base64url (see [`message_guid`]).
    pub message_guid: String,
    /// Shared by the messages of one end-to-end exchange.
    pub correlation_id: Option<String>,
    /// The sender's message id (e.g. an IDoc number or `SAP_ApplicationID`).
    pub application_message_id: Option<String>,
    /// The MPL of the message that led to this one.
    pub predecessor_message_guid: Option<String>,
    /// `SAP_MessageType`.
    pub application_message_type: Option<String>,
    /// When processing started.
    pub log_start: OffsetDateTime,
    /// When processing ended (or the log was last written); none while unknown.
    pub log_end: Option<OffsetDateTime>,
    /// `SAP_Sender`.
    pub sender: Option<String>,
    /// `SAP_Receiver`.
    pub receiver: Option<String>,
    /// The processing status.
    pub status: MplStatus,
    /// Link to the message in the monitoring UI.
    pub alternate_web_link: Option<String>,
    /// `INFO`, `NONE`, `DEBUG` or `TRACE`.
    pub log_level: Option<String>,
    /// A status the flow set (`SAP_MessageProcessingLogCustomStatus`); the status by default.
    pub custom_status: Option<String>,
    /// e.g. `NOT_RELEVANT`.
    pub archiving_status: Option<String>,
    /// The runtime's transaction id (32 hex characters).
    pub transaction_id: Option<String>,
    /// The component that handed the message over.
    pub previous_component_name: Option<String>,
    /// This component, e.g. `CPI_<tenant>`.
    pub local_component_name: Option<String>,
    /// The component where the exchange started.
    pub origin_component_name: Option<String>,
    /// The artifact that processed the message.
    pub artifact: MplArtifact,
}

/// An attachment a flow wrote to its log (entity type `MessageProcessingLogAttachment`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MplAttachment {
    /// Key, e.g. `sap-it-res:msg:<hex>:<uuid>`.
    pub id: String,
    /// Name given by the flow.
    pub name: String,
    /// MIME type of the payload.
    pub content_type: String,
    /// When it was written.
    pub timestamp: OffsetDateTime,
    /// The content (its length is `PayloadSize`).
    pub payload: Vec<u8>,
}

/// A custom header property (`MessageProcessingLogCustomHeaderProperty`; its `Id` is given by
/// the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MplCustomHeader {
    /// Name, e.g. `OrderNumber`.
    pub name: String,
    /// Value.
    pub value: String,
}

/// An attribute an adapter logged (`MessageProcessingLogAdapterAttribute`; its `Id` is given by
/// the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MplAdapterAttribute {
    /// The adapter, e.g. `HTTPS Sender`.
    pub adapter_id: String,
    /// The adapter's message id.
    pub adapter_message_id: Option<String>,
    /// Attribute name, e.g. `SAP_MplCorrelationId`.
    pub name: String,
    /// Attribute value.
    pub value: String,
}

/// The error of a message (`MessageProcessingLogErrorInformation`; the text is its `$value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MplError {
    /// MIME type of the text, `text/plain`.
    pub kind: String,
    /// The model step that failed last, e.g. `CallActivity_12`.
    pub last_error_model_step_id: Option<String>,
    /// The error text.
    pub text: String,
}

/// One run of a message through its flow (`MessageProcessingLogRun`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MplRun {
    /// Key.
    pub id: String,
    /// When the run started.
    pub run_start: OffsetDateTime,
    /// When it stopped, if it did.
    pub run_stop: Option<OffsetDateTime>,
    /// Log level of the run.
    pub log_level: Option<String>,
    /// The run's state, e.g. `COMPLETED`.
    pub overall_state: Option<String>,
    /// The worker process that ran it.
    pub process_id: Option<String>,
}

/// A log with everything written with it, the unit the store inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMpl {
    /// The log.
    pub log: MessageProcessingLog,
    /// Its attachments.
    pub attachments: Vec<MplAttachment>,
    /// Its custom header properties.
    pub custom_headers: Vec<MplCustomHeader>,
    /// Its adapter attributes.
    pub adapter_attributes: Vec<MplAdapterAttribute>,
    /// Its error, if it has one.
    pub error: Option<MplError>,
    /// Its runs.
    pub runs: Vec<MplRun>,
}

impl NewMpl {
    /// A log without children.
    pub fn bare(log: MessageProcessingLog) -> NewMpl {
        NewMpl {
            log,
            attachments: Vec::new(),
            custom_headers: Vec::new(),
            adapter_attributes: Vec::new(),
            error: None,
            runs: Vec::new(),
        }
    }
}

/// Random bytes a [`message_guid`] carries.
pub const MESSAGE_GUID_RANDOM_BYTES: usize = 16;

/// A MessageGuid in SAP's shape: 28 characters of base64url encoding a zero byte, the start
/// second as a big-endian `u32` (so ids of one second share their first 6 characters, like
/// `AFq478…`) and 16 random bytes. Seconds outside `u32` are clamped.
pub fn message_guid(at: OffsetDateTime, random: [u8; MESSAGE_GUID_RANDOM_BYTES]) -> String {
    let seconds = u32::try_from(at.unix_timestamp().max(0)).unwrap_or(u32::MAX);
    let mut bytes = [0u8; 5 + MESSAGE_GUID_RANDOM_BYTES];
    bytes[1..5].copy_from_slice(&seconds.to_be_bytes());
    bytes[5..].copy_from_slice(&random);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn statuses_round_trip_through_their_api_text() {
        for status in MplStatus::ALL {
            assert_eq!(MplStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(MplStatus::parse("completed"), None);
        assert_eq!(MplStatus::parse("DONE"), None);
    }

    #[test]
    fn log_levels_round_trip_in_any_case() {
        for level in MplLogLevel::ALL {
            assert_eq!(MplLogLevel::parse(level.as_str()), Some(level));
            assert_eq!(MplLogLevel::parse(&level.as_str().to_ascii_lowercase()), Some(level));
        }
        assert_eq!(MplLogLevel::parse("Trace"), Some(MplLogLevel::Trace));
        assert_eq!(MplLogLevel::parse("ERROR"), None);
        assert_eq!(MplLogLevel::parse(""), None);
        assert_eq!(MplLogLevel::default(), MplLogLevel::Info);
    }

    #[test]
    fn trace_lasts_ten_minutes_and_other_levels_last() {
        let now = datetime!(2025-03-01 09:00:00 UTC);
        let trace = RuntimeLogLevel::for_request(MplLogLevel::Trace, now);
        assert_eq!(trace.expires_at, Some(datetime!(2025-03-01 09:10:00 UTC)));
        assert_eq!(trace.effective(now), MplLogLevel::Trace);
        assert_eq!(trace.effective(datetime!(2025-03-01 09:09:59.999 UTC)), MplLogLevel::Trace);
        assert_eq!(trace.effective(datetime!(2025-03-01 09:10:00 UTC)), MplLogLevel::Info, "expired");
        for level in [MplLogLevel::None, MplLogLevel::Info, MplLogLevel::Debug] {
            let set = RuntimeLogLevel::for_request(level, now);
            assert_eq!(set.expires_at, None, "{level:?}");
            assert_eq!(set.effective(now + time::Duration::days(365)), level, "{level:?} lasts");
        }
    }

    #[test]
    fn any_expired_level_falls_back_to_info() {
        let now = datetime!(2025-03-01 09:00:00 UTC);
        let debug = RuntimeLogLevel { level: MplLogLevel::Debug, expires_at: Some(now) };
        assert_eq!(debug.effective(now - time::Duration::seconds(1)), MplLogLevel::Debug);
        assert_eq!(debug.effective(now), MplLogLevel::Info);
    }

    #[test]
    fn message_guids_have_sap_shape_and_encode_the_second() {
        // SAP's sandbox MPL AFq478Bblxi4wCjBcDb_G0vAGGZG started at 1522069440003 ms.
        let at = OffsetDateTime::from_unix_timestamp(1_522_069_440).unwrap();
        let guid = message_guid(at, [0xab; 16]);
        assert_eq!(guid.len(), 28);
        assert!(guid.starts_with("AFq478"), "{guid}");
        assert!(guid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{guid}");
        assert_ne!(guid, message_guid(at, [0xac; 16]), "randomness makes ids of one second differ");
        assert!(message_guid(datetime!(2020-03-03 12:48:37 UTC), [0; 16]).starts_with("AF5e"));
    }
}
