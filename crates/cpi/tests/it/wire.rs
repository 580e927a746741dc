//! What the client-replay tests share: a raw HTTP/1.1 client that puts the request target on the
//! wire exactly as given (reqwest's URL parser would percent-encode the quotes of `?Id='x'`, which
//! Go and curl send raw), API keys with roles, and tokens fetched the way Piper fetches them.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::harness::TestServer;

/// One response as read off the socket.
#[derive(Debug)]
pub struct Wire {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Wire {
    /// A header's value (names are case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// `http://host:port/path?query` → (`host:port`, `/path?query`).
pub fn split_url(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://").expect("the test server speaks plain http");
    match rest.find('/') {
        Some(slash) => (rest[..slash].to_owned(), rest[slash..].to_owned()),
        None => (rest.to_owned(), "/".to_owned()),
    }
}

/// Sends one request with `target` (path and query) byte for byte as given. A `body` adds a
/// `Content-Length` (Go sends `Content-Length: 0` on a POST or PUT without a body: pass `b""`).
pub async fn send(authority: &str, method: &str, target: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Wire {
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body.unwrap_or_default());
    let authority = authority.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(&authority).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        stream.write_all(&bytes).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        parse_response(&response)
    })
    .await
    .unwrap()
}

fn parse_response(raw: &[u8]) -> Wire {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status code");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked =
        headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked { dechunk(rest) } else { rest.to_vec() };
    Wire { status, headers, body }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n").expect("a chunk size line");
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).expect("a hex chunk size");
        rest = &rest[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// An `api`-plan instance with these roles and a key; returns the key's `oauth` credentials.
pub async fn api_key(server: &TestServer, name: &str, roles: &[&str]) -> Value {
    let instance = server.create_instance("api", name, json!({ "roles": roles })).await;
    server.create_key(&instance, "key").await.1
}

/// Piper's `GetBearerToken`: `POST {tokenurl}?grant_type=client_credentials` with Basic
/// credentials, `Accept: application/json` and no body.
pub async fn piper_token(key: &Value) -> String {
    let (authority, path) = split_url(key["tokenurl"].as_str().unwrap());
    let basic = basic(key["clientid"].as_str().unwrap(), key["clientsecret"].as_str().unwrap());
    let headers =
        [("User-Agent", "Go-http-client/1.1"), ("Authorization", basic.as_str()), ("Accept", "application/json")];
    let response =
        send(&authority, "POST", &format!("{path}?grant_type=client_credentials"), &headers, Some(b"")).await;
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["access_token"].as_str().unwrap().to_owned()
}

pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

pub fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Polls `probe` every 20 ms until it returns `Some`, for at most 10 s.
pub async fn poll<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `Accept: application/json`.
pub const ACCEPT_JSON: (&str, &str) = ("Accept", "application/json");
/// `Content-Type: application/json`.
pub const CONTENT_JSON: (&str, &str) = ("Content-Type", "application/json");

/// A Bearer client of `/api/v1`.
pub struct Api {
    authority: String,
    bearer: String,
}

impl Api {
    pub async fn new(server: &TestServer, instance: &str, roles: &[&str]) -> Api {
        let key = api_key(server, instance, roles).await;
        let bearer = format!("Bearer {}", piper_token(&key).await);
        Api { authority: split_url(key["url"].as_str().unwrap()).0, bearer }
    }

    pub async fn call(&self, method: &str, target: &str, headers: &[(&str, &str)], body: Option<&str>) -> Wire {
        let mut all = vec![("Authorization", self.bearer.as_str())];
        all.extend_from_slice(headers);
        send(&self.authority, method, &format!("/api/v1/{target}"), &all, body.map(str::as_bytes)).await
    }

    pub async fn get(&self, target: &str) -> Wire {
        self.call("GET", target, &[ACCEPT_JSON], None).await
    }

    pub async fn post(&self, target: &str, body: &Value) -> Wire {
        self.call("POST", target, &[ACCEPT_JSON, CONTENT_JSON], Some(&body.to_string())).await
    }
}
