//! Named connection profiles (dev, qa, prod, …) in `<config dir>/profiles.toml`, with one
//! default. Secrets never go into that file: each profile records the store its client secret is
//! in ([`secret_store`](super::secret_store): the OS keyring, or `<config dir>/secrets/<profile>`,
//! a file only its owner can read). Access tokens are cached in `<config dir>/tokens/`
//! ([`token_cache`](super::token_cache)). The config dir is `CPI_CONFIG_DIR`, else
//! `$XDG_CONFIG_HOME/cpi`, else `~/.config/cpi`.

use std::collections::BTreeMap;
#[cfg(test)]
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::private_files::{create_private_dir, write_private};
use super::secret_store::{FileSecrets, OsKeyring, SecretStore, StoreKind};

/// One tenant connection without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The tenant management host: the key's `url` (the API is `<url>/api/v1`).
    pub url: String,
    /// The key's `tokenurl`.
    pub token_url: String,
    /// The key's `clientid`.
    pub client_id: String,
    /// Where the client secret is kept (profiles without it predate keyrings: a file).
    #[serde(default)]
    pub secret_store: StoreKind,
}

/// The profiles file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFile {
    /// The profile used when none is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// Where profiles, their secrets and their cached tokens live.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    dir: PathBuf,
    file_secrets: FileSecrets,
    keyring: Arc<dyn SecretStore>,
}

/// Profile names: letters, digits, `.`, `_`, `-` (they name secret files).
pub fn check_profile_name(name: &str) -> anyhow::Result<()> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !name.starts_with('.');
    if !valid {
        bail!("profile name '{name}' is not valid: use up to 64 letters, digits, '.', '_' or '-'");
    }
    Ok(())
}

impl ProfileStore {
    /// The store in the configured directory.
    pub fn from_env() -> ProfileStore {
        let dir = std::env::var_os("CPI_CONFIG_DIR")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("XDG_CONFIG_HOME").map(|base| PathBuf::from(base).join("cpi")))
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config").join("cpi")))
            .unwrap_or_else(|| PathBuf::from(".cpi"));
        let keyring = OsKeyring::platform(&dir);
        ProfileStore::new(dir, Arc::new(keyring))
    }

    /// A store in `dir` with secrets kept in `keyring` for profiles that use one.
    pub fn new(dir: PathBuf, keyring: Arc<dyn SecretStore>) -> ProfileStore {
        ProfileStore { file_secrets: FileSecrets::new(dir.join("secrets")), dir, keyring }
    }

    /// A store in a given directory with a keyring in memory.
    #[cfg(test)]
    pub fn at(dir: &Path) -> ProfileStore {
        ProfileStore::new(dir.to_path_buf(), Arc::new(super::secret_store::MemoryKeyring::default()))
    }

    /// The profiles file's path.
    pub fn file_path(&self) -> PathBuf {
        self.dir.join("profiles.toml")
    }

    /// The secret store of a kind.
    pub fn secrets(&self, kind: StoreKind) -> &dyn SecretStore {
        match kind {
            StoreKind::File => &self.file_secrets,
            StoreKind::Keyring => self.keyring.as_ref(),
        }
    }

    /// The file of a profile's cached access token.
    pub fn token_path(&self, name: &str) -> PathBuf {
        self.dir.join("tokens").join(format!("{name}.json"))
    }

    /// Reads the profiles (none yet: an empty file).
    pub fn load(&self) -> anyhow::Result<ProfileFile> {
        let path = self.file_path();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                toml::from_str(&text).with_context(|| format!("{} is not a valid profiles file", path.display()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ProfileFile::default()),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Writes the profiles (atomically: a temporary file renamed over the old one).
    pub fn save(&self, file: &ProfileFile) -> anyhow::Result<()> {
        create_private_dir(&self.dir)?;
        let text = toml::to_string_pretty(file).context("cannot encode the profiles")?;
        write_private(&self.file_path(), text.as_bytes())
    }

    /// A profile's secret, from the store the profile names.
    pub fn secret(&self, name: &str, profile: &Profile) -> anyhow::Result<String> {
        let store = self.secrets(profile.secret_store);
        match store.load(name)? {
            Some(secret) => Ok(secret),
            None => {
                bail!("no secret for profile '{name}' in {}; run `cpi login --profile {name}`", store.describe(name))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(secret_store: StoreKind) -> Profile {
        Profile {
            url: "https://t".into(),
            token_url: "https://t/oauth/token".into(),
            client_id: "sb-1".into(),
            secret_store,
        }
    }

    #[test]
    fn profiles_round_trip_and_file_secrets_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::at(&dir.path().join("cfg"));
        assert_eq!(store.load().unwrap(), ProfileFile::default());
        let mut file = ProfileFile { default: Some("dev".into()), ..ProfileFile::default() };
        file.profiles.insert("dev".into(), profile(StoreKind::File));
        store.save(&file).unwrap();
        assert_eq!(store.load().unwrap(), file);
        store.secrets(StoreKind::File).save("dev", "s3cret$x").unwrap();
        assert_eq!(store.secret("dev", &file.profiles["dev"]).unwrap(), "s3cret$x");
        assert!(!std::fs::read_to_string(store.file_path()).unwrap().contains("s3cret"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = dir.path().join("cfg").join("secrets").join("dev");
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            let folder = std::fs::metadata(path.parent().unwrap()).unwrap();
            assert_eq!(folder.permissions().mode() & 0o777, 0o700);
        }
        store.secrets(StoreKind::File).remove("dev").unwrap();
        let missing = store.secret("dev", &file.profiles["dev"]).unwrap_err().to_string();
        assert!(missing.contains("cpi login --profile dev"), "{missing}");
    }

    #[test]
    fn a_profile_reads_its_secret_from_the_store_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::at(dir.path());
        store.secrets(StoreKind::Keyring).save("prod", "from-keyring").unwrap();
        store.secrets(StoreKind::File).save("prod", "from-file").unwrap();
        assert_eq!(store.secret("prod", &profile(StoreKind::Keyring)).unwrap(), "from-keyring");
        assert_eq!(store.secret("prod", &profile(StoreKind::File)).unwrap(), "from-file");
    }

    #[test]
    fn profiles_saved_before_keyrings_keep_their_file_secret() {
        let old = "default = \"dev\"\n[profiles.dev]\nurl = \"https://t\"\ntoken_url = \"https://t/oauth/token\"\nclient_id = \"sb-1\"\n";
        let file: ProfileFile = toml::from_str(old).unwrap();
        assert_eq!(file.profiles["dev"].secret_store, StoreKind::File);
        let text = toml::to_string_pretty(&ProfileFile { profiles: file.profiles, default: None }).unwrap();
        assert!(text.contains("secret_store = \"file\""), "{text}");
    }

    #[test]
    fn profile_names_cannot_escape_the_secrets_folder() {
        for bad in ["", "../x", "a/b", ".hidden", "a b"] {
            assert!(check_profile_name(bad).is_err(), "{bad}");
        }
        check_profile_name("prod-eu10.v2").unwrap();
    }
}
