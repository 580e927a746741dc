//! The backup folder on disk: read back (for restore and diff), one artifact installed at a
//! time (written in a temporary folder, then renamed into place), and folders of packages and
//! artifacts the tenant no longer has removed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use cpi_client::tenant::ArtifactKind;

use super::archive::{ContentFiles, write_tree};
use super::layout::{ARTIFACT_FILE, BackupLayout, CONTENT_DIR, PACKAGE_FILE, is_backup, kind_of_folder};
use super::records::{ArtifactRecord, PackageRecord, read_record};

/// An artifact found in a backup folder.
#[derive(Debug, Clone)]
pub struct StoredArtifact {
    /// Its kind (from its folder).
    pub kind: ArtifactKind,
    /// `DIR/<package>/<kind>/<id>`.
    pub dir: PathBuf,
    /// Its `artifact.json` (with the package of its folder).
    pub record: ArtifactRecord,
}

/// Everything in a backup folder, sorted like the folder.
#[derive(Debug, Default)]
pub struct StoredBackup {
    /// The packages' `package.json`.
    pub packages: Vec<PackageRecord>,
    /// The artifacts of all packages.
    pub artifacts: Vec<StoredArtifact>,
}

/// An artifact a backup keeps: (package, kind folder, artifact id).
pub type KeptArtifact = (String, String, String);

/// Reads a backup folder: every `<package>/package.json` and every artifact below it.
pub fn read_backup(root: &Path) -> anyhow::Result<StoredBackup> {
    if !root.is_dir() {
        bail!("{} is not a folder", root.display());
    }
    let mut backup = StoredBackup::default();
    for (name, path) in package_dirs(root)? {
        let record: PackageRecord = read_record(&path.join(PACKAGE_FILE))?;
        if record.id != name {
            bail!("{} names package '{}', not '{name}'", path.join(PACKAGE_FILE).display(), record.id);
        }
        read_artifacts(&path, &record.id, &mut backup.artifacts)?;
        backup.packages.push(record);
    }
    if backup.packages.is_empty() && !is_backup(root) {
        bail!("{} is not a backup folder (it has no .cpi-backup and no <package>/package.json)", root.display());
    }
    Ok(backup)
}

fn read_artifacts(package_dir: &Path, package: &str, out: &mut Vec<StoredArtifact>) -> anyhow::Result<()> {
    for (kind_name, kind_dir) in sub_dirs(package_dir)? {
        let Some(kind) = kind_of_folder(&kind_name) else {
            continue;
        };
        for (id, dir) in sub_dirs(&kind_dir)? {
            let mut record: ArtifactRecord = read_record(&dir.join(ARTIFACT_FILE))?;
            if record.id != id {
                bail!("{} names artifact '{}', not '{id}'", dir.join(ARTIFACT_FILE).display(), record.id);
            }
            if !dir.join(CONTENT_DIR).is_dir() {
                bail!("{} has no {CONTENT_DIR} folder", dir.display());
            }
            record.package_id = package.to_owned();
            out.push(StoredArtifact { kind, dir, record });
        }
    }
    Ok(())
}

/// The package folders of a backup: not hidden, with a `package.json`.
fn package_dirs(root: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut dirs = sub_dirs(root)?;
    dirs.retain(|(name, path)| !name.starts_with('.') && path.join(PACKAGE_FILE).is_file());
    Ok(dirs)
}

/// The sub-folders of a folder with UTF-8 names, sorted by name.
fn sub_dirs(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if let (true, Some(name)) = (is_dir, entry.file_name().to_str()) {
            dirs.push((name.to_owned(), entry.path()));
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// Writes an artifact's `artifact.json` and files into a temporary folder, then renames it to
/// `target` (replacing an older copy): an interruption leaves either the old or the new copy.
pub fn install_artifact(
    layout: &BackupLayout,
    (kind, id): (ArtifactKind, &str),
    target: &Path,
    record: &[u8],
    files: &ContentFiles,
) -> anyhow::Result<()> {
    let temporary = layout.temp_artifact_dir(kind, id, "")?;
    let old = layout.temp_artifact_dir(kind, id, ".old")?;
    remove_if_present(&temporary)?;
    remove_if_present(&old)?;
    std::fs::create_dir_all(&temporary).with_context(|| format!("cannot create {}", temporary.display()))?;
    let record_path = temporary.join(ARTIFACT_FILE);
    std::fs::write(&record_path, record).with_context(|| format!("cannot write {}", record_path.display()))?;
    write_tree(&temporary.join(CONTENT_DIR), files)?;
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    if target.exists() {
        std::fs::rename(target, &old).with_context(|| format!("cannot move {} aside", target.display()))?;
    }
    std::fs::rename(&temporary, target).with_context(|| format!("cannot move {} into place", target.display()))?;
    remove_if_present(&old)
}

/// Removes a folder if it exists.
pub fn remove_if_present(dir: &Path) -> anyhow::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(error).with_context(|| format!("cannot remove {}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// Removes the package and artifact folders that are not kept (the tenant no longer has them,
/// or they moved); returns how many. Only folders this layout writes are touched.
pub fn prune(root: &Path, packages: &BTreeSet<String>, kept: &BTreeSet<KeptArtifact>) -> anyhow::Result<usize> {
    let mut removed = 0;
    for (package, path) in package_dirs(root)? {
        if !packages.contains(&package) {
            remove_if_present(&path)?;
            removed += 1;
            continue;
        }
        for (kind_name, kind_dir) in sub_dirs(&path)? {
            if kind_of_folder(&kind_name).is_none() {
                continue;
            }
            for (id, dir) in sub_dirs(&kind_dir)? {
                if !kept.contains(&(package.clone(), kind_name.clone(), id)) {
                    remove_if_present(&dir)?;
                    removed += 1;
                }
            }
            if std::fs::read_dir(&kind_dir).is_ok_and(|mut entries| entries.next().is_none()) {
                std::fs::remove_dir(&kind_dir).with_context(|| format!("cannot remove {}", kind_dir.display()))?;
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::client::backup::records::{record_bytes, write_if_changed};

    fn files() -> ContentFiles {
        ContentFiles::new(vec![("META-INF/MANIFEST.MF".into(), b"m".to_vec())]).unwrap()
    }

    fn package(root: &Path, id: &str) {
        let record = PackageRecord { id: id.into(), name: id.into(), ..PackageRecord::default() };
        write_if_changed(&root.join(id).join(PACKAGE_FILE), &record_bytes(&record).unwrap()).unwrap();
    }

    fn artifact(layout: &BackupLayout, package: &str, id: &str) {
        let record = ArtifactRecord { id: id.into(), package_id: package.into(), ..ArtifactRecord::default() };
        let target = layout.artifact_dir(package, ArtifactKind::IntegrationFlow, id).unwrap();
        let kind_id = (ArtifactKind::IntegrationFlow, id);
        install_artifact(layout, kind_id, &target, &record_bytes(&record).unwrap(), &files()).unwrap();
    }

    #[test]
    fn installed_artifacts_are_read_back_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let layout = BackupLayout::new(dir.path());
        package(dir.path(), "P");
        artifact(&layout, "P", "F");
        std::fs::write(dir.path().join("P/iflow/F/content/stale.txt"), "x").unwrap();
        artifact(&layout, "P", "F");
        assert!(!dir.path().join("P/iflow/F/content/stale.txt").exists(), "the old copy is replaced whole");
        let backup = read_backup(dir.path()).unwrap();
        assert_eq!(backup.packages.len(), 1);
        assert_eq!(backup.artifacts[0].record.id, "F");
        assert_eq!(backup.artifacts[0].kind, ArtifactKind::IntegrationFlow);
        assert!(std::fs::read_dir(layout.temp_dir()).unwrap().next().is_none(), "nothing left in tmp");
    }

    #[test]
    fn pruning_removes_only_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let layout = BackupLayout::new(dir.path());
        for (p, f) in [("P", "Keep"), ("P", "Gone"), ("Old", "X")] {
            package(dir.path(), p);
            artifact(&layout, p, f);
        }
        std::fs::create_dir_all(dir.path().join(".git/objects")).unwrap();
        std::fs::create_dir_all(dir.path().join("notes")).unwrap();
        let packages = BTreeSet::from(["P".to_owned()]);
        let kept = BTreeSet::from([("P".to_owned(), "iflow".to_owned(), "Keep".to_owned())]);
        assert_eq!(prune(dir.path(), &packages, &kept).unwrap(), 2);
        assert!(dir.path().join("P/iflow/Keep/artifact.json").is_file());
        assert!(!dir.path().join("P/iflow/Gone").exists() && !dir.path().join("Old").exists());
        assert!(dir.path().join(".git/objects").is_dir() && dir.path().join("notes").is_dir(), "not ours");
    }

    #[test]
    fn a_folder_that_is_no_backup_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_backup(dir.path()).unwrap_err().to_string().contains("is not a backup folder"));
        assert!(read_backup(&dir.path().join("missing")).is_err());
    }
}
