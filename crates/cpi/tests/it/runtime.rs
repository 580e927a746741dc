//! The integration-flow runtime over real HTTP: flows written with `IflowBuilder` are uploaded
//! and deployed through the OData API, called at `/http/<address>` with an `integration-flow`
//! key, and their message processing logs read back through the monitoring API.

mod backend;
mod calls;
mod deployments;
mod monitoring;
mod security;
mod steps;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestServer;

/// A tenant with an API key that can develop, deploy and monitor, and an `integration-flow`
/// key holding `ESBMessaging.send`.
pub struct Tenant {
    pub server: TestServer,
    pub api_token: String,
    pub sender_key: Value,
}

impl Tenant {
    pub async fn start() -> Tenant {
        let server = TestServer::start().await;
        let roles = json!({"roles": [
            "WorkspacePackagesEdit", "WorkspacePackagesConfigure", "WorkspaceArtifactsDeploy", "MonitoringDataRead",
            "MessagePayloadsRead",
            "TraceConfigurationEdit", "CredentialsEdit"
        ]});
        let api = server.create_instance("api", "developer", roles).await;
        let api_key = server.create_key(&api, "k").await.1;
        let api_token = server.access_token(&api_key).await;
        let sender =
            server.create_instance("integration-flow", "sender", json!({"roles": ["ESBMessaging.send"]})).await;
        let sender_key = server.create_key(&sender, "k").await.1;
        let tenant = Tenant { server, api_token, sender_key };
        let package = tenant.post_api("IntegrationPackages", json!({"Id": "Runtime", "Name": "Runtime Tests"})).await;
        assert_eq!(package.status(), StatusCode::CREATED);
        tenant
    }

    pub async fn post_api(&self, path: &str, body: Value) -> reqwest::Response {
        let url = self.server.url(&format!("/api/v1/{path}"));
        let request = self.server.http.post(url).bearer_auth(&self.api_token).header("Accept", "application/json");
        request.json(&body).send().await.unwrap()
    }

    pub async fn get_api(&self, path: &str) -> reqwest::Response {
        self.server.api_get(&self.api_token, path).await
    }

    /// Uploads a flow bundle (or replaces it), deploys it and waits until it is STARTED or
    /// ERROR; returns the runtime artifact.
    pub async fn deploy(&self, id: &str, zip: Vec<u8>) -> Value {
        let content = STANDARD.encode(zip);
        let exists = self.get_api(&format!("IntegrationDesigntimeArtifacts(Id='{id}',Version='active')")).await;
        let stored = if exists.status() == StatusCode::OK {
            let url = self.server.url(&format!("/api/v1/IntegrationDesigntimeArtifacts(Id='{id}',Version='active')"));
            let body = json!({"Name": id, "ArtifactContent": content});
            self.server.http.put(url).bearer_auth(&self.api_token).json(&body).send().await.unwrap()
        } else {
            let body = json!({"Id": id, "Name": id, "PackageId": "Runtime", "ArtifactContent": content});
            self.post_api("IntegrationDesigntimeArtifacts", body).await
        };
        assert!(stored.status().is_success(), "upload of {id}: {}", stored.status());
        let url = self.server.url(&format!("/api/v1/DeployIntegrationDesigntimeArtifact?Id='{id}'&Version='active'"));
        let deployed = self.server.http.post(url).bearer_auth(&self.api_token).send().await.unwrap();
        assert_eq!(deployed.status(), StatusCode::ACCEPTED);
        let task = deployed.text().await.unwrap();
        self.wait_for_task(&task).await;
        let runtime = self.get_api(&format!("IntegrationRuntimeArtifacts('{id}')")).await;
        assert_eq!(runtime.status(), StatusCode::OK);
        runtime.json::<Value>().await.unwrap()["d"].clone()
    }

    async fn wait_for_task(&self, task: &str) {
        for _ in 0..400 {
            let status = self.get_api(&format!("BuildAndDeployStatus(TaskId='{task}')")).await;
            let body: Value = status.json().await.unwrap();
            if body["d"]["Status"] != "DEPLOYING" {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the deployment {task} did not finish");
    }

    /// Deploys and asserts the flow started.
    pub async fn deploy_started(&self, id: &str, zip: Vec<u8>) {
        let runtime = self.deploy(id, zip).await;
        assert_eq!(runtime["Status"], "STARTED", "{id}: {runtime}");
    }

    /// The runtime endpoint URL of an address.
    pub fn endpoint(&self, address: &str) -> String {
        self.server.url(&format!("/http{address}"))
    }

    /// A request to an endpoint with the sender key's Basic credentials.
    pub fn call(&self, method: reqwest::Method, address: &str) -> reqwest::RequestBuilder {
        let key = &self.sender_key;
        self.server
            .http
            .request(method, self.endpoint(address))
            .basic_auth(key["clientid"].as_str().unwrap(), key["clientsecret"].as_str())
    }

    /// POSTs a body to an endpoint with Basic key credentials.
    pub async fn post(&self, address: &str, body: &str) -> reqwest::Response {
        self.call(reqwest::Method::POST, address).body(body.to_owned()).send().await.unwrap()
    }

    /// The message processing log a reply names.
    pub async fn mpl_of(&self, response: &reqwest::Response) -> Value {
        let guid = response.headers()["SAP_MessageProcessingLogID"].to_str().unwrap().to_owned();
        let mpl = self.get_api(&format!("MessageProcessingLogs('{guid}')")).await;
        assert_eq!(mpl.status(), StatusCode::OK, "the MPL {guid} is readable at once");
        mpl.json::<Value>().await.unwrap()["d"].clone()
    }

    /// The error text of a failed message.
    pub async fn error_text(&self, guid: &str) -> String {
        let response = self.get_api(&format!("MessageProcessingLogs('{guid}')/ErrorInformation/$value")).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.unwrap()
    }
}
