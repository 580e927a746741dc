//! [`Loader`]: everything the UI reads from or does to a tenant, as an async trait that
//! [`TenantClient`] implements and tests fake.

use std::future::Future;

use cpi_client::tenant::{Artifact, Configuration, MessageLog, MplAttachment, Package, Resource, RuntimeArtifact};
use cpi_client::{ApiError, ArtifactKind, MplQuery, TenantClient};

/// Why a call to the tenant failed, as the user reads it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LoadError {
    /// The message shown.
    pub message: String,
    /// Whether the tenant answered "not found" (an artifact that is not deployed, a log without
    /// an error text).
    pub not_found: bool,
}

impl LoadError {
    /// An error with a message (not a "not found").
    pub fn new(message: impl Into<String>) -> LoadError {
        LoadError { message: message.into(), not_found: false }
    }

    /// A "not found" error.
    pub fn not_found(message: impl Into<String>) -> LoadError {
        LoadError { message: message.into(), not_found: true }
    }
}

impl From<ApiError> for LoadError {
    fn from(error: ApiError) -> LoadError {
        LoadError { not_found: error.status() == Some(404), message: error.to_string() }
    }
}

/// The result of a [`Loader`] call.
pub type Loaded<T> = Result<T, LoadError>;

/// The calls the UI makes; cheap to clone (each background task gets a clone).
pub trait Loader: Clone + Send + Sync + 'static {
    /// Every integration package.
    fn packages(&self) -> impl Future<Output = Loaded<Vec<Package>>> + Send;
    /// The artifacts of one kind in a package.
    fn artifacts(&self, kind: ArtifactKind, package: &str) -> impl Future<Output = Loaded<Vec<Artifact>>> + Send;
    /// The externalized parameters of an artifact.
    fn configurations(&self, kind: ArtifactKind, id: &str) -> impl Future<Output = Loaded<Vec<Configuration>>> + Send;
    /// The files of an artifact.
    fn resources(&self, kind: ArtifactKind, id: &str) -> impl Future<Output = Loaded<Vec<Resource>>> + Send;
    /// Every deployed artifact.
    fn runtime_artifacts(&self) -> impl Future<Output = Loaded<Vec<RuntimeArtifact>>> + Send;
    /// One deployed artifact (a "not found" error when it is not deployed).
    fn runtime_artifact(&self, id: &str) -> impl Future<Output = Loaded<RuntimeArtifact>> + Send;
    /// Why a deployed artifact is in `ERROR`.
    fn runtime_error(&self, id: &str) -> impl Future<Output = Loaded<String>> + Send;
    /// Starts a deployment; the task id.
    fn deploy(&self, kind: ArtifactKind, id: &str) -> impl Future<Output = Loaded<String>> + Send;
    /// The state of a deployment task (`DEPLOYING`, `SUCCESS`, `FAIL`).
    fn deploy_status(&self, task: &str) -> impl Future<Output = Loaded<String>> + Send;
    /// Undeploys an artifact.
    fn undeploy(&self, id: &str) -> impl Future<Output = Loaded<()>> + Send;
    /// An artifact's zip.
    fn download_artifact(&self, kind: ArtifactKind, id: &str) -> impl Future<Output = Loaded<Vec<u8>>> + Send;
    /// The message processing logs a query selects, newest first.
    fn message_logs(&self, query: &MplQuery) -> impl Future<Output = Loaded<Vec<MessageLog>>> + Send;
    /// The error text of a message.
    fn message_error_text(&self, guid: &str) -> impl Future<Output = Loaded<String>> + Send;
    /// The attachments of a message's log.
    fn message_attachments(&self, guid: &str) -> impl Future<Output = Loaded<Vec<MplAttachment>>> + Send;
    /// An attachment's payload.
    fn attachment_content(&self, id: &str) -> impl Future<Output = Loaded<Vec<u8>>> + Send;
}

impl Loader for TenantClient {
    async fn packages(&self) -> Loaded<Vec<Package>> {
        Ok(TenantClient::packages(self).await?)
    }

    async fn artifacts(&self, kind: ArtifactKind, package: &str) -> Loaded<Vec<Artifact>> {
        Ok(TenantClient::artifacts(self, kind, Some(package)).await?)
    }

    async fn configurations(&self, kind: ArtifactKind, id: &str) -> Loaded<Vec<Configuration>> {
        Ok(TenantClient::configurations(self, kind, id).await?)
    }

    async fn resources(&self, kind: ArtifactKind, id: &str) -> Loaded<Vec<Resource>> {
        Ok(TenantClient::resources(self, kind, id).await?)
    }

    async fn runtime_artifacts(&self) -> Loaded<Vec<RuntimeArtifact>> {
        Ok(TenantClient::runtime_artifacts(self).await?)
    }

    async fn runtime_artifact(&self, id: &str) -> Loaded<RuntimeArtifact> {
        Ok(TenantClient::runtime_artifact(self, id).await?)
    }

    async fn runtime_error(&self, id: &str) -> Loaded<String> {
        Ok(TenantClient::runtime_error(self, id).await?)
    }

    async fn deploy(&self, kind: ArtifactKind, id: &str) -> Loaded<String> {
        Ok(TenantClient::deploy(self, kind, id).await?)
    }

    async fn deploy_status(&self, task: &str) -> Loaded<String> {
        Ok(TenantClient::deploy_status(self, task).await?)
    }

    async fn undeploy(&self, id: &str) -> Loaded<()> {
        Ok(TenantClient::undeploy(self, id).await?)
    }

    async fn download_artifact(&self, kind: ArtifactKind, id: &str) -> Loaded<Vec<u8>> {
        Ok(TenantClient::download_artifact(self, kind, id).await?)
    }

    async fn message_logs(&self, query: &MplQuery) -> Loaded<Vec<MessageLog>> {
        Ok(TenantClient::message_logs(self, query).await?)
    }

    async fn message_error_text(&self, guid: &str) -> Loaded<String> {
        Ok(TenantClient::message_error_text(self, guid).await?)
    }

    async fn message_attachments(&self, guid: &str) -> Loaded<Vec<MplAttachment>> {
        Ok(TenantClient::message_attachments(self, guid).await?)
    }

    async fn attachment_content(&self, id: &str) -> Loaded<Vec<u8>> {
        Ok(TenantClient::attachment_content(self, id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_keep_their_message_and_whether_they_are_not_found() {
        let error = LoadError::from(ApiError::NotFound { message: "no such artifact".into() });
        assert!(error.not_found);
        assert_eq!(error.to_string(), "not found: no such artifact");
        assert!(!LoadError::from(ApiError::Unauthorized).not_found);
    }
}
