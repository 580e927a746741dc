//! What integration flows keep at runtime, as SAP's Message Stores API shows it: messages a flow
//! persisted (with their properties and attachments), data store entries, variables, number
//! ranges and the limits of the JMS broker. Facts: the Message Stores API specification and
//! SAP's documentation of the Persist, Data Store, Write Variables and Number Range features.

use time::OffsetDateTime;

/// A header or property: name and value.
pub type NamedValue = (String, String);

/// A message a flow persisted (Persist step), under the message guid of its processing log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    /// Entry id, e.g. `sap-it-res:msg:ae15c0dda:111e8e08-…`.
    pub id: String,
    /// The message guid of the processing log it belongs to.
    pub message_guid: String,
    /// The step that stored it, e.g. `Persist1`.
    pub message_store_id: String,
    /// When it was stored.
    pub time_stamp: OffsetDateTime,
    /// When it is deleted (SAP keeps persisted messages 90 days).
    pub retain_until: OffsetDateTime,
    /// The payload's media type (what `$value` answers with).
    pub content_type: String,
    /// The payload.
    pub payload: Vec<u8>,
    /// Its headers and properties, by name.
    pub properties: Vec<NamedValue>,
    /// Its attachments.
    pub attachments: Vec<StoredAttachment>,
}

/// An attachment of a persisted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttachment {
    /// Attachment id, e.g. `sap-it-res:att:ae15c0dda:2c79e3ef-…`.
    pub id: String,
    /// File name.
    pub name: String,
    /// Media type, e.g. `text/html; charset=iso-8859-1`.
    pub content_type: String,
    /// The bytes.
    pub content: Vec<u8>,
    /// Its MIME headers, by name.
    pub properties: Vec<NamedValue>,
}

/// Bytes with their media type (what a `$value` answers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// Media type.
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Which data store: name, owning flow and type (the key of `DataStores`). `Type` is empty for
/// stores of Data Store steps and names the adapter or step otherwise (e.g. `XI`, `AS4`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DataStoreKey {
    /// `DataStoreName`.
    pub name: String,
    /// `IntegrationFlow`: the flow that owns it.
    pub integration_flow: String,
    /// `Type`.
    pub store_type: String,
}

/// Who sees a data store or variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Every flow of the tenant.
    Global,
    /// Only its own flow.
    IntegrationFlow,
}

impl Visibility {
    /// SAP's text: `Global` or `Integration Flow`.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Global => "Global",
            Visibility::IntegrationFlow => "Integration Flow",
        }
    }

    /// Parses SAP's text.
    pub fn parse(text: &str) -> Option<Visibility> {
        [Visibility::Global, Visibility::IntegrationFlow].into_iter().find(|v| v.as_str() == text)
    }
}

/// Whether a data store entry was read in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataStoreEntryStatus {
    /// Waiting to be read.
    Waiting,
    /// Not read by its due time (the retention threshold for alerting).
    Overdue,
}

impl DataStoreEntryStatus {
    /// SAP's text.
    pub fn as_str(self) -> &'static str {
        match self {
            DataStoreEntryStatus::Waiting => "Waiting",
            DataStoreEntryStatus::Overdue => "Overdue",
        }
    }

    /// Parses SAP's text.
    pub fn parse(text: &str) -> Option<DataStoreEntryStatus> {
        [DataStoreEntryStatus::Waiting, DataStoreEntryStatus::Overdue].into_iter().find(|s| s.as_str() == text)
    }
}

/// One message in a data store (Data Store Write step, or an adapter's store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataStoreEntry {
    /// The store it is in.
    pub store: DataStoreKey,
    /// Entry id (unique within the store).
    pub id: String,
    /// Who sees the store.
    pub visibility: Visibility,
    /// Read in time or not.
    pub status: DataStoreEntryStatus,
    /// The message guid of the processing log that wrote it.
    pub message_id: Option<String>,
    /// When it was written.
    pub created_at: OffsetDateTime,
    /// When it becomes overdue unless read.
    pub due_at: Option<OffsetDateTime>,
    /// When it is deleted.
    pub retain_until: Option<OffsetDateTime>,
    /// The message body.
    pub body: Vec<u8>,
    /// The message headers, by name.
    pub headers: Vec<NamedValue>,
}

/// A data store entry's message, as its `$value` archive holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataStoreMessage {
    /// The body.
    pub body: Vec<u8>,
    /// The headers.
    pub headers: Vec<NamedValue>,
}

/// A variable a flow wrote (Write Variables step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// `VariableName`.
    pub name: String,
    /// `IntegrationFlow`: the flow that wrote it.
    pub integration_flow: String,
    /// Who sees it.
    pub visibility: Visibility,
    /// The value.
    pub value: String,
    /// When it was written last.
    pub updated_at: OffsetDateTime,
    /// When it is deleted.
    pub retain_until: Option<OffsetDateTime>,
}

/// A number range object: flows draw increasing numbers from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRange {
    /// Name (the key).
    pub name: String,
    /// Description.
    pub description: String,
    /// Smallest number.
    pub min_value: u64,
    /// Largest number.
    pub max_value: u64,
    /// The last number drawn; the next is one more (or `min_value` if this is below it).
    pub current_value: u64,
    /// Whether to start again at `min_value` after `max_value`.
    pub rotate: bool,
    /// Digits numbers are padded to with leading zeros (0: no padding).
    pub field_length: u32,
    /// Who deployed it.
    pub deployed_by: String,
    /// When.
    pub deployed_on: OffsetDateTime,
}

/// Longest number range name, in characters.
pub const MAX_NUMBER_RANGE_NAME_CHARS: usize = 255;
/// Most digits a number range's numbers have (18 nines fit a signed 64-bit column).
pub const MAX_NUMBER_RANGE_DIGITS: u32 = 18;

/// A number range that breaks the rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberRangeError {
    /// A missing or empty field.
    #[error("Property '{0}' is required.")]
    Missing(&'static str),
    /// A field that is not a non-negative whole number.
    #[error("Property '{0}' must be a non-negative whole number of at most {max} digits.", max = MAX_NUMBER_RANGE_DIGITS)]
    NotANumber(&'static str),
    /// `Rotate` other than `true` or `false`.
    #[error("Property 'Rotate' must be 'true' or 'false'.")]
    Rotate,
    /// A name that is too long or holds control characters.
    #[error("Property 'Name' must have 1 to 255 characters and no control characters.")]
    Name,
    /// Minimum above maximum.
    #[error("MinValue must not be greater than MaxValue.")]
    MinAboveMax,
    /// Current value above the maximum.
    #[error("CurrentValue must not be greater than MaxValue.")]
    CurrentAboveMax,
    /// Numbers longer than the field length.
    #[error("MaxValue has more digits than FieldLength allows.")]
    FieldTooShort,
}

impl NumberRange {
    /// Checks the rules: a name, min ≤ max, current ≤ max, and max fits the field length.
    pub fn check(&self) -> Result<(), NumberRangeError> {
        let name_chars = self.name.chars().count();
        if name_chars == 0 || name_chars > MAX_NUMBER_RANGE_NAME_CHARS || self.name.chars().any(char::is_control) {
            return Err(NumberRangeError::Name);
        }
        if self.min_value > self.max_value {
            return Err(NumberRangeError::MinAboveMax);
        }
        if self.current_value > self.max_value {
            return Err(NumberRangeError::CurrentAboveMax);
        }
        if self.field_length > MAX_NUMBER_RANGE_DIGITS {
            return Err(NumberRangeError::NotANumber("FieldLength"));
        }
        if self.field_length > 0 && digits(self.max_value) > self.field_length {
            return Err(NumberRangeError::FieldTooShort);
        }
        Ok(())
    }

    /// The number drawn after the current one: one more, `min_value` if the current one is
    /// below it, `min_value` again after `max_value` when rotating; `None` when exhausted.
    pub fn next_number(&self) -> Option<u64> {
        let next =
            if self.current_value < self.min_value { Some(self.min_value) } else { self.current_value.checked_add(1) };
        match next {
            Some(number) if number <= self.max_value => Some(number),
            _ if self.rotate => Some(self.min_value),
            _ => None,
        }
    }

    /// A number as SAP shows it: padded with leading zeros to the field length.
    pub fn format(&self, number: u64) -> String {
        format!("{number:0width$}", width = self.field_length as usize)
    }
}

/// Parses a number range figure (`"0000000005"` → 5).
pub fn parse_number(field: &'static str, text: &str) -> Result<u64, NumberRangeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberRangeError::Missing(field));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberRangeError::NotANumber(field));
    }
    let significant = text.trim_start_matches('0');
    if significant.len() > MAX_NUMBER_RANGE_DIGITS as usize {
        return Err(NumberRangeError::NotANumber(field));
    }
    Ok(if significant.is_empty() { 0 } else { significant.parse().map_err(|_| NumberRangeError::NotANumber(field))? })
}

/// Parses `Rotate`.
pub fn parse_rotate(text: &str) -> Result<bool, NumberRangeError> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("true") => Ok(true),
        t if t.eq_ignore_ascii_case("false") => Ok(false),
        "" => Err(NumberRangeError::Missing("Rotate")),
        _ => Err(NumberRangeError::Rotate),
    }
}

fn digits(mut n: u64) -> u32 {
    let mut count = 1;
    while n >= 10 {
        n /= 10;
        count += 1;
    }
    count
}

/// The limits of a tenant's JMS broker (`JmsBrokers('Broker1')`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JmsBrokerLimits {
    /// Most bytes the queues may hold.
    pub max_capacity: u64,
    /// Most queues.
    pub max_queues: u64,
}

impl Default for JmsBrokerLimits {
    /// The figures of SAP's example broker: 9,751,756,800 bytes and 30 queues.
    fn default() -> Self {
        JmsBrokerLimits { max_capacity: 9_751_756_800, max_queues: 30 }
    }
}

/// The one broker key SAP's API knows.
pub const JMS_BROKER_KEY: &str = "Broker1";

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn range(min: u64, max: u64, current: u64, rotate: bool) -> NumberRange {
        NumberRange {
            name: "Orders".into(),
            description: String::new(),
            min_value: min,
            max_value: max,
            current_value: current,
            rotate,
            field_length: 4,
            deployed_by: "ann".into(),
            deployed_on: datetime!(2025-03-01 09:00 UTC),
        }
    }

    #[test]
    fn numbers_count_up_and_rotate_or_run_out() {
        assert_eq!(range(0, 9999, 0, true).next_number(), Some(1));
        assert_eq!(range(5, 10, 1, false).next_number(), Some(5), "below the minimum starts at it");
        assert_eq!(range(5, 10, 9, false).next_number(), Some(10));
        assert_eq!(range(5, 10, 10, true).next_number(), Some(5), "rotates");
        assert_eq!(range(5, 10, 10, false).next_number(), None, "exhausted");
        assert_eq!(range(0, u64::MAX, u64::MAX, false).next_number(), None);
        assert_eq!(range(3, u64::MAX, u64::MAX, true).next_number(), Some(3));
    }

    #[test]
    fn numbers_are_padded_to_the_field_length() {
        assert_eq!(range(0, 9999, 0, true).format(7), "0007");
        let mut unpadded = range(0, 9999, 0, true);
        unpadded.field_length = 0;
        assert_eq!(unpadded.format(7), "7");
    }

    #[test]
    fn rules_are_checked() {
        assert_eq!(range(0, 9999, 0, true).check(), Ok(()));
        assert_eq!(range(10, 9, 10, true).check(), Err(NumberRangeError::MinAboveMax));
        assert_eq!(range(0, 9, 10, true).check(), Err(NumberRangeError::CurrentAboveMax));
        assert_eq!(range(0, 10_000, 0, true).check(), Err(NumberRangeError::FieldTooShort));
        let mut nameless = range(0, 9, 0, true);
        nameless.name = String::new();
        assert_eq!(nameless.check(), Err(NumberRangeError::Name));
    }

    #[test]
    fn figures_parse_with_leading_zeros() {
        assert_eq!(parse_number("MinValue", "0000000005"), Ok(5));
        assert_eq!(parse_number("MinValue", "0"), Ok(0));
        assert_eq!(parse_number("MinValue", "00000000000000000000000001"), Ok(1));
        assert_eq!(parse_number("MinValue", "-1"), Err(NumberRangeError::NotANumber("MinValue")));
        assert_eq!(parse_number("MinValue", "999999999999999999"), Ok(999_999_999_999_999_999));
        assert_eq!(parse_number("MinValue", "1234567890123456789"), Err(NumberRangeError::NotANumber("MinValue")));
        assert_eq!(parse_number("MinValue", ""), Err(NumberRangeError::Missing("MinValue")));
        assert_eq!(parse_rotate("TRUE"), Ok(true));
        assert_eq!(parse_rotate("no"), Err(NumberRangeError::Rotate));
    }

    #[test]
    fn texts_round_trip() {
        for v in [Visibility::Global, Visibility::IntegrationFlow] {
            assert_eq!(Visibility::parse(v.as_str()), Some(v));
        }
        for s in [DataStoreEntryStatus::Waiting, DataStoreEntryStatus::Overdue] {
            assert_eq!(DataStoreEntryStatus::parse(s.as_str()), Some(s));
        }
    }
}
