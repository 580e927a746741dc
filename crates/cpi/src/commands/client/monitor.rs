//! `cpi mpl list|show|error|attachments|attachment|tail`: message processing logs of a tenant.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use time::OffsetDateTime;

use cpi_client::tenant::{MessageLog, MplQuery, TenantClient};

use super::connection::ClientArgs;
use super::view::{Listing, date_text, show_fields, write_file};

/// Client commands of `cpi mpl`.
#[derive(Debug, Subcommand)]
pub enum MonitorCommand {
    /// List message processing logs, newest first.
    List(ListArgs),
    /// Show one log.
    Show {
        #[command(flatten)]
        client: ClientArgs,
        /// MessageGuid.
        guid: String,
    },
    /// The error text of a failed message.
    Error {
        #[command(flatten)]
        client: ClientArgs,
        /// MessageGuid.
        guid: String,
    },
    /// List a message's attachments.
    Attachments {
        #[command(flatten)]
        client: ClientArgs,
        /// MessageGuid.
        guid: String,
    },
    /// Save one attachment's payload (needs MessagePayloadsRead).
    Attachment {
        #[command(flatten)]
        client: ClientArgs,
        /// Attachment id.
        id: String,
        /// Output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Follow new messages as they are logged (Ctrl-C stops).
    Tail(TailArgs),
}

impl MonitorCommand {
    /// The connection options of the command.
    pub fn client(&self) -> &ClientArgs {
        match self {
            MonitorCommand::List(args) => &args.client,
            MonitorCommand::Tail(args) => &args.client,
            MonitorCommand::Show { client, .. }
            | MonitorCommand::Error { client, .. }
            | MonitorCommand::Attachments { client, .. }
            | MonitorCommand::Attachment { client, .. } => client,
        }
    }
}

/// Filters of `cpi mpl list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// Only this status: COMPLETED, FAILED, PROCESSING, RETRY, ESCALATED, …
    #[arg(long)]
    pub status: Option<String>,
    /// Only messages that ended within this time: 30s, 15m, 2h, 7d.
    #[arg(long)]
    pub since: Option<String>,
    /// Only this integration flow (artifact id).
    #[arg(long)]
    pub flow: Option<String>,
    /// At most this many (newest first).
    #[arg(long, default_value_t = 100)]
    pub top: u32,
}

/// Options of `cpi mpl tail`.
#[derive(Debug, Args)]
pub struct TailArgs {
    #[command(flatten)]
    pub client: ClientArgs,
    /// Only this integration flow.
    #[arg(long)]
    pub flow: Option<String>,
    /// Only this status.
    #[arg(long)]
    pub status: Option<String>,
    /// Seconds between polls.
    #[arg(long, default_value_t = 2)]
    pub interval: u64,
    /// Stop after this many new messages (default: run until interrupted).
    #[arg(long)]
    pub count: Option<usize>,
}

/// `30s`, `15m`, `2h`, `7d` → a duration.
pub fn parse_age(text: &str) -> anyhow::Result<time::Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().with_context(|| format!("'{text}' is not an age like 30s, 15m, 2h or 7d"))?;
    Ok(match unit {
        "s" => time::Duration::seconds(n),
        "m" | "min" => time::Duration::minutes(n),
        "h" => time::Duration::hours(n),
        "d" => time::Duration::days(n),
        _ => bail!("'{text}' is not an age like 30s, 15m, 2h or 7d"),
    })
}

fn query_of(status: Option<String>, flow: Option<String>, since: Option<OffsetDateTime>, top: Option<u32>) -> MplQuery {
    MplQuery { status: status.map(|s| s.to_ascii_uppercase()), flow, since, until: None, top }
}

fn print_logs(listing: &Listing, logs: &[MessageLog]) -> anyhow::Result<()> {
    listing.print(logs, &["MESSAGE GUID", "STATUS", "FLOW", "LOG END", "APPLICATION ID"], |m| {
        vec![
            m.message_guid.clone(),
            m.status.clone(),
            m.integration_artifact.id.clone(),
            date_text(m.log_end),
            m.application_message_id.clone().unwrap_or_default(),
        ]
    })
}

/// Runs a client `cpi mpl` command.
pub async fn run(tenant: &TenantClient, command: MonitorCommand) -> anyhow::Result<()> {
    match command {
        MonitorCommand::List(args) => {
            let since = args.since.as_deref().map(parse_age).transpose()?.map(|age| OffsetDateTime::now_utc() - age);
            let logs = tenant.message_logs(&query_of(args.status, args.flow, since, Some(args.top))).await?;
            print_logs(&Listing { json: args.client.json }, &logs)
        }
        MonitorCommand::Show { client, guid } => {
            show_fields(&Listing { json: client.json }, &tenant.message_log(&guid).await?)
        }
        MonitorCommand::Error { guid, .. } => {
            outln!("{}", tenant.message_error_text(&guid).await?);
            Ok(())
        }
        MonitorCommand::Attachments { client, guid } => {
            let attachments = tenant.message_attachments(&guid).await?;
            Listing { json: client.json }.print(&attachments, &["ID", "NAME", "TYPE", "SIZE"], |a| {
                vec![a.id.clone(), a.name.clone(), a.content_type.clone(), a.payload_size.to_string()]
            })
        }
        MonitorCommand::Attachment { id, output, .. } => {
            let payload = tenant.attachment_content(&id).await?;
            match output {
                Some(path) => write_file(&path, &payload),
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&payload).context("cannot write to stdout")
                }
            }
        }
        MonitorCommand::Tail(args) => tail(tenant, args).await,
    }
}

/// Polls for logs newer than the last seen and prints each once.
async fn tail(tenant: &TenantClient, args: TailArgs) -> anyhow::Result<()> {
    let listing = Listing { json: args.client.json };
    let mut since = OffsetDateTime::now_utc() - time::Duration::seconds(30);
    // Messages that ended before the tail started are not printed, only remembered.
    let already =
        tenant.message_logs(&query_of(args.status.clone(), args.flow.clone(), Some(since), Some(1000))).await?;
    let mut seen: HashSet<String> = already.into_iter().map(|log| log.message_guid).collect();
    let mut printed = 0;
    if !listing.json {
        eprintln!("Following new messages (Ctrl-C stops) …");
    }
    loop {
        let query = query_of(args.status.clone(), args.flow.clone(), Some(since), Some(1000));
        let mut logs = tenant.message_logs(&query).await?;
        logs.retain(|log| !seen.contains(&log.message_guid));
        if seen.len() > 100_000 {
            seen.clear();
        }
        logs.reverse();
        for log in &logs {
            seen.insert(log.message_guid.clone());
            if let Some(end) = log.log_end {
                since = since.max(end - time::Duration::seconds(5));
            }
            if listing.json {
                outln!("{}", serde_json::to_string(log)?);
            } else {
                outln!(
                    "{}  {:<10} {:<30} {}",
                    date_text(log.log_end),
                    log.status,
                    log.integration_artifact.id,
                    log.message_guid
                );
            }
            printed += 1;
            if args.count.is_some_and(|count| printed >= count) {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_secs(args.interval.max(1))).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_parse() {
        assert_eq!(parse_age("30s").unwrap(), time::Duration::seconds(30));
        assert_eq!(parse_age("2h").unwrap(), time::Duration::hours(2));
        assert_eq!(parse_age("7d").unwrap(), time::Duration::days(7));
        assert!(parse_age("2 hours").is_err());
        assert!(parse_age("h").is_err());
    }
}
