//! Authentication for every resource server, written once: a Bearer JWT of the zone (RS256 by
//! `kid`; `iss`, `zid`, `exp`, `aud` checked with a small leeway) or HTTP Basic of an IdP user.
//! The result is a [`Principal`] with its permissions and runtime roles.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::Duration;
use uuid::Uuid;

use cpi_domain::user::{api_permissions_of, runtime_roles_of};
use cpi_domain::{PermissionSet, Subaccount, effective_permissions};
use cpi_store::StoreError;
use cpi_xsuaa::scope::{permissions_in, roles_in};
use cpi_xsuaa::{AccessTokenClaims, TokenRejection, issuer, parse_basic, sha256_hex};

use crate::password::verify_password;
use crate::state::AppState;

/// Clock leeway for `exp`.
const LEEWAY: Duration = Duration::seconds(60);
/// How long a verified user password is remembered.
const PASSWORD_CACHE_TTL: Duration = Duration::minutes(5);

/// How the caller authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// `Authorization: Bearer <JWT>`.
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The zone the caller belongs to.
    pub zone: Subaccount,
    /// Client id (Bearer) or user name (Basic).
    pub name: String,
    /// How it authenticated.
    pub method: AuthMethod,
    /// Raw scopes (Bearer) for control-plane checks.
    pub scopes: Vec<String>,
    /// Effective API permissions (personas expanded).
    pub permissions: PermissionSet,
    /// Runtime user roles.
    pub runtime_roles: Vec<String>,
}

/// Why authentication failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthFailure {
    /// No `Authorization` header (or an unknown scheme).
    #[error("authentication is required")]
    Missing,
    /// A Bearer token that does not verify.
    #[error(transparent)]
    InvalidToken(TokenRejection),
    /// Basic credentials that do not match a user.
    #[error("bad user credentials")]
    BadBasic,
    /// Store failure.
    #[error("internal error")]
    Internal(String),
}

/// Authenticates a request from its headers.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Principal, AuthFailure> {
    let header = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or(AuthFailure::Missing)?;
    let (scheme, value) = header.trim().split_once(' ').ok_or(AuthFailure::Missing)?;
    if scheme.eq_ignore_ascii_case("bearer") {
        bearer(state, value.trim()).await
    } else if scheme.eq_ignore_ascii_case("basic") {
        basic(state, header).await
    } else {
        Err(AuthFailure::Missing)
    }
}

fn unverified_zone(token: &str) -> Result<Uuid, TokenRejection> {
    let payload = token.split('.').nth(1).ok_or(TokenRejection::Malformed)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|_| TokenRejection::Malformed)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| TokenRejection::Malformed)?;
    value["zid"].as_str().and_then(|z| Uuid::parse_str(z).ok()).ok_or(TokenRejection::WrongIssuer)
}

/// Verifies a zone's access token and returns its claims.
pub async fn verify_token(
    state: &AppState,
    token: &str,
) -> Result<(Subaccount, AccessTokenClaims<'static>), AuthFailure> {
    let zone_id = unverified_zone(token).map_err(AuthFailure::InvalidToken)?;
    let keys = state.keys.zone(zone_id).ok_or(AuthFailure::InvalidToken(TokenRejection::WrongIssuer))?;
    let claims: AccessTokenClaims<'static> = keys.verifying.verify(token).map_err(AuthFailure::InvalidToken)?;
    let zone = match state.zone(zone_id).await {
        Ok(zone) => zone,
        Err(StoreError::NotFound) => return Err(AuthFailure::InvalidToken(TokenRejection::WrongIssuer)),
        Err(e) => return Err(AuthFailure::Internal(e.to_string())),
    };
    if claims.iss != issuer(&state.public_url) || claims.zid != zone.id.to_string() {
        return Err(AuthFailure::InvalidToken(TokenRejection::WrongIssuer));
    }
    if claims.exp + LEEWAY.whole_seconds() < state.clock.now().unix_timestamp() {
        return Err(AuthFailure::InvalidToken(TokenRejection::Expired));
    }
    if !audience_fits(&claims, &zone) {
        return Err(AuthFailure::InvalidToken(TokenRejection::WrongAudience));
    }
    Ok((zone, claims))
}

/// XSUAA's rule: an `aud` entry equal to, prefixed by, or (for clones) ending in `|` + one of our
/// application names.
fn audience_fits(claims: &AccessTokenClaims<'_>, zone: &Subaccount) -> bool {
    let apps = [zone.api_xsappname(), zone.runtime_xsappname(), crate::control::SM_XSAPPNAME.to_owned()];
    claims.aud.iter().any(|aud| {
        apps.iter().any(|app| aud == app || aud.starts_with(&format!("{app}.")) || aud.ends_with(&format!("|{app}")))
    })
}

async fn bearer(state: &AppState, token: &str) -> Result<Principal, AuthFailure> {
    let (zone, claims) = verify_token(state, token).await?;
    let permissions = effective_permissions(permissions_in(&zone.api_xsappname(), &claims.scope));
    let runtime_roles = roles_in(&zone.runtime_xsappname(), &claims.scope);
    let name = claims.user_name.clone().unwrap_or_else(|| claims.client_id.clone());
    Ok(Principal {
        zone,
        name,
        method: AuthMethod::Bearer,
        scopes: claims.scope.into_owned(),
        permissions,
        runtime_roles,
    })
}

pub(crate) async fn basic(state: &AppState, header: &str) -> Result<Principal, AuthFailure> {
    let credentials = parse_basic(header).ok_or(AuthFailure::BadBasic)?;
    let zone = state.default_zone.clone();
    let user = match state.store.get_user_by_name(zone.id, &credentials.client_id).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => return Err(AuthFailure::BadBasic),
        Err(e) => return Err(AuthFailure::Internal(e.to_string())),
    };
    let cache_key = sha256_hex(&format!("{}\n{}\n{}", user.id, user.password_hash, credentials.client_secret));
    if !cached_password_ok(state, &cache_key) {
        if !verify_password(credentials.client_secret, user.password_hash.clone()).await {
            return Err(AuthFailure::BadBasic);
        }
        remember_password(state, cache_key);
    }
    let permissions = effective_permissions(api_permissions_of(&user.role_collections));
    let runtime_roles = runtime_roles_of(&user.role_collections);
    Ok(Principal {
        zone,
        name: user.username,
        method: AuthMethod::Basic,
        scopes: Vec::new(),
        permissions,
        runtime_roles,
    })
}

fn cached_password_ok(state: &AppState, key: &str) -> bool {
    let now = state.clock.now();
    let cache = state.password_cache.lock().unwrap_or_else(|e| e.into_inner());
    cache.get(key).is_some_and(|expiry| *expiry > now)
}

fn remember_password(state: &AppState, key: String) {
    let now = state.clock.now();
    let mut cache = state.password_cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= 1_000 {
        cache.retain(|_, expiry| *expiry > now);
    }
    cache.insert(key, now + PASSWORD_CACHE_TTL);
}
