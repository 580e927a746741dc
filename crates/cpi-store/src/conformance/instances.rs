//! Service instances.

use cpi_domain::{GrantType, InstanceParameters, Plan};

use super::fixtures::{assert_conflict, assert_not_found, at, given_instance, given_subaccount, id, instance, key};
use crate::Store;

/// Instances read back by id, name and client id; the list is oldest first and per subaccount.
pub async fn instances_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let newer = instance(&sub, 1, "newer", at(2_000));
    let mut older = instance(&sub, 2, "older", at(1_000));
    older.plan = Plan::IntegrationFlow;
    older.parameters = InstanceParameters::defaults(Plan::IntegrationFlow);
    let elsewhere = instance(&other, 3, "elsewhere", at(500));
    for record in [&newer, &older, &elsewhere] {
        store.create_instance(record).await.expect("create_instance");
    }
    assert_eq!(store.get_instance(sub.id, older.id).await.expect("get_instance"), older, "get_instance");
    assert_eq!(
        store.get_instance_by_name(sub.id, "newer").await.expect("get_instance_by_name"),
        newer,
        "get_instance_by_name"
    );
    assert_eq!(
        store.get_instance_by_client_id(&elsewhere.client_id).await.expect("by client id"),
        elsewhere,
        "get_instance_by_client_id finds instances of any subaccount"
    );
    assert_eq!(
        store.list_instances(sub.id).await.expect("list_instances"),
        vec![older, newer],
        "list_instances is oldest first and only of its subaccount"
    );
    assert_eq!(store.list_instances(id(404)).await.expect("list"), vec![], "no instances of an unknown subaccount");
}

/// Updating parameters replaces them and the update time, nothing else.
pub async fn instance_parameter_update<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let mut record = given_instance(store, &sub, 1, "api").await;
    let parameters = InstanceParameters {
        grant_types: vec![GrantType::RefreshToken, GrantType::AuthorizationCode],
        redirect_uris: vec![],
        roles: vec!["AuthGroup_Administrator".to_owned()],
        token_validity: 86_400,
    };
    let updated_at = at(99_999);
    store
        .update_instance_parameters(sub.id, record.id, &parameters, updated_at)
        .await
        .expect("update_instance_parameters");
    record.parameters = parameters;
    record.updated_at = updated_at;
    assert_eq!(store.get_instance(sub.id, record.id).await.expect("get"), record, "after update");
}

/// Names are unique per subaccount; client ids are unique across subaccounts.
pub async fn instance_conflicts<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let first = given_instance(store, &sub, 1, "shared").await;
    assert_conflict(
        store.create_instance(&instance(&sub, 2, "shared", at(5))).await,
        "a taken instance name",
        "shared",
    );
    store
        .create_instance(&instance(&other, 3, "shared", at(6)))
        .await
        .expect("the same name in another subaccount is fine");
    let mut same_client = instance(&other, 4, "fresh", at(7));
    same_client.client_id = first.client_id.clone();
    assert_conflict(store.create_instance(&same_client).await, "a taken client id", &first.client_id);
    let mut same_id = instance(&sub, 1, "renamed", at(8));
    same_id.client_id = "sb-unique".to_owned();
    assert_conflict(store.create_instance(&same_id).await, "a taken instance id", &first.id.to_string());
    assert_eq!(store.list_instances(sub.id).await.expect("list"), vec![first], "conflicts store nothing");
}

/// Operations on missing instances, or on instances of another subaccount, are NotFound.
pub async fn missing_instances<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let record = given_instance(store, &sub, 1, "api").await;
    let parameters = InstanceParameters::defaults(Plan::Api);
    assert_not_found(store.get_instance(sub.id, id(404)).await, "get_instance of a missing id");
    assert_not_found(store.get_instance(other.id, record.id).await, "get_instance in another subaccount");
    assert_not_found(store.get_instance_by_name(sub.id, "nope").await, "get_instance_by_name of a missing name");
    assert_not_found(store.get_instance_by_name(other.id, "api").await, "get_instance_by_name in another subaccount");
    assert_not_found(store.get_instance_by_client_id("sb-nope").await, "get_instance_by_client_id of a missing id");
    assert_not_found(
        store.update_instance_parameters(sub.id, id(404), &parameters, at(1)).await,
        "update_instance_parameters of a missing instance",
    );
    assert_not_found(
        store.update_instance_parameters(other.id, record.id, &parameters, at(1)).await,
        "update_instance_parameters in another subaccount",
    );
    assert_not_found(store.delete_instance(sub.id, id(404)).await, "delete_instance of a missing id");
    assert_not_found(store.delete_instance(other.id, record.id).await, "delete_instance in another subaccount");
    assert_eq!(store.get_instance(sub.id, record.id).await.expect("get"), record, "the instance is untouched");
}

/// Deleting an instance deletes its keys, and only its keys; its name becomes free again.
pub async fn instance_delete_cascades_keys<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let doomed = given_instance(store, &sub, 1, "doomed").await;
    let kept = given_instance(store, &sub, 2, "kept").await;
    let doomed_keys = [key(&doomed, 1, "k1", at(10)), key(&doomed, 2, "k2", at(11))];
    let kept_key = key(&kept, 3, "k1", at(12));
    for record in doomed_keys.iter().chain([&kept_key]) {
        store.create_key(record).await.expect("create_key");
    }
    store.delete_instance(sub.id, doomed.id).await.expect("delete_instance");
    assert_not_found(store.get_instance(sub.id, doomed.id).await, "get_instance after delete");
    for record in &doomed_keys {
        assert_not_found(store.find_key(record.id).await, "a key of a deleted instance");
    }
    assert_eq!(
        store.list_keys(sub.id, None).await.expect("list_keys"),
        vec![kept_key],
        "only the other instance's key is left"
    );
    assert_eq!(store.list_instances(sub.id).await.expect("list"), vec![kept], "list after delete");
    store
        .create_instance(&instance(&sub, 3, "doomed", at(20)))
        .await
        .expect("the name of a deleted instance is free again");
}
