//! `cpi deploy`, `cpi undeploy`, `cpi runtime …`, `cpi endpoint list`.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};

use cpi_client::ApiError;
use cpi_client::tenant::{ArtifactKind, TenantClient};

use super::connection::ClientArgs;
use super::exit::{CommandFailure, SERVER};
use super::view::{Listing, date_text, show_fields};

/// How often a deployment's status is polled.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// `cpi deploy ID`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// Artifact id.
    pub id: String,
    /// Artifact type: iflow, value-mapping, message-mapping, script-collection.
    #[arg(long = "type", default_value = "iflow")]
    pub kind: ArtifactKind,
    /// Wait until the deployment has finished, showing its progress; fail if it fails.
    #[arg(long)]
    pub wait: bool,
    /// Give up waiting after this many seconds.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
}

/// `cpi undeploy ID`.
#[derive(Debug, Args)]
pub struct UndeployArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// Artifact id.
    pub id: String,
    /// Wait until the runtime artifact is gone.
    #[arg(long)]
    pub wait: bool,
}

/// `cpi runtime …`.
#[derive(Debug, Args)]
pub struct RuntimeArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    #[command(subcommand)]
    pub command: RuntimeCommand,
}

/// Runtime commands.
#[derive(Debug, Subcommand)]
pub enum RuntimeCommand {
    /// List deployed artifacts and their status.
    List,
    /// Show one deployed artifact.
    Show {
        /// Artifact id.
        id: String,
    },
    /// The error of an artifact that did not start.
    Error {
        /// Artifact id.
        id: String,
    },
}

/// Runs `cpi deploy`.
pub async fn deploy(tenant: &TenantClient, listing: &Listing, args: DeployArgs) -> anyhow::Result<()> {
    let task = tenant.deploy(args.kind, &args.id).await?;
    if !args.wait {
        return listing.done(
            &serde_json::json!({"artifact": args.id, "task": task}),
            &format!(
                "Deployment of '{}' started (task {task}); `cpi runtime show {}` shows its status.",
                args.id, args.id
            ),
        );
    }
    let status = wait_for_task(tenant, &args.id, &task, Duration::from_secs(args.timeout)).await?;
    if status == "SUCCESS" {
        let runtime = tenant.runtime_artifact(&args.id).await?;
        return listing.done(&runtime, &format!("'{}' {} is deployed: {}.", args.id, runtime.version, runtime.status));
    }
    let error = tenant.runtime_error(&args.id).await.unwrap_or_else(|e| format!("(no error information: {e})"));
    Err(CommandFailure {
        code: SERVER,
        message: format!("the deployment of '{}' failed: {}", args.id, error_text(&error)),
    }
    .into())
}

/// The readable text of a runtime error document (`message.messageText`), else the document.
fn error_text(document: &str) -> String {
    serde_json::from_str::<serde_json::Value>(document)
        .ok()
        .and_then(|v| v["message"]["messageText"].as_str().map(str::to_owned))
        .unwrap_or_else(|| document.to_owned())
}

async fn wait_for_task(tenant: &TenantClient, id: &str, task: &str, timeout: Duration) -> anyhow::Result<String> {
    let started = Instant::now();
    let mut progress = Progress::new(format!("Deploying '{id}'"));
    loop {
        let status = tenant.deploy_status(task).await?;
        progress.show(&status, started.elapsed());
        if status != "DEPLOYING" {
            progress.finish(&status, started.elapsed());
            return Ok(status);
        }
        if started.elapsed() > timeout {
            progress.finish("still DEPLOYING", started.elapsed());
            anyhow::bail!("gave up waiting for '{id}' after {} s (task {task})", timeout.as_secs());
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// A one-line progress display on stderr: rewritten in place on a terminal, a line per change
/// otherwise.
struct Progress {
    label: String,
    terminal: bool,
    last: String,
}

impl Progress {
    fn new(label: String) -> Progress {
        Progress { label, terminal: std::io::stderr().is_terminal(), last: String::new() }
    }

    fn show(&mut self, state: &str, elapsed: Duration) {
        if self.terminal {
            let spinner = ['|', '/', '-', '\\'][(elapsed.as_millis() / 500 % 4) as usize];
            eprint!("\r{spinner} {} … {state} ({} s)   ", self.label, elapsed.as_secs());
            std::io::stderr().flush().ok();
        } else if self.last != state {
            eprintln!("{} … {state}", self.label);
        }
        state.clone_into(&mut self.last);
    }

    fn finish(&self, state: &str, elapsed: Duration) {
        if self.terminal {
            eprintln!("\r{} … {state} after {:.1} s   ", self.label, elapsed.as_secs_f64());
        }
    }
}

/// Runs `cpi undeploy`.
pub async fn undeploy(tenant: &TenantClient, listing: &Listing, args: UndeployArgs) -> anyhow::Result<()> {
    tenant.undeploy(&args.id).await?;
    if args.wait {
        let started = Instant::now();
        loop {
            match tenant.runtime_artifact(&args.id).await {
                Err(ApiError::NotFound { .. }) => break,
                Ok(_) if started.elapsed() < Duration::from_secs(300) => tokio::time::sleep(POLL_EVERY).await,
                Ok(_) => anyhow::bail!("'{}' is still deployed after 300 s", args.id),
                Err(other) => return Err(other.into()),
            }
        }
    }
    listing.done(&serde_json::json!({"undeployed": args.id}), &format!("'{}' undeployed.", args.id))
}

/// Runs `cpi runtime …`.
pub async fn runtime(tenant: &TenantClient, listing: &Listing, command: RuntimeCommand) -> anyhow::Result<()> {
    match command {
        RuntimeCommand::List => {
            let artifacts = tenant.runtime_artifacts().await?;
            listing.print(&artifacts, &["ID", "VERSION", "TYPE", "STATUS", "DEPLOYED BY", "DEPLOYED ON"], |a| {
                vec![
                    a.id.clone(),
                    a.version.clone(),
                    a.r#type.clone(),
                    a.status.clone(),
                    a.deployed_by.clone(),
                    date_text(a.deployed_on),
                ]
            })
        }
        RuntimeCommand::Show { id } => show_fields(listing, &tenant.runtime_artifact(&id).await?),
        RuntimeCommand::Error { id } => {
            let document = tenant.runtime_error(&id).await?;
            if listing.json {
                outln!("{document}");
                return Ok(());
            }
            outln!("{}", error_text(&document));
            Ok(())
        }
    }
}

/// Runs `cpi endpoint list`.
pub async fn endpoints(tenant: &TenantClient, listing: &Listing) -> anyhow::Result<()> {
    let endpoints = tenant.service_endpoints().await?;
    listing.print(&endpoints, &["FLOW", "VERSION", "PROTOCOL", "URL"], |e| {
        let url = e.entry_points.iter().map(|p| p.url.clone()).collect::<Vec<_>>().join(" ");
        vec![e.name.clone(), e.version.clone(), e.protocol.clone(), url]
    })
}
