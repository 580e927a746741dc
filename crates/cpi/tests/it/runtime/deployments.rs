//! Deployment of runtime flows: unsupported steps, address collisions, wildcards, redeploys and
//! restarts.

use cpi_bundle::{FlowStep, IflowBuilder};
use reqwest::StatusCode;

use super::Tenant;

fn flow(id: &str, address: &str, body: &str) -> Vec<u8> {
    IflowBuilder::new(id, id)
        .https_sender(address)
        .step(FlowStep::content_modifier("Body").body(body, "constant"))
        .zip()
}

async fn error_information(tenant: &Tenant, id: &str) -> String {
    let response = tenant.get_api(&format!("IntegrationRuntimeArtifacts('{id}')/ErrorInformation/$value")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_flow_with_an_unsupported_step_does_not_start_and_says_which() {
    let tenant = Tenant::start().await;
    let zip = IflowBuilder::new("Scripted", "Scripted")
        .https_sender("/scripted")
        .step(FlowStep::script("Enrich with Groovy", "enrich.groovy"))
        .zip();
    let runtime = tenant.deploy("Scripted", zip).await;
    assert_eq!(runtime["Status"], "ERROR");
    let error = error_information(&tenant, "Scripted").await;
    assert!(error.contains("Enrich with Groovy") && error.contains("Script (GroovyScript)"), "{error}");
    assert_eq!(tenant.post("/scripted", "x").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn addresses_are_unique_across_the_tenant() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("First", flow("First", "/orders/*", "first")).await;
    let runtime = tenant.deploy("Second", flow("Second", "/Orders/new", "second")).await;
    assert_eq!(runtime["Status"], "ERROR");
    let error = error_information(&tenant, "Second").await;
    assert!(error.contains("First") && error.contains("/Orders/new"), "{error}");

    let response = tenant.post("/orders/any/depth", "x").await;
    assert_eq!(response.text().await.unwrap(), "first", "a wildcard serves every path below it");
    assert_eq!(tenant.post("/orders", "x").await.status(), StatusCode::OK);
    assert_eq!(tenant.post("/ordersx", "x").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_redeploy_swaps_the_flow() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Swap", flow("Swap", "/swap", "v1")).await;
    assert_eq!(tenant.post("/swap", "").await.text().await.unwrap(), "v1");
    let v2 = IflowBuilder::new("Swap", "Swap")
        .version("1.0.1")
        .https_sender("/swap")
        .step(FlowStep::content_modifier("Body").body("v2", "constant"))
        .zip();
    let calls = async {
        let mut bodies = Vec::new();
        for _ in 0..20 {
            bodies.push(tenant.post("/swap", "").await.text().await.unwrap());
        }
        bodies
    };
    let (_, bodies) = tokio::join!(tenant.deploy_started("Swap", v2), calls);
    assert!(bodies.iter().all(|b| b == "v1" || b == "v2"), "every call saw a whole flow: {bodies:?}");
    assert_eq!(tenant.post("/swap", "").await.text().await.unwrap(), "v2");
    let moved = IflowBuilder::new("Swap", "Swap")
        .version("1.0.2")
        .https_sender("/swapped")
        .step(FlowStep::content_modifier("Body").body("v3", "constant"))
        .zip();
    tenant.deploy_started("Swap", moved).await;
    assert_eq!(tenant.post("/swap", "").await.status(), StatusCode::NOT_FOUND, "the old address is gone");
    assert_eq!(tenant.post("/swapped", "").await.text().await.unwrap(), "v3");
}

#[tokio::test]
async fn deployed_flows_are_callable_after_a_restart() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Durable", flow("Durable", "/durable", "still here")).await;
    let Tenant { server, api_token, sender_key } = tenant;
    let server = server.restart().await;
    let tenant = Tenant { server, api_token, sender_key };
    let response = tenant.post("/durable", "").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "still here");
}

#[tokio::test]
async fn configured_parameters_are_resolved_at_deploy() {
    let tenant = Tenant::start().await;
    let zip = IflowBuilder::new("Configured", "Configured")
        .https_sender("{{Address}}")
        .parameter("Address", "/configured", "xsd:string")
        .parameter("Text", "from the bundle", "xsd:string")
        .step(FlowStep::content_modifier("Body").body("{{Text}}", "constant"))
        .zip();
    tenant.deploy_started("Configured", zip.clone()).await;
    assert_eq!(tenant.post("/configured", "").await.text().await.unwrap(), "from the bundle");
    let url = tenant
        .server
        .url("/api/v1/IntegrationDesigntimeArtifacts(Id='Configured',Version='active')/$links/Configurations('Text')");
    let body = serde_json::json!({"ParameterValue": "configured"});
    let put = tenant.server.http.put(url).bearer_auth(&tenant.api_token).json(&body).send().await.unwrap();
    assert!(put.status().is_success());
    let url = tenant.server.url("/api/v1/DeployIntegrationDesigntimeArtifact?Id='Configured'&Version='active'");
    let deployed = tenant.server.http.post(url).bearer_auth(&tenant.api_token).send().await.unwrap();
    assert_eq!(deployed.status(), StatusCode::ACCEPTED);
    let mut text = String::new();
    for _ in 0..200 {
        text = tenant.post("/configured", "").await.text().await.unwrap();
        if text == "configured" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(text, "configured");
}

/// `../shared/reference/iflow-samples` beside the repository (absent elsewhere: skipped).
fn sample(relative: &str) -> Option<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/iflow-samples");
    let path = root.join(relative);
    if path.is_file() {
        return std::fs::read(path).ok();
    }
    if !path.is_dir() {
        eprintln!("skipped: {} is not available here", path.display());
        return None;
    }
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut pending = vec![path.clone()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(directory).unwrap() {
            let file = entry.unwrap().path();
            let name = file.strip_prefix(&path).unwrap().to_string_lossy().replace('\\', "/");
            if file.is_dir() {
                pending.push(file);
            } else if !name.starts_with("QA/") {
                writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
                std::io::Write::write_all(&mut writer, &std::fs::read(file).unwrap()).unwrap();
            }
        }
    }
    Some(writer.finish().unwrap().into_inner())
}

#[tokio::test]
async fn real_exports_deploy_or_name_the_step_they_need() {
    let cases = [
        ("flashpipe-Integration_Test_IFlow/update", "Integration_Test_IFlow", None),
        ("flashpipe-IFlow1", "IFlow1", Some("Script (GroovyScript)")),
        (
            "sap-recipes-AzureBlob-PrivateLink/Azure Blob Connectivity using Private Link Service.zip",
            "AzureBlobConnectivityPrivateLinkServiceSample",
            None,
        ),
        (
            "sap-recipes-Step1a-Sender-Router/Step 1a - Sender Internal Communication Flow.zip",
            "Step_1a_-_Sender_Internal_Communication_Flow",
            Some("Script (GroovyScript)"),
        ),
    ];
    let tenant = Tenant::start().await;
    for (relative, id, unsupported) in cases {
        let Some(zip) = sample(relative) else { return };
        let runtime = tenant.deploy(id, zip).await;
        match unsupported {
            None => assert_eq!(runtime["Status"], "STARTED", "{relative}: {runtime}"),
            Some(kind) => {
                assert_eq!(runtime["Status"], "ERROR", "{relative}");
                let error = error_information(&tenant, id).await;
                assert!(error.contains(kind), "{relative}: {error}");
            }
        }
    }
    let flow = tenant.post("/flow", "").await;
    assert_eq!(flow.status(), StatusCode::OK, "FlashPipe's flow answers at its configured address");
    assert_eq!(flow.text().await.unwrap(), "Hello World");
    let csrf = tenant.post("/privatelink/approuter", "").await;
    assert_eq!(csrf.status(), StatusCode::FORBIDDEN, "SAP's recipe is CSRF-protected");
}
