//! OAuth 2.0 client-credentials tokens, fetched on demand and cached until shortly before expiry.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::ACCEPT;
use serde::Deserialize;
use thiserror::Error;
use time::OffsetDateTime;
use tokio::sync::Mutex;

use crate::service_key::{AdminKey, ServiceKey};

/// The longest safety margin before expiry at which a cached token is replaced.
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// A source of the current time, injectable so that expiry can be tested without sleeping.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

impl<F> Clock for F
where
    F: Fn() -> OffsetDateTime + Send + Sync,
{
    fn now(&self) -> OffsetDateTime {
        self()
    }
}

/// Why a token could not be obtained.
#[derive(Debug, Error)]
pub enum TokenError {
    /// The token endpoint could not be reached or the exchange broke off.
    #[error("token request to {url} failed: {source}")]
    Transport {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    /// The token endpoint answered with an OAuth error (`error`, `error_description`).
    #[error("token endpoint {url} answered HTTP {status} with OAuth error '{error}'{}",
        description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    OAuth { url: String, status: u16, error: String, description: Option<String> },
    /// The token endpoint answered with a non-success status and no OAuth error body.
    #[error("token endpoint {url} answered HTTP {status}: {body}")]
    Status { url: String, status: u16, body: String },
    /// The token endpoint answered 2xx, but not with a usable token.
    #[error("token endpoint {url} answered with an unusable token response: {reason}")]
    InvalidResponse { url: String, reason: String },
}

/// A token response as issued by XSUAA (and by the cpi emulator).
#[derive(Clone, Deserialize)]
pub struct AccessToken {
    pub access_token: String,
    #[serde(default = "bearer")]
    pub token_type: String,
    /// Lifetime in seconds, counted from issue.
    #[serde(default)]
    pub expires_in: Option<u64>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub jti: Option<String>,
}

fn bearer() -> String {
    "bearer".to_owned()
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("jti", &self.jti)
            .finish()
    }
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// A token with the time it must be replaced.
#[derive(Debug, Clone)]
pub struct CachedToken {
    pub token: AccessToken,
    /// When the token must be replaced (expiry minus the safety margin).
    pub refresh_at: OffsetDateTime,
}

/// Where tokens outlive the process (e.g. a 0600 file per CLI profile), so that consecutive
/// commands share one token. Best effort: an implementation that cannot read answers `None`, one
/// that cannot write does nothing, and the source fetches a new token as it would without one.
pub trait TokenCache: Send + Sync {
    /// The remembered token, if there is one for this source's client (fresh or not).
    fn load(&self) -> Option<CachedToken>;
    /// Remembers a newly fetched token.
    fn store(&self, token: &CachedToken);
    /// Forgets the token (it was refused, or the user logged out).
    fn clear(&self);
}

/// Fetches client-credentials tokens and caches them until shortly before they expire.
///
/// A token is replaced when less than 60 s, or 10 % of its lifetime if that is smaller, remain.
/// A token response without `expires_in` is not cached.
pub struct TokenSource {
    http: reqwest::Client,
    token_url: String,
    client_id: String,
    client_secret: String,
    clock: Arc<dyn Clock>,
    cache: Mutex<Option<CachedToken>>,
    persisted: Option<Arc<dyn TokenCache>>,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    pub fn new(
        http: reqwest::Client,
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> TokenSource {
        TokenSource {
            http,
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            clock: Arc::new(SystemClock),
            cache: Mutex::new(None),
            persisted: None,
        }
    }

    /// A token source for the instance a service key belongs to.
    pub fn for_service_key(http: reqwest::Client, key: &ServiceKey) -> TokenSource {
        Self::new(http, &key.token_url, &key.client_id, &key.client_secret)
    }

    /// A token source for the control plane, from a Service-Manager binding.
    pub fn for_admin_key(http: reqwest::Client, key: &AdminKey) -> TokenSource {
        Self::new(http, key.token_url(), &key.client_id, &key.client_secret)
    }

    /// Replaces the clock used to decide expiry.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> TokenSource {
        self.clock = clock;
        self
    }

    /// Keeps tokens in `cache` too, so that other processes (later CLI commands) reuse them.
    pub fn with_cache(mut self, cache: Arc<dyn TokenCache>) -> TokenSource {
        self.persisted = Some(cache);
        self
    }

    pub fn token_url(&self) -> &str {
        &self.token_url
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The clock this source uses (shared with the API client for `Retry-After` dates).
    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    /// The current access token, from the cache (this process's, else the persistent one) if it
    /// is still fresh enough.
    pub async fn token(&self) -> Result<AccessToken, TokenError> {
        let mut cache = self.cache.lock().await;
        let now = self.clock.now();
        if cache.is_none() {
            *cache = self.persisted.as_ref().and_then(|persisted| persisted.load());
        }
        if let Some(cached) = cache.as_ref().filter(|cached| now < cached.refresh_at) {
            return Ok(cached.token.clone());
        }
        self.fetch_into(&mut cache, now).await
    }

    /// Fetches a new token even if the cached one is still fresh, and caches it (here and in the
    /// persistent cache): the token as the credentials stand now, which later calls then use.
    pub async fn refresh(&self) -> Result<AccessToken, TokenError> {
        let mut cache = self.cache.lock().await;
        let now = self.clock.now();
        self.fetch_into(&mut cache, now).await
    }

    /// Fetches a token and puts it in `cache` (replaced at `now` plus its lifetime less the
    /// margin) and in the persistent cache.
    async fn fetch_into(
        &self,
        cache: &mut Option<CachedToken>,
        now: OffsetDateTime,
    ) -> Result<AccessToken, TokenError> {
        let token = self.fetch().await?;
        *cache = token.expires_in.map(|lifetime| CachedToken {
            token: token.clone(),
            refresh_at: now + Duration::from_secs(lifetime) - refresh_margin(lifetime),
        });
        if let Some(persisted) = &self.persisted {
            match cache.as_ref() {
                Some(cached) => persisted.store(cached),
                None => persisted.clear(),
            }
        }
        Ok(token)
    }

    /// The current access token's value, for an `Authorization: Bearer` header.
    pub async fn bearer(&self) -> Result<String, TokenError> {
        Ok(self.token().await?.access_token)
    }

    /// Drops the cached token (here and in the persistent cache) so the next call fetches a new
    /// one (e.g. after a 401).
    pub async fn invalidate(&self) {
        let mut cache = self.cache.lock().await;
        *cache = None;
        if let Some(persisted) = &self.persisted {
            persisted.clear();
        }
    }

    /// Fetches a new token from the token endpoint, bypassing (and not filling) the cache.
    pub async fn fetch(&self) -> Result<AccessToken, TokenError> {
        tracing::debug!(token_url = %self.token_url, client_id = %self.client_id, "fetching OAuth token");
        let response = self
            .http
            .post(&self.token_url)
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .header(ACCEPT, "application/json")
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .map_err(|source| self.transport(source))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|source| self.transport(source))?;
        if !status.is_success() {
            return Err(self.rejection(status, &body));
        }
        let token: AccessToken = serde_json::from_slice(&body)
            .map_err(|err| TokenError::InvalidResponse { url: self.token_url.clone(), reason: err.to_string() })?;
        if token.access_token.is_empty() {
            return Err(TokenError::InvalidResponse {
                url: self.token_url.clone(),
                reason: "access_token is empty".to_owned(),
            });
        }
        Ok(token)
    }

    fn transport(&self, source: reqwest::Error) -> TokenError {
        TokenError::Transport { url: self.token_url.clone(), source }
    }

    fn rejection(&self, status: StatusCode, body: &[u8]) -> TokenError {
        match serde_json::from_slice::<OAuthErrorBody>(body) {
            Ok(oauth) => TokenError::OAuth {
                url: self.token_url.clone(),
                status: status.as_u16(),
                error: oauth.error,
                description: oauth.error_description,
            },
            Err(_) => TokenError::Status {
                url: self.token_url.clone(),
                status: status.as_u16(),
                body: crate::http::body_excerpt(body, status),
            },
        }
    }
}

/// How long before expiry a token of `lifetime_secs` is replaced: 60 s or 10 %, the smaller.
pub fn refresh_margin(lifetime_secs: u64) -> Duration {
    MAX_REFRESH_MARGIN.min(Duration::from_secs(lifetime_secs) / 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margin_is_sixty_seconds_for_long_lived_tokens() {
        assert_eq!(refresh_margin(43_200), Duration::from_secs(60));
        assert_eq!(refresh_margin(600), Duration::from_secs(60));
    }

    #[test]
    fn margin_is_a_tenth_for_short_lived_tokens() {
        assert_eq!(refresh_margin(300), Duration::from_secs(30));
        assert_eq!(refresh_margin(5), Duration::from_millis(500));
        assert_eq!(refresh_margin(0), Duration::ZERO);
    }

    #[test]
    fn token_response_parses_with_optional_fields_missing() {
        let token: AccessToken = serde_json::from_str(r#"{"access_token":"abc"}"#).unwrap();
        assert_eq!(token.token_type, "bearer");
        assert_eq!(token.expires_in, None);
        assert!(!format!("{token:?}").contains("abc"));
    }

    #[test]
    fn oauth_error_renders_error_and_description() {
        let err = TokenError::OAuth {
            url: "http://x/oauth/token".into(),
            status: 401,
            error: "invalid_client".into(),
            description: Some("Bad credentials".into()),
        };
        assert_eq!(
            err.to_string(),
            "token endpoint http://x/oauth/token answered HTTP 401 with OAuth error 'invalid_client': Bad credentials"
        );
    }

    #[test]
    fn closures_are_clocks() {
        let fixed = time::macros::datetime!(2024-01-01 00:00 UTC);
        let clock = move || fixed;
        assert_eq!(Clock::now(&clock), fixed);
    }
}
