//! Turning a runtime artifact's bundle snapshot into a callable flow: at deployment (where a
//! failure becomes the artifact's error information) and at start (every `STARTED` flow is
//! registered again).

use uuid::Uuid;

use cpi_bundle::Bundle;
use cpi_domain::content::{ArtifactKind, RuntimeArtifact, RuntimeStatus};
use cpi_flow::CompiledFlow;
use cpi_store::StoreError;

use super::registry::DeployedFlow;
use crate::api::bundles::BUNDLE_LIMITS;
use crate::state::AppState;

/// Compiles a bundle snapshot: `None` for artifacts that are not integration flows, else the
/// flow, or the text that explains why it cannot run.
pub fn compile_bundle(bundle: &[u8], kind: ArtifactKind) -> Result<Option<CompiledFlow>, String> {
    let bundle = Bundle::read(bundle, &BUNDLE_LIMITS).map_err(|e| e.to_string())?;
    if kind != ArtifactKind::IntegrationFlow {
        return Ok(None);
    }
    let model = match bundle.iflow() {
        Some(Ok(model)) => model,
        Some(Err(error)) => return Err(format!("The integration flow cannot be parsed: {error}")),
        None => return Err("The bundle holds no integration flow.".to_owned()),
    };
    let configurations = bundle.configurations().map_err(|e| e.to_string())?;
    let value_of = |name: &str| configurations.iter().find(|c| c.key == name).map(|c| c.value.clone());
    cpi_flow::compile::compile(&model, &value_of).map(Some).map_err(|e| e.to_string())
}

/// Registers a started runtime artifact's flow if it has an HTTPS sender.
pub async fn register(
    state: &AppState,
    zone: Uuid,
    runtime: &RuntimeArtifact,
    flow: CompiledFlow,
) -> Result<(), StoreError> {
    let Some(sender) = flow.sender.clone() else { return Ok(()) };
    let package = package_of(state, zone, runtime).await?;
    if let Some(level) = state.store.runtime_log_level(zone, &runtime.id).await.or_else(not_found_as_none)? {
        state.runtime.registry.set_log_level(zone, &runtime.id, level);
    }
    state.runtime.registry.insert(DeployedFlow {
        zone,
        artifact_id: runtime.id.clone(),
        name: runtime.name.clone(),
        version: runtime.version.clone(),
        package,
        flow,
        sender,
    });
    Ok(())
}

fn not_found_as_none<T>(error: StoreError) -> Result<Option<T>, StoreError> {
    match error {
        StoreError::NotFound => Ok(None),
        other => Err(other),
    }
}

async fn package_of(
    state: &AppState,
    zone: Uuid,
    runtime: &RuntimeArtifact,
) -> Result<Option<(String, String)>, StoreError> {
    let Some(artifact) =
        state.store.get_artifact(zone, runtime.kind, &runtime.id).await.map(Some).or_else(not_found_as_none)?
    else {
        return Ok(None);
    };
    let name = state
        .store
        .get_package(zone, &artifact.package_id)
        .await
        .map(|p| Some(p.name))
        .or_else(not_found_as_none)?
        .unwrap_or_else(|| artifact.package_id.clone());
    Ok(Some((artifact.package_id, name)))
}

/// Registers every started flow of every subaccount (at start). Returns how many are callable.
pub async fn load_deployed_flows(state: &AppState) -> Result<usize, StoreError> {
    for (zone, runtime) in state.store.list_runtime_artifacts().await? {
        if runtime.status != RuntimeStatus::Started || runtime.kind != ArtifactKind::IntegrationFlow {
            continue;
        }
        let bundle = state.store.runtime_bundle(zone, &runtime.id).await?;
        match compile_bundle(&bundle, runtime.kind) {
            Ok(Some(flow)) => register(state, zone, &runtime, flow).await?,
            Ok(None) => {}
            Err(reason) => tracing::warn!(flow = %runtime.id, reason = %reason, "a started flow no longer compiles"),
        }
    }
    Ok(state.runtime.registry.len())
}
