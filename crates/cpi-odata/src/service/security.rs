//! SecurityContent entity types: credentials, secure parameters, OAuth2 client credentials,
//! keystore entries and their parts, certificate-to-user mappings and access policies. SAP
//! publishes no `$metadata` for this service; the types follow its API specification.

use super::{many, opt, req};
use crate::model::{EdmType, EntityType, Multiplicity, Navigation, Property};

const fn datetime(name: &'static str) -> Property {
    Property::new(name, EdmType::DateTime)
}

const fn int32(name: &'static str) -> Property {
    Property::new(name, EdmType::Int32)
}

const fn one(name: &'static str, target_set: &'static str) -> Navigation {
    Navigation { name, target_set, multiplicity: Multiplicity::ZeroOrOne }
}

const DESCRIPTOR: Property =
    Property::new("SecurityArtifactDescriptor", EdmType::Complex("SecurityArtifactDescriptor"));

/// `UserCredential`: a user name and password deployed for flows (the password is never read).
pub static USER_CREDENTIAL: EntityType = EntityType {
    name: "UserCredential",
    keys: &["Name"],
    properties: &[
        req("Name"),
        opt("Kind"),
        opt("Description"),
        opt("User"),
        opt("Password"),
        opt("CompanyId"),
        DESCRIPTOR,
    ],
    navigations: &[],
    has_stream: false,
};

/// `SecureParameter`: a deployed secret value (never read).
pub static SECURE_PARAMETER: EntityType = EntityType {
    name: "SecureParameter",
    keys: &["Name"],
    properties: &[
        req("Name"),
        opt("Description"),
        opt("SecureParam"),
        opt("DeployedBy"),
        datetime("DeployedOn"),
        opt("Status"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `OAuth2ClientCredential`: a client of an OAuth token service (the secret is never read).
pub static OAUTH2_CLIENT_CREDENTIAL: EntityType = EntityType {
    name: "OAuth2ClientCredential",
    keys: &["Name"],
    properties: &[
        req("Name"),
        opt("Description"),
        opt("TokenServiceUrl"),
        opt("ClientId"),
        opt("ClientSecret"),
        opt("ClientAuthentication"),
        opt("Scope"),
        opt("ScopeContentType"),
        opt("Resource"),
        opt("Audience"),
        DESCRIPTOR,
    ],
    navigations: &[],
    has_stream: false,
};

/// The certificate properties of keystore entries and chain certificates.
macro_rules! certificate_properties {
    ($($extra:expr),* $(,)?) => {
        &[
            req("Hexalias"),
            opt("Alias"),
            opt("KeyType"),
            int32("KeySize"),
            datetime("ValidNotBefore"),
            datetime("ValidNotAfter"),
            opt("SerialNumber"),
            opt("SignatureAlgorithm"),
            opt("EllipticCurve"),
            opt("Validity"),
            opt("SubjectDN"),
            opt("IssuerDN"),
            int32("Version"),
            opt("FingerprintSha1"),
            opt("FingerprintSha256"),
            opt("FingerprintSha512"),
            $($extra),*
        ]
    };
}

const KEYSTORE_ENTRY_NAVIGATIONS: &[Navigation] = &[
    many("ChainCertificates", "ChainCertificates"),
    one("Certificate", "CertificateResources"),
    one("Sshkey", "SSHKeyResources"),
    Navigation { name: "Keystore", target_set: "Keystores", multiplicity: Multiplicity::One },
    one("ChainResource", "CertificateChainResources"),
    one("SigningRequest", "CertificateSigningRequests"),
];

/// `KeystoreEntry`: a certificate or key pair of a keystore, keyed by its hex-encoded alias.
pub static KEYSTORE_ENTRY: EntityType = EntityType {
    name: "KeystoreEntry",
    keys: &["Hexalias"],
    properties: certificate_properties![
        opt("Type"),
        opt("Owner"),
        opt("LastModifiedBy"),
        datetime("LastModifiedTime"),
        opt("CreatedBy"),
        datetime("CreatedTime"),
        opt("Status"),
    ],
    navigations: KEYSTORE_ENTRY_NAVIGATIONS,
    has_stream: false,
};

/// `HistoryKeystoreEntry`: a keystore entry that was replaced.
pub static HISTORY_KEYSTORE_ENTRY: EntityType = EntityType {
    name: "HistoryKeystoreEntry",
    keys: &["Hexalias"],
    properties: certificate_properties![
        opt("Type"),
        opt("Owner"),
        opt("LastModifiedBy"),
        datetime("LastModifiedTime"),
        opt("CreatedBy"),
        datetime("CreatedTime"),
        opt("Status"),
        opt("ActivatedBy"),
        datetime("ActiveFrom"),
        opt("DeactivatedBy"),
        datetime("ActiveUntil"),
        int32("ActivationSequenceNumber"),
        opt("OriginalAlias"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `ChainCertificate`: one certificate of an entry's chain.
pub static CHAIN_CERTIFICATE: EntityType = EntityType {
    name: "ChainCertificate",
    keys: &["Hexalias", "Index"],
    properties: certificate_properties![Property::required("Index", EdmType::Int32)],
    navigations: &[],
    has_stream: false,
};

/// A part of a keystore entry read or written as `$value` (certificate, chain, key, request).
macro_rules! entry_part {
    ($constant:ident, $name:literal, $doc:literal) => {
        #[doc = $doc]
        pub static $constant: EntityType = EntityType {
            name: $name,
            keys: &["Hexalias"],
            properties: &[req("Hexalias"), opt("Alias")],
            navigations: &[],
            has_stream: true,
        };
    };
}

entry_part!(CERTIFICATE_RESOURCE, "CertificateResource", "`CertificateResource`: an entry's certificate (`$value`).");
entry_part!(
    CERTIFICATE_CHAIN_RESOURCE,
    "CertificateChainResource",
    "`CertificateChainResource`: an entry's certificate chain (`$value`)."
);
entry_part!(SSH_KEY_RESOURCE, "SSHKeyResource", "`SSHKeyResource`: an entry's SSH key (`$value`).");
entry_part!(
    CERTIFICATE_SIGNING_REQUEST,
    "CertificateSigningRequest",
    "`CertificateSigningRequest`: a signing request for an entry's key (`$value`)."
);

/// `Keystore`: the tenant keystore (`system`) or its backup.
pub static KEYSTORE: EntityType = EntityType {
    name: "Keystore",
    keys: &["Name"],
    properties: &[req("Name"), opt("LastModifiedBy"), datetime("LastModifiedTime"), int32("Size")],
    navigations: &[many("Entries", "KeystoreEntries")],
    has_stream: false,
};

/// `KeystoreResource`: a whole keystore uploaded or exported.
pub static KEYSTORE_RESOURCE: EntityType = EntityType {
    name: "KeystoreResource",
    keys: &["Name"],
    properties: &[req("Name"), Property::new("Resource", EdmType::Binary), opt("Password"), opt("Aliases")],
    navigations: &[],
    has_stream: false,
};

/// `CertificateUserMapping`: maps a client certificate to a user.
pub static CERTIFICATE_USER_MAPPING: EntityType = EntityType {
    name: "CertificateUserMapping",
    keys: &["Id"],
    properties: &[
        req("Id"),
        opt("User"),
        Property::new("Certificate", EdmType::Binary),
        opt("LastModifiedBy"),
        datetime("LastModifiedTime"),
        opt("CreatedBy"),
        datetime("CreatedTime"),
        Property::new("ValidUntil", EdmType::Int64),
    ],
    navigations: &[],
    has_stream: false,
};

/// `AccessPolicy`: a role that restricts access to the data of the artifacts it references.
/// Its key is numeric and written unquoted (`AccessPolicies(12)`).
pub static ACCESS_POLICY: EntityType = EntityType {
    name: "AccessPolicy",
    keys: &["Id"],
    properties: &[Property::required("Id", EdmType::Int64), opt("RoleName"), opt("Description")],
    navigations: &[many("ArtifactReferences", "ArtifactReferences")],
    has_stream: false,
};

/// `ArtifactReference`: an artifact an access policy protects, with its condition.
pub static ARTIFACT_REFERENCE: EntityType = EntityType {
    name: "ArtifactReference",
    keys: &["Id"],
    properties: &[
        Property::required("Id", EdmType::Int64),
        opt("Name"),
        opt("Description"),
        opt("Type"),
        opt("ConditionAttribute"),
        opt("ConditionValue"),
        opt("ConditionType"),
    ],
    navigations: &[],
    has_stream: false,
};
