//! The cockpit's one mapping from failures to HTML responses. Pages that hold a form catch
//! validation errors themselves and show them beside the form with the input kept; everything
//! else ends here, as a page in plain words. Internal details are logged, never shown.

use askama::Template;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{Html, IntoResponse, Response};

use crate::control::ControlError;

/// What a cockpit request can fail with.
#[derive(Debug)]
pub enum CockpitFailure {
    /// No valid session: go to the sign-in page and come back to `next`.
    SignInRequired {
        /// The page asked for.
        next: String,
    },
    /// A form without its CSRF token, or with a foreign one.
    CsrfRejected,
    /// A form that cannot be read.
    BadForm(String),
    /// A form over the size limit.
    TooLarge,
    /// No cockpit page at this path.
    PageNotFound,
    /// A control-plane operation failed.
    Control(ControlError),
    /// Something broke on the server.
    Internal(anyhow::Error),
}

impl CockpitFailure {
    /// Wraps an internal error.
    pub fn internal(e: impl std::fmt::Display) -> Self {
        CockpitFailure::Internal(anyhow::anyhow!("{e}"))
    }
}

impl From<ControlError> for CockpitFailure {
    fn from(e: ControlError) -> Self {
        CockpitFailure::Control(e)
    }
}

/// A control-plane error as a status and a sentence for the page.
pub fn control_status(e: &ControlError) -> (StatusCode, String) {
    match e {
        ControlError::Parameters(p) => (StatusCode::BAD_REQUEST, format!("The parameters are not valid: {p}")),
        ControlError::Name(n) => (StatusCode::BAD_REQUEST, format!("The name is not valid: {n}")),
        ControlError::BadRequest(text) => (StatusCode::BAD_REQUEST, sentence(text)),
        ControlError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.".into()),
        ControlError::NotFound(text) => {
            (StatusCode::NOT_FOUND, format!("{}. It may have been deleted.", sentence(text).trim_end_matches('.')))
        }
        ControlError::Conflict(text) => (StatusCode::CONFLICT, sentence(text)),
        ControlError::Internal(detail) => {
            tracing::error!(error = %detail, "cockpit: control-plane operation failed");
            (StatusCode::INTERNAL_SERVER_ERROR, INTERNAL.into())
        }
    }
}

const INTERNAL: &str = "Something went wrong on the server. The details are in the server's log.";

/// Capitalises the first letter and ends with a full stop.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[derive(Template)]
#[template(path = "cockpit/error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    status: u16,
}

/// Renders a template, or a plain 500 if it cannot be.
pub fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cockpit: template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, INTERNAL).into_response()
        }
    }
}

fn page(status: StatusCode, title: &str, message: &str) -> Response {
    render(status, &ErrorPage { title, message, status: status.as_u16() })
}

impl IntoResponse for CockpitFailure {
    fn into_response(self) -> Response {
        match self {
            CockpitFailure::SignInRequired { next } => {
                let target = format!("/cockpit/sign-in?next={}", super::pages::encode_query(&next));
                (StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response()
            }
            CockpitFailure::CsrfRejected => page(
                StatusCode::FORBIDDEN,
                "Form refused",
                "This form did not come from a page of this session, or the page is too old. Go back, reload the page and try again.",
            ),
            CockpitFailure::BadForm(detail) => {
                page(StatusCode::BAD_REQUEST, "Form not understood", &format!("The form could not be read: {detail}."))
            }
            CockpitFailure::TooLarge => {
                page(StatusCode::PAYLOAD_TOO_LARGE, "Too large", "The form is larger than 256 KiB.")
            }
            CockpitFailure::PageNotFound => page(
                StatusCode::NOT_FOUND,
                "Page not found",
                "There is no such page in the cockpit. Check the address.",
            ),
            CockpitFailure::Control(e) => {
                let (status, message) = control_status(&e);
                page(status, status.canonical_reason().unwrap_or("Error"), &message)
            }
            CockpitFailure::Internal(detail) => {
                tracing::error!(error = %detail, "cockpit request failed");
                page(StatusCode::INTERNAL_SERVER_ERROR, "Server error", INTERNAL)
            }
        }
    }
}
