//! `cpi explore`: the terminal UI of `cpi-tui` over the tenant of the connection options.

use crate::commands::client::connection::ClientArgs;

/// Runs `cpi explore` until the user quits.
pub async fn run(args: ClientArgs) -> anyhow::Result<()> {
    let tenant = crate::commands::client::connect(&args)?.tenant;
    cpi_tui::run(tenant).await?;
    Ok(())
}
