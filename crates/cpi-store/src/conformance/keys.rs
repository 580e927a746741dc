//! Service keys.

use super::fixtures::{assert_conflict, assert_not_found, at, given_instance, given_subaccount, id, key};
use crate::Store;

/// Keys read back by id (within their subaccount or across); lists are oldest first.
pub async fn keys_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let first = given_instance(store, &sub, 1, "first").await;
    let second = given_instance(store, &sub, 2, "second").await;
    let foreign = given_instance(store, &other, 3, "foreign").await;
    let newest = key(&first, 1, "newest", at(3_000));
    let oldest = key(&second, 2, "oldest", at(1_000));
    let middle = key(&first, 3, "middle", at(2_000));
    let foreign_key = key(&foreign, 4, "foreign", at(500));
    for record in [&newest, &oldest, &middle, &foreign_key] {
        store.create_key(record).await.expect("create_key");
    }
    assert_eq!(store.get_key(sub.id, middle.id).await.expect("get_key"), middle, "get_key");
    assert_eq!(store.find_key(foreign_key.id).await.expect("find_key"), foreign_key, "find_key");
    assert_eq!(
        store.list_keys(sub.id, None).await.expect("list_keys"),
        vec![oldest.clone(), middle.clone(), newest.clone()],
        "list_keys of a subaccount is oldest first and only of that subaccount"
    );
    assert_eq!(
        store.list_keys(sub.id, Some(first.id)).await.expect("list_keys of an instance"),
        vec![middle.clone(), newest.clone()],
        "list_keys narrowed to one instance"
    );
    assert_eq!(
        store.list_keys(other.id, Some(first.id)).await.expect("list_keys"),
        vec![],
        "list_keys of an instance of another subaccount is empty"
    );
    store.delete_key(sub.id, middle.id).await.expect("delete_key");
    assert_not_found(store.get_key(sub.id, middle.id).await, "get_key after delete");
    assert_not_found(store.find_key(middle.id).await, "find_key after delete");
    assert_eq!(
        store.list_keys(sub.id, Some(first.id)).await.expect("list_keys"),
        vec![newest],
        "list_keys after delete"
    );
}

/// Key names are unique per instance only; a taken key id is a conflict too.
pub async fn key_conflicts<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let first = given_instance(store, &sub, 1, "first").await;
    let second = given_instance(store, &sub, 2, "second").await;
    let original = key(&first, 1, "shared", at(1));
    store.create_key(&original).await.expect("create_key");
    assert_conflict(store.create_key(&key(&first, 2, "shared", at(2))).await, "a taken key name", "shared");
    store.create_key(&key(&second, 3, "shared", at(3))).await.expect("the same key name on another instance is fine");
    let same_id = key(&first, 1, "renamed", at(4));
    assert_conflict(store.create_key(&same_id).await, "a taken key id", &original.id.to_string());
    assert_eq!(
        store.list_keys(sub.id, Some(first.id)).await.expect("list_keys"),
        vec![original],
        "conflicts store nothing"
    );
}

/// Keys of missing instances cannot be created; missing keys are NotFound.
pub async fn missing_keys<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let record = given_instance(store, &sub, 1, "api").await;
    let existing = key(&record, 1, "k", at(1));
    store.create_key(&existing).await.expect("create_key");
    let mut orphan = key(&record, 2, "orphan", at(2));
    orphan.instance_id = id(404);
    assert_not_found(store.create_key(&orphan).await, "create_key for a missing instance");
    let mut misplaced = key(&record, 3, "misplaced", at(3));
    misplaced.subaccount_id = other.id;
    assert_not_found(store.create_key(&misplaced).await, "create_key for an instance of another subaccount");
    assert_not_found(store.get_key(sub.id, id(404)).await, "get_key of a missing id");
    assert_not_found(store.get_key(other.id, existing.id).await, "get_key in another subaccount");
    assert_not_found(store.find_key(id(404)).await, "find_key of a missing id");
    assert_not_found(store.delete_key(sub.id, id(404)).await, "delete_key of a missing id");
    assert_not_found(store.delete_key(other.id, existing.id).await, "delete_key in another subaccount");
    assert_eq!(store.find_key(existing.id).await.expect("find_key"), existing, "the key is untouched");
    assert_eq!(store.list_keys(sub.id, None).await.expect("list"), vec![existing], "nothing else stored");
}
