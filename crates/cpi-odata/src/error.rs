//! OData errors as data, with their status and SAP's body.

use serde_json::{Value, json};
use time::OffsetDateTime;

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

/// Milliseconds since the epoch (SAP's `Edm.String` dates use this as text).
pub fn unix_millis(at: OffsetDateTime) -> i128 {
    at.unix_timestamp_nanos() / 1_000_000
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
}
