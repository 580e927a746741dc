//! Fake tenant data with fixed dates, a fake [`Loader`] over it (with a gate to make it slow),
//! and helpers to drive and draw an [`App`].

use std::sync::{Arc, Mutex};

use cpi_client::tenant::{
    Artifact, Configuration, IntegrationArtifact, MessageLog, MplAttachment, Package, Resource, RuntimeArtifact,
};
use cpi_client::{ArtifactKind, MplQuery};
use cpi_tui::{App, ArtifactDetails, ArtifactEntry, Command, Event, LoadError, Loaded, Loader, Response, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::sync::Semaphore;

const T0: OffsetDateTime = datetime!(2024-03-01 09:30:00 UTC);

fn at(minutes: i64) -> Option<OffsetDateTime> {
    Some(T0 + time::Duration::minutes(minutes))
}

pub fn packages() -> Vec<Package> {
    let package = |id: &str, name: &str, version: &str, minutes| Package {
        id: id.into(),
        name: name.into(),
        version: version.into(),
        modified_date: at(minutes),
        modified_by: "alice@example.com".into(),
        ..Package::default()
    };
    vec![
        package("Orders", "Order Flows", "1.2.0", 0),
        package("Invoices", "Invoice Processing", "1.0.3", 60),
        package("Partners", "Partner Onboarding", "2.0.0", 120),
    ]
}

pub fn artifacts() -> Vec<ArtifactEntry> {
    let artifact = |kind, id: &str, name: &str, version: &str| ArtifactEntry {
        kind,
        artifact: Artifact {
            id: id.into(),
            version: version.into(),
            package_id: "Orders".into(),
            name: name.into(),
            sender: if kind == ArtifactKind::IntegrationFlow { "Shop".into() } else { String::new() },
            receiver: if kind == ArtifactKind::IntegrationFlow { "ERP".into() } else { String::new() },
            modified_by: "alice@example.com".into(),
            modified_at: at(15),
            ..Artifact::default()
        },
    };
    vec![
        artifact(ArtifactKind::IntegrationFlow, "Order_In", "Receive orders", "1.0.3"),
        artifact(ArtifactKind::IntegrationFlow, "Order_Out", "Send order confirmations", "1.1.0"),
        artifact(ArtifactKind::ValueMapping, "Countries", "Country codes", "1.0.0"),
        artifact(ArtifactKind::ScriptCollection, "Helpers", "Shared scripts", "0.9.1"),
    ]
}

pub fn runtime() -> Vec<RuntimeArtifact> {
    let deployed = |id: &str, name: &str, kind: &str, status: &str| RuntimeArtifact {
        id: id.into(),
        version: "1.0.3".into(),
        name: name.into(),
        r#type: kind.into(),
        deployed_by: "sb-deployer".into(),
        deployed_on: at(30),
        status: status.into(),
    };
    vec![
        deployed("Order_In", "Receive orders", "INTEGRATION_FLOW", "STARTED"),
        deployed("Order_Out", "Send order confirmations", "INTEGRATION_FLOW", "ERROR"),
        deployed("Countries", "Country codes", "VALUE_MAPPING", "STARTED"),
    ]
}

pub fn details() -> ArtifactDetails {
    let configuration = |key: &str, value: &str, data_type: &str| Configuration {
        parameter_key: key.into(),
        parameter_value: value.into(),
        data_type: data_type.into(),
        description: String::new(),
    };
    let resource = |name: &str, kind: &str, size| Resource {
        name: name.into(),
        resource_type: kind.into(),
        resource_size: size,
        resource_size_unit: "Byte".into(),
        ..Resource::default()
    };
    ArtifactDetails {
        configurations: vec![
            configuration("Greeting", "Hello", "xsd:string"),
            configuration("Receiver Address", "https://erp.example.com/orders", "xsd:string"),
            configuration("Timeout", "30000", "xsd:integer"),
        ],
        resources: vec![resource("Order_In.iflw", "iflw", 18_432), resource("map.groovy", "groovy", 512)],
        runtime: Some(runtime()[0].clone()),
    }
}

pub const RUNTIME_ERROR: &str =
    r#"{"message":"Receiver address is missing","parameter":["Receiver Address"],"type":"ValidationError"}"#;
pub const MESSAGE_ERROR: &str = "com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server error occured: the JSON is invalid at line 1, column 2.\nThe MPL ID for the failed message is: AGXrM1Kx";

pub fn messages() -> Vec<MessageLog> {
    let log = |guid: &str, flow: &str, status: &str, minutes| MessageLog {
        message_guid: guid.into(),
        correlation_id: format!("CORR{guid}"),
        log_start: at(minutes),
        log_end: at(minutes).map(|start| start + time::Duration::milliseconds(420)),
        sender: "Shop".into(),
        receiver: "ERP".into(),
        status: status.into(),
        log_level: "INFO".into(),
        integration_artifact: IntegrationArtifact {
            id: flow.into(),
            name: flow.into(),
            r#type: "INTEGRATION_FLOW".into(),
            package_id: "Orders".into(),
            package_name: "Order Flows".into(),
        },
        ..MessageLog::default()
    };
    vec![
        log("AGXrM1Kx0001", "Order_In", "FAILED", 50),
        log("AGXrM1Kx0002", "Order_In", "COMPLETED", 45),
        log("AGXrM1Kx0003", "Order_Out", "COMPLETED", 40),
        log("AGXrM1Kx0004", "Order_In", "RETRY", 35),
        log("AGXrM1Kx0005", "Order_Out", "COMPLETED", 30),
    ]
}

pub fn attachments() -> Vec<MplAttachment> {
    vec![MplAttachment {
        id: "att-1".into(),
        message_guid: "AGXrM1Kx0001".into(),
        time_stamp: at(50),
        name: "Request payload".into(),
        content_type: "application/json".into(),
        payload_size: 27,
    }]
}

pub const PAYLOAD: &str = "{\n  \"order\": \"4711\",\n  \"items\": [\n    {\"sku\": \"A-1\", \"quantity\": 2}\n  ]\n}";

/// A loader over the fixtures that records its calls; every call first passes the gate, which
/// a slow loader keeps closed.
#[derive(Debug, Clone)]
pub struct FakeLoader {
    pub calls: Arc<Mutex<Vec<String>>>,
    pub gate: Arc<Semaphore>,
    /// The statuses `deploy_status` answers, one per call (then `SUCCESS`).
    pub deploy_statuses: Arc<Mutex<Vec<&'static str>>>,
    pub deployed: Arc<Mutex<bool>>,
    /// The queries `message_logs` was asked.
    pub queries: Arc<Mutex<Vec<MplQuery>>>,
}

impl FakeLoader {
    pub fn new() -> FakeLoader {
        FakeLoader {
            calls: Arc::default(),
            gate: Arc::new(Semaphore::new(Semaphore::MAX_PERMITS)),
            deploy_statuses: Arc::default(),
            deployed: Arc::new(Mutex::new(true)),
            queries: Arc::default(),
        }
    }

    /// A loader whose calls wait until the test adds permits to the gate.
    pub fn slow() -> FakeLoader {
        FakeLoader { gate: Arc::new(Semaphore::new(0)), ..FakeLoader::new() }
    }

    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    async fn call(&self, name: String) {
        self.calls.lock().unwrap().push(name);
        let _permit = self.gate.acquire().await.unwrap();
    }
}

impl Loader for FakeLoader {
    async fn packages(&self) -> Loaded<Vec<Package>> {
        self.call("packages".into()).await;
        Ok(packages())
    }

    async fn artifacts(&self, kind: ArtifactKind, package: &str) -> Loaded<Vec<Artifact>> {
        self.call(format!("artifacts {kind} {package}")).await;
        Ok(artifacts().into_iter().filter(|entry| entry.kind == kind).map(|entry| entry.artifact).collect())
    }

    async fn configurations(&self, _kind: ArtifactKind, id: &str) -> Loaded<Vec<Configuration>> {
        self.call(format!("configurations {id}")).await;
        Ok(details().configurations)
    }

    async fn resources(&self, _kind: ArtifactKind, id: &str) -> Loaded<Vec<Resource>> {
        self.call(format!("resources {id}")).await;
        Ok(details().resources)
    }

    async fn runtime_artifacts(&self) -> Loaded<Vec<RuntimeArtifact>> {
        self.call("runtime_artifacts".into()).await;
        Ok(runtime())
    }

    async fn runtime_artifact(&self, id: &str) -> Loaded<RuntimeArtifact> {
        self.call(format!("runtime_artifact {id}")).await;
        let deployed = *self.deployed.lock().unwrap();
        let found = runtime().into_iter().find(|artifact| artifact.id == id).filter(|_| deployed);
        found.ok_or_else(|| LoadError::not_found(format!("'{id}' is not deployed")))
    }

    async fn runtime_error(&self, id: &str) -> Loaded<String> {
        self.call(format!("runtime_error {id}")).await;
        Ok(RUNTIME_ERROR.to_owned())
    }

    async fn deploy(&self, _kind: ArtifactKind, id: &str) -> Loaded<String> {
        self.call(format!("deploy {id}")).await;
        Ok("task-1".to_owned())
    }

    async fn deploy_status(&self, task: &str) -> Loaded<String> {
        self.call(format!("deploy_status {task}")).await;
        let mut statuses = self.deploy_statuses.lock().unwrap();
        Ok(if statuses.is_empty() { "SUCCESS".to_owned() } else { statuses.remove(0).to_owned() })
    }

    async fn undeploy(&self, id: &str) -> Loaded<()> {
        self.call(format!("undeploy {id}")).await;
        Ok(())
    }

    async fn download_artifact(&self, _kind: ArtifactKind, id: &str) -> Loaded<Vec<u8>> {
        self.call(format!("download {id}")).await;
        Ok(b"PK\x03\x04 zip".to_vec())
    }

    async fn message_logs(&self, query: &MplQuery) -> Loaded<Vec<MessageLog>> {
        self.call(format!("message_logs {:?} {:?}", query.status, query.flow)).await;
        self.queries.lock().unwrap().push(query.clone());
        Ok(messages()
            .into_iter()
            .filter(|log| query.status.as_ref().is_none_or(|status| log.status == *status))
            .collect())
    }

    async fn message_error_text(&self, guid: &str) -> Loaded<String> {
        self.call(format!("message_error_text {guid}")).await;
        Ok(MESSAGE_ERROR.to_owned())
    }

    async fn message_attachments(&self, guid: &str) -> Loaded<Vec<MplAttachment>> {
        self.call(format!("message_attachments {guid}")).await;
        Ok(attachments())
    }

    async fn attachment_content(&self, id: &str) -> Loaded<Vec<u8>> {
        self.call(format!("attachment_content {id}")).await;
        Ok(PAYLOAD.as_bytes().to_vec())
    }
}

/// The app, plain (snapshots carry no colors anyway), after its first commands.
pub fn started_app() -> (App, Vec<Command>) {
    let mut app = App::new(Theme::plain());
    let commands = app.start();
    (app, commands)
}

/// Feeds events; the commands of the last one.
pub fn feed(app: &mut App, events: impl IntoIterator<Item = Event>) -> Vec<Command> {
    events.into_iter().fold(Vec::new(), |_, event| app.handle(event))
}

/// Types keys, one event per character.
pub fn keys(text: &str) -> Vec<Event> {
    text.chars().map(Event::char).collect()
}

/// The app with the packages loaded.
pub fn app_with_packages() -> App {
    let (mut app, _) = started_app();
    app.handle(Event::Loaded(Response::Packages(Ok(packages()))));
    app
}

/// The app drawn at 100 × 30.
pub fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    terminal.backend().to_string()
}
