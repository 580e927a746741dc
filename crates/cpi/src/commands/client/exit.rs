//! Stable exit codes, so scripts can tell why a command failed (0 is success).

use cpi_client::ApiError;
use cpi_client::http::ErrorClass;

/// Anything not listed below.
pub const OTHER: u8 = 1;
/// Wrong usage (clap uses it for bad arguments).
pub const USAGE: u8 = 2;
/// Authentication failed: a wrong client id or secret, an expired or refused token.
pub const AUTH: u8 = 3;
/// The key lacks a role for the call (403).
pub const FORBIDDEN: u8 = 4;
/// Not found (404).
pub const NOT_FOUND: u8 = 5;
/// Conflict (409): it exists already, or was changed meanwhile.
pub const CONFLICT: u8 = 6;
/// The tenant failed (5xx) or a deployment failed.
pub const SERVER: u8 = 7;
/// The tenant could not be reached.
pub const NETWORK: u8 = 8;

/// The exit code of a command's error.
pub fn code_of(error: &anyhow::Error) -> u8 {
    match error.downcast_ref::<ApiError>() {
        Some(api) => match api.class() {
            ErrorClass::Auth => AUTH,
            ErrorClass::Forbidden => FORBIDDEN,
            ErrorClass::NotFound => NOT_FOUND,
            ErrorClass::Conflict => CONFLICT,
            ErrorClass::BadRequest => USAGE,
            ErrorClass::Server => SERVER,
            ErrorClass::Network => NETWORK,
            ErrorClass::Other => OTHER,
        },
        None => match error.downcast_ref::<CommandFailure>() {
            Some(failure) => failure.code,
            None => OTHER,
        },
    }
}

/// A failure a command reports with its own exit code (e.g. a deployment that ended in FAIL).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CommandFailure {
    /// The exit code.
    pub code: u8,
    /// What went wrong.
    pub message: String,
}
