//! The tenant's OData API v1, driven by the service model of `cpi-odata`: a request is parsed
//! into a [`ApiRequest`], resolved against the model into a [`target::Target`], authorized,
//! and answered as an [`ApiResponse`] that `http::tenant` renders as JSON, Atom or raw bytes.
//! Reads of every entity set go through one generic path ([`read`]); writes are the content
//! lifecycle's operations (packages, artifacts, configurations, resources, deployments).

pub mod access_policies;
pub mod artifacts;
pub mod bundles;
pub mod credentials;
pub mod deploy;
pub mod functions;
pub mod keystore;
pub mod links;
pub mod log_files;
pub mod modify;
pub mod monitoring;
pub mod packages;
pub mod partner_credentials;
pub mod read;
pub mod security;
pub mod target;

use axum::http::{Method, StatusCode};

use cpi_odata::query::{QueryOptions, ResourcePath};
use cpi_odata::value::Entity;
use cpi_odata::{ODataError, model::EntitySet};

use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// One parsed API call.
#[derive(Debug)]
pub struct ApiRequest {
    /// Method.
    pub method: Method,
    /// The resource path below `/api/v1`.
    pub path: ResourcePath,
    /// Query options.
    pub query: QueryOptions,
    /// The query string as sent (for next links).
    pub raw_query: String,
    /// The body.
    pub body: axum::body::Bytes,
    /// The caller.
    pub principal: Principal,
}

/// A feed to render.
#[derive(Debug)]
pub struct Feed {
    /// The feed's path below the service root, e.g. `IntegrationPackages('P')/IntegrationDesigntimeArtifacts`.
    pub path: String,
    /// The entity set of its entries.
    pub set: &'static EntitySet,
    /// Entries.
    pub entities: Vec<Entity>,
    /// `__count`.
    pub count: Option<u64>,
    /// `__next`, relative to the service root (made absolute when rendered).
    pub next: Option<String>,
}

/// What an API call answers.
#[derive(Debug)]
pub enum ApiResponse {
    /// The service document.
    ServiceDocument,
    /// `$metadata`.
    Metadata,
    /// One entity, with a status (200 for reads, 201 for creates).
    Entity(StatusCode, Entity),
    /// A collection.
    Feed(Feed),
    /// `$links` of a navigation.
    Links(Vec<Entity>, bool),
    /// A plain number (`$count`).
    Count(u64),
    /// Bytes with a content type and optional `Content-Disposition` filename.
    Raw {
        /// Status.
        status: StatusCode,
        /// Content type (stored attachments carry their own).
        content_type: std::borrow::Cow<'static, str>,
        /// `attachment; filename=…`.
        filename: Option<String>,
        /// Body.
        body: Vec<u8>,
    },
    /// A status with no body (202 of updates, 200 of deletes…).
    Empty(StatusCode),
}

/// Result of an API operation.
pub type ApiResult = Result<ApiResponse, TenantError>;

/// Answers one request.
pub async fn handle(state: &AppState, request: ApiRequest) -> ApiResult {
    match &request.path {
        ResourcePath::ServiceDocument if is_read(&request.method) => Ok(ApiResponse::ServiceDocument),
        ResourcePath::Metadata if is_read(&request.method) => Ok(ApiResponse::Metadata),
        ResourcePath::Batch => Err(ODataError::NotImplemented("$batch is not supported by this server.".into()).into()),
        ResourcePath::ServiceDocument | ResourcePath::Metadata => Err(method_not_allowed(&request.method)),
        ResourcePath::Resource { .. } => {
            let target = target::resolve(state, &request).await?;
            target::dispatch(state, request, target).await
        }
    }
}

/// GET or HEAD.
pub fn is_read(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// The 405 of a method a resource does not support.
pub fn method_not_allowed(method: &Method) -> TenantError {
    ODataError::MethodNotAllowed(format!("The method {method} is not allowed on this resource.")).into()
}
