//! `cpi serve`: flags, `CPI_*` environment and an optional TOML file, in that order of
//! precedence; structured logs on stderr and the server's own log files in `<data dir>/logs`;
//! graceful shutdown on SIGTERM and Ctrl-C. The data key (which seals secrets at rest) comes
//! from `CPI_DATA_KEY` or the file's `data_key`, never from a flag (command lines are visible to
//! other users); without one, `data.key` in the data dir is used.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use serde::Deserialize;

use cpi_server::clock::{Clock, SystemClock, SystemRandomSource};
use cpi_server::logs::{LogSettings, ServerLogs};
use cpi_server::retention::MplRetention;
use cpi_server::secrets::DataKeyMaterial;
use cpi_server::{Dependencies, ServerConfig};
use cpi_store_sqlite::SqliteStore;

/// Options of `cpi serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the bound address is logged).
    #[arg(long, env = "CPI_LISTEN")]
    listen: Option<SocketAddr>,
    /// Data directory (created if missing); holds the SQLite database and the keys.
    #[arg(long, env = "CPI_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Base URL written into service keys (default: http://<listen address>).
    #[arg(long, env = "CPI_PUBLIC_URL")]
    public_url: Option<String>,
    /// Also create a ready `api` and `integration-flow` instance with one key each.
    #[arg(long, env = "CPI_DEV")]
    dev: bool,
    /// Subdomain of the subaccount created on first start.
    #[arg(long, env = "CPI_SUBDOMAIN")]
    subdomain: Option<String>,
    /// Days message processing logs are kept (default 30).
    #[arg(long, env = "CPI_MPL_RETENTION_DAYS", value_parser = clap::value_parser!(u32).range(1..))]
    mpl_retention_days: Option<u32>,
    /// MiB of message processing log attachments kept; beyond it, the oldest logs' go (default 1024).
    #[arg(long, env = "CPI_MPL_ATTACHMENT_BUDGET_MB")]
    mpl_attachment_budget_mb: Option<u64>,
    /// Size in MiB at which the log files in <data dir>/logs rotate (they also rotate daily).
    #[arg(long, env = "CPI_LOG_MAX_FILE_MIB")]
    log_max_file_mib: Option<u64>,
    /// How many rotated (gzip) files of each log to keep [default: 14].
    #[arg(long, env = "CPI_LOG_KEEP_ROTATED")]
    log_keep_rotated: Option<usize>,
    /// Password of the cockpit's first administrator `admin`, used only when the subaccount has
    /// none yet (default: a generated one, printed once).
    #[arg(long, env = "CPI_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
    /// A TOML file with any of: listen, data_dir, public_url, dev, subdomain, mpl_retention_days,
    /// mpl_attachment_budget_mb, log_max_file_mib, log_keep_rotated, data_key.
    #[arg(long, env = "CPI_CONFIG")]
    config: Option<PathBuf>,
}

/// The optional TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    public_url: Option<String>,
    dev: Option<bool>,
    subdomain: Option<String>,
    mpl_retention_days: Option<u32>,
    mpl_attachment_budget_mb: Option<u64>,
    log_max_file_mib: Option<u64>,
    log_keep_rotated: Option<usize>,
    /// Base64 of 32 bytes; nodes sharing a store must share it.
    data_key: Option<String>,
}

/// The environment variable that gives the data key (base64 of 32 bytes).
const DATA_KEY_ENV: &str = "CPI_DATA_KEY";

/// The data key from the environment, else the config file; its value never appears in errors.
fn data_key(from_file: Option<&str>) -> anyhow::Result<Option<DataKeyMaterial>> {
    let from_env = std::env::var(DATA_KEY_ENV).ok().filter(|v| !v.trim().is_empty());
    let (source, text) = match (from_env, from_file) {
        (Some(text), _) => (DATA_KEY_ENV, text),
        (None, Some(text)) => ("data_key in the config file", text.to_owned()),
        (None, None) => return Ok(None),
    };
    DataKeyMaterial::from_base64(&text).map(Some).map_err(|e| anyhow::anyhow!("invalid {source}: {e}"))
}

/// The default data dir: `$XDG_DATA_HOME/cpi`, `~/.local/share/cpi`, else `./cpi-data`.
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("cpi");
    }
    match std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        Some(home) => PathBuf::from(home).join(".local/share/cpi"),
        None => PathBuf::from("cpi-data"),
    }
}

fn read_file_config(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
}

impl ServeArgs {
    fn resolve(self) -> anyhow::Result<(ServerConfig, LogSettings)> {
        let file = match &self.config {
            Some(path) => read_file_config(path)?,
            None => FileConfig::default(),
        };
        let subdomain = self.subdomain.or(file.subdomain).unwrap_or_else(|| "local".to_owned());
        if !cpi_domain::subaccount::is_valid_subdomain(&subdomain) {
            anyhow::bail!("invalid subdomain '{subdomain}': use lowercase letters, digits and '-'");
        }
        let retention_days = self.mpl_retention_days.or(file.mpl_retention_days).unwrap_or(MplRetention::DEFAULT_DAYS);
        if retention_days == 0 {
            anyhow::bail!("mpl_retention_days must be at least 1");
        }
        let budget_mb =
            self.mpl_attachment_budget_mb.or(file.mpl_attachment_budget_mb).unwrap_or(MplRetention::DEFAULT_BUDGET_MB);
        let defaults = LogSettings::default();
        let max_file_bytes = match self.log_max_file_mib.or(file.log_max_file_mib) {
            Some(0) => anyhow::bail!("log_max_file_mib must be at least 1"),
            Some(mib) => mib.saturating_mul(1024 * 1024),
            None => defaults.max_file_bytes,
        };
        let logs = LogSettings {
            max_file_bytes,
            keep_rotated: self.log_keep_rotated.or(file.log_keep_rotated).unwrap_or(defaults.keep_rotated),
        };
        let data_key = data_key(file.data_key.as_deref())?;
        let config = ServerConfig {
            listen: self.listen.or(file.listen).unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            data_dir: self.data_dir.or(file.data_dir).unwrap_or_else(default_data_dir),
            public_url: self.public_url.or(file.public_url),
            dev: self.dev || file.dev.unwrap_or(false),
            subdomain,
            deploy_delay: std::time::Duration::ZERO,
            data_key,
            mpl_retention: MplRetention::new(retention_days, budget_mb),
            admin_password: self.admin_password,
        };
        Ok((config, logs))
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Runs the server until SIGTERM or Ctrl-C, logging in `log_format` on stderr and into the
/// system log of the data dir.
pub async fn run(args: ServeArgs, log_format: &str) -> anyhow::Result<()> {
    let (config, log_settings) = args.resolve()?;
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create data dir {}", config.data_dir.display()))?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let logs = ServerLogs::open(&config.data_dir, log_settings, clock.clone())
        .with_context(|| format!("cannot open the log files in {}", config.data_dir.join("logs").display()))?;
    super::logging::init(log_format, Some(logs.trace().clone()));
    let last_lines = logs.clone();
    let db_path = config.data_dir.join("cpi.db");
    let store = SqliteStore::open(&db_path).await.with_context(|| format!("cannot open {}", db_path.display()))?;
    tracing::info!(data_dir = %config.data_dir.display(), "data dir ready");
    let deps = Dependencies { store: Arc::new(store), clock, random: Arc::new(SystemRandomSource::default()), logs };
    let server = cpi_server::start(config, deps, shutdown_signal()).await?;
    println!("cpi serve listening on http://{} (public URL {})", server.local_addr, server.public_url);
    println!("control-plane key: {}", server.admin_key_path.display());
    println!("broker credentials: {}", server.broker_credentials_path.display());
    print_cockpit(&server);
    for key in &server.dev_keys {
        println!("\n{} key written to {}", key.plan.name(), key.path.display());
        match key.plan {
            cpi_domain::Plan::Api => {
                println!("Get a token and call the API:\n\n{}\n", cpi_server::dev::curl_snippet(&key.credentials));
            }
            cpi_domain::Plan::IntegrationFlow => println!(
                "Send a message to the deployed flow Route_Order:\n\n{}\n",
                cpi_server::dev::flow_curl_snippet(&key.credentials)
            ),
        }
    }
    server.wait().await?;
    tracing::info!("stopped");
    last_lines.flush().await;
    Ok(())
}

fn print_cockpit(server: &cpi_server::RunningServer) {
    let admin = &server.cockpit_admin;
    println!("cockpit: {}/cockpit/ (user {})", server.public_url, admin.username);
    if let Some(password) = &admin.generated_password {
        println!(
            "  password of {}: {password}\n  (shown only now; set another with `cpi user passwd {}`)",
            admin.username, admin.username
        );
    }
}

/// The data dir the client commands look in: `CPI_DATA_DIR`, else the default.
pub fn data_dir_from_env() -> PathBuf {
    std::env::var_os("CPI_DATA_DIR").filter(|d| !d.is_empty()).map(PathBuf::from).unwrap_or_else(default_data_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(config: Option<PathBuf>, listen: Option<&str>) -> ServeArgs {
        ServeArgs {
            listen: listen.map(|l| l.parse().unwrap()),
            data_dir: None,
            public_url: None,
            dev: false,
            subdomain: None,
            mpl_retention_days: None,
            mpl_attachment_budget_mb: None,
            log_max_file_mib: None,
            log_keep_rotated: None,
            admin_password: None,
            config,
        }
    }

    #[test]
    fn flags_win_over_the_config_file_which_wins_over_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cpi.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\ndata_dir = \"/tmp/cpi-x\"\npublic_url = \"https://cpi.example\"\ndev = true\nsubdomain = \"acme\"\nlog_max_file_mib = 2\nlog_keep_rotated = 3\n",
        )
        .unwrap();
        let (from_file, logs) = args(Some(file.clone()), None).resolve().unwrap();
        assert_eq!(logs, LogSettings { max_file_bytes: 2 * 1024 * 1024, keep_rotated: 3 });
        assert_eq!(from_file.listen.port(), 9000);
        assert_eq!(from_file.data_dir, PathBuf::from("/tmp/cpi-x"));
        assert_eq!(from_file.public_url.as_deref(), Some("https://cpi.example"));
        assert!(from_file.dev);
        assert_eq!(from_file.subdomain, "acme");
        let mut flags = args(Some(file), Some("127.0.0.1:0"));
        flags.log_keep_rotated = Some(0);
        let (flag_wins, logs) = flags.resolve().unwrap();
        assert_eq!(flag_wins.listen.port(), 0);
        assert_eq!(logs.keep_rotated, 0);
        let (defaults, logs) = args(None, None).resolve().unwrap();
        assert_eq!(logs, LogSettings::default());
        assert_eq!(defaults.listen.port(), 8080);
        assert_eq!(defaults.subdomain, "local");
        assert_eq!(defaults.mpl_retention, MplRetention::new(30, 1024));
    }

    #[test]
    fn retention_settings_come_from_flags_or_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cpi.toml");
        std::fs::write(&file, "mpl_retention_days = 7\nmpl_attachment_budget_mb = 64\n").unwrap();
        assert_eq!(args(Some(file.clone()), None).resolve().unwrap().0.mpl_retention, MplRetention::new(7, 64));
        let mut flags = args(Some(file), None);
        flags.mpl_retention_days = Some(2);
        assert_eq!(flags.resolve().unwrap().0.mpl_retention, MplRetention::new(2, 64), "a flag wins over the file");
        std::fs::write(dir.path().join("zero.toml"), "mpl_retention_days = 0\n").unwrap();
        assert!(args(Some(dir.path().join("zero.toml")), None).resolve().is_err(), "zero days are refused");
    }

    #[test]
    fn the_data_key_comes_from_the_config_file_and_a_bad_one_is_refused_without_echoing_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cpi.toml");
        let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        std::fs::write(&file, format!("data_key = \"{key}\"\n")).unwrap();
        if std::env::var_os(DATA_KEY_ENV).is_none() {
            let (config, _) = args(Some(file.clone()), None).resolve().unwrap();
            let expected: Vec<u8> = (0..32).collect();
            assert_eq!(config.data_key.unwrap().bytes().as_slice(), expected.as_slice());
            std::fs::write(&file, "data_key = \"c2VjcmV0LXRvby1zaG9ydA==\"\n").unwrap();
            let err = format!("{:#}", args(Some(file), None).resolve().unwrap_err());
            assert!(err.contains("data_key") && !err.contains("c2VjcmV0"), "{err}");
        }
    }

    #[test]
    fn unknown_config_keys_and_bad_subdomains_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cpi.toml");
        std::fs::write(&file, "lisen = \"127.0.0.1:1\"\n").unwrap();
        let err = format!("{:#}", args(Some(file.clone()), None).resolve().unwrap_err());
        assert!(err.contains("lisen"), "{err}");
        std::fs::write(&file, "subdomain = \"Not Valid\"\n").unwrap();
        assert!(args(Some(file), None).resolve().is_err());
    }
}
