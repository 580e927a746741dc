//! `IntegrationPackages` writes: create (or import a `PackageContent` zip, `?Overwrite=true`),
//! update, delete, export as zip (`$value`) and `CopyIntegrationPackage`.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use cpi_bundle::{PackageArchive, PackagedArtifact, read_package, write_package};
use cpi_domain::content::{IntegrationPackage, is_valid_package_id};
use cpi_odata::ODataError;
use cpi_odata::query::{Literal, QueryOptions};
use cpi_store::{ArtifactContent, EntitySource, StoreError};

use super::bundles::{
    Authorship, BUNDLE_LIMITS, artifact_content, bad_bundle, bundle_type_of, decode_bundle, kind_of_bundle,
    object_body, text_field,
};
use super::read::{key_text, read_one};
use super::target::{EntityRef, Key};
use super::{ApiResponse, ApiResult};
use crate::http::authz::{Authorized, WorkspaceRead, WorkspaceWrite};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

fn store_error(e: StoreError, id: &str) -> TenantError {
    TenantError::from_store(
        e,
        || format!("Integration package {id} does not exist."),
        || "Entity with the specified IntegrationPackage id already exist.".to_owned(),
    )
}

fn package_ref(id: &str) -> Result<EntityRef, TenantError> {
    let set = cpi_odata::service::model().entity_set("IntegrationPackages").ok_or(ODataError::Internal)?;
    Ok(EntityRef { set, source: EntitySource::Packages, key: Key { values: vec![("Id", Literal::String(id.into()))] } })
}

async fn created(state: &AppState, principal: &Principal, id: &str) -> ApiResult {
    Ok(ApiResponse::Entity(StatusCode::CREATED, read_one(state, principal, &package_ref(id)?).await?))
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
    Ok(())
}

fn new_package(state: &AppState, who: &str, id: &str) -> IntegrationPackage {
    let now = state.clock.now();
    IntegrationPackage {
        id: id.to_owned(),
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
        created_by: who.to_owned(),
        modified_by: who.to_owned(),
        creation_date: now,
        modified_date: now,
        products: String::new(),
        keywords: String::new(),
        countries: String::new(),
        industries: String::new(),
        line_of_business: String::new(),
    }
}

/// `POST IntegrationPackages` → 201: a new package, or the import of `PackageContent`.
pub async fn create(
    state: &AppState,
    auth: Authorized<WorkspaceWrite>,
    query: &QueryOptions,
    body: &[u8],
) -> ApiResult {
    let map = object_body(body)?;
    let overwrite = query.custom("Overwrite").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if let Some(content) = text_field(&map, "PackageContent")? {
        return import(state, auth, &content, overwrite).await;
    }
    let id = text_field(&map, "Id")?
        .ok_or_else(|| TenantError::from(ODataError::BadRequest("Property 'Id' is required.".into())))?;
    check_id(&id)?;
    let mut package = new_package(state, &auth.principal.name, &id);
    apply_fields(&mut package, &map)?;
    if package.name.trim().is_empty() {
        return Err(ODataError::BadRequest("Property 'Name' is required.".into()).into());
    }
    let zone = auth.principal.zone.id;
    if overwrite {
        remove_if_present(state, zone, &id).await?;
    }
    state.store.create_package(zone, &package).await.map_err(|e| store_error(e, &id))?;
    created(state, &auth.principal, &id).await
}

fn check_id(id: &str) -> Result<(), TenantError> {
    if is_valid_package_id(id) {
        return Ok(());
    }
    Err(ODataError::BadRequest(format!("'{id}' is not a valid package Id: use letters, digits, '_', '.' and '-'."))
        .into())
}

async fn remove_if_present(state: &AppState, zone: uuid::Uuid, id: &str) -> Result<(), TenantError> {
    match state.store.delete_package(zone, id).await {
        Ok(()) | Err(StoreError::NotFound) => Ok(()),
        Err(e) => Err(store_error(e, id)),
    }
}

/// Imports a package zip: every artifact is validated before anything is written.
async fn import(state: &AppState, auth: Authorized<WorkspaceWrite>, content: &str, overwrite: bool) -> ApiResult {
    let bytes = STANDARD
        .decode(content.trim())
        .map_err(|_| ODataError::BadRequest("PackageContent is not valid base64.".into()))?;
    let archive = read_package(&bytes, &BUNDLE_LIMITS).map_err(bad_bundle)?;
    check_id(&archive.id)?;
    let who = auth.principal.name.clone();
    let mut package = new_package(state, &who, &archive.id);
    package.name = archive.name.clone();
    package.description = archive.description.clone();
    package.short_text = archive.short_text.clone();
    package.version = archive.version.clone();
    package.vendor = archive.vendor.clone();
    let now = state.clock.now();
    let authorship = Authorship { created_by: who.clone(), created_at: now, modified_by: who, modified_at: now };
    let mut contents = Vec::with_capacity(archive.artifacts.len());
    for artifact in &archive.artifacts {
        let Some(kind) = kind_of_bundle(&artifact.kind) else { continue };
        let bundle = decode_bundle(&STANDARD.encode(&artifact.content), kind, "PackageContent")?;
        contents.push(artifact_content(&bundle, kind, &archive.id, authorship.clone())?);
    }
    let zone = auth.principal.zone.id;
    if overwrite {
        remove_if_present(state, zone, &archive.id).await?;
    }
    state.store.create_package(zone, &package).await.map_err(|e| store_error(e, &archive.id))?;
    if let Err(error) = create_all(state, zone, &contents).await {
        // Nothing half-written: the package and what was imported so far go again.
        let _ = state.store.delete_package(zone, &archive.id).await;
        return Err(error);
    }
    created(state, &auth.principal, &archive.id).await
}

async fn create_all(state: &AppState, zone: uuid::Uuid, contents: &[ArtifactContent]) -> Result<(), TenantError> {
    for content in contents {
        let a = &content.artifact;
        state.store.create_artifact(zone, content).await.map_err(|e| {
            TenantError::from_store(
                e,
                || format!("Integration package {} does not exist.", a.package_id),
                || format!("An artifact with the ID {} already exists in another package.", a.id),
            )
        })?;
    }
    Ok(())
}

/// `PUT IntegrationPackages('Id')` → 202.
pub async fn update(state: &AppState, auth: Authorized<WorkspaceWrite>, key: &Key, body: &[u8]) -> ApiResult {
    let id = key_text(key, "Id")?;
    let map = object_body(body)?;
    if let Some(body_id) = text_field(&map, "Id")?
        && body_id != id
    {
        return Err(
            ODataError::BadRequest("Entity key specified in URI does not match to Id from payload.".into()).into()
        );
    }
    let zone = auth.principal.zone.id;
    // Concurrent updates of one package on this node queue, so neither's fields are lost.
    let _queued = state.write_locks.lock(&(zone, "IntegrationPackages", id)).await;
    let mut package = state.store.get_package(zone, id).await.map_err(|e| store_error(e, id))?;
    apply_fields(&mut package, &map)?;
    package.modified_by = auth.principal.name.clone();
    package.modified_date = state.clock.now();
    state.store.update_package(zone, &package).await.map_err(|e| store_error(e, id))?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

/// `DELETE IntegrationPackages('Id')` → 202 (its artifacts go with it).
pub async fn delete(state: &AppState, auth: Authorized<WorkspaceWrite>, key: &Key) -> ApiResult {
    let id = key_text(key, "Id")?;
    state.store.delete_package(auth.principal.zone.id, id).await.map_err(|e| store_error(e, id))?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

async fn archive_of(state: &AppState, zone: uuid::Uuid, id: &str) -> Result<PackageArchive, TenantError> {
    let package = state.store.get_package(zone, id).await.map_err(|e| store_error(e, id))?;
    let contents = state.store.package_contents(zone, id).await.map_err(|e| store_error(e, id))?;
    Ok(PackageArchive {
        id: package.id,
        name: package.name,
        description: package.description,
        short_text: package.short_text,
        version: package.version,
        vendor: package.vendor,
        artifacts: contents
            .into_iter()
            .map(|c| PackagedArtifact {
                id: c.artifact.id,
                name: c.artifact.name,
                version: c.artifact.version,
                kind: bundle_type_of(c.artifact.kind),
                content: c.bundle,
            })
            .collect(),
    })
}

/// `GET IntegrationPackages('Id')/$value`: the package as a zip.
pub async fn export(state: &AppState, auth: Authorized<WorkspaceRead>, key: &Key) -> ApiResult {
    let id = key_text(key, "Id")?;
    let archive = archive_of(state, auth.principal.zone.id, id).await?;
    Ok(ApiResponse::Raw {
        status: StatusCode::OK,
        content_type: "application/zip".into(),
        filename: Some(format!("{id}.zip")),
        body: write_package(&archive),
    })
}

/// `POST CopyIntegrationPackage?Id='…'&Suffix='…'` → 201: a copy whose package and artifact ids
/// carry the suffix.
pub async fn copy(state: &AppState, auth: Authorized<WorkspaceWrite>, id: &str, suffix: Option<&str>) -> ApiResult {
    let suffix = suffix.unwrap_or_default();
    let zone = auth.principal.zone.id;
    let source = state.store.get_package(zone, id).await.map_err(|e| store_error(e, id))?;
    let new_id = format!("{id}{suffix}");
    check_id(&new_id)?;
    let mut package = new_package(state, &auth.principal.name, &new_id);
    package.name = format!("{}{suffix}", source.name);
    package.description = source.description;
    package.short_text = source.short_text;
    package.version = source.version;
    package.vendor = source.vendor;
    let now = state.clock.now();
    let who = auth.principal.name.clone();
    let authorship = Authorship { created_by: who.clone(), created_at: now, modified_by: who, modified_at: now };
    let mut contents = Vec::new();
    for content in state.store.package_contents(zone, id).await.map_err(|e| store_error(e, id))? {
        let mut bundle = cpi_bundle::Bundle::read(&content.bundle, &BUNDLE_LIMITS).map_err(bad_bundle)?;
        let artifact_id = format!("{}{suffix}", content.artifact.id);
        bundle.set_identity(Some(&artifact_id), None, None);
        contents.push(artifact_content(&bundle, content.artifact.kind, &new_id, authorship.clone())?);
    }
    state.store.create_package(zone, &package).await.map_err(|e| store_error(e, &new_id))?;
    if let Err(error) = create_all(state, zone, &contents).await {
        let _ = state.store.delete_package(zone, &new_id).await;
        return Err(error);
    }
    created(state, &auth.principal, &new_id).await
}
