//! OAuth errors of the token endpoint and of resource servers, as data. One exhaustive mapping
//! turns each into UAA's status, body and `WWW-Authenticate` header.

use serde_json::json;

/// An error of the token endpoint, answered exactly as UAA/XSUAA does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    /// Unknown client, wrong secret, or wrong user password.
    #[error("bad credentials")]
    BadCredentials,
    /// No client authentication at all.
    #[error("full authentication is required")]
    AuthenticationRequired,
    /// The client does not have the grant type enabled.
    #[error("unauthorized grant type")]
    UnauthorizedGrantType,
    /// No `grant_type`.
    #[error("missing grant type")]
    MissingGrantType,
    /// A grant type UAA does not know.
    #[error("unsupported grant type")]
    UnsupportedGrantType,
    /// `grant_type=implicit` at the token endpoint.
    #[error("implicit grant type not supported from token endpoint")]
    ImplicitNotSupported,
    /// A bad refresh token or authorization code.
    #[error("invalid grant: {0}")]
    InvalidGrant(String),
    /// A malformed request (e.g. the password grant without `username`).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A requested scope the client may not have.
    #[error("invalid scope: {0}")]
    InvalidScope(String),
    /// Too many failed client authentications for this client id.
    #[error("too many failed authentications; retry after {retry_after_secs} s")]
    TooManyFailedAttempts {
        /// Seconds until the client may try again.
        retry_after_secs: u64,
    },
    /// An internal failure (details are logged, never sent).
    #[error("internal error")]
    ServerError,
}

/// How an [`OAuthError`] goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthErrorResponse {
    /// HTTP status.
    pub status: u16,
    /// JSON body `{"error","error_description"}`.
    pub body: serde_json::Value,
    /// The `WWW-Authenticate` header, where UAA sends one.
    pub www_authenticate: Option<String>,
    /// The `Retry-After` header, in seconds.
    pub retry_after: Option<u64>,
}

fn body(error: &str, description: &str) -> serde_json::Value {
    json!({ "error": error, "error_description": description })
}

impl OAuthError {
    /// The wire form of the error.
    pub fn response(&self) -> OAuthErrorResponse {
        let (status, body, www_authenticate, retry_after) = match self {
            OAuthError::BadCredentials => (
                401,
                body("invalid_client", "Bad credentials"),
                Some(r#"Basic realm="UAA/client", error="unauthorized", error_description="Bad credentials""#.to_owned()),
                None,
            ),
            OAuthError::AuthenticationRequired => (
                401,
                body("unauthorized", "Full authentication is required to access this resource"),
                Some(r#"Basic realm="UAA/client", error="unauthorized", error_description="Full authentication is required to access this resource""#.to_owned()),
                None,
            ),
            OAuthError::UnauthorizedGrantType => (
                401,
                body("invalid_client", "Unauthorized grant type"),
                Some(r#"Bearer error="invalid_client", error_description="Unauthorized grant type""#.to_owned()),
                None,
            ),
            OAuthError::MissingGrantType => (400, body("invalid_request", "Missing grant type"), None, None),
            OAuthError::UnsupportedGrantType => (400, body("unsupported_grant_type", "Unsupported grant type"), None, None),
            OAuthError::ImplicitNotSupported => (
                400,
                body("invalid_grant", "Implicit grant type not supported from token endpoint"),
                None,
                None,
            ),
            OAuthError::InvalidGrant(msg) => (400, body("invalid_grant", msg), None, None),
            OAuthError::InvalidRequest(msg) => (400, body("invalid_request", msg), None, None),
            OAuthError::InvalidScope(msg) => (400, body("invalid_scope", msg), None, None),
            OAuthError::TooManyFailedAttempts { retry_after_secs } => (
                429,
                body("too_many_requests", "Too many failed authentication attempts for this client; try again later"),
                None,
                Some(*retry_after_secs),
            ),
            OAuthError::ServerError => (500, body("server_error", "Internal Server Error"), None, None),
        };
        OAuthErrorResponse { status, body, www_authenticate, retry_after }
    }
}

/// Why a resource server refused a Bearer token (all answered 401 `invalid_token`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    /// Not three base64url parts, or unparsable JSON.
    #[error("the token is malformed")]
    Malformed,
    /// `alg` other than RS256.
    #[error("the token's algorithm is not accepted")]
    WrongAlgorithm,
    /// `kid` of no known key.
    #[error("the token was signed with an unknown key")]
    UnknownKey,
    /// The signature does not verify.
    #[error("the token signature is invalid")]
    BadSignature,
    /// `exp` is in the past (beyond the leeway).
    #[error("the token has expired")]
    Expired,
    /// `iss` or `zid` is not this zone's.
    #[error("the token was not issued by this tenant's identity zone")]
    WrongIssuer,
    /// `aud` does not name this application.
    #[error("the token is not meant for this application")]
    WrongAudience,
}

impl TokenRejection {
    /// The `WWW-Authenticate` header for this rejection.
    pub fn www_authenticate(self) -> String {
        format!(r#"Bearer realm="cpi", error="invalid_token", error_description="{self}""#)
    }
}
