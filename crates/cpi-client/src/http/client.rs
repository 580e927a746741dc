//! [`ApiClient`]: authenticated JSON calls with token refresh, CSRF handling and retries.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::options::HttpOptions;
use super::retry::{RetryPolicy, Sleeper, TokioSleeper, parse_retry_after};
use crate::service_key::ServiceKey;
use crate::token::TokenSource;

const CSRF_HEADER: &str = "x-csrf-token";
const REQUEST_ID_HEADER: &str = "x-request-id";
const JSON: &str = "application/json";

/// A response with a success status.
#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// What to do after an attempt.
enum Step {
    Done,
    RefreshToken,
    FetchCsrf,
    Wait(std::time::Duration),
}

#[derive(Default)]
struct Attempts {
    token_refreshed: bool,
    csrf_fetched: bool,
    transient_retries: u32,
}

/// One logical request, possibly sent several times.
struct Call<'a> {
    method: Method,
    url: String,
    body: Option<&'a [u8]>,
    accept: &'a str,
    request_id: String,
}

impl Call<'_> {
    fn is_write(&self) -> bool {
        !matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS)
    }
}

/// A JSON API client bound to a base URL and a token source.
///
/// * 401: the token is invalidated and the call retried once.
/// * 403 with `X-CSRF-Token: Required` on a write: a CSRF token is fetched with
///   `GET <base>/` + `X-CSRF-Token: Fetch` and the call retried once. The token is kept for
///   later writes; the session cookie is kept by the client's cookie store.
/// * 429/502/503/504: retried per [`RetryPolicy`], honouring `Retry-After`.
#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    tokens: Arc<TokenSource>,
    base_url: String,
    retry: RetryPolicy,
    sleeper: Arc<dyn Sleeper>,
    csrf_token: Arc<Mutex<Option<String>>>,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &self.base_url)
            .field("tokens", &self.tokens)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    /// A client for `base_url`; relative paths given to the call methods are joined to it.
    pub fn new(http: reqwest::Client, tokens: Arc<TokenSource>, base_url: impl Into<String>) -> ApiClient {
        ApiClient {
            http,
            tokens,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            retry: RetryPolicy::default(),
            sleeper: Arc::new(TokioSleeper),
            csrf_token: Arc::new(Mutex::new(None)),
        }
    }

    /// A client for the Cloud Integration API (`<url>/api/v1`) of a service key.
    pub fn for_service_key(key: &ServiceKey, options: &HttpOptions) -> Result<ApiClient, ApiError> {
        let http = options.build_client()?;
        let tokens = Arc::new(TokenSource::for_service_key(http.clone(), key));
        Ok(ApiClient::new(http, tokens, key.api_base()))
    }

    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> ApiClient {
        self.retry = retry;
        self
    }

    /// Replaces how the client waits between retries (tests pass one that does not sleep).
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> ApiClient {
        self.sleeper = sleeper;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn tokens(&self) -> &Arc<TokenSource> {
        &self.tokens
    }

    /// The absolute URL of `path` (absolute URLs pass through unchanged).
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            format!("{}/{}", self.base_url, path.trim_start_matches('/'))
        }
    }

    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call_json(Method::GET, path, None).await
    }

    /// `GET path?k=v&...` with every key and value percent-encoded.
    pub async fn get_json_query<T: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)]) -> Result<T, ApiError> {
        self.get_json(&with_query(path, query)).await
    }

    pub async fn post_json<B, T>(&self, path: &str, body: &B) -> Result<T, ApiError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        self.call_json(Method::POST, path, Some(encode(body)?)).await
    }

    pub async fn put_json<B, T>(&self, path: &str, body: &B) -> Result<T, ApiError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        self.call_json(Method::PUT, path, Some(encode(body)?)).await
    }

    pub async fn patch_json<B, T>(&self, path: &str, body: &B) -> Result<T, ApiError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        self.call_json(Method::PATCH, path, Some(encode(body)?)).await
    }

    /// `DELETE path`; any response body is ignored.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.send(Method::DELETE, path, None).await.map(drop)
    }

    async fn call_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<T, ApiError> {
        let response = self.send(method.clone(), path, body.as_deref()).await?;
        // An empty body (204, or 201/202 without content) reads as JSON `null`.
        let text: &[u8] = match response.body.iter().all(u8::is_ascii_whitespace) {
            true => b"null",
            false => &response.body,
        };
        serde_json::from_slice(text).map_err(|err| ApiError::Decode {
            method: method.to_string(),
            url: self.url(path),
            reason: err.to_string(),
        })
    }

    /// Sends a request with an optional JSON body; a non-success final status is an error.
    pub async fn send(&self, method: Method, path: &str, body: Option<&[u8]>) -> Result<ApiResponse, ApiError> {
        self.send_accepting(method, path, body, JSON).await
    }

    /// [`send`](Self::send) with another `Accept` header, e.g. for `$value` downloads of zips or
    /// text. Name `application/json` in it too, so that errors still come as JSON.
    pub async fn send_accepting(
        &self,
        method: Method,
        path: &str,
        body: Option<&[u8]>,
        accept: &str,
    ) -> Result<ApiResponse, ApiError> {
        let url = self.url(path);
        let call = Call { method, url, body, accept, request_id: uuid::Uuid::new_v4().to_string() };
        let mut attempts = Attempts::default();
        loop {
            let response = self.attempt(&call).await?;
            match self.next_step(&call, &response, &mut attempts) {
                Step::Done if response.status.is_success() => return Ok(response),
                Step::Done => return Err(ApiError::from_response(response.status, &response.body)),
                Step::RefreshToken => self.tokens.invalidate().await,
                Step::FetchCsrf => self.fetch_csrf_token().await?,
                Step::Wait(delay) => self.sleeper.sleep(delay).await,
            }
        }
    }

    fn next_step(&self, call: &Call<'_>, response: &ApiResponse, attempts: &mut Attempts) -> Step {
        let status = response.status;
        if status == StatusCode::UNAUTHORIZED && !attempts.token_refreshed {
            attempts.token_refreshed = true;
            tracing::debug!(url = %call.url, "401: refreshing the token and retrying");
            return Step::RefreshToken;
        }
        if status == StatusCode::FORBIDDEN
            && call.is_write()
            && csrf_required(&response.headers)
            && !attempts.csrf_fetched
        {
            attempts.csrf_fetched = true;
            tracing::debug!(url = %call.url, "403 CSRF token required: fetching one and retrying");
            return Step::FetchCsrf;
        }
        if RetryPolicy::is_transient(status) {
            let retry_after = response
                .headers
                .get(RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| parse_retry_after(value, self.tokens.clock().now()));
            if let Some(delay) = self.retry.delay(attempts.transient_retries + 1, retry_after) {
                attempts.transient_retries += 1;
                tracing::debug!(url = %call.url, %status, ?delay, "transient failure: retrying");
                return Step::Wait(delay);
            }
        }
        Step::Done
    }

    async fn attempt(&self, call: &Call<'_>) -> Result<ApiResponse, ApiError> {
        let bearer = self.tokens.bearer().await?;
        let mut request = self
            .http
            .request(call.method.clone(), &call.url)
            .bearer_auth(bearer)
            .header(ACCEPT, call.accept)
            .header(REQUEST_ID_HEADER, &call.request_id);
        if let Some(csrf) = self.cached_csrf_token().filter(|_| call.is_write()) {
            request = request.header(CSRF_HEADER, csrf);
        }
        if let Some(body) = call.body {
            request = request.header(CONTENT_TYPE, JSON).body(body.to_vec());
        }
        tracing::debug!(method = %call.method, url = %call.url, request_id = %call.request_id, "sending");
        let response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        Ok(ApiResponse { status, headers, body })
    }

    /// `GET <base>/` with `X-CSRF-Token: Fetch`; keeps the issued token for later writes.
    async fn fetch_csrf_token(&self) -> Result<(), ApiError> {
        let url = format!("{}/", self.base_url);
        let response = self
            .http
            .get(&url)
            .bearer_auth(self.tokens.bearer().await?)
            .header(ACCEPT, "application/json")
            .header(CSRF_HEADER, "Fetch")
            .send()
            .await?;
        let token = response
            .headers()
            .get(CSRF_HEADER)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty() && !value.eq_ignore_ascii_case("required"))
            .map(str::to_owned);
        match token {
            Some(token) => {
                *self.csrf_slot() = Some(token);
                Ok(())
            }
            None => Err(ApiError::Forbidden {
                message: format!(
                    "the server requires a CSRF token, but GET {url} (HTTP {}) did not issue one",
                    response.status().as_u16()
                ),
            }),
        }
    }

    fn cached_csrf_token(&self) -> Option<String> {
        self.csrf_slot().clone()
    }

    fn csrf_slot(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.csrf_token.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn csrf_required(headers: &HeaderMap) -> bool {
    headers
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("required"))
}

fn encode<B: Serialize + ?Sized>(body: &B) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(body).map_err(ApiError::Encode)
}

/// Appends `k=v` pairs to `path`, percent-encoding everything but RFC 3986 unreserved characters
/// (and the `$` that starts OData option names like `$filter`, which clients never encode).
pub fn with_query(path: &str, query: &[(&str, &str)]) -> String {
    let mut out = path.to_owned();
    for (index, (key, value)) in query.iter().enumerate() {
        let separator = if index == 0 && !path.contains('?') { '?' } else { '&' };
        out.push(separator);
        match key.strip_prefix('$') {
            Some(option) => {
                out.push('$');
                out.push_str(&percent_encode(option));
            }
            None => out.push_str(&percent_encode(key)),
        }
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

/// Percent-encodes every byte except RFC 3986 unreserved characters (so a space is `%20`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_field_queries() {
        assert_eq!(
            with_query("/v1/service_instances", &[("fieldQuery", "name eq 'my-api'")]),
            "/v1/service_instances?fieldQuery=name%20eq%20%27my-api%27"
        );
        assert_eq!(with_query("/x?a=1", &[("b", "ä&")]), "/x?a=1&b=%C3%A4%26");
        assert_eq!(with_query("/x", &[]), "/x");
        assert_eq!(with_query("X", &[("$top", "5"), ("a$", "$")]), "X?$top=5&a%24=%24");
    }

    #[test]
    fn joins_paths_without_double_slashes() {
        let http = reqwest::Client::new();
        let tokens = Arc::new(TokenSource::new(http.clone(), "http://t", "id", "secret"));
        let client = ApiClient::new(http, tokens, "http://host/api/v1/");
        assert_eq!(client.base_url(), "http://host/api/v1");
        assert_eq!(client.url("/IntegrationPackages"), "http://host/api/v1/IntegrationPackages");
        assert_eq!(client.url("IntegrationPackages"), "http://host/api/v1/IntegrationPackages");
        assert_eq!(client.url("https://other/x"), "https://other/x");
    }
}
