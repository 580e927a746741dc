//! The rest of the content lifecycle over HTTP: saving a new version, copying a package, value
//! mappings (upload, listing, deploy), and `$count` of an artifact's configurations.

use std::io::{Cursor, Write};

use cpi_bundle::IflowBuilder;
use serde_json::json;

use crate::harness::TestServer;
use crate::wire::{ACCEPT_JSON, Api, b64, poll};

const ROLES: [&str; 4] =
    ["WorkspacePackagesEdit", "WorkspacePackagesConfigure", "WorkspaceArtifactsDeploy", "MonitoringDataRead"];

async fn with_flow() -> (TestServer, Api) {
    let server = TestServer::start().await;
    let api = Api::new(&server, "all", &ROLES).await;
    assert_eq!(api.post("IntegrationPackages", &json!({"Id": "P", "Name": "P"})).await.status, 201);
    let flow = IflowBuilder::new("Flow", "Flow")
        .parameter("Sender Endpoint", "/flow", "xsd:string")
        .parameter("Greeting", "Hi", "xsd:string")
        .https_sender("{{Sender Endpoint}}")
        .zip();
    let body = json!({"Id": "Flow", "Name": "Flow", "PackageId": "P", "ArtifactContent": b64(&flow)});
    assert_eq!(api.post("IntegrationDesigntimeArtifacts", &body).await.status, 201);
    (server, api)
}

#[tokio::test]
async fn save_as_version_sets_the_version_of_the_artifact_and_its_bundle() {
    let (_server, api) = with_flow().await;
    let saved = api
        .call(
            "POST",
            "IntegrationDesigntimeArtifactSaveAsVersion?Id='Flow'&SaveAsVersion='1.2.0'",
            &[ACCEPT_JSON],
            Some(""),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert_eq!(saved.json()["d"]["Version"], "1.2.0");
    assert_eq!(api.get("IntegrationDesigntimeArtifacts(Id='Flow',Version='1.2.0')").await.status, 200);
    assert_eq!(api.get("IntegrationDesigntimeArtifacts(Id='Flow',Version='1.0.0')").await.status, 404);
    let zip = api.call("GET", "IntegrationDesigntimeArtifacts(Id='Flow',Version='active')/$value", &[], None).await;
    let bundle = cpi_bundle::Bundle::read(&zip.body, &cpi_bundle::Limits::DEFAULT).unwrap();
    assert_eq!(bundle.manifest().version, "1.2.0");
    let bad = api
        .call(
            "POST",
            "IntegrationDesigntimeArtifactSaveAsVersion?Id='Flow'&SaveAsVersion='1 2'",
            &[ACCEPT_JSON],
            Some(""),
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.text());
}

#[tokio::test]
async fn copy_integration_package_copies_the_package_and_its_artifacts_with_the_suffix() {
    let (_server, api) = with_flow().await;
    let copied = api
        .call("POST", "CopyIntegrationPackage?Id='P'&ImportMode='CREATE_COPY'&Suffix='_copy'", &[ACCEPT_JSON], Some(""))
        .await;
    assert_eq!(copied.status, 201, "{}", copied.text());
    assert_eq!(copied.json()["d"]["Id"], "P_copy");
    let artifacts = api.get("IntegrationPackages('P_copy')/IntegrationDesigntimeArtifacts").await.json();
    assert_eq!(artifacts["d"]["results"][0]["Id"], "Flow_copy");
    let again = api.call("POST", "CopyIntegrationPackage?Id='P'&Suffix='_copy'", &[ACCEPT_JSON], Some("")).await;
    assert_eq!(again.status, 409, "{}", again.text());
    let missing = api.call("POST", "CopyIntegrationPackage?Id='Nope'&Suffix='_copy'", &[ACCEPT_JSON], Some("")).await;
    assert_eq!(missing.status, 404, "{}", missing.text());
}

#[tokio::test]
async fn configurations_count_is_a_plain_number() {
    let (_server, api) = with_flow().await;
    let count = api
        .call("GET", "IntegrationDesigntimeArtifacts(Id='Flow',Version='active')/Configurations/$count", &[], None)
        .await;
    assert_eq!(count.status, 200);
    assert!(count.header("content-type").unwrap().starts_with("text/plain"));
    assert_eq!(count.text(), "2");
}

fn value_mapping_zip(id: &str) -> Vec<u8> {
    let manifest = format!(
        "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: {id}\r\nBundle-Name: {id}\r\n\
         Bundle-Version: 1.0.0\r\nSAP-BundleType: ValueMapping\r\n\r\n"
    );
    let mapping = "<vm version=\"2.0\"><group id=\"g1\"><entry><agency>A</agency><schema>S</schema><value>1</value></entry>\
                   <entry><agency>B</agency><schema>T</schema><value>one</value></entry></group></vm>";
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in [("META-INF/MANIFEST.MF", manifest.as_bytes()), ("value_mapping.xml", mapping.as_bytes())] {
        writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[tokio::test]
async fn a_value_mapping_is_uploaded_listed_and_deployed() {
    let (_server, api) = with_flow().await;
    let body =
        json!({"Id": "Codes", "Name": "Codes", "PackageId": "P", "ArtifactContent": b64(&value_mapping_zip("Codes"))});
    let created = api.post("ValueMappingDesigntimeArtifacts", &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let listed = api.get("IntegrationPackages('P')/ValueMappingDesigntimeArtifacts").await.json();
    assert_eq!(listed["d"]["results"][0]["Id"], "Codes");
    let flows = api.get("IntegrationPackages('P')/IntegrationDesigntimeArtifacts").await.json();
    assert_eq!(flows["d"]["results"].as_array().unwrap().len(), 1, "a value mapping is not a flow");
    let as_flow = json!({"Id": "Codes2", "Name": "Codes2", "PackageId": "P", "ArtifactContent": b64(&value_mapping_zip("Codes2"))});
    assert_eq!(
        api.post("IntegrationDesigntimeArtifacts", &as_flow).await.status,
        400,
        "the bundle type must match the set"
    );
    let deployed =
        api.call("POST", "DeployValueMappingDesigntimeArtifact?Id='Codes'&Version='active'", &[], Some("")).await;
    assert_eq!(deployed.status, 202, "{}", deployed.text());
    let task = deployed.text();
    let status = poll("the value mapping's deployment", || {
        let api = &api;
        let task = task.clone();
        async move {
            let status = api.get(&format!("BuildAndDeployStatus(TaskId='{task}')")).await.json()["d"]["Status"].clone();
            (status != "DEPLOYING").then_some(status)
        }
    })
    .await;
    assert_eq!(status, "SUCCESS");
    let runtime = api.get("IntegrationRuntimeArtifacts('Codes')").await.json();
    assert_eq!(runtime["d"]["Type"], "VALUE_MAPPING");
    assert_eq!(runtime["d"]["Status"], "STARTED");
}

#[tokio::test]
async fn concurrent_configuration_changes_are_all_kept() {
    let server = TestServer::start().await;
    let api = Api::new(&server, "all", &ROLES).await;
    assert_eq!(api.post("IntegrationPackages", &json!({"Id": "P", "Name": "P"})).await.status, 201);
    let mut builder = IflowBuilder::new("Busy", "Busy").https_sender("/busy");
    for i in 0..12 {
        builder = builder.parameter(&format!("P{i}"), "old", "xsd:string");
    }
    let body = json!({"Id": "Busy", "Name": "Busy", "PackageId": "P", "ArtifactContent": b64(&builder.zip())});
    assert_eq!(api.post("IntegrationDesigntimeArtifacts", &body).await.status, 201);
    let puts = (0..12).map(|i| {
        let api = &api;
        async move {
            let link =
                format!("IntegrationDesigntimeArtifacts(Id='Busy',Version='active')/$links/Configurations('P{i}')");
            let value = json!({"ParameterValue": format!("new {i}")}).to_string();
            api.call("PUT", &link, &[ACCEPT_JSON, crate::wire::CONTENT_JSON], Some(&value)).await.status
        }
    });
    let statuses = futures::future::join_all(puts).await;
    assert!(statuses.iter().all(|s| *s == 202), "{statuses:?}");
    let configurations =
        api.get("IntegrationDesigntimeArtifacts(Id='Busy',Version='active')/Configurations").await.json();
    let values: Vec<&str> = configurations["d"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ParameterValue"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..12).map(|i| format!("new {i}")).collect();
    assert_eq!(values, expected, "every concurrent change is kept");
}

#[tokio::test]
async fn links_of_an_artifact_are_listed_and_merge_sets_a_configuration() {
    let (_server, api) = with_flow().await;
    let links = api.get("IntegrationDesigntimeArtifacts(Id='Flow',Version='active')/$links/Configurations").await;
    assert_eq!(links.status, 200, "{}", links.text());
    let uris: Vec<String> = links.json()["d"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(uris.len(), 2, "{uris:?}");
    assert!(uris[0].ends_with("/Configurations('Sender%20Endpoint')"), "{uris:?}");
    let link = "IntegrationDesigntimeArtifacts(Id='Flow',Version='active')/$links/Configurations('Greeting')";
    let value = json!({"ParameterValue": "Hello"}).to_string();
    let merged = api.call("MERGE", link, &[ACCEPT_JSON, crate::wire::CONTENT_JSON], Some(&value)).await;
    assert_eq!(merged.status, 202, "{}", merged.text());
    let one =
        api.get("IntegrationDesigntimeArtifacts(Id='Flow',Version='active')/$links/Configurations('Greeting')").await;
    assert!(one.json()["d"]["uri"].as_str().unwrap().ends_with("/Configurations('Greeting')"), "{}", one.text());
    let configurations =
        api.get("IntegrationDesigntimeArtifacts(Id='Flow',Version='active')/Configurations").await.json();
    assert_eq!(configurations["d"]["results"][1]["ParameterValue"], "Hello");
}
