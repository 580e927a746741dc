//! The HTTP side of the tenant API (`/api/v1`): authentication, format negotiation (`$format`,
//! then `Accept: application/json`, else Atom XML as the real service does), the body limit,
//! parsing the path and query, and rendering what [`crate::api`] answers. Errors come back in
//! the negotiated format.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router, middleware};

use cpi_odata::ODataError;
use cpi_odata::query::{Format, parse_path, parse_query, split_query};
use cpi_odata::{atom, edmx, json, service};

use crate::api::{self, ApiRequest, ApiResponse, Feed};
use crate::http::authz::csrf;
use crate::http::errors::TenantError;
use crate::principal::authenticate;
use crate::state::AppState;

/// Largest accepted request body of the tenant API (bundles arrive base64-encoded in JSON).
pub const TENANT_BODY_LIMIT: usize = 48 * 1024 * 1024;

/// The tenant API routes, and the host root (clients fetch CSRF tokens there).
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", any(root))
        .route("/api/v1", any(dispatch))
        .route("/api/v1/", any(dispatch))
        .route("/api/v1/{*path}", any(dispatch))
        .layer(middleware::from_fn_with_state(state, csrf))
}

/// `GET /` (with `X-CSRF-Token: Fetch`): answered for authenticated callers so they get a token.
async fn root(State(state): State<AppState>, request: Request) -> Response {
    if !api::is_read(request.method()) {
        return TenantError::from(ODataError::MethodNotAllowed("Only GET and HEAD are allowed here.".into()))
            .into_response();
    }
    match authenticate(&state, request.headers()).await {
        Ok(_) => (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "cpi\n").into_response(),
        Err(failure) => TenantError::from(failure).into_response(),
    }
}

/// The representation a request asks for: `$format` (read with the same decoder as every other
/// option, so `%24format` counts), else JSON for `Accept: application/json`, else Atom.
fn negotiate(raw_query: &str, headers: &HeaderMap) -> Format {
    let pairs = split_query(raw_query).unwrap_or_default();
    if let Some((_, value)) = pairs.iter().find(|(name, _)| name == "$format") {
        return if value.to_ascii_lowercase().contains("json") { Format::Json } else { Format::Xml };
    }
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if accept.contains("application/json") { Format::Json } else { Format::Xml }
}

async fn dispatch(State(state): State<AppState>, request: Request) -> Response {
    let raw_query = request.uri().query().unwrap_or("").to_owned();
    let format = negotiate(&raw_query, request.headers());
    match answer(&state, request, raw_query, format).await {
        Ok(response) => response,
        Err(error) => error.render(format),
    }
}

async fn answer(
    state: &AppState,
    request: Request,
    raw_query: String,
    format: Format,
) -> Result<Response, TenantError> {
    let principal = authenticate(state, request.headers()).await?;
    let (parts, body) = request.into_parts();
    let raw_path = parts.uri.path().strip_prefix("/api/v1").unwrap_or("").to_owned();
    let path = parse_path(&raw_path)?;
    let query = parse_query(&raw_query)?;
    let body = axum::body::to_bytes(body, TENANT_BODY_LIMIT).await.map_err(|_| {
        ODataError::PayloadTooLarge(format!("The request body exceeds the limit of {TENANT_BODY_LIMIT} bytes."))
    })?;
    let select = query.select.clone();
    let method = parts.method.clone();
    let api_request = ApiRequest { method, path, query, raw_query, body, principal };
    let response = api::handle(state, api_request).await?;
    let root = format!("{}/api/v1", state.public_url);
    let now_ms = i64::try_from(cpi_odata::unix_millis(state.clock.now())).unwrap_or(0);
    Ok(render(response, format, &root, select.as_deref(), now_ms))
}

const XML: &str = "application/xml;charset=utf-8";
const JSON: &str = "application/json";

fn render(response: ApiResponse, format: Format, root: &str, select: Option<&[Vec<String>]>, now_ms: i64) -> Response {
    let model = service::model();
    match (response, format) {
        (ApiResponse::ServiceDocument, Format::Json) => Json(json::service_document(model)).into_response(),
        (ApiResponse::ServiceDocument, Format::Xml) => typed(StatusCode::OK, XML, atom::service_document(root, model)),
        (ApiResponse::Metadata, _) => typed(StatusCode::OK, XML, edmx::metadata(model)),
        (ApiResponse::Entity(status, entity), format) => {
            let location = (status == StatusCode::CREATED).then(|| json::entity_uri(root, &entity));
            let mut response = match format {
                Format::Json => typed(status, JSON, json::entity_bytes(root, &entity, select)),
                Format::Xml => typed(
                    status,
                    "application/atom+xml;type=entry;charset=utf-8",
                    atom::entry_document(root, &entity, select, now_ms),
                ),
            };
            if let Some(value) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        (ApiResponse::Feed(feed), Format::Json) => {
            let Feed { entities, count, next, .. } = feed;
            let next = next.map(|n| absolute(root, &n));
            typed(StatusCode::OK, JSON, json::feed_bytes(root, &entities, select, count, next.as_deref()))
        }
        (ApiResponse::Feed(feed), Format::Xml) => typed(
            StatusCode::OK,
            "application/atom+xml;type=feed;charset=utf-8",
            atom::feed_document(
                root,
                &feed.path,
                feed.set.name,
                &feed.entities,
                select,
                feed.count,
                feed.next.map(|n| absolute(root, &n)).as_deref(),
                now_ms,
            ),
        ),
        (ApiResponse::Links(entities, single), Format::Json) => {
            Json(json::links_document(root, &entities, single)).into_response()
        }
        (ApiResponse::Links(entities, single), Format::Xml) => {
            typed(StatusCode::OK, XML, atom::links_document(root, &entities, single))
        }
        (ApiResponse::Count(n), _) => typed(StatusCode::OK, "text/plain;charset=utf-8", n.to_string()),
        (ApiResponse::Raw { status, content_type, filename, body }, _) => {
            let mut response = (status, [(header::CONTENT_TYPE, content_type.as_ref())], body).into_response();
            if let Some(value) = filename.and_then(|f| HeaderValue::from_str(&format!("attachment; filename={f}")).ok())
            {
                response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        (ApiResponse::Empty(status), _) => (status, Body::empty()).into_response(),
    }
}

/// A next link as SAP writes it, absolute (`https://<tmn>/api/v1/Set?$skiptoken=1000`): clients such as
/// pyodata follow `__next` as a URL and refuse one without their service root's scheme and host.
fn absolute(root: &str, relative: &str) -> String {
    format!("{root}/{relative}")
}

fn typed(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body.into()).into_response()
}
