//! The real binary with debug logs: credential values sent to it appear in no response, in no log
//! line and in no file of the data dir (in any encoding), and the database rows hold ciphertext
//! that opens, with `data.key`, to exactly the value sent.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use serde_json::{Value, json};
use uuid::Uuid;

use cpi_server::secrets::{CURRENT_KEY_ID, DataKey, DataKeyMaterial, SecretBinding};
use cpi_store::Sealed;

const USER_PASSWORD: &str = "AtRest-UserPassword-3fK9qZ7w";
const SECURE_PARAM: &str = "AtRest-SecureParam-8mT2vX5c";
const CLIENT_SECRET: &str = "AtRest-ClientSecret-6hR4nB1y";
const PARTNER_PASSWORD: &str = "AtRest-PartnerPassword-2jW7pL0e";
const SECRETS: [&str; 4] = [USER_PASSWORD, SECURE_PARAM, CLIENT_SECRET, PARTNER_PASSWORD];

/// A pipe read to its end on a thread of its own (so the server never blocks on a full pipe).
fn drain(mut pipe: impl Read + Send + 'static) -> (Arc<Mutex<Vec<u8>>>, JoinHandle<()>) {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let sink = buffer.clone();
    let handle = std::thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        while let Ok(n) = pipe.read(&mut chunk) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    (buffer, handle)
}

struct Server {
    child: Child,
    url: String,
    stdout: (Arc<Mutex<Vec<u8>>>, JoinHandle<()>),
    stderr: (Arc<Mutex<Vec<u8>>>, JoinHandle<()>),
}

fn spawn(dir: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpi"))
        .args(["serve", "--listen", "127.0.0.1:0", "--dev", "--data-dir"])
        .arg(dir)
        .env("CPI_LOG", "debug")
        .env("RUST_LOG", "debug")
        .env_remove("CPI_DATA_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        let text = String::from_utf8_lossy(&stdout.0.lock().unwrap()).into_owned();
        if let Some(rest) = text.split("cpi serve listening on ").nth(1) {
            let url = rest.split_whitespace().next().unwrap().to_owned();
            return Server { child, url, stdout, stderr };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("cpi serve did not report its address");
}

/// Every encoding a secret must not appear in: plain, hex, and base64 (standard and URL-safe) at
/// each of the three byte alignments (only the characters that depend on the secret alone).
fn forms(secret: &str) -> Vec<Vec<u8>> {
    let mut forms = vec![secret.as_bytes().to_vec(), hex(secret, false), hex(secret, true)];
    for engine in [&STANDARD, &URL_SAFE] {
        for offset in 0..3 {
            let mut shifted = vec![b'\0'; offset];
            shifted.extend_from_slice(secret.as_bytes());
            let encoded = engine.encode(&shifted);
            let start = if offset == 0 { 0 } else { 4 };
            forms.push(encoded.as_bytes()[start..encoded.len() - 4].to_vec());
        }
    }
    forms
}

fn hex(secret: &str, upper: bool) -> Vec<u8> {
    secret.bytes().map(|b| if upper { format!("{b:02X}") } else { format!("{b:02x}") }).collect::<String>().into_bytes()
}

#[track_caller]
fn assert_no_secret(what: &str, bytes: &[u8]) {
    for secret in SECRETS {
        for form in forms(secret) {
            assert!(!bytes.windows(form.len()).any(|w| w == form.as_slice()), "{what} holds a form of {secret}");
        }
    }
}

fn files_under(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files_under(&path, found) } else { found.push(path) }
    }
}

async fn token(http: &reqwest::Client, dir: &Path) -> String {
    let key: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("keys/dev-api.json")).unwrap()).unwrap();
    let oauth = &key["oauth"];
    let response = http
        .post(oauth["tokenurl"].as_str().unwrap())
        .basic_auth(oauth["clientid"].as_str().unwrap(), oauth["clientsecret"].as_str())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
}

/// Creates one of each credential, updates one, and reads everything back in JSON and Atom;
/// returns every response body.
async fn exercise(url: &str, bearer: &str) -> Vec<String> {
    let http = crate::harness::http_client();
    let api = format!("{url}/api/v1");
    let writes = [
        (
            "POST",
            "UserCredentials",
            json!({"Name": "smtp", "Kind": "default", "User": "mailer", "Password": "first"}),
            202,
        ),
        ("PUT", "UserCredentials('smtp')", json!({"Name": "smtp", "Password": USER_PASSWORD}), 202),
        ("POST", "SecureParameters", json!({"Name": "token", "SecureParam": SECURE_PARAM}), 202),
        (
            "POST",
            "OAuth2ClientCredentials",
            json!({"Name": "oauth", "TokenServiceUrl": "https://t.example", "ClientId": "c", "ClientSecret": CLIENT_SECRET}),
            202,
        ),
        (
            "POST",
            "UserCredentialParameters",
            json!({"Pid": "P1", "Id": "USER", "User": "u", "Password": PARTNER_PASSWORD}),
            201,
        ),
    ];
    let mut bodies = Vec::new();
    for (method, path, body, status) in writes {
        let request = http.request(method.parse().unwrap(), format!("{api}/{path}")).bearer_auth(bearer);
        let response = request.header("Accept", "application/json").json(&body).send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        bodies.push(response.text().await.unwrap());
    }
    let reads = [
        "UserCredentials",
        "UserCredentials('smtp')",
        "SecureParameters",
        "SecureParameters('token')",
        "OAuth2ClientCredentials",
        "OAuth2ClientCredentials('oauth')",
        "UserCredentialParameters?$filter=Pid%20eq%20'P1'",
        "UserCredentialParameters(Pid='P1',Id='USER')",
    ];
    for path in reads {
        for accept in ["application/json", "application/atom+xml"] {
            let response =
                http.get(format!("{api}/{path}")).bearer_auth(bearer).header("Accept", accept).send().await.unwrap();
            assert_eq!(response.status(), 200, "GET {path}");
            bodies.push(response.text().await.unwrap());
        }
    }
    bodies
}

fn check_rows(dir: &Path, subaccount: Uuid) {
    let material = DataKeyMaterial::from_slice(&std::fs::read(dir.join("data.key")).unwrap()).unwrap();
    let key = DataKey::new(CURRENT_KEY_ID, &material).unwrap();
    let db = rusqlite::Connection::open(dir.join("cpi.db")).unwrap();
    let rows: [(&str, &'static str, Vec<&str>, &str); 4] = [
        (
            "SELECT password_ciphertext FROM user_credentials WHERE name = 'smtp'",
            "UserCredentials",
            vec!["smtp"],
            USER_PASSWORD,
        ),
        (
            "SELECT value_ciphertext FROM secure_parameters WHERE name = 'token'",
            "SecureParameters",
            vec!["token"],
            SECURE_PARAM,
        ),
        (
            "SELECT client_secret_ciphertext FROM oauth2_client_credentials WHERE name = 'oauth'",
            "OAuth2ClientCredentials",
            vec!["oauth"],
            CLIENT_SECRET,
        ),
        (
            "SELECT password_ciphertext FROM partner_user_credentials WHERE pid = 'P1' AND id = 'USER'",
            "UserCredentialParameters",
            vec!["P1", "USER"],
            PARTNER_PASSWORD,
        ),
    ];
    for (sql, set, row_key, secret) in rows {
        let blob: Vec<u8> = db.query_row(sql, [], |row| row.get(0)).unwrap();
        assert_eq!(blob.len(), 2 + 12 + secret.len() + 16, "{set}: version, key id, nonce, ciphertext, tag");
        assert_eq!(&blob[..2], &[1, CURRENT_KEY_ID], "{set}");
        let binding = SecretBinding { subaccount, set, key: &row_key };
        assert_eq!(
            key.open(&binding, &Sealed(blob)).unwrap().expose(),
            secret,
            "{set}: the ciphertext of the value sent"
        );
    }
}

#[tokio::test]
async fn credential_values_are_in_no_response_no_log_line_and_no_file_and_are_encrypted_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = spawn(dir.path());
    let http = crate::harness::http_client();
    let bearer = token(&http, dir.path()).await;
    let bodies = exercise(&server.url, &bearer).await;
    for body in &bodies {
        assert_no_secret("a response", body.as_bytes());
    }
    let subaccount: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("admin-key.json")).unwrap()).unwrap();
    let subaccount = Uuid::parse_str(subaccount["subaccount_id"].as_str().unwrap()).unwrap();

    assert!(Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap().success());
    assert!(server.child.wait().unwrap().success(), "SIGTERM stops it cleanly");
    server.stdout.1.join().unwrap();
    server.stderr.1.join().unwrap();
    let stdout = server.stdout.0.lock().unwrap().clone();
    let stderr = server.stderr.0.lock().unwrap().clone();
    let logs = String::from_utf8_lossy(&stderr);
    assert!(logs.contains("DEBUG") && logs.contains("UserCredentials"), "debug logs were written: {logs}");
    assert_no_secret("stdout", &stdout);
    assert_no_secret("the logs", &stderr);

    let mut files = Vec::new();
    files_under(dir.path(), &mut files);
    assert!(files.iter().any(|f| f.ends_with("cpi.db")), "{files:?}");
    for file in &files {
        assert_no_secret(&file.display().to_string(), &std::fs::read(file).unwrap());
    }
    check_rows(dir.path(), subaccount);
    for file in [dir.path().join("cpi.db-wal"), dir.path().join("cpi.db")] {
        if file.exists() {
            assert_no_secret(&file.display().to_string(), &std::fs::read(&file).unwrap());
        }
    }
}
