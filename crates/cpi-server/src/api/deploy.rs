//! Deployment: `Deploy<Kind>DesigntimeArtifact` records a task and answers 202 with its bare id;
//! a background task builds the runtime artifact from a snapshot of the bundle and finishes the
//! task `SUCCESS` (runtime `STARTED`, endpoints published) or `FAIL` (runtime `ERROR` with its
//! error information). Tasks in flight when the server stopped are resumed at start.

use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;

use cpi_domain::content::{ArtifactKind, DeployStatus, DeployTask, RuntimeArtifact, RuntimeStatus, ServiceEndpoint};
use cpi_odata::ODataError;
use cpi_store::{ArtifactContent, DeployOutcome, StoreError};

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
    let built = build(state, zone, &runtime.id, &bundle, task.kind);
    let (outcome, flow) = match built {
        Ok(flow) => {
            runtime.status = RuntimeStatus::Started;
            let address = flow.as_ref().and_then(|f| f.sender.as_ref()).map(|s| s.address.clone());
            let endpoints = address
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
            (DeployOutcome { task_status: DeployStatus::Success, runtime: runtime.clone(), endpoints }, flow)
        }
        Err(message) => {
            runtime.status = RuntimeStatus::Error;
            runtime.error = Some(error_document(&message));
            (DeployOutcome { task_status: DeployStatus::Fail, runtime: runtime.clone(), endpoints: Vec::new() }, None)
        }
    };
    // The flow becomes callable before the store says STARTED, so a client that sees STARTED
    // can call it at once; a redeploy replaces the old flow in one swap.
    match flow {
        Some(flow) => crate::runtime::loader::register(state, zone, &outcome.runtime, flow).await?,
        None => {
            state.runtime.registry.remove(zone, &task.artifact_id);
        }
    }
    match state.store.finish_deployment(zone, &task.task_id, &outcome).await {
        // Another node or an earlier run finished it.
        Err(StoreError::NotFound) => return Ok(()),
        other => other?,
    }
    match state.store.get_runtime_artifact(zone, &task.artifact_id).await {
        Ok(current) if current.status == RuntimeStatus::Started => Ok(()),
        Ok(_) | Err(StoreError::NotFound) => {
            // Undeployed meanwhile: nothing is callable under its id any more.
            state.runtime.registry.remove(zone, &task.artifact_id);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Builds a runtime artifact: the compiled flow (none for other artifact kinds), or why it
/// cannot start (a step this runtime does not run, a parameter without value, an address
/// another flow of the tenant already serves, …).
fn build(
    state: &AppState,
    zone: Uuid,
    artifact_id: &str,
    bundle: &[u8],
    kind: ArtifactKind,
) -> Result<Option<cpi_flow::CompiledFlow>, String> {
    let flow = crate::runtime::loader::compile_bundle(bundle, kind)?;
    if let Some(sender) = flow.as_ref().and_then(|f| f.sender.as_ref())
        && let Some((other, address)) = state.runtime.registry.conflict(zone, artifact_id, &sender.address)
    {
        return Err(format!(
            "The address '{}' of the HTTPS sender channel '{}' is already used by the deployed integration flow \
             '{other}' (address '{address}'); endpoint addresses must be unique in the tenant.",
            sender.address, sender.channel_name
        ));
    }
    Ok(flow)
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
    state.runtime.registry.remove(auth.principal.zone.id, id);
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
