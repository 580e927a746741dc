//! `IntegrationPackages`: list, get, create, update, delete. Read needs
//! `WebToolingWorkspace.Read`, writes `WebToolingWorkspace.Write` (role WorkspacePackagesEdit).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use cpi_domain::content::{IntegrationPackage, is_valid_package_id};
use cpi_odata::{ODataError, collection_document, deferred, entity_document, key_literal, metadata, unix_millis};
use cpi_store::StoreError;

use crate::http::authz::{Authorized, WorkspaceRead, WorkspaceWrite};
use crate::http::errors::TenantError;
use crate::state::AppState;

const NAVIGATIONS: [&str; 9] = [
    "IntegrationDesigntimeArtifacts",
    "ValueMappingDesigntimeArtifacts",
    "MessageMappingDesigntimeArtifacts",
    "ScriptCollectionDesigntimeArtifacts",
    "DataTypeDesigntimeArtifacts",
    "MessageTypeDesigntimeArtifacts",
    "FaultMessageTypeDesigntimeArtifacts",
    "ServiceInterfaceDesigntimeArtifacts",
    "CustomTags",
];

fn store_error(e: StoreError, id: &str) -> TenantError {
    match e {
        StoreError::NotFound => ODataError::NotFound(format!("Integration package {id} does not exist.")).into(),
        StoreError::Conflict(_) => {
            ODataError::Conflict("Entity with the specified IntegrationPackage id already exist.".into()).into()
        }
        StoreError::Backend(detail) => {
            tracing::error!(error = %detail, "package store failure");
            ODataError::Internal.into()
        }
    }
}

fn to_json(state: &AppState, p: &IntegrationPackage) -> Value {
    let uri = format!("{}/api/v1/IntegrationPackages({})", state.public_url, key_literal(&p.id));
    let mut m = Map::new();
    m.insert("__metadata".into(), metadata(&uri, "IntegrationPackage", true));
    let text = |v: &str| Value::String(v.to_owned());
    for (name, value) in [
        ("Id", text(&p.id)),
        ("Name", text(&p.name)),
        ("ResourceId", text(&p.resource_id)),
        ("Description", text(&p.description)),
        ("ShortText", text(&p.short_text)),
        ("Version", text(&p.version)),
        ("Vendor", text(&p.vendor)),
        ("PartnerContent", Value::Bool(p.partner_content)),
        ("UpdateAvailable", Value::Bool(p.update_available)),
        ("Mode", text(&p.mode)),
        ("SupportedPlatform", text(&p.supported_platform)),
        ("ModifiedBy", text(&p.modified_by)),
        ("CreationDate", Value::String(unix_millis(p.creation_date).to_string())),
        ("ModifiedDate", Value::String(unix_millis(p.modified_date).to_string())),
        ("CreatedBy", text(&p.created_by)),
        ("Products", text(&p.products)),
        ("Keywords", text(&p.keywords)),
        ("Countries", text(&p.countries)),
        ("Industries", text(&p.industries)),
        ("LineOfBusiness", text(&p.line_of_business)),
        ("PackageContent", Value::Null),
    ] {
        m.insert(name.into(), value);
    }
    for nav in NAVIGATIONS {
        m.insert(nav.into(), deferred(format!("{uri}/{nav}")));
    }
    Value::Object(m)
}

/// `GET IntegrationPackages`.
pub async fn list(state: &AppState, auth: Authorized<WorkspaceRead>) -> Result<Response, TenantError> {
    let packages = state.store.list_packages(auth.principal.zone.id).await.map_err(|e| store_error(e, ""))?;
    Ok(Json(collection_document(packages.iter().map(|p| to_json(state, p)).collect())).into_response())
}

/// `GET IntegrationPackages('Id')`.
pub async fn get(state: &AppState, auth: Authorized<WorkspaceRead>, id: &str) -> Result<Response, TenantError> {
    let package = state.store.get_package(auth.principal.zone.id, id).await.map_err(|e| store_error(e, id))?;
    Ok(Json(entity_document(to_json(state, &package))).into_response())
}

fn parse_body(body: &[u8]) -> Result<Map<String, Value>, TenantError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ODataError::BadRequest("The request body must be a JSON object.".into()).into()),
        Err(e) => Err(ODataError::BadRequest(format!("The request body is not valid JSON: {e}")).into()),
    }
}

fn text_field(map: &Map<String, Value>, name: &str) -> Result<Option<String>, TenantError> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ODataError::BadRequest(format!("Property '{name}' must be a string.")).into()),
    }
}

fn apply_fields(p: &mut IntegrationPackage, map: &Map<String, Value>) -> Result<(), TenantError> {
    let fields: [(&str, &mut String); 12] = [
        ("Name", &mut p.name),
        ("Description", &mut p.description),
        ("ShortText", &mut p.short_text),
        ("Version", &mut p.version),
        ("Vendor", &mut p.vendor),
        ("Mode", &mut p.mode),
        ("SupportedPlatform", &mut p.supported_platform),
        ("Products", &mut p.products),
        ("Keywords", &mut p.keywords),
        ("Countries", &mut p.countries),
        ("Industries", &mut p.industries),
        ("LineOfBusiness", &mut p.line_of_business),
    ];
    for (name, slot) in fields {
        if let Some(value) = text_field(map, name)? {
            *slot = value;
        }
    }
    if map.get("PackageContent").is_some_and(|v| !v.is_null()) {
        return Err(
            ODataError::BadRequest("Importing PackageContent is not supported by this server yet.".into()).into()
        );
    }
    Ok(())
}

/// `POST IntegrationPackages` → 201.
pub async fn create(state: &AppState, auth: Authorized<WorkspaceWrite>, body: &[u8]) -> Result<Response, TenantError> {
    let map = parse_body(body)?;
    let id = text_field(&map, "Id")?
        .ok_or_else(|| TenantError::from(ODataError::BadRequest("Property 'Id' is required.".into())))?;
    if !is_valid_package_id(&id) {
        return Err(ODataError::BadRequest(format!(
            "'{id}' is not a valid package Id: use letters, digits, '_', '.' and '-'."
        ))
        .into());
    }
    let now = state.clock.now();
    let who = auth.principal.name.clone();
    let mut package = IntegrationPackage {
        id: id.clone(),
        name: String::new(),
        resource_id: state.random.uuid().simple().to_string(),
        description: String::new(),
        short_text: String::new(),
        version: "1.0.0".into(),
        vendor: String::new(),
        partner_content: false,
        update_available: false,
        mode: "EDIT_ALLOWED".into(),
        supported_platform: "SAP Cloud Integration".into(),
        created_by: who.clone(),
        modified_by: who,
        creation_date: now,
        modified_date: now,
        products: String::new(),
        keywords: String::new(),
        countries: String::new(),
        industries: String::new(),
        line_of_business: String::new(),
    };
    apply_fields(&mut package, &map)?;
    if package.name.trim().is_empty() {
        return Err(ODataError::BadRequest("Property 'Name' is required.".into()).into());
    }
    state.store.create_package(auth.principal.zone.id, &package).await.map_err(|e| store_error(e, &id))?;
    Ok((StatusCode::CREATED, Json(entity_document(to_json(state, &package)))).into_response())
}

/// `PUT IntegrationPackages('Id')` → 202.
pub async fn update(
    state: &AppState,
    auth: Authorized<WorkspaceWrite>,
    id: &str,
    body: &[u8],
) -> Result<Response, TenantError> {
    let map = parse_body(body)?;
    if let Some(body_id) = text_field(&map, "Id")?
        && body_id != id
    {
        return Err(
            ODataError::BadRequest("Entity key specified in URI does not match to Id from payload.".into()).into()
        );
    }
    let zone = auth.principal.zone.id;
    let mut package = state.store.get_package(zone, id).await.map_err(|e| store_error(e, id))?;
    apply_fields(&mut package, &map)?;
    package.modified_by = auth.principal.name.clone();
    package.modified_date = state.clock.now();
    state.store.update_package(zone, &package).await.map_err(|e| store_error(e, id))?;
    Ok(StatusCode::ACCEPTED.into_response())
}

/// `DELETE IntegrationPackages('Id')` → 202.
pub async fn delete(state: &AppState, auth: Authorized<WorkspaceWrite>, id: &str) -> Result<Response, TenantError> {
    state.store.delete_package(auth.principal.zone.id, id).await.map_err(|e| store_error(e, id))?;
    Ok(StatusCode::ACCEPTED.into_response())
}
