//! The Service-Manager-style control plane: `/v1/service_offerings`, `/v1/service_plans`,
//! `/v1/service_instances`, `/v1/service_bindings` (btp-auth §6.4 shapes), admin token only.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use cpi_domain::{OFFERING_DESCRIPTION, OFFERING_DISPLAY_NAME, OFFERING_NAME, Plan, Subaccount, format_createdate};
use cpi_store::{InstanceRecord, KeyRecord};

use crate::control::{self, CONTROL_SCOPE, ControlError, OrControl, offering_id, plan_by_id, plan_id};
use crate::http::errors::ControlFailure;
use crate::http::field_query::FieldQuery;
use crate::principal::{AuthFailure, AuthMethod, authenticate};
use crate::state::AppState;

/// The control-plane routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/service_offerings", get(list_offerings))
        .route("/v1/service_plans", get(list_plans))
        .route("/v1/service_instances", get(list_instances).post(create_instance))
        .route("/v1/service_instances/{id}", get(get_instance).patch(update_instance).delete(delete_instance))
        .route("/v1/service_instances/{id}/parameters", get(get_parameters))
        .route("/v1/service_bindings", get(list_bindings).post(create_binding))
        .route("/v1/service_bindings/{id}", get(get_binding).delete(delete_binding))
}

/// A JSON request body read into `T`; malformed or mistyped bodies are answered in Service
/// Manager's error format. An empty body reads as `{}`.
#[derive(Debug)]
pub struct JsonBody<T = Value>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for JsonBody<T> {
    type Rejection = ControlFailure;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(JsonBody(read_json(request, state).await?))
    }
}

/// Reads a JSON request body into `T` (an empty body reads as `{}`); what is wrong with it is a
/// [`ControlError`] (`TooLarge` or `BadRequest`), which each surface answers in its own format.
pub async fn read_json<S: Send + Sync, T: serde::de::DeserializeOwned>(
    request: axum::extract::Request,
    state: &S,
) -> Result<T, ControlError> {
    use axum::extract::FromRequest;
    let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ControlError::TooLarge(e.body_text()),
        _ => ControlError::BadRequest(format!("cannot read the request body: {}", e.body_text())),
    })?;
    let text: &[u8] = if bytes.is_empty() { b"{}" } else { &bytes };
    serde_json::from_slice(text).map_err(|e| {
        let problem = if e.is_data() { "invalid request body" } else { "the request body is not valid JSON" };
        ControlError::BadRequest(format!("{problem}: {e}"))
    })
}

/// A caller holding the zone's control-plane token.
#[derive(Debug)]
pub struct ControlCaller {
    /// The zone it administers.
    pub zone: Subaccount,
}

impl FromRequestParts<AppState> for ControlCaller {
    type Rejection = ControlFailure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let principal = authenticate(state, &parts.headers).await.map_err(|e| match e {
            AuthFailure::Internal(detail) => ControlFailure::Control(ControlError::Internal(anyhow::anyhow!(detail))),
            other => ControlFailure::Unauthorized(other.to_string()),
        })?;
        if principal.method != AuthMethod::Bearer || !principal.scopes.iter().any(|s| s == CONTROL_SCOPE) {
            return Err(ControlFailure::Forbidden(
                "this API needs a token of the subaccount's Service Manager binding (admin-key.json)".into(),
            ));
        }
        Ok(ControlCaller { zone: principal.zone })
    }
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    #[serde(rename = "fieldQuery")]
    field_query: Option<String>,
}

fn page(items: Vec<Value>, query: &ListQuery) -> Result<Response, ControlFailure> {
    let filter = FieldQuery::parse(query.field_query.as_deref().unwrap_or("")).map_err(ControlError::BadRequest)?;
    let items: Vec<Value> = items.into_iter().filter(|i| filter.matches(i)).collect();
    Ok(Json(json!({ "num_items": items.len(), "items": items })).into_response())
}

fn ts(at: time::OffsetDateTime) -> String {
    format_createdate(at)
}

fn offering_json(zone: &Subaccount) -> Value {
    json!({
        "id": offering_id(), "name": OFFERING_NAME, "catalog_id": OFFERING_NAME, "catalog_name": OFFERING_NAME,
        "description": OFFERING_DESCRIPTION, "bindable": true, "instances_retrievable": true, "bindings_retrievable": true,
        "plan_updateable": false, "allow_context_updates": false, "ready": true,
        "metadata": {"displayName": OFFERING_DISPLAY_NAME}, "created_at": ts(zone.created_at), "updated_at": ts(zone.created_at),
    })
}

fn plan_json(zone: &Subaccount, plan: Plan) -> Value {
    json!({
        "id": plan_id(plan), "name": plan.name(), "catalog_id": plan.name(), "catalog_name": plan.name(),
        "description": plan.description(), "service_offering_id": offering_id(), "free": true, "bindable": true,
        "ready": true, "metadata": {"displayName": plan.name()}, "created_at": ts(zone.created_at), "updated_at": ts(zone.created_at),
    })
}

async fn list_offerings(caller: ControlCaller, Query(q): Query<ListQuery>) -> Result<Response, ControlFailure> {
    page(vec![offering_json(&caller.zone)], &q)
}

async fn list_plans(caller: ControlCaller, Query(q): Query<ListQuery>) -> Result<Response, ControlFailure> {
    page(Plan::ALL.iter().map(|p| plan_json(&caller.zone, *p)).collect(), &q)
}

fn instance_json(zone: &Subaccount, instance: &InstanceRecord) -> Value {
    json!({
        "id": instance.id, "name": instance.name, "service_plan_id": plan_id(instance.plan), "platform_id": "service-manager",
        "context": {"platform": "sapcp", "subaccount_id": zone.id, "subdomain": zone.subdomain, "instance_name": instance.name,
                    "service_offering_name": OFFERING_NAME, "service_plan_name": instance.plan.name()},
        "dashboard_url": null, "labels": {}, "created_at": ts(instance.created_at), "updated_at": ts(instance.updated_at),
        "ready": true, "usable": true,
        "last_operation": {"type": "create", "state": "succeeded", "resource_id": instance.id, "resource_type": "/v1/service_instances",
                           "created_at": ts(instance.created_at), "updated_at": ts(instance.updated_at), "ready": true},
    })
}

async fn load_instance(state: &AppState, zone: &Subaccount, id: &str) -> Result<InstanceRecord, ControlFailure> {
    let id = parse_id(id, "service instance")?;
    Ok(state.store.get_instance(zone.id, id).await.or_control("service instance")?)
}

fn parse_id(id: &str, what: &str) -> Result<Uuid, ControlFailure> {
    Uuid::parse_str(id).map_err(|_| ControlError::NotFound(format!("{what} not found")).into())
}

async fn list_instances(
    State(state): State<AppState>,
    caller: ControlCaller,
    Query(q): Query<ListQuery>,
) -> Result<Response, ControlFailure> {
    let instances = state.store.list_instances(caller.zone.id).await.or_control("service instance")?;
    page(instances.iter().map(|i| instance_json(&caller.zone, i)).collect(), &q)
}

#[derive(Debug, Deserialize)]
struct CreateInstance {
    name: String,
    service_plan_id: String,
    #[serde(default)]
    parameters: Option<Value>,
}

async fn create_instance(
    State(state): State<AppState>,
    caller: ControlCaller,
    JsonBody(request): JsonBody<CreateInstance>,
) -> Result<Response, ControlFailure> {
    let plan = plan_by_id(&request.service_plan_id).ok_or_else(|| {
        ControlError::BadRequest(format!("service plan '{}' does not exist", request.service_plan_id))
    })?;
    let instance =
        control::create_instance(&state, &caller.zone, &request.name, plan, request.parameters.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(instance_json(&caller.zone, &instance))).into_response())
}

async fn get_instance(
    State(state): State<AppState>,
    caller: ControlCaller,
    Path(id): Path<String>,
) -> Result<Response, ControlFailure> {
    let instance = load_instance(&state, &caller.zone, &id).await?;
    Ok(Json(instance_json(&caller.zone, &instance)).into_response())
}

async fn get_parameters(
    State(state): State<AppState>,
    caller: ControlCaller,
    Path(id): Path<String>,
) -> Result<Response, ControlFailure> {
    let instance = load_instance(&state, &caller.zone, &id).await?;
    Ok(Json(instance.parameters.to_json()).into_response())
}

async fn update_instance(
    State(state): State<AppState>,
    caller: ControlCaller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Response, ControlFailure> {
    let id = parse_id(&id, "service instance")?;
    if body.get("name").is_some() || body.get("service_plan_id").is_some() {
        return Err(ControlError::BadRequest(
            "only 'parameters' can be updated (plan updates are not supported by it-rt)".into(),
        )
        .into());
    }
    let instance = control::update_instance(&state, &caller.zone, id, body.get("parameters")).await?;
    Ok(Json(instance_json(&caller.zone, &instance)).into_response())
}

async fn delete_instance(
    State(state): State<AppState>,
    caller: ControlCaller,
    Path(id): Path<String>,
) -> Result<Response, ControlFailure> {
    let id = parse_id(&id, "service instance")?;
    control::delete_instance(&state, &caller.zone, id).await?;
    Ok(Json(json!({})).into_response())
}

fn binding_json(state: &AppState, zone: &Subaccount, instance: &InstanceRecord, key: &KeyRecord) -> Value {
    json!({
        "id": key.id, "name": key.name, "service_instance_id": instance.id,
        "context": {"platform": "sapcp", "subaccount_id": zone.id, "subdomain": zone.subdomain, "instance_name": instance.name},
        "credentials": control::key_credentials(state, instance, key),
        "labels": {}, "created_at": ts(key.created_at), "updated_at": ts(key.created_at), "ready": true,
    })
}

async fn list_bindings(
    State(state): State<AppState>,
    caller: ControlCaller,
    Query(q): Query<ListQuery>,
) -> Result<Response, ControlFailure> {
    let zone = &caller.zone;
    let instances = state.store.list_instances(zone.id).await.or_control("service instance")?;
    let keys = state.store.list_keys(zone.id, None).await.or_control("service binding")?;
    let items = keys
        .iter()
        .filter_map(|k| instances.iter().find(|i| i.id == k.instance_id).map(|i| binding_json(&state, zone, i, k)))
        .collect();
    page(items, &q)
}

#[derive(Debug, Deserialize)]
struct CreateBinding {
    name: String,
    service_instance_id: String,
    #[serde(default)]
    parameters: Option<Value>,
}

async fn create_binding(
    State(state): State<AppState>,
    caller: ControlCaller,
    JsonBody(request): JsonBody<CreateBinding>,
) -> Result<Response, ControlFailure> {
    let instance_id = parse_id(&request.service_instance_id, "service instance")?;
    let (key, instance) =
        control::create_key(&state, &caller.zone, instance_id, &request.name, request.parameters.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(binding_json(&state, &caller.zone, &instance, &key))).into_response())
}

async fn get_binding(
    State(state): State<AppState>,
    caller: ControlCaller,
    Path(id): Path<String>,
) -> Result<Response, ControlFailure> {
    let id = parse_id(&id, "service binding")?;
    let key = state.store.get_key(caller.zone.id, id).await.or_control("service binding")?;
    let instance = state.store.get_instance(caller.zone.id, key.instance_id).await.or_control("service instance")?;
    Ok(Json(binding_json(&state, &caller.zone, &instance, &key)).into_response())
}

async fn delete_binding(
    State(state): State<AppState>,
    caller: ControlCaller,
    Path(id): Path<String>,
) -> Result<Response, ControlFailure> {
    let id = parse_id(&id, "service binding")?;
    control::delete_key(&state, &caller.zone, id).await?;
    Ok(Json(json!({})).into_response())
}
