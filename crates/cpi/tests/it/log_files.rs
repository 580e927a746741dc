//! SAP's LogFiles API over the server's own logs: the access log records requests (credentials
//! redacted), `LogFiles` lists and downloads the files with the usual query options,
//! `LogFileArchives` zips them, keys cannot reach outside the logs directory, and it all needs
//! MonitoringDataRead.

use std::io::{Cursor, Read};

use serde_json::Value;
use time::Duration;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;

use cpi_server::clock::Clock;

use crate::harness::TestServer;
use crate::wire::{ACCEPT_JSON, Wire, api_key, piper_token, send, split_url};

/// A gzip stream as text.
pub fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).expect("a gzip stream of text");
    text
}

/// A Bearer caller with the token it sends.
struct Caller {
    authority: String,
    token: String,
    secret: String,
}

impl Caller {
    async fn new(server: &TestServer, name: &str, roles: &[&str]) -> Caller {
        let key = api_key(server, name, roles).await;
        let token = piper_token(&key).await;
        let authority = split_url(key["url"].as_str().unwrap()).0;
        Caller { authority, token, secret: key["clientsecret"].as_str().unwrap().to_owned() }
    }

    async fn get(&self, target: &str) -> Wire {
        let bearer = format!("Bearer {}", self.token);
        let headers = [("Authorization", bearer.as_str()), ACCEPT_JSON, ("User-Agent", "log-files-test/1.0")];
        send(&self.authority, "GET", &format!("/api/v1/{target}"), &headers, None).await
    }

    async fn ok(&self, target: &str) -> Wire {
        let response = self.get(target).await;
        assert_eq!(response.status, 200, "{target}: {}", response.text());
        response
    }

    async fn results(&self, target: &str) -> Vec<Value> {
        self.ok(target).await.json()["d"]["results"].as_array().unwrap().clone()
    }
}

fn names(results: &[Value]) -> Vec<String> {
    results.iter().map(|r| r["Name"].as_str().unwrap().to_owned()).collect()
}

fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().to_owned(), content)
        })
        .collect();
    entries.sort();
    entries
}

fn error_message(response: &Wire) -> String {
    response.json()["error"]["message"]["value"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_access_log_is_listed_and_served_without_credentials() {
    let server = TestServer::start().await;
    let state = server.server.as_ref().unwrap().state.clone();
    // The binary routes tracing into the system log; here a subscriber of this (current-thread)
    // test runtime does, so the server's events reach trace.log the same way.
    let trace = state.logs.trace().clone();
    let layer = tracing_subscriber::fmt::layer().with_ansi(false).with_writer(move || trace.line_writer());
    let subscriber = tracing_subscriber::registry().with(layer.with_filter(LevelFilter::INFO));
    let _guard = tracing::subscriber::set_default(subscriber);

    let monitor = Caller::new(&server, "monitor", &["MonitoringDataRead"]).await;
    // A token request with the secret in the query, as some clients send it.
    let key = api_key(&server, "query-secret", &["MonitoringDataRead"]).await;
    let client_id = key["clientid"].as_str().unwrap().replace('|', "%7C").replace('!', "%21");
    let query_secret = key["clientsecret"].as_str().unwrap().to_owned();
    let (authority, token_path) = split_url(key["tokenurl"].as_str().unwrap());
    let target =
        format!("{token_path}?grant_type=client_credentials&client_id={client_id}&client_secret={query_secret}");
    assert_eq!(send(&authority, "POST", &target, &[], Some(b"")).await.status, 200);
    assert_eq!(monitor.get("IntegrationPackages?probe=forbidden-read").await.status, 403);

    let files = monitor.results("LogFiles").await;
    assert_eq!(names(&files), ["http_access.log", "trace.log"]);
    let access = &files[0];
    assert_eq!(access["Application"], "cpi");
    assert_eq!(access["LogFileType"], "http");
    assert_eq!(access["NodeScope"], "worker");
    assert_eq!(access["ContentType"], "application/gzip");
    assert!(access["LastModified"].as_str().unwrap().starts_with("/Date("), "{access}");
    assert!(access["Size"].as_str().unwrap().parse::<u64>().unwrap() > 0, "{access}");
    assert!(access["__metadata"]["media_src"].as_str().unwrap().ends_with("/$value"), "{access}");

    let download = monitor.ok("LogFiles(Name='http_access.log',Application='cpi')/$value").await;
    assert_eq!(download.header("Content-Type"), Some("application/gzip"));
    assert_eq!(download.header("Content-Disposition"), Some("attachment; filename=http_access.log.gz"));
    let lines = gunzip(&download.body);
    assert!(lines.contains("\"GET /api/v1/IntegrationPackages?probe=forbidden-read HTTP/1.1\" 403 "), "{lines}");
    assert!(lines.contains("\"log-files-test/1.0\""), "{lines}");
    assert!(lines.contains("&client_secret=REDACTED HTTP/1.1\" 200 "), "{lines}");
    assert!(lines.contains("\"GET /api/v1/LogFiles HTTP/1.1\" 200 "), "{lines}");
    let trace = gunzip(&monitor.ok("LogFiles(Name='trace.log',Application='cpi')/$value").await.body);
    assert!(trace.contains("forbidden"), "{trace}");

    // No file of the logs directory holds a secret or a token.
    let written = crate::process::log_files(&server.dir.path().join("logs"));
    assert_eq!(written.len(), 2, "{:?}", written.keys());
    for (name, text) in &written {
        for secret in [&monitor.secret, &monitor.token, &query_secret] {
            assert!(!text.contains(secret.as_str()), "a credential appears in {name}");
        }
    }
}

#[tokio::test]
async fn query_options_rotation_and_archives() {
    let server = TestServer::start().await;
    let monitor = Caller::new(&server, "monitor", &["MonitoringDataRead"]).await;
    monitor.ok("LogFiles").await;
    // A day later the next request rotates the access log into a dated gzip file.
    let yesterday = server.clock.now().date();
    server.clock.advance(Duration::days(1));
    // (Tokens last 12 hours: the next day needs a new one.)
    let monitor = Caller::new(&server, "monitor-today", &["MonitoringDataRead"]).await;
    monitor.ok("LogFiles?probe=today").await;
    let rotated = format!("http_access_{yesterday}.log.gz");

    let all = names(&monitor.results("LogFiles").await);
    assert!(all.contains(&rotated) && all.contains(&"http_access.log".to_owned()), "{all:?}");
    let http = names(&monitor.results("LogFiles?$filter=LogFileType%20eq%20'http'&$orderby=Name%20desc").await);
    assert_eq!(http, [rotated.clone(), "http_access.log".to_owned()]);
    let page = monitor.ok("LogFiles?$inlinecount=allpages&$top=1&$skip=1&$select=Name").await.json();
    assert_eq!(page["d"]["__count"], all.len().to_string());
    assert_eq!(names(page["d"]["results"].as_array().unwrap()), [all[1].clone()]);
    assert_eq!(monitor.ok("LogFiles/$count?$filter=endswith(Name,'.gz')").await.text(), "1");
    let old = gunzip(&monitor.ok(&format!("LogFiles(Name='{rotated}',Application='cpi')/$value")).await.body);
    assert!(old.contains("\"GET /api/v1/LogFiles HTTP/1.1\" 200 ") && !old.contains("probe=today"), "{old}");
    let entry = monitor.ok(&format!("LogFiles(Name='{rotated}',Application='cpi')")).await.json();
    assert_eq!(entry["d"]["Name"], rotated.as_str());

    let archive = monitor.ok("LogFileArchives(Scope='all',LogFileType='http',NodeScope='worker')/$value").await;
    assert_eq!(archive.header("Content-Type"), Some("application/zip"));
    let entries = zip_entries(&archive.body);
    assert_eq!(entries.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["http_access.log", rotated.as_str()]);
    assert!(String::from_utf8_lossy(&entries[0].1).contains("probe=today"));
    assert_eq!(gunzip(&entries[1].1), old);
    let latest = monitor.ok("LogFileArchives(Scope='latest',LogFileType='http',NodeScope='worker')/$value").await;
    assert_eq!(zip_entries(&latest.body).into_iter().map(|(n, _)| n).collect::<Vec<_>>(), ["http_access.log"]);
    let none =
        "LogFileArchives(Scope='all',LogFileType='http',NodeScope='worker')/$value?ModifiedAfter=2999-01-01T00:00:00Z";
    assert!(zip_entries(&monitor.ok(none).await.body).is_empty());
    let archives = monitor.results("LogFileArchives?$filter=Scope%20eq%20'latest'").await;
    assert_eq!(archives.len(), 2);
    assert!(archives.iter().all(|a| a["ContentType"] == "application/zip" && a["NodeScope"] == "worker"));
}

#[tokio::test]
async fn bad_keys_are_refused() {
    let server = TestServer::start().await;
    let monitor = Caller::new(&server, "monitor", &["MonitoringDataRead"]).await;
    for target in [
        "LogFiles(Name='../cpi.db',Application='cpi')/$value",
        "LogFiles(Name='..%2Fcredential.key',Application='cpi')/$value",
        "LogFiles(Name='%2Fetc%2Fpasswd',Application='cpi')",
        "LogFileArchives(Scope='some',LogFileType='http',NodeScope='worker')/$value",
        "LogFileArchives(Scope='all',LogFileType='audit',NodeScope='worker')/$value",
        "LogFileArchives(Scope='all',LogFileType='http',NodeScope='tmn')",
        "LogFileArchives(Scope='all',LogFileType='http',NodeScope='worker')/$value?ModifiedAfter=yesterday",
        "LogFiles(Name='trace.log')",
    ] {
        let response = monitor.get(target).await;
        assert_eq!(response.status, 400, "{target}: {}", response.text());
        assert!(!error_message(&response).is_empty(), "{target}");
    }
    for target in [
        "LogFiles(Name='cpi.db',Application='cpi')/$value",
        "LogFiles(Name='http_access.log',Application='other')/$value",
        "LogFiles(Name='trace_2020-01-01.log.gz',Application='cpi')",
        "LogFiles(Name='trace.log',Application='cpi')/Nothing",
    ] {
        assert_eq!(monitor.get(target).await.status, 404, "{target}");
    }
    let bearer = format!("Bearer {}", monitor.token);
    let delete = send(
        &monitor.authority,
        "DELETE",
        "/api/v1/LogFiles(Name='trace.log',Application='cpi')",
        &[("Authorization", bearer.as_str())],
        None,
    )
    .await;
    assert_eq!(delete.status, 405);
    assert!(server.dir.path().join("logs/http_access.log").exists());
}

#[tokio::test]
async fn log_files_need_monitoring_data_read() {
    let server = TestServer::start().await;
    let designer = Caller::new(&server, "designer", &["WorkspacePackagesEdit", "WorkspaceArtifactsDeploy"]).await;
    for target in [
        "LogFiles",
        "LogFiles/$count",
        "LogFiles(Name='http_access.log',Application='cpi')/$value",
        "LogFileArchives",
        "LogFileArchives(Scope='all',LogFileType='http',NodeScope='worker')/$value",
    ] {
        let response = designer.get(target).await;
        assert_eq!(response.status, 403, "{target}: {}", response.text());
        let message = error_message(&response);
        assert!(
            message.contains("IntegrationOperationServer.read") && message.contains("MonitoringDataRead"),
            "{message}"
        );
    }
}
