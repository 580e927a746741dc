//! Authorization the compiler enforces: a tenant handler receives its data only through
//! [`Authorized<R>`], and `R` names the permission the route needs. A missing permission is a
//! 403 that names it and the role templates that grant it. Also the CSRF handshake.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use cpi_domain::{Permission, personas_granting, templates_granting};
use cpi_odata::ODataError;

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

fn csrf_token(state: &AppState, authorization: &str) -> String {
    URL_SAFE_NO_PAD.encode(&state.credential_key.tag("csrf", authorization.as_bytes())[..24])
}

/// The CSRF handshake of the tenant API: `X-CSRF-Token: Fetch` on GET/HEAD returns a token bound
/// to the caller's credentials; writes authenticated by Basic must send it back. Bearer-token
/// writes are accepted without one, as real tenants do for Piper and SAP's GitHub actions.
pub async fn csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let authorization =
        request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let sent = request.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let method = request.method().clone();
    let is_read = method == Method::GET || method == Method::HEAD || method == Method::OPTIONS;
    let is_basic = authorization.get(..6).is_some_and(|s| s.eq_ignore_ascii_case("basic "));
    if !is_read && is_basic && sent.as_deref() != Some(csrf_token(&state, &authorization).as_str()) {
        return TenantError::from(ODataError::CsrfRequired).into_response();
    }
    let fetch = is_read && sent.is_some_and(|s| s.eq_ignore_ascii_case("fetch"));
    let mut response = next.run(request).await;
    if fetch
        && response.status().is_success()
        && let Ok(value) = HeaderValue::from_str(&csrf_token(&state, &authorization))
    {
        response.headers_mut().insert("x-csrf-token", value);
    }
    response
}
