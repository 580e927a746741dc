//! Binding, fetching and unbinding service keys (synchronous; see the parent module).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{BrokerCaller, BrokerQuery, OsbJson, platform_name, requested_plan, uuid_or_bad_request};
use crate::broker::{self, BrokerError, Outcome};
use crate::control::ControlError;
use crate::http::errors::BrokerFailure;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct BindRequest {
    service_id: Option<String>,
    plan_id: Option<String>,
    context: Option<Value>,
    parameters: Option<Value>,
    name: Option<String>,
}

pub(super) async fn bind(
    State(state): State<AppState>,
    caller: BrokerCaller,
    Path((instance_id, binding_id)): Path<(String, String)>,
    OsbJson(request): OsbJson<BindRequest>,
) -> Result<Response, BrokerFailure> {
    let instance_id = uuid_or_bad_request(&instance_id, "instance_id")?;
    let binding_id = uuid_or_bad_request(&binding_id, "binding_id")?;
    requested_plan(request.service_id.as_deref(), request.plan_id.as_deref())?;
    let name = platform_name(request.context.as_ref(), "binding_name", request.name.as_deref());
    let outcome =
        broker::bind(&state, &caller.zone, instance_id, binding_id, name, request.parameters.as_ref()).await?;
    let (status, credentials) = match outcome {
        Outcome::Created(credentials) => (StatusCode::CREATED, credentials),
        Outcome::Existing(credentials) => (StatusCode::OK, credentials),
    };
    Ok((status, Json(json!({"credentials": credentials}))).into_response())
}

pub(super) async fn fetch(
    State(state): State<AppState>,
    caller: BrokerCaller,
    Path((instance_id, binding_id)): Path<(String, String)>,
) -> Result<Response, BrokerFailure> {
    let not_found = || BrokerFailure::from(ControlError::NotFound("service binding not found".into()));
    let instance_id = Uuid::parse_str(&instance_id).map_err(|_| not_found())?;
    let binding_id = Uuid::parse_str(&binding_id).map_err(|_| not_found())?;
    let credentials = broker::binding(&state, &caller.zone, instance_id, binding_id).await?;
    Ok(Json(json!({"credentials": credentials})).into_response())
}

pub(super) async fn unbind(
    State(state): State<AppState>,
    caller: BrokerCaller,
    Path((instance_id, binding_id)): Path<(String, String)>,
    query: BrokerQuery,
) -> Result<Response, BrokerFailure> {
    requested_plan(query.service_id.as_deref(), query.plan_id.as_deref())?;
    let (Ok(instance_id), Ok(binding_id)) = (Uuid::parse_str(&instance_id), Uuid::parse_str(&binding_id)) else {
        return Err(BrokerError::Gone.into());
    };
    broker::unbind(&state, &caller.zone, instance_id, binding_id).await?;
    Ok(Json(json!({})).into_response())
}
