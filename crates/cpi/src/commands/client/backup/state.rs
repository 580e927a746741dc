//! `.cpi-backup/state.json`: the artifacts a backup has completed, so that a rerun (after an
//! interruption, or the next day) skips what has not changed. Written atomically (a temporary
//! file renamed over the old one); holds no timestamps of its own, so an unchanged tenant
//! leaves it byte-identical.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::records::record_bytes;

/// The version of the state file's layout.
const FORMAT: u32 = 1;

/// The completed artifacts of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupState {
    /// [`FORMAT`].
    pub format: u32,
    /// By [`artifact_key`](super::layout::artifact_key).
    pub artifacts: BTreeMap<String, StateEntry>,
}

impl Default for BackupState {
    fn default() -> BackupState {
        BackupState { format: FORMAT, artifacts: BTreeMap::new() }
    }
}

/// One completed artifact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateEntry {
    /// Its version when it was backed up.
    pub version: String,
    /// The tenant's `ModifiedAt` then (empty if the tenant gives none).
    pub modified_at: String,
    /// SHA-256 of its `artifact.json` (covers package, name, version and configurations).
    pub record_hash: String,
    /// SHA-256 of its files ([`ContentFiles::hash`](super::archive::ContentFiles::hash)).
    pub content_hash: String,
    /// The bytes of its files.
    pub bytes: u64,
}

impl BackupState {
    /// Reads the state; none yet (or an unreadable one, which only costs a full backup) is empty.
    pub fn load(path: &Path) -> BackupState {
        let Ok(bytes) = std::fs::read(path) else {
            return BackupState::default();
        };
        match serde_json::from_slice::<BackupState>(&bytes) {
            Ok(state) if state.format == FORMAT => state,
            _ => {
                eprintln!("warning: {} is unreadable; every artifact is backed up again", path.display());
                BackupState::default()
            }
        }
    }

    /// Writes the state atomically.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let bytes = record_bytes(self)?;
        if std::fs::read(path).is_ok_and(|current| current == bytes) {
            return Ok(());
        }
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, &bytes).with_context(|| format!("cannot write {}", temporary.display()))?;
        std::fs::rename(&temporary, path).with_context(|| format!("cannot replace {}", path.display()))
    }

    /// The entry of an artifact completed as described now: same `ModifiedAt` and `artifact.json`.
    pub fn current(&self, key: &str, modified_at: &str, record_hash: &str) -> Option<&StateEntry> {
        self.artifacts.get(key).filter(|entry| entry.modified_at == modified_at && entry.record_hash == record_hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(version: &str) -> StateEntry {
        StateEntry {
            version: version.into(),
            modified_at: "m".into(),
            record_hash: format!("r{version}"),
            content_hash: "c".into(),
            bytes: 3,
        }
    }

    #[test]
    fn the_state_round_trips_and_is_written_only_when_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert_eq!(BackupState::load(&path), BackupState::default());
        let mut state = BackupState::default();
        state.artifacts.insert("iflow/B".into(), entry("1"));
        state.artifacts.insert("iflow/A".into(), entry("2"));
        state.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.find("iflow/A").unwrap() < text.find("iflow/B").unwrap(), "sorted: {text}");
        assert_eq!(BackupState::load(&path), state);
        assert_eq!(state.current("iflow/A", "m", "r2"), Some(&entry("2")));
        assert_eq!(state.current("iflow/A", "m", "r1"), None, "another artifact.json");
        assert_eq!(state.current("iflow/A", "later", "r2"), None, "modified since");
        assert_eq!(state.current("iflow/C", "m", "r2"), None);
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(BackupState::load(&path), BackupState::default());
    }
}
