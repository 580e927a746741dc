//! Deployment and deployed content: deploy, the deploy task's status, runtime artifacts with
//! their errors, undeploy, and service endpoints.

use reqwest::Method;
use serde_json::Value;

use super::{ArtifactKind, DeployTask, RuntimeArtifact, ServiceEndpoint, TenantClient, key_literal, string_literal};
use crate::http::{ApiError, with_query};

const RUNTIME_ARTIFACTS: &str = "IntegrationRuntimeArtifacts";

fn runtime_path(id: &str) -> String {
    format!("{RUNTIME_ARTIFACTS}({})", key_literal(id))
}

impl TenantClient {
    /// Deploys the active version of an artifact (`POST Deploy<Kind>DesigntimeArtifact?Id=&Version='active'`
    /// → 202); returns the task id for [`deploy_status`](Self::deploy_status).
    pub async fn deploy(&self, kind: ArtifactKind, id: &str) -> Result<String, ApiError> {
        let id = string_literal(id);
        let version = string_literal("active");
        let path = with_query(kind.deploy_function(), &[("Id", &id), ("Version", &version)]);
        let response = self.api.send(Method::POST, &path, None).await?;
        task_id_of(&response.body).ok_or_else(|| {
            self.decode_error(&Method::POST, &path, "the deployment was accepted without a task id".to_owned())
        })
    }

    /// The state of a deployment task: `DEPLOYING`, `SUCCESS`, `FAIL` or `FAIL_ON_LICENSE_ERROR`.
    pub async fn deploy_status(&self, task_id: &str) -> Result<String, ApiError> {
        Ok(self.deploy_task(task_id).await?.status)
    }

    /// A deployment task (`BuildAndDeployStatus(TaskId='…')`).
    pub async fn deploy_task(&self, task_id: &str) -> Result<DeployTask, ApiError> {
        self.get_entity(&format!("BuildAndDeployStatus(TaskId={})", key_literal(task_id))).await
    }

    /// Every deployed artifact.
    pub async fn runtime_artifacts(&self) -> Result<Vec<RuntimeArtifact>, ApiError> {
        self.list_all(RUNTIME_ARTIFACTS, &[]).await
    }

    /// One deployed artifact (404 when it is not deployed).
    pub async fn runtime_artifact(&self, id: &str) -> Result<RuntimeArtifact, ApiError> {
        self.get_entity(&runtime_path(id)).await
    }

    /// Why a deployed artifact is in `ERROR`: the `ErrorInformation/$value` document (JSON
    /// text, returned as it is).
    pub async fn runtime_error(&self, id: &str) -> Result<String, ApiError> {
        self.get_text(&format!("{}/ErrorInformation/$value", runtime_path(id))).await
    }

    /// Undeploys an artifact (202; 404 when it is not deployed).
    pub async fn undeploy(&self, id: &str) -> Result<(), ApiError> {
        self.api.delete(&runtime_path(id)).await
    }

    /// Every service endpoint with its entry points (`ServiceEndpoints?$expand=EntryPoints`).
    pub async fn service_endpoints(&self) -> Result<Vec<ServiceEndpoint>, ApiError> {
        self.list_all("ServiceEndpoints", &[("$expand", "EntryPoints")]).await
    }
}

/// The task id in a deploy response. SAP (and `cpi serve`) answer the bare id as text; a JSON
/// string, `{"d":"…"}`, `{"d":{"TaskId":"…"}}` or `{"d":{"<Function>":"…"}}` are read too.
pub(crate) fn task_id_of(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if !(text.starts_with('{') || text.starts_with('"')) {
        return Some(text.to_owned());
    }
    let json: Value = serde_json::from_str(text).ok()?;
    let inner = json.get("d").unwrap_or(&json);
    let id = match inner {
        Value::String(id) => Some(id.as_str()),
        Value::Object(fields) => fields.get("TaskId").and_then(Value::as_str).or_else(|| {
            let mut texts = fields.iter().filter(|(name, _)| !name.starts_with("__")).filter_map(|(_, v)| v.as_str());
            texts.next().filter(|_| texts.next().is_none())
        }),
        _ => None,
    };
    id.map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_are_read_from_every_shape() {
        let id = "5cd8a4d4-3e1b-4b5c-9a0e-1f2e3d4c5b6a";
        for body in [
            id.to_owned(),
            format!("  {id}\n"),
            format!("\"{id}\""),
            format!(r#"{{"d":"{id}"}}"#),
            format!(r#"{{"d":{{"__metadata":{{}},"TaskId":"{id}","Status":"DEPLOYING"}}}}"#),
            format!(r#"{{"d":{{"DeployIntegrationDesigntimeArtifact":"{id}"}}}}"#),
        ] {
            assert_eq!(task_id_of(body.as_bytes()).as_deref(), Some(id), "{body}");
        }
        for body in ["", "  ", "{}", r#"{"d":{"a":"1","b":"2"}}"#, r#"{"d":null}"#] {
            assert_eq!(task_id_of(body.as_bytes()), None, "{body}");
        }
    }
}
