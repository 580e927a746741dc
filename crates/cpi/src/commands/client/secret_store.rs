//! Where a profile's client secret is kept: the OS keyring (Secret Service on Linux and the BSDs,
//! the macOS Keychain, the Windows Credential Manager) where one answers, otherwise a file only
//! the user can read (`<config dir>/secrets/<profile>`, 0600 in a 0700 folder).
//!
//! `cpi login` picks the store (`--secret-store` or `CPI_SECRET_STORE`, else the keyring if a
//! probe of it answers, else the file) and records it in the profile, so later commands read the
//! secret from there. Keyring entries are named service `cpi`, user `<profile>`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::private_files::{create_private_dir, remove_if_present, write_private};

/// The keyring service name of cpi's entries.
const KEYRING_SERVICE: &str = "cpi";
/// The entry the probe looks up (it is never written).
const PROBE_USER: &str = "cpi-keyring-probe";
/// How long a keyring may take to answer the probe before it counts as absent.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a keyring may take for a real operation (it may ask the user to unlock it).
const OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// The kinds of secret stores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// A file readable only by the user (0600; profiles saved before keyrings were supported use it).
    #[default]
    File,
    /// The OS keyring.
    Keyring,
}

impl StoreKind {
    /// The name used in `profiles.toml`, `--secret-store` and listings.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreKind::File => "file",
            StoreKind::Keyring => "keyring",
        }
    }
}

/// A place for profiles' client secrets.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    /// Which kind of store this is.
    fn kind(&self) -> StoreKind;
    /// Whether the store can be used now; why not otherwise.
    fn probe(&self) -> anyhow::Result<()>;
    /// Where a profile's secret is kept, for messages (never the secret).
    fn describe(&self, profile: &str) -> String;
    /// Saves (or replaces) a profile's secret.
    fn save(&self, profile: &str, secret: &str) -> anyhow::Result<()>;
    /// A profile's secret, `None` if there is none.
    fn load(&self, profile: &str) -> anyhow::Result<Option<String>>;
    /// Removes a profile's secret; one that is not there is already removed.
    fn remove(&self, profile: &str) -> anyhow::Result<()>;
}

/// Secrets in `<dir>/<profile>`, 0600 files in a 0700 folder.
#[derive(Debug, Clone)]
pub struct FileSecrets {
    dir: PathBuf,
}

impl FileSecrets {
    /// Secrets in `dir`.
    pub fn new(dir: PathBuf) -> FileSecrets {
        FileSecrets { dir }
    }

    /// The file of a profile's secret.
    pub fn path(&self, profile: &str) -> PathBuf {
        self.dir.join(profile)
    }
}

impl SecretStore for FileSecrets {
    fn kind(&self) -> StoreKind {
        StoreKind::File
    }

    fn probe(&self) -> anyhow::Result<()> {
        Ok(())
    }

    fn describe(&self, profile: &str) -> String {
        self.path(profile).display().to_string()
    }

    fn save(&self, profile: &str, secret: &str) -> anyhow::Result<()> {
        create_private_dir(&self.dir)?;
        write_private(&self.path(profile), secret.as_bytes())
    }

    fn load(&self, profile: &str) -> anyhow::Result<Option<String>> {
        let path = self.path(profile);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text.trim_end_matches(['\r', '\n']).to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    fn remove(&self, profile: &str) -> anyhow::Result<()> {
        remove_if_present(&self.path(profile))
    }
}

/// The OS keyring through the `keyring` crate. Each call runs on its own thread (the Secret
/// Service client blocks on a runtime of its own, which must not run inside the command's) and
/// is given up after a timeout, so that a keyring that never answers cannot hang a command.
#[derive(Clone)]
pub struct OsKeyring {
    builder: Arc<keyring::credential::CredentialBuilder>,
    /// The configuration directory, part of each entry's name, so that profiles of the same
    /// name in two configuration directories (`CPI_CONFIG_DIR`) keep separate secrets.
    scope: String,
}

impl std::fmt::Debug for OsKeyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OsKeyring").field("name", &KEYRING_NAME).finish_non_exhaustive()
    }
}

/// The platform's keyring, for messages.
#[cfg(target_os = "macos")]
const KEYRING_NAME: &str = "the OS keyring (macOS Keychain)";
#[cfg(target_os = "windows")]
const KEYRING_NAME: &str = "the OS keyring (Windows Credential Manager)";
#[cfg(not(any(target_os = "macos", target_os = "windows")))]
const KEYRING_NAME: &str = "the OS keyring (Secret Service)";

impl OsKeyring {
    /// The platform's keyring, for the profiles in `config_dir`.
    pub fn platform(config_dir: &std::path::Path) -> OsKeyring {
        OsKeyring::with_builder(keyring::default::default_credential_builder(), config_dir)
    }

    /// A keyring whose entries `builder` makes (tests pass keyring's mock).
    pub fn with_builder(
        builder: Box<keyring::credential::CredentialBuilder>,
        config_dir: &std::path::Path,
    ) -> OsKeyring {
        let scope = std::path::absolute(config_dir).unwrap_or_else(|_| config_dir.to_path_buf());
        OsKeyring { builder: Arc::from(builder), scope: scope.display().to_string() }
    }

    /// The entry's user name of a profile: `dev (/home/me/.config/cpi)`.
    fn entry_user(&self, profile: &str) -> String {
        format!("{profile} ({})", self.scope)
    }

    /// Runs `job` on the entry of `user` on another thread, waiting at most `timeout`.
    fn on_entry<T: Send + 'static>(
        &self,
        user: &str,
        timeout: Duration,
        job: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
    ) -> anyhow::Result<keyring::Result<T>> {
        let (builder, user) = (Arc::clone(&self.builder), user.to_owned());
        let (answer, answered) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("cpi-keyring".into())
            .spawn(move || {
                let result = builder
                    .build(None, KEYRING_SERVICE, &user)
                    .map(keyring::Entry::new_with_credential)
                    .and_then(|entry| job(&entry));
                answer.send(result).ok();
            })
            .context("cannot start a thread for the keyring")?;
        answered.recv_timeout(timeout).map_err(|_| anyhow::anyhow!("{KEYRING_NAME} did not answer within {timeout:?}"))
    }
}

impl SecretStore for OsKeyring {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }

    fn probe(&self) -> anyhow::Result<()> {
        match self.on_entry(PROBE_USER, PROBE_TIMEOUT, |entry| entry.get_password())? {
            Ok(_) | Err(keyring::Error::NoEntry | keyring::Error::Ambiguous(_)) => Ok(()),
            Err(error) => Err(anyhow::Error::new(error).context(format!("{KEYRING_NAME} is not available"))),
        }
    }

    fn describe(&self, _profile: &str) -> String {
        KEYRING_NAME.to_owned()
    }

    fn save(&self, profile: &str, secret: &str) -> anyhow::Result<()> {
        let secret = secret.to_owned();
        self.on_entry(&self.entry_user(profile), OPERATION_TIMEOUT, move |entry| entry.set_password(&secret))?
            .with_context(|| format!("cannot save the secret of profile '{profile}' in {KEYRING_NAME}"))
    }

    fn load(&self, profile: &str) -> anyhow::Result<Option<String>> {
        match self.on_entry(&self.entry_user(profile), OPERATION_TIMEOUT, |entry| entry.get_password())? {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(anyhow::Error::new(error)
                .context(format!("cannot read the secret of profile '{profile}' from {KEYRING_NAME}"))),
        }
    }

    fn remove(&self, profile: &str) -> anyhow::Result<()> {
        match self.on_entry(&self.entry_user(profile), OPERATION_TIMEOUT, |entry| entry.delete_credential())? {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(anyhow::Error::new(error)
                .context(format!("cannot remove the secret of profile '{profile}' from {KEYRING_NAME}"))),
        }
    }
}

/// The store `cpi login` saves a secret in, and why the keyring was passed over (if it was).
#[derive(Debug)]
pub struct Choice<'a> {
    /// The store to use.
    pub store: &'a dyn SecretStore,
    /// Set when no store was requested and the keyring did not answer.
    pub keyring_unavailable: Option<anyhow::Error>,
}

/// Picks the store: the requested one (a requested keyring must answer), else the keyring if it
/// answers, else the file.
pub fn choose<'a>(
    requested: Option<StoreKind>,
    keyring: &'a dyn SecretStore,
    file: &'a dyn SecretStore,
) -> anyhow::Result<Choice<'a>> {
    match requested {
        Some(StoreKind::File) => Ok(Choice { store: file, keyring_unavailable: None }),
        Some(StoreKind::Keyring) => match keyring.probe() {
            Ok(()) => Ok(Choice { store: keyring, keyring_unavailable: None }),
            Err(error) => bail!("{error:#}; use `--secret-store file` (or CPI_SECRET_STORE=file) instead"),
        },
        None => match keyring.probe() {
            Ok(()) => Ok(Choice { store: keyring, keyring_unavailable: None }),
            Err(error) => Ok(Choice { store: file, keyring_unavailable: Some(error) }),
        },
    }
}

/// A keyring in memory, for tests of what uses a [`SecretStore`].
#[cfg(test)]
#[derive(Debug, Default)]
pub struct MemoryKeyring {
    /// Secrets by profile.
    pub entries: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
    /// When set, the keyring does not answer (as on a machine without a Secret Service).
    pub absent: bool,
}

#[cfg(test)]
impl SecretStore for MemoryKeyring {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }
    fn probe(&self) -> anyhow::Result<()> {
        if self.absent { bail!("no keyring in this test") } else { Ok(()) }
    }
    fn describe(&self, _profile: &str) -> String {
        "the test keyring".to_owned()
    }
    fn save(&self, profile: &str, secret: &str) -> anyhow::Result<()> {
        self.probe()?;
        self.entries.lock().unwrap().insert(profile.to_owned(), secret.to_owned());
        Ok(())
    }
    fn load(&self, profile: &str) -> anyhow::Result<Option<String>> {
        self.probe()?;
        Ok(self.entries.lock().unwrap().get(profile).cloned())
    }
    fn remove(&self, profile: &str) -> anyhow::Result<()> {
        self.probe()?;
        self.entries.lock().unwrap().remove(profile);
        Ok(())
    }
}

#[cfg(test)]
#[path = "secret_store_tests.rs"]
mod tests;
