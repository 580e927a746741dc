//! Integration packages.

use super::entity_types::{CUSTOM_TAG, all, read, string};
use super::fixtures::{assert_conflict, assert_not_found, at, given_subaccount, package};
use crate::{EntitySource, Store};

/// Packages read back exactly; the list is by id and per subaccount.
pub async fn packages_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    assert_eq!(store.list_packages(sub.id).await.expect("list_packages"), vec![], "no packages yet");
    let zulu = package("zulu", at(1_000));
    let alpha = package("alpha", at(2_000));
    let mut plain = package("Plain.Package_1", at(3_000));
    plain.partner_content = false;
    plain.update_available = true;
    plain.description = String::new();
    for record in [&zulu, &alpha, &plain] {
        store.create_package(sub.id, record).await.expect("create_package");
    }
    store.create_package(other.id, &package("alpha", at(5))).await.expect("the same id in another subaccount is fine");
    assert_eq!(store.get_package(sub.id, "zulu").await.expect("get_package"), zulu, "get_package");
    assert_eq!(store.get_package(sub.id, "Plain.Package_1").await.expect("get_package"), plain, "get_package");
    assert_eq!(
        store.list_packages(sub.id).await.expect("list_packages"),
        vec![plain, alpha, zulu],
        "list_packages is by id (byte order) and only of its subaccount"
    );
}

/// Updates replace every field; deletes remove the package.
pub async fn package_update_and_delete<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let original = package("orders", at(1_000));
    store.create_package(sub.id, &original).await.expect("create_package");
    let mut changed = package("orders", at(1_000));
    changed.name = "Orders v2".to_owned();
    changed.version = "2.0.0".to_owned();
    changed.partner_content = false;
    changed.update_available = true;
    changed.modified_by = "carol".to_owned();
    changed.modified_date = at(9_999);
    changed.keywords = String::new();
    store.update_package(sub.id, &changed).await.expect("update_package");
    assert_eq!(store.get_package(sub.id, "orders").await.expect("get_package"), changed, "after update");
    store.delete_package(sub.id, "orders").await.expect("delete_package");
    assert_not_found(store.get_package(sub.id, "orders").await, "get_package after delete");
    assert_eq!(store.list_packages(sub.id).await.expect("list"), vec![], "list after delete");
}

/// A taken id is a conflict; missing packages are NotFound.
pub async fn package_conflicts_and_missing<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let original = package("orders", at(1_000));
    store.create_package(sub.id, &original).await.expect("create_package");
    let mut again = package("orders", at(2_000));
    again.name = "Other".to_owned();
    assert_conflict(store.create_package(sub.id, &again).await, "a taken package id", "orders");
    assert_not_found(store.get_package(sub.id, "missing").await, "get_package of a missing id");
    assert_not_found(store.get_package(other.id, "orders").await, "get_package in another subaccount");
    assert_not_found(store.update_package(sub.id, &package("missing", at(1))).await, "update_package of a missing id");
    assert_not_found(store.update_package(other.id, &again).await, "update_package in another subaccount");
    assert_not_found(store.delete_package(sub.id, "missing").await, "delete_package of a missing id");
    assert_not_found(store.delete_package(other.id, "orders").await, "delete_package in another subaccount");
    assert_eq!(store.get_package(sub.id, "orders").await.expect("get"), original, "the package is untouched");
}

/// Custom tags are set per package, replaced by name, read by name, and go with the package.
pub async fn package_custom_tags<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    store.create_package(sub.id, &package("orders", at(1_000))).await.expect("create_package");
    store.create_package(sub.id, &package("billing", at(1_000))).await.expect("create_package");
    let tags = EntitySource::CustomTags { package: "orders".to_owned() };
    assert!(read(store, sub.id, &tags, &all(&CUSTOM_TAG)).await.rows.is_empty(), "no tags yet");
    store.set_package_custom_tag(sub.id, "orders", "LoB", "Sales").await.expect("set tag");
    store.set_package_custom_tag(sub.id, "orders", "Author", "ann").await.expect("set tag");
    store.set_package_custom_tag(sub.id, "orders", "LoB", "Finance").await.expect("replace tag");
    store.set_package_custom_tag(sub.id, "billing", "LoB", "Other").await.expect("another package");
    let rows = read(store, sub.id, &tags, &all(&CUSTOM_TAG)).await.rows;
    assert_eq!(
        rows,
        vec![vec![string("Author"), string("ann")], vec![string("LoB"), string("Finance")]],
        "by name, replaced in place, only this package's"
    );
    assert_not_found(store.set_package_custom_tag(sub.id, "missing", "LoB", "x").await, "a tag on a missing package");
    store.delete_package(sub.id, "orders").await.expect("delete_package");
    store.create_package(sub.id, &package("orders", at(2_000))).await.expect("create_package again");
    assert!(read(store, sub.id, &tags, &all(&CUSTOM_TAG)).await.rows.is_empty(), "tags went with the package");
}
