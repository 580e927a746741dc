//! Records as stored. Secret material appears only as salts and hashes.

use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::{InstanceParameters, Plan, ResourceName, RoleCollection};

/// A service instance of `it-rt` (one OAuth client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceRecord {
    /// Instance id.
    pub id: Uuid,
    /// Owning subaccount.
    pub subaccount_id: Uuid,
    /// CLI-friendly name, unique in the subaccount.
    pub name: ResourceName,
    /// Plan.
    pub plan: Plan,
    /// Validated parameters.
    pub parameters: InstanceParameters,
    /// OAuth client id (`sb-<uuid>!b<n>|<master>`), unique.
    pub client_id: String,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Last updated.
    pub updated_at: OffsetDateTime,
}

/// A ClientId/Secret service key.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// Key id (also the first part of its secret).
    pub id: Uuid,
    /// Owning instance.
    pub instance_id: Uuid,
    /// Owning subaccount.
    pub subaccount_id: Uuid,
    /// Name, unique within the instance.
    pub name: ResourceName,
    /// 32 random bytes from which the secret is derived with the server's credential key.
    pub secret_salt: Vec<u8>,
    /// Created.
    pub created_at: OffsetDateTime,
}

impl std::fmt::Debug for KeyRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRecord")
            .field("id", &self.id)
            .field("instance_id", &self.instance_id)
            .field("name", &self.name)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// A user of the subaccount's identity provider.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// User id (`user_id` in tokens).
    pub id: Uuid,
    /// Owning subaccount.
    pub subaccount_id: Uuid,
    /// Login name, unique in the subaccount.
    pub username: String,
    /// E-mail.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role collections.
    pub role_collections: Vec<RoleCollection>,
    /// Created.
    pub created_at: OffsetDateTime,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role_collections", &self.role_collections)
            .finish_non_exhaustive()
    }
}

/// An RSA signing key of a zone.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKeyRecord {
    /// Key id (`kid`).
    pub kid: String,
    /// Owning subaccount (zone).
    pub subaccount_id: Uuid,
    /// PKCS#8 DER of the private key.
    pub private_key_pkcs8: Vec<u8>,
    /// Created.
    pub created_at: OffsetDateTime,
    /// When it stopped signing; `None` for the active key.
    pub retired_at: Option<OffsetDateTime>,
}

impl std::fmt::Debug for SigningKeyRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeyRecord")
            .field("kid", &self.kid)
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .finish_non_exhaustive()
    }
}

/// A control-plane client (Service Manager binding) of a subaccount.
#[derive(Clone, PartialEq, Eq)]
pub struct ControlClientRecord {
    /// Client id.
    pub client_id: String,
    /// Owning subaccount.
    pub subaccount_id: Uuid,
    /// Salt from which the secret is derived.
    pub secret_salt: Vec<u8>,
    /// Created.
    pub created_at: OffsetDateTime,
}

impl std::fmt::Debug for ControlClientRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ControlClientRecord").field("client_id", &self.client_id).finish_non_exhaustive()
    }
}

/// A signed-in cockpit session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CockpitSessionRecord {
    /// SHA-256 (hex) of the session token (the cookie's value).
    pub token_hash: String,
    /// Zone.
    pub subaccount_id: Uuid,
    /// The signed-in user.
    pub user_id: Uuid,
    /// Sign-in time.
    pub created_at: OffsetDateTime,
    /// Expiry.
    pub expires_at: OffsetDateTime,
}

/// A refresh token of the password grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshTokenRecord {
    /// SHA-256 (hex) of the token text.
    pub token_hash: String,
    /// Zone.
    pub subaccount_id: Uuid,
    /// The instance (client) it was issued to.
    pub instance_id: Uuid,
    /// The user.
    pub user_id: Uuid,
    /// Expiry.
    pub expires_at: OffsetDateTime,
}
