//! Error paths of the content API: each answers the right status and OData error body (JSON with
//! `Accept: application/json`, SAP's XML without), and leaves nothing half-written behind.

use std::io::{Cursor, Write};

use cpi_bundle::{BundleType, IflowBuilder, PackageArchive, PackagedArtifact, write_package};
use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::TestServer;
use crate::wire::{Api, Wire, api_key, b64, basic, send, split_url};

const JSON: (&str, &str) = ("Accept", "application/json");
const CONTENT_JSON: (&str, &str) = ("Content-Type", "application/json");
const ALL_ROLES: [&str; 4] =
    ["WorkspacePackagesEdit", "WorkspacePackagesConfigure", "WorkspaceArtifactsDeploy", "MonitoringDataRead"];
const FLOW: &str = "IntegrationDesigntimeArtifacts(Id='Existing',Version='active')";
const CONFIGURE_LINK: &str =
    "IntegrationDesigntimeArtifacts(Id='Existing',Version='active')/$links/Configurations('Sender%20Endpoint')";
const DEPLOY: &str = "DeployIntegrationDesigntimeArtifact?Id='Existing'&Version='active'";

/// Asserts the status and the JSON error body; returns the message.
fn json_error(response: &Wire, status: u16, code: &str) -> String {
    assert_eq!(response.status, status, "{}", response.text());
    let body = response.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert_eq!(body["error"]["message"]["lang"], "en", "{body}");
    body["error"]["message"]["value"].as_str().unwrap().to_owned()
}

/// Asserts the status and SAP's XML error body; returns the whole body.
fn xml_error(response: &Wire, status: u16, code: &str) -> String {
    assert_eq!(response.status, status, "{}", response.text());
    assert!(response.header("content-type").unwrap().starts_with("application/xml"));
    let text = response.text();
    let expected = format!(
        "<error xmlns=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\"><code>{code}</code>\
         <message xml:lang=\"en\">"
    );
    assert!(text.contains(&expected), "{text}");
    text
}

/// A server with package `P` holding the flow `Existing`, and a client with every content role.
async fn seeded() -> (TestServer, Api) {
    let server = TestServer::start().await;
    let api = Api::new(&server, "all", &ALL_ROLES).await;
    assert_eq!(api.post("IntegrationPackages", &json!({"Id": "P", "Name": "P"})).await.status, 201);
    let flow = IflowBuilder::new("Existing", "Existing")
        .https_sender("{{Sender Endpoint}}")
        .parameter("Sender Endpoint", "/existing", "xsd:string")
        .zip();
    let body = json!({"Id": "Existing", "Name": "Existing", "PackageId": "P", "ArtifactContent": b64(&flow)});
    assert_eq!(api.post("IntegrationDesigntimeArtifacts", &body).await.status, 201);
    (server, api)
}

async fn package_artifacts(api: &Api, package: &str) -> Vec<String> {
    let feed = api.get(&format!("IntegrationPackages('{package}')/IntegrationDesigntimeArtifacts")).await.json();
    feed["d"]["results"].as_array().unwrap().iter().map(|a| a["Id"].as_str().unwrap().to_owned()).collect()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in files {
        writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The files of a valid flow `id`, edited by `edit`, as a zip.
fn flow_zip_with(id: &str, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let bundle = IflowBuilder::new(id, id).build();
    let mut files: Vec<(String, Vec<u8>)> = bundle.files().map(|(p, c)| (p.to_owned(), c.to_vec())).collect();
    edit(&mut files);
    zip_of(&files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect::<Vec<_>>())
}

#[tokio::test]
async fn errors_come_as_sap_json_or_xml_bodies() {
    let (_server, api) = seeded().await;
    let message = json_error(&api.get("Nope").await, 404, "Not Found");
    assert!(message.contains("Nope"), "{message}");
    xml_error(&api.call("GET", "Nope", &[], None).await, 404, "Not Found");
    for target in
        ["IntegrationPackages(Id=)", "IntegrationPackages('P", "IntegrationPackages(Id='P'", "IntegrationPackages(P)"]
    {
        json_error(&api.get(target).await, 400, "Bad Request");
        xml_error(&api.call("GET", target, &[], None).await, 400, "Bad Request");
    }
    for query in [
        "$filter=Name%20eq",
        "$filter=Nope%20eq%20'x'",
        "$filter=Name%20eq%201",
        "$filter=Name%20eq%20'unterminated",
        "$top=-1",
        "$skip=x",
        "$orderby=Nope",
        "$select=Nope",
        "$expand=Nope",
        "$inlinecount=some",
        "$bogus=1",
    ] {
        let message = json_error(&api.get(&format!("IntegrationPackages?{query}")).await, 400, "Bad Request");
        assert!(!message.is_empty(), "{query}");
        xml_error(&api.call("GET", &format!("IntegrationPackages?{query}"), &[], None).await, 400, "Bad Request");
    }
    // An unsupported $format is answered in XML whatever the Accept header says.
    xml_error(&api.get("IntegrationPackages?$format=csv").await, 400, "Bad Request");
    let message = json_error(&api.get("IntegrationPackages?$filter=Nope%20eq%20'x'").await, 400, "Bad Request");
    assert!(message.contains("Nope"), "{message}");
    // A missing entity.
    let message = json_error(&api.get("IntegrationPackages('Absent')").await, 404, "Not Found");
    assert!(message.contains("Absent"), "{message}");
}

#[tokio::test]
async fn a_bad_upload_is_a_400_that_names_the_problem_and_stores_nothing() {
    let (_server, api) = seeded().await;
    let no_manifest = flow_zip_with("Bad", |files| files.retain(|(p, _)| p != "META-INF/MANIFEST.MF"));
    let no_iflow = flow_zip_with("Bad", |files| files.retain(|(p, _)| !p.ends_with(".iflw")));
    let traversal = flow_zip_with("Bad", |files| files.push(("../../etc/evil.groovy".into(), b"boom".to_vec())));
    let backslash = flow_zip_with("Bad", |files| files.push(("src\\..\\..\\evil.groovy".into(), b"boom".to_vec())));
    let cases: [(&str, String, &str); 6] = [
        ("no manifest", b64(&no_manifest), "MANIFEST"),
        ("no .iflw", b64(&no_iflow), ".iflw"),
        ("path traversal", b64(&traversal), "../../etc/evil.groovy"),
        ("backslash traversal", b64(&backslash), "escapes"),
        ("not base64", "this is *not* base64!".to_owned(), "base64"),
        ("not a zip", b64(b"PK but not really a zip"), "zip"),
    ];
    for (label, content, named) in cases {
        let body = json!({"Id": "Bad", "Name": "Bad", "PackageId": "P", "ArtifactContent": content});
        let message = json_error(&api.post("IntegrationDesigntimeArtifacts", &body).await, 400, "Bad Request");
        assert!(message.contains(named), "{label}: {message}");
        let gone = api.get("IntegrationDesigntimeArtifacts(Id='Bad',Version='active')").await;
        assert_eq!(gone.status, 404, "{label}");
        assert_eq!(package_artifacts(&api, "P").await, ["Existing"], "{label}");
    }
    // The same content as an update leaves the existing artifact as it was.
    let body = json!({"Name": "Existing", "ArtifactContent": b64(&no_manifest)});
    json_error(&api.call("PUT", FLOW, &[JSON, CONTENT_JSON], Some(&body.to_string())).await, 400, "Bad Request");
    let existing = api.get(&format!("{FLOW}/$value")).await;
    assert_eq!(existing.status, 200);
    assert!(cpi_bundle::Bundle::read(&existing.body, &cpi_bundle::Limits::DEFAULT).is_ok());
}

fn packaged(id: &str, content: Vec<u8>) -> PackagedArtifact {
    PackagedArtifact {
        id: id.into(),
        name: id.into(),
        version: "1.0.0".into(),
        kind: BundleType::IntegrationFlow,
        content,
    }
}

fn package_zip(id: &str, artifacts: Vec<PackagedArtifact>) -> Vec<u8> {
    write_package(&PackageArchive {
        id: id.into(),
        name: id.into(),
        description: String::new(),
        short_text: String::new(),
        version: "1.0.0".into(),
        vendor: String::new(),
        artifacts,
    })
}

#[tokio::test]
async fn a_package_import_with_one_bad_artifact_leaves_no_package_behind() {
    let (_server, api) = seeded().await;
    let good = IflowBuilder::new("Fresh", "Fresh").zip();
    let bad = flow_zip_with("Broken", |files| files.retain(|(p, _)| !p.ends_with(".iflw")));
    let zip = package_zip("Q", vec![packaged("Fresh", good.clone()), packaged("Broken", bad)]);
    let message =
        json_error(&api.post("IntegrationPackages", &json!({"PackageContent": b64(&zip)})).await, 400, "Bad Request");
    assert!(message.contains("Broken"), "{message}");
    assert_eq!(api.get("IntegrationPackages('Q')").await.status, 404);
    assert_eq!(api.get("IntegrationDesigntimeArtifacts(Id='Fresh',Version='active')").await.status, 404);

    // Found only while writing: an artifact id another package already holds.
    let clash = IflowBuilder::new("Existing", "Existing").zip();
    let zip = package_zip("Q", vec![packaged("Fresh", good), packaged("Existing", clash)]);
    json_error(&api.post("IntegrationPackages", &json!({"PackageContent": b64(&zip)})).await, 409, "Conflict");
    assert_eq!(api.get("IntegrationPackages('Q')").await.status, 404);
    assert_eq!(api.get("IntegrationDesigntimeArtifacts(Id='Fresh',Version='active')").await.status, 404);
    assert_eq!(api.get(FLOW).await.json()["d"]["PackageId"], "P", "the other package keeps its artifact");
    let packages = api.get("IntegrationPackages").await.json();
    assert_eq!(packages["d"]["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn deploying_a_missing_artifact_is_a_404_that_starts_nothing() {
    let (_server, api) = seeded().await;
    let response =
        api.call("POST", "DeployIntegrationDesigntimeArtifact?Id='Ghost'&Version='active'", &[JSON], Some("")).await;
    let message = json_error(&response, 404, "Not Found");
    assert!(message.contains("Ghost"), "{message}");
    let wrong_version =
        api.call("POST", "DeployIntegrationDesigntimeArtifact?Id='Existing'&Version='9.9.9'", &[JSON], Some("")).await;
    json_error(&wrong_version, 404, "Not Found");
    assert_eq!(api.get("IntegrationRuntimeArtifacts('Ghost')").await.status, 404);
    assert_eq!(api.get("IntegrationRuntimeArtifacts").await.json()["d"]["results"], json!([]));
    assert_eq!(api.get("BuildAndDeployStatus").await.json()["d"]["results"], json!([]));
}

/// Asserts a 403 whose message names `permission`.
fn forbidden(response: &Wire, permission: &str) {
    let message = json_error(response, 403, "Forbidden");
    assert!(message.contains(permission), "{message}");
}

#[tokio::test]
async fn a_read_only_key_cannot_upload_configure_or_deploy() {
    let (server, admin) = seeded().await;
    let reader = Api::new(&server, "reader", &["WorkspacePackagesRead"]).await;
    assert_eq!(reader.get(FLOW).await.status, 200, "reading is allowed");
    let upload = json!({"Id": "New", "Name": "New", "PackageId": "P"});
    forbidden(&reader.post("IntegrationDesigntimeArtifacts", &upload).await, "WebToolingWorkspace.Write");
    assert_eq!(package_artifacts(&admin, "P").await, ["Existing"]);
    let value = json!({"ParameterValue": "/changed"}).to_string();
    forbidden(
        &reader.call("PUT", CONFIGURE_LINK, &[JSON, CONTENT_JSON], Some(&value)).await,
        "WebTooling.IntegrationFlowConfigure",
    );
    forbidden(&reader.call("POST", DEPLOY, &[JSON], Some("")).await, "GenerationAndBuild");
    let configurations = admin.get(&format!("{FLOW}/Configurations")).await.json();
    assert_eq!(configurations["d"]["results"][0]["ParameterValue"], "/existing");
    assert_eq!(admin.get("IntegrationRuntimeArtifacts('Existing')").await.status, 404);
}

#[tokio::test]
async fn an_editor_without_configure_cannot_set_a_configuration() {
    let (server, admin) = seeded().await;
    let editor = Api::new(&server, "editor", &["WorkspacePackagesEdit"]).await;
    let value = json!({"ParameterValue": "/changed"}).to_string();
    let response = editor.call("PUT", CONFIGURE_LINK, &[JSON, CONTENT_JSON], Some(&value)).await;
    forbidden(&response, "WebTooling.IntegrationFlowConfigure");
    let configurations = admin.get(&format!("{FLOW}/Configurations")).await.json();
    assert_eq!(configurations["d"]["results"][0]["ParameterValue"], "/existing");
    let configurer = Api::new(&server, "configurer", &["WorkspacePackagesConfigure"]).await;
    assert_eq!(configurer.call("PUT", CONFIGURE_LINK, &[JSON, CONTENT_JSON], Some(&value)).await.status, 202);
}

#[tokio::test]
async fn a_key_without_artifacts_deploy_cannot_deploy() {
    let (server, admin) = seeded().await;
    let roles = ["WorkspacePackagesEdit", "WorkspacePackagesConfigure", "MonitoringDataRead"];
    let configurer = Api::new(&server, "configurer", &roles).await;
    forbidden(
        &configurer.call("POST", DEPLOY, &[JSON], Some("")).await,
        "GenerationAndBuild.generationandbuildcontent",
    );
    assert_eq!(admin.get("IntegrationRuntimeArtifacts('Existing')").await.status, 404);
    assert_eq!(admin.get("BuildAndDeployStatus").await.json()["d"]["results"], json!([]));
}

#[tokio::test]
async fn a_key_without_monitoring_data_read_cannot_read_the_runtime() {
    let (server, admin) = seeded().await;
    assert_eq!(admin.call("POST", DEPLOY, &[JSON], Some("")).await.status, 202);
    let editor = Api::new(&server, "editor", &["WorkspacePackagesEdit", "WorkspacePackagesConfigure"]).await;
    let deployer = Api::new(&server, "deployer", &["WorkspaceArtifactsDeploy"]).await;
    for api in [&editor, &deployer] {
        for target in ["IntegrationRuntimeArtifacts", "IntegrationRuntimeArtifacts('Existing')", "ServiceEndpoints"] {
            forbidden(&api.get(target).await, "IntegrationOperationServer.read");
        }
    }
}

#[tokio::test]
async fn undeploy_and_deploy_status_need_their_own_permissions() {
    let (server, admin) = seeded().await;
    let deployed = admin.call("POST", DEPLOY, &[JSON], Some("")).await;
    assert_eq!(deployed.status, 202);
    let task = deployed.text();
    let editor = Api::new(&server, "editor", &["WorkspacePackagesEdit", "WorkspacePackagesConfigure"]).await;
    let status = format!("BuildAndDeployStatus(TaskId='{task}')");
    forbidden(&editor.get(&status).await, "NodeManager.read");
    let undeploy = "IntegrationRuntimeArtifacts('Existing')";
    forbidden(&editor.call("DELETE", undeploy, &[JSON], None).await, "NodeManager.deploycontent");
    let monitor = Api::new(&server, "monitor", &["MonitoringDataRead"]).await;
    assert_eq!(monitor.get(&status).await.status, 200, "MonitoringDataRead reads deploy status");
    forbidden(&monitor.call("DELETE", undeploy, &[JSON], None).await, "NodeManager.deploycontent");
    assert_eq!(admin.get(undeploy).await.status, 200, "still deployed after the refused undeploys");
    // MonitoringArtifactsDeploy may undeploy integration flows (SAP's tasks table).
    let operator = Api::new(&server, "operator", &["MonitoringArtifactsDeploy"]).await;
    assert_eq!(operator.call("DELETE", undeploy, &[JSON], None).await.status, 202);
    assert_eq!(admin.get(undeploy).await.status, 404);
}

#[tokio::test]
async fn basic_writes_need_a_csrf_token_from_any_get_or_head() {
    let server = TestServer::start().await;
    let user = json!({"username": "dev", "password": "s3cret-pass", "role_collections": ["PI_Integration_Developer"]});
    assert_eq!(server.sm(Method::POST, "/v1/users", Some(user)).await.0, 201);
    let authority = split_url(&server.base).0;
    let auth = basic("dev", "s3cret-pass");
    let create = |id: &str, token: Option<String>| {
        let (authority, auth) = (authority.clone(), auth.clone());
        let body = json!({"Id": id, "Name": id}).to_string();
        async move {
            let mut headers = vec![("Authorization", auth.as_str()), JSON, CONTENT_JSON];
            if let Some(token) = &token {
                headers.push(("X-CSRF-Token", token.as_str()));
            }
            send(&authority, "POST", "/api/v1/IntegrationPackages", &headers, Some(body.as_bytes())).await
        }
    };
    let refused = create("NoToken", None).await;
    json_error(&refused, 403, "Forbidden");
    assert_eq!(refused.header("x-csrf-token"), Some("Required"));
    let refused = create("BadToken", Some("123.bogus".into())).await;
    assert_eq!(refused.header("x-csrf-token"), Some("Required"));
    json_error(&refused, 403, "Forbidden");

    for (i, (method, target)) in
        [("GET", "/api/v1/"), ("GET", "/"), ("HEAD", "/api/v1/IntegrationPackages/")].into_iter().enumerate()
    {
        let fetch = [("Authorization", auth.as_str()), ("X-CSRF-Token", "Fetch")];
        let fetched = send(&authority, method, target, &fetch, None).await;
        assert_eq!(fetched.status, 200, "{method} {target}");
        let token = fetched.header("x-csrf-token").unwrap_or_else(|| panic!("{method} {target} gives a token"));
        assert_ne!(token, "Required");
        let created = create(&format!("ByUser{i}"), Some(token.to_owned())).await;
        assert_eq!(created.status, 201, "{method} {target}: {}", created.text());
    }
    // The refused writes stored nothing.
    let token = server.access_token(&api_key(&server, "reader", &["WorkspacePackagesRead"]).await).await;
    let list: Value = server.api_get(&token, "IntegrationPackages?$orderby=Id").await.json().await.unwrap();
    let ids: Vec<&str> = list["d"]["results"].as_array().unwrap().iter().map(|p| p["Id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ByUser0", "ByUser1", "ByUser2"]);
}
