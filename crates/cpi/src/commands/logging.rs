//! The process's tracing output: on stderr (level from `CPI_LOG`, default info), and for
//! `cpi serve` also into the system log of the data dir (`logs/trace.log`, info level, written by
//! the server's background log writer), in the format chosen with `--log-format`.

use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry, fmt};

use cpi_server::logs::LogWriter;

type BoxedLayer = Box<dyn Layer<Registry> + Send + Sync>;

/// Installs the process's tracing subscriber; `system_log` adds the file layer.
pub fn init(format: &str, system_log: Option<LogWriter>) {
    let json = format == "json";
    let filter = EnvFilter::try_from_env("CPI_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = fmt::layer().with_writer(std::io::stderr);
    let stderr: BoxedLayer = if json { stderr.json().boxed() } else { stderr.boxed() };
    let mut layers = vec![stderr.with_filter(filter).boxed()];
    if let Some(log) = system_log {
        let file = fmt::layer().with_ansi(false).with_writer(move || log.line_writer());
        let file: BoxedLayer = if json { file.json().boxed() } else { file.boxed() };
        layers.push(file.with_filter(LevelFilter::INFO).boxed());
    }
    tracing_subscriber::registry().with(layers).init();
}
