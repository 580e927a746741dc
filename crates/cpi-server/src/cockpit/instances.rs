//! Instances and Subscriptions: the table with search, the create wizard, the instance pane,
//! update (the same parameter editor as the wizard) and delete with confirmation.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use cpi_domain::{OFFERING_DISPLAY_NAME, Plan, format_createdate};
use cpi_store::{InstanceRecord, KeyRecord};

use crate::cockpit::catalog::{RoleChoice, editor_data, grant_label, role_choices};
use crate::cockpit::failure::{CockpitFailure, control_status, render};
use crate::cockpit::pages::{Chrome, NoticeQuery, Section, see_other};
use crate::cockpit::session::{Posted, SignedIn};
use crate::control::{self, ControlError, OrControl};
use crate::state::AppState;

/// One row of the instances table.
#[derive(Debug)]
pub struct InstanceRow {
    id: Uuid,
    name: String,
    plan: &'static str,
    created: String,
    keys: usize,
}

#[derive(Template)]
#[template(path = "cockpit/instances.html")]
struct InstancesPage {
    chrome: Chrome,
    rows: Vec<InstanceRow>,
    query: String,
    total: usize,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    q: String,
    notice: Option<String>,
}

fn date(at: time::OffsetDateTime) -> String {
    format_createdate(at).chars().take(16).collect::<String>().replace('T', " ")
}

/// `GET /cockpit/instances?q=`.
pub(crate) async fn list(
    State(state): State<AppState>,
    session: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, CockpitFailure> {
    let zone = session.zone.id;
    let instances = state.store.list_instances(zone).await.or_control("service instance")?;
    let mut keys_of: std::collections::HashMap<Uuid, usize> = std::collections::HashMap::new();
    for key in state.store.list_keys(zone, None).await.or_control("service key")? {
        *keys_of.entry(key.instance_id).or_default() += 1;
    }
    let needle = query.q.trim().to_lowercase();
    let total = instances.len();
    let rows = instances
        .into_iter()
        .filter(|i| {
            needle.is_empty() || i.name.as_str().to_lowercase().contains(&needle) || i.plan.name().contains(&needle)
        })
        .map(|i| InstanceRow {
            id: i.id,
            keys: keys_of.get(&i.id).copied().unwrap_or(0),
            name: i.name.to_string(),
            plan: i.plan.name(),
            created: date(i.created_at),
        })
        .collect();
    let chrome =
        Chrome::new(&session, Section::Instances, "Instances and Subscriptions").with_notice(query.notice.as_deref());
    Ok(render(StatusCode::OK, &InstancesPage { chrome, rows, query: query.q, total }))
}

/// The parameter editor (Form and JSON views) as the wizard and the update page show it.
#[derive(Debug)]
pub struct Editor {
    /// The parameters' JSON text (what is posted).
    pub text: String,
    /// The plan whose roles the form shows; `None` lets the wizard's plan choice decide.
    pub plan: Option<Plan>,
    /// The editor's data for the script, as JSON.
    pub data: String,
    /// The grant types (value, label).
    pub grants: Vec<(&'static str, &'static str)>,
    /// The roles of each plan.
    pub api_roles: Vec<RoleChoice>,
    /// The roles of `integration-flow`.
    pub flow_roles: Vec<RoleChoice>,
}

impl Editor {
    fn new(text: String, plan: Option<Plan>) -> Self {
        Editor {
            text,
            plan,
            data: editor_data().to_string(),
            grants: cpi_domain::GrantType::ALL.iter().map(|g| (g.as_str(), grant_label(*g))).collect(),
            api_roles: role_choices(Plan::Api),
            flow_roles: role_choices(Plan::IntegrationFlow),
        }
    }

    /// Whether the form shows `plan`'s roles at first.
    pub fn shows(&self, plan: &str) -> bool {
        self.plan.map_or(plan == "api", |p| p.name() == plan)
    }
}

#[derive(Template)]
#[template(path = "cockpit/instance_new.html")]
struct WizardPage {
    chrome: Chrome,
    offering: &'static str,
    plans: Vec<(&'static str, &'static str)>,
    plan: String,
    name: String,
    editor: Editor,
    error: Option<String>,
    /// The step to open first (1 basic info, 2 parameters, 3 review).
    step: u8,
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

fn wizard(session: &SignedIn, plan: &str, name: &str, text: String, error: Option<String>, step: u8) -> WizardPage {
    WizardPage {
        chrome: Chrome::new(session, Section::Instances, "New Instance"),
        offering: OFFERING_DISPLAY_NAME,
        plans: Plan::ALL.iter().map(|p| (p.name(), p.description())).collect(),
        plan: plan.to_owned(),
        name: name.to_owned(),
        editor: Editor::new(text, Plan::from_name(plan)),
        error,
        step,
    }
}

/// `GET /cockpit/instances/new`.
pub(crate) async fn new(session: SignedIn) -> Response {
    let text = pretty(&cpi_domain::InstanceParameters::defaults(Plan::Api).to_json());
    render(StatusCode::OK, &wizard(&session, "api", "", text, None, 1))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateForm {
    #[serde(default)]
    plan: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parameters: String,
}

/// Reads the parameters text: blank is no parameters; anything else must be a JSON object.
fn parse_parameters(text: &str) -> Result<Option<Value>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value @ Value::Object(_)) => Ok(Some(value)),
        Ok(_) => Err("The parameters must be a JSON object, like {\"roles\": [\"WorkspacePackagesRead\"]}.".into()),
        Err(e) => Err(format!("The parameters are not valid JSON: {e}.")),
    }
}

fn step_of(e: &ControlError) -> u8 {
    match e {
        ControlError::Name(_) | ControlError::Conflict(_) => 1,
        _ => 2,
    }
}

/// `POST /cockpit/instances`: creates the instance, or shows the wizard again with the error and
/// everything typed kept.
pub(crate) async fn create(
    State(state): State<AppState>,
    posted: Posted<CreateForm>,
) -> Result<Response, CockpitFailure> {
    let Posted { session, form } = posted;
    let again = |status, error: String, step| {
        render(status, &wizard(&session, &form.plan, &form.name, form.parameters.clone(), Some(error), step))
    };
    let Some(plan) = Plan::from_name(&form.plan) else {
        return Ok(again(StatusCode::BAD_REQUEST, "Choose a plan: api or integration-flow.".into(), 1));
    };
    let parameters = match parse_parameters(&form.parameters) {
        Ok(parameters) => parameters,
        Err(error) => return Ok(again(StatusCode::BAD_REQUEST, error, 2)),
    };
    match control::create_instance(&state, &session.zone, form.name.trim(), plan, parameters.as_ref()).await {
        Ok(instance) => Ok(see_other(&format!("/cockpit/instances/{}?notice=instance-created", instance.id))),
        Err(ControlError::Internal(e)) => Err(ControlError::Internal(e).into()),
        Err(e) => {
            let (status, message) = control_status(&e);
            Ok(again(status, message, step_of(&e)))
        }
    }
}

/// A key as the pane lists it.
#[derive(Debug)]
pub struct KeyRow {
    id: Uuid,
    name: String,
    created: String,
}

#[derive(Template)]
#[template(path = "cockpit/instance.html")]
struct InstancePage {
    chrome: Chrome,
    instance: InstanceRecord,
    plan_description: &'static str,
    parameters: String,
    created: String,
    updated: String,
    keys: Vec<KeyRow>,
    key_name: String,
    key_error: Option<String>,
}

async fn load(
    state: &AppState,
    session: &SignedIn,
    id: Uuid,
) -> Result<(InstanceRecord, Vec<KeyRecord>), CockpitFailure> {
    let instance = state.store.get_instance(session.zone.id, id).await.or_control("service instance")?;
    let keys = state.store.list_keys(session.zone.id, Some(id)).await.or_control("service key")?;
    Ok((instance, keys))
}

/// The pane, optionally with the key form's error and input.
pub(crate) async fn pane(
    state: &AppState,
    session: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
    key_form: Option<(String, String, StatusCode)>,
) -> Result<Response, CockpitFailure> {
    let (instance, keys) = load(state, session, id).await?;
    let chrome = Chrome::new(session, Section::Instances, instance.name.to_string()).with_notice(notice);
    let (key_name, key_error, status) = match key_form {
        Some((name, error, status)) => (name, Some(error), status),
        None => (String::new(), None, StatusCode::OK),
    };
    let page = InstancePage {
        chrome,
        plan_description: instance.plan.description(),
        parameters: pretty(&instance.parameters.to_json()),
        created: date(instance.created_at),
        updated: date(instance.updated_at),
        keys: keys
            .into_iter()
            .map(|k| KeyRow { id: k.id, name: k.name.to_string(), created: date(k.created_at) })
            .collect(),
        instance,
        key_name,
        key_error,
    };
    Ok(render(status, &page))
}

/// `GET /cockpit/instances/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<Uuid>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, CockpitFailure> {
    pane(&state, &session, id, query.notice.as_deref(), None).await
}

#[derive(Template)]
#[template(path = "cockpit/instance_edit.html")]
struct EditPage {
    chrome: Chrome,
    instance: InstanceRecord,
    editor: Editor,
    error: Option<String>,
}

/// `GET /cockpit/instances/{id}/edit`.
pub(crate) async fn edit(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, CockpitFailure> {
    let (instance, _) = load(&state, &session, id).await?;
    let editor = Editor::new(pretty(&instance.parameters.to_json()), Some(instance.plan));
    let chrome = Chrome::new(&session, Section::Instances, format!("Update {}", instance.name));
    Ok(render(StatusCode::OK, &EditPage { chrome, instance, editor, error: None }))
}

#[derive(Debug, Deserialize)]
pub(crate) struct UpdateForm {
    #[serde(default)]
    parameters: String,
}

/// `POST /cockpit/instances/{id}/edit`.
pub(crate) async fn update(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    posted: Posted<UpdateForm>,
) -> Result<Response, CockpitFailure> {
    let Posted { session, form } = posted;
    let outcome = match parse_parameters(&form.parameters) {
        Ok(parameters) => control::update_instance(&state, &session.zone, id, parameters.as_ref()).await.map_err(Err),
        Err(message) => Err(Ok((StatusCode::BAD_REQUEST, message))),
    };
    let (status, message) = match outcome {
        Ok(_) => return Ok(see_other(&format!("/cockpit/instances/{id}?notice=instance-updated"))),
        Err(Ok(shown)) => shown,
        Err(Err(e @ (ControlError::Internal(_) | ControlError::NotFound(_)))) => return Err(e.into()),
        Err(Err(e)) => control_status(&e),
    };
    let (instance, _) = load(&state, &session, id).await?;
    let editor = Editor::new(form.parameters, Some(instance.plan));
    let chrome = Chrome::new(&session, Section::Instances, format!("Update {}", instance.name));
    Ok(render(status, &EditPage { chrome, instance, editor, error: Some(message) }))
}

/// The confirmation page of a delete.
#[derive(Debug, Template)]
#[template(path = "cockpit/confirm.html")]
pub struct ConfirmPage {
    /// Chrome.
    pub chrome: Chrome,
    /// The question.
    pub question: String,
    /// What happens.
    pub consequence: String,
    /// Where the form posts.
    pub action: String,
    /// The button's label.
    pub button: String,
    /// Where "Cancel" goes.
    pub cancel: String,
}

/// `GET /cockpit/instances/{id}/delete`.
pub(crate) async fn confirm_delete(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, CockpitFailure> {
    let (instance, keys) = load(&state, &session, id).await?;
    let page = ConfirmPage {
        chrome: Chrome::new(&session, Section::Instances, format!("Delete {}", instance.name)),
        question: format!("Delete the instance {}?", instance.name),
        consequence: format!(
            "Its {} service key(s) are deleted with it, and their secrets stop working at once. This cannot be undone.",
            keys.len()
        ),
        action: format!("/cockpit/instances/{id}/delete"),
        button: "Delete instance".into(),
        cancel: format!("/cockpit/instances/{id}"),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /cockpit/instances/{id}/delete`.
pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    posted: Posted<crate::cockpit::pages::Nothing>,
) -> Result<Response, CockpitFailure> {
    control::delete_instance(&state, &posted.session.zone, id).await?;
    Ok(see_other("/cockpit/instances?notice=instance-deleted"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_text_is_blank_or_an_object() {
        assert_eq!(parse_parameters("  "), Ok(None));
        assert!(parse_parameters("{\"roles\": []}").unwrap().is_some());
        assert!(parse_parameters("[1]").unwrap_err().contains("JSON object"));
        assert!(parse_parameters("{\"roles\": [").unwrap_err().contains("not valid JSON"));
    }
}
