//! Tenant content beyond packages: design-time artifacts with their bundles, the index rows of
//! their configurations and resources, deployments and runtime artifacts; and the generic,
//! model-driven read every OData collection goes through.

use async_trait::async_trait;

use uuid::Uuid;

use cpi_domain::content::{
    ArtifactKind, ConfigurationEntry, DeployStatus, DeployTask, DesigntimeArtifact, ResourceEntry, RuntimeArtifact,
    ServiceEndpoint,
};
use cpi_domain::message_store::DataStoreKey;
use cpi_domain::monitoring::RuntimeLogLevel;
use cpi_odata::model::EntityType;
use cpi_odata::query::{Expr, OrderBy};
use cpi_odata::value::Value;

use crate::StoreResult;

/// A design-time artifact with everything derived from its bundle, written as one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactContent {
    /// The descriptive fields.
    pub artifact: DesigntimeArtifact,
    /// The bundle (zip) as it is downloaded.
    pub bundle: Vec<u8>,
    /// Its configurations, in bundle order.
    pub configurations: Vec<ConfigurationEntry>,
    /// Its resources.
    pub resources: Vec<ResourceEntry>,
    /// The stored revision: 1 after a create, one more after each replace. A replace names the
    /// revision it read, so that two read-modify-write cycles never lose one of the changes.
    pub revision: u64,
}

/// Design-time artifacts.
#[async_trait]
pub trait ArtifactStore: Send + Sync {
    /// Creates an artifact (at revision 1, whatever `content.revision` says); conflicts on
    /// (kind, id); NotFound if the package does not exist.
    async fn create_artifact(&self, subaccount: Uuid, content: &ArtifactContent) -> StoreResult<()>;
    /// Replaces an artifact (same kind and id) with its configurations and resources, if it is
    /// still at `content.revision` (Conflict otherwise: it changed since it was read); the stored
    /// revision goes up by one. NotFound if it does not exist.
    async fn replace_artifact(&self, subaccount: Uuid, content: &ArtifactContent) -> StoreResult<()>;
    /// One artifact's fields.
    async fn get_artifact(&self, subaccount: Uuid, kind: ArtifactKind, id: &str) -> StoreResult<DesigntimeArtifact>;
    /// One artifact with its bundle and index rows.
    async fn get_artifact_content(
        &self,
        subaccount: Uuid,
        kind: ArtifactKind,
        id: &str,
    ) -> StoreResult<ArtifactContent>;
    /// Every artifact of a package with its bundle, by kind and id.
    async fn package_contents(&self, subaccount: Uuid, package_id: &str) -> StoreResult<Vec<ArtifactContent>>;
    /// Deletes an artifact.
    async fn delete_artifact(&self, subaccount: Uuid, kind: ArtifactKind, id: &str) -> StoreResult<()>;
}

/// What a deployment leaves when it finishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployOutcome {
    /// The task's final status.
    pub task_status: DeployStatus,
    /// The runtime artifact as it now is.
    pub runtime: RuntimeArtifact,
    /// Its entry points (empty unless it started).
    pub endpoints: Vec<ServiceEndpoint>,
}

/// Deployments and runtime artifacts.
#[async_trait]
pub trait DeploymentStore: Send + Sync {
    /// Records a new task and sets the runtime artifact to `STARTING` with the bundle snapshot
    /// being deployed, in one transaction.
    async fn start_deployment(
        &self,
        subaccount: Uuid,
        task: &DeployTask,
        runtime: &RuntimeArtifact,
        bundle: &[u8],
    ) -> StoreResult<()>;
    /// Finishes a task: its status, the runtime artifact and its endpoints, in one transaction.
    /// NotFound if the task is unknown or no longer `DEPLOYING`. A runtime artifact undeployed
    /// meanwhile stays undeployed (only the task's status is written).
    async fn finish_deployment(&self, subaccount: Uuid, task_id: &str, outcome: &DeployOutcome) -> StoreResult<()>;
    /// Tasks still `DEPLOYING` in any subaccount (to finish after a restart), oldest first.
    async fn pending_deployments(&self) -> StoreResult<Vec<(Uuid, DeployTask)>>;
    /// One task.
    async fn get_deploy_task(&self, subaccount: Uuid, task_id: &str) -> StoreResult<DeployTask>;
    /// One runtime artifact.
    async fn get_runtime_artifact(&self, subaccount: Uuid, id: &str) -> StoreResult<RuntimeArtifact>;
    /// The bundle snapshot a runtime artifact runs.
    async fn runtime_bundle(&self, subaccount: Uuid, id: &str) -> StoreResult<Vec<u8>>;
    /// Undeploys: removes the runtime artifact, its endpoints and its log level.
    async fn delete_runtime_artifact(&self, subaccount: Uuid, id: &str) -> StoreResult<()>;
    /// Every runtime artifact of every subaccount (to load the deployed flows at start), by
    /// subaccount and id.
    async fn list_runtime_artifacts(&self) -> StoreResult<Vec<(Uuid, RuntimeArtifact)>>;
    /// Sets the log level of a runtime artifact, replacing any earlier one. It survives redeploys
    /// of the same id and goes with an undeploy. NotFound if the runtime artifact does not exist.
    async fn set_runtime_log_level(&self, subaccount: Uuid, id: &str, level: &RuntimeLogLevel) -> StoreResult<()>;
    /// The log level set for a runtime artifact, as stored (expired or not); none if never set.
    /// NotFound if the runtime artifact does not exist.
    async fn runtime_log_level(&self, subaccount: Uuid, id: &str) -> StoreResult<Option<RuntimeLogLevel>>;
}

/// Where a generic read takes its entities from: an entity set, narrowed to a parent when it is
/// reached by navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntitySource {
    /// `IntegrationPackages`.
    Packages,
    /// A design-time artifact set, optionally of one package.
    Artifacts {
        /// Which set.
        kind: ArtifactKind,
        /// Only this package's.
        package: Option<String>,
    },
    /// `Configurations` of one artifact.
    Configurations {
        /// Artifact kind.
        kind: ArtifactKind,
        /// Artifact id.
        artifact: String,
    },
    /// `Resources` of one artifact.
    Resources {
        /// Artifact kind.
        kind: ArtifactKind,
        /// Artifact id.
        artifact: String,
    },
    /// `CustomTags` of one package.
    CustomTags {
        /// Package id.
        package: String,
    },
    /// `IntegrationRuntimeArtifacts`.
    RuntimeArtifacts,
    /// `RuntimeArtifactErrorInformations` (runtime artifacts in `ERROR`).
    RuntimeErrors,
    /// `BuildAndDeployStatus`.
    DeployTasks,
    /// `ServiceEndpoints`.
    ServiceEndpoints,
    /// `EntryPoints`, optionally of one endpoint (by its `Id`).
    EntryPoints {
        /// The endpoint's `Id` (`<flow>$endpointAddress=<address>`).
        endpoint: Option<String>,
    },
    /// `MessageProcessingLogs`, narrowed to those carrying every custom header property given
    /// (name and value; SAP's `filterCustomHeaderProperties`).
    MessageLogs {
        /// `(name, value)` pairs that must all match.
        custom_headers: Vec<(String, String)>,
    },
    /// `MessageProcessingLogAttachments`, optionally of one log.
    MessageLogAttachments {
        /// The log's MessageGuid.
        log: Option<String>,
    },
    /// `MessageProcessingLogErrorInformations`: one per log with an error, keyed by MessageGuid.
    MessageLogErrors,
    /// `MessageProcessingLogAdapterAttributes`, optionally of one log.
    MessageLogAdapterAttributes {
        /// The log's MessageGuid.
        log: Option<String>,
    },
    /// `MessageProcessingLogCustomHeaderProperties`, optionally of one log.
    MessageLogCustomHeaders {
        /// The log's MessageGuid.
        log: Option<String>,
    },
    /// `MessageProcessingLogRuns`, optionally of one log.
    MessageLogRuns {
        /// The log's MessageGuid.
        log: Option<String>,
    },
    /// `UserCredentials` (passwords are never read).
    UserCredentials,
    /// `SecureParameters` (values are never read).
    SecureParameters,
    /// `OAuth2ClientCredentials` (client secrets are never read).
    OAuth2ClientCredentials,
    /// `KeystoreEntries` of one keystore (`system`, `backup_admin_system`, …).
    KeystoreEntries {
        /// The keystore's name.
        keystore: String,
    },
    /// `CertificateResources`: the certificate part of each entry of one keystore.
    CertificateResources {
        /// The keystore's name.
        keystore: String,
    },
    /// `Keystores`: the tenant keystore and its companions, with their sizes.
    Keystores,
    /// `CertificateUserMappings`.
    CertificateUserMappings,
    /// `AccessPolicies`.
    AccessPolicies,
    /// `ArtifactReferences`, optionally of one access policy.
    ArtifactReferences {
        /// The policy's `Id`.
        policy: Option<i64>,
    },
    /// `UserCredentialParameters` of the partner directory (passwords are never read).
    UserCredentialParameters,
    /// `Partners`: every partner id some Partner Directory entry names.
    Partners,
    /// `StringParameters`.
    StringParameters,
    /// `BinaryParameters`.
    BinaryParameters,
    /// `AlternativePartners`.
    AlternativePartners,
    /// `AuthorizedUsers`.
    AuthorizedUsers,
    /// `MessageStoreEntries`, optionally of one message (by its processing log's guid).
    MessageStoreEntries {
        /// `MessageGuid`.
        message: Option<String>,
    },
    /// `MessageStoreEntryProperties`, optionally of one entry.
    MessageStoreEntryProperties {
        /// The entry's `Id`.
        entry: Option<String>,
    },
    /// `MessageStoreEntryAttachments`, optionally of one entry.
    MessageStoreEntryAttachments {
        /// The entry's `Id`.
        entry: Option<String>,
    },
    /// `MessageStoreEntryAttachmentProperties`, optionally of one attachment.
    MessageStoreEntryAttachmentProperties {
        /// The attachment's `Id`.
        attachment: Option<String>,
    },
    /// `DataStores`: one per data store that holds entries.
    DataStores {
        /// Only stores with overdue entries (`overdueonly=true`).
        overdue_only: bool,
    },
    /// `DataStoreEntries`, optionally narrowed.
    DataStoreEntries {
        /// Of one data store (`DataStores(…)/Entries`).
        store: Option<DataStoreKey>,
        /// Written by one message (`messageid=`, a processing log's guid).
        message: Option<String>,
        /// Only overdue entries (`overdueonly=true`).
        overdue_only: bool,
    },
    /// `Variables`.
    Variables,
    /// `NumberRanges`.
    NumberRanges,
    /// `JmsBrokers`: the tenant's one broker with its limits and what its queues hold.
    JmsBrokers,
}

/// A generic read: filter, order and page, all run by the backend.
#[derive(Debug, Clone, Copy)]
pub struct EntityQuery<'a> {
    /// The entity type whose properties the rows carry, in its order.
    pub entity_type: &'static EntityType,
    /// `$filter`, already checked against the entity type.
    pub filter: Option<&'a Expr>,
    /// `$orderby`; the key follows as a tie-breaker.
    pub orderby: &'a [OrderBy],
    /// Rows to skip.
    pub skip: u64,
    /// Most rows to return.
    pub limit: u64,
    /// Whether to count all matching rows too.
    pub count: bool,
}

/// Rows of a generic read.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRows {
    /// One value per property of the entity type, in its order.
    pub rows: Vec<Vec<Value>>,
    /// Matching rows before paging, when asked.
    pub total: Option<u64>,
}

/// The model-driven read behind every OData collection and single-entity GET.
#[async_trait]
pub trait EntityReader: Send + Sync {
    /// Reads entities of a source. Properties the backend does not store read as null.
    async fn read_entities(
        &self,
        subaccount: Uuid,
        source: &EntitySource,
        query: &EntityQuery<'_>,
    ) -> StoreResult<EntityRows>;
}
