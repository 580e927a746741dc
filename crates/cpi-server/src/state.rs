//! The state every handler gets: store, keys, configuration, clock and randomness. Nothing global.

use std::sync::{Arc, Mutex};

use uuid::Uuid;

use cpi_domain::Subaccount;
use cpi_store::Store;
use cpi_xsuaa::{CredentialKey, FailureThrottle};

use crate::clock::{Clock, Random};
use crate::keyring::KeyRing;

/// Shared application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Inner state.
    pub inner: Arc<StateInner>,
}

/// The parts of [`AppState`].
#[derive(Debug)]
pub struct StateInner {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Zone signing keys.
    pub keys: KeyRing,
    /// Derives and checks client secrets.
    pub credential_key: CredentialKey,
    /// Seals and opens secret values at rest (credentials' passwords, secure parameters, …).
    pub data_key: crate::secrets::DataKey,
    /// The public base URL (no trailing slash).
    pub public_url: String,
    /// `<public url>/token_keys`, the `jku` of every token.
    pub jku: String,
    /// The default subaccount (Basic-auth users of the API belong to it).
    pub default_zone: Subaccount,
    /// Clock.
    pub clock: Arc<dyn Clock>,
    /// Randomness.
    pub random: Arc<dyn Random>,
    /// Service keys and instances on the token path.
    pub credentials: crate::credential_cache::CredentialCache,
    /// Failed-authentication throttle of the token endpoint.
    pub throttle: Mutex<FailureThrottle>,
    /// How long a deployment takes before it finishes (0 in normal use; tests stretch it to
    /// observe tasks in flight).
    pub deploy_delay: std::time::Duration,
    /// Serializes read-modify-write cycles on one record within this node.
    pub write_locks: crate::write_locks::WriteLocks,
    /// The server's own log files.
    pub logs: crate::logs::ServerLogs,
    /// The integration-flow runtime: deployed flows, the receiver client, the MPL writer.
    pub runtime: crate::runtime::RuntimeParts,
    /// Recently verified user passwords (SHA-256 of user id and password → expiry), so Basic
    /// auth does not pay Argon2id on every request, as UAA caches client secrets.
    pub password_cache: Mutex<std::collections::HashMap<String, time::OffsetDateTime>>,
}

impl std::ops::Deref for AppState {
    type Target = StateInner;
    fn deref(&self) -> &StateInner {
        &self.inner
    }
}

impl StateInner {
    /// The subaccount with this id.
    pub async fn zone(&self, id: Uuid) -> Result<Subaccount, cpi_store::StoreError> {
        if id == self.default_zone.id {
            return Ok(self.default_zone.clone());
        }
        self.store.get_subaccount(id).await
    }
}
