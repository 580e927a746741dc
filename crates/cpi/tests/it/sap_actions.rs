//! SAP's GitHub Actions (SAP/cicd-actions-for-sap-integration-suite) against the local tenant:
//! their curl calls replayed as cpi-api.md §5.2 lists them. curl sends the target as written
//! (quotes raw), `Accept: */*` unless told otherwise, only `Authorization: Bearer …`, no CSRF.

use cpi_bundle::{BundleType, IflowBuilder, Limits, PackageArchive, PackagedArtifact, read_package, write_package};
use serde_json::{Value, json};

use crate::harness::TestServer;
use crate::wire::{Wire, api_key, b64, basic, poll, send, split_url};

const ROLES: [&str; 5] = [
    "WorkspacePackagesRead",
    "WorkspacePackagesEdit",
    "WorkspacePackagesConfigure",
    "WorkspaceArtifactsDeploy",
    "MonitoringDataRead",
];
const JSON: (&str, &str) = ("Accept", "application/json");
const CONTENT_JSON: (&str, &str) = ("Content-Type", "application/json");
const PACKAGE: &str = "GHA_Package";
const FLOWS: [(&str, &str, &str); 2] =
    [("GHA_Orders", "GHA Orders", "/gha/orders"), ("GHA_Invoices", "GHA Invoices", "/gha/invoices")];

/// curl with `-H "Authorization: Bearer …"`.
struct Curl {
    authority: String,
    bearer: String,
}

impl Curl {
    /// The `get-token` action: `POST tokenurl` with Basic and the form fields as well.
    async fn new(server: &TestServer) -> Curl {
        let key = api_key(server, "gha", &ROLES).await;
        let (id, secret) = (key["clientid"].as_str().unwrap(), key["clientsecret"].as_str().unwrap());
        let (authority, path) = split_url(key["tokenurl"].as_str().unwrap());
        let form = format!("grant_type=client_credentials&client_id={}&client_secret={}", form(id), form(secret));
        let basic = basic(id, secret);
        let headers = [
            ("User-Agent", "curl/8.5.0"),
            ("Accept", "*/*"),
            ("Authorization", basic.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        let token = send(&authority, "POST", &path, &headers, Some(form.as_bytes())).await;
        assert_eq!(token.status, 200, "{}", token.text());
        let bearer = format!("Bearer {}", token.json()["access_token"].as_str().unwrap());
        let (authority, _) = split_url(key["url"].as_str().unwrap());
        Curl { authority, bearer }
    }

    /// `curl -X <method> "$BTP_API_URL/api/v1/<target>" -H "Authorization: …" [-H …] [-d …]`.
    async fn call(&self, method: &str, target: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Wire {
        let mut all = vec![("User-Agent", "curl/8.5.0"), ("Authorization", self.bearer.as_str())];
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("accept")) {
            all.push(("Accept", "*/*"));
        }
        all.extend_from_slice(headers);
        send(&self.authority, method, &format!("/api/v1/{target}"), &all, body).await
    }

    /// The `deploy-package` action.
    async fn import(&self, query: &str, zip: &[u8]) -> Wire {
        let body = json!({ "PackageContent": b64(zip) }).to_string();
        self.call("POST", &format!("IntegrationPackages{query}"), &[CONTENT_JSON, JSON], Some(body.as_bytes())).await
    }

    async fn runtime_status(&self, id: &str) -> Wire {
        self.call("GET", &format!("IntegrationRuntimeArtifacts('{id}')?$select=Status"), &[JSON], None).await
    }
}

/// `application/x-www-form-urlencoded` escaping (what curl's `--data-urlencode` does).
fn form(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.*".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn package_zip(orders_version: &str) -> Vec<u8> {
    let artifacts = FLOWS
        .iter()
        .map(|(id, name, path)| {
            let version = if *id == "GHA_Orders" { orders_version } else { "1.0.0" };
            let flow = IflowBuilder::new(id, name)
                .version(version)
                .https_sender("{{Sender Endpoint}}")
                .parameter("Sender Endpoint", path, "xsd:string")
                .parameter("Target/URL", "https://example.com/a?b=c", "xsd:string")
                .content_modifier_body("ok");
            PackagedArtifact {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                version: version.to_owned(),
                kind: BundleType::IntegrationFlow,
                content: flow.zip(),
            }
        })
        .collect();
    write_package(&PackageArchive {
        id: PACKAGE.to_owned(),
        name: "GHA package".to_owned(),
        description: "Imported by SAP's GitHub Actions".to_owned(),
        short_text: "GHA".to_owned(),
        version: "1.0.0".to_owned(),
        vendor: "SAP".to_owned(),
        artifacts,
    })
}

async fn imported() -> (TestServer, Curl) {
    let server = TestServer::start().await;
    let curl = Curl::new(&server).await;
    let response = curl.import("", &package_zip("1.0.0")).await;
    assert_eq!(response.status, 201, "{}", response.text());
    assert_eq!(response.json()["d"]["Id"], PACKAGE);
    (server, curl)
}

/// get-object-ids-of-package: `jq '.d.results[].Id'`.
async fn artifact_ids(curl: &Curl) -> Vec<String> {
    let target = format!("IntegrationPackages('{PACKAGE}')/IntegrationDesigntimeArtifacts?$format=json");
    let listed = curl.call("GET", &target, &[], None).await;
    assert_eq!(listed.status, 200, "{}", listed.text());
    ids(&listed.json())
}

fn ids(feed: &Value) -> Vec<String> {
    let mut ids: Vec<String> =
        feed["d"]["results"].as_array().unwrap().iter().map(|r| r["Id"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_package_import_conflicts_unless_overwritten() {
    let (_server, curl) = imported().await;
    let again = curl.import("", &package_zip("1.0.1")).await;
    assert_eq!(again.status, 409, "{}", again.text());
    assert_eq!(again.json()["error"]["code"], "Conflict");
    let artifact = curl.call("GET", "IntegrationDesigntimeArtifacts(Id='GHA_Orders',Version='active')", &[JSON], None);
    assert_eq!(artifact.await.json()["d"]["Version"], "1.0.0", "a refused import changes nothing");

    let overwritten = curl.import("?Overwrite=true", &package_zip("1.0.1")).await;
    assert_eq!(overwritten.status, 201, "{}", overwritten.text());
    let artifact = curl.call("GET", "IntegrationDesigntimeArtifacts(Id='GHA_Orders',Version='active')", &[JSON], None);
    assert_eq!(artifact.await.json()["d"]["Version"], "1.0.1");
    assert_eq!(artifact_ids(&curl).await, ["GHA_Invoices", "GHA_Orders"]);
}

#[tokio::test]
async fn the_package_reads_as_json_and_exports_as_a_zip_that_round_trips() {
    let (_server, curl) = imported().await;
    // get-package-name
    let package = curl.call("GET", &format!("IntegrationPackages('{PACKAGE}')?$format=json"), &[], None).await;
    assert_eq!(package.status, 200);
    assert_eq!(package.json()["d"]["Name"], "GHA package");
    assert_eq!(package.json()["d"]["ShortText"], "GHA");
    // get-package-as-zip
    let zip = curl.call("GET", &format!("IntegrationPackages('{PACKAGE}')/$value"), &[], None).await;
    assert_eq!(zip.status, 200, "{}", zip.text());
    let archive = read_package(&zip.body, &Limits::DEFAULT).unwrap();
    assert_eq!(archive.id, PACKAGE);
    assert_eq!(archive.name, "GHA package");
    let mut exported: Vec<&str> = archive.artifacts.iter().map(|a| a.id.as_str()).collect();
    exported.sort_unstable();
    assert_eq!(exported, ["GHA_Invoices", "GHA_Orders"]);
    assert_eq!(artifact_ids(&curl).await, ["GHA_Invoices", "GHA_Orders"]);
    // get-packageid-for-iflow
    let flow =
        curl.call("GET", "IntegrationDesigntimeArtifacts(Id='GHA_Invoices',Version='active')", &[JSON], None).await;
    assert_eq!(flow.status, 200);
    assert_eq!(flow.json()["d"]["PackageId"], PACKAGE);
    // The export imports again elsewhere as the same package.
    let deleted = curl.call("DELETE", &format!("IntegrationPackages('{PACKAGE}')"), &[], None).await;
    assert_eq!(deleted.status, 202);
    let reimported = curl.import("", &zip.body).await;
    assert_eq!(reimported.status, 201, "{}", reimported.text());
}

#[tokio::test]
async fn configure_deploy_and_undeploy_as_the_actions_do() {
    let (_server, curl) = imported().await;
    // get-ext-param-for-iflowlist
    let configurations = "IntegrationDesigntimeArtifacts(Id='GHA_Orders',Version='active')/Configurations?$format=json";
    let listed = curl.call("GET", configurations, &[], None).await.json();
    let first = listed["d"]["results"].as_array().unwrap().iter().find(|c| c["ParameterKey"] == "Sender Endpoint");
    assert_eq!(first.unwrap()["ParameterValue"], "/gha/orders");
    // update-config-parameters: the key is `jq @uri`-encoded.
    let body =
        json!({"ParameterValue": "/gha/orders-v2", "DataType": "xsd:string", "Description": "set by CI"}).to_string();
    let target =
        "IntegrationDesigntimeArtifacts(Id='GHA_Orders',Version='active')/$links/Configurations('Sender%20Endpoint')";
    let updated = curl.call("PUT", target, &[CONTENT_JSON], Some(body.as_bytes())).await;
    assert!((200..300).contains(&updated.status), "{}: {}", updated.status, updated.text());
    // A key with reserved characters: `jq @uri` turns `Target/URL` into `Target%2FURL`.
    let body = json!({"ParameterValue": "https://example.org/b", "DataType": "xsd:string", "Description": ""});
    let target =
        "IntegrationDesigntimeArtifacts(Id='GHA_Orders',Version='active')/$links/Configurations('Target%2FURL')";
    let updated = curl.call("PUT", target, &[CONTENT_JSON], Some(body.to_string().as_bytes())).await;
    assert!((200..300).contains(&updated.status), "{}: {}", updated.status, updated.text());
    let listed = curl.call("GET", configurations, &[], None).await.json();
    let value_of = |key: &str| {
        let entry = listed["d"]["results"].as_array().unwrap().iter().find(|c| c["ParameterKey"] == key).unwrap();
        assert_eq!(entry["DataType"], "xsd:string", "{entry}");
        entry["ParameterValue"].clone()
    };
    assert_eq!(value_of("Sender Endpoint"), "/gha/orders-v2");
    assert_eq!(value_of("Target/URL"), "https://example.org/b");

    // deploy-package-artifacts: curl -X POST with no Accept option (curl then sends */*), and a
    // client that sends no Accept header at all.
    let deployed =
        curl.call("POST", "DeployIntegrationDesigntimeArtifact?Id='GHA_Orders'&Version='active'", &[], None).await;
    assert_eq!(deployed.status, 202, "{}", deployed.text());
    let bare = [("Authorization", curl.bearer.as_str())];
    let deployed = send(
        &curl.authority,
        "POST",
        "/api/v1/DeployIntegrationDesigntimeArtifact?Id='GHA_Invoices'&Version='active'",
        &bare,
        None,
    )
    .await;
    assert_eq!(deployed.status, 202, "{}", deployed.text());
    for (id, _, _) in FLOWS {
        let d = poll("the runtime to start", || async {
            let response = curl.runtime_status(id).await;
            let body = (response.status == 200).then(|| response.json());
            body.filter(|b| b["d"]["Status"] == "STARTED" || b["d"]["Status"] == "ERROR")
        })
        .await;
        assert_eq!(d["d"]["Status"], "STARTED", "{id}: {d}");
        let fields: Vec<&String> = d["d"].as_object().unwrap().keys().collect();
        assert_eq!(fields, ["__metadata", "Status"], "$select=Status");
    }

    // Undeploy: DELETE → 202 (or 404), then poll until 404.
    let undeployed = curl.call("DELETE", "IntegrationRuntimeArtifacts('GHA_Orders')", &[], None).await;
    assert_eq!(undeployed.status, 202, "{}", undeployed.text());
    poll("the runtime artifact to go", || async {
        (curl.runtime_status("GHA_Orders").await.status == 404).then_some(())
    })
    .await;
    assert_eq!(curl.runtime_status("GHA_Invoices").await.status, 200, "the other flow keeps running");
}

#[tokio::test]
async fn deleting_the_package_answers_202_then_404() {
    let (_server, curl) = imported().await;
    let deleted = curl.call("DELETE", &format!("IntegrationPackages('{PACKAGE}')"), &[], None).await;
    assert_eq!(deleted.status, 202, "{}", deleted.text());
    let again = curl.call("DELETE", &format!("IntegrationPackages('{PACKAGE}')"), &[], None).await;
    assert_eq!(again.status, 404, "{}", again.text());
    let flow =
        curl.call("GET", "IntegrationDesigntimeArtifacts(Id='GHA_Orders',Version='active')", &[JSON], None).await;
    assert_eq!(flow.status, 404, "the package's artifacts went with it");
}
