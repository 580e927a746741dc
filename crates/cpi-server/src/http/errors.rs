//! One exhaustive mapping per surface from errors to HTTP responses: OAuth (token service),
//! OData (tenant API), Service Manager (control plane), Open Service Broker. No catch-all arms;
//! internal details are logged, never sent.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use cpi_odata::ODataError;
use cpi_odata::query::Format;
use cpi_store::StoreError;
use cpi_xsuaa::OAuthError;

use crate::broker::BrokerError;
use crate::control::ControlError;
use crate::principal::AuthFailure;

/// Headers UAA sends on every token-endpoint answer.
pub fn no_store(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// A token-endpoint error.
#[derive(Debug)]
pub struct OAuthFailure(pub OAuthError);

impl IntoResponse for OAuthFailure {
    fn into_response(self) -> Response {
        let wire = self.0.response();
        let status = StatusCode::from_u16(wire.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(wire.body)).into_response();
        no_store(&mut response);
        if let Some(value) = wire.www_authenticate.and_then(|v| HeaderValue::from_str(&v).ok()) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
        }
        if let Some(secs) = wire.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// A tenant-API (OData) error, with the extra headers some need.
#[derive(Debug)]
pub struct TenantError {
    /// The OData error.
    pub error: ODataError,
    /// `WWW-Authenticate` for 401s.
    pub www_authenticate: Option<String>,
}

impl From<ODataError> for TenantError {
    fn from(error: ODataError) -> Self {
        TenantError { error, www_authenticate: None }
    }
}

impl From<AuthFailure> for TenantError {
    fn from(failure: AuthFailure) -> Self {
        let (message, challenge) = match &failure {
            AuthFailure::Missing => (
                "Authentication is required: send a Bearer token from the service key's tokenurl".to_owned(),
                r#"Bearer realm="cpi", Basic realm="cpi""#.to_owned(),
            ),
            AuthFailure::InvalidToken(rejection) => {
                (format!("Invalid token: {rejection}"), rejection.www_authenticate())
            }
            AuthFailure::BadBasic => ("Bad credentials".to_owned(), r#"Basic realm="cpi""#.to_owned()),
            AuthFailure::Internal(detail) => {
                tracing::error!(error = %detail, "authentication failed internally");
                return ODataError::Internal.into();
            }
        };
        TenantError { error: ODataError::Unauthorized(message), www_authenticate: Some(challenge) }
    }
}

impl IntoResponse for TenantError {
    fn into_response(self) -> Response {
        self.render(Format::Json)
    }
}

impl TenantError {
    /// A 400 with SAP's OData error body and this message.
    pub fn bad_request(message: impl Into<String>) -> TenantError {
        ODataError::BadRequest(message.into()).into()
    }

    /// A store failure as the tenant API answers it: `NotFound` and `Conflict` become 404 and 409
    /// with the texts given (built only on failure); a backend failure is logged and answered
    /// with a generic 500.
    pub fn from_store(
        error: StoreError,
        not_found: impl FnOnce() -> String,
        conflict: impl FnOnce() -> String,
    ) -> TenantError {
        match error {
            StoreError::NotFound => ODataError::NotFound(not_found()).into(),
            StoreError::Conflict(_) => ODataError::Conflict(conflict()).into(),
            StoreError::Backend(detail) => {
                tracing::error!(error = %detail, "tenant store failure");
                ODataError::Internal.into()
            }
        }
    }

    /// The response in the representation the client asked for.
    pub fn render(self, format: Format) -> Response {
        let status = StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = match format {
            Format::Json => (status, Json(self.error.json_body())).into_response(),
            Format::Xml => (
                status,
                [(header::CONTENT_TYPE, "application/xml;charset=utf-8")],
                cpi_odata::atom::error_document(&self.error),
            )
                .into_response(),
        };
        let headers = response.headers_mut();
        if let Some(value) = self.www_authenticate.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(header::WWW_AUTHENTICATE, value);
        }
        if self.error == ODataError::CsrfRequired {
            headers.insert("x-csrf-token", HeaderValue::from_static("Required"));
        }
        response
    }
}

/// A control-plane (Service Manager) error: `{"error":"Code","description":"…"}`.
#[derive(Debug)]
pub enum ControlFailure {
    /// From the service layer.
    Control(ControlError),
    /// Authentication failed.
    Unauthorized(String),
    /// Authenticated but not a control-plane client.
    Forbidden(String),
}

impl From<ControlError> for ControlFailure {
    fn from(e: ControlError) -> Self {
        ControlFailure::Control(e)
    }
}

impl IntoResponse for ControlFailure {
    fn into_response(self) -> Response {
        let (status, code, description) = match self {
            ControlFailure::Control(ControlError::Parameters(e)) => {
                (StatusCode::BAD_REQUEST, "BadRequest", e.to_string())
            }
            ControlFailure::Control(ControlError::Name(e)) => (StatusCode::BAD_REQUEST, "BadRequest", e.to_string()),
            ControlFailure::Control(ControlError::BadRequest(text)) => (StatusCode::BAD_REQUEST, "BadRequest", text),
            ControlFailure::Control(ControlError::TooLarge(text)) => {
                (StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLarge", text)
            }
            ControlFailure::Control(ControlError::NotFound(text)) => (StatusCode::NOT_FOUND, "NotFound", text),
            ControlFailure::Control(ControlError::Conflict(text)) => (StatusCode::CONFLICT, "Conflict", text),
            ControlFailure::Control(ControlError::Internal(e)) => {
                tracing::error!(error = %e, "control plane failure");
                (StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError", "Internal Server Error".to_owned())
            }
            ControlFailure::Unauthorized(text) => (StatusCode::UNAUTHORIZED, "Unauthorized", text),
            ControlFailure::Forbidden(text) => (StatusCode::FORBIDDEN, "Forbidden", text),
        };
        let mut response = (status, Json(json!({"error": code, "description": description}))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(r#"Bearer realm="service-manager""#));
        }
        response
    }
}

/// An Open Service Broker error: `{"error":"Code","description":"…"}`, with the spec's codes
/// where it names one (`AsyncRequired`); `410 Gone` answers `{}` as the spec expects.
#[derive(Debug)]
pub enum BrokerFailure {
    /// From the broker's service layer.
    Broker(BrokerError),
    /// Missing or wrong platform credentials.
    Unauthorized,
    /// Too many wrong credentials lately; seconds to wait.
    Throttled(u64),
    /// Missing or unsupported `X-Broker-API-Version`.
    PreconditionFailed(String),
    /// An instance operation without `accepts_incomplete=true`.
    AsyncRequired,
}

impl From<BrokerError> for BrokerFailure {
    fn from(e: BrokerError) -> Self {
        BrokerFailure::Broker(e)
    }
}

impl From<ControlError> for BrokerFailure {
    fn from(e: ControlError) -> Self {
        BrokerFailure::Broker(BrokerError::Control(e))
    }
}

impl IntoResponse for BrokerFailure {
    fn into_response(self) -> Response {
        let (status, code, description) = match self {
            BrokerFailure::Broker(BrokerError::Control(e)) => match e {
                ControlError::Parameters(e) => (StatusCode::BAD_REQUEST, "BadRequest", e.to_string()),
                ControlError::Name(e) => (StatusCode::BAD_REQUEST, "BadRequest", e.to_string()),
                ControlError::BadRequest(text) => (StatusCode::BAD_REQUEST, "BadRequest", text),
                ControlError::TooLarge(text) => (StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLarge", text),
                ControlError::NotFound(text) => (StatusCode::NOT_FOUND, "NotFound", text),
                ControlError::Conflict(text) => (StatusCode::CONFLICT, "Conflict", text),
                ControlError::Internal(e) => {
                    tracing::error!(error = %e, "service broker failure");
                    (StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError", "Internal Server Error".to_owned())
                }
            },
            BrokerFailure::Broker(e @ BrokerError::PlanChange { .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "PlanChangeNotSupported", e.to_string())
            }
            BrokerFailure::Broker(BrokerError::Gone) => return (StatusCode::GONE, Json(json!({}))).into_response(),
            BrokerFailure::Unauthorized => {
                let challenge = [(header::WWW_AUTHENTICATE, r#"Basic realm="cpi-broker""#)];
                let body = json!({"error": "Unauthorized", "description": "the service broker's credentials are required (broker.json)"});
                return (StatusCode::UNAUTHORIZED, challenge, Json(body)).into_response();
            }
            BrokerFailure::Throttled(seconds) => {
                let text = format!("too many failed authentications; retry in {seconds} seconds");
                let body = json!({"error": "TooManyRequests", "description": text});
                return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, seconds.to_string())], Json(body))
                    .into_response();
            }
            BrokerFailure::PreconditionFailed(text) => (StatusCode::PRECONDITION_FAILED, "PreconditionFailed", text),
            BrokerFailure::AsyncRequired => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "AsyncRequired",
                "This service plan requires client support for asynchronous service operations (accepts_incomplete=true)."
                    .to_owned(),
            ),
        };
        (status, Json(json!({"error": code, "description": description}))).into_response()
    }
}
