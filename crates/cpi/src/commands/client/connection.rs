//! Which tenant a client command talks to, in this order:
//!
//! 1. `CPI_SERVICE_KEY`: a service key file, or the key's JSON itself (pipelines);
//! 2. the profile named by `--profile` or `CPI_PROFILE`, else the default profile;
//!    `CPI_URL`, `CPI_TOKEN_URL`, `CPI_CLIENT_ID` and `CPI_CLIENT_SECRET` override its fields
//!    (all four together need no profile at all).

use anyhow::{Context, bail};
use clap::Args;

use cpi_client::{ApiClient, HttpOptions, ServiceKey};

use super::profiles::{Profile, ProfileStore};

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
        return Ok(Target { key, source: "CPI_SERVICE_KEY".to_owned() });
    }
    let overrides = [env("CPI_URL"), env("CPI_TOKEN_URL"), env("CPI_CLIENT_ID"), env("CPI_CLIENT_SECRET")];
    if let [Some(url), Some(token_url), Some(client_id), Some(secret)] = &overrides {
        let key = key_of(url, token_url, client_id, secret)?;
        return Ok(Target { key, source: "CPI_URL, CPI_TOKEN_URL, CPI_CLIENT_ID, CPI_CLIENT_SECRET".to_owned() });
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
        None => store.secret(&name)?,
    };
    let pick = |index: usize, value: &str| overrides[index].clone().unwrap_or_else(|| value.to_owned());
    let key = key_of(&pick(0, &profile.url), &pick(1, &profile.token_url), &pick(2, &profile.client_id), &secret)?;
    Ok(Target { key, source: format!("profile '{name}'") })
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

/// The API client of a target.
pub fn api_client(target: &Target) -> anyhow::Result<ApiClient> {
    ApiClient::for_service_key(&target.key, &HttpOptions::default()).context("cannot build the HTTP client")
}
