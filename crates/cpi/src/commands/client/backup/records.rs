//! `package.json` and `artifact.json`: the fields of a package and of an artifact that say what
//! it is, in a fixed key order, without the dates and users that change without a real change.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use cpi_client::tenant::{Artifact, Configuration, NewPackage, Package};

/// `package.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PackageRecord {
    pub id: String,
    pub name: String,
    pub short_text: String,
    pub description: String,
    pub version: String,
    pub vendor: String,
    pub mode: String,
    pub supported_platform: String,
}

impl PackageRecord {
    /// The record of a tenant's package.
    pub fn of(package: &Package) -> PackageRecord {
        PackageRecord {
            id: package.id.clone(),
            name: package.name.clone(),
            short_text: package.short_text.clone(),
            description: package.description.clone(),
            version: package.version.clone(),
            vendor: package.vendor.clone(),
            mode: package.mode.clone(),
            supported_platform: package.supported_platform.clone(),
        }
    }

    /// The body that creates the package again.
    pub fn new_package(&self) -> NewPackage {
        NewPackage {
            id: self.id.clone(),
            name: self.name.clone(),
            short_text: self.short_text.clone(),
            description: self.description.clone(),
        }
    }
}

/// `artifact.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ArtifactRecord {
    pub id: String,
    pub name: String,
    pub version: String,
    pub package_id: String,
    pub description: String,
    pub sender: String,
    pub receiver: String,
    /// Externalized parameters: key → value, sorted by key.
    pub configurations: BTreeMap<String, String>,
}

impl ArtifactRecord {
    /// The record of a tenant's artifact, in `package`, with its configurations.
    pub fn of(artifact: &Artifact, package: &str, configurations: BTreeMap<String, String>) -> ArtifactRecord {
        ArtifactRecord {
            id: artifact.id.clone(),
            name: artifact.name.clone(),
            version: artifact.version.clone(),
            package_id: package.to_owned(),
            description: artifact.description.clone(),
            sender: artifact.sender.clone(),
            receiver: artifact.receiver.clone(),
            configurations,
        }
    }
}

/// Configurations as a key → value map.
pub fn configuration_map(configurations: &[Configuration]) -> BTreeMap<String, String> {
    configurations.iter().map(|c| (c.parameter_key.clone(), c.parameter_value.clone())).collect()
}

/// The file bytes of a record: pretty JSON (two spaces) and a final newline.
pub fn record_bytes<T: Serialize>(record: &T) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(record).context("cannot encode a record")?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads a record file.
pub fn read_record<T: DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not a valid record", path.display()))
}

/// Writes a file unless it already holds these bytes (so that unchanged files keep their times).
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if std::fs::read(path).is_ok_and(|current| current == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_leave_out_dates_and_users_and_sort_configurations() {
        let package = Package {
            id: "P".into(),
            name: "Pkg".into(),
            modified_by: "someone".into(),
            modified_date: Some(time::OffsetDateTime::now_utc()),
            ..Package::default()
        };
        let text = String::from_utf8(record_bytes(&PackageRecord::of(&package)).unwrap()).unwrap();
        assert!(text.starts_with("{\n  \"Id\": \"P\",\n  \"Name\": \"Pkg\","), "{text}");
        assert!(!text.contains("someone") && !text.contains("Modified") && text.ends_with("}\n"), "{text}");

        let artifact = Artifact { id: "F".into(), version: "1.0.0".into(), ..Artifact::default() };
        let configurations = configuration_map(&[
            Configuration { parameter_key: "b".into(), parameter_value: "2".into(), ..Configuration::default() },
            Configuration { parameter_key: "a".into(), parameter_value: "1".into(), ..Configuration::default() },
        ]);
        let record = ArtifactRecord::of(&artifact, "P", configurations);
        let text = String::from_utf8(record_bytes(&record).unwrap()).unwrap();
        assert!(text.contains("\"Configurations\": {\n    \"a\": \"1\",\n    \"b\": \"2\"\n  }"), "{text}");
        assert_eq!(serde_json::from_str::<ArtifactRecord>(&text).unwrap(), record);
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p/package.json");
        write_if_changed(&path, b"one").unwrap();
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_if_changed(&path, b"one").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
        write_if_changed(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }
}
