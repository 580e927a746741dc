//! `cpi explore`: the terminal UI (being written).

use crate::commands::client::connection::ClientArgs;

/// Runs `cpi explore`.
pub async fn run(args: ClientArgs) -> anyhow::Result<()> {
    let _ = crate::commands::client::tenant_for(&args)?;
    anyhow::bail!("cpi explore is not available yet")
}
