//! Where things live in a backup folder, and which names may become paths:
//!
//! ```text
//! DIR/.cpi-backup/state.json                        completed artifacts (resuming, skipping)
//! DIR/.cpi-backup/tmp/                              artifacts being written (removed at the end)
//! DIR/<package id>/package.json                     the package's fields
//! DIR/<package id>/<kind>/<artifact id>/artifact.json
//! DIR/<package id>/<kind>/<artifact id>/content/…   the artifact zip's files
//! ```
//!
//! `<kind>` is `iflow`, `value-mapping`, `message-mapping` or `script-collection`. Ids and zip
//! entry names are checked before they become paths: no separators, no `..`, nothing absolute.

use std::path::{Path, PathBuf};

use anyhow::bail;
use cpi_client::tenant::ArtifactKind;

/// The folder that marks a backup and holds its bookkeeping.
pub const STATE_DIR: &str = ".cpi-backup";
/// The file of completed artifacts, in [`STATE_DIR`].
pub const STATE_FILE: &str = "state.json";
/// The package's fields, in its folder.
pub const PACKAGE_FILE: &str = "package.json";
/// The artifact's fields, in its folder.
pub const ARTIFACT_FILE: &str = "artifact.json";
/// The unpacked zip, in the artifact's folder.
pub const CONTENT_DIR: &str = "content";

/// The folder name of an artifact kind.
pub fn kind_folder(kind: ArtifactKind) -> &'static str {
    match kind {
        ArtifactKind::IntegrationFlow => "iflow",
        ArtifactKind::ValueMapping => "value-mapping",
        ArtifactKind::MessageMapping => "message-mapping",
        ArtifactKind::ScriptCollection => "script-collection",
    }
}

/// The kind of a folder name written by [`kind_folder`].
pub fn kind_of_folder(name: &str) -> Option<ArtifactKind> {
    ArtifactKind::ALL.into_iter().find(|kind| kind_folder(*kind) == name)
}

/// The key of an artifact in the state and in messages: `iflow/Order_In`.
pub fn artifact_key(kind: ArtifactKind, id: &str) -> String {
    format!("{}/{id}", kind_folder(kind))
}

/// Whether `path` is a folder written by `cpi backup`: it has [`STATE_DIR`], or (a clone of a
/// repository that leaves the state out) a `<package>/package.json`.
pub fn is_backup(path: &Path) -> bool {
    let has_package = |entry: std::fs::DirEntry| {
        !entry.file_name().to_string_lossy().starts_with('.') && entry.path().join(PACKAGE_FILE).is_file()
    };
    path.join(STATE_DIR).is_dir() || std::fs::read_dir(path).is_ok_and(|entries| entries.flatten().any(has_package))
}

/// Checks that an id can be one path segment: not empty, not starting with `.` (which also
/// keeps `.`, `..` and [`STATE_DIR`] out), no separators, control characters or characters
/// Windows forbids in names.
pub fn check_segment<'a>(id: &'a str, what: &str) -> anyhow::Result<&'a str> {
    let forbidden = |c: char| c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
    if id.is_empty() || id.starts_with('.') || id.chars().any(forbidden) {
        bail!("the {what} id '{}' cannot be used as a folder name", id.escape_debug());
    }
    Ok(id)
}

/// Normalizes a zip entry name to a relative `/`-separated path: `None` for directory entries;
/// an error for absolute names, drive letters, NUL and `..` segments (`/` and `\` both separate).
pub fn normalize_entry_name(raw: &str) -> anyhow::Result<Option<String>> {
    let unified = raw.replace('\\', "/");
    let has_drive = unified.as_bytes().get(1) == Some(&b':');
    if unified.starts_with('/') || has_drive || unified.contains('\0') {
        bail!("the zip entry '{}' is an absolute path", raw.escape_debug());
    }
    let mut segments = Vec::new();
    for segment in unified.split('/') {
        match segment {
            ".." => bail!("the zip entry '{}' leaves its folder (..)", raw.escape_debug()),
            "" | "." => {}
            other => segments.push(other),
        }
    }
    if unified.ends_with('/') || segments.is_empty() {
        return Ok(None);
    }
    Ok(Some(segments.join("/")))
}

/// The paths of one backup folder.
#[derive(Debug, Clone)]
pub struct BackupLayout {
    root: PathBuf,
}

impl BackupLayout {
    /// The layout of a backup in `root`.
    pub fn new(root: &Path) -> BackupLayout {
        BackupLayout { root: root.to_path_buf() }
    }

    /// The backup folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `DIR/.cpi-backup/state.json`.
    pub fn state_file(&self) -> PathBuf {
        self.root.join(STATE_DIR).join(STATE_FILE)
    }

    /// `DIR/.cpi-backup/tmp`: artifacts being written.
    pub fn temp_dir(&self) -> PathBuf {
        self.root.join(STATE_DIR).join("tmp")
    }

    /// `DIR/<package>`.
    pub fn package_dir(&self, package: &str) -> anyhow::Result<PathBuf> {
        Ok(self.root.join(check_segment(package, "package")?))
    }

    /// `DIR/<package>/<kind>/<artifact>`.
    pub fn artifact_dir(&self, package: &str, kind: ArtifactKind, id: &str) -> anyhow::Result<PathBuf> {
        Ok(self.package_dir(package)?.join(kind_folder(kind)).join(check_segment(id, "artifact")?))
    }

    /// A folder in [`temp_dir`](Self::temp_dir) for writing one artifact (`<kind>-<id>`, plus
    /// `suffix`).
    pub fn temp_artifact_dir(&self, kind: ArtifactKind, id: &str, suffix: &str) -> anyhow::Result<PathBuf> {
        let id = check_segment(id, "artifact")?;
        Ok(self.temp_dir().join(format!("{}-{id}{suffix}", kind_folder(kind))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_folders_that_read_back() {
        for kind in ArtifactKind::ALL {
            assert_eq!(kind_of_folder(kind_folder(kind)), Some(kind));
        }
        assert_eq!(kind_of_folder("content"), None);
        assert_eq!(artifact_key(ArtifactKind::ValueMapping, "Codes"), "value-mapping/Codes");
    }

    #[test]
    fn ids_that_are_not_one_segment_are_refused() {
        for bad in ["", ".", "..", ".cpi-backup", "a/b", "a\\b", "C:x", "a\0b", "a\nb", "a?b"] {
            assert!(check_segment(bad, "artifact").is_err(), "{bad:?}");
        }
        for good in ["Order_In", "com.sap.flow-1", "Name with spaces", "a.b."] {
            assert_eq!(check_segment(good, "artifact").unwrap(), good);
        }
        let layout = BackupLayout::new(Path::new("/b"));
        assert_eq!(layout.artifact_dir("P", ArtifactKind::IntegrationFlow, "F").unwrap(), Path::new("/b/P/iflow/F"));
        assert!(layout.artifact_dir("..", ArtifactKind::IntegrationFlow, "F").is_err());
        assert!(layout.artifact_dir("P", ArtifactKind::IntegrationFlow, "../F").is_err());
        assert_eq!(layout.state_file(), Path::new("/b/.cpi-backup/state.json"));
    }

    #[test]
    fn a_backup_is_known_by_its_state_or_a_package() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!is_backup(dir.path()));
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".git").join(PACKAGE_FILE), "{}").unwrap();
        assert!(!is_backup(dir.path()), "hidden folders are no packages");
        std::fs::create_dir_all(dir.path().join("P")).unwrap();
        std::fs::write(dir.path().join("P").join(PACKAGE_FILE), "{}").unwrap();
        assert!(is_backup(dir.path()), "a clone without the state");
        assert!(is_backup(&dir.path().join("..").join(dir.path().file_name().unwrap())));
        std::fs::remove_dir_all(dir.path().join("P")).unwrap();
        std::fs::create_dir_all(dir.path().join(STATE_DIR)).unwrap();
        assert!(is_backup(dir.path()));
    }

    #[test]
    fn entry_names_are_normalized_and_escapes_refused() {
        assert_eq!(normalize_entry_name("META-INF/MANIFEST.MF").unwrap().as_deref(), Some("META-INF/MANIFEST.MF"));
        assert_eq!(normalize_entry_name("./a//b\\c.groovy").unwrap().as_deref(), Some("a/b/c.groovy"));
        assert_eq!(normalize_entry_name("src/main/").unwrap(), None);
        for bad in ["../x", "a/../../x", "/etc/passwd", "\\x", "C:/x", "c:x", "a\0"] {
            assert!(normalize_entry_name(bad).is_err(), "{bad:?}");
        }
    }
}
