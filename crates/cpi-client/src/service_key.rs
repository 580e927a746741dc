//! Service keys: the credentials a client uses to call an `it-rt` runtime or API instance, and
//! the admin key (a Service-Manager binding) used to call the control plane.
//!
//! Three layouts of a service key are in circulation and all are accepted:
//! SAP's `{"oauth":{...}}`, the cf CLI v8 wrapper `{"credentials":{"oauth":{...}}}` (or
//! `{"credentials":{<bare>}}`), and the bare object `{"clientid","clientsecret","url","tokenurl"}`.

use std::fmt;

use serde_json::{Map, Value};
use thiserror::Error;

/// Why a service key or admin key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// The text is not JSON at all.
    #[error("service key is not valid JSON (line {line}, column {column}): {message}")]
    Malformed { line: usize, column: usize, message: String },
    /// The JSON is not an object where an object is needed.
    #[error("service key must be a JSON object, but {location} is {found}")]
    NotAnObject { location: String, found: &'static str },
    /// A required field is absent.
    #[error("service key is missing '{field}' (looked in {location})")]
    Missing { field: &'static str, location: String },
    /// A field is present but unusable.
    #[error("service key field '{field}' (in {location}) is invalid: {reason}")]
    Invalid { field: &'static str, location: String, reason: String },
}

/// OAuth client credentials of an instance, plus the URL of the runtime or API it grants access to.
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceKey {
    pub client_id: String,
    pub client_secret: String,
    /// Base URL of the runtime or API (`.../api/v1` is appended by [`ServiceKey::api_base`]).
    pub url: String,
    /// Full URL of the OAuth token endpoint.
    pub token_url: String,
}

impl fmt::Debug for ServiceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceKey")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("url", &self.url)
            .field("token_url", &self.token_url)
            .finish()
    }
}

impl ServiceKey {
    /// Parses a service key in any of the three supported layouts.
    pub fn from_json(text: &str) -> Result<ServiceKey, KeyError> {
        Self::from_value(&parse_json(text)?)
    }

    /// Reads a service key from already-parsed JSON (e.g. a binding's `credentials`).
    pub fn from_value(value: &Value) -> Result<ServiceKey, KeyError> {
        let top = as_object(value, "the top level")?;
        let (fields, location) = locate_oauth(top)?;
        Ok(ServiceKey {
            client_id: required_text(fields, "clientid", &location)?,
            client_secret: required_text(fields, "clientsecret", &location)?,
            url: required_url(fields, "url", &location)?,
            token_url: required_url(fields, "tokenurl", &location)?,
        })
    }

    /// The Cloud Integration OData API root: `<url>/api/v1`.
    pub fn api_base(&self) -> String {
        format!("{}/api/v1", self.url.trim_end_matches('/'))
    }
}

/// Credentials of a Service-Manager binding: used to obtain a token for the control plane.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminKey {
    pub client_id: String,
    pub client_secret: String,
    /// Base URL of the token service; the token endpoint is `<url>/oauth/token`.
    pub url: String,
    /// Base URL of the Service-Manager API (`<sm_url>/v1/...`).
    pub sm_url: String,
}

impl fmt::Debug for AdminKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminKey")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("url", &self.url)
            .field("sm_url", &self.sm_url)
            .finish()
    }
}

impl AdminKey {
    /// Parses a Service-Manager binding `{"clientid","clientsecret","url","sm_url",...}`,
    /// optionally wrapped in `{"credentials":{...}}`.
    pub fn from_json(text: &str) -> Result<AdminKey, KeyError> {
        Self::from_value(&parse_json(text)?)
    }

    /// Reads an admin key from already-parsed JSON.
    pub fn from_value(value: &Value) -> Result<AdminKey, KeyError> {
        let top = as_object(value, "the top level")?;
        let (fields, location) = match top.get("credentials") {
            Some(inner) => (as_object(inner, "credentials")?, "credentials".to_owned()),
            None => (top, "the top level".to_owned()),
        };
        Ok(AdminKey {
            client_id: required_text(fields, "clientid", &location)?,
            client_secret: required_text(fields, "clientsecret", &location)?,
            url: required_url(fields, "url", &location)?,
            sm_url: required_url(fields, "sm_url", &location)?,
        })
    }

    /// The OAuth token endpoint: `<url>/oauth/token`.
    pub fn token_url(&self) -> String {
        format!("{}/oauth/token", self.url.trim_end_matches('/'))
    }
}

fn parse_json(text: &str) -> Result<Value, KeyError> {
    serde_json::from_str(text).map_err(|err| {
        let (line, column) = (err.line(), err.column());
        let full = err.to_string();
        let position = format!(" at line {line} column {column}");
        KeyError::Malformed { line, column, message: full.strip_suffix(&position).unwrap_or(&full).to_owned() }
    })
}

/// Finds the object holding `clientid` & co., and names where it was found.
fn locate_oauth(top: &Map<String, Value>) -> Result<(&Map<String, Value>, String), KeyError> {
    let (scope, prefix) = match top.get("credentials") {
        Some(inner) => (as_object(inner, "credentials")?, "credentials."),
        None => (top, ""),
    };
    match scope.get("oauth") {
        Some(oauth) => {
            let location = format!("{prefix}oauth");
            Ok((as_object(oauth, &location)?, location))
        }
        None if prefix.is_empty() => Ok((scope, "the top level".to_owned())),
        None => Ok((scope, "credentials".to_owned())),
    }
}

fn as_object<'a>(value: &'a Value, location: &str) -> Result<&'a Map<String, Value>, KeyError> {
    value.as_object().ok_or_else(|| KeyError::NotAnObject { location: location.to_owned(), found: json_kind(value) })
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn required_text(fields: &Map<String, Value>, field: &'static str, location: &str) -> Result<String, KeyError> {
    let invalid = |reason: String| KeyError::Invalid { field, location: location.to_owned(), reason };
    match fields.get(field) {
        None | Some(Value::Null) => Err(KeyError::Missing { field, location: location.to_owned() }),
        Some(Value::String(text)) if text.trim().is_empty() => Err(invalid("it is empty".into())),
        Some(Value::String(text)) => Ok(text.trim().to_owned()),
        Some(other) => Err(invalid(format!("expected a string, found {}", json_kind(other)))),
    }
}

fn required_url(fields: &Map<String, Value>, field: &'static str, location: &str) -> Result<String, KeyError> {
    let text = required_text(fields, field, location)?;
    if text.starts_with("https://") || text.starts_with("http://") {
        Ok(text)
    } else {
        Err(KeyError::Invalid {
            field,
            location: location.to_owned(),
            reason: format!("'{text}' is not an http(s) URL"),
        })
    }
}

#[cfg(test)]
#[path = "service_key_tests.rs"]
mod tests;
