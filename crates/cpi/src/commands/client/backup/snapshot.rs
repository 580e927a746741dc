//! What `cpi diff` compares, read from a tenant or from a backup folder: packages (name,
//! description) and artifacts (package, name, version, configuration values and, when asked
//! for, a hash of their files).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

use cpi_client::tenant::TenantClient;

use super::archive::{read_tree, unpack};
use super::inventory::{TenantArtifact, configurations_of, inventory};
use super::layout::{CONTENT_DIR, kind_folder};
use super::progress::{Progress, for_each_bounded};
use super::tree::read_backup;

/// An artifact's identity across tenants: (kind folder, id).
pub type ArtifactKey = (&'static str, String);

/// One side of a comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// By package id.
    pub packages: BTreeMap<String, PackageSide>,
    /// By kind and id.
    pub artifacts: BTreeMap<ArtifactKey, ArtifactSide>,
}

/// What is compared of a package.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageSide {
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
}

/// What is compared of an artifact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArtifactSide {
    /// The package it is in.
    pub package: String,
    /// Display name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Configuration values by key.
    pub configurations: BTreeMap<String, String>,
    /// SHA-256 of its files, when read (compared only when both sides have one).
    pub content_hash: Option<String>,
}

/// The snapshot of a backup folder (with content hashes if `with_content`).
pub fn folder_snapshot(dir: &Path, with_content: bool) -> anyhow::Result<Snapshot> {
    let backup = read_backup(dir)?;
    let mut snapshot = Snapshot::default();
    for package in backup.packages {
        snapshot.packages.insert(package.id, PackageSide { name: package.name, description: package.description });
    }
    for stored in backup.artifacts {
        let content_hash = match with_content {
            true => Some(read_tree(&stored.dir.join(CONTENT_DIR))?.hash()),
            false => None,
        };
        let record = stored.record;
        let side = ArtifactSide {
            package: record.package_id,
            name: record.name,
            version: record.version,
            configurations: record.configurations,
            content_hash,
        };
        snapshot.artifacts.insert((kind_folder(stored.kind), record.id), side);
    }
    Ok(snapshot)
}

/// The snapshot of a tenant, `jobs` calls at a time (downloading every artifact if
/// `with_content`).
pub async fn tenant_snapshot(tenant: &TenantClient, jobs: usize, with_content: bool) -> anyhow::Result<Snapshot> {
    let inventory = inventory(tenant, jobs).await?;
    let mut snapshot = Snapshot::default();
    for package in &inventory.packages {
        let side = PackageSide { name: package.name.clone(), description: package.description.clone() };
        snapshot.packages.insert(package.id.clone(), side);
    }
    let mut progress = Progress::new("reading", "artifacts", inventory.artifacts.len());
    let mut first_error = None;
    let read = |item| async move { (item, artifact_side(tenant, item, with_content).await) };
    for_each_bounded(&inventory.artifacts, jobs, read, |(item, result): (&TenantArtifact, _)| {
        progress.advance();
        match result {
            Ok(side) => {
                snapshot.artifacts.insert((kind_folder(item.kind), item.artifact.id.clone()), side);
            }
            Err(error) => {
                let what = format!("{} '{}'", kind_folder(item.kind), item.artifact.id);
                first_error.get_or_insert(error.context(what));
            }
        }
    })
    .await;
    progress.clear();
    match first_error {
        Some(error) => Err(error),
        None => Ok(snapshot),
    }
}

async fn artifact_side(
    tenant: &TenantClient,
    item: &TenantArtifact,
    with_content: bool,
) -> anyhow::Result<ArtifactSide> {
    let (kind, id) = (item.kind, &item.artifact.id);
    let configurations = configurations_of(tenant, kind, id).await?;
    let content_hash = if with_content {
        let zip = tenant.download_artifact(kind, id).await.context("cannot download it")?;
        let hashed = tokio::task::spawn_blocking(move || unpack(&zip).map(|files| files.hash()));
        Some(hashed.await.context("the task hashing it failed")??)
    } else {
        None
    };
    Ok(ArtifactSide {
        package: item.package.clone(),
        name: item.artifact.name.clone(),
        version: item.artifact.version.clone(),
        configurations,
        content_hash,
    })
}
