//! API errors, and reading a human message out of an error body.

use reqwest::StatusCode;
use serde_json::Value;
use thiserror::Error;

use crate::token::TokenError;

/// The most characters of a non-JSON error body that are kept in a message.
const MAX_EXCERPT_CHARS: usize = 300;

/// What kind of failure an [`ApiError`] is, coarse enough to pick a CLI exit code from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// The credentials were rejected: a 401 from the API (after a fresh token) or from the
    /// token endpoint, or an OAuth error such as `invalid_client`.
    Auth,
    /// 403: authenticated, but not allowed (a role is missing).
    Forbidden,
    /// 404 (or 410).
    NotFound,
    /// 409.
    Conflict,
    /// 400 and other 4xx the caller can fix (405, 412, 413, 415, 422, ...).
    BadRequest,
    /// 5xx, and 429 that outlasted the retries: trouble on the server's side.
    Server,
    /// The server could not be reached, or the exchange broke off or timed out.
    Network,
    /// Anything else (bodies that cannot be encoded or decoded, unusable token responses, ...).
    Other,
}

/// Why an API call failed.
#[derive(Debug, Error)]
pub enum ApiError {
    /// 401 even after fetching a fresh token.
    #[error("unauthorized: the server rejected the access token (HTTP 401)")]
    Unauthorized,
    #[error("forbidden: {message}")]
    Forbidden { message: String },
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("conflict: {message}")]
    Conflict { message: String },
    #[error("bad request: {message}")]
    BadRequest { message: String },
    /// Any other 4xx (405, 412, 422, 429 after retries, ...).
    #[error("request rejected (HTTP {status}): {message}")]
    Status { status: u16, message: String },
    /// 5xx (after retries, for 502/503/504).
    #[error("server error (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    /// No access token could be obtained.
    #[error("could not obtain an access token: {0}")]
    Token(#[from] TokenError),
    /// The server could not be reached, or the exchange broke off or timed out.
    #[error("request failed: {0}")]
    Transport(#[from] reqwest::Error),
    /// The request body could not be serialised.
    #[error("request body cannot be encoded as JSON: {0}")]
    Encode(#[source] serde_json::Error),
    /// A success response whose body is not what was expected.
    #[error("unexpected response from {method} {url}: {reason}")]
    Decode { method: String, url: String, reason: String },
}

impl ApiError {
    /// Builds the error for a non-success response.
    pub fn from_response(status: StatusCode, body: &[u8]) -> ApiError {
        let message = error_message(body, status);
        match status {
            StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
            StatusCode::FORBIDDEN => ApiError::Forbidden { message },
            StatusCode::NOT_FOUND => ApiError::NotFound { message },
            StatusCode::CONFLICT => ApiError::Conflict { message },
            StatusCode::BAD_REQUEST => ApiError::BadRequest { message },
            s if s.is_server_error() => ApiError::Server { status: s.as_u16(), message },
            s => ApiError::Status { status: s.as_u16(), message },
        }
    }

    /// The HTTP status behind the error, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Conflict { .. } => Some(409),
            ApiError::BadRequest { .. } => Some(400),
            ApiError::Status { status, .. } | ApiError::Server { status, .. } => Some(*status),
            ApiError::Token(_) | ApiError::Transport(_) | ApiError::Encode(_) | ApiError::Decode { .. } => None,
        }
    }
}

impl ApiError {
    /// The class of the failure (for exit codes and for deciding whether to retry later).
    pub fn class(&self) -> ErrorClass {
        match self {
            ApiError::Unauthorized => ErrorClass::Auth,
            ApiError::Forbidden { .. } => ErrorClass::Forbidden,
            ApiError::NotFound { .. } => ErrorClass::NotFound,
            ApiError::Conflict { .. } => ErrorClass::Conflict,
            ApiError::BadRequest { .. } => ErrorClass::BadRequest,
            ApiError::Status { status, .. } => status_class(*status),
            ApiError::Server { .. } => ErrorClass::Server,
            ApiError::Token(error) => token_error_class(error),
            ApiError::Transport(_) => ErrorClass::Network,
            ApiError::Encode(_) | ApiError::Decode { .. } => ErrorClass::Other,
        }
    }
}

/// The class of a 4xx that has no variant of its own.
fn status_class(status: u16) -> ErrorClass {
    match status {
        401 => ErrorClass::Auth,
        403 => ErrorClass::Forbidden,
        404 | 410 => ErrorClass::NotFound,
        409 => ErrorClass::Conflict,
        429 => ErrorClass::Server,
        400..=499 => ErrorClass::BadRequest,
        500..=599 => ErrorClass::Server,
        _ => ErrorClass::Other,
    }
}

/// OAuth errors that mean "these client credentials are not accepted" (RFC 6749 §5.2).
const CREDENTIAL_ERRORS: [&str; 3] = ["invalid_client", "unauthorized_client", "invalid_grant"];

fn token_error_class(error: &TokenError) -> ErrorClass {
    match error {
        TokenError::Transport { .. } => ErrorClass::Network,
        TokenError::OAuth { error, .. } if CREDENTIAL_ERRORS.contains(&error.as_str()) => ErrorClass::Auth,
        TokenError::OAuth { status, .. } | TokenError::Status { status, .. } => match *status {
            401 | 403 => ErrorClass::Auth,
            500..=599 => ErrorClass::Server,
            _ => ErrorClass::Other,
        },
        TokenError::InvalidResponse { .. } => ErrorClass::Other,
    }
}

/// The message of an error body: an OData error `{"error":{"code","message":{"value"}}}`, a
/// Service-Manager error `{"error":"Code","description":".."}`, or else the body text itself.
pub fn error_message(body: &[u8], status: StatusCode) -> String {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|json| structured_message(&json))
        .unwrap_or_else(|| body_excerpt(body, status))
}

fn structured_message(json: &Value) -> Option<String> {
    let non_empty = |v: &Value| v.as_str().filter(|s| !s.trim().is_empty()).map(str::to_owned);
    match json.get("error")? {
        Value::Object(odata) => {
            let message = odata.get("message");
            message
                .and_then(|m| m.get("value"))
                .and_then(non_empty)
                .or_else(|| message.and_then(non_empty))
                .or_else(|| odata.get("code").and_then(non_empty))
        }
        code @ Value::String(_) => json.get("description").and_then(non_empty).or_else(|| non_empty(code)),
        _ => None,
    }
}

/// The start of a body as text, or the status' reason phrase when the body is empty.
pub fn body_excerpt(body: &[u8], status: StatusCode) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return status.canonical_reason().map(str::to_owned).unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
    }
    match text.char_indices().nth(MAX_EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_odata_error_message() {
        let body = br#"{"error":{"code":"Not Found","message":{"lang":"en","value":"Artifact 'x' not found"}}}"#;
        let err = ApiError::from_response(StatusCode::NOT_FOUND, body);
        assert_eq!(err.to_string(), "not found: Artifact 'x' not found");
    }

    #[test]
    fn reads_odata_error_with_plain_string_message() {
        let body = br#"{"error":{"code":"Bad","message":"plain text"}}"#;
        assert_eq!(error_message(body, StatusCode::BAD_REQUEST), "plain text");
    }

    #[test]
    fn falls_back_to_odata_code() {
        let body = br#"{"error":{"code":"Forbidden"}}"#;
        assert_eq!(error_message(body, StatusCode::FORBIDDEN), "Forbidden");
    }

    #[test]
    fn reads_service_manager_error() {
        let body = br#"{"error":"Conflict","description":"instance 'a' already exists"}"#;
        let err = ApiError::from_response(StatusCode::CONFLICT, body);
        assert!(matches!(&err, ApiError::Conflict { message } if message == "instance 'a' already exists"));
    }

    #[test]
    fn service_manager_error_without_description_uses_code() {
        let body = br#"{"error":"RateLimited"}"#;
        let err = ApiError::from_response(StatusCode::TOO_MANY_REQUESTS, body);
        assert!(matches!(&err, ApiError::Status { status: 429, message } if message == "RateLimited"));
    }

    #[test]
    fn non_json_body_is_excerpted() {
        let body = "x".repeat(1000);
        let message = error_message(body.as_bytes(), StatusCode::BAD_GATEWAY);
        assert_eq!(message.chars().count(), MAX_EXCERPT_CHARS + 1);
        assert!(message.ends_with('…'));
    }

    #[test]
    fn empty_body_uses_reason_phrase() {
        let err = ApiError::from_response(StatusCode::SERVICE_UNAVAILABLE, b"");
        assert_eq!(err.to_string(), "server error (HTTP 503): Service Unavailable");
        assert_eq!(err.status(), Some(503));
    }

    #[test]
    fn classifies_statuses() {
        let of = |code: u16| ApiError::from_response(StatusCode::from_u16(code).unwrap(), b"{}").class();
        assert_eq!(of(400), ErrorClass::BadRequest);
        assert_eq!(of(401), ErrorClass::Auth);
        assert_eq!(of(403), ErrorClass::Forbidden);
        assert_eq!(of(404), ErrorClass::NotFound);
        assert_eq!(of(409), ErrorClass::Conflict);
        assert_eq!(of(410), ErrorClass::NotFound);
        assert_eq!(of(422), ErrorClass::BadRequest);
        assert_eq!(of(429), ErrorClass::Server);
        assert_eq!(of(501), ErrorClass::Server);
        let decode = ApiError::Decode { method: "GET".into(), url: "u".into(), reason: "r".into() };
        assert_eq!(decode.class(), ErrorClass::Other);
    }

    #[test]
    fn classifies_token_errors() {
        let url = "http://t/oauth/token".to_owned();
        let oauth = |status: u16, error: &str| {
            ApiError::Token(TokenError::OAuth { url: url.clone(), status, error: error.into(), description: None })
                .class()
        };
        assert_eq!(oauth(401, "invalid_client"), ErrorClass::Auth);
        assert_eq!(oauth(400, "invalid_client"), ErrorClass::Auth);
        assert_eq!(oauth(400, "unsupported_grant_type"), ErrorClass::Other);
        let status =
            |status: u16| ApiError::Token(TokenError::Status { url: url.clone(), status, body: String::new() }).class();
        assert_eq!(status(401), ErrorClass::Auth);
        assert_eq!(status(503), ErrorClass::Server);
        assert_eq!(status(404), ErrorClass::Other);
    }

    #[test]
    fn maps_statuses_to_variants() {
        let of = |code: u16| ApiError::from_response(StatusCode::from_u16(code).unwrap(), b"{}");
        assert!(matches!(of(400), ApiError::BadRequest { .. }));
        assert!(matches!(of(401), ApiError::Unauthorized));
        assert!(matches!(of(403), ApiError::Forbidden { .. }));
        assert!(matches!(of(404), ApiError::NotFound { .. }));
        assert!(matches!(of(409), ApiError::Conflict { .. }));
        assert!(matches!(of(422), ApiError::Status { status: 422, .. }));
        assert!(matches!(of(500), ApiError::Server { status: 500, .. }));
    }
}
