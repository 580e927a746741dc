//! Service keys in the instance pane: create (name, key type), show the key's JSON with copy and
//! download, delete with confirmation. Keys show the same secret every time (it is derived, not
//! stored), as the BTP cockpit shows a key again.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use cpi_store::{InstanceRecord, KeyRecord};

use crate::cockpit::failure::{CockpitFailure, control_status, render};
use crate::cockpit::instances::{ConfirmPage, pane};
use crate::cockpit::pages::{Chrome, Nothing, Section, see_other};
use crate::cockpit::session::{Posted, SignedIn};
use crate::control::{self, ControlError, OrControl};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct CreateKeyForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    key_type: String,
}

/// `POST /cockpit/instances/{id}/keys`.
pub(crate) async fn create(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    posted: Posted<CreateKeyForm>,
) -> Result<Response, CockpitFailure> {
    let Posted { session, form } = posted;
    let parameters = match form.key_type.as_str() {
        "" | "clientsecret" => None,
        other => Some(json!({"key-type": other})),
    };
    match control::create_key(&state, &session.zone, id, form.name.trim(), parameters.as_ref()).await {
        Ok((key, _)) => Ok(see_other(&format!("/cockpit/instances/{id}/keys/{}?notice=key-created", key.id))),
        Err(e @ (ControlError::Internal(_) | ControlError::NotFound(_))) => Err(e.into()),
        Err(e) => {
            let (status, message) = control_status(&e);
            pane(&state, &session, id, None, Some((form.name, message, status))).await
        }
    }
}

async fn load(
    state: &AppState,
    session: &SignedIn,
    id: Uuid,
    key_id: Uuid,
) -> Result<(InstanceRecord, KeyRecord), CockpitFailure> {
    let instance = state.store.get_instance(session.zone.id, id).await.or_control("service instance")?;
    let key = state.store.get_key(session.zone.id, key_id).await.or_control("service key")?;
    if key.instance_id != instance.id {
        return Err(ControlError::NotFound("service key not found".into()).into());
    }
    Ok((instance, key))
}

fn key_json(state: &AppState, instance: &InstanceRecord, key: &KeyRecord) -> Result<String, CockpitFailure> {
    let credentials = control::key_credentials(state, instance, key);
    serde_json::to_string_pretty(&credentials).map_err(CockpitFailure::internal)
}

#[derive(Template)]
#[template(path = "cockpit/key.html")]
struct KeyPage {
    chrome: Chrome,
    instance: InstanceRecord,
    key: KeyRecord,
    json: String,
    file_name: String,
}

fn file_name(instance: &InstanceRecord, key: &KeyRecord) -> String {
    format!("{}-{}.json", instance.name, key.name)
}

/// `GET /cockpit/instances/{id}/keys/{key}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, key_id)): Path<(Uuid, Uuid)>,
    axum::extract::Query(query): axum::extract::Query<crate::cockpit::pages::NoticeQuery>,
) -> Result<Response, CockpitFailure> {
    let (instance, key) = load(&state, &session, id, key_id).await?;
    let json = key_json(&state, &instance, &key)?;
    let chrome = Chrome::new(&session, Section::Instances, format!("Service key {}", key.name))
        .with_notice(query.notice.as_deref());
    let page = KeyPage { chrome, file_name: file_name(&instance, &key), instance, key, json };
    let mut response = render(StatusCode::OK, &page);
    response.headers_mut().insert(CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /cockpit/instances/{id}/keys/{key}/download`: the key as a JSON file.
pub(crate) async fn download(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, key_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, CockpitFailure> {
    let (instance, key) = load(&state, &session, id, key_id).await?;
    let json = key_json(&state, &instance, &key)?;
    let disposition = format!("attachment; filename=\"{}\"", file_name(&instance, &key));
    Ok((
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        json,
    )
        .into_response())
}

/// `GET /cockpit/instances/{id}/keys/{key}/delete`.
pub(crate) async fn confirm_delete(
    State(state): State<AppState>,
    session: SignedIn,
    Path((id, key_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, CockpitFailure> {
    let (instance, key) = load(&state, &session, id, key_id).await?;
    let page = ConfirmPage {
        chrome: Chrome::new(&session, Section::Instances, format!("Delete {}", key.name)),
        question: format!("Delete the service key {} of {}?", key.name, instance.name),
        consequence: "Clients using its secret can no longer get tokens. This cannot be undone.".into(),
        action: format!("/cockpit/instances/{id}/keys/{key_id}/delete"),
        button: "Delete key".into(),
        cancel: format!("/cockpit/instances/{id}"),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /cockpit/instances/{id}/keys/{key}/delete`.
pub(crate) async fn delete(
    State(state): State<AppState>,
    Path((id, key_id)): Path<(Uuid, Uuid)>,
    posted: Posted<Nothing>,
) -> Result<Response, CockpitFailure> {
    load(&state, &posted.session, id, key_id).await?;
    control::delete_key(&state, &posted.session.zone, key_id).await?;
    Ok(see_other(&format!("/cockpit/instances/{id}?notice=key-deleted")))
}
