//! Runs a [`Request`] with a [`Loader`] and turns the outcome into a [`Response`]: the effects
//! of the app, done in background tasks.

use std::path::PathBuf;
use std::time::Duration;

use cpi_client::ArtifactKind;
use time::OffsetDateTime;

use crate::loader::{LoadError, Loaded, Loader};
use crate::request::{ArtifactDetails, ArtifactEntry, MessageDetails, Request, Response, RuntimeDetails};

/// How requests are run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where downloads are written.
    pub download_dir: PathBuf,
    /// How long to wait between two looks at a deployment task.
    pub poll_interval: Duration,
    /// How many looks at a deployment task before giving up waiting.
    pub poll_attempts: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { download_dir: PathBuf::from("."), poll_interval: Duration::from_secs(1), poll_attempts: 120 }
    }
}

/// Runs one request to its response.
pub async fn execute<L: Loader>(loader: &L, request: Request, settings: &Settings) -> Response {
    match request {
        Request::Packages => Response::Packages(loader.packages().await),
        Request::Artifacts { package } => {
            let result = artifacts(loader, &package).await;
            Response::Artifacts { package, result }
        }
        Request::ArtifactDetails { kind, id } => {
            let result = artifact_details(loader, kind, &id).await;
            Response::ArtifactDetails { id, result }
        }
        Request::Runtime => Response::Runtime(loader.runtime_artifacts().await),
        Request::RuntimeDetails { id } => {
            let result = runtime_details(loader, &id).await;
            Response::RuntimeDetails { id, result }
        }
        Request::Messages(filter) => {
            let result = loader.message_logs(&filter.query(OffsetDateTime::now_utc())).await;
            Response::Messages { filter, result }
        }
        Request::MessageDetails { guid, with_error } => {
            let result = message_details(loader, &guid, with_error).await;
            Response::MessageDetails { guid, result }
        }
        Request::Attachment { id } => {
            let result = loader.attachment_content(&id).await.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            Response::Attachment { id, result }
        }
        Request::Deploy { kind, id } => {
            let result = deploy(loader, kind, &id, settings).await;
            Response::Deployed { id, result }
        }
        Request::Undeploy { id } => {
            let result = loader.undeploy(&id).await;
            Response::Undeployed { id, result }
        }
        Request::Download { kind, id } => {
            let result = download(loader, kind, &id, settings).await;
            Response::Downloaded { id, result }
        }
    }
}

/// The artifacts of every kind in a package, integration flows first.
async fn artifacts<L: Loader>(loader: &L, package: &str) -> Loaded<Vec<ArtifactEntry>> {
    let [flows, value_mappings, message_mappings, scripts] =
        ArtifactKind::ALL.map(|kind| loader.artifacts(kind, package));
    let lists = futures::future::try_join4(flows, value_mappings, message_mappings, scripts).await?;
    let lists = [lists.0, lists.1, lists.2, lists.3];
    Ok(ArtifactKind::ALL
        .into_iter()
        .zip(lists)
        .flat_map(|(kind, artifacts)| artifacts.into_iter().map(move |artifact| ArtifactEntry { kind, artifact }))
        .collect())
}

async fn artifact_details<L: Loader>(loader: &L, kind: ArtifactKind, id: &str) -> Loaded<ArtifactDetails> {
    let (configurations, resources, runtime) =
        tokio::join!(loader.configurations(kind, id), loader.resources(kind, id), loader.runtime_artifact(id));
    Ok(ArtifactDetails { configurations: configurations?, resources: resources?, runtime: found(runtime)? })
}

async fn runtime_details<L: Loader>(loader: &L, id: &str) -> Loaded<RuntimeDetails> {
    let artifact = found(loader.runtime_artifact(id).await)?;
    let error = match &artifact {
        Some(artifact) if artifact.status == "ERROR" => found(loader.runtime_error(id).await)?.map(pretty_json),
        _ => None,
    };
    Ok(RuntimeDetails { artifact, error })
}

async fn message_details<L: Loader>(loader: &L, guid: &str, with_error: bool) -> Loaded<MessageDetails> {
    let error = async { if with_error { found(loader.message_error_text(guid).await) } else { Ok(None) } };
    let (error, attachments) = tokio::join!(error, loader.message_attachments(guid));
    Ok(MessageDetails { error: error?, attachments: attachments? })
}

/// Deploys, then looks at the task until it is no longer `DEPLOYING`; the runtime status of the
/// artifact then (`STARTED`, `ERROR`), or the task's status when the artifact is not deployed.
async fn deploy<L: Loader>(loader: &L, kind: ArtifactKind, id: &str, settings: &Settings) -> Loaded<String> {
    let task = loader.deploy(kind, id).await?;
    let mut status = loader.deploy_status(&task).await?;
    for _ in 0..settings.poll_attempts {
        if status != "DEPLOYING" {
            break;
        }
        tokio::time::sleep(settings.poll_interval).await;
        status = loader.deploy_status(&task).await?;
    }
    if status == "DEPLOYING" {
        return Ok("still deploying".to_owned());
    }
    match found(loader.runtime_artifact(id).await)? {
        Some(runtime) => Ok(runtime.status),
        None if status == "SUCCESS" => Ok(status),
        None => Err(LoadError::new(format!("the deployment ended with {status}"))),
    }
}

async fn download<L: Loader>(loader: &L, kind: ArtifactKind, id: &str, settings: &Settings) -> Loaded<PathBuf> {
    let bytes = loader.download_artifact(kind, id).await?;
    let name: String = id.chars().map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    let path = settings.download_dir.join(format!("{name}.zip"));
    tokio::fs::write(&path, bytes)
        .await
        .map_err(|error| LoadError::new(format!("cannot write {}: {error}", path.display())))?;
    Ok(path)
}

/// A JSON document indented for reading (SAP's error documents come on one line); other text
/// as it is.
fn pretty_json(text: String) -> String {
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok())
        .unwrap_or(text)
}

/// A "not found" answer as `None`.
fn found<T>(result: Loaded<T>) -> Loaded<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(error) if error.not_found => Ok(None),
        Err(error) => Err(error),
    }
}
