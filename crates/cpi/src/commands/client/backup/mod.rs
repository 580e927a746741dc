//! `cpi backup DIR`, `cpi restore DIR`, `cpi diff A B`.
//!
//! A backup is a git-friendly folder (see [`layout`]): every package's `package.json`, every
//! artifact's `artifact.json` (with its configuration values) and its zip unpacked into
//! `content/`. Files hold no dates or users, so backing up an unchanged tenant again changes
//! no byte. Backups are resumable: artifacts are renamed into place when complete and recorded
//! in `.cpi-backup/state.json`; a rerun skips those unchanged since (`--full` does not).
//!
//! All three commands run their calls in a bounded pool (`--jobs`, default 8) and show their
//! progress on stderr. Failures of single packages or artifacts are reported and the others go
//! on; the command then exits with the first failure's code.

mod archive;
mod compare;
mod inventory;
mod layout;
mod progress;
mod records;
mod restore;
mod save;
mod snapshot;
mod state;
mod tree;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use cpi_client::tenant::TenantClient;

use super::connect;
use super::connection::{ClientArgs, api_client, resolve};
use super::exit::{self, CommandFailure};
use super::profiles::ProfileStore;
use super::view::Listing;
use crate::commands::output::print_json;

/// The exit codes of `cpi diff`, for its help.
const DIFF_EXIT_CODES: &str = "Exit codes (as diff(1)): 0 no differences; 1 differences; 2 trouble (a folder that is \
                               no backup, an unknown profile, …); 3 to 8 as every client command (3 authentication, \
                               4 forbidden, 5 not found, 7 server error, 8 network).";

/// `cpi backup DIR`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// The backup folder (created; an existing backup there is resumed and brought up to date).
    pub dir: PathBuf,
    /// Calls at a time.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// Download every artifact, also those already backed up unchanged.
    #[arg(long)]
    pub full: bool,
}

/// `cpi restore DIR`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// A folder written by `cpi backup`.
    pub dir: PathBuf,
    /// Calls at a time.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
}

/// `cpi diff A B`.
#[derive(Debug, Args)]
#[command(after_help = DIFF_EXIT_CODES)]
pub struct DiffArgs {
    /// A profile name or a backup folder (the `-` side).
    pub left: String,
    /// A profile name or a backup folder (the `+` side).
    pub right: String,
    /// Compare the artifacts' files too (downloads them from tenants; always done for two folders).
    #[arg(long)]
    pub content: bool,
    /// Print JSON instead of the report.
    #[arg(long)]
    pub json: bool,
    /// Calls at a time (per tenant).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
}

/// A package or artifact that could not be backed up or restored.
#[derive(Debug)]
pub struct Failure {
    /// What, e.g. `iflow 'Order_In' (package Orders)`.
    pub what: String,
    /// Why.
    pub error: anyhow::Error,
}

/// The error of a command some of whose items failed: the first failure's exit code.
fn incomplete(command: &str, failures: &[Failure]) -> anyhow::Error {
    let code = failures.first().map_or(exit::OTHER, |failure| exit::code_of(&failure.error));
    let names: Vec<&str> = failures.iter().take(5).map(|failure| failure.what.as_str()).collect();
    let more = failures.len().saturating_sub(names.len());
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    let message =
        format!("{command} is incomplete: {} failed ({}{more}; errors above)", failures.len(), names.join(", "));
    CommandFailure { code, message }.into()
}

/// Runs `cpi backup`.
pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let connected = connect(&args.client)?;
    let options = save::BackupOptions { jobs: usize::from(args.jobs), full: args.full };
    let (summary, failures) =
        save::back_up(&connected.tenant, &args.dir, options).await.map_err(|error| connected.explain(error))?;
    let message = format!(
        "Backed up {} packages and {} artifacts into {}: {} downloaded ({} bytes), {} skipped (unchanged), \
         {} removed, {} failed, {:.1} s.",
        summary.packages,
        summary.artifacts,
        summary.dir,
        summary.downloaded,
        summary.bytes,
        summary.skipped,
        summary.removed,
        summary.failed,
        summary.seconds
    );
    Listing { json: args.client.json }.done(&summary, &message)?;
    if failures.is_empty() { Ok(()) } else { Err(incomplete("the backup", &failures)) }
}

/// Runs `cpi restore`.
pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    let connected = connect(&args.client)?;
    let (summary, failures) = restore::restore(&connected.tenant, &args.dir, usize::from(args.jobs))
        .await
        .map_err(|error| connected.explain(error))?;
    let message = format!(
        "Restored {} into the tenant: {} packages ({} created), {} artifacts ({} created, {} updated), \
         {} configuration values set, {} failed, {:.1} s.",
        summary.dir,
        summary.packages,
        summary.packages_created,
        summary.artifacts,
        summary.created,
        summary.updated,
        summary.configured,
        summary.failed,
        summary.seconds
    );
    Listing { json: args.client.json }.done(&summary, &message)?;
    if failures.is_empty() { Ok(()) } else { Err(incomplete("the restore", &failures)) }
}

/// Runs `cpi diff`: exits 0 without differences, 1 with, 2 on trouble (see [`DIFF_EXIT_CODES`]).
pub async fn diff(args: DiffArgs) -> anyhow::Result<()> {
    // 1 means "different": other failures that would exit 1 exit 2, as diff(1)'s trouble.
    let differences = compare_sides(&args).await.map_err(|error| match exit::code_of(&error) {
        exit::OTHER => CommandFailure { code: exit::USAGE, message: format!("{error:#}") }.into(),
        _ => error,
    })?;
    if differences == 0 {
        return Ok(());
    }
    let plural = if differences == 1 { "" } else { "s" };
    let message = format!("{} and {} differ ({differences} difference{plural})", args.left, args.right);
    Err(CommandFailure { code: exit::OTHER, message }.into())
}

/// Compares the two sides and prints the report; returns the number of differences.
async fn compare_sides(args: &DiffArgs) -> anyhow::Result<usize> {
    let store = ProfileStore::from_env();
    let (left, right) = (side_of(&args.left, &store)?, side_of(&args.right, &store)?);
    let both_folders = matches!((&left, &right), (Side::Folder(_), Side::Folder(_)));
    let with_content = args.content || both_folders;
    let jobs = usize::from(args.jobs);
    let (left, right) = futures::try_join!(left.snapshot(jobs, with_content), right.snapshot(jobs, with_content))?;
    let differences = compare::compare(&left, &right);
    if args.json {
        print_json(&serde_json::json!({
            "left": args.left, "right": args.right, "equal": differences.is_empty(), "differences": differences,
        }))?;
    } else {
        out!("{}", compare::render(&args.left, &args.right, &differences));
    }
    Ok(differences.len())
}

/// One side of `cpi diff`.
#[derive(Debug)]
enum Side {
    Folder(PathBuf),
    Tenant(TenantClient, String),
}

impl Side {
    async fn snapshot(self, jobs: usize, with_content: bool) -> anyhow::Result<snapshot::Snapshot> {
        match self {
            Side::Folder(dir) => {
                let read = tokio::task::spawn_blocking(move || snapshot::folder_snapshot(&dir, with_content));
                read.await?
            }
            Side::Tenant(tenant, profile) => snapshot::tenant_snapshot(&tenant, jobs, with_content)
                .await
                .with_context(|| format!("cannot read the tenant of profile '{profile}'")),
        }
    }
}

/// The variables that would make every profile the same tenant.
const OVERRIDES: [&str; 5] = ["CPI_SERVICE_KEY", "CPI_URL", "CPI_TOKEN_URL", "CPI_CLIENT_ID", "CPI_CLIENT_SECRET"];

/// A backup folder (one with `.cpi-backup`), else a saved profile.
fn side_of(name: &str, store: &ProfileStore) -> anyhow::Result<Side> {
    let path = Path::new(name);
    if path.is_dir() && layout::is_backup(path) {
        return Ok(Side::Folder(path.to_path_buf()));
    }
    if !store.load()?.profiles.contains_key(name) {
        if path.exists() {
            bail!("{name} is not a backup folder (no .cpi-backup, no <package>/package.json) and no profile");
        }
        bail!("'{name}' is neither a backup folder nor a profile (see `cpi profile list`)");
    }
    if let Some(variable) = OVERRIDES.iter().find(|v| std::env::var(v).is_ok_and(|value| !value.trim().is_empty())) {
        bail!("{variable} is set and would override profile '{name}': unset it to compare profiles");
    }
    let args = ClientArgs { profile: Some(name.to_owned()), json: false };
    let tenant = TenantClient::new(api_client(&resolve(&args, store)?)?);
    Ok(Side::Tenant(tenant, name.to_owned()))
}
