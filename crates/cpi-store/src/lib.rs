//! The storage traits of `cpi`: one trait per aggregate, all behind [`Store`]. Backends live in
//! their own crates (`cpi-store-sqlite`, later PostgreSQL) and must pass [`conformance`].
//!
//! Secrets never reach the store as text: service keys hold a salt from which the server derives
//! the secret with its credential key, users hold an Argon2id hash, refresh tokens a SHA-256.

pub mod conformance;
mod content;
mod message_store;
mod monitoring;
mod partners;
mod records;
mod security;

pub use content::*;
pub use message_store::*;
pub use monitoring::*;
pub use partners::*;
pub use records::*;
pub use security::*;

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::content::IntegrationPackage;
use cpi_domain::{InstanceParameters, RoleCollection, Subaccount};

/// What a store operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was violated; the text names what already exists.
    #[error("already exists: {0}")]
    Conflict(String),
    /// The backend failed. The text is for logs, never for clients.
    #[error("storage backend error: {0}")]
    Backend(String),
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// Subaccounts (identity zones).
#[async_trait]
pub trait SubaccountStore: Send + Sync {
    /// Creates a subaccount; conflicts on id or subdomain.
    async fn create_subaccount(&self, subaccount: &Subaccount) -> StoreResult<()>;
    /// Every subaccount, oldest first.
    async fn list_subaccounts(&self) -> StoreResult<Vec<Subaccount>>;
    /// One subaccount by id.
    async fn get_subaccount(&self, id: Uuid) -> StoreResult<Subaccount>;
}

/// Service instances of `it-rt`.
#[async_trait]
pub trait InstanceStore: Send + Sync {
    /// Creates an instance; conflicts on name (per subaccount) or client id.
    async fn create_instance(&self, instance: &InstanceRecord) -> StoreResult<()>;
    /// One instance by id.
    async fn get_instance(&self, subaccount: Uuid, id: Uuid) -> StoreResult<InstanceRecord>;
    /// One instance by name.
    async fn get_instance_by_name(&self, subaccount: Uuid, name: &str) -> StoreResult<InstanceRecord>;
    /// The instance whose OAuth client id this is (across subaccounts: client ids are unique).
    async fn get_instance_by_client_id(&self, client_id: &str) -> StoreResult<InstanceRecord>;
    /// Every instance of a subaccount, oldest first.
    async fn list_instances(&self, subaccount: Uuid) -> StoreResult<Vec<InstanceRecord>>;
    /// Replaces an instance's parameters.
    async fn update_instance_parameters(
        &self,
        subaccount: Uuid,
        id: Uuid,
        parameters: &InstanceParameters,
        updated_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Deletes an instance and, in the same transaction, its keys.
    async fn delete_instance(&self, subaccount: Uuid, id: Uuid) -> StoreResult<()>;
}

/// Service keys (bindings) of instances.
#[async_trait]
pub trait KeyStore: Send + Sync {
    /// Creates a key; conflicts on name within its instance; NotFound if the instance is gone.
    async fn create_key(&self, key: &KeyRecord) -> StoreResult<()>;
    /// One key by id, within a subaccount.
    async fn get_key(&self, subaccount: Uuid, id: Uuid) -> StoreResult<KeyRecord>;
    /// One key by id, whatever its subaccount (the token path).
    async fn find_key(&self, id: Uuid) -> StoreResult<KeyRecord>;
    /// Every key of a subaccount, oldest first; `instance` narrows to one instance.
    async fn list_keys(&self, subaccount: Uuid, instance: Option<Uuid>) -> StoreResult<Vec<KeyRecord>>;
    /// Deletes a key.
    async fn delete_key(&self, subaccount: Uuid, id: Uuid) -> StoreResult<()>;
}

/// Users of a subaccount's identity provider.
#[async_trait]
pub trait UserStore: Send + Sync {
    /// Creates a user; conflicts on user name within the subaccount.
    async fn create_user(&self, user: &UserRecord) -> StoreResult<()>;
    /// One user by name.
    async fn get_user_by_name(&self, subaccount: Uuid, username: &str) -> StoreResult<UserRecord>;
    /// One user by id.
    async fn get_user(&self, subaccount: Uuid, id: Uuid) -> StoreResult<UserRecord>;
    /// Every user of a subaccount, by name.
    async fn list_users(&self, subaccount: Uuid) -> StoreResult<Vec<UserRecord>>;
    /// Replaces a user's password hash.
    async fn set_user_password(&self, subaccount: Uuid, id: Uuid, password_hash: &str) -> StoreResult<()>;
    /// Replaces a user's role collections.
    async fn set_user_role_collections(
        &self,
        subaccount: Uuid,
        id: Uuid,
        collections: &[RoleCollection],
    ) -> StoreResult<()>;
    /// Deletes a user.
    async fn delete_user(&self, subaccount: Uuid, id: Uuid) -> StoreResult<()>;
}

/// Token signing keys of each zone.
#[async_trait]
pub trait SigningKeyStore: Send + Sync {
    /// Adds a key; conflicts on kid.
    async fn add_signing_key(&self, key: &SigningKeyRecord) -> StoreResult<()>;
    /// Every key of a subaccount, oldest first, retired ones included.
    async fn list_signing_keys(&self, subaccount: Uuid) -> StoreResult<Vec<SigningKeyRecord>>;
    /// Marks a key retired (no longer used to sign) at a time.
    async fn retire_signing_key(&self, subaccount: Uuid, kid: &str, at: OffsetDateTime) -> StoreResult<()>;
    /// Removes retired keys whose tokens have all expired (retired before `before`).
    async fn purge_signing_keys_retired_before(&self, subaccount: Uuid, before: OffsetDateTime) -> StoreResult<u64>;
}

/// Control-plane clients (the Service Manager admin binding of each subaccount).
#[async_trait]
pub trait ControlClientStore: Send + Sync {
    /// Creates a control client; conflicts on client id.
    async fn create_control_client(&self, client: &ControlClientRecord) -> StoreResult<()>;
    /// One control client by client id.
    async fn get_control_client(&self, client_id: &str) -> StoreResult<ControlClientRecord>;
}

/// Refresh tokens of the password grant (stored as SHA-256 of the token).
#[async_trait]
pub trait RefreshTokenStore: Send + Sync {
    /// Stores a refresh token.
    async fn put_refresh_token(&self, token: &RefreshTokenRecord) -> StoreResult<()>;
    /// Reads one by its hash.
    async fn get_refresh_token(&self, token_hash: &str) -> StoreResult<RefreshTokenRecord>;
    /// Deletes expired refresh tokens; returns how many.
    async fn purge_refresh_tokens_expired_before(&self, before: OffsetDateTime) -> StoreResult<u64>;
}

/// Signed-in sessions of the cockpit (stored as SHA-256 of the session token).
#[async_trait]
pub trait CockpitSessionStore: Send + Sync {
    /// Stores a session; `NotFound` if the user is missing.
    async fn put_cockpit_session(&self, session: &CockpitSessionRecord) -> StoreResult<()>;
    /// Reads one by its hash.
    async fn get_cockpit_session(&self, token_hash: &str) -> StoreResult<CockpitSessionRecord>;
    /// Ends one (sign-out); `NotFound` if there is none.
    async fn delete_cockpit_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Deletes sessions expired before a time; returns how many.
    async fn purge_cockpit_sessions_expired_before(&self, before: OffsetDateTime) -> StoreResult<u64>;
}

/// Integration packages of a subaccount's tenant.
#[async_trait]
pub trait PackageStore: Send + Sync {
    /// Every package, by id.
    async fn list_packages(&self, subaccount: Uuid) -> StoreResult<Vec<IntegrationPackage>>;
    /// One package.
    async fn get_package(&self, subaccount: Uuid, id: &str) -> StoreResult<IntegrationPackage>;
    /// Creates a package; conflicts on id.
    async fn create_package(&self, subaccount: Uuid, package: &IntegrationPackage) -> StoreResult<()>;
    /// Replaces a package (same id).
    async fn update_package(&self, subaccount: Uuid, package: &IntegrationPackage) -> StoreResult<()>;
    /// Deletes a package (its artifacts and custom tags go with it).
    async fn delete_package(&self, subaccount: Uuid, id: &str) -> StoreResult<()>;
    /// Sets (or replaces) a custom tag's value on a package; NotFound if the package is missing.
    async fn set_package_custom_tag(
        &self,
        subaccount: Uuid,
        package_id: &str,
        name: &str,
        value: &str,
    ) -> StoreResult<()>;
}

/// Everything a backend provides.
pub trait Store:
    SubaccountStore
    + InstanceStore
    + KeyStore
    + UserStore
    + SigningKeyStore
    + ControlClientStore
    + RefreshTokenStore
    + CockpitSessionStore
    + PackageStore
    + ArtifactStore
    + DeploymentStore
    + SecurityStore
    + PartnerDirectoryStore
    + MessageStore
    + EntityReader
    + MonitoringStore
    + std::fmt::Debug
    + 'static
{
}

impl<T> Store for T where
    T: SubaccountStore
        + InstanceStore
        + KeyStore
        + UserStore
        + SigningKeyStore
        + ControlClientStore
        + RefreshTokenStore
        + CockpitSessionStore
        + PackageStore
        + ArtifactStore
        + DeploymentStore
        + SecurityStore
        + PartnerDirectoryStore
        + MessageStore
        + EntityReader
        + MonitoringStore
        + std::fmt::Debug
        + 'static
{
}
