//! Token caching, refresh and error reporting against a real HTTP token endpoint.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use cpi_client::{Clock, HttpOptions, TokenCache, TokenError, TokenSource};
use serde_json::json;
use time::OffsetDateTime;
use time::macros::datetime;

const START: OffsetDateTime = datetime!(2024-06-01 12:00:00 UTC);
/// base64("client:secret")
const BASIC: &str = "Basic Y2xpZW50OnNlY3JldA==";

#[derive(Default)]
struct Issuer {
    issued: AtomicU32,
    lifetime: AtomicI64,
}

async fn issue(
    State(issuer): State<Arc<Issuer>>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let authorised = headers.get(header::AUTHORIZATION).is_some_and(|v| v == BASIC);
    let grant = form.iter().any(|(k, v)| k == "grant_type" && v == "client_credentials");
    let accepts_json = headers.get(header::ACCEPT).is_some_and(|v| v == "application/json");
    if !authorised {
        let body = json!({"error": "invalid_client", "error_description": "Bad credentials"});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    if !grant || !accepts_json {
        return (StatusCode::BAD_REQUEST, "bad token request").into_response();
    }
    let n = issuer.issued.fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({
        "access_token": format!("tok-{n}"),
        "token_type": "bearer",
        "expires_in": issuer.lifetime.load(Ordering::SeqCst),
        "scope": "it-rt.read",
        "jti": format!("jti-{n}"),
    }))
    .into_response()
}

async fn spawn_issuer(lifetime: i64) -> (String, Arc<Issuer>) {
    let issuer = Arc::new(Issuer::default());
    issuer.lifetime.store(lifetime, Ordering::SeqCst);
    let app = Router::new()
        .route("/oauth/token", post(issue))
        .route("/broken", post(|| async { (StatusCode::BAD_GATEWAY, "upstream down") }))
        .route("/garbage", post(|| async { "not json" }))
        .with_state(Arc::clone(&issuer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, issuer)
}

/// A clock that only moves when told to.
fn manual_clock() -> (Arc<dyn Clock>, Arc<AtomicI64>) {
    let elapsed = Arc::new(AtomicI64::new(0));
    let seen = Arc::clone(&elapsed);
    let clock = move || START + time::Duration::seconds(seen.load(Ordering::SeqCst));
    (Arc::new(clock), elapsed)
}

fn source(token_url: String, secret: &str, clock: Arc<dyn Clock>) -> TokenSource {
    let options = HttpOptions { use_env_proxy: false, ..HttpOptions::default() };
    TokenSource::new(options.build_client().unwrap(), token_url, "client", secret).with_clock(clock)
}

#[tokio::test]
async fn caches_until_the_refresh_margin_and_then_refreshes() {
    let (base, issuer) = spawn_issuer(300).await;
    let (clock, elapsed) = manual_clock();
    let tokens = source(format!("{base}/oauth/token"), "secret", clock);

    let first = tokens.token().await.unwrap();
    assert_eq!(first.access_token, "tok-1");
    assert_eq!(first.expires_in, Some(300));
    assert_eq!(first.scope.as_deref(), Some("it-rt.read"));
    assert_eq!(first.jti.as_deref(), Some("jti-1"));

    // 300 s lifetime: margin is min(60 s, 30 s) = 30 s, so the token is kept until t = 270 s.
    elapsed.store(269, Ordering::SeqCst);
    assert_eq!(tokens.bearer().await.unwrap(), "tok-1");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 1);

    elapsed.store(270, Ordering::SeqCst);
    assert_eq!(tokens.bearer().await.unwrap(), "tok-2");
    assert_eq!(tokens.bearer().await.unwrap(), "tok-2");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn long_lived_tokens_refresh_sixty_seconds_early() {
    let (base, issuer) = spawn_issuer(43_200).await;
    let (clock, elapsed) = manual_clock();
    let tokens = source(format!("{base}/oauth/token"), "secret", clock);

    assert_eq!(tokens.bearer().await.unwrap(), "tok-1");
    elapsed.store(43_200 - 61, Ordering::SeqCst);
    assert_eq!(tokens.bearer().await.unwrap(), "tok-1");
    elapsed.store(43_200 - 60, Ordering::SeqCst);
    assert_eq!(tokens.bearer().await.unwrap(), "tok-2");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn invalidate_forces_a_new_token() {
    let (base, issuer) = spawn_issuer(3600).await;
    let (clock, _) = manual_clock();
    let tokens = source(format!("{base}/oauth/token"), "secret", clock);

    assert_eq!(tokens.bearer().await.unwrap(), "tok-1");
    tokens.invalidate().await;
    assert_eq!(tokens.bearer().await.unwrap(), "tok-2");
    assert_eq!(tokens.bearer().await.unwrap(), "tok-2");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn concurrent_callers_share_one_fetch() {
    let (base, issuer) = spawn_issuer(3600).await;
    let (clock, _) = manual_clock();
    let tokens = Arc::new(source(format!("{base}/oauth/token"), "secret", clock));
    let calls = (0..8).map(|_| {
        let tokens = Arc::clone(&tokens);
        tokio::spawn(async move { tokens.bearer().await.unwrap() })
    });
    for call in calls {
        assert_eq!(call.await.unwrap(), "tok-1");
    }
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn oauth_errors_carry_status_error_and_description() {
    let (base, _) = spawn_issuer(300).await;
    let (clock, _) = manual_clock();
    let tokens = source(format!("{base}/oauth/token"), "wrong", clock);

    let err = tokens.token().await.unwrap_err();
    let TokenError::OAuth { status, error, description, .. } = &err else {
        panic!("expected an OAuth error, got {err:?}");
    };
    assert_eq!(*status, 401);
    assert_eq!(error, "invalid_client");
    assert_eq!(description.as_deref(), Some("Bad credentials"));
    assert!(err.to_string().contains("'invalid_client': Bad credentials"), "{err}");
}

#[tokio::test]
async fn non_oauth_failures_are_reported_with_status_and_body() {
    let (base, _) = spawn_issuer(300).await;
    let (clock, _) = manual_clock();

    let err = source(format!("{base}/broken"), "secret", Arc::clone(&clock)).token().await.unwrap_err();
    assert!(matches!(&err, TokenError::Status { status: 502, body, .. } if body == "upstream down"), "{err:?}");

    let err = source(format!("{base}/garbage"), "secret", clock).token().await.unwrap_err();
    assert!(matches!(err, TokenError::InvalidResponse { .. }), "{err:?}");
}

#[tokio::test]
async fn unreachable_endpoint_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let (clock, _) = manual_clock();
    let err = source(format!("http://{addr}/oauth/token"), "secret", clock).token().await.unwrap_err();
    assert!(matches!(err, TokenError::Transport { .. }), "{err:?}");
}

/// A persistent cache in memory, as another process would see a file.
#[derive(Default)]
struct Shelf(std::sync::Mutex<Option<cpi_client::CachedToken>>);

impl TokenCache for Shelf {
    fn load(&self) -> Option<cpi_client::CachedToken> {
        self.0.lock().unwrap().clone()
    }
    fn store(&self, token: &cpi_client::CachedToken) {
        *self.0.lock().unwrap() = Some(token.clone());
    }
    fn clear(&self) {
        *self.0.lock().unwrap() = None;
    }
}

#[tokio::test]
async fn a_persistent_cache_shares_one_token_between_sources_until_the_margin() {
    let (base, issuer) = spawn_issuer(600).await;
    let (clock, elapsed) = manual_clock();
    let shelf = Arc::new(Shelf::default());
    let first = source(format!("{base}/oauth/token"), "secret", clock.clone()).with_cache(shelf.clone());
    assert_eq!(first.bearer().await.unwrap(), "tok-1");
    let kept = shelf.load_refresh_at();
    assert_eq!(kept, START + time::Duration::seconds(600 - 60), "kept until 60 s before expiry");

    // A later command (a new source) reuses it while more than the margin remains.
    elapsed.store(539, Ordering::SeqCst);
    let second = source(format!("{base}/oauth/token"), "secret", clock.clone()).with_cache(shelf.clone());
    assert_eq!(second.bearer().await.unwrap(), "tok-1");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 1);

    // Then one fetches a new token and stores it for the next.
    elapsed.store(540, Ordering::SeqCst);
    let third = source(format!("{base}/oauth/token"), "secret", clock.clone()).with_cache(shelf.clone());
    assert_eq!(third.bearer().await.unwrap(), "tok-2");
    let fourth = source(format!("{base}/oauth/token"), "secret", clock).with_cache(shelf.clone());
    assert_eq!(fourth.bearer().await.unwrap(), "tok-2");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn invalidating_a_refused_token_clears_the_persistent_cache() {
    let (base, issuer) = spawn_issuer(3600).await;
    let (clock, _) = manual_clock();
    let shelf = Arc::new(Shelf::default());
    let tokens = source(format!("{base}/oauth/token"), "secret", clock.clone()).with_cache(shelf.clone());
    assert_eq!(tokens.bearer().await.unwrap(), "tok-1");
    tokens.invalidate().await;
    assert!(shelf.0.lock().unwrap().is_none(), "a 401 drops the cached token for later commands too");
    let later = source(format!("{base}/oauth/token"), "secret", clock).with_cache(shelf.clone());
    assert_eq!(later.bearer().await.unwrap(), "tok-2");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn refresh_replaces_a_fresh_token_and_later_calls_use_the_new_one() {
    let (base, issuer) = spawn_issuer(3600).await;
    let (clock, _) = manual_clock();
    let shelf = Arc::new(Shelf::default());
    let tokens = source(format!("{base}/oauth/token"), "secret", clock).with_cache(shelf.clone());
    assert_eq!(tokens.bearer().await.unwrap(), "tok-1");
    assert_eq!(tokens.refresh().await.unwrap().access_token, "tok-2");
    assert_eq!(tokens.bearer().await.unwrap(), "tok-2");
    assert_eq!(shelf.load().unwrap().token.access_token, "tok-2", "stored for later commands too");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_that_expires_at_once_is_not_reused_by_the_next_source() {
    let (base, issuer) = spawn_issuer(0).await;
    let (clock, _) = manual_clock();
    let shelf = Arc::new(Shelf::default());
    let first = source(format!("{base}/oauth/token"), "secret", clock.clone()).with_cache(shelf.clone());
    assert_eq!(first.bearer().await.unwrap(), "tok-1");
    let second = source(format!("{base}/oauth/token"), "secret", clock).with_cache(shelf.clone());
    assert_eq!(second.bearer().await.unwrap(), "tok-2");
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2);
}

impl Shelf {
    fn load_refresh_at(&self) -> OffsetDateTime {
        self.0.lock().unwrap().as_ref().expect("a token is kept").refresh_at
    }
}
