//! Subaccounts, users and control clients.

use cpi_domain::RoleCollection;

use super::fixtures::{assert_conflict, assert_not_found, at, given_subaccount, id, subaccount, user};
use crate::{ControlClientRecord, Store};

/// Subaccounts read back as written; the list is oldest first, not in insertion order.
pub async fn subaccounts_round_trip<S: Store>(store: &S) {
    assert!(store.list_subaccounts().await.expect("list").is_empty(), "a fresh store has no subaccounts");
    let newer = subaccount(2, "newer", at(2_000));
    let older = subaccount(1, "older", at(1_000));
    store.create_subaccount(&newer).await.expect("create newer subaccount");
    store.create_subaccount(&older).await.expect("create older subaccount");
    assert_eq!(store.get_subaccount(older.id).await.expect("get older"), older, "get_subaccount");
    assert_eq!(store.get_subaccount(newer.id).await.expect("get newer"), newer, "get_subaccount");
    assert_eq!(store.list_subaccounts().await.expect("list"), vec![older, newer], "list_subaccounts is oldest first");
    assert_not_found(store.get_subaccount(id(404)).await, "get_subaccount of a missing id");
}

/// A second subaccount with the same id or the same subdomain is a conflict.
pub async fn subaccount_conflicts<S: Store>(store: &S) {
    let first = given_subaccount(store, 1, "acme").await;
    let same_id = subaccount(1, "other", at(5));
    let taken_id = first.id.to_string();
    assert_conflict(store.create_subaccount(&same_id).await, "subaccount with a taken id", &taken_id);
    let same_subdomain = subaccount(2, "acme", at(6));
    assert_conflict(store.create_subaccount(&same_subdomain).await, "subaccount with a taken subdomain", "acme");
    assert_eq!(store.list_subaccounts().await.expect("list"), vec![first], "conflicts store nothing");
}

/// Users read back by id and by name; the list is by name and per subaccount.
pub async fn users_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let zoe = user(&sub, 1, "zoe", at(10));
    let adam = user(&sub, 2, "adam", at(20));
    let elsewhere = user(&other, 3, "bert", at(30));
    for record in [&zoe, &adam, &elsewhere] {
        store.create_user(record).await.expect("create user");
    }
    assert_eq!(store.get_user(sub.id, zoe.id).await.expect("get_user"), zoe, "get_user");
    assert_eq!(store.get_user_by_name(sub.id, "adam").await.expect("get_user_by_name"), adam, "get_user_by_name");
    assert_eq!(
        store.list_users(sub.id).await.expect("list_users"),
        vec![adam.clone(), zoe.clone()],
        "list_users is by name and only of its subaccount"
    );
    assert_not_found(store.get_user(other.id, zoe.id).await, "get_user in another subaccount");
    assert_not_found(store.get_user_by_name(other.id, "zoe").await, "get_user_by_name in another subaccount");
    store.delete_user(sub.id, zoe.id).await.expect("delete_user");
    assert_not_found(store.get_user(sub.id, zoe.id).await, "get_user after delete");
    assert_eq!(store.list_users(sub.id).await.expect("list_users"), vec![adam], "list after delete");
}

/// Password hash and role collections are replaced; nothing else changes.
pub async fn user_updates<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let mut alice = user(&sub, 1, "alice", at(10));
    store.create_user(&alice).await.expect("create user");
    store.set_user_password(sub.id, alice.id, "$argon2id$new").await.expect("set_user_password");
    alice.password_hash = "$argon2id$new".to_owned();
    assert_eq!(store.get_user(sub.id, alice.id).await.expect("get"), alice, "after set_user_password");
    let collections = [RoleCollection::IntegrationSender, RoleCollection::Administrator];
    store.set_user_role_collections(sub.id, alice.id, &collections).await.expect("set roles");
    alice.role_collections = collections.to_vec();
    assert_eq!(store.get_user(sub.id, alice.id).await.expect("get"), alice, "role collections keep their order");
    store.set_user_role_collections(sub.id, alice.id, &[]).await.expect("clear roles");
    alice.role_collections.clear();
    assert_eq!(store.get_user(sub.id, alice.id).await.expect("get"), alice, "no role collections");
}

/// User names are unique per subaccount only.
pub async fn username_conflicts<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    store.create_user(&user(&sub, 1, "alice", at(1))).await.expect("create alice");
    assert_conflict(
        store.create_user(&user(&sub, 2, "alice", at(2))).await,
        "a second alice in the same subaccount",
        "alice",
    );
    store.create_user(&user(&other, 3, "alice", at(3))).await.expect("alice in another subaccount is fine");
}

/// Operations on missing users are NotFound.
pub async fn missing_users<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let alice = user(&sub, 1, "alice", at(1));
    store.create_user(&alice).await.expect("create alice");
    assert_not_found(store.get_user(sub.id, id(404)).await, "get_user of a missing id");
    assert_not_found(store.get_user_by_name(sub.id, "nobody").await, "get_user_by_name of a missing name");
    assert_not_found(store.set_user_password(sub.id, id(404), "h").await, "set_user_password of a missing user");
    assert_not_found(
        store.set_user_role_collections(sub.id, id(404), &[]).await,
        "set_user_role_collections of a missing user",
    );
    assert_not_found(store.delete_user(sub.id, id(404)).await, "delete_user of a missing user");
    assert_not_found(store.set_user_password(other.id, alice.id, "h").await, "set_user_password in another subaccount");
    assert_not_found(store.delete_user(other.id, alice.id).await, "delete_user in another subaccount");
    assert_eq!(store.get_user(sub.id, alice.id).await.expect("get"), alice, "alice is untouched");
}

/// Control clients read back by client id; a taken client id is a conflict.
pub async fn control_clients<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let client = ControlClientRecord {
        client_id: "sb-control!b1".to_owned(),
        subaccount_id: sub.id,
        secret_salt: vec![9; 32],
        created_at: at(42),
    };
    store.create_control_client(&client).await.expect("create_control_client");
    assert_eq!(
        store.get_control_client("sb-control!b1").await.expect("get_control_client"),
        client,
        "get_control_client"
    );
    let again = ControlClientRecord { secret_salt: vec![1; 32], ..client.clone() };
    assert_conflict(store.create_control_client(&again).await, "a taken client id", "sb-control!b1");
    assert_eq!(store.get_control_client("sb-control!b1").await.expect("get"), client, "unchanged");
    assert_not_found(store.get_control_client("sb-missing").await, "get_control_client of a missing id");
}
