//! `$links`: reading them, setting a configuration value (`$links/Configurations('key')`) and
//! changing or removing resources (`$links/Resources(Name=,ResourceType=)`).

use axum::http::StatusCode;
use serde_json::Value;

use cpi_domain::content::ArtifactKind;
use cpi_odata::ODataError;
use cpi_odata::model::Navigation;
use cpi_odata::value::Entity;
use cpi_store::EntityQuery;

use super::artifacts::{delete_resource, update_resource};
use super::bundles::{bad_bundle, object_body};
use super::modify::modify_artifact;
use super::read::{SERVER_PAGE_SIZE, authorize_read, key_text, store_failure};
use super::target::{EntityRef, Key};
use super::{ApiRequest, ApiResponse, ApiResult, method_not_allowed};
use crate::http::authz::{Authorized, WorkspaceConfigure, WorkspaceWrite};
use crate::http::errors::TenantError;
use crate::state::AppState;

/// Answers a `$links` request.
pub async fn handle(
    state: &AppState,
    request: ApiRequest,
    parent: EntityRef,
    navigation: &'static Navigation,
    key: Option<Key>,
) -> ApiResult {
    let is_artifact = ArtifactKind::from_entity_set(parent.set.name).is_some();
    let method = request.method.clone();
    match (method.as_str(), navigation.name, key) {
        (_, _, key) if super::is_read(&method) => read_links(state, request, parent, navigation, key).await,
        ("PUT" | "MERGE" | "PATCH", "Configurations", Some(key)) if is_artifact => {
            configure(state, Authorized::check(request.principal)?, &parent, &key, &request.body).await
        }
        ("PUT" | "MERGE" | "PATCH", "Resources", Some(key)) if is_artifact => {
            update_resource(state, Authorized::check(request.principal)?, &parent, &key, &request.body).await
        }
        ("PUT" | "MERGE" | "PATCH", "CustomTags", Some(key)) if parent.set.name == "IntegrationPackages" => {
            let auth: Authorized<WorkspaceWrite> = Authorized::check(request.principal)?;
            set_custom_tag(state, auth, &parent, &key, &request.body).await
        }
        ("DELETE", "Resources", Some(key)) if is_artifact => {
            delete_resource(state, Authorized::check(request.principal)?, &parent, &key).await
        }
        _ => Err(method_not_allowed(&method)),
    }
}

/// `PUT …/$links/Configurations('key')` with `{"ParameterValue":…[,"DataType","Description"]}`
/// → 202; the next download carries the value in `parameters.prop`.
async fn configure(
    state: &AppState,
    auth: Authorized<WorkspaceConfigure>,
    parent: &EntityRef,
    key: &Key,
    body: &[u8],
) -> ApiResult {
    let parameter = key_text(key, "ParameterKey")?;
    let map = object_body(body)?;
    let value = match map.get("ParameterValue") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => return Err(ODataError::BadRequest("Wrong body format for the expected parameter value".into()).into()),
    };
    modify_artifact(state, &auth.principal, parent, |current, bundle| {
        if !current.configurations.iter().any(|c| c.key == parameter) {
            return Err(ODataError::NotFound(format!("Parameter key '{parameter}' not found.")).into());
        }
        bundle.set_configuration(parameter, &value).map_err(bad_bundle)
    })
    .await?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

/// `PUT IntegrationPackages('P')/$links/CustomTags('Name')` with `{"Value":…}` → 202.
async fn set_custom_tag(
    state: &AppState,
    auth: Authorized<WorkspaceWrite>,
    parent: &EntityRef,
    key: &Key,
    body: &[u8],
) -> ApiResult {
    let package = key_text(&parent.key, "Id")?;
    let name = key_text(key, "Name")?;
    let map = object_body(body)?;
    let value = match map.get("Value") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(ODataError::BadRequest("The body must give the tag's Value as a string.".into()).into()),
    };
    state.store.set_package_custom_tag(auth.principal.zone.id, package, name, &value).await.map_err(|e| {
        let missing = || format!("Integration package {package} does not exist.");
        TenantError::from_store(e, missing, missing)
    })?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

async fn read_links(
    state: &AppState,
    request: ApiRequest,
    parent: EntityRef,
    navigation: &'static Navigation,
    key: Option<Key>,
) -> ApiResult {
    let set = cpi_odata::service::model().entity_set(navigation.target_set).ok_or(ODataError::Internal)?;
    let principal = authorize_read(set, request.principal)?;
    let id = parent.key.text("Id").unwrap_or_default();
    let Some(source) = super::target::navigation_source(parent.set.name, id, navigation.name) else {
        return Ok(ApiResponse::Links(Vec::new(), key.is_some()));
    };
    let filter = key.as_ref().and_then(Key::filter);
    let query = EntityQuery {
        entity_type: set.entity_type,
        filter: filter.as_ref(),
        orderby: &[],
        skip: 0,
        limit: SERVER_PAGE_SIZE,
        count: false,
    };
    let rows = state.store.read_entities(principal.zone.id, &source, &query).await.map_err(store_failure)?;
    let entities: Vec<Entity> =
        rows.rows.into_iter().map(|values| Entity { set, values, expanded: Vec::new() }).collect();
    if key.is_some() && entities.is_empty() {
        return Err(ODataError::NotFound("The linked entity does not exist.".into()).into());
    }
    Ok(ApiResponse::Links(entities, key.is_some()))
}
