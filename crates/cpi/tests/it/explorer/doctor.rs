//! `cpi doctor` names what a key can and cannot do, and the role to add.

use super::Shell;

#[tokio::test(flavor = "multi_thread")]
async fn doctor_names_the_role_a_key_lacks() {
    let shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    shell.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();
    let report = shell.run(&["doctor"]).await.ok();
    assert!(report.contains("Token       ok"), "{report}");
    assert!(report.contains("WebToolingWorkspace.Read"), "{report}");
    assert!(report.contains("can     package list"), "{report}");
    assert!(
        report.lines().any(|l| l.contains("cannot  deploy") && l.contains("WorkspaceArtifactsDeploy")),
        "the deploy role is named: {report}"
    );
    assert!(report.lines().any(|l| l.contains("FAIL") && l.contains("monitoring")), "{report}");
    let json = shell.run(&["doctor", "--json"]).await.json();
    let deploy = json["commands"].as_array().unwrap().iter().find(|c| c["commands"] == "deploy").unwrap().clone();
    assert_eq!(deploy["allowed"], false);
    assert!(deploy["add_one_of"].as_array().unwrap().iter().any(|t| t == "WorkspaceArtifactsDeploy"));
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_explains_a_wrong_secret_and_a_runtime_key() {
    let mut shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    shell.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();
    shell.env.push(("CPI_CLIENT_SECRET".into(), "wrong$secret".into()));
    let ran = shell.run(&["doctor"]).await;
    assert_eq!(ran.code, 3, "{ran:?}");
    assert!(ran.stderr.contains("refused client id"), "{}", ran.stderr);
    shell.env.clear();

    let server = &shell.server;
    let flow =
        server.create_instance("integration-flow", "sender", serde_json::json!({"roles": ["ESBMessaging.send"]})).await;
    let oauth = server.create_key(&flow, "k").await.1;
    let path = shell.work.path().join("flow.json");
    std::fs::write(&path, serde_json::json!({"oauth": oauth}).to_string()).unwrap();
    shell.run(&["login", "--service-key", path.to_str().unwrap(), "--profile", "flow"]).await.ok();
    let report = shell.run(&["doctor", "--profile", "flow"]).await.ok();
    assert!(report.contains("Runtime roles (integration-flow key): ESBMessaging.send"), "{report}");
}
