//! The XSUAA/UAA protocol as pure functions and data: reading token requests, OAuth errors and
//! their exact wire form, access-token claims, scope expansion, RS256 signing and verification
//! with JWKS, client-secret derivation, and the failed-authentication throttle. No I/O.

pub mod claims;
pub mod error;
pub mod request;
pub mod scope;
pub mod secret;
pub mod signing;
pub mod throttle;

pub use claims::{AccessTokenClaims, TokenGrant, TokenResponse, TokenUser, issuer};
pub use error::{OAuthError, OAuthErrorResponse, TokenRejection};
pub use request::{ClientAuth, GrantRequest, TokenRequest, parse_basic};
pub use secret::{CredentialKey, sha256_hex};
pub use signing::{Jwk, SigningKey, VerifyingKey, VerifyingKeys};
pub use throttle::FailureThrottle;
