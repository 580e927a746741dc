//! Deployment is asynchronous and survives a restart: a task in flight when the server stops is
//! finished by the next start, never lost.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;

use cpi_server::clock::ManualClock;

use crate::harness::{TestServer, start_with_deploy_delay};

async fn deployer_token(server: &TestServer) -> String {
    let roles = json!({"roles": ["WorkspacePackagesEdit", "WorkspaceArtifactsDeploy", "MonitoringDataRead"]});
    let instance = server.create_instance("api", "deployer", roles).await;
    let key = server.create_key(&instance, "k").await.1;
    server.access_token(&key).await
}

async fn post_json(server: &TestServer, token: &str, path: &str, body: Value) -> reqwest::Response {
    let url = server.url(&format!("/api/v1/{path}"));
    let request = server.http.post(url).bearer_auth(token).header("Accept", "application/json");
    request.json(&body).send().await.unwrap()
}

async fn status_of(server: &TestServer, token: &str, task: &str) -> String {
    let response = server.api_get(token, &format!("BuildAndDeployStatus(TaskId='{task}')")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["d"]["Status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_deployment_in_flight_at_shutdown_finishes_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(OffsetDateTime::now_utc()));
    let slow = start_with_deploy_delay(dir.path(), clock.clone(), None, Duration::from_secs(3600)).await;
    let server = TestServer::wrap(slow, dir, clock);
    let token = deployer_token(&server).await;
    let package = post_json(&server, &token, "IntegrationPackages", json!({"Id": "P", "Name": "P"})).await;
    assert_eq!(package.status(), StatusCode::CREATED);
    let flow = json!({"Id": "Slow_Flow", "Name": "Slow Flow", "PackageId": "P"});
    assert_eq!(post_json(&server, &token, "IntegrationDesigntimeArtifacts", flow).await.status(), StatusCode::CREATED);
    let url = server.url("/api/v1/DeployIntegrationDesigntimeArtifact?Id='Slow_Flow'&Version='active'");
    let deployed = server.http.post(url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(deployed.status(), StatusCode::ACCEPTED);
    let task = deployed.text().await.unwrap();
    assert_eq!(status_of(&server, &token, &task).await, "DEPLOYING");
    let runtime: Value = server.api_get(&token, "IntegrationRuntimeArtifacts('Slow_Flow')").await.json().await.unwrap();
    assert_eq!(runtime["d"]["Status"], "STARTING");

    let server = server.restart().await;
    let mut status = String::new();
    for _ in 0..200 {
        status = status_of(&server, &token, &task).await;
        if status != "DEPLOYING" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(status, "SUCCESS", "the task resumed after the restart");
    let runtime: Value = server.api_get(&token, "IntegrationRuntimeArtifacts('Slow_Flow')").await.json().await.unwrap();
    assert_eq!(runtime["d"]["Status"], "STARTED");
}
