//! `cpi restore DIR`: the packages the tenant lacks are created, then every artifact's
//! `content/` is zipped again (deterministically) and uploaded, creating or updating it, and
//! the configuration values of `artifact.json` that differ from the uploaded bundle's are set.
//! Failures are collected per package and artifact; the others go on.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};
use serde::Serialize;

use cpi_client::ApiError;
use cpi_client::tenant::{ArtifactUpload, TenantClient};

use super::Failure;
use super::archive::{pack, read_tree};
use super::inventory::configurations_of;
use super::layout::{CONTENT_DIR, kind_folder};
use super::progress::{Progress, for_each_bounded};
use super::records::PackageRecord;
use super::tree::{StoredArtifact, read_backup};

/// What a restore did.
#[derive(Debug, Default, Serialize)]
pub struct RestoreSummary {
    /// The backup folder.
    pub dir: String,
    /// Packages in the backup.
    pub packages: usize,
    /// Packages the tenant did not have.
    pub packages_created: usize,
    /// Artifacts in the backup.
    pub artifacts: usize,
    /// Artifacts the tenant did not have.
    pub created: usize,
    /// Artifacts replaced.
    pub updated: usize,
    /// Configuration values set.
    pub configured: usize,
    /// Packages and artifacts that failed.
    pub failed: usize,
    /// How long it took.
    pub seconds: f64,
}

/// How one artifact went.
struct Restored {
    created: bool,
    configured: usize,
}

/// Restores the backup in `dir` into the tenant, `jobs` calls at a time.
pub async fn restore(tenant: &TenantClient, dir: &Path, jobs: usize) -> anyhow::Result<(RestoreSummary, Vec<Failure>)> {
    let started = Instant::now();
    let backup = read_backup(dir)?;
    let mut summary = RestoreSummary {
        dir: dir.display().to_string(),
        packages: backup.packages.len(),
        artifacts: backup.artifacts.len(),
        ..RestoreSummary::default()
    };
    let packages = create_packages(tenant, &backup.packages, jobs).await?;
    summary.packages_created = packages.created;
    let (failed_packages, mut failures) = (packages.failed, packages.failures);
    let mut progress = Progress::new("restoring", "artifacts", backup.artifacts.len());
    let failed_packages = &failed_packages;
    let work = |stored| async move { (stored, restore_artifact(tenant, stored, failed_packages).await) };
    for_each_bounded(&backup.artifacts, jobs, work, |(stored, result): (&StoredArtifact, _)| {
        progress.advance();
        match result {
            Ok(restored) => {
                *(if restored.created { &mut summary.created } else { &mut summary.updated }) += 1;
                summary.configured += restored.configured;
            }
            Err(error) => {
                let what = describe(stored);
                progress.message(&format!("error: {what}: {error:#}"));
                failures.push(Failure { what, error });
            }
        }
    })
    .await;
    progress.finish();
    summary.failed = failures.len();
    summary.seconds = (started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
    Ok((summary, failures))
}

/// `iflow 'Order_In' (package Orders)`.
fn describe(stored: &StoredArtifact) -> String {
    format!("{} '{}' (package {})", kind_folder(stored.kind), stored.record.id, stored.record.package_id)
}

/// How creating the missing packages went.
struct CreatedPackages {
    created: usize,
    /// The ids of the packages that could not be created.
    failed: BTreeSet<String>,
    failures: Vec<Failure>,
}

/// Creates the packages the tenant does not have.
async fn create_packages(
    tenant: &TenantClient,
    packages: &[PackageRecord],
    jobs: usize,
) -> anyhow::Result<CreatedPackages> {
    let existing: HashSet<String> =
        tenant.packages().await.context("cannot list the packages")?.into_iter().map(|p| p.id).collect();
    let missing: Vec<&PackageRecord> = packages.iter().filter(|p| !existing.contains(&p.id)).collect();
    let mut progress = Progress::new("creating", "packages", missing.len());
    let mut results = CreatedPackages { created: 0, failed: BTreeSet::new(), failures: Vec::new() };
    let create = |record: &PackageRecord| {
        let package = record.new_package();
        async move { tenant.create_package(&package).await.map(|_| ()).map_err(|error| (package.id, error)) }
    };
    for_each_bounded(missing, jobs, create, |result| {
        progress.advance();
        match result {
            Ok(()) => results.created += 1,
            Err((id, error)) => {
                let what = format!("package '{id}'");
                progress.message(&format!("error: {what}: {error}"));
                results.failures.push(Failure { what, error: error.into() });
                results.failed.insert(id);
            }
        }
    })
    .await;
    progress.clear();
    Ok(results)
}

async fn restore_artifact(
    tenant: &TenantClient,
    stored: &StoredArtifact,
    failed_packages: &BTreeSet<String>,
) -> anyhow::Result<Restored> {
    let (kind, record) = (stored.kind, &stored.record);
    if failed_packages.contains(&record.package_id) {
        bail!("its package could not be created");
    }
    let content = stored.dir.join(CONTENT_DIR);
    let zip = tokio::task::spawn_blocking(move || read_tree(&content).and_then(|files| pack(&files)))
        .await
        .context("the task reading it failed")??;
    let name = if record.name.is_empty() { record.id.clone() } else { record.name.clone() };
    let created = match tenant.artifact(kind, &record.id).await {
        Ok(existing) if !existing.package_id.is_empty() && existing.package_id != record.package_id => bail!(
            "it exists in package '{}', not '{}': move or delete it there first",
            existing.package_id,
            record.package_id
        ),
        Ok(_) => {
            tenant.update_artifact(kind, &record.id, &name, &zip).await.context("cannot update it")?;
            false
        }
        Err(ApiError::NotFound { .. }) => {
            let upload =
                ArtifactUpload { id: record.id.clone(), name, package_id: record.package_id.clone(), content: zip };
            tenant.upload_artifact(kind, &upload).await.context("cannot upload it")?;
            true
        }
        Err(error) => return Err(anyhow::Error::from(error).context("cannot read it")),
    };
    let configured = apply_configurations(tenant, stored).await?;
    Ok(Restored { created, configured })
}

/// Sets the values of `artifact.json` that differ from the tenant's; returns how many.
async fn apply_configurations(tenant: &TenantClient, stored: &StoredArtifact) -> anyhow::Result<usize> {
    let wanted = &stored.record.configurations;
    if wanted.is_empty() {
        return Ok(0);
    }
    let id = &stored.record.id;
    let current = configurations_of(tenant, stored.kind, id).await?;
    let mut set = 0;
    for (key, value) in wanted {
        if current.get(key) != Some(value) {
            tenant
                .set_configuration(stored.kind, id, key, value)
                .await
                .with_context(|| format!("cannot set its configuration '{key}'"))?;
            set += 1;
        }
    }
    Ok(set)
}
