//! Monitoring: message processing logs and their attachments.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::tenant::{odata_date, odata_int};

/// A message processing log (`MessageProcessingLogs`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MessageLog {
    pub message_guid: String,
    pub correlation_id: String,
    pub application_message_id: Option<String>,
    pub application_message_type: String,
    pub predecessor_message_guid: String,
    #[serde(with = "odata_date::option")]
    pub log_start: Option<OffsetDateTime>,
    #[serde(with = "odata_date::option")]
    pub log_end: Option<OffsetDateTime>,
    pub sender: String,
    pub receiver: String,
    /// Deprecated by SAP in favour of [`integration_artifact`](Self::integration_artifact).
    pub integration_flow_name: String,
    /// `COMPLETED`, `PROCESSING`, `RETRY`, `ESCALATED`, `FAILED`, `CANCELLED`, `DISCARDED`, `ABANDONED`.
    pub status: String,
    pub custom_status: String,
    /// `INFO`, `DEBUG`, `TRACE`, `NONE`.
    pub log_level: String,
    pub alternate_web_link: String,
    pub transaction_id: String,
    pub integration_artifact: IntegrationArtifact,
}

/// The artifact a log belongs to (the complex type `IntegrationArtifact`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IntegrationArtifact {
    pub id: String,
    pub name: String,
    /// `INTEGRATION_FLOW`, ...
    pub r#type: String,
    pub package_id: String,
    pub package_name: String,
}

/// An attachment a flow wrote to its log (`MessageProcessingLogAttachments`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MplAttachment {
    pub id: String,
    pub message_guid: String,
    #[serde(with = "odata_date::option")]
    pub time_stamp: Option<OffsetDateTime>,
    pub name: String,
    pub content_type: String,
    /// `Edm.Int64`, which the JSON format writes as a string.
    #[serde(with = "odata_int")]
    pub payload_size: i64,
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;
    use crate::tenant::from_odata_value;

    #[test]
    fn logs_read_dates_and_the_artifact() {
        let log: MessageLog = from_odata_value(json!({
            "__metadata": {"id": "x"},
            "MessageGuid": "AGA", "ApplicationMessageId": null, "CorrelationId": null, "LogStart": "/Date(1700000000000)/", "LogEnd": null, "Status": "FAILED",
            "IntegrationArtifact": {"__metadata": {"type": "com.sap.hci.api.IntegrationArtifact"},
                "Id": "flow1", "Name": "Flow 1", "Type": "INTEGRATION_FLOW", "PackageId": "P", "PackageName": "Pkg"},
            "ArchivingSenderChannelMessages": "false",
            "Attachments": {"__deferred": {"uri": "y"}}
        }))
        .unwrap();
        assert_eq!(log.log_start, Some(datetime!(2023-11-14 22:13:20 UTC)));
        assert_eq!(log.log_end, None);
        assert_eq!(log.integration_artifact.id, "flow1");
        assert_eq!(log.integration_artifact.r#type, "INTEGRATION_FLOW");
        assert_eq!(log.application_message_id, None);
        assert_eq!(serde_json::to_value(&log).unwrap()["LogStart"], "2023-11-14T22:13:20Z");
    }

    #[test]
    fn attachments_read_sizes_as_text() {
        let attachment: MplAttachment = serde_json::from_value(json!({
            "Id": "a1", "MessageGuid": "AGA", "TimeStamp": "/Date(0)/", "Name": "payload",
            "ContentType": "text/plain", "PayloadSize": "26"
        }))
        .unwrap();
        assert_eq!(attachment.payload_size, 26);
        assert_eq!(attachment.time_stamp, Some(OffsetDateTime::UNIX_EPOCH));
    }
}
