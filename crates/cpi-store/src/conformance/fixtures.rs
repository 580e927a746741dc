//! Records and assertions the checks share. Every time is built at millisecond precision from a
//! fixed instant, so backends must give back exactly what they were given.

use std::fmt::Debug;

use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use cpi_domain::content::IntegrationPackage;
use cpi_domain::{GrantType, InstanceParameters, Plan, ResourceName, RoleCollection, Subaccount, clone_client_id};

use crate::{InstanceRecord, KeyRecord, SigningKeyRecord, Store, StoreError, StoreResult, UserRecord};

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
