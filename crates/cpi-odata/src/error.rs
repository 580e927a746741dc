//! OData errors as data, with their status and SAP's body, and small JSON verbose helpers.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::NAMESPACE;

/// An OData error, answered as `{"error":{"code":<reason phrase>,"message":{"lang":"en","value":…}}}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ODataError {
    /// 400.
    #[error("{0}")]
    BadRequest(String),
    /// 401.
    #[error("{0}")]
    Unauthorized(String),
    /// 403 for a missing permission.
    #[error("{0}")]
    Forbidden(String),
    /// 403 for a write without a valid CSRF token (answered with `X-CSRF-Token: Required`).
    #[error("CSRF token validation failed")]
    CsrfRequired,
    /// 404.
    #[error("{0}")]
    NotFound(String),
    /// 405.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 409.
    #[error("{0}")]
    Conflict(String),
    /// 501 for a query option or operation the resource does not support.
    #[error("{0}")]
    NotImplemented(String),
    /// 413.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 500 (the text is generic; details go to the log only).
    #[error("Internal Server Error")]
    Internal,
}

impl ODataError {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            ODataError::BadRequest(_) => 400,
            ODataError::Unauthorized(_) => 401,
            ODataError::Forbidden(_) | ODataError::CsrfRequired => 403,
            ODataError::NotFound(_) => 404,
            ODataError::MethodNotAllowed(_) => 405,
            ODataError::Conflict(_) => 409,
            ODataError::NotImplemented(_) => 501,
            ODataError::PayloadTooLarge(_) => 413,
            ODataError::Internal => 500,
        }
    }

    /// The `code`: SAP puts the reason phrase there.
    pub fn code(&self) -> &'static str {
        match self {
            ODataError::BadRequest(_) => "Bad Request",
            ODataError::Unauthorized(_) => "Unauthorized",
            ODataError::Forbidden(_) | ODataError::CsrfRequired => "Forbidden",
            ODataError::NotFound(_) => "Not Found",
            ODataError::MethodNotAllowed(_) => "Method Not Allowed",
            ODataError::Conflict(_) => "Conflict",
            // SAP answers its 501s (e.g. `$select` on SecureParameters) with this code.
            ODataError::NotImplemented(_) => "Not Found",
            ODataError::PayloadTooLarge(_) => "Payload Too Large",
            ODataError::Internal => "Internal Server Error",
        }
    }

    /// The JSON body.
    pub fn json_body(&self) -> Value {
        json!({"error": {"code": self.code(), "message": {"lang": "en", "value": self.to_string()}}})
    }
}

/// Wraps one entity: `{"d":{…}}`.
pub fn entity_document(entity: Value) -> Value {
    json!({ "d": entity })
}

/// Wraps a collection: `{"d":{"results":[…]}}`.
pub fn collection_document(entities: Vec<Value>) -> Value {
    json!({ "d": { "results": entities } })
}

/// `__metadata` of an entity; media entities also get `media_src`/`edit_media`.
pub fn metadata(uri: &str, type_name: &str, media: bool) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(uri.to_owned()));
    m.insert("uri".into(), Value::String(uri.to_owned()));
    m.insert("type".into(), Value::String(format!("{NAMESPACE}.{type_name}")));
    if media {
        m.insert("content_type".into(), Value::String("application/octet-stream".into()));
        m.insert("media_src".into(), Value::String(format!("{uri}/$value")));
        m.insert("edit_media".into(), Value::String(format!("{uri}/$value")));
    }
    Value::Object(m)
}

/// A deferred navigation property.
pub fn deferred(uri: String) -> Value {
    json!({ "__deferred": { "uri": uri } })
}

/// `Edm.DateTime` in JSON verbose form: `/Date(<ms>)/`.
pub fn edm_datetime(at: OffsetDateTime) -> String {
    format!("/Date({})/", unix_millis(at))
}

/// Milliseconds since the epoch (SAP's `Edm.String` dates use this as text).
pub fn unix_millis(at: OffsetDateTime) -> i128 {
    at.unix_timestamp_nanos() / 1_000_000
}

/// A key predicate literal: `'value'` with `'` doubled and the rest percent-encoded for URIs.
pub fn key_literal(value: &str) -> String {
    let escaped = value.replace('\'', "''");
    let mut out = String::from("'");
    for b in escaped.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~'!*(),;:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('\'');
    out
}

/// Reads a single-key predicate `('value')` (already percent-decoded), undoing `''` escapes.
pub fn parse_single_key(predicate: &str) -> Option<String> {
    let inner = predicate.strip_prefix('(')?.strip_suffix(')')?;
    let inner = inner.strip_prefix("Id=").unwrap_or(inner);
    let quoted = inner.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(quoted.replace("''", "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_sap_shape() {
        let e = ODataError::NotFound("Package X not found".into());
        assert_eq!(e.status(), 404);
        assert_eq!(e.json_body()["error"]["code"], "Not Found");
        assert_eq!(e.json_body()["error"]["message"]["lang"], "en");
    }

    #[test]
    fn keys_round_trip_with_quote_escapes() {
        assert_eq!(parse_single_key("('it''s')").as_deref(), Some("it's"));
        assert_eq!(parse_single_key("(Id='a')").as_deref(), Some("a"));
        assert_eq!(parse_single_key("(a)"), None);
        assert_eq!(key_literal("a b"), "'a%20b'");
    }
}
