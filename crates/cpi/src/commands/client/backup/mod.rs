//! `cpi backup DIR`, `cpi restore DIR`, `cpi diff A B` (being written).

use clap::Args;

use super::connection::ClientArgs;

/// `cpi backup DIR`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// The backup folder (created; an existing backup there is resumed).
    pub dir: std::path::PathBuf,
}

/// `cpi restore DIR`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// A folder written by `cpi backup`.
    pub dir: std::path::PathBuf,
}

/// `cpi diff A B`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// A profile name or a backup folder.
    pub left: String,
    /// A profile name or a backup folder.
    pub right: String,
}

/// Runs `cpi backup`.
pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    anyhow::bail!("cpi backup {} is not available yet", args.dir.display())
}

/// Runs `cpi restore`.
pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    anyhow::bail!("cpi restore {} is not available yet", args.dir.display())
}

/// Runs `cpi diff`.
pub async fn diff(args: DiffArgs) -> anyhow::Result<()> {
    anyhow::bail!("cpi diff {} {} is not available yet", args.left, args.right)
}
