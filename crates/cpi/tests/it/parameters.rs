//! Bad instance and key parameters are refused with a 400 that names the problem, and nothing
//! is created.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestServer;

async fn instance_count(server: &TestServer) -> u64 {
    let (_, list) = server.sm(Method::GET, "/v1/service_instances", None).await;
    list["num_items"].as_u64().unwrap()
}

#[tokio::test]
async fn each_bad_instance_request_is_a_400_naming_the_problem_and_creates_nothing() {
    let server = TestServer::start().await;
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        ("api", "unknown-key", json!({"colour": "red"}), "colour"),
        ("api", "wrong-type", json!({"roles": "WorkspacePackagesRead"}), "roles"),
        ("api", "bad-role", json!({"roles": ["WorkspacePackagesRead", "NotARole"]}), "NotARole"),
        ("integration-flow", "bad-user-role", json!({"roles": ["no spaces allowed"]}), "no spaces allowed"),
        ("api", "x509", json!({"grant-types": ["client_x509"]}), "client_x509"),
        ("api", "validity", json!({"token-validity": 100}), "token-validity"),
        ("api", "validity-type", json!({"token-validity": "3600"}), "token-validity"),
        ("api", "a-name-that-is-far-too-long-for-btp", json!({}), "longer than 32"),
        ("api", "bad name", json!({}), "may only contain"),
    ];
    for (plan, name, params, needle) in cases {
        let (status, body) = server.try_create_instance(plan, name, params).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name}: {body}");
        assert_eq!(body["error"], "BadRequest");
        let description = body["description"].as_str().unwrap();
        assert!(description.contains(needle), "{name}: '{description}' should name {needle}");
    }
    assert_eq!(instance_count(&server).await, 0);
}

#[tokio::test]
async fn duplicate_names_conflict_and_certificate_keys_are_refused_clearly() {
    let server = TestServer::start().await;
    let id = server.create_instance("api", "dup", json!({})).await;
    let (status, body) = server.try_create_instance("api", "dup", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(instance_count(&server).await, 1);
    let cert =
        json!({"name": "cert", "service_instance_id": id, "parameters": {"key-type": "certificate", "validity": 365}});
    let (status, body) = server.sm(Method::POST, "/v1/service_bindings", Some(cert)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["description"].as_str().unwrap().contains("certificate"), "{body}");
    let (_, keys) = server.sm(Method::GET, "/v1/service_bindings", None).await;
    assert_eq!(keys["num_items"], 0);
    let update = json!({"parameters": {"grant-types": ["client_x509"]}});
    let (status, _) = server.sm(Method::PATCH, &format!("/v1/service_instances/{id}"), Some(update)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_control_plane_needs_the_admin_token() {
    let server = TestServer::start().await;
    let response = server.http.get(server.url("/v1/service_instances")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "Unauthorized");
    let instance = server.create_instance("api", "not-admin", json!({"roles": ["AuthGroup_Administrator"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    let token = server.access_token(&key).await;
    let response = server.http.get(server.url("/v1/service_instances")).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn malformed_control_bodies_get_service_manager_errors() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let response = server
        .http
        .post(server.url("/v1/service_instances"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "BadRequest");
    assert!(body["description"].as_str().unwrap().contains("not valid JSON"));
    let huge = json!({"name": "x", "service_plan_id": "y", "parameters": {"redirect-uris": ["x".repeat(300 * 1024)]}});
    let response =
        server.http.post(server.url("/v1/service_instances")).bearer_auth(&token).json(&huge).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(instance_count(&server).await, 0);
}
