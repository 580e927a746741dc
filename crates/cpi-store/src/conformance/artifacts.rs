//! Design-time artifacts with their bundles, configurations and resources.

use cpi_domain::content::ArtifactKind::{IntegrationFlow, MessageMapping, ScriptCollection, ValueMapping};
use cpi_domain::content::{ConfigurationEntry, ResourceEntry};

use super::fixtures::{
    artifact, assert_conflict, assert_not_found, at, content, given_artifact, given_package, given_subaccount,
};
use crate::Store;

/// Artifacts read back exactly: fields, bundle bytes, configurations in their order, resources.
pub async fn artifacts_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_package(store, &sub, "orders").await;
    let flow = content(artifact(IntegrationFlow, "Orders.Flow", "orders", at(1_000)));
    let mut bare = content(artifact(ScriptCollection, "Scripts_1", "orders", at(2_000)));
    bare.configurations.clear();
    bare.resources.clear();
    bare.artifact.description = String::new();
    bare.bundle = (0..=255u8).rev().collect();
    for record in [&flow, &bare] {
        store.create_artifact(sub.id, record).await.expect("create_artifact");
    }
    assert_eq!(
        store.get_artifact(sub.id, IntegrationFlow, "Orders.Flow").await.expect("get_artifact"),
        flow.artifact,
        "get_artifact"
    );
    assert_eq!(
        store.get_artifact_content(sub.id, IntegrationFlow, "Orders.Flow").await.expect("get_artifact_content"),
        flow,
        "get_artifact_content gives the bundle, the configurations in order and the resources"
    );
    assert_eq!(
        store.get_artifact_content(sub.id, ScriptCollection, "Scripts_1").await.expect("get_artifact_content"),
        bare,
        "an artifact without configurations or resources"
    );
    assert_not_found(store.get_artifact(sub.id, ValueMapping, "Orders.Flow").await, "get_artifact of another kind");
    assert_not_found(
        store.get_artifact_content(sub.id, IntegrationFlow, "Missing").await,
        "get_artifact_content of a missing id",
    );
}

/// (kind, id) is unique in a subaccount whatever the package; the package must exist; a failed
/// create writes nothing.
pub async fn artifact_conflicts_and_missing<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_package(store, &sub, "orders").await;
    given_package(store, &sub, "billing").await;
    let orphan = content(artifact(IntegrationFlow, "Orphan", "missing", at(1_000)));
    assert_not_found(store.create_artifact(sub.id, &orphan).await, "create_artifact in a missing package");
    assert_not_found(store.get_artifact(sub.id, IntegrationFlow, "Orphan").await, "nothing of it was written");
    let original = given_artifact(store, &sub, IntegrationFlow, "Orders.Flow", "orders").await;
    let elsewhere = content(artifact(IntegrationFlow, "Orders.Flow", "billing", at(2_000)));
    assert_conflict(
        store.create_artifact(sub.id, &elsewhere).await,
        "the same kind and id in another package",
        "Orders.Flow",
    );
    let mapping = content(artifact(ValueMapping, "Orders.Flow", "billing", at(3_000)));
    store.create_artifact(sub.id, &mapping).await.expect("the same id is fine for another kind");
    let mut duplicated = content(artifact(MessageMapping, "Dup", "orders", at(4_000)));
    duplicated.configurations.push(duplicated.configurations[0].clone());
    assert_conflict(store.create_artifact(sub.id, &duplicated).await, "a repeated parameter key", "Timeout");
    assert_not_found(store.get_artifact(sub.id, MessageMapping, "Dup").await, "a failed create leaves nothing");
    assert_not_found(
        store.replace_artifact(sub.id, &content(artifact(IntegrationFlow, "Missing", "orders", at(1)))).await,
        "replace_artifact of a missing id",
    );
    assert_not_found(store.delete_artifact(sub.id, IntegrationFlow, "Missing").await, "delete of a missing id");
    assert_not_found(store.delete_artifact(sub.id, ScriptCollection, "Orders.Flow").await, "delete of another kind");
    assert_eq!(
        store.get_artifact_content(sub.id, IntegrationFlow, "Orders.Flow").await.expect("get_artifact_content"),
        original,
        "the first artifact is untouched"
    );
    assert_eq!(
        store.get_artifact_content(sub.id, ValueMapping, "Orders.Flow").await.expect("get_artifact_content"),
        mapping,
        "the other kind reads back as its own"
    );
}

/// A replace swaps fields, bundle, configurations and resources as one unit.
pub async fn artifact_replace<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_package(store, &sub, "orders").await;
    let original = given_artifact(store, &sub, IntegrationFlow, "Orders.Flow", "orders").await;
    let neighbour = given_artifact(store, &sub, IntegrationFlow, "Other.Flow", "orders").await;
    let mut changed = original.clone();
    changed.artifact.version = "2.0.0".to_owned();
    changed.artifact.name = "Orders v2".to_owned();
    changed.artifact.modified_by = "dave".to_owned();
    changed.artifact.modified_at = at(9_999);
    changed.bundle = b"PK\x03\x04 version two".to_vec();
    changed.configurations = vec![
        ConfigurationEntry {
            key: "Zeta".to_owned(),
            value: String::new(),
            data_type: "xsd:string".to_owned(),
            description: String::new(),
        },
        original.configurations[1].clone(),
    ];
    changed.resources = vec![ResourceEntry {
        name: "schema.xsd".to_owned(),
        resource_type: "xsd".to_owned(),
        referenced_resource_type: None,
        size: 0,
    }];
    store.replace_artifact(sub.id, &changed).await.expect("replace_artifact");
    let stale = changed.clone();
    changed.revision = 2;
    assert_eq!(
        store.get_artifact_content(sub.id, IntegrationFlow, "Orders.Flow").await.expect("get_artifact_content"),
        changed,
        "after replace, one revision up"
    );
    let mut lost_update = stale.clone();
    lost_update.artifact.name = "written from a stale read".to_owned();
    assert_conflict(store.replace_artifact(sub.id, &lost_update).await, "a replace of a stale revision", "Orders.Flow");
    let mut moved = changed.clone();
    moved.artifact.package_id = "missing".to_owned();
    moved.artifact.version = "3.0.0".to_owned();
    assert_not_found(store.replace_artifact(sub.id, &moved).await, "replace into a missing package");
    assert_eq!(
        store.get_artifact_content(sub.id, IntegrationFlow, "Orders.Flow").await.expect("get_artifact_content"),
        changed,
        "a failed replace changes nothing"
    );
    assert_eq!(
        store.get_artifact_content(sub.id, IntegrationFlow, "Other.Flow").await.expect("get_artifact_content"),
        neighbour,
        "other artifacts are untouched"
    );
}

/// A package's contents come by kind, then id, each with its bundle and index rows.
pub async fn artifact_package_contents<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_package(store, &sub, "orders").await;
    given_package(store, &sub, "billing").await;
    given_package(store, &sub, "empty").await;
    // Kinds whose order is the same by name and by code.
    let script = given_artifact(store, &sub, ScriptCollection, "A.Scripts", "orders").await;
    let flow_b = given_artifact(store, &sub, IntegrationFlow, "b.Flow", "orders").await;
    let mapping = given_artifact(store, &sub, MessageMapping, "Orders.Map", "orders").await;
    let flow_a = given_artifact(store, &sub, IntegrationFlow, "A.Flow", "orders").await;
    given_artifact(store, &sub, IntegrationFlow, "Billing.Flow", "billing").await;
    assert_eq!(
        store.package_contents(sub.id, "orders").await.expect("package_contents"),
        vec![flow_a, flow_b, mapping, script],
        "by kind, then id (byte order), only of the package"
    );
    assert_eq!(store.package_contents(sub.id, "empty").await.expect("package_contents"), vec![], "an empty package");
}

/// Deleting an artifact removes it with its rows; deleting the package removes its artifacts.
pub async fn artifact_delete_and_package_cascade<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_package(store, &sub, "orders").await;
    given_package(store, &sub, "billing").await;
    given_artifact(store, &sub, IntegrationFlow, "Orders.Flow", "orders").await;
    let kept = given_artifact(store, &sub, ValueMapping, "Orders.Flow", "orders").await;
    let billing = given_artifact(store, &sub, IntegrationFlow, "Billing.Flow", "billing").await;
    store.delete_artifact(sub.id, IntegrationFlow, "Orders.Flow").await.expect("delete_artifact");
    assert_not_found(store.get_artifact(sub.id, IntegrationFlow, "Orders.Flow").await, "get after delete");
    assert_not_found(store.get_artifact_content(sub.id, IntegrationFlow, "Orders.Flow").await, "content after delete");
    assert_eq!(
        store.package_contents(sub.id, "orders").await.expect("package_contents"),
        vec![kept.clone()],
        "the other kind stays"
    );
    let again = given_artifact(store, &sub, IntegrationFlow, "Orders.Flow", "orders").await;
    assert_eq!(
        store.get_artifact_content(sub.id, IntegrationFlow, "Orders.Flow").await.expect("get_artifact_content"),
        again,
        "the id can be created again, with nothing left of the deleted one"
    );
    store.delete_package(sub.id, "orders").await.expect("delete_package");
    assert_not_found(store.get_artifact(sub.id, IntegrationFlow, "Orders.Flow").await, "gone with its package");
    assert_not_found(store.get_artifact(sub.id, ValueMapping, "Orders.Flow").await, "gone with its package");
    assert_eq!(store.package_contents(sub.id, "orders").await.expect("package_contents"), vec![], "no contents");
    given_package(store, &sub, "orders").await;
    let recreated = given_artifact(store, &sub, ValueMapping, "Orders.Flow", "orders").await;
    assert_eq!(
        store.package_contents(sub.id, "orders").await.expect("package_contents"),
        vec![recreated],
        "a re-created package starts empty and takes its old ids again"
    );
    assert_eq!(
        store.package_contents(sub.id, "billing").await.expect("package_contents"),
        vec![billing],
        "other packages keep their artifacts"
    );
}

/// Each subaccount has its own artifacts, even under the same package and artifact ids.
pub async fn artifact_subaccount_isolation<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    given_package(store, &sub, "orders").await;
    given_package(store, &other, "orders").await;
    let mine = given_artifact(store, &sub, IntegrationFlow, "Orders.Flow", "orders").await;
    let mut theirs = content(artifact(IntegrationFlow, "Orders.Flow", "orders", at(5_000)));
    theirs.artifact.name = "Theirs".to_owned();
    theirs.bundle = b"theirs".to_vec();
    theirs.configurations.truncate(1);
    store.create_artifact(other.id, &theirs).await.expect("the same ids in another subaccount are fine");
    let only_mine = given_artifact(store, &sub, IntegrationFlow, "Mine.Flow", "orders").await;
    assert_eq!(
        store.get_artifact_content(other.id, IntegrationFlow, "Orders.Flow").await.expect("get_artifact_content"),
        theirs,
        "the other subaccount's"
    );
    assert_not_found(store.get_artifact(other.id, IntegrationFlow, "Mine.Flow").await, "get in another subaccount");
    assert_not_found(store.replace_artifact(other.id, &only_mine).await, "replace_artifact in another subaccount");
    assert_not_found(store.delete_artifact(other.id, IntegrationFlow, "Mine.Flow").await, "delete elsewhere");
    store.delete_artifact(other.id, IntegrationFlow, "Orders.Flow").await.expect("delete_artifact");
    assert_eq!(
        store.package_contents(sub.id, "orders").await.expect("package_contents"),
        vec![only_mine, mine],
        "deleting in one subaccount leaves the other's"
    );
    assert_eq!(store.package_contents(other.id, "orders").await.expect("package_contents"), vec![], "theirs is gone");
}
