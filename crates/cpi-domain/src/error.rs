//! Validation errors of the domain. Each message names the offending key or value, in words an
//! admin understands; the control plane turns them into 400 responses.

use thiserror::Error;

/// A rejected instance or key parameter.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParameterError {
    /// The parameters are not a JSON object.
    #[error("parameters must be a JSON object")]
    NotAnObject,
    /// A key SAP does not define.
    #[error("unknown parameter '{key}'; allowed parameters are: {known}")]
    UnknownKey {
        /// The key that was sent.
        key: String,
        /// The keys that are allowed.
        known: String,
    },
    /// A value of the wrong JSON type.
    #[error("parameter '{key}' must be {expected}")]
    WrongType {
        /// The parameter.
        key: &'static str,
        /// What it must be.
        expected: &'static str,
    },
    /// `grant-types` holds a name that is not a grant type.
    #[error(
        "parameter 'grant-types': unknown grant type '{0}'; allowed are client_credentials, password, authorization_code, refresh_token"
    )]
    UnknownGrantType(String),
    /// `grant-types` is empty.
    #[error("parameter 'grant-types' must name at least one grant type")]
    NoGrantType,
    /// `client_x509` is deprecated by SAP.
    #[error(
        "parameter 'grant-types': the grant type 'client_x509' is deprecated and no longer supported; use 'client_credentials' with a service key of key-type 'certificate' instead"
    )]
    DeprecatedClientX509,
    /// An `api` role that is not a role template.
    #[error(
        "parameter 'roles': '{0}' is not a role template of Cloud Integration (for example WorkspacePackagesRead, MonitoringDataRead)"
    )]
    UnknownRoleTemplate(String),
    /// An `integration-flow` role with characters outside `[A-Za-z0-9_.]`.
    #[error(
        "parameter 'roles': '{0}' is not a valid user role; use ESBMessaging.send, API.invoke or a custom role of letters, digits, '_' and '.'"
    )]
    InvalidUserRole(String),
    /// `token-validity` outside 3600–86400.
    #[error("parameter 'token-validity' must be between 3600 and 86400 seconds, got {0}")]
    TokenValidityOutOfRange(u64),
    /// `key-type` of a certificate key.
    #[error("parameter 'key-type': '{0}' keys are not supported yet; create a ClientId/Secret key (omit key-type)")]
    CertificateKeysNotSupported(String),
    /// `key-type` with an unknown value.
    #[error(
        "parameter 'key-type': unknown key type '{0}'; allowed are certificate, certificate_external or none for ClientId/Secret"
    )]
    UnknownKeyType(String),
}

/// A rejected instance or key name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    /// Empty name.
    #[error("the name must not be empty")]
    Empty,
    /// Longer than 32 characters.
    #[error("the name '{0}' is longer than 32 characters")]
    TooLong(String),
    /// A character outside `[A-Za-z0-9._-]`.
    #[error("the name '{0}' may only contain letters, digits, '.', '_' and '-'")]
    InvalidCharacter(String),
}
