//! `cpi mpl …` against logs written by calling a deployed flow.

use cpi_bundle::{FlowStep, IflowBuilder};

use super::Shell;

async fn tenant_with_messages(shell: &Shell) {
    shell.run(&["package", "create", "P"]).await.ok();
    let zip = IflowBuilder::new("Parser", "Parser").https_sender("/parse").step(FlowStep::json_to_xml("Parse")).zip();
    let path = shell.work.path().join("Parser.zip");
    std::fs::write(&path, zip).unwrap();
    shell.run(&["artifact", "upload", path.to_str().unwrap(), "--package", "P"]).await.ok();
    shell.run(&["deploy", "Parser", "--wait"]).await.ok();
    let server = &shell.server;
    let sender =
        server.create_instance("integration-flow", "s", serde_json::json!({"roles": ["ESBMessaging.send"]})).await;
    let key = server.create_key(&sender, "k").await.1;
    for body in [r#"{"a":"1"}"#, "{broken"] {
        server
            .http
            .post(server.url("/http/parse"))
            .basic_auth(key["clientid"].as_str().unwrap(), key["clientsecret"].as_str())
            .body(body)
            .send()
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn message_logs_are_listed_filtered_and_explained() {
    let shell = Shell::new().await;
    shell.login_developer().await;
    tenant_with_messages(&shell).await;
    let all = shell.run(&["mpl", "list", "--json"]).await.json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let failed =
        shell.run(&["mpl", "list", "--status", "failed", "--since", "2h", "--flow", "Parser", "--json"]).await.json();
    assert_eq!(failed.as_array().unwrap().len(), 1);
    let guid = failed[0]["MessageGuid"].as_str().unwrap().to_owned();
    let table = shell.run(&["mpl", "list", "--status", "FAILED"]).await.ok();
    assert!(table.contains(&guid) && table.contains("FAILED"), "{table}");
    let shown = shell.run(&["mpl", "show", &guid, "--json"]).await.json();
    assert_eq!(shown["IntegrationArtifact"]["Id"], "Parser");
    let error = shell.run(&["mpl", "error", &guid]).await.ok();
    assert!(!error.trim().is_empty());
    shell.run(&["mpl", "attachments", &guid]).await.ok();
    let none = shell.run(&["mpl", "list", "--flow", "Other", "--json"]).await.json();
    assert_eq!(none.as_array().unwrap().len(), 0);
    assert_eq!(shell.run(&["mpl", "show", "AGnothing"]).await.code, 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn tail_prints_messages_as_they_arrive() {
    let shell = Shell::new().await;
    shell.login_developer().await;
    let tail = shell.run(&["mpl", "tail", "--count", "2", "--interval", "1", "--json"]);
    let tail = async { tokio::time::timeout(std::time::Duration::from_secs(60), tail).await.expect("tail ends") };
    let (ran, ()) = tokio::join!(tail, async {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        tenant_with_messages(&shell).await;
    });
    let out = ran.ok();
    assert_eq!(out.lines().count(), 2, "{out}");
    for line in out.lines() {
        let log: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(log["IntegrationArtifact"]["Id"], "Parser");
    }
}
