//! Keys, roles, signing keys and restarts over time.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestServer;

#[tokio::test]
async fn deleting_a_key_makes_its_secret_fail_at_once_while_siblings_work() {
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "del", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let (first_id, first) = server.create_key(&instance, "first").await;
    let (_, second) = server.create_key(&instance, "second").await;
    assert_eq!(first["clientid"], second["clientid"], "keys of one instance share the client id");
    assert_ne!(first["clientsecret"], second["clientsecret"], "each key has its own secret");
    assert_eq!(server.token(&first).await.status(), StatusCode::OK);
    let (status, _) = server.sm(Method::DELETE, &format!("/v1/service_bindings/{first_id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.token(&first).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(server.token(&second).await.status(), StatusCode::OK);
    let (status, _) = server.sm(Method::DELETE, &format!("/v1/service_instances/{instance}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        server.token(&second).await.status(),
        StatusCode::UNAUTHORIZED,
        "deleting the instance removes its keys"
    );
}

#[tokio::test]
async fn updating_roles_changes_the_next_tokens_scopes() {
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "upd", json!({"roles": ["MonitoringDataRead"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    let before = server.access_token(&key).await;
    assert_eq!(server.api_get(&before, "IntegrationPackages").await.status(), StatusCode::FORBIDDEN);
    let body = json!({"parameters": {"roles": ["WorkspacePackagesRead"]}});
    let (status, _) = server.sm(Method::PATCH, &format!("/v1/service_instances/{instance}"), Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, params) = server.sm(Method::GET, &format!("/v1/service_instances/{instance}/parameters"), None).await;
    assert_eq!(params["roles"], json!(["WorkspacePackagesRead"]));
    let after = server.access_token(&key).await;
    assert_eq!(server.api_get(&after, "IntegrationPackages").await.status(), StatusCode::OK);
}

async fn jwks_kids(server: &TestServer) -> Vec<String> {
    let jwks: Value = server.http.get(server.url("/token_keys")).send().await.unwrap().json().await.unwrap();
    jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn rotation_keeps_earlier_tokens_valid_until_they_expire() {
    let server = TestServer::start().await;
    let instance =
        server.create_instance("api", "rot", json!({"roles": ["WorkspacePackagesRead"], "token-validity": 3600})).await;
    let key = server.create_key(&instance, "k").await.1;
    let old_token = server.access_token(&key).await;
    let original = jwks_kids(&server).await;
    let (status, rotated) = server.sm(Method::POST, "/v1/signing_keys", None).await;
    assert_eq!(status, StatusCode::CREATED);
    let kids = jwks_kids(&server).await;
    assert_eq!(kids.len(), 2);
    assert!(kids.contains(&original[0]) && kids.contains(&rotated["kid"].as_str().unwrap().to_owned()));
    assert_eq!(server.api_get(&old_token, "IntegrationPackages").await.status(), StatusCode::OK);
    let new_token = server.access_token(&key).await;
    assert_eq!(server.api_get(&new_token, "IntegrationPackages").await.status(), StatusCode::OK);
    server.clock.advance(time::Duration::seconds(3600 + 61));
    let expired = server.api_get(&old_token, "IntegrationPackages").await;
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    assert!(expired.headers()["www-authenticate"].to_str().unwrap().contains("expired"));
    server.clock.advance(time::Duration::seconds(86_400));
    server.sm(Method::POST, "/v1/signing_keys", None).await;
    let kids = jwks_kids(&server).await;
    assert!(!kids.contains(&original[0]), "a key retired longer than any token lives is dropped");
    assert_eq!(kids.len(), 2);
}

#[tokio::test]
async fn restart_on_the_same_data_dir_keeps_instances_keys_and_tokens() {
    let server = TestServer::start().await;
    let instance = server
        .create_instance("api", "keep", json!({"roles": ["WorkspacePackagesRead", "WorkspacePackagesEdit"]}))
        .await;
    let key = server.create_key(&instance, "k").await.1;
    let token = server.access_token(&key).await;
    let created = server
        .http
        .post(server.url("/api/v1/IntegrationPackages"))
        .bearer_auth(&token)
        .json(&json!({"Id": "Kept", "Name": "Kept package"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let admin_before = std::fs::read_to_string(server.server.as_ref().unwrap().admin_key_path.clone()).unwrap();
    let server = server.restart().await;
    let admin_after = std::fs::read_to_string(server.server.as_ref().unwrap().admin_key_path.clone()).unwrap();
    let (before, after): (Value, Value) =
        (serde_json::from_str(&admin_before).unwrap(), serde_json::from_str(&admin_after).unwrap());
    assert_eq!(before["clientid"], after["clientid"]);
    assert_eq!(before["clientsecret"], after["clientsecret"]);
    let mut key = key;
    key["tokenurl"] = json!(server.url("/oauth/token"));
    let response = server.api_get(&token, "IntegrationPackages('Kept')").await;
    assert_eq!(response.status(), StatusCode::OK, "a token from before the restart still works");
    let token_after = server.access_token(&key).await;
    assert_eq!(server.api_get(&token_after, "IntegrationPackages").await.status(), StatusCode::OK);
    let (status, list) = server.sm(Method::GET, "/v1/service_instances?fieldQuery=name%20eq%20'keep'", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["num_items"], 1);
}

#[tokio::test]
async fn shutdown_finishes_a_request_in_flight() {
    use base64::Engine;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let mut server = TestServer::start().await;
    let instance = server.create_instance("api", "inflight", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        key["clientid"].as_str().unwrap(),
        key["clientsecret"].as_str().unwrap()
    ));
    let body = "grant_type=client_credentials";
    let running = server.server.take().unwrap();
    let mut stream = tokio::net::TcpStream::connect(running.local_addr).await.unwrap();
    let head = format!(
        "POST /oauth/token HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {basic}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body.as_bytes()[..10]).await.unwrap();
    // Give the server time to read the head, so the request is in flight (this is not a clock test).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let shutdown = tokio::spawn(running.shutdown());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!shutdown.is_finished(), "shutdown waits for the request in flight");
    stream.write_all(&body.as_bytes()[10..]).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("access_token"));
    shutdown.await.unwrap().unwrap();
}
