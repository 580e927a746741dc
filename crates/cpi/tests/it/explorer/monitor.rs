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

#[tokio::test(flavor = "multi_thread")]
async fn attachments_of_a_traced_message_are_listed_and_saved() {
    let shell = Shell::new().await;
    let key = shell
        .key_file(
            "tracer",
            &[
                "WorkspacePackagesEdit",
                "WorkspaceArtifactsDeploy",
                "MonitoringDataRead",
                "MessagePayloadsRead",
                "TraceConfigurationEdit",
            ],
        )
        .await;
    shell.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();
    let token = shell.run(&["token"]).await.ok().trim().to_owned();
    shell.run(&["package", "create", "P"]).await.ok();
    let zip = IflowBuilder::new("Traced", "Traced").https_sender("/traced").step(FlowStep::json_to_xml("Parse")).zip();
    let path = shell.work.path().join("Traced.zip");
    std::fs::write(&path, zip).unwrap();
    shell.run(&["artifact", "upload", path.to_str().unwrap(), "--package", "P"]).await.ok();
    shell.run(&["deploy", "Traced", "--wait"]).await.ok();
    let server = &shell.server;
    let command = "/Operations/com.sap.it.op.tmn.commands.dashboard.webui.IntegrationComponentSetMplLogLevelCommand";
    let body = serde_json::json!({"artifactSymbolicName": "Traced", "mplLogLevel": "TRACE", "nodeType": "IFLMAP"});
    let set = server.http.post(server.url(command)).bearer_auth(&token).json(&body).send().await.unwrap();
    assert_eq!(set.status(), 200);
    let sender =
        server.create_instance("integration-flow", "s", serde_json::json!({"roles": ["ESBMessaging.send"]})).await;
    let flow_key = server.create_key(&sender, "k").await.1;
    let call = server
        .http
        .post(server.url("/http/traced"))
        .basic_auth(flow_key["clientid"].as_str().unwrap(), flow_key["clientsecret"].as_str())
        .body(r#"{"order":"7"}"#)
        .send()
        .await
        .unwrap();
    let guid = call.headers()["SAP_MessageProcessingLogID"].to_str().unwrap().to_owned();
    let attachments = shell.run(&["mpl", "attachments", &guid, "--json"]).await.json();
    let body = attachments
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"].as_str().unwrap().ends_with("body"))
        .expect("the converter's body")
        .clone();
    let id = body["Id"].as_str().unwrap();
    shell.run(&["mpl", "attachment", id, "-o", "payload.xml"]).await.ok();
    let saved = std::fs::read_to_string(shell.work.path().join("payload.xml")).unwrap();
    assert!(saved.contains("<order>7</order>"), "{saved}");
    let printed = shell.run(&["mpl", "attachment", id]).await.ok();
    assert_eq!(printed, saved, "without -o the payload goes to stdout");
}
