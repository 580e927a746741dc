//! Where each [`EntitySource`] lives: its table, the condition that scopes it to a subaccount
//! (and parent), the SQL expression of each property, and its default order.

use uuid::Uuid;

use cpi_domain::content::ArtifactKind;
use cpi_store::EntitySource;

use super::filter::Bind;
use super::monitoring_sources as monitoring;
use super::security_sources::*;
use crate::columns::uuid_text;

/// The SQL side of one source.
#[derive(Debug)]
pub(crate) struct SourceSql {
    /// `FROM` target.
    pub from: &'static str,
    /// Scope condition with `?` placeholders, bound first, in order.
    pub scope: String,
    /// Values of the scope's placeholders.
    pub scope_binds: Vec<Bind>,
    /// Property name (or `Complex/Member` path) → SQL expression.
    pub columns: &'static [(&'static str, &'static str)],
    /// Default order (also the tie-breaker after `$orderby`); it ends with a unique key, so
    /// that pages are stable.
    pub default_order: &'static str,
}

impl SourceSql {
    /// The SQL expression of a property path (`A` or `A/B`), if the source stores it.
    pub fn column(&self, path: &str) -> Option<&'static str> {
        self.columns.iter().find(|(name, _)| *name == path).map(|(_, sql)| *sql)
    }

    /// The mapping of a source within a subaccount.
    pub fn of(subaccount: Uuid, source: &EntitySource) -> SourceSql {
        let sub = Bind::Text(uuid_text(subaccount));
        let text = |s: &str| Bind::Text(s.to_owned());
        let kind = |k: &ArtifactKind| Bind::Text(k.code().to_owned());
        let (from, scope, binds, columns, order): (_, &str, Vec<Bind>, _, _) = match source {
            EntitySource::Packages => ("packages", "subaccount_id = ?", vec![sub], PACKAGE, "id"),
            EntitySource::Artifacts { kind: k, package: None } => {
                ("artifacts", "subaccount_id = ? AND kind = ?", vec![sub, kind(k)], ARTIFACT, "id")
            }
            EntitySource::Artifacts { kind: k, package: Some(p) } => (
                "artifacts",
                "subaccount_id = ? AND kind = ? AND package_id = ?",
                vec![sub, kind(k), text(p)],
                ARTIFACT,
                "id",
            ),
            EntitySource::Configurations { kind: k, artifact } => (
                "artifact_configurations",
                "subaccount_id = ? AND kind = ? AND artifact_id = ?",
                vec![sub, kind(k), text(artifact)],
                CONFIGURATION,
                "position, key",
            ),
            EntitySource::Resources { kind: k, artifact } => (
                "artifact_resources",
                "subaccount_id = ? AND kind = ? AND artifact_id = ?",
                vec![sub, kind(k), text(artifact)],
                RESOURCE,
                "name, resource_type",
            ),
            EntitySource::CustomTags { package } => (
                "package_custom_tags",
                "subaccount_id = ? AND package_id = ?",
                vec![sub, text(package)],
                CUSTOM_TAG,
                "name",
            ),
            EntitySource::RuntimeArtifacts => ("runtime_artifacts", "subaccount_id = ?", vec![sub], RUNTIME, "id"),
            EntitySource::RuntimeErrors => {
                ("runtime_artifacts", "subaccount_id = ? AND status = 'ERROR'", vec![sub], RUNTIME_ERROR, "id")
            }
            EntitySource::DeployTasks => ("deploy_tasks", "subaccount_id = ?", vec![sub], DEPLOY_TASK, "task_id"),
            EntitySource::ServiceEndpoints => {
                ("service_endpoints", "subaccount_id = ?", vec![sub], SERVICE_ENDPOINT, "endpoint_id")
            }
            EntitySource::EntryPoints { endpoint: None } => {
                ("service_endpoints", "subaccount_id = ?", vec![sub], ENTRY_POINT, "url, endpoint_id")
            }
            // One endpoint has one URL.
            EntitySource::EntryPoints { endpoint: Some(e) } => {
                ("service_endpoints", "subaccount_id = ? AND endpoint_id = ?", vec![sub, text(e)], ENTRY_POINT, "url")
            }
            EntitySource::MessageLogs { custom_headers } => return monitoring::message_logs(sub, custom_headers),
            EntitySource::MessageLogAttachments { log } => return monitoring::attachments(sub, log.as_deref()),
            EntitySource::MessageLogErrors => return monitoring::errors(sub),
            EntitySource::MessageLogAdapterAttributes { log } => return monitoring::attributes(sub, log.as_deref()),
            EntitySource::MessageLogCustomHeaders { log } => return monitoring::custom_headers(sub, log.as_deref()),
            EntitySource::MessageLogRuns { log } => return monitoring::runs(sub, log.as_deref()),
            EntitySource::UserCredentials => {
                ("user_credentials", "subaccount_id = ?", vec![sub], USER_CREDENTIAL, "name")
            }
            EntitySource::SecureParameters => {
                ("secure_parameters", "subaccount_id = ?", vec![sub], SECURE_PARAMETER, "name")
            }
            EntitySource::OAuth2ClientCredentials => {
                ("oauth2_client_credentials", "subaccount_id = ?", vec![sub], OAUTH2_CLIENT_CREDENTIAL, "name")
            }
            EntitySource::KeystoreEntries { keystore } => {
                let scope = "subaccount_id = ? AND keystore = ?";
                ("keystore_entries", scope, vec![sub, text(keystore)], KEYSTORE_ENTRY, "alias, hexalias")
            }
            EntitySource::CertificateResources { keystore } => {
                let scope = "subaccount_id = ? AND keystore = ?";
                ("keystore_entries", scope, vec![sub, text(keystore)], CERTIFICATE_RESOURCE, "alias, hexalias")
            }
            EntitySource::Keystores => ("keystores", "subaccount_id = ?", vec![sub], KEYSTORE, "name"),
            EntitySource::CertificateUserMappings => {
                ("certificate_user_mappings", "subaccount_id = ?", vec![sub], CERTIFICATE_USER_MAPPING, "id")
            }
            EntitySource::AccessPolicies => ("access_policies", "subaccount_id = ?", vec![sub], ACCESS_POLICY, "id"),
            EntitySource::ArtifactReferences { policy: None } => {
                ("artifact_references", "subaccount_id = ?", vec![sub], ARTIFACT_REFERENCE, "id")
            }
            EntitySource::ArtifactReferences { policy: Some(p) } => (
                "artifact_references",
                "subaccount_id = ? AND policy_id = ?",
                vec![sub, Bind::Integer(*p)],
                ARTIFACT_REFERENCE,
                "id",
            ),
            EntitySource::UserCredentialParameters => {
                ("partner_user_credentials", "subaccount_id = ?", vec![sub], PARTNER_USER_CREDENTIAL, "pid, id")
            }
        };
        SourceSql { from, scope: scope.to_owned(), scope_binds: binds, columns, default_order: order }
    }
}

const PACKAGE: &[(&str, &str)] = &[
    ("Id", "id"),
    ("Name", "name"),
    ("ResourceId", "resource_id"),
    ("Description", "description"),
    ("ShortText", "short_text"),
    ("Version", "version"),
    ("Vendor", "vendor"),
    ("PartnerContent", "partner_content"),
    ("UpdateAvailable", "update_available"),
    ("Mode", "mode"),
    ("SupportedPlatform", "supported_platform"),
    ("ModifiedBy", "modified_by"),
    // SAP types these dates Edm.String and sends epoch milliseconds as text.
    ("CreationDate", "CAST(creation_date AS TEXT)"),
    ("ModifiedDate", "CAST(modified_date AS TEXT)"),
    ("CreatedBy", "created_by"),
    ("Products", "products"),
    ("Keywords", "keywords"),
    ("Countries", "countries"),
    ("Industries", "industries"),
    ("LineOfBusiness", "line_of_business"),
];

const ARTIFACT: &[(&str, &str)] = &[
    ("Id", "id"),
    ("Version", "version"),
    ("PackageId", "package_id"),
    ("Name", "name"),
    ("Description", "description"),
    ("Sender", "sender"),
    ("Receiver", "receiver"),
    ("CreatedBy", "created_by"),
    ("CreatedAt", "CAST(created_at AS TEXT)"),
    ("ModifiedBy", "modified_by"),
    ("ModifiedAt", "CAST(modified_at AS TEXT)"),
];

const CONFIGURATION: &[(&str, &str)] =
    &[("ParameterKey", "key"), ("ParameterValue", "value"), ("DataType", "data_type"), ("Description", "description")];

const RESOURCE: &[(&str, &str)] = &[
    ("Name", "name"),
    ("ResourceType", "resource_type"),
    ("ReferencedResourceType", "referenced_resource_type"),
    ("ResourceSize", "size"),
    ("ResourceSizeUnit", "'Byte'"),
];

const RUNTIME: &[(&str, &str)] = &[
    ("Id", "id"),
    ("Version", "version"),
    ("Name", "name"),
    // The stored kind is SAP's runtime artifact type.
    ("Type", "kind"),
    ("DeployedBy", "deployed_by"),
    ("DeployedOn", "deployed_on"),
    ("Status", "status"),
];

const CUSTOM_TAG: &[(&str, &str)] = &[("Name", "name"), ("Value", "value")];

const RUNTIME_ERROR: &[(&str, &str)] = &[("Id", "id")];

const DEPLOY_TASK: &[(&str, &str)] = &[("TaskId", "task_id"), ("Status", "status")];

const SERVICE_ENDPOINT: &[(&str, &str)] = &[
    ("Id", "endpoint_id"),
    ("Name", "artifact_id"),
    ("Title", "title"),
    ("Version", "version"),
    ("Summary", "''"),
    ("Description", "''"),
    ("LastUpdated", "last_updated"),
    ("Protocol", "protocol"),
];

const ENTRY_POINT: &[(&str, &str)] =
    &[("Url", "url"), ("Name", "artifact_id"), ("Type", "'PROD'"), ("AdditionalInformation", "''")];
