//! Monitoring: message processing logs, their error texts and attachments.

use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use super::{BINARY_ACCEPT, MessageLog, MplAttachment, TenantClient, key_literal, string_literal};
use crate::http::ApiError;

const LOGS: &str = "MessageProcessingLogs";

/// Which message processing logs to read; every field narrows the result. The logs come newest
/// first (`$orderby=LogEnd desc`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MplQuery {
    /// `Status eq '…'`, upper-cased (`failed` → `FAILED`); several statuses separated by commas
    /// match any of them (`FAILED,RETRY`).
    pub status: Option<String>,
    /// The integration flow's id: `IntegrationArtifact/Id eq '…'`.
    pub flow: Option<String>,
    /// Logs that ended at or after this instant: `LogEnd ge datetime'…'` (in UTC).
    pub since: Option<OffsetDateTime>,
    /// Logs that ended at or before this instant: `LogEnd le datetime'…'` (in UTC).
    pub until: Option<OffsetDateTime>,
    /// At most this many logs (`$top`).
    pub top: Option<u32>,
}

impl MplQuery {
    /// The `$filter` text, or `None` when nothing narrows the query.
    pub fn filter(&self) -> Option<String> {
        let mut conditions = Vec::new();
        if let Some(status) = self.status.as_deref().and_then(status_condition) {
            conditions.push(status);
        }
        if let Some(flow) = &self.flow {
            conditions.push(format!("IntegrationArtifact/Id eq {}", string_literal(flow)));
        }
        if let Some(since) = self.since {
            conditions.push(format!("LogEnd ge {}", datetime_literal(since)));
        }
        if let Some(until) = self.until {
            conditions.push(format!("LogEnd le {}", datetime_literal(until)));
        }
        (!conditions.is_empty()).then(|| conditions.join(" and "))
    }

    /// The query options: `$filter` (if any), `$orderby=LogEnd desc`, `$top` (if any).
    pub fn query_options(&self) -> Vec<(&'static str, String)> {
        let mut options = Vec::with_capacity(3);
        if let Some(filter) = self.filter() {
            options.push(("$filter", filter));
        }
        options.push(("$orderby", "LogEnd desc".to_owned()));
        if let Some(top) = self.top {
            options.push(("$top", top.to_string()));
        }
        options
    }
}

/// `Status eq 'A'`, or `(Status eq 'A' or Status eq 'B')` for `A,B`.
fn status_condition(statuses: &str) -> Option<String> {
    let parts: Vec<String> = statuses
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("Status eq {}", string_literal(&s.to_ascii_uppercase())))
        .collect();
    match parts.len() {
        0 => None,
        1 => parts.into_iter().next(),
        _ => Some(format!("({})", parts.join(" or "))),
    }
}

/// `datetime'2024-01-31T12:00:00'` in UTC (SAP takes no offsets in datetime literals), with
/// milliseconds only when there are any.
pub(crate) fn datetime_literal(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    // The format has only numeric components, which cannot fail for years 0 to 9999.
    let mut text = utc.format(&format).unwrap_or_else(|_| utc.unix_timestamp().to_string());
    if utc.millisecond() != 0 {
        text.push_str(&format!(".{:03}", utc.millisecond()));
    }
    format!("datetime'{text}'")
}

fn log_path(guid: &str) -> String {
    format!("{LOGS}({})", key_literal(guid))
}

impl TenantClient {
    /// The logs a query selects, newest first.
    pub async fn message_logs(&self, query: &MplQuery) -> Result<Vec<MessageLog>, ApiError> {
        let options = query.query_options();
        let pairs: Vec<(&str, &str)> = options.iter().map(|(name, value)| (*name, value.as_str())).collect();
        self.list_all(LOGS, &pairs).await
    }

    /// One log.
    pub async fn message_log(&self, guid: &str) -> Result<MessageLog, ApiError> {
        self.get_entity(&log_path(guid)).await
    }

    /// The error text of a failed message (`…('guid')/ErrorInformation/$value`).
    pub async fn message_error_text(&self, guid: &str) -> Result<String, ApiError> {
        self.get_text(&format!("{}/ErrorInformation/$value", log_path(guid))).await
    }

    /// The attachments a message's flow wrote to its log.
    pub async fn message_attachments(&self, guid: &str) -> Result<Vec<MplAttachment>, ApiError> {
        self.list_all(&format!("{}/Attachments", log_path(guid)), &[]).await
    }

    /// An attachment's content (`MessageProcessingLogAttachments('id')/$value`; needs the
    /// role MessagePayloadsRead).
    pub async fn attachment_content(&self, attachment_id: &str) -> Result<Vec<u8>, ApiError> {
        let path = format!("MessageProcessingLogAttachments({})/$value", key_literal(attachment_id));
        self.get_bytes(&path, BINARY_ACCEPT).await
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn an_empty_query_only_orders() {
        let query = MplQuery::default();
        assert_eq!(query.filter(), None);
        assert_eq!(query.query_options(), vec![("$orderby", "LogEnd desc".to_owned())]);
    }

    #[test]
    fn every_field_narrows_the_filter() {
        let query = MplQuery {
            status: Some("failed".into()),
            flow: Some("Order's flow".into()),
            since: Some(datetime!(2024-01-31 13:00 +01:00)),
            until: Some(datetime!(2024-02-01 00:00:00.250 UTC)),
            top: Some(50),
        };
        assert_eq!(
            query.filter().unwrap(),
            "Status eq 'FAILED' and IntegrationArtifact/Id eq 'Order''s flow' \
             and LogEnd ge datetime'2024-01-31T12:00:00' and LogEnd le datetime'2024-02-01T00:00:00.250'"
        );
        let options = query.query_options();
        assert_eq!(options[1], ("$orderby", "LogEnd desc".to_owned()));
        assert_eq!(options[2], ("$top", "50".to_owned()));
    }

    #[test]
    fn several_statuses_match_any() {
        let query = MplQuery { status: Some("FAILED, retry".into()), ..MplQuery::default() };
        assert_eq!(query.filter().unwrap(), "(Status eq 'FAILED' or Status eq 'RETRY')");
        let blank = MplQuery { status: Some(" , ".into()), ..MplQuery::default() };
        assert_eq!(blank.filter(), None);
    }
}
