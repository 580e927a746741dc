//! cpi's own control-plane extensions beside the Service Manager API: users of the
//! subaccount's identity provider and signing-key rotation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use cpi_domain::format_createdate;
use cpi_store::UserRecord;

use crate::control::{ControlError, OrControl};
use crate::http::control_api::{ControlCaller, JsonBody};
use crate::http::errors::ControlFailure;
use crate::keyring;
use crate::state::AppState;
use crate::users::{self, NewUser};

/// Longest token lifetime (the highest `token-validity`) plus leeway: how long a retired
/// signing key stays published.
pub const RETIRED_KEY_GRACE: time::Duration = time::Duration::seconds(86_400 + 60);

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/users", get(list_users).post(create_user))
        .route("/v1/users/{id}", patch(update_user).delete(delete_user))
        .route("/v1/signing_keys", get(list_signing_keys).post(rotate_signing_key))
}

fn user_json(user: &UserRecord) -> Value {
    let collections: Vec<&str> = user.role_collections.iter().map(|c| c.name()).collect();
    json!({"id": user.id, "username": user.username, "email": user.email, "role_collections": collections,
           "created_at": format_createdate(user.created_at)})
}

async fn list_users(State(state): State<AppState>, caller: ControlCaller) -> Result<Response, ControlFailure> {
    let users = state.store.list_users(caller.zone.id).await.or_control("user")?;
    let items: Vec<Value> = users.iter().map(user_json).collect();
    Ok(Json(json!({"num_items": items.len(), "items": items})).into_response())
}

#[derive(Deserialize)]
struct CreateUser {
    username: String,
    #[serde(default)]
    email: Option<String>,
    password: String,
    #[serde(default)]
    role_collections: Vec<String>,
}

async fn create_user(
    State(state): State<AppState>,
    caller: ControlCaller,
    JsonBody(request): JsonBody<CreateUser>,
) -> Result<Response, ControlFailure> {
    let new = NewUser {
        username: request.username,
        email: request.email,
        password: request.password,
        role_collections: request.role_collections,
    };
    let user = users::create_user(&state, caller.zone.id, new).await?;
    Ok((StatusCode::CREATED, Json(user_json(&user))).into_response())
}

#[derive(Deserialize)]
struct UpdateUser {
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    role_collections: Option<Vec<String>>,
}

async fn update_user(
    State(state): State<AppState>,
    caller: ControlCaller,
    Path(id): Path<Uuid>,
    JsonBody(request): JsonBody<UpdateUser>,
) -> Result<Response, ControlFailure> {
    let collections = request.role_collections.as_deref();
    let user = users::update_user(&state, caller.zone.id, id, request.password, collections).await?;
    Ok(Json(user_json(&user)).into_response())
}

async fn delete_user(
    State(state): State<AppState>,
    caller: ControlCaller,
    Path(id): Path<Uuid>,
) -> Result<Response, ControlFailure> {
    state.store.delete_user(caller.zone.id, id).await.or_control("user")?;
    Ok(Json(json!({})).into_response())
}

async fn list_signing_keys(State(state): State<AppState>, caller: ControlCaller) -> Result<Response, ControlFailure> {
    let keys = state.store.list_signing_keys(caller.zone.id).await.or_control("signing key")?;
    let items: Vec<Value> = keys
        .iter()
        .map(|k| {
            json!({"kid": k.kid, "created_at": format_createdate(k.created_at),
                        "retired_at": k.retired_at.map(format_createdate), "active": k.retired_at.is_none()})
        })
        .collect();
    Ok(Json(json!({"num_items": items.len(), "items": items})).into_response())
}

async fn rotate_signing_key(State(state): State<AppState>, caller: ControlCaller) -> Result<Response, ControlFailure> {
    let zone = caller.zone.id;
    let now = state.clock.now();
    let record = keyring::rotate(state.store.as_ref(), state.random.as_ref(), zone, now, RETIRED_KEY_GRACE)
        .await
        .map_err(ControlError::Internal)?;
    state.keys.load(state.store.as_ref(), zone).await.map_err(ControlError::Internal)?;
    tracing::info!(kid = %record.kid, "signing key rotated");
    Ok((StatusCode::CREATED, Json(json!({"kid": record.kid, "created_at": format_createdate(record.created_at)})))
        .into_response())
}
