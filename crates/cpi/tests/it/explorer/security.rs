//! Security material and Partner Directory commands; secrets go in on stdin and never come out.

use super::Shell;

#[tokio::test(flavor = "multi_thread")]
async fn security_material_is_deployed_listed_and_deleted_without_showing_secrets() {
    let shell = Shell::new().await;
    let key = shell
        .key_file(
            "security",
            &["CredentialsEdit", "SecurityMaterialEdit", "SecurityMaterialDownload", "MonitoringDataRead"],
        )
        .await;
    shell.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();

    let created = shell.run_with_input(&["credential", "create", "Backend", "--user", "svc"], "pa55word\n").await.ok();
    assert!(created.contains("'Backend' deployed"), "{created}");
    let list = shell.run(&["credential", "list"]).await.ok();
    assert!(list.contains("Backend") && list.contains("svc"), "{list}");
    let json = shell.run(&["credential", "list", "--json"]).await.ok();
    assert!(!json.contains("pa55word"), "no password in the output");
    let empty = shell.run(&["credential", "create", "Other", "--user", "x"]).await;
    assert_ne!(empty.code, 0, "a missing password is refused");
    shell.run(&["credential", "delete", "Backend"]).await.ok();
    assert_eq!(shell.run(&["credential", "delete", "Backend"]).await.code, 5);

    shell.run_with_input(&["secure-parameter", "create", "ApiKey"], "k3y\n").await.ok();
    let parameters = shell.run(&["secure-parameter", "list"]).await.ok();
    assert!(parameters.contains("ApiKey") && !parameters.contains("k3y"), "{parameters}");
    shell.run(&["secure-parameter", "delete", "ApiKey"]).await.ok();

    let oauth = ["oauth2-credential", "create", "Idp", "--token-url", "https://idp.example/token", "--client-id", "c1"];
    shell.run_with_input(&oauth, "s3cret\n").await.ok();
    let listed = shell.run(&["oauth2-credential", "list"]).await.ok();
    assert!(listed.contains("Idp") && listed.contains("c1") && !listed.contains("s3cret"), "{listed}");
    shell.run(&["oauth2-credential", "delete", "Idp"]).await.ok();
    shell.run(&["keystore", "list"]).await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn partner_directory_parameters_are_set_listed_and_removed() {
    let shell = Shell::new().await;
    let key = shell
        .key_file(
            "pd",
            &["WorkspacePackagesEdit", "MonitoringDataRead", "AuthGroup_TenantPartnerDirectoryConfigurator"],
        )
        .await;
    shell.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();
    shell.run(&["partner", "set", "ACME", "Endpoint", "https://acme.example"]).await.ok();
    shell.run(&["partner", "set", "ACME", "Endpoint", "https://acme.example/v2"]).await.ok();
    let params = shell.run(&["partner", "params", "--pid", "ACME", "--json"]).await.json();
    assert_eq!(params[0]["Value"], "https://acme.example/v2");
    assert!(shell.run(&["partner", "list"]).await.ok().contains("ACME"));
    shell.run(&["partner", "unset", "ACME", "Endpoint"]).await.ok();
    assert_eq!(shell.run(&["partner", "params", "--json"]).await.json().as_array().unwrap().len(), 0);
    shell.run(&["partner", "set", "BETA", "Queue", "orders"]).await.ok();
    shell.run(&["partner", "delete", "BETA"]).await.ok();
    assert!(!shell.run(&["partner", "list"]).await.ok().contains("BETA"));
}
