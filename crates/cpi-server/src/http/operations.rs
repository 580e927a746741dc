//! The Web UI's operations command that sets a deployed flow's log level, as CPI Helper and
//! cpictl call it (there is no OData API for it): `POST /Operations/com.sap.it.op.tmn.commands
//! .dashboard.webui.IntegrationComponentSetMplLogLevelCommand` (also under `/itspaces`) with
//! `{"artifactSymbolicName":"<id>","mplLogLevel":"TRACE","nodeType":"IFLMAP"}`. TRACE falls back
//! to INFO after 10 minutes, as on a real tenant. Needs TraceConfigurationEdit.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Router, middleware};
use serde::Deserialize;

use cpi_domain::monitoring::{MplLogLevel, RuntimeLogLevel};

use super::authz::{Authorized, TraceConfigurationEdit, csrf};
use super::errors::TenantError;
use crate::principal::authenticate;
use crate::state::AppState;

/// The command's path below `/Operations/`.
pub const SET_LOG_LEVEL_COMMAND: &str =
    "com.sap.it.op.tmn.commands.dashboard.webui.IntegrationComponentSetMplLogLevelCommand";
/// Largest command body.
const COMMAND_BODY_LIMIT: usize = 16 * 1024;

/// The operations routes (behind the tenant's CSRF check).
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route(&format!("/Operations/{SET_LOG_LEVEL_COMMAND}"), post(set_log_level))
        .route(&format!("/itspaces/Operations/{SET_LOG_LEVEL_COMMAND}"), post(set_log_level))
        .layer(middleware::from_fn_with_state(state, csrf))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SetLogLevel {
    artifact_symbolic_name: String,
    mpl_log_level: String,
}

async fn set_log_level(State(state): State<AppState>, request: Request) -> Response {
    match run_set_log_level(&state, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn run_set_log_level(state: &AppState, request: Request) -> Result<Response, TenantError> {
    let principal = authenticate(state, request.headers()).await?;
    let auth = Authorized::<TraceConfigurationEdit>::check(principal)?;
    let body = axum::body::to_bytes(request.into_body(), COMMAND_BODY_LIMIT)
        .await
        .map_err(|_| TenantError::bad_request("The command body is too large."))?;
    let command: SetLogLevel = serde_json::from_slice(&body)
        .map_err(|e| TenantError::bad_request(format!("The command body is not valid: {e}")))?;
    let level = MplLogLevel::parse(&command.mpl_log_level).ok_or_else(|| {
        TenantError::bad_request(format!(
            "Log level '{}' is not valid; use one of NONE, INFO, DEBUG, TRACE.",
            command.mpl_log_level
        ))
    })?;
    let zone = auth.principal.zone.id;
    let id = command.artifact_symbolic_name.trim();
    let setting = RuntimeLogLevel::for_request(level, state.clock.now());
    state.store.set_runtime_log_level(zone, id, &setting).await.map_err(|e| {
        TenantError::from_store(e, || format!("Integration runtime artifact '{id}' is not deployed."), String::new)
    })?;
    state.runtime.registry.set_log_level(zone, id, setting);
    tracing::info!(flow = %id, level = level.as_str(), "log level set");
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], "{}").into_response())
}
