//! `cpi login`, `cpi logout`, `cpi profile list|use`, `cpi token`.
//!
//! `cpi login` asks what CPI Explorer asks: the tenant management host (the key's `url`), the
//! client id, the token URL, then the client secret without echo; or takes `--service-key FILE`
//! (`-` for standard input). It gets a token before saving, so a wrong secret is reported at once;
//! that token is cached for the commands that follow. The secret goes to the OS keyring where one
//! answers, else to a file only the user can read ([`secret_store`](super::secret_store)).

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand};

use cpi_client::{ServiceKey, TokenCache, TokenSource};

use super::connection::{ClientArgs, api_client, key_of, resolve, token_cache_of};
use super::private_files::remove_if_present;
use super::profiles::{Profile, ProfileStore, check_profile_name};
use super::secret_store::{Choice, StoreKind, choose};
use crate::commands::output::{print_json, print_table};

/// Options of `cpi login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The profile to save (default: "default").
    #[arg(long, env = "CPI_PROFILE")]
    profile: Option<String>,
    /// A service key file (SAP's `{"oauth":…}`, cf's `{"credentials":…}` or the bare object), `-` for stdin.
    #[arg(long)]
    service_key: Option<PathBuf>,
    /// Do not make this profile the default (the first profile always becomes the default).
    #[arg(long)]
    no_default: bool,
    /// Where to keep the client secret (default: the OS keyring if one answers, else a file).
    #[arg(long, env = "CPI_SECRET_STORE", value_enum)]
    secret_store: Option<StoreKind>,
}

/// `cpi profile …`.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// List the saved profiles.
    List {
        #[command(flatten)]
        args: ClientArgs,
    },
    /// Make a profile the default.
    Use {
        /// The profile.
        name: String,
    },
}

/// Runs `cpi login`.
pub async fn login(args: LoginArgs) -> anyhow::Result<()> {
    let store = ProfileStore::from_env();
    let name = args.profile.clone().unwrap_or_else(|| "default".to_owned());
    check_profile_name(&name)?;
    let key = match &args.service_key {
        Some(path) => read_service_key(path)?,
        None => prompt_key()?,
    };
    // A new login never reuses a token cached for an earlier one; its own token is cached.
    let http = cpi_client::HttpOptions::default().build_client().context("cannot build the HTTP client")?;
    let cache = Arc::new(token_cache_of(store.token_path(&name), &key));
    cache.clear();
    TokenSource::for_service_key(http, &key)
        .with_cache(cache.clone())
        .token()
        .await
        .map_err(cpi_client::ApiError::from)
        .with_context(|| format!("cannot log in: no token from {}", key.token_url))?;
    let choice = choose(args.secret_store, store.secrets(StoreKind::Keyring), store.secrets(StoreKind::File))
        .inspect_err(|_| cache.clear())?;
    let is_default = save_profile(&store, &name, &key, &choice, args.no_default).inspect_err(|_| cache.clear())?;
    outln!("Logged in to {} as {}.", key.url, key.client_id);
    outln!(
        "Profile '{name}' saved in {}{}.",
        store.file_path().display(),
        if is_default { " (the default)" } else { "" }
    );
    let place = choice.store.describe(&name);
    match (choice.store.kind(), &choice.keyring_unavailable) {
        (StoreKind::Keyring, _) => outln!("Client secret stored in {place}."),
        (StoreKind::File, Some(reason)) => {
            tracing::debug!(reason = %format!("{reason:#}"), "no OS keyring");
            outln!("No OS keyring available; client secret stored in {place} (readable only by you).");
        }
        (StoreKind::File, None) => outln!("Client secret stored in {place} (readable only by you)."),
    }
    Ok(())
}

/// Saves the secret in the chosen store and the profile; removes a secret the profile kept in
/// another store before. Returns whether the profile is the default.
fn save_profile(
    store: &ProfileStore,
    name: &str,
    key: &ServiceKey,
    choice: &Choice<'_>,
    no_default: bool,
) -> anyhow::Result<bool> {
    let mut file = store.load()?;
    choice.store.save(name, &key.client_secret)?;
    let profile = Profile {
        url: key.url.clone(),
        token_url: key.token_url.clone(),
        client_id: key.client_id.clone(),
        secret_store: choice.store.kind(),
    };
    let previous = file.profiles.insert(name.to_owned(), profile);
    if file.default.is_none() || !no_default {
        file.default = Some(name.to_owned());
    }
    store.save(&file)?;
    if let Some(old) = previous.filter(|old| old.secret_store != choice.store.kind()) {
        let old_store = store.secrets(old.secret_store);
        if let Err(error) = old_store.remove(name) {
            eprintln!("warning: the old secret in {} is still there: {error:#}", old_store.describe(name));
        }
    }
    Ok(file.default.as_deref() == Some(name))
}

fn read_service_key(path: &std::path::Path) -> anyhow::Result<ServiceKey> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("cannot read the service key from stdin")?
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    ServiceKey::from_json(&text).with_context(|| format!("{} is not a usable service key", path.display()))
}

/// Asks like CPI Explorer. The secret is read without echo from a terminal, or as a line from a
/// pipe (scripts).
fn prompt_key() -> anyhow::Result<ServiceKey> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut ask = |question: &str| -> anyhow::Result<String> {
        eprint!("{question}: ");
        std::io::stderr().flush().ok();
        let line = lines.next().context("no answer on stdin")?.context("cannot read stdin")?;
        Ok(line.trim().to_owned())
    };
    let url = ask("Tenant management host (the service key's url)")?;
    let client_id = ask("Client ID")?;
    let token_url = ask("Token URL")?;
    let secret = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Client secret: ").context("cannot read the secret")?
    } else {
        ask("Client secret")?
    };
    key_of(&url, &token_url, &client_id, &secret)
}

/// Runs `cpi logout`: forgets a profile, its secret (wherever it is kept) and its cached token.
pub fn logout(profile: Option<String>) -> anyhow::Result<()> {
    let store = ProfileStore::from_env();
    let mut file = store.load()?;
    let name = profile.or(file.default.clone()).context("no profile to log out of")?;
    let Some(saved) = file.profiles.get(&name) else {
        anyhow::bail!("there is no profile '{name}'");
    };
    let secrets = store.secrets(saved.secret_store);
    let place = secrets.describe(&name);
    secrets.remove(&name).context("the profile is kept; try again once the secret can be removed")?;
    file.profiles.remove(&name);
    if file.default.as_deref() == Some(&name) {
        file.default = None;
    }
    store.save(&file)?;
    remove_if_present(&store.token_path(&name))?;
    outln!("Logged out: profile '{name}' is removed, with its secret from {place} and its cached token.");
    Ok(())
}

/// Runs `cpi profile …`.
pub fn profile(command: ProfileCommand) -> anyhow::Result<()> {
    let store = ProfileStore::from_env();
    let mut file = store.load()?;
    match command {
        ProfileCommand::List { args } => {
            if args.json {
                return print_json(&serde_json::to_value(&file)?);
            }
            let rows = file
                .profiles
                .iter()
                .map(|(name, p)| {
                    let marker = if file.default.as_deref() == Some(name) { "*" } else { "" };
                    let secret = p.secret_store.as_str().to_owned();
                    vec![marker.to_owned(), name.clone(), p.url.clone(), p.client_id.clone(), secret]
                })
                .collect();
            print_table(&["", "PROFILE", "URL", "CLIENT ID", "SECRET IN"], rows);
            Ok(())
        }
        ProfileCommand::Use { name } => {
            if !file.profiles.contains_key(&name) {
                anyhow::bail!("there is no profile '{name}' (see `cpi profile list`)");
            }
            file.default = Some(name.clone());
            store.save(&file)?;
            outln!("Profile '{name}' is now the default.");
            Ok(())
        }
    }
}

/// Runs `cpi token`: prints an access token for curl.
pub async fn token(args: ClientArgs) -> anyhow::Result<()> {
    let target = resolve(&args, &ProfileStore::from_env())?;
    let api = api_client(&target)?;
    let token = api.tokens().bearer().await.map_err(cpi_client::ApiError::from)?;
    outln!("{token}");
    Ok(())
}
