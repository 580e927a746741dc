//! ApiClient against a real HTTP server: 401 refresh, CSRF, transient retries, error mapping.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cpi_client::http::SleepFuture;
use cpi_client::{ApiClient, ApiError, HttpOptions, RetryPolicy, Sleeper, TokenSource};
use serde_json::{Value, json};

const CSRF: &str = "csrf-abc";

#[derive(Default)]
struct Server {
    tokens_issued: AtomicU32,
    hits: Mutex<HashMap<String, u32>>,
}

impl Server {
    /// Counts a hit on `name` and returns the count so far.
    fn hit(&self, name: &str) -> u32 {
        let mut hits = self.hits.lock().unwrap();
        let count = hits.entry(name.to_owned()).or_default();
        *count += 1;
        *count
    }

    fn hits(&self, name: &str) -> u32 {
        self.hits.lock().unwrap().get(name).copied().unwrap_or(0)
    }
}

type Shared = State<Arc<Server>>;

fn bearer(headers: &HeaderMap) -> String {
    let value = headers.get(header::AUTHORIZATION).unwrap().to_str().unwrap();
    value.trim_start_matches("Bearer ").to_owned()
}

async fn issue(State(server): Shared) -> Json<Value> {
    let n = server.tokens_issued.fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({"access_token": format!("tok-{n}"), "token_type": "bearer", "expires_in": 3600}))
}

/// Rejects the first token ever issued, as if it had been revoked.
async fn revoked_first(State(server): Shared, headers: HeaderMap) -> Response {
    server.hit("revoked_first");
    match bearer(&headers).as_str() {
        "tok-1" => StatusCode::UNAUTHORIZED.into_response(),
        token => Json(json!({"token": token})).into_response(),
    }
}

async fn always_unauthorized(State(server): Shared) -> StatusCode {
    server.hit("always_unauthorized");
    StatusCode::UNAUTHORIZED
}

async fn csrf_fetch(State(server): Shared, headers: HeaderMap) -> Response {
    if headers.get("x-csrf-token").is_some_and(|v| v == "Fetch") {
        server.hit("csrf_fetch");
        let cookie = ("set-cookie", "SESSION=s1; Path=/; HttpOnly");
        return ([("x-csrf-token", CSRF), cookie], "").into_response();
    }
    StatusCode::NO_CONTENT.into_response()
}

/// A write guarded like SAP's: needs the CSRF token and the session cookie it belongs to.
async fn guarded_write(State(server): Shared, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    server.hit("guarded_write");
    let has_token = headers.get("x-csrf-token").is_some_and(|v| v == CSRF);
    let has_session =
        headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("SESSION=s1"));
    if !(has_token && has_session) {
        return (StatusCode::FORBIDDEN, [("x-csrf-token", "Required")], "").into_response();
    }
    (StatusCode::CREATED, Json(json!({"echo": body}))).into_response()
}

async fn flaky(State(server): Shared, Path(failures): Path<u32>) -> Response {
    if server.hit("flaky") <= failures {
        let body = json!({"error": "TooManyRequests", "description": "slow down"});
        return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "7")], Json(body)).into_response();
    }
    Json(json!({"ok": true})).into_response()
}

async fn patient(State(server): Shared) -> Response {
    server.hit("patient");
    (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "3600")], "").into_response()
}

async fn down(State(server): Shared) -> Response {
    server.hit("down");
    (StatusCode::BAD_GATEWAY, "bad gateway").into_response()
}

async fn missing() -> Response {
    let body = json!({"error": {"code": "Not Found", "message": {"lang": "en", "value": "no such package"}}});
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

async fn forbidden() -> Response {
    let body = json!({"error": "Forbidden", "description": "role missing"});
    (StatusCode::FORBIDDEN, Json(body)).into_response()
}

async fn spawn() -> (String, Arc<Server>) {
    let server = Arc::new(Server::default());
    let app = Router::new()
        .route("/oauth/token", post(issue))
        .route("/api/v1/", get(csrf_fetch))
        .route("/api/v1/revoked", get(revoked_first).post(revoked_first))
        .route("/api/v1/unauthorized", get(always_unauthorized))
        .route("/api/v1/guarded", post(guarded_write).put(guarded_write))
        .route("/api/v1/flaky/{failures}", get(flaky))
        .route("/api/v1/patient", get(patient))
        .route("/api/v1/down", get(down))
        .route("/api/v1/missing", get(missing))
        .route("/api/v1/empty", post(|| async { StatusCode::NO_CONTENT }))
        .route("/api/v1/forbidden", post(forbidden))
        .with_state(Arc::clone(&server));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, server)
}

/// Records requested waits instead of sleeping.
#[derive(Default)]
struct RecordingSleeper {
    waits: Mutex<Vec<Duration>>,
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.waits.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

fn client(base: &str) -> (ApiClient, Arc<RecordingSleeper>) {
    let options = HttpOptions { use_env_proxy: false, ..HttpOptions::default() };
    let http = options.build_client().unwrap();
    let tokens = TokenSource::new(http.clone(), format!("{base}/oauth/token"), "id", "secret");
    let sleeper = Arc::new(RecordingSleeper::default());
    let api = ApiClient::new(http, Arc::new(tokens), format!("{base}/api/v1"))
        .with_sleeper(Arc::clone(&sleeper) as Arc<dyn Sleeper>);
    (api, sleeper)
}

#[tokio::test]
async fn unauthorized_invalidates_the_token_and_retries_once() {
    let (base, server) = spawn().await;
    let (api, _) = client(&base);

    let body: Value = api.get_json("/revoked").await.unwrap();
    assert_eq!(body, json!({"token": "tok-2"}));
    assert_eq!(server.hits("revoked_first"), 2);
    assert_eq!(server.tokens_issued.load(Ordering::SeqCst), 2);

    // The refreshed token stays cached.
    let _: Value = api.get_json("/revoked").await.unwrap();
    assert_eq!(server.tokens_issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn persistent_unauthorized_gives_up_after_one_retry() {
    let (base, server) = spawn().await;
    let (api, _) = client(&base);

    let err = api.get_json::<Value>("/unauthorized").await.unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized), "{err:?}");
    assert_eq!(server.hits("always_unauthorized"), 2);
    assert_eq!(server.tokens_issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn csrf_required_fetches_a_token_keeps_the_session_and_retries() {
    let (base, server) = spawn().await;
    let (api, _) = client(&base);

    let created: Value = api.post_json("/guarded", &json!({"n": 1})).await.unwrap();
    assert_eq!(created, json!({"echo": {"n": 1}}));
    assert_eq!(server.hits("csrf_fetch"), 1);
    assert_eq!(server.hits("guarded_write"), 2);

    // The token and cookie are reused: no new fetch, no rejected attempt.
    let updated: Value = api.put_json("/guarded", &json!({"n": 2})).await.unwrap();
    assert_eq!(updated, json!({"echo": {"n": 2}}));
    assert_eq!(server.hits("csrf_fetch"), 1);
    assert_eq!(server.hits("guarded_write"), 3);
}

#[tokio::test]
async fn csrf_is_not_fetched_for_unauthorized_or_plain_forbidden_writes() {
    let (base, server) = spawn().await;
    let (api, _) = client(&base);

    // A 401 on a write is handled by a token refresh, not by CSRF.
    let _: Value = api.post_json("/revoked", &json!({})).await.unwrap();
    let err = api.post_json::<_, Value>("/forbidden", &json!({})).await.unwrap_err();
    assert!(matches!(&err, ApiError::Forbidden { message } if message == "role missing"), "{err:?}");
    assert_eq!(server.hits("csrf_fetch"), 0);
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let (base, server) = spawn().await;
    let (api, sleeper) = client(&base);

    let body: Value = api.get_json("/flaky/2").await.unwrap();
    assert_eq!(body, json!({"ok": true}));
    assert_eq!(server.hits("flaky"), 3);
    assert_eq!(*sleeper.waits.lock().unwrap(), vec![Duration::from_secs(7); 2]);
}

#[tokio::test]
async fn retries_stop_after_three_attempts() {
    let (base, server) = spawn().await;
    let (api, sleeper) = client(&base);

    let err = api.get_json::<Value>("/flaky/5").await.unwrap_err();
    assert!(matches!(&err, ApiError::Status { status: 429, message } if message == "slow down"), "{err:?}");
    assert_eq!(server.hits("flaky"), 3);
    assert_eq!(sleeper.waits.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn gateway_errors_back_off_exponentially() {
    let (base, server) = spawn().await;
    let (api, sleeper) = client(&base);
    let api = api.with_retry_policy(RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(5),
    });

    let err = api.get_json::<Value>("/down").await.unwrap_err();
    assert!(matches!(&err, ApiError::Server { status: 502, message } if message == "bad gateway"));
    assert_eq!(server.hits("down"), 3);
    let expected = vec![Duration::from_millis(100), Duration::from_millis(200)];
    assert_eq!(*sleeper.waits.lock().unwrap(), expected);
}

#[tokio::test]
async fn retry_after_beyond_the_limit_is_not_waited_for() {
    let (base, server) = spawn().await;
    let (api, sleeper) = client(&base);

    let err = api.get_json::<Value>("/patient").await.unwrap_err();
    assert!(matches!(err, ApiError::Server { status: 503, .. }), "{err:?}");
    assert_eq!(server.hits("patient"), 1);
    assert!(sleeper.waits.lock().unwrap().is_empty());
}

#[tokio::test]
async fn odata_errors_become_typed_errors_with_their_message() {
    let (base, _) = spawn().await;
    let (api, _) = client(&base);

    let err = api.get_json::<Value>("/missing").await.unwrap_err();
    assert!(matches!(&err, ApiError::NotFound { message } if message == "no such package"), "{err:?}");
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn empty_success_bodies_decode_as_null() {
    let (base, _) = spawn().await;
    let (api, _) = client(&base);

    let body: Value = api.post_json("/empty", &json!({})).await.unwrap();
    assert_eq!(body, Value::Null);
    let unit: () = api.post_json("/empty", &json!({})).await.unwrap();
    assert_eq!(unit, ());
}
