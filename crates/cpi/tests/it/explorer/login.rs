//! `cpi login`, profiles, `cpi token`, exit codes for authentication problems.

use super::Shell;

#[tokio::test(flavor = "multi_thread")]
async fn login_with_a_service_key_saves_a_default_profile() {
    let shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    let out = shell.run(&["login", "--service-key", key.to_str().unwrap(), "--profile", "dev"]).await.ok();
    assert!(out.contains("Profile 'dev' saved") && out.contains("(the default)"), "{out}");
    assert!(out.contains("readable only by you"), "{out}");
    let profiles = shell.config.path().join("profiles.toml");
    let text = std::fs::read_to_string(&profiles).unwrap();
    let secret = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&key).unwrap()).unwrap()["oauth"]
        ["clientsecret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!text.contains(&secret), "the secret is not in the profiles file");
    let list = shell.run(&["profile", "list"]).await.ok();
    assert!(list.contains("* ") || list.lines().any(|l| l.starts_with('*')), "{list}");
    assert!(list.contains("dev"), "{list}");
    let packages = shell.run(&["package", "list", "--json"]).await.json();
    assert!(packages.is_array());
    let token = shell.run(&["token"]).await.ok();
    assert_eq!(token.trim().split('.').count(), 3, "a JWT: {token}");
}

#[tokio::test(flavor = "multi_thread")]
async fn login_asks_like_cpi_explorer() {
    let shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    let oauth = &serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&key).unwrap()).unwrap()["oauth"];
    let answers = format!(
        "{}\n{}\n{}\n{}\n",
        oauth["url"].as_str().unwrap(),
        oauth["clientid"].as_str().unwrap(),
        oauth["tokenurl"].as_str().unwrap(),
        oauth["clientsecret"].as_str().unwrap()
    );
    let ran = shell.run_with_input(&["login"], &answers).await;
    assert!(ran.stderr.contains("Tenant management host") && ran.stderr.contains("Client secret"), "{}", ran.stderr);
    ran.ok();
    shell.run(&["package", "list"]).await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_secret_is_an_authentication_failure() {
    let mut shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    let mut bad: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&key).unwrap()).unwrap();
    bad["oauth"]["clientsecret"] = serde_json::json!("wrong$secret");
    let bad_path = shell.work.path().join("bad.json");
    std::fs::write(&bad_path, bad.to_string()).unwrap();
    let ran = shell.run(&["login", "--service-key", bad_path.to_str().unwrap()]).await;
    assert_eq!(ran.code, 3, "exit code for authentication: {ran:?}");
    assert!(ran.stderr.contains("cannot log in"), "{}", ran.stderr);
    assert!(!shell.config.path().join("profiles.toml").exists(), "nothing is saved");

    shell.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();
    shell.env.push(("CPI_CLIENT_SECRET".into(), "wrong$secret".into()));
    let ran = shell.run(&["package", "list"]).await;
    assert_eq!(ran.code, 3, "{ran:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn pipelines_use_environment_variables_without_a_profile() {
    let mut shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    let ran = shell.run(&["package", "list"]).await;
    assert_eq!(ran.code, 1);
    assert!(ran.stderr.contains("cpi login"), "{}", ran.stderr);
    shell.env.push(("CPI_SERVICE_KEY".into(), key.to_str().unwrap().to_owned()));
    shell.run(&["package", "list"]).await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn profiles_switch_and_logout_forgets_them() {
    let shell = Shell::new().await;
    let dev = shell.key_file("dev", &["WorkspacePackagesRead"]).await;
    let qa = shell.key_file("qa", &["WorkspacePackagesRead"]).await;
    shell.run(&["login", "--service-key", dev.to_str().unwrap(), "--profile", "dev"]).await.ok();
    shell.run(&["login", "--service-key", qa.to_str().unwrap(), "--profile", "qa", "--no-default"]).await.ok();
    let listed = shell.run(&["profile", "list", "--json"]).await.json();
    assert_eq!(listed["default"], "dev");
    shell.run(&["profile", "use", "qa"]).await.ok();
    assert_eq!(shell.run(&["profile", "list", "--json"]).await.json()["default"], "qa");
    shell.run(&["package", "list", "--profile", "dev"]).await.ok();
    shell.run(&["logout", "--profile", "qa"]).await.ok();
    let listed = shell.run(&["profile", "list", "--json"]).await.json();
    assert!(listed["profiles"].get("qa").is_none());
    assert!(!shell.config.path().join("secrets").join("qa").exists());
    assert_eq!(shell.run(&["profile", "use", "nope"]).await.code, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_are_printed_for_shells() {
    let shell = Shell::new().await;
    let bash = shell.run(&["completions", "bash"]).await.ok();
    assert!(bash.contains("cpi") && bash.contains("package"), "{}", &bash[..bash.len().min(200)]);
    assert_eq!(shell.run(&["package", "frobnicate"]).await.code, 2, "usage errors exit 2");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_keyring_the_secret_goes_to_a_private_file_and_login_says_so() {
    let mut shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    let secret_file = shell.config.path().join("secrets").join("dev");

    // Asked for explicitly, a keyring that does not answer is an error and nothing is saved.
    let ran = shell
        .run(&["login", "--service-key", key.to_str().unwrap(), "--profile", "dev", "--secret-store", "keyring"])
        .await;
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(ran.stderr.contains("OS keyring") && ran.stderr.contains("--secret-store file"), "{}", ran.stderr);
    assert!(!shell.config.path().join("profiles.toml").exists());
    assert!(!shell.config.path().join("tokens").join("dev.json").exists(), "no token is kept either");

    // By default the keyring is probed (no Secret Service here) and the file is used.
    let out = shell.run(&["login", "--service-key", key.to_str().unwrap(), "--profile", "dev"]).await.ok();
    let expected =
        format!("No OS keyring available; client secret stored in {} (readable only by you).", secret_file.display());
    assert!(out.contains(&expected), "{out}");
    let profiles = std::fs::read_to_string(shell.config.path().join("profiles.toml")).unwrap();
    assert!(profiles.contains("secret_store = \"file\""), "{profiles}");
    let list = shell.run(&["profile", "list"]).await.ok();
    assert!(
        list.contains("SECRET IN") && list.lines().any(|l| l.contains("dev") && l.trim_end().ends_with("file")),
        "{list}"
    );
    assert_eq!(shell.run(&["profile", "list", "--json"]).await.json()["profiles"]["dev"]["secret_store"], "file");

    // CPI_SECRET_STORE=file asks for the file without probing.
    shell.env.push(("CPI_SECRET_STORE".into(), "file".into()));
    let out = shell.run(&["login", "--service-key", key.to_str().unwrap(), "--profile", "qa"]).await.ok();
    assert!(out.contains("Client secret stored in") && !out.contains("No OS keyring"), "{out}");
    shell.run(&["package", "list", "--profile", "qa"]).await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn profiles_saved_before_keyrings_keep_working() {
    let shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    let oauth = &serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&key).unwrap()).unwrap()["oauth"];
    let old = format!(
        "default = \"old\"\n\n[profiles.old]\nurl = \"{}\"\ntoken_url = \"{}\"\nclient_id = \"{}\"\n",
        oauth["url"].as_str().unwrap(),
        oauth["tokenurl"].as_str().unwrap(),
        oauth["clientid"].as_str().unwrap()
    );
    std::fs::create_dir_all(shell.config.path().join("secrets")).unwrap();
    std::fs::write(shell.config.path().join("profiles.toml"), old).unwrap();
    std::fs::write(shell.config.path().join("secrets").join("old"), oauth["clientsecret"].as_str().unwrap()).unwrap();
    shell.run(&["package", "list"]).await.ok();
    let list = shell.run(&["profile", "list"]).await.ok();
    assert!(list.lines().any(|l| l.contains("old") && l.trim_end().ends_with("file")), "{list}");
    let out = shell.run(&["logout"]).await.ok();
    assert!(out.contains("secrets"), "says where the secret was: {out}");
    assert!(!shell.config.path().join("secrets").join("old").exists());
}
