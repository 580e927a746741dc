//! Access policies and their artifact references: numeric ids assigned by the server, unique
//! role names, references created with their policy or added to one later.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use cpi_odata::ODataError;
use cpi_odata::query::Literal;
use cpi_store::{ArtifactReferenceFields, EntitySource, StoreError};

use super::bundles::{object_body, text_field};
use super::read::{read_one, store_failure};
use super::security::numeric_id;
use super::target::{EntityRef, Key};
use super::{ApiResponse, ApiResult};
use crate::http::authz::{AccessPoliciesEdit, Authorized};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// Artifact types an access policy can protect (SAP's enumeration).
const ARTIFACT_TYPES: [&str; 13] = [
    "INTEGRATION_FLOW",
    "ODATA_SERVICE",
    "SCRIPT_COLLECTION",
    "VALUE_MAPPING",
    "MESSAGE_MAPPING",
    "MESSAGE_QUEUE",
    "GLOBAL_DATASTORE",
    "GLOBAL_DATA_STORE",
    "GLOBAL_VARIABLE",
    "SOAP_API_PROVIDER",
    "REST_API_PROVIDER",
    "DATA_TYPE",
    "MESSAGE_TYPE",
];
/// Types whose only condition attribute is `Name`.
const NAMED_ONLY: [&str; 4] = ["MESSAGE_QUEUE", "GLOBAL_DATASTORE", "GLOBAL_DATA_STORE", "GLOBAL_VARIABLE"];

fn role_taken(role_name: &str) -> String {
    format!("The role name {role_name} is already used in another access policy!")
}

fn policy_missing(id: i64) -> String {
    format!("Access policy {id} not found.")
}

async fn created(state: &AppState, principal: &Principal, set: &'static str, id: i64) -> ApiResult {
    let set = cpi_odata::service::model().entity_set(set).ok_or(ODataError::Internal)?;
    let source = match set.name {
        "AccessPolicies" => EntitySource::AccessPolicies,
        _ => EntitySource::ArtifactReferences { policy: None },
    };
    let entity = EntityRef { set, source, key: Key { values: vec![("Id", Literal::Integer(id))] } };
    Ok(ApiResponse::Entity(StatusCode::CREATED, read_one(state, principal, &entity).await?))
}

/// The fields of one artifact reference, checked against SAP's enumerations.
fn reference_fields(map: &Map<String, Value>) -> Result<ArtifactReferenceFields, TenantError> {
    let fields = ArtifactReferenceFields {
        name: text_field(map, "Name")?,
        description: text_field(map, "Description")?,
        artifact_type: text_field(map, "Type")?,
        condition_attribute: Some(text_field(map, "ConditionAttribute")?.unwrap_or_else(|| "Name".to_owned())),
        condition_value: text_field(map, "ConditionValue")?,
        condition_type: Some(text_field(map, "ConditionType")?.unwrap_or_else(|| "exactString".to_owned())),
    };
    let artifact_type =
        fields.artifact_type.as_deref().ok_or_else(|| TenantError::bad_request("Property 'Type' must not be null."))?;
    if !ARTIFACT_TYPES.contains(&artifact_type) {
        return Err(TenantError::bad_request(format!(
            "Type '{artifact_type}' is invalid: use one of {}.",
            ARTIFACT_TYPES.join(", ")
        )));
    }
    if fields.condition_value.as_deref().is_none_or(str::is_empty) {
        return Err(TenantError::bad_request("Property 'ConditionValue' must not be null."));
    }
    let attribute = fields.condition_attribute.as_deref().unwrap_or_default();
    let allowed: &[&str] = if NAMED_ONLY.contains(&artifact_type) { &["Name"] } else { &["Name", "ID"] };
    if !allowed.contains(&attribute) {
        return Err(TenantError::bad_request(format!(
            "ConditionAttribute '{attribute}' is invalid for type {artifact_type}: use {}.",
            allowed.join(" or ")
        )));
    }
    let condition_type = fields.condition_type.as_deref().unwrap_or_default();
    if !["exactString", "regularExpression"].contains(&condition_type) {
        return Err(TenantError::bad_request(format!(
            "ConditionType '{condition_type}' is invalid: use exactString or regularExpression."
        )));
    }
    Ok(fields)
}

/// An array of objects, also in OData's deep-insert form `{"results": […]}`.
fn objects<'v>(value: Option<&'v Value>, name: &str) -> Result<Vec<&'v Map<String, Value>>, TenantError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(Value::Object(o)) => match o.get("results") {
            Some(Value::Array(items)) => items,
            _ => return Ok(vec![o]),
        },
        Some(_) => return Err(TenantError::bad_request(format!("{name} must be an array of objects."))),
    };
    items
        .iter()
        .map(|item| {
            item.as_object().ok_or_else(|| TenantError::bad_request(format!("{name} must be an array of objects.")))
        })
        .collect()
}

/// `POST AccessPolicies` → 201, with the references given in `ArtifactReferences`.
pub async fn create(state: &AppState, auth: Authorized<AccessPoliciesEdit>, body: &[u8]) -> ApiResult {
    let map = object_body(body)?;
    let role_name = text_field(&map, "RoleName")?
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| TenantError::bad_request("Property 'RoleName' must not be null."))?;
    let description = text_field(&map, "Description")?;
    let references = objects(map.get("ArtifactReferences"), "ArtifactReferences")?
        .into_iter()
        .map(reference_fields)
        .collect::<Result<Vec<_>, _>>()?;
    let principal = &auth.principal;
    let id = state
        .store
        .create_access_policy(principal.zone.id, &role_name, description.as_deref(), &references)
        .await
        .map_err(|e| TenantError::from_store(e, String::new, || role_taken(&role_name)))?;
    created(state, principal, "AccessPolicies", id).await
}

/// `PATCH AccessPolicies(<Id>)` → 204: the role name and description given replace the stored.
pub async fn update(state: &AppState, auth: Authorized<AccessPoliciesEdit>, key: &Key, body: &[u8]) -> ApiResult {
    let id = numeric_id(key)?;
    let map = object_body(body)?;
    let zone = auth.principal.zone.id;
    let mut policy = state
        .store
        .get_access_policy(zone, id)
        .await
        .map_err(|e| TenantError::from_store(e, || policy_missing(id), String::new))?;
    if let Some(role_name) = text_field(&map, "RoleName")? {
        if role_name.trim().is_empty() {
            return Err(TenantError::bad_request("Property 'RoleName' cannot be empty."));
        }
        policy.role_name = role_name;
    }
    if let Some(description) = text_field(&map, "Description")? {
        policy.description = Some(description);
    }
    let role_name = policy.role_name.clone();
    state
        .store
        .update_access_policy(zone, &policy)
        .await
        .map_err(|e| TenantError::from_store(e, || policy_missing(id), || role_taken(&role_name)))?;
    Ok(ApiResponse::Empty(StatusCode::NO_CONTENT))
}

/// `DELETE AccessPolicies(<Id>)` → 204 (its references go with it).
pub async fn delete(state: &AppState, auth: Authorized<AccessPoliciesEdit>, key: &Key) -> ApiResult {
    let id = numeric_id(key)?;
    state
        .store
        .delete_access_policy(auth.principal.zone.id, id)
        .await
        .map_err(|e| TenantError::from_store(e, || policy_missing(id), String::new))?;
    Ok(ApiResponse::Empty(StatusCode::NO_CONTENT))
}

/// The policy a reference body names: `AccessPolicy` (SAP's spec spells it `AcessPolicy`) as
/// `{"Id": "101"}` or `[{"Id": "101"}]`.
fn named_policy(map: &Map<String, Value>) -> Result<Option<i64>, TenantError> {
    let Some(value) = map.get("AccessPolicy").or_else(|| map.get("AcessPolicy")) else { return Ok(None) };
    let policy = objects(Some(value), "AccessPolicy")?.into_iter().next();
    let id = policy.and_then(|p| p.get("Id")).and_then(|id| match id {
        Value::String(text) => text.parse().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    });
    id.map(Some)
        .ok_or_else(|| TenantError::bad_request("AccessPolicy must give the policy's Id, e.g. {\"Id\": \"101\"}."))
}

/// `POST ArtifactReferences` (naming its policy) or `POST AccessPolicies(<Id>)/ArtifactReferences`
/// → 201.
pub async fn add_reference(
    state: &AppState,
    auth: Authorized<AccessPoliciesEdit>,
    parent: Option<&EntityRef>,
    body: &[u8],
) -> ApiResult {
    let map = object_body(body)?;
    let policy = match parent {
        Some(parent) => numeric_id(&parent.key)?,
        None => named_policy(&map)?.ok_or_else(|| {
            TenantError::bad_request("The artifact reference must name its access policy: AccessPolicy: {\"Id\": …}.")
        })?,
    };
    let fields = reference_fields(&map)?;
    let principal = &auth.principal;
    let id = state.store.create_artifact_reference(principal.zone.id, policy, &fields).await.map_err(|e| match e {
        StoreError::NotFound => ODataError::NotFound(policy_missing(policy)).into(),
        other => store_failure(other),
    })?;
    created(state, principal, "ArtifactReferences", id).await
}

/// `DELETE ArtifactReferences(<Id>)` → 200 (SAP's code).
pub async fn delete_reference(state: &AppState, auth: Authorized<AccessPoliciesEdit>, key: &Key) -> ApiResult {
    let id = numeric_id(key)?;
    state
        .store
        .delete_artifact_reference(auth.principal.zone.id, id)
        .await
        .map_err(|e| TenantError::from_store(e, || format!("Artifact reference {id} not found."), String::new))?;
    Ok(ApiResponse::Empty(StatusCode::OK))
}
