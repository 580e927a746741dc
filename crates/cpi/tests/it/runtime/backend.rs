//! A small receiver system on port 0 that the flows' Request-Reply steps call over real HTTP.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine;
use serde_json::json;

/// One request the backend received.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
}

#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<Received>>>);

/// The running backend.
pub struct Backend {
    pub address: SocketAddr,
    log: Log,
}

impl Backend {
    pub async fn start() -> Backend {
        let log = Log::default();
        let app = Router::new().route("/{*path}", any(handle)).with_state(log.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Backend { address, log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub fn received(&self) -> Vec<Received> {
        self.log.0.lock().unwrap().clone()
    }
}

/// `/echo/...` answers 200 with what it got as JSON (and `X-Backend: echo`); `/status/<code>`
/// answers that code with a text body; `/secured` wants Basic `svc:s3cret`.
async fn handle(
    State(log): State<Log>,
    Path(path): Path<String>,
    RawQuery(query): RawQuery,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    log.0.lock().unwrap().push(Received { headers: headers.clone() });
    if let Some(code) = path.strip_prefix("status/") {
        let status = StatusCode::from_u16(code.parse().unwrap_or(500)).unwrap();
        return (status, format!("backend answered {code}")).into_response();
    }
    if path == "secured" {
        let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("svc:s3cret"));
        if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
            return (StatusCode::UNAUTHORIZED, "who are you?").into_response();
        }
    }
    let echoed = json!({
        "method": method.as_str(),
        "path": format!("/{path}"),
        "query": query,
        "body": String::from_utf8_lossy(&body),
    });
    ([("content-type", "application/json"), ("x-backend", "echo")], echoed.to_string()).into_response()
}
