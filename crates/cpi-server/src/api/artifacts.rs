//! Design-time artifacts: upload (create), update, delete, download, and their resources.
//! Every write rebuilds the bundle and stores it with its derived rows in one transaction.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use cpi_bundle::{Bundle, IflowBuilder};
use cpi_domain::content::ArtifactKind;
use cpi_odata::ODataError;
use cpi_odata::model::EntitySet;
use cpi_odata::query::Literal;
use cpi_store::{ArtifactContent, EntitySource, StoreError};

use super::bundles::{
    Authorship, artifact_content, bad_bundle, decode_bundle, is_valid_artifact_id, is_valid_artifact_name, object_body,
    text_field,
};
use super::modify::modify_artifact;
use super::read::{key_text, read_one};
use super::target::{EntityRef, Key};
use super::{ApiResponse, ApiResult};
use crate::http::authz::{Authorized, WorkspaceRead, WorkspaceWrite};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// The tenant error of an artifact store failure.
pub fn store_failure(error: StoreError, kind: ArtifactKind, id: &str) -> TenantError {
    TenantError::from_store(
        error,
        || format!("The {} artifact '{id}' does not exist.", kind.api_word()),
        || format!("An artifact with the ID {id} already exists. Please rename the artifact ID."),
    )
}

fn kind_of(set: &EntitySet) -> Result<ArtifactKind, TenantError> {
    ArtifactKind::from_entity_set(set.name).ok_or_else(|| ODataError::Internal.into())
}

/// Loads an addressed artifact; a concrete `Version` must be the current one.
pub async fn load(state: &AppState, principal: &Principal, entity: &EntityRef) -> Result<ArtifactContent, TenantError> {
    let kind = kind_of(entity.set)?;
    let id = key_text(&entity.key, "Id")?;
    let content =
        state.store.get_artifact_content(principal.zone.id, kind, id).await.map_err(|e| store_failure(e, kind, id))?;
    if let Some(version) = entity.key.text("Version")
        && version != content.artifact.version
    {
        return Err(ODataError::NotFound(format!(
            "Version {version} of the {} artifact '{id}' does not exist; the current version is {}.",
            kind.api_word(),
            content.artifact.version
        ))
        .into());
    }
    Ok(content)
}

/// Re-reads an artifact as its entity.
async fn entity_of(state: &AppState, principal: &Principal, kind: ArtifactKind, id: &str) -> ApiResult {
    let set = cpi_odata::service::model().entity_set(kind.entity_set()).ok_or(ODataError::Internal)?;
    let entity = EntityRef {
        set,
        source: EntitySource::Artifacts { kind, package: None },
        key: Key { values: vec![("Id", Literal::String(id.to_owned()))] },
    };
    Ok(ApiResponse::Entity(StatusCode::CREATED, read_one(state, principal, &entity).await?))
}

/// `POST <Kind>DesigntimeArtifacts` → 201.
pub async fn create(
    state: &AppState,
    auth: Authorized<WorkspaceWrite>,
    set: &'static EntitySet,
    body: &[u8],
) -> ApiResult {
    let kind = kind_of(set)?;
    let map = object_body(body)?;
    let package_id = text_field(&map, "PackageId")?
        .ok_or_else(|| TenantError::from(ODataError::BadRequest("Property 'PackageId' is required.".into())))?;
    let id = text_field(&map, "Id")?;
    let name = text_field(&map, "Name")?;
    let mut bundle = match text_field(&map, "ArtifactContent")? {
        Some(content) => decode_bundle(&content, kind, "ArtifactContent")?,
        None if kind == ArtifactKind::IntegrationFlow => {
            let id = id.clone().ok_or_else(|| ODataError::BadRequest("Property 'Id' is required.".into()))?;
            IflowBuilder::new(&id, name.as_deref().unwrap_or(&id)).build()
        }
        None => return Err(ODataError::BadRequest("Property 'ArtifactContent' is required.".into()).into()),
    };
    bundle.set_identity(id.as_deref(), name.as_deref(), None);
    if let Some(description) = text_field(&map, "Description")? {
        bundle.set_description(&description);
    }
    check_identity(&bundle)?;
    let now = state.clock.now();
    let who = auth.principal.name.clone();
    let authorship = Authorship { created_by: who.clone(), created_at: now, modified_by: who, modified_at: now };
    let content = artifact_content(&bundle, kind, &package_id, authorship)?;
    let zone = auth.principal.zone.id;
    let artifact_id = content.artifact.id.clone();
    state.store.create_artifact(zone, &content).await.map_err(|e| {
        // The only row a new artifact refers to is its package.
        TenantError::from_store(
            e,
            || format!("Integration package {package_id} does not exist."),
            || format!("An artifact with the ID {artifact_id} already exists. Please rename the artifact ID."),
        )
    })?;
    entity_of(state, &auth.principal, kind, &artifact_id).await
}

fn check_identity(bundle: &Bundle) -> Result<(), TenantError> {
    let manifest = bundle.manifest();
    if !is_valid_artifact_id(&manifest.id) {
        return Err(ODataError::BadRequest(format!(
            "'{}' is not a valid artifact ID: use letters, digits, '_', '.' and '-'.",
            manifest.id
        ))
        .into());
    }
    if !is_valid_artifact_name(&manifest.name) {
        return Err(ODataError::BadRequest(
            "Name should begin with alphabet or underscore (_) and can contain alphanumeric characters, \
             spaces, '.', '_' and '-'; it must not end with '.'."
                .into(),
        )
        .into());
    }
    Ok(())
}

/// `PUT <Kind>DesigntimeArtifacts(Id=,Version=)` → 200. Content only: name and version come from
/// the bundle; name only: a rename; both: the bundle with the given name.
pub async fn update(state: &AppState, auth: Authorized<WorkspaceWrite>, entity: &EntityRef, body: &[u8]) -> ApiResult {
    let map = object_body(body)?;
    let name = text_field(&map, "Name")?;
    let description = text_field(&map, "Description")?;
    let uploaded = match text_field(&map, "ArtifactContent")? {
        Some(content) => Some(decode_bundle(&content, kind_of(entity.set)?, "ArtifactContent")?),
        None => None,
    };
    modify_artifact(state, &auth.principal, entity, |current, bundle| {
        if let Some(uploaded) = &uploaded {
            if uploaded.manifest().id != current.artifact.id {
                return Err(ODataError::BadRequest(format!(
                    "The bundle's Bundle-SymbolicName '{}' does not match the artifact ID '{}'.",
                    uploaded.manifest().id,
                    current.artifact.id
                ))
                .into());
            }
            *bundle = uploaded.clone();
        }
        bundle.set_identity(None, name.as_deref(), None);
        if let Some(description) = &description {
            bundle.set_description(description);
        }
        check_identity(bundle)
    })
    .await?;
    Ok(ApiResponse::Empty(StatusCode::OK))
}

/// `DELETE <Kind>DesigntimeArtifacts(Id=,Version=)` → 200.
pub async fn delete(state: &AppState, auth: Authorized<WorkspaceWrite>, entity: &EntityRef) -> ApiResult {
    let current = load(state, &auth.principal, entity).await?;
    let a = &current.artifact;
    state
        .store
        .delete_artifact(auth.principal.zone.id, a.kind, &a.id)
        .await
        .map_err(|e| store_failure(e, a.kind, &a.id))?;
    Ok(ApiResponse::Empty(StatusCode::OK))
}

/// `GET <Kind>DesigntimeArtifacts(Id=,Version=)/$value`: the zip, as an attachment `<Id>.zip`.
pub async fn download(state: &AppState, auth: Authorized<WorkspaceRead>, entity: &EntityRef) -> ApiResult {
    let current = load(state, &auth.principal, entity).await?;
    Ok(ApiResponse::Raw {
        status: StatusCode::OK,
        content_type: "application/zip".into(),
        filename: Some(format!("{}.zip", current.artifact.id)),
        body: current.bundle,
    })
}

/// `POST …(Id=,Version=)/Resources` → 201.
pub async fn add_resource(
    state: &AppState,
    auth: Authorized<WorkspaceWrite>,
    parent: &EntityRef,
    body: &[u8],
) -> ApiResult {
    let map = object_body(body)?;
    let required = |name: &str| -> Result<String, TenantError> {
        text_field(&map, name)?
            .ok_or_else(|| ODataError::BadRequest(format!("Property '{name}' must not be null.")).into())
    };
    let (name, resource_type) = (required("Name")?, required("ResourceType")?);
    let content = decode_content(&required("ResourceContent")?)?;
    let stored = modify_artifact(state, &auth.principal, parent, |_, bundle| {
        if bundle.resources().iter().any(|r| r.name == name && r.resource_type == resource_type) {
            return Err(
                ODataError::Conflict(format!("The resource {name} of type {resource_type} already exists.")).into()
            );
        }
        bundle.put_resource(&name, &resource_type, content.clone()).map(|_| ()).map_err(bad_bundle)
    })
    .await?;
    let set = cpi_odata::service::model().entity_set("Resources").ok_or(ODataError::Internal)?;
    let a = &stored.artifact;
    let entity = EntityRef {
        set,
        source: EntitySource::Resources { kind: a.kind, artifact: a.id.clone() },
        key: Key { values: vec![("Name", Literal::String(name)), ("ResourceType", Literal::String(resource_type))] },
    };
    Ok(ApiResponse::Entity(StatusCode::CREATED, read_one(state, &auth.principal, &entity).await?))
}

fn decode_content(text: &str) -> Result<Vec<u8>, TenantError> {
    STANDARD
        .decode(text.trim())
        .map_err(|_| ODataError::BadRequest("ResourceContent is not valid base64.".into()).into())
}

/// `PUT …/$links/Resources(Name=,ResourceType=)` with `{ResourceContent}`. Answers 200: Piper
/// checks for 200 although SAP's spec lists 202, and Piper works against real tenants.
pub async fn update_resource(
    state: &AppState,
    auth: Authorized<WorkspaceWrite>,
    parent: &EntityRef,
    key: &Key,
    body: &[u8],
) -> ApiResult {
    let (name, resource_type) = (key_text(key, "Name")?, key_text(key, "ResourceType")?);
    let map = object_body(body)?;
    let content = text_field(&map, "ResourceContent")?
        .ok_or_else(|| TenantError::from(ODataError::BadRequest("Property 'ResourceContent' is required.".into())))?;
    let content = decode_content(&content)?;
    modify_artifact(state, &auth.principal, parent, |_, bundle| {
        if !bundle.resources().iter().any(|r| r.name == name && r.resource_type == resource_type) {
            return Err(resource_not_found(name, resource_type));
        }
        bundle.put_resource(name, resource_type, content.clone()).map(|_| ()).map_err(bad_bundle)
    })
    .await?;
    Ok(ApiResponse::Empty(StatusCode::OK))
}

fn resource_not_found(name: &str, resource_type: &str) -> TenantError {
    ODataError::NotFound(format!("The resource {name} of type {resource_type} does not exist.")).into()
}

/// `DELETE …/$links/Resources(Name=,ResourceType=)` → 200.
pub async fn delete_resource(
    state: &AppState,
    auth: Authorized<WorkspaceWrite>,
    parent: &EntityRef,
    key: &Key,
) -> ApiResult {
    let (name, resource_type) = (key_text(key, "Name")?, key_text(key, "ResourceType")?);
    modify_artifact(state, &auth.principal, parent, |_, bundle| {
        if bundle.remove_resource(name, resource_type) { Ok(()) } else { Err(resource_not_found(name, resource_type)) }
    })
    .await?;
    Ok(ApiResponse::Empty(StatusCode::OK))
}

/// `GET …/Resources(Name=,ResourceType=)/$value`.
pub async fn resource_content(
    state: &AppState,
    auth: Authorized<WorkspaceRead>,
    kind: ArtifactKind,
    artifact: &str,
    key: &Key,
) -> ApiResult {
    let zone = auth.principal.zone.id;
    let current =
        state.store.get_artifact_content(zone, kind, artifact).await.map_err(|e| store_failure(e, kind, artifact))?;
    let (name, resource_type) = (key_text(key, "Name")?, key_text(key, "ResourceType")?);
    let bundle = Bundle::read(&current.bundle, &super::bundles::BUNDLE_LIMITS).map_err(bad_bundle)?;
    let resource = bundle
        .resources()
        .into_iter()
        .find(|r| r.name == name && r.resource_type == resource_type)
        .ok_or_else(|| resource_not_found(name, resource_type))?;
    Ok(ApiResponse::Raw {
        status: StatusCode::OK,
        content_type: "application/octet-stream".into(),
        filename: None,
        body: resource.content,
    })
}
