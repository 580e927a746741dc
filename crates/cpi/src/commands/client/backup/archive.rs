//! An artifact's files: unpacked from its zip (safely, within limits), written to and read from
//! a `content/` folder, packed again deterministically, and hashed.

use std::io::{Cursor, Read, Write};
use std::path::Path;

use anyhow::{Context, bail};
use aws_lc_rs::digest;

use super::layout::normalize_entry_name;

/// Most files an artifact may hold.
const MAX_FILES: usize = 65_535;
/// Most bytes an artifact's files may hold, unpacked.
const MAX_TOTAL_BYTES: u64 = 512 << 20;
/// The manifest, which goes first in a packed zip (Java's `JarInputStream` looks for it there).
const MANIFEST: &str = "META-INF/MANIFEST.MF";

/// The files of an artifact: `/`-separated relative paths, sorted, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentFiles {
    files: Vec<(String, Vec<u8>)>,
}

impl ContentFiles {
    /// Files from (path, content) pairs; paths are normalized and must be unique.
    pub fn new(files: Vec<(String, Vec<u8>)>) -> anyhow::Result<ContentFiles> {
        let mut normalized = Vec::with_capacity(files.len());
        for (path, content) in files {
            match normalize_entry_name(&path)? {
                Some(path) => normalized.push((path, content)),
                None => bail!("'{path}' is not a file name"),
            }
        }
        normalized.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(pair) = normalized.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            bail!("the file '{}' appears twice", pair[0].0);
        }
        Ok(ContentFiles { files: normalized })
    }

    /// The files in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(path, content)| (path.as_str(), content.as_slice()))
    }

    /// The bytes of all files.
    pub fn byte_count(&self) -> u64 {
        self.files.iter().map(|(_, content)| content.len() as u64).sum()
    }

    /// SHA-256 (hex) over every path and content, in order: equal files, equal hash, whatever
    /// the zip's timestamps, order or compression.
    pub fn hash(&self) -> String {
        let mut context = digest::Context::new(&digest::SHA256);
        for (path, content) in &self.files {
            context.update(path.as_bytes());
            context.update(&[0]);
            context.update(&(content.len() as u64).to_le_bytes());
            context.update(content);
        }
        hex(context.finish().as_ref())
    }
}

/// SHA-256 of bytes, as hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, bytes).as_ref())
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The files of a zip: directory entries skipped, names normalized, unsafe names refused, at
/// most [`MAX_FILES`] files and [`MAX_TOTAL_BYTES`] (counted while decompressing).
pub fn unpack(zip: &[u8]) -> anyhow::Result<ContentFiles> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).context("the artifact is not a readable zip")?;
    if archive.len() > MAX_FILES {
        bail!("the artifact zip has more than {MAX_FILES} entries");
    }
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).context("cannot read the artifact zip")?;
        let raw_name = entry.name().to_owned();
        let Some(path) = normalize_entry_name(&raw_name)? else {
            continue;
        };
        let mut content = Vec::new();
        let budget = MAX_TOTAL_BYTES - total + 1;
        (&mut entry).take(budget).read_to_end(&mut content).with_context(|| format!("cannot unzip '{raw_name}'"))?;
        total += content.len() as u64;
        if total > MAX_TOTAL_BYTES {
            bail!("the artifact's files hold more than {MAX_TOTAL_BYTES} bytes");
        }
        files.push((path, content));
    }
    ContentFiles::new(files)
}

/// A zip of the files, byte-for-byte reproducible: the manifest first, then path order, fixed
/// 1980-01-01 timestamps, `rw-r--r--`, deflated.
pub fn pack(files: &ContentFiles) -> anyhow::Result<Vec<u8>> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let manifest_first = files.iter().filter(|(path, _)| *path == MANIFEST);
    for (path, content) in manifest_first.chain(files.iter().filter(|(path, _)| *path != MANIFEST)) {
        writer.start_file(path, options).with_context(|| format!("cannot zip '{path}'"))?;
        writer.write_all(content).with_context(|| format!("cannot zip '{path}'"))?;
    }
    Ok(writer.finish().context("cannot finish the zip")?.into_inner())
}

/// Writes the files below `dir` (which must not exist yet).
pub fn write_tree(dir: &Path, files: &ContentFiles) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // Each folder is created once (metadata calls dominate a backup's system time).
    let mut created = std::collections::HashSet::new();
    for (path, content) in files.iter() {
        let target = dir.join(path);
        if let Some(parent) = target.parent()
            && parent != dir
            && created.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, content).with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

/// Reads every file below `dir` (regular files only: a symbolic link is refused, so that a
/// restore cannot pick up files from elsewhere).
pub fn read_tree(dir: &Path) -> anyhow::Result<ContentFiles> {
    let mut files = Vec::new();
    collect_files(dir, "", &mut files)?;
    ContentFiles::new(files)
}

fn collect_files(dir: &Path, prefix: &str, files: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            bail!("{} is not a UTF-8 name", path.display());
        };
        let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        let kind = entry.file_type().with_context(|| format!("cannot read {}", path.display()))?;
        if kind.is_dir() {
            collect_files(&path, &relative, files)?;
        } else if kind.is_file() {
            let content = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            files.push((relative, content));
        } else {
            bail!("{} is not a regular file (links are not restored)", path.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn unpacked_files_are_sorted_and_pack_back_reproducibly() {
        let zip = zip_of(&[("src/b.txt", b"b"), ("META-INF/MANIFEST.MF", b"m"), ("a.txt", b"a")]);
        let files = unpack(&zip).unwrap();
        let paths: Vec<&str> = files.iter().map(|(path, _)| path).collect();
        assert_eq!(paths, ["META-INF/MANIFEST.MF", "a.txt", "src/b.txt"]);
        let packed = pack(&files).unwrap();
        assert_eq!(packed, pack(&files).unwrap(), "the same files give the same bytes");
        assert_eq!(unpack(&packed).unwrap(), files);
        let first = zip::ZipArchive::new(Cursor::new(&packed)).unwrap().name_for_index(0).unwrap().to_owned();
        assert_eq!(first, MANIFEST);
        assert_eq!(files.byte_count(), 3);
    }

    #[test]
    fn the_hash_depends_on_names_and_contents_only() {
        let one = unpack(&zip_of(&[("a", b"1"), ("b", b"2")])).unwrap();
        let other_order = unpack(&zip_of(&[("b", b"2"), ("a", b"1")])).unwrap();
        assert_eq!(one.hash(), other_order.hash());
        assert_eq!(one.hash().len(), 64);
        assert_ne!(one.hash(), unpack(&zip_of(&[("a", b"1"), ("b", b"3")])).unwrap().hash());
        assert_ne!(one.hash(), unpack(&zip_of(&[("a", b"12"), ("b", b"")])).unwrap().hash(), "lengths separate");
    }

    #[test]
    fn escaping_and_duplicate_entries_are_refused() {
        assert!(unpack(&zip_of(&[("../evil", b"x")])).is_err());
        assert!(unpack(&zip_of(&[("/etc/evil", b"x")])).is_err());
        assert!(unpack(&zip_of(&[("a/b", b"x"), ("a\\b", b"y")])).is_err());
        assert!(unpack(b"not a zip").is_err());
    }

    #[test]
    fn trees_are_written_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let files = unpack(&zip_of(&[("x/y/z.groovy", b"z"), ("a.txt", b"a"), ("x.txt", b"x")])).unwrap();
        write_tree(&dir.path().join("content"), &files).unwrap();
        assert_eq!(read_tree(&dir.path().join("content")).unwrap(), files);
    }
}
