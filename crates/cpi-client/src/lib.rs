//! Client library for the `cpi` emulator of SAP BTP + SAP Cloud Integration (and for the real
//! services): service keys, OAuth client-credentials tokens, an authenticated JSON API client
//! with token refresh, CSRF handling and retries, the typed client of a tenant's OData API
//! ([`TenantClient`]) and the control-plane (Service Manager) client.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use cpi_client::{ApiClient, HttpOptions, ServiceKey};
//!
//! let key = ServiceKey::from_json(&std::fs::read_to_string("key.json")?)?;
//! let api = ApiClient::for_service_key(&key, &HttpOptions::default())?;
//! let packages: serde_json::Value = api.get_json("/IntegrationPackages").await?;
//! # Ok(()) }
//! ```

pub mod control_plane;
pub mod http;
pub mod service_key;
pub mod tenant;
pub mod token;

pub use control_plane::ControlPlaneClient;
pub use http::{ApiClient, ApiError, ErrorClass, HttpOptions, RetryPolicy, Sleeper};
pub use service_key::{AdminKey, KeyError, ServiceKey};
pub use tenant::{ArtifactKind, MplQuery, Page, TenantClient};
pub use token::{AccessToken, CachedToken, Clock, SystemClock, TokenCache, TokenError, TokenSource};
