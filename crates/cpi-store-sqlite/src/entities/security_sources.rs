//! Column maps of the security content sources. Secret columns are never mapped: `Password`,
//! `SecureParam` and `ClientSecret` read as null whatever is stored. `SecurityArtifactDescriptor`
//! is a complex property, mapped member by member (`SecurityArtifactDescriptor/Type`, …).

/// The descriptor of deployed credentials: `Type` as SAP's examples give it per set.
macro_rules! descriptor {
    ($type:literal) => {
        [
            ("SecurityArtifactDescriptor/Type", $type),
            ("SecurityArtifactDescriptor/DeployedBy", "deployed_by"),
            ("SecurityArtifactDescriptor/DeployedOn", "deployed_on"),
            ("SecurityArtifactDescriptor/Status", "'DEPLOYED'"),
        ]
    };
}

const USER_DESCRIPTOR: [(&str, &str); 4] = descriptor!("'BUNDLE'");
const OAUTH2_DESCRIPTOR: [(&str, &str); 4] = descriptor!("'CREDENTIALS'");

pub(super) const USER_CREDENTIAL: &[(&str, &str)] = &[
    ("Name", "name"),
    ("Kind", "kind"),
    ("Description", "description"),
    ("User", "user_name"),
    ("CompanyId", "company_id"),
    USER_DESCRIPTOR[0],
    USER_DESCRIPTOR[1],
    USER_DESCRIPTOR[2],
    USER_DESCRIPTOR[3],
];

pub(super) const SECURE_PARAMETER: &[(&str, &str)] = &[
    ("Name", "name"),
    ("Description", "description"),
    ("DeployedBy", "deployed_by"),
    ("DeployedOn", "deployed_on"),
    ("Status", "'DEPLOYED'"),
];

pub(super) const OAUTH2_CLIENT_CREDENTIAL: &[(&str, &str)] = &[
    ("Name", "name"),
    ("Description", "description"),
    ("TokenServiceUrl", "token_service_url"),
    ("ClientId", "client_id"),
    ("ClientAuthentication", "client_authentication"),
    ("Scope", "scope"),
    ("ScopeContentType", "scope_content_type"),
    ("Resource", "resource"),
    ("Audience", "audience"),
    OAUTH2_DESCRIPTOR[0],
    OAUTH2_DESCRIPTOR[1],
    OAUTH2_DESCRIPTOR[2],
    OAUTH2_DESCRIPTOR[3],
];

pub(super) const KEYSTORE_ENTRY: &[(&str, &str)] = &[
    ("Hexalias", "hexalias"),
    ("Alias", "alias"),
    ("KeyType", "key_type"),
    ("KeySize", "key_size"),
    ("ValidNotBefore", "valid_not_before"),
    ("ValidNotAfter", "valid_not_after"),
    ("SerialNumber", "serial_number"),
    ("SignatureAlgorithm", "signature_algorithm"),
    ("EllipticCurve", "elliptic_curve"),
    ("Validity", "validity"),
    ("SubjectDN", "subject_dn"),
    ("IssuerDN", "issuer_dn"),
    ("Version", "version"),
    ("FingerprintSha1", "fingerprint_sha1"),
    ("FingerprintSha256", "fingerprint_sha256"),
    ("FingerprintSha512", "fingerprint_sha512"),
    ("Type", "entry_type"),
    ("Owner", "owner"),
    ("LastModifiedBy", "last_modified_by"),
    ("LastModifiedTime", "last_modified_time"),
    ("CreatedBy", "created_by"),
    ("CreatedTime", "created_time"),
    ("Status", "status"),
];

pub(super) const CERTIFICATE_RESOURCE: &[(&str, &str)] = &[("Hexalias", "hexalias"), ("Alias", "alias")];

/// The keystores view with each one's size and last change, from its entries.
pub(super) const KEYSTORE: &[(&str, &str)] = &[
    ("Name", "name"),
    (
        "LastModifiedBy",
        "(SELECT e.last_modified_by FROM keystore_entries e WHERE e.subaccount_id = keystores.subaccount_id
          AND e.keystore = keystores.name ORDER BY e.last_modified_time DESC LIMIT 1)",
    ),
    (
        "LastModifiedTime",
        "(SELECT MAX(e.last_modified_time) FROM keystore_entries e
          WHERE e.subaccount_id = keystores.subaccount_id AND e.keystore = keystores.name)",
    ),
    (
        "Size",
        "(SELECT COUNT(*) FROM keystore_entries e
          WHERE e.subaccount_id = keystores.subaccount_id AND e.keystore = keystores.name)",
    ),
];

pub(super) const CERTIFICATE_USER_MAPPING: &[(&str, &str)] = &[
    ("Id", "id"),
    ("User", "user_name"),
    ("Certificate", "certificate"),
    ("LastModifiedBy", "last_modified_by"),
    ("LastModifiedTime", "last_modified_time"),
    ("CreatedBy", "created_by"),
    ("CreatedTime", "created_time"),
    ("ValidUntil", "valid_until"),
];

pub(super) const ACCESS_POLICY: &[(&str, &str)] =
    &[("Id", "id"), ("RoleName", "role_name"), ("Description", "description")];

pub(super) const ARTIFACT_REFERENCE: &[(&str, &str)] = &[
    ("Id", "id"),
    ("Name", "name"),
    ("Description", "description"),
    ("Type", "artifact_type"),
    ("ConditionAttribute", "condition_attribute"),
    ("ConditionValue", "condition_value"),
    ("ConditionType", "condition_type"),
];

pub(super) const PARTNER_USER_CREDENTIAL: &[(&str, &str)] = &[
    ("Pid", "pid"),
    ("Id", "id"),
    ("User", "user_name"),
    ("LastModifiedBy", "modified_by"),
    ("LastModifiedTime", "modified_at"),
    ("CreatedBy", "created_by"),
    ("CreatedTime", "created_at"),
];
