//! A typed client of the Cloud Integration OData API v1 (`<url>/api/v1`), for SAP tenants and
//! for `cpi serve`: content (packages, artifacts, configurations, deployments), monitoring
//! (message processing logs), security material and the Partner Directory.
//!
//! Collections are read page by page following `__next` ([`TenantClient::list_all`]) or one
//! page at a time ([`TenantClient::list_page`]); JSON is asked for with `Accept:
//! application/json`. Entities are plain structs (see [`types`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use cpi_client::tenant::{ArtifactKind, MplQuery, TenantClient};
//! use cpi_client::{HttpOptions, ServiceKey};
//!
//! let key = ServiceKey::from_json(&std::fs::read_to_string("key.json")?)?;
//! let tenant = TenantClient::for_service_key(&key, &HttpOptions::default())?;
//! for package in tenant.packages().await? {
//!     println!("{} {}", package.id, package.name);
//! }
//! let task = tenant.deploy(ArtifactKind::IntegrationFlow, "my-flow").await?;
//! println!("{}", tenant.deploy_status(&task).await?);
//! let failed = MplQuery { status: Some("FAILED".into()), top: Some(10), ..MplQuery::default() };
//! let logs = tenant.message_logs(&failed).await?;
//! # Ok(()) }
//! ```

mod content;
mod kind;
mod monitoring;
pub mod odata_date;
pub mod odata_int;
mod paging;
mod partners;
mod runtime;
mod security;
pub mod types;

use std::collections::HashSet;

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use kind::{ArtifactKind, UnknownArtifactKind};
pub use monitoring::MplQuery;
pub use paging::{Page, decode_entity, decode_page, from_odata_value, resolve_next};
pub use types::*;

use crate::http::{ApiClient, ApiError, ApiResponse, HttpOptions, percent_encode, with_query};
use crate::service_key::ServiceKey;

/// `Accept` of binary downloads (`$value` of packages, artifacts, attachments); JSON is named
/// too so that errors still come as JSON.
const BINARY_ACCEPT: &str = "application/zip, application/octet-stream, application/json;q=0.9, */*;q=0.8";
/// `Accept` of text downloads (error information).
const TEXT_ACCEPT: &str = "text/plain, application/json;q=0.9, */*;q=0.8";

/// The typed client of one tenant's API; cheap to clone (clones share the token and session).
#[derive(Debug, Clone)]
pub struct TenantClient {
    api: ApiClient,
}

impl TenantClient {
    /// Wraps an API client whose base URL is the service root (`<url>/api/v1`).
    pub fn new(api: ApiClient) -> TenantClient {
        TenantClient { api }
    }

    /// A client for the API of a service key (plan `api`).
    pub fn for_service_key(key: &ServiceKey, options: &HttpOptions) -> Result<TenantClient, ApiError> {
        Ok(TenantClient::new(ApiClient::for_service_key(key, options)?))
    }

    /// The underlying API client, for calls this client has no method for.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// Every entity of a collection, following `__next` (absolute or relative) until done.
    /// `query` adds `$filter`, `$orderby`, `$top`, ... (values are percent-encoded here).
    pub async fn list_all<T: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)]) -> Result<Vec<T>, ApiError> {
        let mut page = self.list_page(path, query).await?;
        let mut all = std::mem::take(&mut page.entities);
        let mut visited = HashSet::new();
        while let Some(next) = page.next.take() {
            if !visited.insert(next.clone()) {
                let reason = "the server's __next link repeats an earlier page".to_owned();
                return Err(self.decode_error(&Method::GET, &next, reason));
            }
            page = self.list_page(&next, &[]).await?;
            all.append(&mut page.entities);
        }
        Ok(all)
    }

    /// One page of a collection: its entities and the link to the next page. Pass a path with
    /// `query` for the first page, then [`Page::next`] (already resolved) with no query.
    pub async fn list_page<T: DeserializeOwned>(
        &self,
        path_or_next_url: &str,
        query: &[(&str, &str)],
    ) -> Result<Page<T>, ApiError> {
        let path = with_query(path_or_next_url, query);
        let response = self.api.send(Method::GET, &path, None).await?;
        let mut page: Page<T> =
            decode_page(&response.body).map_err(|reason| self.decode_error(&Method::GET, &path, reason))?;
        page.next = page.next.map(|next| resolve_next(self.api.base_url(), &next));
        Ok(page)
    }

    /// One entity (`{"d":{…}}`).
    pub async fn get_entity<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let response = self.api.send(Method::GET, path, None).await?;
        decode_entity(&response.body).map_err(|reason| self.decode_error(&Method::GET, path, reason))
    }

    /// The raw bytes of a `GET` (for `$value`).
    async fn get_bytes(&self, path: &str, accept: &str) -> Result<Vec<u8>, ApiError> {
        Ok(self.api.send_accepting(Method::GET, path, None, accept).await?.body)
    }

    /// The text of a `GET` (for `$value` of error information); invalid UTF-8 is replaced.
    async fn get_text(&self, path: &str) -> Result<String, ApiError> {
        let body = self.get_bytes(path, TEXT_ACCEPT).await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// Sends `body` as JSON; any success status and any body (empty for 202/204) is accepted.
    async fn send_body<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<ApiResponse, ApiError> {
        let bytes = serde_json::to_vec(body).map_err(ApiError::Encode)?;
        self.api.send(method, path, Some(&bytes)).await
    }

    /// The entity of a create's response, or `None` when the server answered without a body.
    fn created<T: DeserializeOwned>(&self, response: &ApiResponse, path: &str) -> Result<Option<T>, ApiError> {
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        decode_entity(&response.body).map(Some).map_err(|reason| self.decode_error(&Method::POST, path, reason))
    }

    fn decode_error(&self, method: &Method, path: &str, reason: String) -> ApiError {
        ApiError::Decode { method: method.to_string(), url: self.api.url(path), reason }
    }
}

/// A string key literal for a path, e.g. `'my key'` → `'my%20key'`: quotes doubled (OData),
/// then everything but unreserved characters percent-encoded (keys may contain spaces, `/`, ...).
pub fn key_literal(value: &str) -> String {
    format!("'{}'", percent_encode(&value.replace('\'', "''")))
}

/// A string literal for a function parameter or `$filter` (quotes doubled; the query string
/// encoding is done by [`with_query`]).
pub fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// `<Set>(Id='…',Version='active')`.
fn artifact_path(kind: ArtifactKind, id: &str) -> String {
    format!("{}(Id={},Version='active')", kind.entity_set(), key_literal(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_literals_are_quoted_and_encoded() {
        assert_eq!(key_literal("P1"), "'P1'");
        assert_eq!(key_literal("Receiver Address"), "'Receiver%20Address'");
        assert_eq!(key_literal("it's/x"), "'it%27%27s%2Fx'");
        assert_eq!(string_literal("it's"), "'it''s'");
        assert_eq!(
            artifact_path(ArtifactKind::ValueMapping, "vm 1"),
            "ValueMappingDesigntimeArtifacts(Id='vm%201',Version='active')"
        );
    }
}
