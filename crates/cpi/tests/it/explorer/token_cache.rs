//! Access tokens cached between commands in `<config dir>/tokens/<profile>.json`.

use serde_json::{Value, json};

use super::Shell;

/// How many tokens the server has issued (successful `POST /oauth/token` in its access log; the
/// harness's own admin tokens count too, so tests compare before and after).
async fn tokens_issued(shell: &Shell) -> usize {
    let server = shell.server.server.as_ref().unwrap();
    server.state.logs.flush().await;
    let log = std::fs::read_to_string(shell.server.dir.path().join("logs").join("http_access.log")).unwrap();
    log.lines().filter(|line| line.contains("\"POST /oauth/token") && line.contains(" HTTP/1.1\" 200 ")).count()
}

fn cache_file(shell: &Shell, profile: &str) -> std::path::PathBuf {
    shell.config.path().join("tokens").join(format!("{profile}.json"))
}

#[tokio::test(flavor = "multi_thread")]
async fn consecutive_commands_share_the_token_of_the_login() {
    let shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    let before = tokens_issued(&shell).await;
    shell.run(&["login", "--service-key", key.to_str().unwrap(), "--profile", "dev"]).await.ok();
    assert_eq!(tokens_issued(&shell).await, before + 1, "login fetches one token");
    let cache = cache_file(&shell, "dev");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&cache).unwrap().permissions().mode() & 0o777, 0o600);
    }

    shell.run(&["package", "list", "--json"]).await.json();
    let first = shell.run(&["token"]).await.ok();
    let second = shell.run(&["token"]).await.ok();
    assert_eq!(first, second, "the same token");
    let cached: Value = serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    assert_eq!(cached["access_token"], first.trim());
    assert_eq!(tokens_issued(&shell).await, before + 1, "the later commands reuse the login's token");

    shell.run(&["logout", "--profile", "dev"]).await.ok();
    assert!(!cache.exists(), "logout deletes the cached token");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_cache_is_ignored_and_replaced() {
    let shell = Shell::new().await;
    shell.login_developer().await;
    let before = tokens_issued(&shell).await;
    let cache = cache_file(&shell, "default");
    std::fs::write(&cache, "{ not json").unwrap();
    shell.run(&["package", "list"]).await.ok();
    assert_eq!(tokens_issued(&shell).await, before + 1, "a new token instead of the corrupt one");
    let cached: Value = serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    assert_eq!(cached["access_token"].as_str().unwrap().split('.').count(), 3, "a JWT again: {cached}");
    shell.run(&["package", "list"]).await.ok();
    assert_eq!(tokens_issued(&shell).await, before + 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_cached_token_is_dropped_and_a_new_one_fetched() {
    let shell = Shell::new().await;
    shell.login_developer().await;
    let before = tokens_issued(&shell).await;
    let cache = cache_file(&shell, "default");
    let mut cached: Value = serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    cached["access_token"] = json!("eyJhbGciOiJub25lIn0.e30.forged");
    std::fs::write(&cache, cached.to_string()).unwrap();

    shell.run(&["package", "list"]).await.ok();
    assert_eq!(tokens_issued(&shell).await, before + 1, "the 401 made the client fetch a new token");
    let replaced: Value = serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    assert_ne!(replaced["access_token"], cached["access_token"]);
    shell.run(&["package", "list"]).await.ok();
    assert_eq!(tokens_issued(&shell).await, before + 1, "and later commands use that one");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_stays_usable_after_its_key_is_deleted_until_it_expires() {
    // Tokens are JWTs checked by signature, as on SAP's side: deleting the key stops new tokens,
    // not the cached one; the secret no longer works once the cache is gone.
    let shell = Shell::new().await;
    let instance = shell.server.create_instance("api", "reader", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let (binding, oauth) = shell.server.create_key(&instance, "k").await;
    let key = shell.work.path().join("reader.json");
    std::fs::write(&key, json!({"oauth": oauth}).to_string()).unwrap();
    shell.run(&["login", "--service-key", key.to_str().unwrap()]).await.ok();
    let path = format!("/v1/service_bindings/{binding}");
    let (status, _) = shell.server.sm(reqwest::Method::DELETE, &path, None).await;
    assert!(status.is_success(), "{status}");

    shell.run(&["package", "list"]).await.ok();
    std::fs::remove_file(cache_file(&shell, "default")).unwrap();
    assert_eq!(shell.run(&["package", "list"]).await.code, 3, "the deleted key's secret gets no new token");
}

#[tokio::test(flavor = "multi_thread")]
async fn environment_connections_are_not_cached() {
    let mut shell = Shell::new().await;
    let key = shell.key_file("reader", &["WorkspacePackagesRead"]).await;
    shell.env.push(("CPI_SERVICE_KEY".into(), key.to_str().unwrap().to_owned()));
    let before = tokens_issued(&shell).await;
    shell.run(&["package", "list"]).await.ok();
    shell.run(&["package", "list"]).await.ok();
    assert!(!shell.config.path().join("tokens").exists());
    assert_eq!(tokens_issued(&shell).await, before + 2);
}
