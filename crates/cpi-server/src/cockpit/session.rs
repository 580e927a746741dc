//! Cockpit sessions: a subaccount administrator signs in with a password; the browser keeps an
//! opaque token in an `HttpOnly`, `SameSite=Strict` cookie scoped to `/cockpit` (the store keeps
//! only its SHA-256); every form carries a CSRF token derived from the session token, checked in
//! constant time before the form is read. Handlers that change something take [`Posted`], so a
//! form handler without the check does not compile.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use cpi_domain::{RoleCollection, Subaccount};
use cpi_store::{CockpitSessionRecord, StoreError, UserRecord};
use cpi_xsuaa::secret::sha256_hex;

use crate::cockpit::failure::CockpitFailure;
use crate::password::verify_password;
use crate::state::AppState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "cpi_cockpit_session";
/// The cookie that binds the sign-in form to its browser (login CSRF).
pub const SIGN_IN_COOKIE: &str = "cpi_cockpit_signin";
/// How long a session lasts after sign-in.
pub const SESSION_LIFETIME: time::Duration = time::Duration::hours(8);
/// Largest form body the cockpit reads.
pub const FORM_LIMIT: usize = 256 * 1024;

/// A signed-in subaccount administrator.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The subaccount.
    pub zone: Subaccount,
    /// The administrator.
    pub user: UserRecord,
    token_hash: String,
    csrf: String,
}

impl SignedIn {
    /// The CSRF token every form of this session carries.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// Ends the session.
    pub async fn sign_out(&self, state: &AppState) -> Result<(), CockpitFailure> {
        match state.store.delete_cockpit_session(&self.token_hash).await {
            Ok(()) | Err(StoreError::NotFound) => Ok(()),
            Err(e) => Err(CockpitFailure::internal(e)),
        }
    }
}

/// Whether a user may sign in to the cockpit.
pub fn administers(user: &UserRecord) -> bool {
    user.role_collections.contains(&RoleCollection::SubaccountAdministrator)
}

fn derived(purpose: &str, secret: &str) -> String {
    sha256_hex(&format!("cpi-cockpit-{purpose}\n{secret}"))
}

fn matches(expected: &str, presented: Option<&str>) -> bool {
    presented.is_some_and(|p| bool::from(expected.as_bytes().ct_eq(p.as_bytes())))
}

/// The value of a cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value for the cockpit (`max_age` 0 clears the cookie).
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.public_url.starts_with("https://") { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/cockpit; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

fn random_token(state: &AppState) -> String {
    URL_SAFE_NO_PAD.encode(state.random.bytes32())
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = CockpitFailure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let next = parts.uri.path_and_query().map_or("/cockpit/", |p| p.as_str()).to_owned();
        let sign_in = || CockpitFailure::SignInRequired { next: next.clone() };
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(sign_in)?;
        let token_hash = sha256_hex(token);
        let session = match state.store.get_cockpit_session(&token_hash).await {
            Ok(session) => session,
            Err(StoreError::NotFound) => return Err(sign_in()),
            Err(e) => return Err(CockpitFailure::internal(e)),
        };
        if state.clock.now() >= session.expires_at {
            return Err(sign_in());
        }
        let user = match state.store.get_user(session.subaccount_id, session.user_id).await {
            Ok(user) if administers(&user) => user,
            Ok(_) | Err(StoreError::NotFound) => return Err(sign_in()),
            Err(e) => return Err(CockpitFailure::internal(e)),
        };
        let zone = state.zone(session.subaccount_id).await.map_err(CockpitFailure::internal)?;
        Ok(SignedIn { zone, user, csrf: derived("csrf", token), token_hash })
    }
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: Option<String>,
}

/// A form posted by a signed-in administrator, its CSRF token checked.
#[derive(Debug)]
pub struct Posted<T> {
    /// Who posted it.
    pub session: SignedIn,
    /// The form's fields.
    pub form: T,
}

async fn form_bytes(request: Request) -> Result<axum::body::Bytes, CockpitFailure> {
    axum::body::to_bytes(request.into_body(), FORM_LIMIT).await.map_err(|_| CockpitFailure::TooLarge)
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for Posted<T> {
    type Rejection = CockpitFailure;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let session = SignedIn::from_request_parts(&mut parts, state).await?;
        let bytes = form_bytes(Request::from_parts(parts, body)).await?;
        let field: CsrfField = serde_urlencoded::from_bytes(&bytes).map_err(|_| CockpitFailure::CsrfRejected)?;
        if !matches(session.csrf(), field.csrf.as_deref()) {
            return Err(CockpitFailure::CsrfRejected);
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|e| CockpitFailure::BadForm(e.to_string()))?;
        Ok(Posted { session, form })
    }
}

/// The token of the sign-in form: a nonce kept in a cookie, and a value derived from it in the form.
#[derive(Debug)]
pub struct SignInNonce {
    /// The cookie's value (new when the browser had none).
    pub nonce: String,
    /// Whether the cookie must be set.
    pub fresh: bool,
}

impl SignInNonce {
    /// The browser's nonce, or a new one.
    pub fn of(state: &AppState, headers: &HeaderMap) -> Self {
        match cookie(headers, SIGN_IN_COOKIE) {
            Some(nonce) => SignInNonce { nonce: nonce.to_owned(), fresh: false },
            None => SignInNonce { nonce: random_token(state), fresh: true },
        }
    }

    /// The value the form carries.
    pub fn form_token(&self) -> String {
        derived("sign-in", &self.nonce)
    }

    /// Whether a posted sign-in form came from a page this browser loaded.
    pub fn accepts(headers: &HeaderMap, presented: &str) -> bool {
        cookie(headers, SIGN_IN_COOKIE).is_some_and(|nonce| matches(&derived("sign-in", nonce), Some(presented)))
    }
}

/// Why a sign-in failed.
#[derive(Debug)]
pub enum SignInError {
    /// Unknown user, wrong password, or not an administrator (one answer for all three).
    BadCredentials,
    /// Too many failures; seconds to wait.
    LockedOut(u64),
    /// Store failure.
    Internal(CockpitFailure),
}

/// Checks an administrator's password (throttled per user name) and opens a session; returns
/// the session token for the cookie.
pub async fn sign_in(state: &AppState, username: &str, password: String) -> Result<String, SignInError> {
    let throttle_key = format!("cockpit:{username}");
    let now = state.clock.now();
    state
        .throttle
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .check(&throttle_key, now)
        .map_err(SignInError::LockedOut)?;
    let zone = state.default_zone.id;
    let user = match state.store.get_user_by_name(zone, username).await {
        Ok(user) => Some(user),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(SignInError::Internal(CockpitFailure::internal(e))),
    };
    let accepted = match &user {
        Some(user) => verify_password(password, user.password_hash.clone()).await && administers(user),
        None => false,
    };
    let user = match (accepted, user) {
        (true, Some(user)) => user,
        _ => {
            state.throttle.lock().unwrap_or_else(|e| e.into_inner()).record_failure(&throttle_key, now);
            return Err(SignInError::BadCredentials);
        }
    };
    state.throttle.lock().unwrap_or_else(|e| e.into_inner()).record_success(&throttle_key);
    let token = random_token(state);
    let record = CockpitSessionRecord {
        token_hash: sha256_hex(&token),
        subaccount_id: zone,
        user_id: user.id,
        created_at: now,
        expires_at: now + SESSION_LIFETIME,
    };
    let store = &state.store;
    store
        .purge_cockpit_sessions_expired_before(now)
        .await
        .map_err(|e| SignInError::Internal(CockpitFailure::internal(e)))?;
    store.put_cockpit_session(&record).await.map_err(|e| SignInError::Internal(CockpitFailure::internal(e)))?;
    tracing::info!(user = %user.username, "cockpit sign-in");
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; cpi_cockpit_session=tok; b=2"));
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("tok"));
        assert_eq!(cookie(&headers, SIGN_IN_COOKIE), None);
        headers.insert(COOKIE, HeaderValue::from_static("cpi_cockpit_session="));
        assert_eq!(cookie(&headers, SESSION_COOKIE), None, "an empty cookie is no session");
    }

    proptest::proptest! {
        /// Any Cookie header is read without panicking, and a value found is one of its pairs'.
        #[test]
        fn any_cookie_header_is_read_safely(header in "[ -~]{0,80}") {
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(&header) {
                headers.insert(COOKIE, value);
            }
            if let Some(found) = cookie(&headers, SESSION_COOKIE) {
                let pair = format!("{SESSION_COOKIE}={found}");
                proptest::prop_assert!(header.contains(&pair));
            }
        }
    }

    #[test]
    fn csrf_tokens_are_derived_per_purpose_and_compared_whole() {
        let csrf = derived("csrf", "token");
        assert_ne!(csrf, derived("sign-in", "token"));
        assert!(matches(&csrf, Some(&csrf)));
        assert!(!matches(&csrf, Some(&csrf[..10])));
        assert!(!matches(&csrf, None));
    }
}
