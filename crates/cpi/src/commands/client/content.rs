//! `cpi package …` and `cpi artifact …`: integration packages and their design-time artifacts.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use serde::Serialize;

use cpi_client::tenant::{ArtifactKind, ArtifactUpload, NewPackage, TenantClient};

use super::connection::ClientArgs;
use super::view::{Listing, date_text, show_fields, write_file};

/// `cpi package …`.
#[derive(Debug, Args)]
pub struct PackageArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    #[command(subcommand)]
    pub command: PackageCommand,
}

/// Package commands.
#[derive(Debug, Subcommand)]
pub enum PackageCommand {
    /// List packages.
    List,
    /// Show a package.
    Show {
        /// Package id.
        id: String,
    },
    /// Create an empty package.
    Create {
        /// Package id ([A-Za-z0-9_.]).
        id: String,
        /// Display name (default: the id).
        #[arg(long)]
        name: Option<String>,
        /// Short text.
        #[arg(long, default_value = "")]
        short_text: String,
        /// Description.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Delete a package and its artifacts.
    Delete {
        /// Package id.
        id: String,
    },
    /// Export a package as a zip (as the Web UI's export).
    Export {
        /// Package id.
        id: String,
        /// Output file (default: <id>.zip).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Import a package zip.
    Import {
        /// The package zip.
        file: PathBuf,
        /// Replace a package with the same id.
        #[arg(long)]
        overwrite: bool,
    },
}

/// `cpi artifact …`.
#[derive(Debug, Args)]
pub struct ArtifactArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// Artifact type: iflow, value-mapping, message-mapping, script-collection.
    #[arg(long = "type", global = true, default_value = "iflow")]
    pub kind: ArtifactKind,
    #[command(subcommand)]
    pub command: ArtifactCommand,
}

/// Artifact commands.
#[derive(Debug, Subcommand)]
pub enum ArtifactCommand {
    /// List artifacts (of one package with --package).
    List {
        /// Only this package's.
        #[arg(long)]
        package: Option<String>,
    },
    /// Show an artifact.
    Show {
        /// Artifact id.
        id: String,
    },
    /// Download an artifact's zip.
    Download {
        /// Artifact id.
        id: String,
        /// Output file (default: <id>.zip).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Upload an artifact zip: creates it in --package, or replaces it if it exists.
    Upload {
        /// The artifact zip.
        file: PathBuf,
        /// The package (needed to create).
        #[arg(long)]
        package: Option<String>,
        /// Artifact id (default: the bundle's Bundle-SymbolicName, i.e. the file name stem).
        #[arg(long)]
        id: Option<String>,
        /// Display name (default: the id).
        #[arg(long)]
        name: Option<String>,
    },
    /// Delete an artifact.
    Delete {
        /// Artifact id.
        id: String,
    },
    /// Externalized parameters: `config get ID`, `config set ID KEY VALUE`.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// List an artifact's resources (scripts, mappings, schemas).
    Resources {
        /// Artifact id.
        id: String,
    },
    /// Set the artifact's version without uploading.
    SaveAsVersion {
        /// Artifact id.
        id: String,
        /// The new version, e.g. 1.0.5.
        version: String,
    },
}

/// Configuration commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// List the parameters and their values.
    Get {
        /// Artifact id.
        id: String,
    },
    /// Set one parameter (redeploy to apply it).
    Set {
        /// Artifact id.
        id: String,
        /// Parameter key (may contain spaces).
        key: String,
        /// The value.
        value: String,
    },
}

/// Runs `cpi package …`.
pub async fn package(tenant: &TenantClient, listing: &Listing, command: PackageCommand) -> anyhow::Result<()> {
    match command {
        PackageCommand::List => {
            let packages = tenant.packages().await?;
            listing.print(&packages, &["ID", "NAME", "VERSION", "MODIFIED"], |p| {
                vec![p.id.clone(), p.name.clone(), p.version.clone(), date_text(p.modified_date)]
            })
        }
        PackageCommand::Show { id } => show_fields(listing, &tenant.package(&id).await?),
        PackageCommand::Create { id, name, short_text, description } => {
            let package = NewPackage { name: name.unwrap_or_else(|| id.clone()), id, short_text, description };
            let created = tenant.create_package(&package).await?;
            listing.done(&created, &format!("Package '{}' created.", created.id))
        }
        PackageCommand::Delete { id } => {
            tenant.delete_package(&id).await?;
            listing.done(&serde_json::json!({"deleted": id}), &format!("Package '{id}' deleted."))
        }
        PackageCommand::Export { id, output } => {
            let zip = tenant.export_package(&id).await?;
            let path = output.unwrap_or_else(|| PathBuf::from(format!("{id}.zip")));
            write_file(&path, &zip)?;
            listing.done(
                &file_result(&path, zip.len()),
                &format!("Package '{id}' exported to {} ({} bytes).", path.display(), zip.len()),
            )
        }
        PackageCommand::Import { file, overwrite } => {
            let zip = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let package = tenant.import_package(&zip, overwrite).await?;
            listing.done(&package, &format!("Package '{}' imported.", package.id))
        }
    }
}

#[derive(Serialize)]
struct FileResult {
    file: String,
    bytes: usize,
}

fn file_result(path: &std::path::Path, bytes: usize) -> FileResult {
    FileResult { file: path.display().to_string(), bytes }
}

/// Runs `cpi artifact …`.
pub async fn artifact(
    tenant: &TenantClient,
    listing: &Listing,
    kind: ArtifactKind,
    command: ArtifactCommand,
) -> anyhow::Result<()> {
    match command {
        ArtifactCommand::List { package } => {
            let artifacts = tenant.artifacts(kind, package.as_deref()).await?;
            listing.print(&artifacts, &["ID", "VERSION", "PACKAGE", "NAME"], |a| {
                vec![a.id.clone(), a.version.clone(), a.package_id.clone(), a.name.clone()]
            })
        }
        ArtifactCommand::Show { id } => show_fields(listing, &tenant.artifact(kind, &id).await?),
        ArtifactCommand::Download { id, output } => {
            let zip = tenant.download_artifact(kind, &id).await?;
            let path = output.unwrap_or_else(|| PathBuf::from(format!("{id}.zip")));
            write_file(&path, &zip)?;
            listing.done(
                &file_result(&path, zip.len()),
                &format!("'{id}' downloaded to {} ({} bytes).", path.display(), zip.len()),
            )
        }
        ArtifactCommand::Upload { file, package, id, name } => {
            upload(tenant, listing, kind, file, package, id, name).await
        }
        ArtifactCommand::Delete { id } => {
            tenant.delete_artifact(kind, &id).await?;
            listing.done(&serde_json::json!({"deleted": id}), &format!("'{id}' deleted."))
        }
        ArtifactCommand::Config(ConfigCommand::Get { id }) => {
            let configurations = tenant.configurations(kind, &id).await?;
            listing.print(&configurations, &["KEY", "VALUE", "TYPE"], |c| {
                vec![c.parameter_key.clone(), c.parameter_value.clone(), c.data_type.clone()]
            })
        }
        ArtifactCommand::Config(ConfigCommand::Set { id, key, value }) => {
            tenant.set_configuration(kind, &id, &key, &value).await?;
            listing.done(
                &serde_json::json!({"artifact": id, "key": key, "value": value}),
                &format!("'{key}' of '{id}' set; deploy '{id}' to apply it."),
            )
        }
        ArtifactCommand::Resources { id } => {
            let resources = tenant.resources(kind, &id).await?;
            listing.print(&resources, &["NAME", "TYPE", "SIZE"], |r| {
                vec![r.name.clone(), r.resource_type.clone(), format!("{} {}", r.resource_size, r.resource_size_unit)]
            })
        }
        ArtifactCommand::SaveAsVersion { id, version } => {
            tenant.save_as_version(kind, &id, &version).await?;
            listing.done(
                &serde_json::json!({"artifact": id, "version": version}),
                &format!("'{id}' is now version {version}."),
            )
        }
    }
}

async fn upload(
    tenant: &TenantClient,
    listing: &Listing,
    kind: ArtifactKind,
    file: PathBuf,
    package: Option<String>,
    id: Option<String>,
    name: Option<String>,
) -> anyhow::Result<()> {
    let zip = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let id = id.unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let name = name.unwrap_or_else(|| id.clone());
    match tenant.artifact(kind, &id).await {
        Ok(_) => {
            tenant.update_artifact(kind, &id, &name, &zip).await?;
            listing.done(&serde_json::json!({"updated": id}), &format!("'{id}' updated from {}.", file.display()))
        }
        Err(cpi_client::ApiError::NotFound { .. }) => {
            let package = package.context("the artifact does not exist yet: name its --package to create it")?;
            let upload = ArtifactUpload { id: id.clone(), name, package_id: package.clone(), content: zip };
            let created = tenant.upload_artifact(kind, &upload).await?;
            listing.done(&created, &format!("'{}' created in package '{package}'.", created.id))
        }
        Err(other) => Err(other.into()),
    }
}
