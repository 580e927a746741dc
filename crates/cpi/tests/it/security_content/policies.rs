//! Access policies and artifact references: numeric keys assigned by the server (unquoted in
//! URLs), 201 creates, PATCH 204, DELETE 204 (references 200), unique role names.

use serde_json::{Value, json};

use super::{admin, error_message, results};
use crate::wire::{ACCEPT_JSON, CONTENT_JSON};

fn reference(name: &str, value: &str) -> Value {
    json!({"Name": name, "Description": "d", "Type": "INTEGRATION_FLOW", "ConditionAttribute": "Name",
           "ConditionValue": value, "ConditionType": "exactString"})
}

#[tokio::test]
async fn access_policies_own_their_artifact_references() {
    let (_server, api) = admin().await;
    let body =
        json!({"RoleName": "AccessPolicy1", "Description": "Test", "ArtifactReferences": [reference("r1", "Iflow1")]});
    let created = api.post("AccessPolicies", &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let policy = created.json()["d"].clone();
    let id: i64 = policy["Id"].as_str().expect("Int64 is a JSON string").parse().unwrap();
    assert_eq!((policy["RoleName"].as_str(), policy["Description"].as_str()), (Some("AccessPolicy1"), Some("Test")));
    assert!(created.header("location").unwrap().ends_with(&format!("AccessPolicies({id}L)")));
    let taken = api.post("AccessPolicies", &json!({"RoleName": "AccessPolicy1"})).await;
    assert_eq!(
        error_message(&taken, 409, "Conflict"),
        "The role name AccessPolicy1 is already used in another access policy!"
    );
    error_message(&api.post("AccessPolicies", &json!({"Description": "no role"})).await, 400, "Bad Request");

    let refs = results(&api.get(&format!("AccessPolicies({id})/ArtifactReferences")).await);
    assert_eq!(refs.len(), 1);
    assert_eq!(
        (refs[0]["Type"].as_str(), refs[0]["ConditionValue"].as_str()),
        (Some("INTEGRATION_FLOW"), Some("Iflow1"))
    );
    let expanded = results(&api.get("AccessPolicies?$expand=ArtifactReferences").await);
    assert_eq!(expanded[0]["ArtifactReferences"]["results"].as_array().unwrap().len(), 1);
    assert_eq!(results(&api.get("AccessPolicies?$filter=RoleName%20eq%20'AccessPolicy1'").await).len(), 1);
    assert_eq!(api.get(&format!("AccessPolicies({id}L)")).await.status, 200, "Int64 literals too");

    let patch = api
        .call("PATCH", &format!("AccessPolicies({id})"), &[ACCEPT_JSON, CONTENT_JSON], Some(r#"{"Description":"new"}"#))
        .await;
    assert_eq!(patch.status, 204, "{}", patch.text());
    let read = api.get(&format!("AccessPolicies({id})")).await.json();
    assert_eq!(
        (read["d"]["RoleName"].as_str(), read["d"]["Description"].as_str()),
        (Some("AccessPolicy1"), Some("new"))
    );
    let missing = api.call("PATCH", "AccessPolicies(999999)", &[ACCEPT_JSON, CONTENT_JSON], Some("{}")).await;
    error_message(&missing, 404, "Not Found");

    let mut separate = reference("r2", "Iflow2");
    separate["AcessPolicy"] = json!([{"Id": id.to_string()}]);
    let added = api.post("ArtifactReferences", &separate).await;
    assert_eq!(added.status, 201, "{}", added.text());
    let reference_id = added.json()["d"]["Id"].as_str().unwrap().to_owned();
    let nested = api.post(&format!("AccessPolicies({id})/ArtifactReferences"), &reference("r3", "Iflow3")).await;
    assert_eq!(nested.status, 201, "{}", nested.text());
    let mut orphan = reference("r4", "x");
    orphan["AccessPolicy"] = json!({"Id": "999999"});
    error_message(&api.post("ArtifactReferences", &orphan).await, 404, "Not Found");
    let queue =
        json!({"Type": "MESSAGE_QUEUE", "ConditionAttribute": "ID", "ConditionValue": "q", "AccessPolicy": {"Id": id}});
    assert!(
        error_message(&api.post("ArtifactReferences", &queue).await, 400, "Bad Request").contains("ConditionAttribute")
    );
    let wrong_type = json!({"Type": "PACKAGE", "ConditionValue": "q", "AccessPolicy": {"Id": id}});
    error_message(&api.post("ArtifactReferences", &wrong_type).await, 400, "Bad Request");
    assert_eq!(results(&api.get("ArtifactReferences").await).len(), 3);

    let removed = api.call("DELETE", &format!("ArtifactReferences({reference_id})"), &[ACCEPT_JSON], None).await;
    assert_eq!(removed.status, 200, "SAP's code for this delete");
    assert_eq!(api.call("DELETE", &format!("AccessPolicies({id})"), &[ACCEPT_JSON], None).await.status, 204);
    assert!(results(&api.get("ArtifactReferences").await).is_empty(), "the policy's references went with it");
    error_message(&api.call("DELETE", &format!("AccessPolicies({id})"), &[ACCEPT_JSON], None).await, 404, "Not Found");
}
