//! Named connection profiles (dev, qa, prod, …) in `<config dir>/profiles.toml`, with one
//! default. Secrets never go into that file: each profile's client secret is kept in
//! `<config dir>/secrets/<profile>`, a file only its owner can read (0600 in a 0700 folder).
//! The config dir is `CPI_CONFIG_DIR`, else `$XDG_CONFIG_HOME/cpi`, else `~/.config/cpi`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// One tenant connection without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The tenant management host: the key's `url` (the API is `<url>/api/v1`).
    pub url: String,
    /// The key's `tokenurl`.
    pub token_url: String,
    /// The key's `clientid`.
    pub client_id: String,
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

/// Where profiles and secrets live.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    dir: PathBuf,
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
        ProfileStore { dir }
    }

    /// A store in a given directory.
    #[cfg(test)]
    pub fn at(dir: &Path) -> ProfileStore {
        ProfileStore { dir: dir.to_path_buf() }
    }

    /// The profiles file's path.
    pub fn file_path(&self) -> PathBuf {
        self.dir.join("profiles.toml")
    }

    /// The secret file of a profile.
    pub fn secret_path(&self, name: &str) -> PathBuf {
        self.dir.join("secrets").join(name)
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

    /// Stores a profile's secret, readable only by its owner.
    pub fn save_secret(&self, name: &str, secret: &str) -> anyhow::Result<PathBuf> {
        check_profile_name(name)?;
        let path = self.secret_path(name);
        create_private_dir(path.parent().unwrap_or(&self.dir))?;
        write_private(&path, secret.as_bytes())?;
        Ok(path)
    }

    /// A profile's secret.
    pub fn secret(&self, name: &str) -> anyhow::Result<String> {
        let path = self.secret_path(name);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!("no secret for profile '{name}' ({}); run `cpi login --profile {name}`", path.display())
        })?;
        Ok(text.trim_end_matches(['\r', '\n']).to_owned())
    }

    /// Removes a profile's secret (if any).
    pub fn remove_secret(&self, name: &str) -> anyhow::Result<()> {
        match std::fs::remove_file(self.secret_path(name)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e).context("cannot remove the secret file"),
        }
    }
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot restrict {}", dir.display()))?;
    }
    Ok(())
}

/// Writes a file that only its owner can read, through a temporary file and a rename.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let temporary = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temporary).with_context(|| format!("cannot write {}", temporary.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_round_trip_and_secrets_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::at(&dir.path().join("cfg"));
        assert_eq!(store.load().unwrap(), ProfileFile::default());
        let mut file = ProfileFile { default: Some("dev".into()), ..ProfileFile::default() };
        file.profiles.insert(
            "dev".into(),
            Profile { url: "https://t".into(), token_url: "https://t/oauth/token".into(), client_id: "sb-1".into() },
        );
        store.save(&file).unwrap();
        assert_eq!(store.load().unwrap(), file);
        let path = store.save_secret("dev", "s3cret$x").unwrap();
        assert_eq!(store.secret("dev").unwrap(), "s3cret$x");
        assert!(!std::fs::read_to_string(store.file_path()).unwrap().contains("s3cret"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        store.remove_secret("dev").unwrap();
        assert!(store.secret("dev").is_err());
    }

    #[test]
    fn profile_names_cannot_escape_the_secrets_folder() {
        for bad in ["", "../x", "a/b", ".hidden", "a b"] {
            assert!(check_profile_name(bad).is_err(), "{bad}");
        }
        check_profile_name("prod-eu10.v2").unwrap();
    }
}
