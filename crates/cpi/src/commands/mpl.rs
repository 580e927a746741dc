//! `cpi mpl list|show|error|attachments|attachment|tail` read a tenant's logs (see
//! `commands::client::monitor`). `cpi mpl generate`: writes realistic message processing logs into the default subaccount of
//! a data dir's database, for demos and load tests of the monitoring API. Generation and
//! insertion overlap: a blocking task makes the next batch while the store writes the last.

mod catalog;
mod generator;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Subcommand};

use cpi_server::clock::{Clock, SystemClock, SystemRandomSource};
use cpi_store::MonitoringStore;
use cpi_store_sqlite::SqliteStore;

use crate::commands::serve::data_dir_from_env;
use generator::{GeneratorConfig, MplGenerator};

/// How often progress is printed.
const PROGRESS_EVERY: Duration = Duration::from_secs(2);
/// Batches generated ahead of the writer.
const BATCHES_AHEAD: usize = 2;

/// `cpi mpl …`.
#[derive(Debug, Args)]
pub struct MplArgs {
    #[command(subcommand)]
    command: MplCommand,
}

/// Message processing log commands.
#[derive(Debug, Subcommand)]
enum MplCommand {
    /// Write N realistic message processing logs (with attachments, headers, errors and runs)
    /// into the default subaccount of the data dir's database.
    Generate(GenerateArgs),
    #[command(flatten)]
    Client(crate::commands::client::monitor::MonitorCommand),
}

/// Options of `cpi mpl generate`.
#[derive(Debug, Args)]
struct GenerateArgs {
    /// How many logs to write.
    #[arg(long)]
    count: u64,
    /// The data dir (default: CPI_DATA_DIR, else the one `cpi serve` uses).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// How many integration flows the logs are spread over.
    #[arg(long, default_value_t = 20)]
    flows: u32,
    /// How many days back the logs start, up to now.
    #[arg(long, default_value_t = 7)]
    days: u32,
    /// The seed: the same seed gives the same logs (relative to now).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Logs written per transaction.
    #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch: u32,
}

/// Runs an `mpl` command.
pub async fn run(args: MplArgs) -> anyhow::Result<()> {
    match args.command {
        MplCommand::Generate(generate_args) => generate(generate_args).await,
        MplCommand::Client(command) => {
            let connected = crate::commands::client::connect(command.client())?;
            let result = crate::commands::client::monitor::run(&connected.tenant, command).await;
            result.map_err(|error| connected.explain(error))
        }
    }
}

async fn generate(args: GenerateArgs) -> anyhow::Result<()> {
    let data_dir = args.data_dir.unwrap_or_else(data_dir_from_env);
    cpi_server::bootstrap::ensure_data_dir(&data_dir)
        .with_context(|| format!("cannot create data dir {}", data_dir.display()))?;
    let db_path = data_dir.join("cpi.db");
    let store = SqliteStore::open(&db_path).await.with_context(|| format!("cannot open {}", db_path.display()))?;
    let clock = SystemClock;
    let zone =
        cpi_server::bootstrap::ensure_subaccount(&store, &clock, &SystemRandomSource::default(), "local").await?.zone;
    let config = GeneratorConfig {
        count: args.count,
        flows: args.flows,
        window: time::Duration::days(i64::from(args.days)),
        end: clock.now(),
        seed: args.seed,
        component: format!("CPI_{}", zone.subdomain),
    };
    let (sender, mut batches) = tokio::sync::mpsc::channel(BATCHES_AHEAD);
    let batch_size = args.batch as usize;
    let producer = tokio::task::spawn_blocking(move || {
        let mut generator = MplGenerator::new(config);
        while generator.remaining() > 0 {
            if sender.blocking_send(generator.next_batch(batch_size)).is_err() {
                return;
            }
        }
    });
    let started = Instant::now();
    let mut progress = Progress { total: args.count, written: 0, started, last: started };
    while let Some(batch) = batches.recv().await {
        store.insert_mpls(zone.id, &batch).await.context("cannot write message processing logs")?;
        progress.add(batch.len() as u64);
    }
    producer.await.context("the generator failed")?;
    store.close().await;
    let seconds = started.elapsed().as_secs_f64();
    outln!(
        "wrote {} message processing logs over {} flows and {} days into subaccount {} ({}) in {seconds:.1} s ({:.0} logs/s)",
        args.count,
        args.flows.max(1),
        args.days,
        zone.subdomain,
        zone.id,
        args.count as f64 / seconds.max(f64::EPSILON),
    );
    Ok(())
}

/// Progress on stderr.
#[derive(Debug)]
struct Progress {
    total: u64,
    written: u64,
    started: Instant,
    last: Instant,
}

impl Progress {
    fn add(&mut self, written: u64) {
        self.written += written;
        if self.last.elapsed() < PROGRESS_EVERY && self.written < self.total {
            return;
        }
        self.last = Instant::now();
        let rate = self.written as f64 / self.started.elapsed().as_secs_f64().max(f64::EPSILON);
        eprintln!("{}/{} logs written ({rate:.0} logs/s)", self.written, self.total);
    }
}
