//! Packages, artifacts, deployment and runtime commands, with their failure exit codes.

use cpi_bundle::{FlowStep, IflowBuilder};

use super::Shell;

fn write_flow(shell: &Shell, id: &str, address: &str) -> String {
    let zip = IflowBuilder::new(id, id)
        .https_sender(address)
        .parameter("Greeting", "Hello", "xsd:string")
        .step(FlowStep::content_modifier("Greet").body("{{Greeting}} ${in.body}", "expression"))
        .zip();
    let path = shell.work.path().join(format!("{id}.zip"));
    std::fs::write(&path, zip).unwrap();
    path.to_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn packages_are_created_listed_exported_imported_and_deleted() {
    let shell = Shell::new().await;
    shell.login_developer().await;
    let out = shell.run(&["package", "create", "Orders", "--name", "Order Flows"]).await.ok();
    assert!(out.contains("Package 'Orders' created."), "{out}");
    let list = shell.run(&["package", "list"]).await.ok();
    assert!(list.contains("Orders") && list.contains("Order Flows"), "{list}");
    assert!(list.lines().next().unwrap().starts_with("ID"), "{list}");
    let shown = shell.run(&["package", "show", "Orders", "--json"]).await.json();
    assert_eq!(shown["Name"], "Order Flows");
    let flow = write_flow(&shell, "Order_In", "/orders/in");
    shell.run(&["artifact", "upload", &flow, "--package", "Orders"]).await.ok();
    let exported = shell.run(&["package", "export", "Orders", "-o", "orders-export.zip"]).await.ok();
    assert!(exported.contains("orders-export.zip"), "{exported}");
    shell.run(&["package", "delete", "Orders"]).await.ok();
    assert_eq!(shell.run(&["package", "show", "Orders"]).await.code, 5, "not found exits 5");
    shell.run(&["package", "import", "orders-export.zip"]).await.ok();
    let artifacts = shell.run(&["artifact", "list", "--package", "Orders", "--json"]).await.json();
    assert_eq!(artifacts[0]["Id"], "Order_In");
    let again = shell.run(&["package", "create", "Orders"]).await;
    assert_eq!(again.code, 6, "conflict exits 6: {again:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn artifacts_are_uploaded_configured_downloaded_and_deployed() {
    let shell = Shell::new().await;
    shell.login_developer().await;
    shell.run(&["package", "create", "P"]).await.ok();
    let flow = write_flow(&shell, "Greeter", "/greet");
    let created = shell.run(&["artifact", "upload", &flow, "--package", "P"]).await.ok();
    assert!(created.contains("'Greeter' created in package 'P'"), "{created}");
    let updated = shell.run(&["artifact", "upload", &flow]).await.ok();
    assert!(updated.contains("updated"), "a second upload replaces: {updated}");
    let shown = shell.run(&["artifact", "show", "Greeter", "--json"]).await.json();
    assert_eq!(shown["PackageId"], "P");
    let config = shell.run(&["artifact", "config", "get", "Greeter"]).await.ok();
    assert!(config.contains("Greeting") && config.contains("Hello"), "{config}");
    shell.run(&["artifact", "config", "set", "Greeter", "Greeting", "Howdy"]).await.ok();
    shell.run(&["artifact", "resources", "Greeter"]).await.ok();
    let downloaded = shell.run(&["artifact", "download", "Greeter", "-o", "copy.zip"]).await.ok();
    assert!(downloaded.contains("copy.zip"), "{downloaded}");
    assert!(shell.work.path().join("copy.zip").metadata().unwrap().len() > 100);

    let deployed = shell.run(&["deploy", "Greeter", "--wait"]).await;
    assert!(deployed.stderr.contains("Deploying 'Greeter'"), "progress is shown: {}", deployed.stderr);
    let out = deployed.ok();
    assert!(out.contains("is deployed: STARTED"), "{out}");
    let runtime = shell.run(&["runtime", "list"]).await.ok();
    assert!(runtime.contains("Greeter") && runtime.contains("STARTED"), "{runtime}");
    let endpoints = shell.run(&["endpoint", "list"]).await.ok();
    assert!(endpoints.contains("/http/greet"), "{endpoints}");
    shell.run(&["artifact", "save-as-version", "Greeter", "1.0.7"]).await.ok();
    assert_eq!(shell.run(&["artifact", "show", "Greeter", "--json"]).await.json()["Version"], "1.0.7");
    shell.run(&["undeploy", "Greeter", "--wait"]).await.ok();
    assert_eq!(shell.run(&["runtime", "show", "Greeter"]).await.code, 5);
    shell.run(&["artifact", "delete", "Greeter"]).await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_deployment_prints_its_error_and_exits_7() {
    let shell = Shell::new().await;
    shell.login_developer().await;
    shell.run(&["package", "create", "P"]).await.ok();
    let zip = IflowBuilder::new("Scripted", "Scripted")
        .https_sender("/scripted")
        .step(FlowStep::script("Enrich", "enrich.groovy"))
        .zip();
    let path = shell.work.path().join("Scripted.zip");
    std::fs::write(&path, zip).unwrap();
    shell.run(&["artifact", "upload", path.to_str().unwrap(), "--package", "P"]).await.ok();
    let ran = shell.run(&["deploy", "Scripted", "--wait"]).await;
    assert_eq!(ran.code, 7, "{ran:?}");
    assert!(ran.stderr.contains("Script (GroovyScript)"), "{}", ran.stderr);
    let error = shell.run(&["runtime", "error", "Scripted"]).await.ok();
    assert!(error.contains("Enrich"), "{error}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_without_the_role_is_told_which_role_it_lacks() {
    let shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    shell.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();
    let ran = shell.run(&["package", "create", "Nope"]).await;
    assert_eq!(ran.code, 4, "forbidden exits 4: {ran:?}");
    assert!(ran.stderr.contains("WorkspacePackagesEdit"), "the missing role is named: {}", ran.stderr);
}
