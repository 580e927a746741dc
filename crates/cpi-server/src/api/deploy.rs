//! Deployment: `Deploy<Kind>DesigntimeArtifact` records a task and answers 202 with its bare id;
//! a background task builds the runtime artifact from a snapshot of the bundle and finishes the
//! task `SUCCESS` (runtime `STARTED`, endpoints published) or `FAIL` (runtime `ERROR` with its
//! error information). Tasks in flight when the server stopped are resumed at start.

use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;

use cpi_bundle::{Bundle, substitute_placeholders};
use cpi_domain::content::{ArtifactKind, DeployStatus, DeployTask, RuntimeArtifact, RuntimeStatus, ServiceEndpoint};
use cpi_odata::ODataError;
use cpi_store::{ArtifactContent, DeployOutcome, StoreError};

use super::bundles::BUNDLE_LIMITS;
use super::read::key_text;
use super::target::Key;
use super::{ApiResponse, ApiResult};
use crate::http::authz::{ArtifactBuild, Authorized, ContentDeploy};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// The tenant error of a deployment store failure whose `NotFound` means `missing`.
fn store_failure(error: StoreError, missing: impl Fn() -> String) -> TenantError {
    TenantError::from_store(error, &missing, &missing)
}

/// `POST Deploy<Kind>DesigntimeArtifact?Id='…'&Version='…'` → 202 with the task id as the body.
pub async fn deploy(
    state: &AppState,
    auth: Authorized<ArtifactBuild>,
    kind: ArtifactKind,
    id: &str,
    version: Option<&str>,
) -> ApiResult {
    let zone = auth.principal.zone.id;
    let content = state
        .store
        .get_artifact_content(zone, kind, id)
        .await
        .map_err(|e| store_failure(e, || format!("The {} artifact '{id}' does not exist.", kind.api_word())))?;
    if let Some(version) = version.filter(|v| !v.eq_ignore_ascii_case("active"))
        && version != content.artifact.version
    {
        return Err(ODataError::NotFound(format!("Version {version} of '{id}' does not exist.")).into());
    }
    let task = start(state, &auth.principal, &content).await?;
    Ok(ApiResponse::Raw {
        status: StatusCode::ACCEPTED,
        content_type: "text/plain; charset=utf-8".into(),
        filename: None,
        body: task.task_id.into_bytes(),
    })
}

/// Records the task and the `STARTING` runtime artifact, then runs the deployment.
pub async fn start(
    state: &AppState,
    principal: &Principal,
    content: &ArtifactContent,
) -> Result<DeployTask, TenantError> {
    let now = state.clock.now();
    let a = &content.artifact;
    let task = DeployTask {
        task_id: state.random.uuid().hyphenated().to_string(),
        kind: a.kind,
        artifact_id: a.id.clone(),
        version: a.version.clone(),
        status: DeployStatus::Deploying,
        deployed_by: principal.name.clone(),
        created_at: now,
    };
    let runtime = RuntimeArtifact {
        id: a.id.clone(),
        kind: a.kind,
        version: a.version.clone(),
        name: a.name.clone(),
        deployed_by: principal.name.clone(),
        deployed_on: now,
        status: RuntimeStatus::Starting,
        error: None,
    };
    let zone = principal.zone.id;
    state
        .store
        .start_deployment(zone, &task, &runtime, &content.bundle)
        .await
        .map_err(|e| store_failure(e, || "The deployment could not be recorded.".to_owned()))?;
    spawn(state.clone(), zone, task.clone());
    Ok(task)
}

/// Runs a deployment in the background (after the configured delay).
pub fn spawn(state: AppState, zone: Uuid, task: DeployTask) {
    tokio::spawn(async move {
        if !state.deploy_delay.is_zero() {
            tokio::time::sleep(state.deploy_delay).await;
        }
        if let Err(error) = finish(&state, zone, &task).await {
            tracing::error!(error = %error, task = %task.task_id, "deployment could not be finished");
        }
    });
}

/// Resumes every deployment still in flight (at start).
pub async fn resume_pending(state: &AppState) -> Result<usize, StoreError> {
    let pending = state.store.pending_deployments().await?;
    let count = pending.len();
    for (zone, task) in pending {
        tracing::info!(task = %task.task_id, artifact = %task.artifact_id, "resuming a deployment");
        spawn(state.clone(), zone, task);
    }
    Ok(count)
}

async fn finish(state: &AppState, zone: Uuid, task: &DeployTask) -> Result<(), StoreError> {
    let bundle = state.store.runtime_bundle(zone, &task.artifact_id).await?;
    let mut runtime = state.store.get_runtime_artifact(zone, &task.artifact_id).await?;
    let now = state.clock.now();
    let outcome = match build(&bundle, task.kind) {
        Ok(addresses) => {
            runtime.status = RuntimeStatus::Started;
            let endpoints = addresses
                .into_iter()
                .map(|address| ServiceEndpoint {
                    artifact_id: runtime.id.clone(),
                    url: format!("{}/http{address}", state.public_url),
                    address,
                    title: runtime.name.clone(),
                    version: runtime.version.clone(),
                    protocol: "REST".to_owned(),
                    last_updated: now,
                })
                .collect();
            DeployOutcome { task_status: DeployStatus::Success, runtime, endpoints }
        }
        Err(message) => {
            runtime.status = RuntimeStatus::Error;
            runtime.error = Some(error_document(&message));
            DeployOutcome { task_status: DeployStatus::Fail, runtime, endpoints: Vec::new() }
        }
    };
    match state.store.finish_deployment(zone, &task.task_id, &outcome).await {
        // Another node or an earlier run finished it.
        Err(StoreError::NotFound) => Ok(()),
        other => other,
    }
}

/// Builds a runtime artifact: the HTTPS sender addresses of a flow, or why it cannot start.
fn build(bundle: &[u8], kind: ArtifactKind) -> Result<Vec<String>, String> {
    let bundle = Bundle::read(bundle, &BUNDLE_LIMITS).map_err(|e| e.to_string())?;
    if kind != ArtifactKind::IntegrationFlow {
        return Ok(Vec::new());
    }
    let flow = match bundle.iflow() {
        Some(Ok(flow)) => flow,
        Some(Err(error)) => return Err(format!("The integration flow cannot be parsed: {error}")),
        None => return Err("The bundle holds no integration flow.".to_owned()),
    };
    let configurations = bundle.configurations().map_err(|e| e.to_string())?;
    let value_of = |name: &str| configurations.iter().find(|c| c.key == name).map(|c| c.value.clone());
    for name in &flow.placeholders {
        if value_of(name).is_none() {
            return Err(format!(
                "The externalized parameter '{name}' has no value: add it to the configuration of the flow."
            ));
        }
    }
    let mut addresses = Vec::new();
    for endpoint in flow.sender_endpoints.iter().filter(|e| e.component_type == "HTTPS") {
        let address = substitute_placeholders(&endpoint.address, &value_of)
            .map_err(|missing| format!("The externalized parameter '{}' has no value.", missing.name))?;
        let address = address.trim();
        if address.is_empty() {
            return Err(format!("The HTTPS sender channel '{}' has no address.", endpoint.channel_name));
        }
        addresses.push(if address.starts_with('/') { address.to_owned() } else { format!("/{address}") });
    }
    Ok(addresses)
}

/// The error information of a runtime artifact that could not start, as JSON.
fn error_document(message: &str) -> String {
    json!({
        "message": {
            "subsystemName": "IT Runtime",
            "subsytemPartName": "Deployment",
            "messageId": "DEPLOYMENT_FAILED",
            "messageText": message,
        },
        "parameter": [],
        "childMessageInstances": [],
    })
    .to_string()
}

/// `DELETE IntegrationRuntimeArtifacts('Id')` → 202; 404 when not deployed.
pub async fn undeploy(state: &AppState, auth: Authorized<ContentDeploy>, key: &Key) -> ApiResult {
    let id = key_text(key, "Id")?;
    state
        .store
        .delete_runtime_artifact(auth.principal.zone.id, id)
        .await
        .map_err(|e| store_failure(e, || format!("Integration runtime artifact '{id}' is not deployed.")))?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

/// `GET IntegrationRuntimeArtifacts('Id')/ErrorInformation/$value`: the error as JSON.
pub async fn error_information(state: &AppState, principal: &Principal, key: &Key) -> ApiResult {
    let id = key_text(key, "Id")?;
    let runtime = state
        .store
        .get_runtime_artifact(principal.zone.id, id)
        .await
        .map_err(|e| store_failure(e, || format!("Integration runtime artifact '{id}' is not deployed.")))?;
    let body = runtime
        .error
        .ok_or_else(|| ODataError::NotFound(format!("The runtime artifact '{id}' has no error information.")))?;
    Ok(ApiResponse::Raw {
        status: StatusCode::OK,
        content_type: "application/json".into(),
        filename: None,
        body: body.into_bytes(),
    })
}
