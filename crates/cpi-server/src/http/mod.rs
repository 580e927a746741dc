//! The HTTP surface: one router assembled from the token service, the control plane, the tenant
//! API and health, with request tracing that never records query strings or headers, and the
//! access log (query strings with credentials redacted, no other headers than the user agent).

pub mod admin_api;
pub mod authz;
pub mod broker;
pub mod control_api;
pub mod errors;
pub mod field_query;
pub mod oauth;
pub mod operations;
pub mod tenant;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::state::AppState;

/// Largest body of control-plane requests.
const CONTROL_BODY_LIMIT: usize = 256 * 1024;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request| {
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        })
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::DEBUG));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(oauth::routes())
        .merge(
            control_api::routes()
                .merge(admin_api::routes())
                .merge(broker::routes())
                .layer(axum::extract::DefaultBodyLimit::max(CONTROL_BODY_LIMIT)),
        )
        .merge(crate::cockpit::routes())
        .merge(tenant::routes(state.clone()))
        .merge(operations::routes(state.clone()))
        .merge(crate::runtime::inbound::routes())
        .fallback(not_found)
        .layer(trace)
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::logs::access_log))
        .with_state(state)
}

async fn healthz() -> impl IntoResponse {
    axum::Json(serde_json::json!({"status": "UP"}))
}

async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, axum::Json(serde_json::json!({"error": "NotFound", "description": "no such resource"})))
}
