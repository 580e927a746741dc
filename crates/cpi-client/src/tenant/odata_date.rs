//! Serde helpers for the dates of the OData V2 JSON format: read from `/Date(<ms>)/` (also
//! `/Date(<ms>+0060)/`, epoch milliseconds as a string or number, and ISO-8601), written back
//! as ISO-8601 (RFC 3339) for JSON output.
//!
//! ```
//! # use serde::{Deserialize, Serialize};
//! # use time::OffsetDateTime;
//! #[derive(Serialize, Deserialize)]
//! struct Row {
//!     #[serde(default, with = "cpi_client::tenant::odata_date::option")]
//!     deployed_on: Option<OffsetDateTime>,
//! }
//! let row: Row = serde_json::from_str(r#"{"deployed_on":"/Date(1700000000000)/"}"#).unwrap();
//! assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"deployed_on":"2023-11-14T22:13:20Z"}"#);
//! ```

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// A date as the wire may carry it: text (any accepted form) or a number of milliseconds.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawDate {
    Text(String),
    Millis(i64),
}

impl RawDate {
    fn parse(&self) -> Option<OffsetDateTime> {
        match self {
            RawDate::Text(text) => parse(text),
            RawDate::Millis(ms) => from_millis(*ms),
        }
    }

    fn text(&self) -> String {
        match self {
            RawDate::Text(text) => text.clone(),
            RawDate::Millis(ms) => ms.to_string(),
        }
    }
}

/// Parses `/Date(ms)/`, `/Date(ms±mmmm)/` (the offset in minutes only sets the displayed
/// offset: `ms` counts from the epoch in UTC), bare epoch milliseconds, or RFC 3339.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("/Date(").and_then(|rest| rest.strip_suffix(")/")) {
        return parse_ticks(inner);
    }
    if is_integer(text) {
        return from_millis(text.parse().ok()?);
    }
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// `ms` or `ms±mmmm`.
fn parse_ticks(inner: &str) -> Option<OffsetDateTime> {
    // A sign after the first character starts the offset (the first may be the sign of `ms`).
    let split = inner.char_indices().skip(1).find(|(_, c)| *c == '+' || *c == '-').map(|(i, _)| i);
    let (millis, offset) = match split {
        Some(i) => (&inner[..i], Some(&inner[i..])),
        None => (inner, None),
    };
    if !is_integer(millis) {
        return None;
    }
    let utc = from_millis(millis.parse().ok()?)?;
    match offset {
        None => Some(utc),
        Some(offset) => {
            let minutes: i32 = offset.parse().ok()?;
            let offset = UtcOffset::from_whole_seconds(minutes.checked_mul(60)?).ok()?;
            Some(utc.to_offset(offset))
        }
    }
}

fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn from_millis(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// RFC 3339, e.g. `2023-11-14T22:13:20Z` (fractions only when there are any).
pub fn format(value: &OffsetDateTime) -> String {
    // Every OffsetDateTime within RFC 3339's years formats; the others fall back to Debug text.
    value.format(&Rfc3339).unwrap_or_else(|_| format!("{value}"))
}

/// `/Date(ms)/`: the form the API writes, for request bodies that carry dates.
pub fn to_odata(value: &OffsetDateTime) -> String {
    let ms = value.unix_timestamp_nanos() / 1_000_000;
    format!("/Date({ms})/")
}

/// Writes a date as RFC 3339.
pub fn serialize<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format(value))
}

/// Reads a date in any accepted form; anything else is an error.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
    let raw = RawDate::deserialize(deserializer)?;
    raw.parse().ok_or_else(|| D::Error::custom(format!("'{}' is not an OData date", raw.text())))
}

/// For `Option<OffsetDateTime>` fields typed `Edm.DateTime`: `null` is `None`, a date that
/// cannot be read is an error. Use with `#[serde(default, with = "odata_date::option")]`.
pub mod option {
    use super::*;

    /// Writes `Some` as RFC 3339 and `None` as `null`.
    pub fn serialize<S: Serializer>(value: &Option<OffsetDateTime>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` as `None` and dates in any accepted form.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<OffsetDateTime>, D::Error> {
        match Option::<RawDate>::deserialize(deserializer)? {
            None => Ok(None),
            Some(raw) => {
                raw.parse().map(Some).ok_or_else(|| D::Error::custom(format!("'{}' is not an OData date", raw.text())))
            }
        }
    }
}

/// For dates the API types `Edm.String` (a package's `CreationDate`, an artifact's
/// `CreatedAt`): SAP sends epoch milliseconds as text, but does not promise a format, so text
/// that is no date reads as `None` instead of failing the whole response.
pub mod lenient {
    use super::*;

    /// Writes `Some` as RFC 3339 and `None` as `null`.
    pub fn serialize<S: Serializer>(value: &Option<OffsetDateTime>, serializer: S) -> Result<S::Ok, S::Error> {
        option::serialize(value, serializer)
    }

    /// Reads a date in any accepted form; `null`, empty or unreadable text is `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<OffsetDateTime>, D::Error> {
        Ok(Option::<RawDate>::deserialize(deserializer).ok().flatten().and_then(|raw| raw.parse()))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use time::macros::datetime;

    use super::*;

    #[derive(Debug, Serialize, Deserialize)]
    struct Strict {
        #[serde(with = "super")]
        at: OffsetDateTime,
    }

    #[derive(Debug, Default, Serialize, Deserialize)]
    struct Optional {
        #[serde(default, with = "super::option")]
        at: Option<OffsetDateTime>,
    }

    #[derive(Debug, Default, Serialize, Deserialize)]
    struct Lenient {
        #[serde(default, with = "super::lenient")]
        at: Option<OffsetDateTime>,
    }

    #[test]
    fn parses_every_accepted_form() {
        let expected = datetime!(2023-11-14 22:13:20 UTC);
        for text in [
            "/Date(1700000000000)/",
            "/Date(1700000000000+0000)/",
            "1700000000000",
            "2023-11-14T22:13:20Z",
            "2023-11-14T23:13:20+01:00",
        ] {
            assert_eq!(parse(text), Some(expected), "{text}");
        }
        assert_eq!(parse("/Date(-1000)/"), Some(datetime!(1969-12-31 23:59:59 UTC)));
        assert_eq!(parse("/Date(1700000000123)/"), Some(datetime!(2023-11-14 22:13:20.123 UTC)));
        for bad in ["", "/Date()/", "/Date(x)/", "yesterday", "/Date(1+xx)/", "-"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn offsets_keep_the_instant_and_set_the_displayed_offset() {
        let parsed = parse("/Date(1700000000000+0060)/").unwrap();
        assert_eq!(parsed, datetime!(2023-11-14 22:13:20 UTC));
        assert_eq!(parsed.offset().whole_minutes(), 60);
        assert_eq!(parse("/Date(1700000000000-0090)/").unwrap().offset().whole_minutes(), -90);
    }

    #[test]
    fn reads_odata_and_writes_iso() {
        let strict: Strict = serde_json::from_str(r#"{"at":"\/Date(1700000000000)\/"}"#).unwrap();
        assert_eq!(strict.at, datetime!(2023-11-14 22:13:20 UTC));
        assert_eq!(serde_json::to_string(&strict).unwrap(), r#"{"at":"2023-11-14T22:13:20Z"}"#);
        // What was written reads back.
        let again: Strict = serde_json::from_str(r#"{"at":"2023-11-14T22:13:20Z"}"#).unwrap();
        assert_eq!(again.at, strict.at);
        let number: Strict = serde_json::from_str(r#"{"at":1700000000000}"#).unwrap();
        assert_eq!(number.at, strict.at);
        let err = serde_json::from_str::<Strict>(r#"{"at":"soon"}"#).unwrap_err();
        assert!(err.to_string().contains("'soon' is not an OData date"), "{err}");
    }

    #[test]
    fn options_take_null_and_absence() {
        let null: Optional = serde_json::from_str(r#"{"at":null}"#).unwrap();
        assert_eq!(null.at, None);
        let absent: Optional = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.at, None);
        assert_eq!(serde_json::to_string(&absent).unwrap(), r#"{"at":null}"#);
        let some: Optional = serde_json::from_str(r#"{"at":"/Date(0)/"}"#).unwrap();
        assert_eq!(serde_json::to_string(&some).unwrap(), r#"{"at":"1970-01-01T00:00:00Z"}"#);
        assert!(serde_json::from_str::<Optional>(r#"{"at":"never"}"#).is_err());
    }

    #[test]
    fn lenient_dates_drop_what_they_cannot_read() {
        let text: Lenient = serde_json::from_str(r#"{"at":"1521116198486"}"#).unwrap();
        assert_eq!(text.at, Some(datetime!(2018-03-15 12:16:38.486 UTC)));
        for body in [r#"{"at":"not a date"}"#, r#"{"at":""}"#, r#"{"at":null}"#, r#"{"at":true}"#, "{}"] {
            let lenient: Lenient = serde_json::from_str(body).unwrap();
            assert_eq!(lenient.at, None, "{body}");
        }
    }

    #[test]
    fn writes_odata_dates_for_requests() {
        assert_eq!(to_odata(&datetime!(2023-11-14 22:13:20.5 UTC)), "/Date(1700000000500)/");
        assert_eq!(format(&datetime!(2023-11-14 22:13:20.5 UTC)), "2023-11-14T22:13:20.5Z");
    }
}
