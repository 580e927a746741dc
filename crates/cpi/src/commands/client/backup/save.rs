//! `cpi backup DIR`: every package's `package.json`, then every artifact downloaded and
//! unpacked by a bounded pool, each written in a temporary folder and renamed into place, and
//! recorded in the state; artifacts the state has at the same `artifact.json` and `ModifiedAt`
//! are skipped. Finally the folders of what the tenant no longer has are removed.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use cpi_client::tenant::TenantClient;

use super::Failure;
use super::archive::{read_tree, sha256_hex, unpack};
use super::inventory::{Inventory, TenantArtifact, configurations_of, inventory};
use super::layout::{
    ARTIFACT_FILE, BackupLayout, CONTENT_DIR, PACKAGE_FILE, STATE_DIR, artifact_key, is_backup, kind_folder,
};
use super::progress::{Progress, for_each_bounded};
use super::records::{ArtifactRecord, PackageRecord, record_bytes, write_if_changed};
use super::state::{BackupState, StateEntry};
use super::tree::{KeptArtifact, install_artifact, prune, remove_if_present};

/// How often the state is saved while artifacts complete.
const SAVE_EVERY: Duration = Duration::from_secs(2);

/// How a backup runs.
#[derive(Debug, Clone, Copy)]
pub struct BackupOptions {
    /// Calls at a time.
    pub jobs: usize,
    /// Download every artifact, even those the state has.
    pub full: bool,
}

/// What a backup did.
#[derive(Debug, Serialize)]
pub struct BackupSummary {
    /// The backup folder.
    pub dir: String,
    /// Packages of the tenant.
    pub packages: usize,
    /// Artifacts of the tenant.
    pub artifacts: usize,
    /// Artifacts downloaded (new or changed since the last backup).
    pub downloaded: usize,
    /// Artifacts unchanged since the last backup.
    pub skipped: usize,
    /// Packages and artifacts that failed.
    pub failed: usize,
    /// Folders of packages and artifacts the tenant no longer has.
    pub removed: usize,
    /// Bytes downloaded.
    pub bytes: u64,
    /// How long it took.
    pub seconds: f64,
}

/// Backs the tenant up into `dir`; failures of single packages or artifacts are returned, not
/// raised (the others are still backed up).
pub async fn back_up(
    tenant: &TenantClient,
    dir: &Path,
    options: BackupOptions,
) -> anyhow::Result<(BackupSummary, Vec<Failure>)> {
    let started = Instant::now();
    let layout = BackupLayout::new(dir);
    prepare(&layout)?;
    let previous = BackupState::load(&layout.state_file());
    let inventory = inventory(tenant, options.jobs).await?;
    let mut failures = write_packages(&layout, &inventory);
    let job = Job { tenant, layout: &layout, previous: &previous, full: options.full };
    let mut tally = back_up_artifacts(&job, &inventory.artifacts, options.jobs).await;
    let removed = settle(&layout, &inventory, &mut tally.state)?;
    failures.append(&mut tally.failures);
    let summary = BackupSummary {
        dir: dir.display().to_string(),
        packages: inventory.packages.len(),
        artifacts: inventory.artifacts.len(),
        downloaded: tally.downloaded,
        skipped: tally.skipped,
        failed: failures.len(),
        removed,
        bytes: tally.bytes,
        seconds: (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
    };
    Ok((summary, failures))
}

/// Creates the folder (refusing a non-empty folder that holds no backup) and clears what an
/// interrupted run left in `.cpi-backup/tmp`.
fn prepare(layout: &BackupLayout) -> anyhow::Result<()> {
    let root = layout.root();
    if root.is_dir() && !is_backup(root) {
        let entries = std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?;
        let visible = entries.flatten().any(|entry| !entry.file_name().to_string_lossy().starts_with('.'));
        if visible {
            anyhow::bail!("{} is not empty and holds no backup: name a new or empty folder", root.display());
        }
    }
    let state_dir = root.join(STATE_DIR);
    std::fs::create_dir_all(&state_dir).with_context(|| format!("cannot create {}", state_dir.display()))?;
    remove_if_present(&layout.temp_dir())
}

fn write_packages(layout: &BackupLayout, inventory: &Inventory) -> Vec<Failure> {
    let write = |package: &cpi_client::tenant::Package| -> anyhow::Result<()> {
        let path = layout.package_dir(&package.id)?.join(PACKAGE_FILE);
        write_if_changed(&path, &record_bytes(&PackageRecord::of(package))?)
    };
    let failed = inventory.packages.iter().filter_map(|package| {
        write(package).err().map(|error| Failure { what: format!("package '{}'", package.id), error })
    });
    failed.collect()
}

/// What the artifact tasks share.
#[derive(Debug, Clone, Copy)]
struct Job<'a> {
    tenant: &'a TenantClient,
    layout: &'a BackupLayout,
    previous: &'a BackupState,
    full: bool,
}

/// How one artifact went.
enum Outcome {
    Skipped,
    Written { key: String, entry: StateEntry, downloaded: u64 },
}

/// The results of all artifacts.
struct Tally {
    state: BackupState,
    downloaded: usize,
    skipped: usize,
    bytes: u64,
    failures: Vec<Failure>,
}

async fn back_up_artifacts(job: &Job<'_>, artifacts: &[TenantArtifact], jobs: usize) -> Tally {
    let mut tally = Tally { state: job.previous.clone(), downloaded: 0, skipped: 0, bytes: 0, failures: Vec::new() };
    let mut progress = Progress::new("backing up", "artifacts", artifacts.len());
    let mut saved = Instant::now();
    let state_file = job.layout.state_file();
    let work = |item| async move { (item, back_up_artifact(job, item).await) };
    for_each_bounded(artifacts, jobs, work, |(item, result): (&TenantArtifact, _)| {
        progress.advance();
        match result {
            Ok(Outcome::Skipped) => tally.skipped += 1,
            Ok(Outcome::Written { key, entry, downloaded }) => {
                tally.state.artifacts.insert(key, entry);
                tally.downloaded += 1;
                tally.bytes += downloaded;
            }
            Err(error) => {
                let what = describe(item);
                progress.message(&format!("error: {what}: {error:#}"));
                tally.failures.push(Failure { what, error });
            }
        }
        if saved.elapsed() >= SAVE_EVERY {
            if let Err(error) = tally.state.save(&state_file) {
                progress.message(&format!("warning: {error:#}"));
            }
            saved = Instant::now();
        }
    })
    .await;
    progress.finish();
    tally
}

/// `iflow 'Order_In' (package Orders)`.
fn describe(item: &TenantArtifact) -> String {
    format!("{} '{}' (package {})", kind_folder(item.kind), item.artifact.id, item.package)
}

async fn back_up_artifact(job: &Job<'_>, item: &TenantArtifact) -> anyhow::Result<Outcome> {
    let (kind, id) = (item.kind, item.artifact.id.clone());
    let key = artifact_key(kind, &id);
    let target = job.layout.artifact_dir(&item.package, kind, &id)?;
    let configurations = configurations_of(job.tenant, kind, &id).await?;
    let record = record_bytes(&ArtifactRecord::of(&item.artifact, &item.package, configurations))?;
    let record_hash = sha256_hex(&record);
    let modified_at = item.artifact.modified_at.and_then(|at| at.format(&Rfc3339).ok()).unwrap_or_default();
    if let Some(done) = job.previous.current(&key, &modified_at, &record_hash).filter(|_| !job.full) {
        let (target, record_hash, content_hash) = (target.clone(), record_hash.clone(), done.content_hash.clone());
        let intact = tokio::task::spawn_blocking(move || is_intact(&target, &record_hash, &content_hash));
        if intact.await.unwrap_or(false) {
            return Ok(Outcome::Skipped);
        }
    }
    let zip = job.tenant.download_artifact(kind, &id).await.context("cannot download it")?;
    let downloaded = zip.len() as u64;
    let layout = job.layout.clone();
    let written = tokio::task::spawn_blocking(move || -> anyhow::Result<(String, u64)> {
        let files = unpack(&zip)?;
        install_artifact(&layout, (kind, &id), &target, &record, &files)?;
        Ok((files.hash(), files.byte_count()))
    });
    let (content_hash, bytes) = written.await.context("the task writing it failed")??;
    let entry = StateEntry { version: item.artifact.version.clone(), modified_at, record_hash, content_hash, bytes };
    Ok(Outcome::Written { key, entry, downloaded })
}

/// Whether the copy in `target` is the one the state recorded: its `artifact.json` and files
/// have the recorded hashes (a folder removed or edited since is backed up again).
fn is_intact(target: &Path, record_hash: &str, content_hash: &str) -> bool {
    let record_matches = std::fs::read(target.join(ARTIFACT_FILE)).is_ok_and(|bytes| sha256_hex(&bytes) == record_hash);
    record_matches && read_tree(&target.join(CONTENT_DIR)).is_ok_and(|files| files.hash() == content_hash)
}

/// Drops what the tenant no longer has (folders and state entries), saves the state and removes
/// the temporary folder; returns how many folders were removed.
fn settle(layout: &BackupLayout, inventory: &Inventory, state: &mut BackupState) -> anyhow::Result<usize> {
    let packages: BTreeSet<String> = inventory.packages.iter().map(|package| package.id.clone()).collect();
    let kept: BTreeSet<KeptArtifact> = inventory
        .artifacts
        .iter()
        .map(|item| (item.package.clone(), kind_folder(item.kind).to_owned(), item.artifact.id.clone()))
        .collect();
    let keys: BTreeSet<String> =
        inventory.artifacts.iter().map(|item| artifact_key(item.kind, &item.artifact.id)).collect();
    state.artifacts.retain(|key, _| keys.contains(key));
    let removed = prune(layout.root(), &packages, &kept)?;
    state.save(&layout.state_file())?;
    remove_if_present(&layout.temp_dir())?;
    Ok(removed)
}
