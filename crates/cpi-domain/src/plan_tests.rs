use serde_json::json;

use super::*;

#[test]
fn defaults_follow_the_plan() {
    let api = InstanceParameters::parse(Plan::Api, None).unwrap();
    assert_eq!(api.token_validity, 43_200);
    assert_eq!(api.grant_types, vec![GrantType::ClientCredentials]);
    assert!(api.roles.is_empty());
    let flow = InstanceParameters::parse(Plan::IntegrationFlow, Some(&json!({}))).unwrap();
    assert_eq!(flow.token_validity, 3_600);
    assert_eq!(flow.roles, vec!["ESBMessaging.send"]);
}

#[test]
fn documented_examples_are_accepted() {
    let p = InstanceParameters::parse(
        Plan::Api,
        Some(&json!({"roles":["MonitoringDataRead","WorkspaceArtifactsDeploy"],"grant-types":["client_credentials"]})),
    )
    .unwrap();
    assert_eq!(p.roles.len(), 2);
    let p = InstanceParameters::parse(
        Plan::IntegrationFlow,
        Some(&json!({"grant-types":["client_credentials"],"redirect-uris":[],"roles":["ESBMessaging.send","myRole1","my_Role.2"]})),
    )
    .unwrap();
    assert_eq!(p.roles.len(), 3);
    assert!(InstanceParameters::parse(Plan::Api, Some(&json!({"roles": null}))).is_ok());
}

#[test]
fn each_bad_parameter_is_named() {
    let cases = [
        (Plan::Api, json!({"colour": 1}), "colour"),
        (Plan::Api, json!({"roles": "MonitoringDataRead"}), "roles"),
        (Plan::Api, json!({"roles": ["NoSuchRole"]}), "NoSuchRole"),
        (Plan::IntegrationFlow, json!({"roles": ["bad role!"]}), "bad role!"),
        (Plan::Api, json!({"grant-types": ["client_x509"]}), "client_x509"),
        (Plan::Api, json!({"grant-types": ["implicit"]}), "implicit"),
        (Plan::Api, json!({"token-validity": 60}), "token-validity"),
        (Plan::Api, json!({"token-validity": "3600"}), "token-validity"),
        (Plan::Api, json!([1, 2]), "JSON object"),
    ];
    for (plan, raw, needle) in cases {
        let err = InstanceParameters::parse(plan, Some(&raw)).unwrap_err().to_string();
        assert!(err.contains(needle), "{err} should name {needle}");
    }
}

#[test]
fn update_keeps_unmentioned_values() {
    let p = InstanceParameters::parse(Plan::Api, Some(&json!({"roles":["MonitoringDataRead"],"token-validity":7200})))
        .unwrap();
    let q = p.merge_update(Plan::Api, Some(&json!({"roles":["WorkspacePackagesRead"]}))).unwrap();
    assert_eq!(q.roles, vec!["WorkspacePackagesRead"]);
    assert_eq!(q.token_validity, 7200);
}

#[test]
fn key_parameters_refuse_certificates_for_now() {
    assert_eq!(KeyParameters::parse(None).unwrap().key_type, KeyType::ClientSecret);
    let err = KeyParameters::parse(Some(&json!({"key-type":"certificate","validity":365}))).unwrap_err();
    assert!(err.to_string().contains("certificate"));
    assert!(KeyParameters::parse(Some(&json!({"nope":1}))).is_err());
}
