//! `cpi doctor` (being written).

use super::connection::ClientArgs;

/// Runs `cpi doctor`.
pub async fn doctor(args: ClientArgs) -> anyhow::Result<()> {
    let _ = args;
    anyhow::bail!("cpi doctor is not available yet")
}
