//! What a tenant holds: every package and, package by package, its artifacts of every kind
//! (listing per package works on every tenant; SAP lists some kinds only that way).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Context;
use cpi_client::ApiError;
use cpi_client::tenant::{Artifact, ArtifactKind, Package, TenantClient};

use super::layout::kind_folder;
use super::progress::{Progress, for_each_bounded};
use super::records::configuration_map;

/// An artifact of a tenant.
#[derive(Debug, Clone)]
pub struct TenantArtifact {
    /// Its kind.
    pub kind: ArtifactKind,
    /// The package it was listed in.
    pub package: String,
    /// Its fields.
    pub artifact: Artifact,
}

/// Every package and artifact of a tenant, sorted by id (artifacts by kind, then id).
#[derive(Debug, Default)]
pub struct Inventory {
    /// The packages.
    pub packages: Vec<Package>,
    /// The artifacts of all packages.
    pub artifacts: Vec<TenantArtifact>,
}

/// Lists the tenant's packages and their artifacts, `jobs` packages at a time.
pub async fn inventory(tenant: &TenantClient, jobs: usize) -> anyhow::Result<Inventory> {
    let mut packages = tenant.packages().await.context("cannot list the packages")?;
    packages.sort_by(|a, b| a.id.cmp(&b.id));
    let mut progress = Progress::new("listing", "packages", packages.len());
    let mut artifacts = Vec::new();
    let mut unlisted = BTreeSet::new();
    let mut first_error = None;
    let list = |package: &Package| package_artifacts(tenant, package.id.clone());
    for_each_bounded(packages.iter(), jobs, list, |result| {
        progress.advance();
        match result {
            Ok(listed) => {
                artifacts.extend(listed.artifacts);
                unlisted.extend(listed.unlisted);
            }
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    })
    .await;
    progress.clear();
    if let Some(error) = first_error {
        return Err(error);
    }
    for kind in unlisted {
        progress.message(&format!("warning: the tenant does not list {kind} artifacts by package; none are included"));
    }
    artifacts.sort_by(|a, b| (kind_folder(a.kind), &a.artifact.id).cmp(&(kind_folder(b.kind), &b.artifact.id)));
    Ok(Inventory { packages, artifacts })
}

/// The artifacts of one package, and the kinds the tenant does not offer there.
struct PackageListing {
    artifacts: Vec<TenantArtifact>,
    unlisted: Vec<&'static str>,
}

async fn package_artifacts(tenant: &TenantClient, package: String) -> anyhow::Result<PackageListing> {
    let mut listing = PackageListing { artifacts: Vec::new(), unlisted: Vec::new() };
    for kind in ArtifactKind::ALL {
        let listed = match tenant.artifacts(kind, Some(&package)).await {
            Ok(listed) => listed,
            Err(error) if kind != ArtifactKind::IntegrationFlow && not_offered(&error) => {
                listing.unlisted.push(kind_folder(kind));
                continue;
            }
            Err(error) => {
                return Err(anyhow::Error::from(error)
                    .context(format!("cannot list the {} artifacts of package '{package}'", kind_folder(kind))));
            }
        };
        let of_package = listed.into_iter().map(|artifact| TenantArtifact { kind, package: package.clone(), artifact });
        listing.artifacts.extend(of_package);
    }
    Ok(listing)
}

/// Whether a listing error means that the tenant does not offer the set (older tenants lack
/// some kinds).
fn not_offered(error: &ApiError) -> bool {
    matches!(error.status(), Some(404 | 405 | 501))
}

/// The configurations of an artifact as key → value (only integration flows have them).
pub async fn configurations_of(
    tenant: &TenantClient,
    kind: ArtifactKind,
    id: &str,
) -> anyhow::Result<BTreeMap<String, String>> {
    if kind != ArtifactKind::IntegrationFlow {
        return Ok(BTreeMap::new());
    }
    let configurations =
        tenant.configurations(kind, id).await.with_context(|| format!("cannot read the configurations of '{id}'"))?;
    Ok(configuration_map(&configurations))
}
