//! The Open Service Broker API (v2.13–v2.17) at `/v2`, so Cloud Foundry, the Kubernetes service
//! operator or a Service Manager can provision `it-rt` instances and bind keys. Thin handlers over
//! [`crate::broker`]; errors go through [`BrokerFailure`]. The catalog's parameter schemas come
//! from `cpi_domain::schema`, generated from the rules that validate the parameters.
//!
//! - Every request needs the broker's Basic credentials (`cpi-broker` and a password derived from
//!   the credential key, written to `broker.json`; 401 otherwise), then `X-Broker-API-Version`
//!   2.13 to 2.17 (412 otherwise, also when it is missing). `X-Broker-API-Request-Identity` is
//!   echoed on the response.
//! - Instances are asynchronous only, as SAP's broker is: `PUT`, `PATCH` and `DELETE` without
//!   `accepts_incomplete=true` answer 422 `AsyncRequired`. With it, everything is validated
//!   first (400: unknown `service_id`/`plan_id`, an `instance_id` that is not a UUID, bad
//!   parameters with the domain's message), then the work is done in the request and answered
//!   202 `{"operation":"<provision|update|deprovision>:<token>"}`; `last_operation` then says
//!   `succeeded`, or 410 once a deprovisioned instance is gone. A repeated identical provision
//!   answers 200 `{}`, a provision of an existing id with another plan or other parameters 409.
//!   Unknown instances: `PATCH` and `GET` 404, `DELETE` 410. A plan change is 422
//!   `PlanChangeNotSupported` (`plan_updateable` is false; the spec's answer to unsupported
//!   changes).
//! - Bindings are synchronous (`accepts_incomplete` is ignored, as the spec allows): a new one
//!   answers 201 `{"credentials":{"oauth":{…}}}` (the key's SAP layout), the same id for the same
//!   instance 200 with the same credentials, the same id for another instance 409, an unknown
//!   instance 404. Unbinding answers 200 `{}`, or 410 when there is no such binding.
//! - Names: the instance is named after `context.instance_name` (or a top-level `name`), the key
//!   after `context.binding_name` (or `name`), when valid and free; else `osb-<8 hex of the id>`.

mod bindings;

use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use cpi_domain::schema::{SchemaUse, instance_parameters_schema, key_parameters_schema};
use cpi_domain::{OFFERING_DESCRIPTION, OFFERING_DISPLAY_NAME, OFFERING_NAME, Plan, Subaccount};

use crate::broker::{self, OperationKind, Outcome};
use crate::control::{ControlError, OrControl, offering_id, plan_by_id, plan_id};
use crate::http::errors::BrokerFailure;
use crate::state::AppState;

/// The header naming the OSB API version a platform speaks.
const API_VERSION: HeaderName = HeaderName::from_static("x-broker-api-version");
/// The header a platform may identify its request with (echoed).
const REQUEST_IDENTITY: HeaderName = HeaderName::from_static("x-broker-api-request-identity");
/// The OSB versions served: 2.13 to 2.17.
const SUPPORTED_MINORS: std::ops::RangeInclusive<u32> = 13..=17;

/// The broker's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/catalog", get(catalog))
        .route("/v2/service_instances/{id}", put(provision).patch(update).delete(deprovision).get(fetch_instance))
        .route("/v2/service_instances/{id}/last_operation", get(last_operation))
        .route(
            "/v2/service_instances/{id}/service_bindings/{binding}",
            put(bindings::bind).get(bindings::fetch).delete(bindings::unbind),
        )
        .layer(axum::middleware::from_fn(echo_request_identity))
}

async fn echo_request_identity(request: Request, next: Next) -> Response {
    let identity = request.headers().get(&REQUEST_IDENTITY).cloned();
    let mut response = next.run(request).await;
    if let Some(identity) = identity {
        response.headers_mut().insert(REQUEST_IDENTITY, identity);
    }
    response
}

/// A platform holding the broker's credentials and speaking a supported version.
#[derive(Debug)]
pub struct BrokerCaller {
    /// The subaccount the broker provisions into.
    pub zone: Subaccount,
}

impl FromRequestParts<AppState> for BrokerCaller {
    type Rejection = BrokerFailure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let presented =
            parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(cpi_xsuaa::parse_basic);
        let Some(credentials) = presented else { return Err(BrokerFailure::Unauthorized) };
        // Wrong passwords are throttled like client secrets at the token endpoint (per user name).
        let throttle_key = format!("osb-broker:{}", credentials.client_id);
        let now = state.clock.now();
        let mut throttle = state.throttle.lock().unwrap_or_else(|e| e.into_inner());
        throttle.check(&throttle_key, now).map_err(BrokerFailure::Throttled)?;
        if !broker::credentials_match(&state.credential_key, &credentials.client_id, &credentials.client_secret) {
            throttle.record_failure(&throttle_key, now);
            return Err(BrokerFailure::Unauthorized);
        }
        throttle.record_success(&throttle_key);
        drop(throttle);
        check_version(parts.headers.get(&API_VERSION).and_then(|v| v.to_str().ok()))
            .map_err(BrokerFailure::PreconditionFailed)?;
        Ok(BrokerCaller { zone: state.default_zone.clone() })
    }
}

/// Accepts `2.13` to `2.17`; the message says which versions are served.
fn check_version(header: Option<&str>) -> Result<(), String> {
    let supported = "this broker supports Open Service Broker API versions 2.13 to 2.17";
    let Some(version) = header.map(str::trim) else {
        return Err(format!("the X-Broker-API-Version header is missing; {supported}"));
    };
    let minor = version.strip_prefix("2.").and_then(|m| m.parse::<u32>().ok());
    match minor {
        Some(minor) if SUPPORTED_MINORS.contains(&minor) => Ok(()),
        _ => Err(format!("X-Broker-API-Version {version} is not supported; {supported}")),
    }
}

/// The query parameters the broker reads (the last occurrence counts; others are ignored).
#[derive(Debug, Default)]
pub struct BrokerQuery {
    accepts_incomplete: bool,
    service_id: Option<String>,
    plan_id: Option<String>,
    operation: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for BrokerQuery {
    type Rejection = BrokerFailure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
            .map_err(|e| ControlError::BadRequest(format!("malformed query string: {e}")))?;
        let mut query = BrokerQuery::default();
        for (name, value) in pairs {
            match name.as_str() {
                "accepts_incomplete" => query.accepts_incomplete = value.eq_ignore_ascii_case("true"),
                "service_id" => query.service_id = Some(value),
                "plan_id" => query.plan_id = Some(value),
                "operation" => query.operation = Some(value),
                _ => {}
            }
        }
        Ok(query)
    }
}

/// A JSON body, its problems answered as OSB errors (400, 413).
#[derive(Debug)]
pub struct OsbJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for OsbJson<T> {
    type Rejection = BrokerFailure;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(OsbJson(crate::http::control_api::read_json(request, state).await?))
    }
}

/// The plan of a request's `service_id` and `plan_id` (both required, both from the catalog).
fn requested_plan(service_id: Option<&str>, plan_id: Option<&str>) -> Result<Plan, BrokerFailure> {
    check_service(service_id)?;
    let plan_id = plan_id.ok_or_else(|| ControlError::BadRequest("plan_id is required".into()))?;
    known_plan(plan_id)
}

/// `service_id` is required and must be the offering's.
fn check_service(service_id: Option<&str>) -> Result<(), BrokerFailure> {
    let text = match service_id {
        None => "service_id is required".to_owned(),
        Some(id) if id == offering_id().to_string() => return Ok(()),
        Some(id) => format!("unknown service_id '{id}'; this broker offers {OFFERING_NAME} ({})", offering_id()),
    };
    Err(ControlError::BadRequest(text).into())
}

fn known_plan(plan_id: &str) -> Result<Plan, BrokerFailure> {
    plan_by_id(plan_id)
        .ok_or_else(|| ControlError::BadRequest(format!("unknown plan_id '{plan_id}' of {OFFERING_NAME}")).into())
}

/// A path id that must be a UUID (ids of instances and bindings made here are UUIDs).
fn uuid_or_bad_request(id: &str, what: &str) -> Result<Uuid, BrokerFailure> {
    Uuid::parse_str(id).map_err(|_| ControlError::BadRequest(format!("{what} '{id}' is not a UUID")).into())
}

/// A name a platform passes in `context.<field>` or at the top level as `name`.
fn platform_name<'a>(context: Option<&'a Value>, field: &str, top_level: Option<&'a str>) -> Option<&'a str> {
    context.and_then(|c| c.get(field)).and_then(Value::as_str).or(top_level)
}

async fn catalog(_caller: BrokerCaller) -> Json<Value> {
    Json(json!({"services": [{
        "name": OFFERING_NAME, "id": offering_id(), "description": OFFERING_DESCRIPTION,
        "bindable": true, "instances_retrievable": true, "bindings_retrievable": true,
        "allow_context_updates": false, "plan_updateable": false,
        "metadata": {"displayName": OFFERING_DISPLAY_NAME, "longDescription": OFFERING_DESCRIPTION},
        "plans": Plan::ALL.map(plan_json),
    }]}))
}

fn plan_json(plan: Plan) -> Value {
    json!({
        "id": plan_id(plan), "name": plan.name(), "description": plan.description(),
        "free": true, "bindable": true, "plan_updateable": false, "metadata": {"displayName": plan.name()},
        "schemas": {
            "service_instance": {
                "create": {"parameters": instance_parameters_schema(plan, SchemaUse::Create)},
                "update": {"parameters": instance_parameters_schema(plan, SchemaUse::Update)},
            },
            "service_binding": {"create": {"parameters": key_parameters_schema()}},
        },
    })
}

#[derive(Debug, Deserialize)]
struct ProvisionRequest {
    service_id: Option<String>,
    plan_id: Option<String>,
    context: Option<Value>,
    parameters: Option<Value>,
    name: Option<String>,
}

fn accepted(kind: OperationKind, state: &AppState) -> Response {
    (StatusCode::ACCEPTED, Json(json!({"operation": kind.new_operation(state)}))).into_response()
}

async fn provision(
    State(state): State<AppState>,
    caller: BrokerCaller,
    Path(id): Path<String>,
    query: BrokerQuery,
    OsbJson(request): OsbJson<ProvisionRequest>,
) -> Result<Response, BrokerFailure> {
    if !query.accepts_incomplete {
        return Err(BrokerFailure::AsyncRequired);
    }
    let id = uuid_or_bad_request(&id, "instance_id")?;
    let plan = requested_plan(request.service_id.as_deref(), request.plan_id.as_deref())?;
    let name = platform_name(request.context.as_ref(), "instance_name", request.name.as_deref());
    match broker::provision(&state, &caller.zone, id, plan, name, request.parameters.as_ref()).await? {
        Outcome::Created(_) => Ok(accepted(OperationKind::Provision, &state)),
        Outcome::Existing(_) => Ok(Json(json!({})).into_response()),
    }
}

#[derive(Debug, Deserialize)]
struct UpdateRequest {
    service_id: Option<String>,
    plan_id: Option<String>,
    parameters: Option<Value>,
}

async fn update(
    State(state): State<AppState>,
    caller: BrokerCaller,
    Path(id): Path<String>,
    query: BrokerQuery,
    OsbJson(request): OsbJson<UpdateRequest>,
) -> Result<Response, BrokerFailure> {
    if !query.accepts_incomplete {
        return Err(BrokerFailure::AsyncRequired);
    }
    let id = Uuid::parse_str(&id).map_err(|_| ControlError::NotFound("service instance not found".into()))?;
    check_service(request.service_id.as_deref())?;
    let plan = request.plan_id.as_deref().map(known_plan).transpose()?;
    broker::update(&state, &caller.zone, id, plan, request.parameters.as_ref()).await?;
    Ok(accepted(OperationKind::Update, &state))
}

async fn deprovision(
    State(state): State<AppState>,
    caller: BrokerCaller,
    Path(id): Path<String>,
    query: BrokerQuery,
) -> Result<Response, BrokerFailure> {
    if !query.accepts_incomplete {
        return Err(BrokerFailure::AsyncRequired);
    }
    requested_plan(query.service_id.as_deref(), query.plan_id.as_deref())?;
    let id = Uuid::parse_str(&id).map_err(|_| broker::BrokerError::Gone)?;
    broker::deprovision(&state, &caller.zone, id).await?;
    Ok(accepted(OperationKind::Deprovision, &state))
}

async fn fetch_instance(
    State(state): State<AppState>,
    caller: BrokerCaller,
    Path(id): Path<String>,
) -> Result<Response, BrokerFailure> {
    let id = Uuid::parse_str(&id).map_err(|_| ControlError::NotFound("service instance not found".into()))?;
    let instance = state.store.get_instance(caller.zone.id, id).await.or_control("service instance")?;
    let body = json!({
        "service_id": offering_id(), "plan_id": plan_id(instance.plan), "parameters": instance.parameters.to_json(),
    });
    Ok(Json(body).into_response())
}

async fn last_operation(
    State(state): State<AppState>,
    caller: BrokerCaller,
    Path(id): Path<String>,
    query: BrokerQuery,
) -> Result<Response, BrokerFailure> {
    let kind = match query.operation.as_deref() {
        None => None,
        Some(operation) => Some(OperationKind::of_operation(operation).ok_or_else(|| {
            ControlError::BadRequest(format!("unknown operation '{operation}' (this broker did not hand it out)"))
        })?),
    };
    let Ok(id) = Uuid::parse_str(&id) else {
        return Err(broker::BrokerError::Gone.into());
    };
    let outcome = broker::last_operation(&state, &caller.zone, id, kind).await?;
    Ok(Json(json!({"state": outcome.state, "description": outcome.description})).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_2_13_to_2_17_are_served() {
        for ok in ["2.13", "2.14", "2.17", " 2.15 "] {
            assert!(check_version(Some(ok)).is_ok(), "{ok}");
        }
        for bad in ["2.12", "2.18", "3.13", "2", "2.x", ""] {
            let message = check_version(Some(bad)).unwrap_err();
            assert!(message.contains("2.13 to 2.17"), "{message}");
        }
        assert!(check_version(None).unwrap_err().contains("missing"));
    }
}
