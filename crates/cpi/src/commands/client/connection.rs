//! Which tenant a client command talks to, in this order:
//!
//! 1. `CPI_SERVICE_KEY`: a service key file, or the key's JSON itself (pipelines);
//! 2. the profile named by `--profile` or `CPI_PROFILE`, else the default profile;
//!    `CPI_URL`, `CPI_TOKEN_URL`, `CPI_CLIENT_ID` and `CPI_CLIENT_SECRET` override its fields
//!    (all four together need no profile at all).
//!
//! Only a profile used as saved (no `CPI_*` override) caches its access token between commands.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::Args;

use cpi_client::{ApiClient, HttpOptions, ServiceKey, TokenSource};

use super::profiles::{Profile, ProfileStore};
use super::token_cache::FileTokenCache;

/// Options every client command takes.
#[derive(Debug, Clone, Args)]
pub struct ClientArgs {
    /// The profile to use (default: CPI_PROFILE, else the default profile).
    #[arg(long, global = true, env = "CPI_PROFILE")]
    pub profile: Option<String>,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
}

/// A resolved tenant connection.
#[derive(Debug, Clone)]
pub struct Target {
    /// The credentials.
    pub key: ServiceKey,
    /// Where they came from (for messages), e.g. `profile 'dev'`.
    pub source: String,
    /// The file its access token is cached in between commands (profiles without overrides).
    pub token_cache: Option<PathBuf>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Resolves the connection of a command.
pub fn resolve(args: &ClientArgs, store: &ProfileStore) -> anyhow::Result<Target> {
    if let Some(key) = env("CPI_SERVICE_KEY") {
        let text = if key.trim_start().starts_with('{') {
            key
        } else {
            std::fs::read_to_string(&key).with_context(|| format!("cannot read CPI_SERVICE_KEY file {key}"))?
        };
        let key = ServiceKey::from_json(&text).context("CPI_SERVICE_KEY is not a usable service key")?;
        return Ok(Target { key, source: "CPI_SERVICE_KEY".to_owned(), token_cache: None });
    }
    let overrides = [env("CPI_URL"), env("CPI_TOKEN_URL"), env("CPI_CLIENT_ID"), env("CPI_CLIENT_SECRET")];
    if let [Some(url), Some(token_url), Some(client_id), Some(secret)] = &overrides {
        let key = key_of(url, token_url, client_id, secret)?;
        let source = "CPI_URL, CPI_TOKEN_URL, CPI_CLIENT_ID, CPI_CLIENT_SECRET".to_owned();
        return Ok(Target { key, source, token_cache: None });
    }
    let file = store.load()?;
    let name = match args.profile.clone().or(file.default.clone()) {
        Some(name) => name,
        None => bail!(
            "no tenant is configured: run `cpi login` (or `cpi login --service-key key.json`), \
             or set CPI_SERVICE_KEY"
        ),
    };
    let profile: &Profile =
        file.profiles.get(&name).with_context(|| format!("there is no profile '{name}' (see `cpi profile list`)"))?;
    let secret = match &overrides[3] {
        Some(secret) => secret.clone(),
        None => store.secret(&name, profile)?,
    };
    let pick = |index: usize, value: &str| overrides[index].clone().unwrap_or_else(|| value.to_owned());
    let key = key_of(&pick(0, &profile.url), &pick(1, &profile.token_url), &pick(2, &profile.client_id), &secret)?;
    let token_cache = overrides.iter().all(Option::is_none).then(|| store.token_path(&name));
    Ok(Target { key, source: format!("profile '{name}'"), token_cache })
}

/// A service key from its four fields (validated like a key file).
pub fn key_of(url: &str, token_url: &str, client_id: &str, secret: &str) -> anyhow::Result<ServiceKey> {
    let json = serde_json::json!({
        "clientid": client_id.trim(), "clientsecret": secret, "url": normalize_url(url), "tokenurl": normalize_url(token_url),
    });
    ServiceKey::from_value(&json).map_err(Into::into)
}

/// Hosts may be typed without a scheme, as CPI Explorer accepts them.
pub fn normalize_url(text: &str) -> String {
    let trimmed = text.trim().trim_end_matches('/');
    if trimmed.contains("://") { trimmed.to_owned() } else { format!("https://{trimmed}") }
}

/// The API client of a target (sharing cached tokens with other commands where the target has a
/// token cache).
pub fn api_client(target: &Target) -> anyhow::Result<ApiClient> {
    let http = HttpOptions::default().build_client().context("cannot build the HTTP client")?;
    let mut tokens = TokenSource::for_service_key(http.clone(), &target.key);
    if let Some(path) = &target.token_cache {
        tokens = tokens.with_cache(Arc::new(token_cache_of(path.clone(), &target.key)));
    }
    Ok(ApiClient::new(http, Arc::new(tokens), target.key.api_base()))
}

/// The token cache in `path` for tokens of `key`'s client.
pub fn token_cache_of(path: PathBuf, key: &ServiceKey) -> FileTokenCache {
    FileTokenCache::new(path, &key.client_id, &key.token_url)
}
