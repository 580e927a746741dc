//! Access tokens cached between commands: `<config dir>/tokens/<profile>.json`, a 0600 file in a
//! 0700 folder, with the client id and token URL it was issued for and the time it must be
//! replaced (60 s before expiry, see [`cpi_client::token`]). A cache that is unreadable, corrupt
//! or for another client is ignored; a refused token (401) and `cpi logout` delete it.
//! Connections from `CPI_*` variables are not cached.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use cpi_client::{AccessToken, CachedToken, TokenCache};

use super::private_files::{create_private_dir, remove_if_present, write_private};

/// What the file holds.
#[derive(Serialize, Deserialize)]
struct Stored {
    client_id: String,
    token_url: String,
    access_token: String,
    token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    refresh_at: OffsetDateTime,
}

/// The token cache of one profile.
#[derive(Debug, Clone)]
pub struct FileTokenCache {
    path: PathBuf,
    client_id: String,
    token_url: String,
}

impl FileTokenCache {
    /// The cache in `path` for tokens of `client_id` from `token_url`.
    pub fn new(path: PathBuf, client_id: &str, token_url: &str) -> FileTokenCache {
        FileTokenCache { path, client_id: client_id.to_owned(), token_url: token_url.to_owned() }
    }

    fn read(&self) -> Option<Stored> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        match serde_json::from_str::<Stored>(&text) {
            Ok(stored) if stored.client_id == self.client_id && stored.token_url == self.token_url => Some(stored),
            Ok(_) => None,
            Err(error) => {
                tracing::debug!(path = %self.path.display(), %error, "ignoring an unreadable token cache");
                None
            }
        }
    }

    fn write(&self, token: &CachedToken) -> anyhow::Result<()> {
        let stored = Stored {
            client_id: self.client_id.clone(),
            token_url: self.token_url.clone(),
            access_token: token.token.access_token.clone(),
            token_type: token.token.token_type.clone(),
            scope: token.token.scope.clone(),
            refresh_at: token.refresh_at,
        };
        create_private_dir(self.path.parent().unwrap_or(Path::new(".")))?;
        write_private(&self.path, &serde_json::to_vec(&stored)?)
    }
}

impl TokenCache for FileTokenCache {
    fn load(&self) -> Option<CachedToken> {
        let stored = self.read()?;
        let token = AccessToken {
            access_token: stored.access_token,
            token_type: stored.token_type,
            expires_in: None,
            scope: stored.scope,
            jti: None,
        };
        Some(CachedToken { token, refresh_at: stored.refresh_at })
    }

    fn store(&self, token: &CachedToken) {
        if let Err(error) = self.write(token) {
            tracing::debug!(path = %self.path.display(), error = %format!("{error:#}"), "cannot cache the token");
        }
    }

    fn clear(&self) {
        if let Err(error) = remove_if_present(&self.path) {
            tracing::debug!(error = %format!("{error:#}"), "cannot remove the token cache");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn token(value: &str) -> CachedToken {
        let token = AccessToken {
            access_token: value.into(),
            token_type: "bearer".into(),
            expires_in: Some(43_200),
            scope: Some("it.read".into()),
            jti: Some("j".into()),
        };
        CachedToken { token, refresh_at: datetime!(2030-01-01 11:59 UTC) }
    }

    #[test]
    fn a_stored_token_is_loaded_by_the_next_command_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokens").join("dev.json");
        let cache = FileTokenCache::new(path.clone(), "sb-1", "https://t/oauth/token");
        assert!(cache.load().is_none());
        cache.store(&token("eyJ.a.b"));
        let loaded = FileTokenCache::new(path.clone(), "sb-1", "https://t/oauth/token").load().unwrap();
        assert_eq!(loaded.token.access_token, "eyJ.a.b");
        assert_eq!(loaded.token.scope.as_deref(), Some("it.read"));
        assert_eq!(loaded.refresh_at, datetime!(2030-01-01 11:59 UTC));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        cache.clear();
        assert!(!path.exists());
        cache.clear();
    }

    #[test]
    fn a_token_of_another_client_or_token_url_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dev.json");
        FileTokenCache::new(path.clone(), "sb-1", "https://t/oauth/token").store(&token("eyJ.a.b"));
        assert!(FileTokenCache::new(path.clone(), "sb-2", "https://t/oauth/token").load().is_none());
        assert!(FileTokenCache::new(path, "sb-1", "https://other/oauth/token").load().is_none());
    }

    #[test]
    fn a_corrupt_cache_is_ignored_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dev.json");
        let cache = FileTokenCache::new(path.clone(), "sb-1", "https://t/oauth/token");
        for garbage in ["", "{", "not json", r#"{"client_id":"sb-1"}"#, "\u{0}\u{1}"] {
            std::fs::write(&path, garbage).unwrap();
            assert!(cache.load().is_none(), "{garbage:?}");
        }
        cache.store(&token("eyJ.c.d"));
        assert_eq!(cache.load().unwrap().token.access_token, "eyJ.c.d");
    }
}
