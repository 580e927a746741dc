//! Authorization the compiler enforces: a tenant handler receives its data only through
//! [`Authorized<R>`], and `R` names the permission the route needs. A missing permission is a
//! 403 that names it and the role templates that grant it. Also the CSRF handshake.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use cpi_domain::{Permission, personas_granting, templates_granting};
use cpi_odata::ODataError;
use subtle::ConstantTimeEq;

use crate::http::errors::TenantError;
use crate::principal::{Principal, authenticate};
use crate::state::AppState;

/// A permission a route requires, as a type.
pub trait Requirement: Send + Sync + 'static {
    /// The permission.
    const PERMISSION: Permission;
}

macro_rules! requirements {
    ($($name:ident => $perm:ident,)+) => {$(
        #[doc = concat!("Requires `", stringify!($perm), "`.")]
        #[derive(Debug)]
        pub struct $name;
        impl Requirement for $name {
            const PERMISSION: Permission = Permission::$perm;
        }
    )+};
}

requirements! {
    WorkspaceRead => WorkspaceRead,
    WorkspaceWrite => WorkspaceWrite,
    WorkspaceConfigure => IntegrationFlowConfigure,
    ArtifactBuild => GenerationAndBuild,
    ContentDeploy => DeployContent,
    NodeManagerRead => NodeManagerRead,
    MonitoringRead => MonitoringRead,
    MessagePayloadsRead => MessageStorageRead,
    CredentialsEdit => DeployCredentials,
    CredentialsRead => ReadCredentials,
    SecurityMaterialEdit => DeploySecurityContent,
    SecurityMaterialDownload => ReadSecurityContent,
    AccessPoliciesRead => AccessPoliciesRead,
    AccessPoliciesEdit => AccessPoliciesWrite,
    DataStoresRead => DataStoreRead,
    DataStorePayloadsRead => DataStoreReadPayload,
    DataStoresDelete => DataStoreDelete,
    PartnerDirectoryRead => PartnerDirectoryRead,
    PartnerDirectoryWrite => PartnerDirectoryWrite,
    TraceConfigurationEdit => RuntimeParameterWrite,
}

/// A caller proven to hold `R::PERMISSION`.
#[derive(Debug)]
pub struct Authorized<R> {
    /// The caller.
    pub principal: Principal,
    _requirement: PhantomData<R>,
}

/// The 403 message: what is missing and which role templates grant it.
pub fn forbidden_message(permission: Permission) -> String {
    let templates: Vec<&str> =
        templates_granting(permission).iter().map(|t| t.name).filter(|name| !name.starts_with("AuthGroup_")).collect();
    let personas = personas_granting(permission);
    let mut message = format!(
        "Forbidden: this call needs the permission {permission}, which the caller's roles do not grant. \
         Add one of these role templates to the service instance's roles: {}",
        templates.join(", ")
    );
    if !personas.is_empty() {
        message.push_str(&format!(" (or a persona template: {})", personas.join(", ")));
    }
    message.push('.');
    message
}

impl<R: Requirement> Authorized<R> {
    /// The only way to obtain an `Authorized<R>`: the principal must hold `R::PERMISSION`.
    pub fn check(principal: Principal) -> Result<Self, TenantError> {
        if !principal.permissions.contains(R::PERMISSION) {
            tracing::info!(caller = %principal.name, permission = %R::PERMISSION, "forbidden");
            return Err(ODataError::Forbidden(forbidden_message(R::PERMISSION)).into());
        }
        Ok(Authorized { principal, _requirement: PhantomData })
    }
}

/// Any authenticated caller of the tenant API (authorization follows per operation).
#[derive(Debug)]
pub struct Authenticated(pub Principal);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = TenantError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Authenticated(authenticate(state, &parts.headers).await?))
    }
}

/// How long a CSRF token is valid.
const CSRF_TOKEN_LIFETIME_MS: i64 = 30 * 60 * 1000;
/// The session cookie CSRF tokens are bound to.
const SESSION_COOKIE: &str = "cpi_session";

/// A token: `<expiry ms>.<HMAC(credential key, binding ‖ expiry)>`. It needs no server memory,
/// so any node sharing the credential key can check it.
fn csrf_token(state: &AppState, binding: &str, expires_ms: i64) -> String {
    let tag = state.credential_key.tag("csrf", format!("{binding}\n{expires_ms}").as_bytes());
    format!("{expires_ms}.{}", URL_SAFE_NO_PAD.encode(&tag[..24]))
}

fn now_ms(state: &AppState) -> i64 {
    i64::try_from(state.clock.now().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Whether a sent token is valid for one of the request's bindings.
fn csrf_valid(state: &AppState, sent: &str, bindings: &[String]) -> bool {
    let Some((expiry, _)) = sent.split_once('.') else { return false };
    let Ok(expires_ms) = expiry.parse::<i64>() else { return false };
    if expires_ms < now_ms(state) {
        return false;
    }
    bindings.iter().any(|binding| {
        let expected = csrf_token(state, binding, expires_ms);
        expected.as_bytes().ct_eq(sent.as_bytes()).into()
    })
}

fn session_of(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (name, value) = c.trim().split_once('=')?;
        (name == SESSION_COOKIE && !value.is_empty()).then(|| value.to_owned())
    })
}

fn authorization_of(headers: &HeaderMap) -> &str {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn credentials_binding(headers: &HeaderMap) -> String {
    format!("auth:{}", cpi_xsuaa::sha256_hex(authorization_of(headers)))
}

/// What a request asks of the CSRF handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CsrfStep {
    /// A GET/HEAD/OPTIONS with `X-CSRF-Token: Fetch`: answer with a token.
    Fetch,
    /// Any other read: nothing to do.
    Read,
    /// A write: it may need a valid token.
    Write,
}

/// The CSRF step of a request.
pub(crate) fn csrf_step(method: &Method, headers: &HeaderMap) -> CsrfStep {
    let is_read = method == Method::GET || method == Method::HEAD || method == Method::OPTIONS;
    let fetch =
        headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).is_some_and(|s| s.eq_ignore_ascii_case("fetch"));
    match (is_read, fetch) {
        (true, true) => CsrfStep::Fetch,
        (true, false) => CsrfStep::Read,
        (false, _) => CsrfStep::Write,
    }
}

/// Whether a write carries a valid token for its credentials or its session cookie.
pub(crate) fn csrf_token_accepted(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(sent) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) else { return false };
    let mut bindings = vec![credentials_binding(headers)];
    bindings.extend(session_of(headers).map(|s| format!("session:{s}")));
    csrf_valid(state, sent, &bindings)
}

/// The CSRF handshake: `X-CSRF-Token: Fetch` on any GET/HEAD returns a token bound to the
/// session cookie (set here when missing) and to the caller's credentials; writes
/// authenticated by Basic must send a valid one back, or get 403 with `X-CSRF-Token: Required`.
/// Bearer-token writes are accepted without one, as real tenants do for Piper and SAP's actions.
pub async fn csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let is_basic = authorization_of(headers).get(..6).is_some_and(|s| s.eq_ignore_ascii_case("basic "));
    match csrf_step(request.method(), headers) {
        // Nothing to check or hand out: most requests (Bearer reads and writes) stop here.
        CsrfStep::Read => next.run(request).await,
        CsrfStep::Write if !is_basic => next.run(request).await,
        CsrfStep::Write => {
            if !csrf_token_accepted(&state, headers) {
                return TenantError::from(ODataError::CsrfRequired).into_response();
            }
            next.run(request).await
        }
        CsrfStep::Fetch => {
            let (session, binding) = (session_of(headers), credentials_binding(headers));
            let mut response = next.run(request).await;
            if response.status().is_success() {
                hand_out_token(&state, &mut response, session, binding);
            }
            response
        }
    }
}

/// Answers a `Fetch` itself (an endpoint that does no work for it): 200 with a token.
pub(crate) fn fetched_token_response(state: &AppState, headers: &HeaderMap) -> Response {
    let mut response = StatusCode::OK.into_response();
    hand_out_token(state, &mut response, session_of(headers), credentials_binding(headers));
    response
}

/// Adds a fresh token to a `Fetch` answer, and a session cookie if the client has none.
fn hand_out_token(state: &AppState, response: &mut Response, session: Option<String>, credentials_binding: String) {
    let expires_ms = now_ms(state).saturating_add(CSRF_TOKEN_LIFETIME_MS);
    // A token is bound to the session when the client keeps cookies, else to its credentials
    // (cookie-less clients send the same Authorization back).
    let binding = session.as_ref().map_or(credentials_binding, |s| format!("session:{s}"));
    if let Ok(value) = HeaderValue::from_str(&csrf_token(state, &binding, expires_ms)) {
        response.headers_mut().insert("x-csrf-token", value);
    }
    if session.is_none() {
        let id = URL_SAFE_NO_PAD.encode(state.random.bytes32());
        let cookie = format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
}
