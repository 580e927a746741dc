//! The tenant's OData API v1 (first slice): the service document with the CSRF handshake, and
//! `IntegrationPackages` list/get/create/update/delete. Paths are parsed here; the operations
//! live in `packages`. The model-driven engine replaces this dispatcher in the OData issue.

use axum::extract::{Request, State};
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router, middleware};
use serde_json::json;

use cpi_odata::ODataError;

use crate::http::authz::{Authenticated, Authorized, csrf};
use crate::http::errors::TenantError;
use crate::http::packages;
use crate::state::AppState;

/// Largest accepted request body of the tenant API.
pub const TENANT_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The entity sets served so far.
const ENTITY_SETS: [&str; 1] = ["IntegrationPackages"];

/// The tenant API routes.
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1", any(dispatch))
        .route("/api/v1/", any(dispatch))
        .route("/api/v1/{*path}", any(dispatch))
        .layer(middleware::from_fn_with_state(state, csrf))
}

/// A resource path below `/api/v1/`.
#[derive(Debug, PartialEq, Eq)]
enum Resource {
    ServiceDocument,
    Packages,
    Package(String),
}

fn percent_decode(text: &str) -> Result<String, ODataError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .ok_or_else(|| ODataError::BadRequest("malformed percent-encoding in the URL".into()))?;
            out.push(
                u8::from_str_radix(hex, 16)
                    .map_err(|_| ODataError::BadRequest("malformed percent-encoding in the URL".into()))?,
            );
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ODataError::BadRequest("the URL is not valid UTF-8".into()))
}

fn parse_resource(uri: &Uri) -> Result<Resource, ODataError> {
    let raw = uri.path().strip_prefix("/api/v1").unwrap_or("");
    let path = percent_decode(raw.trim_start_matches('/'))?;
    if path.is_empty() {
        return Ok(Resource::ServiceDocument);
    }
    let (set, predicate) = match path.find('(') {
        Some(i) => (&path[..i], Some(&path[i..])),
        None => (path.as_str(), None),
    };
    match (set, predicate) {
        ("IntegrationPackages", None) => Ok(Resource::Packages),
        ("IntegrationPackages", Some(p)) => cpi_odata::parse_single_key(p)
            .map(Resource::Package)
            .ok_or_else(|| ODataError::BadRequest(format!("invalid key predicate '{p}'"))),
        _ => Err(ODataError::NotFound(format!("Resource not found for the segment '{set}'."))),
    }
}

async fn dispatch(
    State(state): State<AppState>,
    Authenticated(principal): Authenticated,
    request: Request,
) -> Result<Response, TenantError> {
    let (parts, body) = request.into_parts();
    let (method, uri) = (parts.method, parts.uri);
    let resource = parse_resource(&uri)?;
    let body = axum::body::to_bytes(body, TENANT_BODY_LIMIT).await.map_err(|_| {
        ODataError::PayloadTooLarge(format!("The request body exceeds the limit of {TENANT_BODY_LIMIT} bytes."))
    })?;
    match (resource, method) {
        (Resource::ServiceDocument, Method::GET | Method::HEAD) => Ok(service_document()),
        (Resource::Packages, Method::GET) => packages::list(&state, Authorized::check(principal)?).await,
        (Resource::Packages, Method::POST) => packages::create(&state, Authorized::check(principal)?, &body).await,
        (Resource::Package(id), Method::GET) => packages::get(&state, Authorized::check(principal)?, &id).await,
        (Resource::Package(id), Method::PUT) => {
            packages::update(&state, Authorized::check(principal)?, &id, &body).await
        }
        (Resource::Package(id), Method::DELETE) => packages::delete(&state, Authorized::check(principal)?, &id).await,
        (_, method) => {
            Err(ODataError::MethodNotAllowed(format!("The method {method} is not allowed on this resource.")).into())
        }
    }
}

fn service_document() -> Response {
    Json(json!({ "d": { "EntitySets": ENTITY_SETS } })).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_keys_and_escapes_parse() {
        let uri: Uri = "/api/v1/IntegrationPackages('a%20b''c')".parse().unwrap();
        assert_eq!(parse_resource(&uri).unwrap(), Resource::Package("a b'c".into()));
        let uri: Uri = "/api/v1/".parse().unwrap();
        assert_eq!(parse_resource(&uri).unwrap(), Resource::ServiceDocument);
        let uri: Uri = "/api/v1/Nope".parse().unwrap();
        assert!(matches!(parse_resource(&uri), Err(ODataError::NotFound(_))));
    }
}
