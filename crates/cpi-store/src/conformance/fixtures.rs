//! Records and assertions the checks share. Every time is built at millisecond precision from a
//! fixed instant, so backends must give back exactly what they were given.

use std::fmt::Debug;

use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use cpi_domain::content::{
    ArtifactKind, ConfigurationEntry, DeployStatus, DeployTask, DesigntimeArtifact, IntegrationPackage, ResourceEntry,
    RuntimeArtifact, RuntimeStatus, ServiceEndpoint,
};
use cpi_domain::{GrantType, InstanceParameters, Plan, ResourceName, RoleCollection, Subaccount, clone_client_id};

use crate::{ArtifactContent, InstanceRecord, KeyRecord, SigningKeyRecord, Store, StoreError, StoreResult, UserRecord};

/// The instant every fixture time is relative to (note the milliseconds).
pub(super) const T0: OffsetDateTime = datetime!(2025-03-01 09:15:30.123 UTC);

/// `T0` plus whole milliseconds.
pub(super) fn at(ms: i64) -> OffsetDateTime {
    T0 + Duration::milliseconds(ms)
}

/// A fixed id.
pub(super) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A validated name.
pub(super) fn name(text: &str) -> ResourceName {
    ResourceName::parse(text).expect("fixture names are valid")
}

/// A subaccount with id `n`.
pub(super) fn subaccount(n: u128, subdomain: &str, created_at: OffsetDateTime) -> Subaccount {
    Subaccount {
        id: id(0x5ab0_0000 + n),
        subdomain: subdomain.to_owned(),
        api_app_number: 1000 + n as u32,
        runtime_app_number: 2000 + n as u32,
        created_at,
    }
}

/// Creates subaccount `n` and returns it.
pub(super) async fn given_subaccount<S: Store>(store: &S, n: u128, subdomain: &str) -> Subaccount {
    let sub = subaccount(n, subdomain, at(n as i64));
    store.create_subaccount(&sub).await.expect("creating a fixture subaccount");
    sub
}

/// An `api` instance with non-default parameters.
pub(super) fn instance(sub: &Subaccount, n: u128, text: &str, created_at: OffsetDateTime) -> InstanceRecord {
    let instance_id = id(0x1_0000_0000 + n);
    InstanceRecord {
        id: instance_id,
        subaccount_id: sub.id,
        name: name(text),
        plan: Plan::Api,
        parameters: InstanceParameters {
            grant_types: vec![GrantType::ClientCredentials, GrantType::Password],
            redirect_uris: vec!["https://example.org/cb".to_owned()],
            roles: vec!["WorkspacePackagesRead".to_owned(), "MonitoringDataRead".to_owned()],
            token_validity: 7200,
        },
        client_id: clone_client_id(instance_id, 7, &sub.api_xsappname()),
        created_at,
        updated_at: created_at,
    }
}

/// Creates an instance and returns it.
pub(super) async fn given_instance<S: Store>(store: &S, sub: &Subaccount, n: u128, text: &str) -> InstanceRecord {
    let record = instance(sub, n, text, at(1000 + n as i64));
    store.create_instance(&record).await.expect("creating a fixture instance");
    record
}

/// A key of an instance.
pub(super) fn key(instance: &InstanceRecord, n: u128, text: &str, created_at: OffsetDateTime) -> KeyRecord {
    KeyRecord {
        id: id(0x2_0000_0000 + n),
        instance_id: instance.id,
        subaccount_id: instance.subaccount_id,
        name: name(text),
        secret_salt: (0..32).map(|i| (i as u8).wrapping_mul(7).wrapping_add(n as u8)).collect(),
        created_at,
    }
}

/// A user with two role collections.
pub(super) fn user(sub: &Subaccount, n: u128, username: &str, created_at: OffsetDateTime) -> UserRecord {
    UserRecord {
        id: id(0x3_0000_0000 + n),
        subaccount_id: sub.id,
        username: username.to_owned(),
        email: format!("{username}@example.org"),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA${username}"),
        role_collections: vec![RoleCollection::IntegrationDeveloper, RoleCollection::ReadOnly],
        created_at,
    }
}

/// An active signing key.
pub(super) fn signing_key(sub: &Subaccount, kid: &str, created_at: OffsetDateTime) -> SigningKeyRecord {
    SigningKeyRecord {
        kid: kid.to_owned(),
        subaccount_id: sub.id,
        private_key_pkcs8: kid.bytes().chain([0x30, 0x82, 0x00, 0xff]).collect(),
        created_at,
        retired_at: None,
    }
}

/// A package whose fields all differ from each other.
pub(super) fn package(package_id: &str, created: OffsetDateTime) -> IntegrationPackage {
    IntegrationPackage {
        id: package_id.to_owned(),
        name: format!("{package_id} name"),
        resource_id: "0123456789abcdef0123456789abcdef".to_owned(),
        description: format!("{package_id} description"),
        short_text: format!("{package_id} short text"),
        version: "1.0.3".to_owned(),
        vendor: "ACME".to_owned(),
        partner_content: true,
        update_available: false,
        mode: "EDIT_ALLOWED".to_owned(),
        supported_platform: "SAP Cloud Integration".to_owned(),
        created_by: "alice".to_owned(),
        modified_by: "bob".to_owned(),
        creation_date: created,
        modified_date: created + Duration::milliseconds(1),
        products: "SAP S/4HANA".to_owned(),
        keywords: "orders,invoices".to_owned(),
        countries: "DE,FR".to_owned(),
        industries: "Retail".to_owned(),
        line_of_business: "Sales".to_owned(),
    }
}

/// Creates a package and returns it.
pub(super) async fn given_package<S: Store>(store: &S, sub: &Subaccount, package_id: &str) -> IntegrationPackage {
    let record = package(package_id, at(500));
    store.create_package(sub.id, &record).await.expect("creating a fixture package");
    record
}

/// Milliseconds since the epoch of a fixture time (how times read through `read_entities`).
pub(super) fn ms(time: OffsetDateTime) -> i64 {
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).expect("fixture times fit in i64 milliseconds")
}

/// A design-time artifact whose fields all differ from each other.
pub(super) fn artifact(
    kind: ArtifactKind,
    artifact_id: &str,
    package_id: &str,
    created: OffsetDateTime,
) -> DesigntimeArtifact {
    DesigntimeArtifact {
        kind,
        id: artifact_id.to_owned(),
        version: "1.0.7".to_owned(),
        package_id: package_id.to_owned(),
        name: format!("{artifact_id} name"),
        description: format!("{artifact_id} description"),
        sender: "ERP".to_owned(),
        receiver: "CRM".to_owned(),
        created_by: "alice".to_owned(),
        created_at: created,
        modified_by: "bob".to_owned(),
        modified_at: created + Duration::milliseconds(1),
    }
}

/// An artifact with a binary bundle, configurations out of key order (values naming the kind
/// and id) and resources with and without a referenced type.
pub(super) fn content(artifact: DesigntimeArtifact) -> ArtifactContent {
    let tag = format!("{}:{}", artifact.kind.code(), artifact.id);
    let configuration = |key: &str, data_type: &str| ConfigurationEntry {
        key: key.to_owned(),
        value: format!("{key} of {tag}"),
        data_type: data_type.to_owned(),
        description: format!("{key} description"),
    };
    let resource = |name: &str, resource_type: &str, referenced: Option<&str>, size: i64| ResourceEntry {
        name: name.to_owned(),
        resource_type: resource_type.to_owned(),
        referenced_resource_type: referenced.map(str::to_owned),
        size,
    };
    ArtifactContent {
        bundle: [b"PK\x03\x04".as_slice(), &[0x00, 0xff, 0x80, 0x0a], tag.as_bytes()].concat(),
        configurations: vec![
            configuration("Timeout", "xsd:integer"),
            configuration("Address", "xsd:string"),
            configuration("Enabled", "xsd:boolean"),
        ],
        resources: vec![
            resource("mapping.mmap", "mmap", Some("MessageMapping"), 2048),
            resource("script1.groovy", "groovy", None, 512),
        ],
        artifact,
        revision: 1,
    }
}

/// Creates an artifact's [`content`] and returns it.
pub(super) async fn given_artifact<S: Store>(
    store: &S,
    sub: &Subaccount,
    kind: ArtifactKind,
    artifact_id: &str,
    package_id: &str,
) -> ArtifactContent {
    let record = content(artifact(kind, artifact_id, package_id, at(700)));
    store.create_artifact(sub.id, &record).await.expect("creating a fixture artifact");
    record
}

/// A deployment task still `DEPLOYING`.
pub(super) fn deploy_task(task_id: &str, kind: ArtifactKind, artifact_id: &str, created: OffsetDateTime) -> DeployTask {
    DeployTask {
        task_id: task_id.to_owned(),
        kind,
        artifact_id: artifact_id.to_owned(),
        version: "1.0.7".to_owned(),
        status: DeployStatus::Deploying,
        deployed_by: "carol".to_owned(),
        created_at: created,
    }
}

/// A runtime artifact being started.
pub(super) fn runtime(kind: ArtifactKind, runtime_id: &str, deployed_on: OffsetDateTime) -> RuntimeArtifact {
    RuntimeArtifact {
        id: runtime_id.to_owned(),
        kind,
        version: "1.0.7".to_owned(),
        name: format!("{runtime_id} name"),
        deployed_by: "carol".to_owned(),
        deployed_on,
        status: RuntimeStatus::Starting,
        error: None,
    }
}

/// An HTTPS entry point of a flow.
pub(super) fn endpoint(artifact_id: &str, address: &str, last_updated: OffsetDateTime) -> ServiceEndpoint {
    ServiceEndpoint {
        artifact_id: artifact_id.to_owned(),
        address: address.to_owned(),
        title: format!("{artifact_id} name"),
        version: "1.0.7".to_owned(),
        protocol: "REST".to_owned(),
        url: format!("https://acme.it-cpi.example/http{address}"),
        last_updated,
    }
}

/// Starts deploying a flow (task `task_id` at `created`) with a bundle naming the task.
pub(super) async fn given_deployment<S: Store>(
    store: &S,
    sub: &Subaccount,
    task_id: &str,
    runtime_id: &str,
    created: OffsetDateTime,
) -> (DeployTask, RuntimeArtifact) {
    let task = deploy_task(task_id, ArtifactKind::IntegrationFlow, runtime_id, created);
    let started = runtime(ArtifactKind::IntegrationFlow, runtime_id, created);
    store.start_deployment(sub.id, &task, &started, task_id.as_bytes()).await.expect("start_deployment");
    (task, started)
}

/// Asserts `StoreError::NotFound`.
#[track_caller]
pub(super) fn assert_not_found<T: Debug>(result: StoreResult<T>, what: &str) {
    assert!(matches!(result, Err(StoreError::NotFound)), "{what}: expected StoreError::NotFound, got {result:?}");
}

/// Asserts `StoreError::Conflict` whose text names `names` (what already exists).
#[track_caller]
pub(super) fn assert_conflict<T: Debug>(result: StoreResult<T>, what: &str, names: &str) {
    match result {
        Err(StoreError::Conflict(text)) => {
            assert!(text.contains(names), "{what}: the conflict text {text:?} should name {names:?}")
        }
        other => panic!("{what}: expected StoreError::Conflict, got {other:?}"),
    }
}
