//! Security content of a tenant: credentials (user credentials, secure parameters, OAuth2 client
//! credentials, partner user credentials), keystore entries, certificate-to-user mappings and
//! access policies with their artifact references.
//!
//! Secret values reach the store only as [`Sealed`] blobs: the server encrypts them (bound to the
//! subaccount, entity set and name) before they get here and never asks for them back in a read.

use std::fmt;

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::StoreResult;

/// A secret value as the server sealed it (ciphertext with its nonce and key id). The store keeps
/// it as an opaque blob; its `Debug` shows only its length.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed(pub Vec<u8>);

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sealed({} bytes)", self.0.len())
    }
}

/// Who deployed a security artifact, and when (SAP's `SecurityArtifactDescriptor`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    /// `DeployedBy`: the caller's name.
    pub by: String,
    /// `DeployedOn`.
    pub on: OffsetDateTime,
}

/// A `UserCredential`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCredentialRecord {
    /// `Name` (the key).
    pub name: String,
    /// `Kind`: `default`, `successfactors` or `openconnectors`.
    pub kind: String,
    /// `Description`.
    pub description: Option<String>,
    /// `User`.
    pub user: Option<String>,
    /// `Password`, sealed.
    pub password: Option<Sealed>,
    /// `CompanyId` (SuccessFactors).
    pub company_id: Option<String>,
    /// Deployment.
    pub deployed: Deployed,
}

/// A `SecureParameter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecureParameterRecord {
    /// `Name` (the key).
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `SecureParam`, sealed.
    pub value: Sealed,
    /// Deployment.
    pub deployed: Deployed,
}

/// An `OAuth2ClientCredential`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth2ClientCredentialRecord {
    /// `Name` (the key).
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `TokenServiceUrl`.
    pub token_service_url: Option<String>,
    /// `ClientId`.
    pub client_id: Option<String>,
    /// `ClientSecret`, sealed.
    pub client_secret: Option<Sealed>,
    /// `ClientAuthentication`: `body` or `header`.
    pub client_authentication: Option<String>,
    /// `Scope`.
    pub scope: Option<String>,
    /// `ScopeContentType`: `urlencoded` or `json`.
    pub scope_content_type: Option<String>,
    /// `Resource`.
    pub resource: Option<String>,
    /// `Audience`.
    pub audience: Option<String>,
    /// `CustomParameters` given on create, as a JSON array (kept, not read back).
    pub custom_parameters: Option<String>,
    /// Deployment.
    pub deployed: Deployed,
}

/// One of the credential sets of the SecurityContent service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `UserCredentials`.
    User(UserCredentialRecord),
    /// `SecureParameters`.
    SecureParameter(SecureParameterRecord),
    /// `OAuth2ClientCredentials`.
    OAuth2Client(OAuth2ClientCredentialRecord),
}

/// Which credential set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialKind {
    /// `UserCredentials`.
    User,
    /// `SecureParameters`.
    SecureParameter,
    /// `OAuth2ClientCredentials`.
    OAuth2Client,
}

impl Credential {
    /// Its set.
    pub fn kind(&self) -> CredentialKind {
        match self {
            Credential::User(_) => CredentialKind::User,
            Credential::SecureParameter(_) => CredentialKind::SecureParameter,
            Credential::OAuth2Client(_) => CredentialKind::OAuth2Client,
        }
    }

    /// Its name (the key).
    pub fn name(&self) -> &str {
        match self {
            Credential::User(c) => &c.name,
            Credential::SecureParameter(c) => &c.name,
            Credential::OAuth2Client(c) => &c.name,
        }
    }
}

/// What an X.509 certificate says about itself, as the keystore lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateDetails {
    /// `KeyType`: `RSA`, `EC`, `DSA`, `Ed25519`, ….
    pub key_type: String,
    /// `KeySize` in bits.
    pub key_size: Option<i32>,
    /// `EllipticCurve` of EC keys.
    pub elliptic_curve: Option<String>,
    /// `ValidNotBefore`.
    pub valid_not_before: OffsetDateTime,
    /// `ValidNotAfter`.
    pub valid_not_after: OffsetDateTime,
    /// `SerialNumber`: `0x` and upper-case hex.
    pub serial_number: String,
    /// `SignatureAlgorithm` in Java's naming (`SHA256withRSA`).
    pub signature_algorithm: String,
    /// `SubjectDN`.
    pub subject_dn: String,
    /// `IssuerDN`.
    pub issuer_dn: String,
    /// `Version` (3 for X.509 v3).
    pub version: i32,
    /// `FingerprintSha1`: colon-separated upper-case hex.
    pub fingerprint_sha1: String,
    /// `FingerprintSha256`.
    pub fingerprint_sha256: String,
    /// `FingerprintSha512`.
    pub fingerprint_sha512: String,
}

/// A `KeystoreEntry` with its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeystoreEntryRecord {
    /// The keystore (`system`).
    pub keystore: String,
    /// `Hexalias` (the key): the alias's UTF-8 bytes as upper-case hex.
    pub hexalias: String,
    /// `Alias`.
    pub alias: String,
    /// `Type`: `Certificate`.
    pub entry_type: String,
    /// `Owner`.
    pub owner: String,
    /// The certificate, DER.
    pub certificate: Vec<u8>,
    /// What the certificate says.
    pub details: CertificateDetails,
    /// `Validity`.
    pub validity: Option<String>,
    /// `Status`.
    pub status: String,
    /// `CreatedBy`.
    pub created_by: String,
    /// `CreatedTime`.
    pub created_time: OffsetDateTime,
    /// `LastModifiedBy`.
    pub last_modified_by: String,
    /// `LastModifiedTime`.
    pub last_modified_time: OffsetDateTime,
}

/// A `CertificateUserMapping`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateUserMappingRecord {
    /// `Id` (the key).
    pub id: String,
    /// `User`.
    pub user: String,
    /// `Certificate`, PEM as SAP returns it.
    pub certificate: Vec<u8>,
    /// The certificate's SHA-256 fingerprint (one mapping per certificate).
    pub fingerprint: String,
    /// `ValidUntil`: the certificate's end of validity.
    pub valid_until: OffsetDateTime,
    /// `CreatedBy`.
    pub created_by: String,
    /// `CreatedTime`.
    pub created_time: OffsetDateTime,
    /// `LastModifiedBy`.
    pub last_modified_by: String,
    /// `LastModifiedTime`.
    pub last_modified_time: OffsetDateTime,
}

/// An `AccessPolicy` (its `Id` is assigned by the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPolicyRecord {
    /// `Id`.
    pub id: i64,
    /// `RoleName` (unique in a subaccount).
    pub role_name: String,
    /// `Description`.
    pub description: Option<String>,
}

/// The fields of an `ArtifactReference` (its `Id` is assigned by the store).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArtifactReferenceFields {
    /// `Name`.
    pub name: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `Type`, e.g. `INTEGRATION_FLOW`.
    pub artifact_type: Option<String>,
    /// `ConditionAttribute`: `Name` or `ID`.
    pub condition_attribute: Option<String>,
    /// `ConditionValue`.
    pub condition_value: Option<String>,
    /// `ConditionType`: `exactString` or `regularExpression`.
    pub condition_type: Option<String>,
}

/// A `UserCredentialParameter` of the partner directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerUserCredentialRecord {
    /// `Pid`.
    pub pid: String,
    /// `Id`.
    pub id: String,
    /// `User`.
    pub user: Option<String>,
    /// `Password`, sealed.
    pub password: Sealed,
    /// `CreatedBy` (kept when an existing entry is replaced).
    pub created_by: String,
    /// `CreatedTime` (kept when an existing entry is replaced).
    pub created_at: OffsetDateTime,
    /// `LastModifiedBy`.
    pub modified_by: String,
    /// `LastModifiedTime`.
    pub modified_at: OffsetDateTime,
}

/// Security content. Reads of lists and single entities go through [`crate::EntityReader`];
/// these are the writes and the reads the server needs beyond it.
#[async_trait]
pub trait SecurityStore: Send + Sync {
    /// Creates a credential; conflicts on (set, name).
    async fn create_credential(&self, subaccount: Uuid, credential: &Credential) -> StoreResult<()>;
    /// Replaces a credential of the same set and name; NotFound if it does not exist.
    async fn replace_credential(&self, subaccount: Uuid, credential: &Credential) -> StoreResult<()>;
    /// One credential.
    async fn get_credential(&self, subaccount: Uuid, kind: CredentialKind, name: &str) -> StoreResult<Credential>;
    /// Deletes a credential.
    async fn delete_credential(&self, subaccount: Uuid, kind: CredentialKind, name: &str) -> StoreResult<()>;

    /// Adds a keystore entry; conflicts on (keystore, hexalias).
    async fn create_keystore_entry(&self, subaccount: Uuid, entry: &KeystoreEntryRecord) -> StoreResult<()>;
    /// Replaces an entry's certificate and details (its creation fields stay); NotFound if missing.
    async fn replace_keystore_entry(&self, subaccount: Uuid, entry: &KeystoreEntryRecord) -> StoreResult<()>;
    /// One keystore entry.
    async fn get_keystore_entry(
        &self,
        subaccount: Uuid,
        keystore: &str,
        hexalias: &str,
    ) -> StoreResult<KeystoreEntryRecord>;
    /// Deletes a keystore entry.
    async fn delete_keystore_entry(&self, subaccount: Uuid, keystore: &str, hexalias: &str) -> StoreResult<()>;

    /// Adds a certificate-to-user mapping, or, when the certificate is mapped already, gives
    /// that mapping the new user (its id and creation fields stay). Returns the mapping's id.
    async fn put_certificate_user_mapping(
        &self,
        subaccount: Uuid,
        mapping: &CertificateUserMappingRecord,
    ) -> StoreResult<String>;
    /// Deletes a certificate-to-user mapping.
    async fn delete_certificate_user_mapping(&self, subaccount: Uuid, id: &str) -> StoreResult<()>;

    /// Creates an access policy with its artifact references in one transaction; conflicts on
    /// the role name. Returns the policy's id.
    async fn create_access_policy(
        &self,
        subaccount: Uuid,
        role_name: &str,
        description: Option<&str>,
        references: &[ArtifactReferenceFields],
    ) -> StoreResult<i64>;
    /// One access policy.
    async fn get_access_policy(&self, subaccount: Uuid, id: i64) -> StoreResult<AccessPolicyRecord>;
    /// Replaces an access policy's role name and description; conflicts on the role name.
    async fn update_access_policy(&self, subaccount: Uuid, policy: &AccessPolicyRecord) -> StoreResult<()>;
    /// Deletes an access policy and its artifact references.
    async fn delete_access_policy(&self, subaccount: Uuid, id: i64) -> StoreResult<()>;
    /// Adds an artifact reference to a policy; NotFound if the policy does not exist. Returns
    /// the reference's id.
    async fn create_artifact_reference(
        &self,
        subaccount: Uuid,
        policy: i64,
        reference: &ArtifactReferenceFields,
    ) -> StoreResult<i64>;
    /// Deletes an artifact reference.
    async fn delete_artifact_reference(&self, subaccount: Uuid, id: i64) -> StoreResult<()>;

    /// Adds or replaces a partner's user credential (a replace keeps the creation fields).
    async fn put_partner_user_credential(
        &self,
        subaccount: Uuid,
        credential: &PartnerUserCredentialRecord,
    ) -> StoreResult<()>;
    /// One partner user credential.
    async fn get_partner_user_credential(
        &self,
        subaccount: Uuid,
        pid: &str,
        id: &str,
    ) -> StoreResult<PartnerUserCredentialRecord>;
    /// Deletes a partner user credential.
    async fn delete_partner_user_credential(&self, subaccount: Uuid, pid: &str, id: &str) -> StoreResult<()>;
}
