//! `cpi backup`, `cpi restore` and `cpi diff` over HTTP: a tenant with two packages, flows with
//! parameters, a value mapping and a changed configuration value is backed up (twice, byte for
//! byte the same), restored into a second `cpi serve`, and compared.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use cpi_bundle::IflowBuilder;
use serde_json::{Value, json};

use super::Shell;
use crate::harness::TestServer;

const DEVELOPER_ROLES: [&str; 3] = ["WorkspacePackagesEdit", "WorkspacePackagesConfigure", "WorkspaceArtifactsDeploy"];

fn value_mapping_zip(id: &str) -> Vec<u8> {
    let manifest = format!(
        "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: {id}\r\nBundle-Name: {id}\r\n\
         Bundle-Version: 1.0.0\r\nSAP-BundleType: ValueMapping\r\n\r\n"
    );
    let mapping = "<vm version=\"2.0\"><group id=\"g1\"><entry><agency>A</agency><schema>S</schema><value>1</value>\
                   </entry><entry><agency>B</agency><schema>T</schema><value>one</value></entry></group></vm>";
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in [("META-INF/MANIFEST.MF", manifest.as_bytes()), ("value_mapping.xml", mapping.as_bytes())] {
        writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn flow_zip(id: &str, address: &str) -> Vec<u8> {
    IflowBuilder::new(id, id)
        .description(&format!("The {id} flow"))
        .parameter("Sender Endpoint", address, "xsd:string")
        .parameter("Greeting", "Hello", "xsd:string")
        .https_sender("{{Sender Endpoint}}")
        .zip()
}

async fn upload(shell: &Shell, file: &str, zip: &[u8], kind: &str, package: &str) {
    std::fs::write(shell.work.path().join(file), zip).unwrap();
    shell.run(&["artifact", "upload", file, "--type", kind, "--package", package]).await.ok();
}

/// A shell logged in to its server as profiles `default` and `a`, with two packages, three
/// flows, a value mapping and one changed configuration value.
async fn tenant_a() -> Shell {
    let shell = Shell::new().await;
    let key = shell.login_developer().await;
    shell.run(&["login", "--service-key", key.to_str().unwrap(), "--profile", "a", "--no-default"]).await.ok();
    shell
        .run(&["package", "create", "Orders", "--name", "Order Flows", "--description", "Orders in and out"])
        .await
        .ok();
    shell.run(&["package", "create", "Billing"]).await.ok();
    upload(&shell, "Order_In.zip", &flow_zip("Order_In", "/orders/in"), "iflow", "Orders").await;
    upload(&shell, "Order_Out.zip", &flow_zip("Order_Out", "/orders/out"), "iflow", "Orders").await;
    upload(&shell, "Invoice.zip", &flow_zip("Invoice", "/invoice"), "iflow", "Billing").await;
    upload(&shell, "Codes.zip", &value_mapping_zip("Codes"), "value-mapping", "Billing").await;
    shell.run(&["artifact", "config", "set", "Order_In", "Greeting", "Howdy"]).await.ok();
    shell.run(&["artifact", "save-as-version", "Invoice", "1.0.3"]).await.ok();
    shell
}

/// Starts a second server and logs in to it as profile `b` (not the default).
async fn tenant_b(shell: &Shell) -> TestServer {
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "developer-b", json!({"roles": DEVELOPER_ROLES})).await;
    let (_, oauth) = server.create_key(&instance, "k").await;
    let path = shell.work.path().join("b.json");
    std::fs::write(&path, json!({"oauth": oauth}).to_string()).unwrap();
    shell.run(&["login", "--service-key", path.to_str().unwrap(), "--profile", "b", "--no-default"]).await.ok();
    server
}

/// Every file below `dir` by its relative path.
fn files_of(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_holds_every_package_and_artifact_unzipped_and_repeats_byte_for_byte() {
    let shell = tenant_a().await;
    let ran = shell.run(&["backup", "snap", "--json", "--jobs", "3"]).await;
    assert!(ran.stderr.contains("backing up 4/4 artifacts: done in"), "progress: {}", ran.stderr);
    let summary = ran.json();
    assert_eq!((summary["packages"].as_u64(), summary["artifacts"].as_u64()), (Some(2), Some(4)), "{summary}");
    assert_eq!((summary["downloaded"].as_u64(), summary["skipped"].as_u64()), (Some(4), Some(0)), "{summary}");
    assert!(summary["bytes"].as_u64().unwrap() > 1000, "{summary}");

    let snap = shell.work.path().join("snap");
    let package = read_json(&snap.join("Orders/package.json"));
    assert_eq!((package["Id"].as_str(), package["Name"].as_str()), (Some("Orders"), Some("Order Flows")));
    assert_eq!(package["Description"], "Orders in and out");
    let text = std::fs::read_to_string(snap.join("Orders/package.json")).unwrap();
    assert!(!text.contains("Date") && !text.contains("ModifiedBy"), "no volatile fields: {text}");
    let flow = read_json(&snap.join("Orders/iflow/Order_In/artifact.json"));
    assert_eq!(flow["PackageId"], "Orders");
    assert_eq!(flow["Version"], "1.0.0");
    assert_eq!(flow["Configurations"], json!({"Greeting": "Howdy", "Sender Endpoint": "/orders/in"}));
    assert_eq!(read_json(&snap.join("Billing/iflow/Invoice/artifact.json"))["Version"], "1.0.3");
    assert!(snap.join("Orders/iflow/Order_In/content/META-INF/MANIFEST.MF").is_file());
    let props = std::fs::read_to_string(snap.join("Orders/iflow/Order_In/content/src/main/resources/parameters.prop"));
    assert!(props.unwrap().contains("Howdy"), "the content is unzipped with the current values");
    assert!(snap.join("Billing/value-mapping/Codes/content/value_mapping.xml").is_file());
    let state = read_json(&snap.join(".cpi-backup/state.json"));
    assert_eq!(state["artifacts"].as_object().unwrap().len(), 4, "{state}");
    assert!(!snap.join(".cpi-backup/tmp").exists(), "no temporary folder is left");

    let first = files_of(&snap);
    let again = shell.run(&["backup", "snap", "--json"]).await.json();
    assert_eq!((again["downloaded"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(4)), "{again}");
    assert_eq!(files_of(&snap), first, "an unchanged tenant gives byte-identical files");
    let full = shell.run(&["backup", "snap", "--full", "--json"]).await.json();
    assert_eq!(full["downloaded"].as_u64(), Some(4), "{full}");
    assert_eq!(files_of(&snap), first, "a full backup writes the same bytes");
    let human = shell.run(&["backup", "snap"]).await.ok();
    assert!(human.contains("Backed up 2 packages and 4 artifacts") && human.contains("4 skipped"), "{human}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_restored_into_another_tenant_compares_equal_until_a_value_changes() {
    let shell = tenant_a().await;
    let _b = tenant_b(&shell).await;
    shell.run(&["backup", "snap"]).await.ok();
    let restored = shell.run(&["restore", "snap", "--profile", "b", "--json"]).await.json();
    assert_eq!(restored["packages_created"], 2, "{restored}");
    assert_eq!((restored["created"].as_u64(), restored["failed"].as_u64()), (Some(4), Some(0)), "{restored}");
    let listed = shell.run(&["artifact", "list", "--type", "value-mapping", "--profile", "b", "--json"]).await.json();
    assert_eq!(listed[0]["Id"], "Codes");

    let same = shell.run(&["diff", "a", "b"]).await;
    assert_eq!(same.code, 0, "{same:?}");
    assert!(same.stdout.contains("No differences between a and b."), "{}", same.stdout);
    let content = shell.run(&["diff", "a", "b", "--content"]).await;
    assert_eq!(content.code, 0, "the files are the same too: {content:?}");
    assert_eq!(shell.run(&["diff", "snap", "b"]).await.code, 0, "a folder compares with a tenant");

    shell.run(&["artifact", "config", "set", "Order_In", "Greeting", "Hola", "--profile", "b"]).await.ok();
    let changed = shell.run(&["diff", "a", "b"]).await;
    assert_eq!(changed.code, 1, "differences exit 1: {changed:?}");
    let expected = "--- a\n+++ b\npackage Orders\n  ~ iflow Order_In configuration Greeting: \"Howdy\" → \"Hola\"\n\
                    1 difference.\n";
    assert_eq!(changed.stdout, expected);
    let json = shell.run(&["diff", "a", "b", "--json"]).await;
    assert_eq!(json.code, 1);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["equal"], false);
    assert_eq!(
        report["differences"],
        json!([{"package": "Orders", "kind": "iflow", "artifact": "Order_In", "change": "changed",
                "field": "configuration", "key": "Greeting", "left": "Howdy", "right": "Hola"}])
    );
    let again = shell.run(&["restore", "snap", "--profile", "b", "--json"]).await.json();
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(4)), "{again}");
    assert_eq!(shell.run(&["diff", "a", "b"]).await.code, 0, "restoring again puts the value back");
    let trouble = shell.run(&["diff", "a", "nowhere"]).await;
    assert_eq!(trouble.code, 2, "neither a folder nor a profile: {trouble:?}");

    // A value edited in the backup is set after the upload.
    let record_path = shell.work.path().join("snap/Orders/iflow/Order_In/artifact.json");
    let mut record = read_json(&record_path);
    record["Configurations"]["Greeting"] = json!("Bonjour");
    std::fs::write(&record_path, serde_json::to_vec_pretty(&record).unwrap()).unwrap();
    let edited = shell.run(&["restore", "snap", "--profile", "b", "--json"]).await.json();
    assert_eq!(edited["configured"], 1, "{edited}");
    let config = shell.run(&["artifact", "config", "get", "Order_In", "--profile", "b", "--json"]).await.json();
    let greeting = config.as_array().unwrap().iter().find(|c| c["ParameterKey"] == "Greeting").unwrap().clone();
    assert_eq!(greeting["ParameterValue"], "Bonjour");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_backup_resumes_and_a_rerun_follows_the_tenant() {
    let shell = tenant_a().await;
    shell.run(&["backup", "snap"]).await.ok();
    let snap = shell.work.path().join("snap");
    let complete = files_of(&snap);

    // As if killed while writing Order_Out: its folder and state entry are missing, a
    // half-written copy lies in the temporary folder.
    std::fs::remove_dir_all(snap.join("Orders/iflow/Order_Out")).unwrap();
    let state_path = snap.join(".cpi-backup/state.json");
    let mut state = read_json(&state_path);
    state["artifacts"].as_object_mut().unwrap().remove("iflow/Order_Out").unwrap();
    std::fs::write(&state_path, serde_json::to_vec_pretty(&state).unwrap()).unwrap();
    std::fs::create_dir_all(snap.join(".cpi-backup/tmp/iflow-Order_Out/content")).unwrap();
    let resumed = shell.run(&["backup", "snap", "--json"]).await.json();
    assert_eq!((resumed["downloaded"].as_u64(), resumed["skipped"].as_u64()), (Some(1), Some(3)), "{resumed}");
    assert_eq!(files_of(&snap), complete, "the resumed backup is the complete one");

    shell.run(&["artifact", "config", "set", "Invoice", "Greeting", "Dear customer"]).await.ok();
    shell.run(&["artifact", "delete", "Order_Out"]).await.ok();
    let followed = shell.run(&["backup", "snap", "--json"]).await.json();
    assert_eq!((followed["downloaded"].as_u64(), followed["removed"].as_u64()), (Some(1), Some(1)), "{followed}");
    let invoice = read_json(&snap.join("Billing/iflow/Invoice/artifact.json"));
    assert_eq!(invoice["Configurations"]["Greeting"], "Dear customer");
    assert!(!snap.join("Orders/iflow/Order_Out").exists(), "a deleted artifact leaves the backup");
    assert!(read_json(&state_path)["artifacts"].get("iflow/Order_Out").is_none());
    std::fs::remove_dir_all(snap.join(".cpi-backup")).unwrap();
    let cloned = shell.run(&["backup", "snap", "--json"]).await.json();
    assert_eq!(cloned["downloaded"], 3, "a clone without the state is backed up again in place: {cloned}");
    let stranger = shell.run(&["backup", "."]).await;
    assert_ne!(stranger.code, 0, "a folder with other files is no backup target: {stranger:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_reports_the_artifact_it_cannot_upload_and_restores_the_others() {
    let shell = tenant_a().await;
    let _b = tenant_b(&shell).await;
    shell.run(&["backup", "snap"]).await.ok();
    let manifest = shell.work.path().join("snap/Orders/iflow/Order_Out/content/META-INF/MANIFEST.MF");
    std::fs::remove_file(manifest).unwrap();
    let ran = shell.run(&["restore", "snap", "--profile", "b"]).await;
    assert_ne!(ran.code, 0, "{ran:?}");
    assert!(ran.stderr.contains("iflow 'Order_Out' (package Orders)"), "the artifact is named: {}", ran.stderr);
    assert!(ran.stdout.contains("3 created") && ran.stdout.contains("1 failed"), "{}", ran.stdout);
    let diff = shell.run(&["diff", "a", "b", "--json"]).await;
    assert_eq!(diff.code, 1);
    let report: Value = serde_json::from_str(&diff.stdout).unwrap();
    assert_eq!(
        report["differences"],
        json!([{"package": "Orders", "kind": "iflow", "artifact": "Order_Out", "change": "only-left",
                "left": "1.0.0", "right": null}])
    );
    let repaired = shell.run(&["backup", "snap", "--json"]).await.json();
    assert_eq!(repaired["downloaded"], 1, "a damaged copy is backed up again: {repaired}");
    assert!(shell.work.path().join("snap/Orders/iflow/Order_Out/content/META-INF/MANIFEST.MF").is_file());
    shell.run(&["backup", "snap_b", "--profile", "b"]).await.ok();
    let folders = shell.run(&["diff", "snap", "snap_b"]).await;
    assert_eq!(folders.code, 1, "{folders:?}");
    assert!(
        folders.stdout.ends_with("package Orders\n  - iflow Order_Out 1.0.0\n1 difference.\n"),
        "{}",
        folders.stdout
    );
}
