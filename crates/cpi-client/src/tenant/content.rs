//! Design-time content: packages, artifacts, configurations and resources.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use reqwest::header::LOCATION;
use serde::Serialize;

use super::{
    Artifact, ArtifactKind, ArtifactUpload, BINARY_ACCEPT, Configuration, NewPackage, Package, Resource, TenantClient,
    artifact_path, key_literal, string_literal,
};
use crate::http::{ApiError, ApiResponse, with_query};

const PACKAGES: &str = "IntegrationPackages";

fn package_path(id: &str) -> String {
    format!("{PACKAGES}({})", key_literal(id))
}

/// Whether an error of listing a design-time set from the service root means "not offered
/// there": SAP documents the top-level `GET` only for value and message mappings.
fn top_level_unsupported(error: &ApiError) -> bool {
    matches!(error.status(), Some(400 | 404 | 405 | 501))
}

impl TenantClient {
    /// Every integration package.
    pub async fn packages(&self) -> Result<Vec<Package>, ApiError> {
        self.list_all(PACKAGES, &[]).await
    }

    /// One package.
    pub async fn package(&self, id: &str) -> Result<Package, ApiError> {
        self.get_entity(&package_path(id)).await
    }

    /// Creates a package (`POST IntegrationPackages` → 201 with the package).
    pub async fn create_package(&self, package: &NewPackage) -> Result<Package, ApiError> {
        let response = self.send_body(Method::POST, PACKAGES, package).await?;
        match self.created(&response, PACKAGES)? {
            Some(created) => Ok(created),
            None => self.package(&package.id).await,
        }
    }

    /// Deletes a package with its artifacts (202).
    pub async fn delete_package(&self, id: &str) -> Result<(), ApiError> {
        self.api.delete(&package_path(id)).await
    }

    /// The package as a zip (`IntegrationPackages('id')/$value`).
    pub async fn export_package(&self, id: &str) -> Result<Vec<u8>, ApiError> {
        self.get_bytes(&format!("{}/$value", package_path(id)), BINARY_ACCEPT).await
    }

    /// Imports a package zip (`POST IntegrationPackages {"PackageContent": base64}`, with
    /// `?Overwrite=true` to replace an existing package); returns the imported package.
    pub async fn import_package(&self, zip: &[u8], overwrite: bool) -> Result<Package, ApiError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Import {
            package_content: String,
        }
        let query: &[(&str, &str)] = if overwrite { &[("Overwrite", "true")] } else { &[] };
        let path = with_query(PACKAGES, query);
        let body = Import { package_content: STANDARD.encode(zip) };
        let response = self.send_body(Method::POST, &path, &body).await?;
        if let Some(created) = self.created(&response, &path)? {
            return Ok(created);
        }
        // Without a body the id is only known from the Location header.
        match location(&response) {
            Some(location) => self.get_entity(&location).await,
            None => Err(self.decode_error(
                &Method::POST,
                &path,
                "the import was accepted, but the response names no package".to_owned(),
            )),
        }
    }

    /// The artifacts of a kind: of one package, or of the whole tenant. A tenant that does not
    /// list the kind from the service root (SAP documents that only for value and message
    /// mappings) is asked package by package.
    pub async fn artifacts(&self, kind: ArtifactKind, package: Option<&str>) -> Result<Vec<Artifact>, ApiError> {
        if let Some(package) = package {
            return self.list_all(&format!("{}/{}", package_path(package), kind.entity_set()), &[]).await;
        }
        match self.list_all(kind.entity_set(), &[]).await {
            Err(error) if top_level_unsupported(&error) => {
                tracing::debug!(%error, set = kind.entity_set(), "listing per package instead");
                self.artifacts_by_package(kind).await
            }
            other => other,
        }
    }

    async fn artifacts_by_package(&self, kind: ArtifactKind) -> Result<Vec<Artifact>, ApiError> {
        let mut all = Vec::new();
        for package in self.packages().await? {
            let path = format!("{}/{}", package_path(&package.id), kind.entity_set());
            all.extend(self.list_all::<Artifact>(&path, &[]).await?);
        }
        Ok(all)
    }

    /// The current (`Version='active'`) version of an artifact.
    pub async fn artifact(&self, kind: ArtifactKind, id: &str) -> Result<Artifact, ApiError> {
        self.get_entity(&artifact_path(kind, id)).await
    }

    /// An artifact's zip (`…(Id=,Version='active')/$value`).
    pub async fn download_artifact(&self, kind: ArtifactKind, id: &str) -> Result<Vec<u8>, ApiError> {
        self.get_bytes(&format!("{}/$value", artifact_path(kind, id)), BINARY_ACCEPT).await
    }

    /// Creates an artifact from a zip (`POST <Set>` → 201 with the artifact).
    pub async fn upload_artifact(&self, kind: ArtifactKind, upload: &ArtifactUpload) -> Result<Artifact, ApiError> {
        let path = kind.entity_set();
        let response = self.send_body(Method::POST, path, upload).await?;
        match self.created(&response, path)? {
            Some(created) => Ok(created),
            None => self.artifact(kind, &upload.id).await,
        }
    }

    /// Replaces an artifact's content (`PUT …(Id=,Version='active')` with `Name` and base64
    /// `ArtifactContent`; the version comes from the bundle's manifest). An empty `name` is not
    /// sent, and the name is then taken from the bundle too.
    pub async fn update_artifact(&self, kind: ArtifactKind, id: &str, name: &str, zip: &[u8]) -> Result<(), ApiError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Update<'a> {
            #[serde(skip_serializing_if = "str::is_empty")]
            name: &'a str,
            artifact_content: String,
        }
        let body = Update { name, artifact_content: STANDARD.encode(zip) };
        self.send_body(Method::PUT, &artifact_path(kind, id), &body).await.map(drop)
    }

    /// Deletes an artifact.
    pub async fn delete_artifact(&self, kind: ArtifactKind, id: &str) -> Result<(), ApiError> {
        self.api.delete(&artifact_path(kind, id)).await
    }

    /// The externalized parameters of an artifact.
    pub async fn configurations(&self, kind: ArtifactKind, id: &str) -> Result<Vec<Configuration>, ApiError> {
        self.list_all(&format!("{}/Configurations", artifact_path(kind, id)), &[]).await
    }

    /// Sets a parameter (`PUT …/$links/Configurations('key')` with `{"ParameterValue":…}` →
    /// 202). The key is percent-encoded: keys often contain spaces.
    pub async fn set_configuration(
        &self,
        kind: ArtifactKind,
        id: &str,
        key: &str,
        value: &str,
    ) -> Result<(), ApiError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Value<'a> {
            parameter_value: &'a str,
        }
        let path = format!("{}/$links/Configurations({})", artifact_path(kind, id), key_literal(key));
        self.send_body(Method::PUT, &path, &Value { parameter_value: value }).await.map(drop)
    }

    /// The files of an artifact.
    pub async fn resources(&self, kind: ArtifactKind, id: &str) -> Result<Vec<Resource>, ApiError> {
        self.list_all(&format!("{}/Resources", artifact_path(kind, id)), &[]).await
    }

    /// Gives the current draft a version (`POST <Kind>DesigntimeArtifactSaveAsVersion?Id=&SaveAsVersion=`).
    pub async fn save_as_version(&self, kind: ArtifactKind, id: &str, version: &str) -> Result<(), ApiError> {
        let (id, version) = (string_literal(id), string_literal(version));
        let path = with_query(kind.save_as_version_function(), &[("Id", &id), ("SaveAsVersion", &version)]);
        self.api.send(Method::POST, &path, None).await.map(drop)
    }
}

/// The `Location` header of a response, if it is text.
fn location(response: &ApiResponse) -> Option<String> {
    response.headers.get(LOCATION).and_then(|value| value.to_str().ok()).map(str::to_owned)
}
