//! The control-plane commands of the `cpi` binary against a running server.

use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::harness::TestServer;

fn cpi(admin_key: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cpi"))
        .args(args)
        .arg("--admin-key")
        .arg(admin_key)
        .env("CPI_USER_PASSWORD", "cli-pass-123")
        .output()
        .unwrap()
}

async fn run(admin_key: &std::path::Path, args: &[&str]) -> String {
    let (key, args): (std::path::PathBuf, Vec<String>) =
        (admin_key.to_owned(), args.iter().map(|a| (*a).to_owned()).collect());
    let output = tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        cpi(&key, &refs)
    })
    .await
    .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

#[tokio::test(flavor = "multi_thread")]
async fn cf_like_commands_create_show_use_and_delete_keys() {
    let server = TestServer::start().await;
    let admin = server.server.as_ref().unwrap().admin_key_path.clone();
    let out =
        run(&admin, &["instance", "create", "it-rt", "api", "cli-api", "-c", r#"{"roles":["WorkspacePackagesRead"]}"#])
            .await;
    assert!(out.contains("Service instance cli-api created."), "{out}");
    let created: Value = serde_json::from_str(&run(&admin, &["key", "create", "cli-api", "cli-key"]).await).unwrap();
    let shown: Value = serde_json::from_str(&run(&admin, &["key", "show", "cli-api", "cli-key"]).await).unwrap();
    assert_eq!(created, shown, "show prints the key as created, in the cockpit's layout");
    let cf: Value = serde_json::from_str(&run(&admin, &["key", "show", "cli-api", "cli-key", "--cf"]).await).unwrap();
    assert_eq!(cf["credentials"], shown);
    let key = cpi_client::ServiceKey::from_json(&shown.to_string()).unwrap();
    let mut oauth = shown["oauth"].clone();
    oauth["tokenurl"] = json!(server.url("/oauth/token"));
    assert_eq!(key.client_id, oauth["clientid"].as_str().unwrap());
    let token = server.access_token(&oauth).await;
    assert_eq!(server.api_get(&token, "IntegrationPackages").await.status(), 200);

    let list: Value = serde_json::from_str(&run(&admin, &["instance", "list", "--json"]).await).unwrap();
    assert_eq!(list[0]["name"], "cli-api");
    run(&admin, &["instance", "update", "cli-api", "-c", r#"{"roles":["MonitoringDataRead"]}"#]).await;
    let show: Value = serde_json::from_str(&run(&admin, &["instance", "show", "cli-api"]).await).unwrap();
    assert_eq!(show["parameters"]["roles"], json!(["MonitoringDataRead"]));
    run(&admin, &["user", "add", "cli-user", "-r", "PI_Read_Only"]).await;
    assert!(run(&admin, &["user", "list"]).await.contains("PI_Read_Only"));
    assert!(run(&admin, &["signing-key", "rotate"]).await.contains("is active"));
    run(&admin, &["key", "delete", "cli-api", "cli-key"]).await;
    assert_eq!(server.token(&oauth).await.status(), 401);
    run(&admin, &["instance", "delete", "cli-api"]).await;
    let list: Value = serde_json::from_str(&run(&admin, &["instance", "list", "--json"]).await).unwrap();
    assert_eq!(list, json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_parameters_are_reported_by_the_cli() {
    let server = TestServer::start().await;
    let admin = server.server.as_ref().unwrap().admin_key_path.clone();
    let output = tokio::task::spawn_blocking(move || {
        cpi(&admin, &["instance", "create", "it-rt", "api", "x", "-c", r#"{"roles":["Nope"]}"#])
    })
    .await
    .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Nope"));
}

/// `cpi … | head`: output larger than a pipe's buffer, whose reader goes away after a few bytes,
/// ends the command quietly with success instead of a panic.
#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpi"))
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit {:?}: {stderr}", output.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
