//! Function imports (all `POST`, parameters as quoted literals in the query string):
//! `Deploy<Kind>DesigntimeArtifact`, `<Kind>DesigntimeArtifactSaveAsVersion` and
//! `CopyIntegrationPackage`. Each declares the permission it needs.

use axum::http::StatusCode;

use cpi_domain::content::ArtifactKind;
use cpi_odata::ODataError;
use cpi_odata::model::FunctionImport;
use cpi_odata::query::Literal;
use cpi_store::EntitySource;

use super::modify::modify_artifact;
use super::read::read_one;
use super::target::{EntityRef, Key};
use super::{ApiRequest, ApiResponse, ApiResult, deploy, method_not_allowed, packages};
use crate::http::authz::{Authorized, WorkspaceWrite};
use crate::http::errors::TenantError;
use crate::state::AppState;

/// Calls a function import.
pub async fn call(state: &AppState, request: ApiRequest, function: &'static FunctionImport) -> ApiResult {
    if request.method.as_str() != function.http_method {
        return Err(method_not_allowed(&request.method));
    }
    let name = function.name;
    if let Some(kind) = ArtifactKind::from_deploy_function(name) {
        let id = required(&request, "Id")?;
        let version = optional(&request, "Version")?;
        return deploy::deploy(state, Authorized::check(request.principal)?, kind, &id, version.as_deref()).await;
    }
    if let Some(kind) = ArtifactKind::from_save_as_version_function(name) {
        return save_as_version(state, request, kind).await;
    }
    if name == "CopyIntegrationPackage" {
        let id = required(&request, "Id")?;
        let suffix = optional(&request, "Suffix")?;
        let auth: Authorized<WorkspaceWrite> = Authorized::check(request.principal)?;
        return packages::copy(state, auth, &id, suffix.as_deref()).await;
    }
    Err(ODataError::NotImplemented(format!("The function {name} is not supported by this server yet.")).into())
}

/// A parameter's literal value: `'text'` with `''` escapes (quotes optional).
fn optional(request: &ApiRequest, name: &str) -> Result<Option<String>, TenantError> {
    let Some(raw) = request.query.custom(name) else { return Ok(None) };
    let raw = raw.trim();
    let text = match raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => raw.to_owned(),
    };
    Ok(Some(text))
}

fn required(request: &ApiRequest, name: &str) -> Result<String, TenantError> {
    optional(request, name)?.ok_or_else(|| ODataError::BadRequest(format!("The parameter {name} is required.")).into())
}

/// `POST <Kind>DesigntimeArtifactSaveAsVersion?Id='…'&SaveAsVersion='…'` → 200 with the entity.
async fn save_as_version(state: &AppState, request: ApiRequest, kind: ArtifactKind) -> ApiResult {
    let id = required(&request, "Id")?;
    let version = required(&request, "SaveAsVersion")?;
    if version.is_empty() || !version.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_') {
        return Err(ODataError::BadRequest(format!("'{version}' is not a valid version.")).into());
    }
    let auth: Authorized<WorkspaceWrite> = Authorized::check(request.principal)?;
    let set = cpi_odata::service::model().entity_set(kind.entity_set()).ok_or(ODataError::Internal)?;
    let entity = EntityRef {
        set,
        source: EntitySource::Artifacts { kind, package: None },
        key: Key { values: vec![("Id", Literal::String(id))] },
    };
    modify_artifact(state, &auth.principal, &entity, |_, bundle| {
        bundle.set_identity(None, None, Some(&version));
        Ok(())
    })
    .await?;
    Ok(ApiResponse::Entity(StatusCode::OK, read_one(state, &auth.principal, &entity).await?))
}
