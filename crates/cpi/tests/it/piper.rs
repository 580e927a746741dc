//! Piper (SAP/jenkins-library) against the local tenant: every call of its CPI steps replayed as
//! cpi-api.md §5.1 lists it (method, target with `Version='Active'`, headers, body, a Bearer token
//! fetched Piper's way, never a CSRF header), asserting the status and the fields Piper reads.
//!
//! `integrationArtifactGetMplStatus` is not replayed: the server has no `MessageProcessingLogs`
//! yet. Its calls are `GET MessageProcessingLogs?$filter=IntegrationArtifact/Id+eq+'<id>'+and+
//! Status+ne+'DISCARDED'&$orderby=LogEnd+desc&$top=1` and `GET MessageProcessingLogs('<guid>')/
//! ErrorInformation/$value`; add them here when the entity set exists.

use cpi_bundle::{Bundle, IflowBuilder, Limits};
use serde_json::{Value, json};

use crate::harness::TestServer;
use crate::wire::{Wire, api_key, b64, piper_token, poll, send, split_url};

const ROLES: [&str; 4] =
    ["WorkspacePackagesEdit", "WorkspaceArtifactsDeploy", "WorkspacePackagesConfigure", "MonitoringDataRead"];
const JSON: (&str, &str) = ("Accept", "application/json");
const CONTENT_JSON: (&str, &str) = ("content-type", "application/json");
const PACKAGE: &str = "PiperPackage";
const HELLO: &str = "IntegrationDesigntimeArtifacts(Id='Piper_Hello',Version='Active')";
const BROKEN_ERROR: &str = "IntegrationRuntimeArtifacts('Piper_Broken')/ErrorInformation/$value";

/// Piper's HTTP client: `host` from the service key, `Authorization: Bearer`, nothing else implicit.
struct Piper {
    authority: String,
    token: String,
}

impl Piper {
    async fn new(server: &TestServer, instance: &str, roles: &[&str]) -> Piper {
        let key = api_key(server, instance, roles).await;
        let token = piper_token(&key).await;
        let (authority, path) = split_url(key["url"].as_str().unwrap());
        assert_eq!(path, "/", "the service key's url is the host");
        Piper { authority, token }
    }

    async fn call(&self, method: &str, target: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Wire {
        let bearer = format!("Bearer {}", self.token);
        let mut all = vec![("User-Agent", "Go-http-client/1.1"), ("Authorization", bearer.as_str())];
        all.extend_from_slice(headers);
        send(&self.authority, method, &format!("/api/v1/{target}"), &all, body).await
    }

    /// `integrationArtifactUpload`: GET decides between POST (404) and PUT (200).
    async fn upload(&self, id: &str, name: &str, zip: &[u8]) -> u16 {
        let target = format!("IntegrationDesigntimeArtifacts(Id='{id}',Version='Active')");
        match self.call("GET", &target, &[JSON], None).await.status {
            404 => {
                let body = json!({"ArtifactContent": b64(zip), "Id": id, "Name": name, "PackageId": PACKAGE});
                let body = body.to_string();
                let created =
                    self.call("POST", "IntegrationDesigntimeArtifacts", &[CONTENT_JSON], Some(body.as_bytes())).await;
                assert_eq!(created.status, 201, "{}", created.text());
                201
            }
            200 => {
                let body = json!({"ArtifactContent": b64(zip), "Name": name}).to_string();
                let updated = self.call("PUT", &target, &[CONTENT_JSON], Some(body.as_bytes())).await;
                assert_eq!(updated.status, 200, "{}", updated.text());
                200
            }
            other => panic!("Piper fails the step on {other}"),
        }
    }

    /// `integrationArtifactDeploy`: POST → 202 with the bare task id, then poll the status while
    /// DEPLOYING; returns (task id, final status).
    async fn deploy(&self, id: &str) -> (String, String) {
        let target = format!("DeployIntegrationDesigntimeArtifact?Id='{id}'&Version='Active'");
        let response = self.call("POST", &target, &[JSON], Some(b"")).await;
        assert_eq!(response.status, 202, "{}", response.text());
        let task = response.text();
        assert!(!task.is_empty() && task.chars().all(|c| c.is_ascii_hexdigit() || c == '-'), "bare task id: {task:?}");
        let status_target = format!("BuildAndDeployStatus(TaskId='{task}')");
        let status = poll("the deployment to finish", || async {
            let polled = self.call("GET", &status_target, &[CONTENT_JSON, JSON], None).await;
            assert_eq!(polled.status, 200, "{}", polled.text());
            let status = polled.json()["d"]["Status"].as_str().unwrap().to_owned();
            (status != "DEPLOYING").then_some(status)
        })
        .await;
        (task, status)
    }

    async fn download(&self, id: &str, version: &str) -> Wire {
        let target = format!("IntegrationDesigntimeArtifacts(Id='{id}',Version='{version}')/$value");
        self.call("GET", &target, &[("Accept", "application/zip")], None).await
    }
}

async fn setup(roles: &[&str]) -> (TestServer, Piper) {
    let server = TestServer::start().await;
    let piper = Piper::new(&server, "piper", roles).await;
    let package = json!({"Id": PACKAGE, "Name": "Piper package"}).to_string();
    let created = piper.call("POST", "IntegrationPackages", &[CONTENT_JSON, JSON], Some(package.as_bytes())).await;
    assert_eq!(created.status, 201, "{}", created.text());
    (server, piper)
}

fn hello_flow(version: &str) -> Vec<u8> {
    IflowBuilder::new("Piper_Hello", "Piper Hello")
        .version(version)
        .https_sender("{{Sender Endpoint}}")
        .parameter("Sender Endpoint", "/piper/hello", "xsd:string")
        .content_modifier_body("Hello from Piper")
        .zip()
}

fn bundle_of(zip: &[u8]) -> Bundle {
    Bundle::read(zip, &Limits::DEFAULT).unwrap()
}

#[tokio::test]
async fn upload_creates_on_404_then_updates_to_the_new_bundle_version() {
    let (_server, piper) = setup(&ROLES).await;
    assert_eq!(piper.upload("Piper_Hello", "Piper Hello", &hello_flow("1.0.0")).await, 201);
    let read = piper.call("GET", HELLO, &[JSON], None).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.json()["d"]["Version"], "1.0.0");
    assert_eq!(read.json()["d"]["PackageId"], PACKAGE);

    assert_eq!(piper.upload("Piper_Hello", "Piper Hello", &hello_flow("1.0.1")).await, 200);
    let read = piper.call("GET", HELLO, &[JSON], None).await.json();
    assert_eq!(read["d"]["Version"], "1.0.1");
    assert_eq!(read["d"]["Name"], "Piper Hello");
    let old = piper.call("GET", "IntegrationDesigntimeArtifacts(Id='Piper_Hello',Version='1.0.0')", &[JSON], None);
    assert_eq!(old.await.status, 404, "the old version is gone");
}

#[tokio::test]
async fn download_names_the_file_in_content_disposition_and_returns_the_bundle() {
    let (_server, piper) = setup(&ROLES).await;
    piper.upload("Piper_Hello", "Piper Hello", &hello_flow("1.2.3")).await;
    for version in ["active", "Active", "1.2.3"] {
        let response = piper.download("Piper_Hello", version).await;
        assert_eq!(response.status, 200, "{version}: {}", response.text());
        // Piper parses the header with Go's mime.ParseMediaType before it looks at the status.
        let disposition = response.header("content-disposition").expect("Content-Disposition is mandatory");
        let mut parts = disposition.split(';').map(str::trim);
        assert_eq!(parts.next(), Some("attachment"));
        let filename = parts.find_map(|p| p.strip_prefix("filename=")).expect("a filename parameter");
        assert_eq!(filename.trim_matches('"'), "Piper_Hello.zip");
        assert_eq!(response.header("content-type"), Some("application/zip"));
        let bundle = bundle_of(&response.body);
        assert_eq!(bundle.manifest().id, "Piper_Hello");
        assert_eq!(bundle.manifest().version, "1.2.3");
    }
}

#[tokio::test]
async fn deploy_answers_a_bare_task_id_whose_status_reaches_success_and_undeploy_removes_it() {
    let (_server, piper) = setup(&ROLES).await;
    piper.upload("Piper_Hello", "Piper Hello", &hello_flow("1.0.0")).await;
    let (_, status) = piper.deploy("Piper_Hello").await;
    assert_eq!(status, "SUCCESS");
    let runtime = piper.call("GET", "IntegrationRuntimeArtifacts('Piper_Hello')", &[JSON], None).await;
    assert_eq!(runtime.status, 200);
    assert_eq!(runtime.json()["d"]["Status"], "STARTED");
    assert_eq!(runtime.json()["d"]["Version"], "1.0.0");

    // integrationArtifactUnDeploy
    let undeployed = piper.call("DELETE", "IntegrationRuntimeArtifacts('Piper_Hello')", &[JSON], None).await;
    assert_eq!(undeployed.status, 202, "{}", undeployed.text());
    let gone = piper.call("GET", "IntegrationRuntimeArtifacts('Piper_Hello')", &[JSON], None).await;
    assert_eq!(gone.status, 404);
    let again = piper.call("DELETE", "IntegrationRuntimeArtifacts('Piper_Hello')", &[JSON], None).await;
    assert_eq!(again.status, 404);
}

#[tokio::test]
async fn a_flow_with_an_unset_parameter_fails_and_its_error_information_names_it() {
    let (_server, piper) = setup(&ROLES).await;
    let broken = IflowBuilder::new("Piper_Broken", "Piper Broken").https_sender("{{Missing Path}}").zip();
    piper.upload("Piper_Broken", "Piper Broken", &broken).await;
    let (_, status) = piper.deploy("Piper_Broken").await;
    assert_eq!(status, "FAIL");
    let error = piper.call("GET", BROKEN_ERROR, &[CONTENT_JSON], None).await;
    assert_eq!(error.status, 200, "{}", error.text());
    assert!(error.text().contains("Missing Path"), "{}", error.text());
    let runtime = piper.call("GET", "IntegrationRuntimeArtifacts('Piper_Broken')", &[JSON], None).await;
    assert_eq!(runtime.json()["d"]["Status"], "ERROR");
    // The to-one navigation to the error information, addressed and expanded.
    let info = piper.call("GET", "IntegrationRuntimeArtifacts('Piper_Broken')/ErrorInformation", &[JSON], None).await;
    assert_eq!(info.json()["d"]["Id"], "Piper_Broken", "{}", info.text());
    let expanded = "IntegrationRuntimeArtifacts('Piper_Broken')?$expand=ErrorInformation";
    let expanded = piper.call("GET", expanded, &[JSON], None).await;
    assert_eq!(expanded.json()["d"]["ErrorInformation"]["Id"], "Piper_Broken", "{}", expanded.text());
}

#[tokio::test]
async fn a_deploy_only_key_can_deploy_and_read_the_status_and_the_error() {
    // Piper's deploy step documents WorkspaceArtifactsDeploy; the upload needs Edit.
    let (server, editor) = setup(&ROLES).await;
    editor
        .upload("Piper_Broken", "Piper Broken", &IflowBuilder::new("Piper_Broken", "B").https_sender("{{X}}").zip())
        .await;
    let deployer = Piper::new(&server, "deployer", &["WorkspaceArtifactsDeploy"]).await;
    let (_, status) = deployer.deploy("Piper_Broken").await;
    assert_eq!(status, "FAIL");
    let error = deployer.call("GET", BROKEN_ERROR, &[CONTENT_JSON], None).await;
    assert_eq!(error.status, 200, "{}", error.text());
    assert!(error.text().contains("'X'"), "{}", error.text());
}

#[tokio::test]
async fn update_configuration_reaches_parameters_prop_and_configurations() {
    let (_server, piper) = setup(&ROLES).await;
    piper.upload("Piper_Hello", "Piper Hello", &hello_flow("1.0.0")).await;
    // A key configured pre-encoded reaches the wire as `('Sender%20Endpoint')`; one configured
    // with a raw space is escaped by Go's url package as a whole: `%28%27Sender%20Endpoint%27%29`.
    let attempts = [
        (
            "IntegrationDesigntimeArtifacts(Id='Piper_Hello',Version='active')/$links/Configurations('Sender%20Endpoint')",
            "/first",
        ),
        (
            "IntegrationDesigntimeArtifacts%28Id=%27Piper_Hello%27,Version=%271.0.0%27%29/$links/Configurations%28%27Sender%20Endpoint%27%29",
            "/second",
        ),
    ];
    for (target, value) in attempts {
        let body = json!({ "ParameterValue": value }).to_string();
        let response =
            piper.call("PUT", target, &[("Content-Type", "application/json"), JSON], Some(body.as_bytes())).await;
        assert_eq!(response.status, 202, "{target}: {}", response.text());
        let zip = piper.download("Piper_Hello", "active").await;
        let bundle = bundle_of(&zip.body);
        let prop = String::from_utf8(bundle.file("src/main/resources/parameters.prop").unwrap().to_vec()).unwrap();
        assert!(prop.contains(&format!("Sender\\ Endpoint={value}")), "{prop}");
        let configurations = piper.call("GET", &format!("{HELLO}/Configurations"), &[JSON], None).await.json();
        let entry = &configurations["d"]["results"][0];
        assert_eq!(entry["ParameterKey"], "Sender Endpoint");
        assert_eq!(entry["ParameterValue"], value);
    }
    let unknown = json!({ "ParameterValue": "x" }).to_string();
    let target = "IntegrationDesigntimeArtifacts(Id='Piper_Hello',Version='active')/$links/Configurations('Nope')";
    let response =
        piper.call("PUT", target, &[("Content-Type", "application/json"), JSON], Some(unknown.as_bytes())).await;
    assert_eq!(response.status, 404, "{}", response.text());
}

#[tokio::test]
async fn resources_are_created_updated_read_and_deleted() {
    let (_server, piper) = setup(&ROLES).await;
    piper.upload("Piper_Hello", "Piper Hello", &hello_flow("1.0.0")).await;
    let artifact = "IntegrationDesigntimeArtifacts(Id='Piper_Hello',Version='Active')";
    let create = json!({"Name": "a.groovy", "ResourceType": "groovy", "ResourceContent": b64(b"println 'one'")});
    let created = piper
        .call("POST", &format!("{artifact}/Resources"), &[CONTENT_JSON], Some(create.to_string().as_bytes()))
        .await;
    assert_eq!(created.status, 201, "{}", created.text());

    let link = format!("{artifact}/$links/Resources(Name='a.groovy',ResourceType='groovy')");
    let update = json!({"ResourceContent": b64(b"println 'two'")}).to_string();
    let updated = piper.call("PUT", &link, &[CONTENT_JSON], Some(update.as_bytes())).await;
    assert_eq!(updated.status, 200, "Piper expects 200: {}", updated.text());

    let list = piper.call("GET", &format!("{artifact}/Resources"), &[JSON], None).await.json();
    let names: Vec<&str> =
        list["d"]["results"].as_array().unwrap().iter().map(|r| r["Name"].as_str().unwrap()).collect();
    assert_eq!(names, ["a.groovy"]);
    let entity = format!("{artifact}/Resources(Name='a.groovy',ResourceType='groovy')");
    let one = piper.call("GET", &entity, &[JSON], None).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["d"]["ResourceType"], "groovy");
    let content = piper.call("GET", &format!("{entity}/$value"), &[], None).await;
    assert_eq!(content.status, 200);
    assert_eq!(content.body, b"println 'two'");

    let deleted = piper.call("DELETE", &link, &[CONTENT_JSON], None).await;
    assert_eq!(deleted.status, 200, "{}", deleted.text());
    let list = piper.call("GET", &format!("{artifact}/Resources"), &[JSON], None).await.json();
    assert_eq!(list["d"]["results"], json!([]));
    assert_eq!(piper.call("GET", &entity, &[JSON], None).await.status, 404);
    assert_eq!(piper.call("DELETE", &link, &[CONTENT_JSON], None).await.status, 404);
}

#[tokio::test]
async fn the_service_endpoint_of_a_deployed_flow_is_its_http_url() {
    let (_server, piper) = setup(&ROLES).await;
    piper.upload("Piper_Hello", "Piper Hello", &hello_flow("1.0.0")).await;
    assert_eq!(piper.deploy("Piper_Hello").await.1, "SUCCESS");
    let response = piper.call("GET", "ServiceEndpoints?$expand=EntryPoints", &[JSON], None).await;
    assert_eq!(response.status, 200, "{}", response.text());
    let body: Value = response.json();
    let endpoint = body["d"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["Name"] == "Piper_Hello")
        .expect("an endpoint named by the flow id");
    let url = endpoint["EntryPoints"]["results"][0]["Url"].as_str().unwrap();
    assert!(url.ends_with("/http/piper/hello"), "{url}");
    assert!(url.starts_with(&format!("http://{}", piper.authority)), "{url}");
}
