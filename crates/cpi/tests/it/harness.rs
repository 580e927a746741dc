//! Starts a server on port 0 with a fresh SQLite data dir and offers the calls tests repeat.

use std::path::Path;
use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tempfile::TempDir;
use time::OffsetDateTime;

use cpi_server::clock::{ManualClock, SystemRandomSource};
use cpi_server::logs::{LogSettings, ServerLogs};
use cpi_server::{Dependencies, RunningServer, ServerConfig};
use cpi_store_sqlite::SqliteStore;

/// A running test server.
pub struct TestServer {
    pub server: Option<RunningServer>,
    pub dir: TempDir,
    pub clock: Arc<ManualClock>,
    pub http: reqwest::Client,
    pub base: String,
    admin: Value,
}

pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

pub async fn start_in(dir: &Path, clock: Arc<ManualClock>, public_url: Option<String>) -> RunningServer {
    start_with_deploy_delay(dir, clock, public_url, std::time::Duration::ZERO).await
}

/// A server whose deployments take `deploy_delay` (to observe tasks in flight).
pub async fn start_with_deploy_delay(
    dir: &Path,
    clock: Arc<ManualClock>,
    public_url: Option<String>,
    deploy_delay: std::time::Duration,
) -> RunningServer {
    start_configured(dir, clock, |config| {
        config.public_url = public_url;
        config.deploy_delay = deploy_delay;
    })
    .await
}

/// The password of the cockpit's `admin` in test servers.
pub const COCKPIT_PASSWORD: &str = "Cockpit-Test-1";

/// A server whose configuration `configure` adjusts (on top of the defaults the others use).
pub async fn start_configured(
    dir: &Path,
    clock: Arc<ManualClock>,
    configure: impl FnOnce(&mut ServerConfig),
) -> RunningServer {
    let store = SqliteStore::open(&dir.join("cpi.db")).await.unwrap();
    let mut config = ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.to_path_buf(),
        public_url: None,
        dev: false,
        subdomain: "test".into(),
        deploy_delay: std::time::Duration::ZERO,
        data_key: None,
        mpl_retention: Default::default(),
        admin_password: Some(COCKPIT_PASSWORD.into()),
    };
    configure(&mut config);
    let logs = ServerLogs::open(dir, LogSettings::default(), clock.clone()).unwrap();
    let deps = Dependencies { store: Arc::new(store), clock, random: Arc::new(SystemRandomSource::default()), logs };
    cpi_server::start(config, deps, std::future::pending()).await.unwrap()
}

impl TestServer {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(OffsetDateTime::now_utc()));
        let server = start_in(dir.path(), clock.clone(), None).await;
        Self::wrap(server, dir, clock)
    }

    pub fn wrap(server: RunningServer, dir: TempDir, clock: Arc<ManualClock>) -> Self {
        let admin: Value = serde_json::from_str(&std::fs::read_to_string(&server.admin_key_path).unwrap()).unwrap();
        let base = format!("http://{}", server.local_addr);
        TestServer { server: Some(server), dir, clock, http: http_client(), base, admin }
    }

    /// Stops the server and starts a new one on the same data dir and public URL (on a new port).
    pub async fn restart(mut self) -> Self {
        let old = self.server.take().unwrap();
        let public_url = old.public_url.clone();
        old.shutdown().await.unwrap();
        let server = start_in(self.dir.path(), self.clock.clone(), Some(public_url)).await;
        let dir = self.dir;
        Self::wrap(server, dir, self.clock)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn admin_token(&self) -> String {
        let id = self.admin["clientid"].as_str().unwrap();
        let secret = self.admin["clientsecret"].as_str().unwrap();
        let response = self
            .http
            .post(self.url("/oauth/token"))
            .basic_auth(id, Some(secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn sm(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let token = self.admin_token().await;
        let mut request = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn plan_id(&self, plan: &str) -> String {
        let (status, body) = self
            .sm(reqwest::Method::GET, &format!("/v1/service_plans?fieldQuery=catalog_name%20eq%20'{plan}'"), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        body["items"][0]["id"].as_str().unwrap().to_owned()
    }

    pub async fn try_create_instance(&self, plan: &str, name: &str, parameters: Value) -> (StatusCode, Value) {
        let plan_id = self.plan_id(plan).await;
        let body = json!({"name": name, "service_plan_id": plan_id, "parameters": parameters});
        self.sm(reqwest::Method::POST, "/v1/service_instances", Some(body)).await
    }

    pub async fn create_instance(&self, plan: &str, name: &str, parameters: Value) -> String {
        let (status, body) = self.try_create_instance(plan, name, parameters).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_str().unwrap().to_owned()
    }

    /// Creates a key and returns (binding id, the `oauth` credentials).
    pub async fn create_key(&self, instance_id: &str, name: &str) -> (String, Value) {
        let body = json!({"name": name, "service_instance_id": instance_id});
        let (status, body) = self.sm(reqwest::Method::POST, "/v1/service_bindings", Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (body["id"].as_str().unwrap().to_owned(), body["credentials"]["oauth"].clone())
    }

    /// Gets a client-credentials token with a key (Basic auth, form body).
    pub async fn token(&self, key: &Value) -> reqwest::Response {
        self.http
            .post(key["tokenurl"].as_str().unwrap())
            .basic_auth(key["clientid"].as_str().unwrap(), key["clientsecret"].as_str())
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap()
    }

    pub async fn access_token(&self, key: &Value) -> String {
        let response = self.token(key).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn api_get(&self, token: &str, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}/api/v1/{path}", self.base))
            .bearer_auth(token)
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap()
    }
}
