//! The real binary: `cpi serve --listen 127.0.0.1:0 --dev` logs its bound address, writes the dev
//! keys, serves them, keeps secrets and tokens out of its logs, and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

type Collected = std::thread::JoinHandle<std::io::Result<String>>;

/// Starts `cpi serve`; returns it, its URL, and the threads collecting its stderr and the rest
/// of its stdout. Stderr is read from the start: at debug level the server writes more than a
/// pipe holds before it listens, and a full pipe would block its logging (and so its start and
/// shutdown).
fn spawn_serve(dir: &std::path::Path) -> (Child, String, Collected, Collected) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpi"))
        .args(["--log-format", "json", "serve", "--listen", "127.0.0.1:0", "--dev", "--data-dir"])
        .arg(dir)
        .env("CPI_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let drained = std::thread::spawn(move || {
        let mut logs = String::new();
        stderr.read_to_string(&mut logs).map(|_| logs)
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let started = Instant::now();
    let mut line = String::new();
    while started.elapsed() < Duration::from_secs(30) {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(rest) = line.strip_prefix("cpi serve listening on ") {
            let url = rest.split_whitespace().next().unwrap().to_owned();
            let printed = std::thread::spawn(move || {
                let mut rest = String::new();
                stdout.read_to_string(&mut rest).map(|_| rest)
            });
            return (child, url, drained, printed);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("cpi serve did not report its address");
}

fn read_key(dir: &std::path::Path, name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("keys").join(format!("{name}.json"))).unwrap()).unwrap()
}

#[tokio::test]
async fn serve_dev_keys_work_secrets_stay_out_of_logs_and_sigterm_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url, drained, printed) = spawn_serve(dir.path());
    let http = crate::harness::http_client();
    assert_eq!(http.get(format!("{url}/healthz")).send().await.unwrap().status(), 200);
    let api = read_key(dir.path(), "dev-api");
    let (id, secret) = (api["oauth"]["clientid"].as_str().unwrap(), api["oauth"]["clientsecret"].as_str().unwrap());
    let query_url = format!(
        "{url}/oauth/token?grant_type=client_credentials&client_id={}&client_secret={secret}",
        id.replace('|', "%7C").replace('!', "%21")
    );
    let response = http.post(query_url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let token = response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
    let packages = http.get(format!("{url}/api/v1/IntegrationPackages")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(packages.status(), 200);
    let bad = http
        .post(format!("{url}/oauth/token"))
        .basic_auth(id, Some("wrong$secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let iflow = read_key(dir.path(), "dev-iflow");
    assert!(iflow["oauth"]["clientid"].as_str().unwrap().contains("|it-rt-local!b"));
    let (flow_id, flow_secret) =
        (iflow["oauth"]["clientid"].as_str().unwrap(), iflow["oauth"]["clientsecret"].as_str());
    let routed = http
        .post(format!("{url}/http/orders/route"))
        .basic_auth(flow_id, flow_secret)
        .header("type", "ORDER")
        .body(r#"{"order":"42"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(routed.status(), 200, "the seed flow printed with --dev answers the integration-flow key");
    assert_eq!(routed.text().await.unwrap(), r#"{"accepted":true,"order":{"order":"42"}}"#);

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "SIGTERM ends cpi serve cleanly: {status}");
    let logs = drained.join().unwrap().unwrap();
    let printed = printed.join().unwrap().unwrap();
    assert!(printed.contains(&format!("curl -s -u '{flow_id}:")), "{printed}");
    assert!(printed.contains(&format!("'{url}/http/orders/route'")), "{printed}");
    assert!(logs.contains("cpi serve listening"), "{logs}");
    assert!(logs.contains(url.trim_start_matches("http://")), "the bound address is logged");
    assert!(logs.contains("shutting down"));
    for line in logs.lines() {
        let record: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(record["level"].is_string() && record["fields"].is_object(), "{line}");
    }
    for (label, secret_text) in [
        ("client secret", secret),
        ("access token", token.as_str()),
        ("wrong secret", "wrong$secret"),
        ("flow secret", flow_secret.unwrap()),
    ] {
        assert!(!logs.contains(secret_text), "the {label} appears in the logs");
    }
    let admin: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("admin-key.json")).unwrap()).unwrap();
    assert!(!logs.contains(admin["clientsecret"].as_str().unwrap()));
    let cockpit_password = printed
        .lines()
        .find_map(|l| l.trim().strip_prefix("password of admin: "))
        .unwrap_or_else(|| panic!("the cockpit's password is printed on first start: {printed}"))
        .to_owned();
    assert!(printed.contains(&format!("cockpit: {url}/cockpit/ (user admin)")), "{printed}");
    assert!(!logs.contains(&cockpit_password), "the cockpit's password appears in the logs");

    // The same holds for the log files in the data dir: the system log has the tracing output,
    // the access log every request, with the query's client_secret redacted.
    let files = log_files(&dir.path().join("logs"));
    let trace = &files["trace.log"];
    assert!(trace.contains("cpi serve listening") && trace.contains("shutting down"), "{trace}");
    let access = &files["http_access.log"];
    assert!(access.contains("\"GET /healthz HTTP/1.1\" 200 "), "{access}");
    assert!(access.contains("&client_secret=REDACTED HTTP/1.1\" 200 "), "{access}");
    assert!(access.contains("\"GET /api/v1/IntegrationPackages HTTP/1.1\" 200 "), "{access}");
    for (name, text) in &files {
        for secret_text in
            [secret, token.as_str(), "wrong$secret", admin["clientsecret"].as_str().unwrap(), flow_secret.unwrap()]
        {
            assert!(!text.contains(secret_text), "a secret appears in {name}");
        }
        assert!(!text.contains(&cockpit_password), "the cockpit's password appears in {name}");
    }

    // Printed once: a restart on the same data dir names the cockpit but not the password.
    let (mut again, _, _, printed_again) = spawn_serve(dir.path());
    Command::new("kill").args(["-TERM", &again.id().to_string()]).status().unwrap();
    again.wait().unwrap();
    let printed_again = printed_again.join().unwrap().unwrap();
    assert!(printed_again.contains("(user admin)") && !printed_again.contains("password of admin"), "{printed_again}");
}

/// Every file of the logs dir by name, gzip files decompressed.
pub fn log_files(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let mut files = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let bytes = std::fs::read(entry.path()).unwrap();
        let text =
            if name.ends_with(".gz") { crate::log_files::gunzip(&bytes) } else { String::from_utf8(bytes).unwrap() };
        files.insert(name, text);
    }
    files
}

#[test]
fn data_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let server = crate::harness::TestServer::start().await;
        for name in ["cpi.db", "credential.key", "admin-key.json"] {
            let mode = std::fs::metadata(server.dir.path().join(name)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name}");
        }
        assert_eq!(server.http.get(server.url("/healthz")).send().await.unwrap().status(), 200);
        server.server.as_ref().unwrap().state.logs.flush().await;
        let logs = server.dir.path().join("logs");
        assert_eq!(std::fs::metadata(&logs).unwrap().permissions().mode() & 0o777, 0o700);
        let mode = std::fs::metadata(logs.join("http_access.log")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "http_access.log");
    });
    drop(dir);
}
