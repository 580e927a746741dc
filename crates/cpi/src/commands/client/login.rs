//! `cpi login`, `cpi logout`, `cpi profile list|use`, `cpi token`.
//!
//! `cpi login` asks what CPI Explorer asks: the tenant management host (the key's `url`), the
//! client id, the token URL, then the client secret without echo; or takes `--service-key FILE`
//! (`-` for standard input). It gets a token before saving, so a wrong secret is reported at once.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};

use cpi_client::{ServiceKey, TokenSource};

use super::connection::{ClientArgs, api_client, key_of, resolve};
use super::profiles::{Profile, ProfileStore, check_profile_name};
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
    let name = args.profile.unwrap_or_else(|| "default".to_owned());
    check_profile_name(&name)?;
    let key = match &args.service_key {
        Some(path) => read_service_key(path)?,
        None => prompt_key()?,
    };
    let http = cpi_client::HttpOptions::default().build_client().context("cannot build the HTTP client")?;
    TokenSource::for_service_key(http, &key)
        .fetch()
        .await
        .map_err(cpi_client::ApiError::from)
        .with_context(|| format!("cannot log in: no token from {}", key.token_url))?;
    let mut file = store.load()?;
    file.profiles.insert(
        name.clone(),
        Profile { url: key.url.clone(), token_url: key.token_url.clone(), client_id: key.client_id.clone() },
    );
    if file.default.is_none() || !args.no_default {
        file.default = Some(name.clone());
    }
    let secret_path = store.save_secret(&name, &key.client_secret)?;
    store.save(&file)?;
    println!("Logged in to {} as {}.", key.url, key.client_id);
    println!(
        "Profile '{name}' saved in {}{}.",
        store.file_path().display(),
        if file.default.as_deref() == Some(&name) { " (the default)" } else { "" }
    );
    println!("Its client secret is in {}, readable only by you (no OS keyring is used).", secret_path.display());
    Ok(())
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

/// Runs `cpi logout`: forgets a profile and its secret.
pub fn logout(profile: Option<String>) -> anyhow::Result<()> {
    let store = ProfileStore::from_env();
    let mut file = store.load()?;
    let name = profile.or(file.default.clone()).context("no profile to log out of")?;
    if file.profiles.remove(&name).is_none() {
        anyhow::bail!("there is no profile '{name}'");
    }
    if file.default.as_deref() == Some(&name) {
        file.default = None;
    }
    store.save(&file)?;
    store.remove_secret(&name)?;
    println!("Logged out: profile '{name}' and its secret are removed.");
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
                    vec![marker.to_owned(), name.clone(), p.url.clone(), p.client_id.clone()]
                })
                .collect();
            print_table(&["", "PROFILE", "URL", "CLIENT ID"], rows);
            Ok(())
        }
        ProfileCommand::Use { name } => {
            if !file.profiles.contains_key(&name) {
                anyhow::bail!("there is no profile '{name}' (see `cpi profile list`)");
            }
            file.default = Some(name.clone());
            store.save(&file)?;
            println!("Profile '{name}' is now the default.");
            Ok(())
        }
    }
}

/// Runs `cpi token`: prints an access token for curl.
pub async fn token(args: ClientArgs) -> anyhow::Result<()> {
    let target = resolve(&args, &ProfileStore::from_env())?;
    let api = api_client(&target)?;
    let token = api.tokens().bearer().await.map_err(cpi_client::ApiError::from)?;
    println!("{token}");
    Ok(())
}
