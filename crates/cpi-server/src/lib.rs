//! `cpi serve`: a faithful local SAP BTP subaccount with Cloud Integration. It bootstraps the data
//! dir, loads signing keys, and serves the XSUAA-compatible token service, the Service-Manager
//! control plane and the tenant OData API on one listener, shutting down gracefully.

pub mod api;
pub mod bootstrap;
pub mod broker;
pub mod certificates;
pub mod clock;
pub mod cockpit;
pub mod control;
pub mod credential_cache;
pub mod dev;
pub mod http;
pub mod keyring;
pub mod logs;
pub mod password;
pub mod principal;
pub mod retention;
pub mod runtime;
pub mod secrets;
pub mod seed;
pub mod state;
pub mod token_service;
pub mod users;
pub mod write_locks;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use cpi_domain::Subaccount;
use cpi_store::Store;
use cpi_xsuaa::{CredentialKey, FailureThrottle};

use crate::clock::{Clock, Random};
use crate::dev::DevKey;
use crate::keyring::KeyRing;
use crate::state::{AppState, StateInner};

/// Failed client authentications allowed per client id and window before it is throttled.
pub const MAX_FAILED_CLIENT_AUTHS: u32 = 10;
/// The throttle window.
pub const FAILED_AUTH_WINDOW: time::Duration = time::Duration::seconds(60);

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen (port 0 picks a free port).
    pub listen: SocketAddr,
    /// The data dir (created if missing).
    pub data_dir: PathBuf,
    /// The base URL written into keys; defaults to `http://<bound address>`.
    pub public_url: Option<String>,
    /// Create the dev instances and keys.
    pub dev: bool,
    /// Subdomain of the first subaccount.
    pub subdomain: String,
    /// How long deployments take (zero: at once; tests stretch it to see tasks in flight).
    pub deploy_delay: std::time::Duration,
    /// The key that seals secrets at rest (`CPI_DATA_KEY`); `None` reads or creates `data.key`
    /// in the data dir. Nodes sharing a store must share it.
    pub data_key: Option<secrets::DataKeyMaterial>,
    /// How long message processing logs and their attachments are kept.
    pub mpl_retention: retention::MplRetention,
    /// The password of the cockpit's first administrator (`CPI_ADMIN_PASSWORD`), used only when
    /// the subaccount has none; `None` generates one and reports it once.
    pub admin_password: Option<String>,
}

/// What the server runs on, passed in (nothing global).
#[derive(Debug, Clone)]
pub struct Dependencies {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Randomness.
    pub random: Arc<dyn Random>,
    /// The server's own log files (opened by the caller, whose tracing output may go there).
    pub logs: logs::ServerLogs,
}

/// A started server.
#[derive(Debug)]
pub struct RunningServer {
    /// The bound address.
    pub local_addr: SocketAddr,
    /// The public base URL.
    pub public_url: String,
    /// The default subaccount.
    pub zone: Subaccount,
    /// Path of `admin-key.json`.
    pub admin_key_path: PathBuf,
    /// Path of `broker.json` (the Open Service Broker's URL and Basic credentials).
    pub broker_credentials_path: PathBuf,
    /// The cockpit's administrator (with the password generated on this start, if any).
    pub cockpit_admin: bootstrap::CockpitAdmin,
    /// Keys written by `--dev`.
    pub dev_keys: Vec<DevKey>,
    /// The state (tests inspect it).
    pub state: AppState,
    /// The message processing log retention task.
    pub retention: retention::RetentionHandle,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    background: BackgroundTasks,
}

/// The tasks that run beside the listener and stop with it.
#[derive(Debug)]
struct BackgroundTasks {
    housekeeping: JoinHandle<()>,
    retention: JoinHandle<()>,
}

impl BackgroundTasks {
    /// Starts housekeeping and message processing log retention.
    fn spawn(state: &AppState, config: &ServerConfig) -> (retention::RetentionHandle, BackgroundTasks) {
        let housekeeping = tokio::spawn(housekeeping(state.clone()));
        let (handle, retention) = retention::spawn(state.clone(), config.mpl_retention.clone());
        (handle, BackgroundTasks { housekeeping, retention })
    }

    fn abort(&self) {
        self.housekeeping.abort();
        self.retention.abort();
    }
}

impl RunningServer {
    /// Asks the server to stop, and waits until in-flight requests have finished.
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = self.task.await;
        self.background.abort();
        self.state.logs.flush().await;
        result??;
        Ok(())
    }

    /// Waits until the server stops (after its shutdown signal).
    pub async fn wait(self) -> anyhow::Result<()> {
        let _keep = self.stop;
        let result = self.task.await;
        self.background.abort();
        self.state.logs.flush().await;
        result??;
        Ok(())
    }
}

/// Bootstraps and starts serving; returns once the listener is bound.
pub async fn start(
    config: ServerConfig,
    deps: Dependencies,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<RunningServer> {
    if let Some(password) = &config.admin_password {
        password::check_password_policy(password)
            .map_err(|e| anyhow::anyhow!("the administrator password (CPI_ADMIN_PASSWORD): {e}"))?;
    }
    bootstrap::ensure_data_dir(&config.data_dir)?;
    let listener = TcpListener::bind(config.listen).await?;
    let local_addr = listener.local_addr()?;
    let public_url =
        config.public_url.clone().unwrap_or_else(|| format!("http://{local_addr}")).trim_end_matches('/').to_owned();
    let key_bytes = bootstrap::load_or_create_credential_key(&config.data_dir, deps.random.as_ref())?;
    let credential_key = CredentialKey::new(&key_bytes);
    let data_key_material =
        bootstrap::load_or_create_data_key(&config.data_dir, deps.random.as_ref(), config.data_key.as_ref())?;
    let data_key = secrets::DataKey::new(secrets::CURRENT_KEY_ID, &data_key_material)?;
    let store = deps.store.as_ref();
    let booted =
        bootstrap::ensure_subaccount(store, deps.clock.as_ref(), deps.random.as_ref(), &config.subdomain).await?;
    let zone = booted.zone;
    let admin_key_path = bootstrap::ensure_admin_key(
        store,
        deps.clock.as_ref(),
        deps.random.as_ref(),
        &credential_key,
        &config.data_dir,
        &zone,
        &public_url,
    )
    .await?;
    let cockpit_admin = bootstrap::ensure_cockpit_admin(
        store,
        deps.clock.as_ref(),
        deps.random.as_ref(),
        &zone,
        config.admin_password.as_deref(),
    )
    .await?;
    let broker_credentials_path = broker::write_credentials_file(&config.data_dir, &credential_key, &public_url)?;
    let keys = Keys { credential_key, data_key };
    let state = build_state(&config, &deps, keys, public_url.clone(), zone.clone()).await?;
    let dev_keys = if config.dev { dev::ensure_dev_keys(&state, &zone, &config.data_dir).await? } else { Vec::new() };
    restore_runtime(&state).await?;
    if config.dev {
        seed::ensure_seed_content(&state, &zone).await?;
    }
    let (retention, background) = BackgroundTasks::spawn(&state, &config);
    let (stop, stopped) = oneshot::channel::<()>();
    let app = http::router(state.clone());
    let task = tokio::spawn(async move {
        let signal = async move {
            tokio::select! {
                () = shutdown => {},
                _ = stopped => {},
            }
            tracing::info!("shutting down: finishing in-flight requests");
        };
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(signal)
            .await
    });
    tracing::info!(address = %local_addr, public_url = %public_url, subaccount = %zone.id, new = booted.created, "cpi serve listening");
    Ok(RunningServer {
        local_addr,
        public_url,
        zone,
        admin_key_path,
        broker_credentials_path,
        cockpit_admin,
        dev_keys,
        state,
        retention,
        stop: Some(stop),
        task,
        background,
    })
}

/// Makes the deployed flows callable again and finishes deployments that were in flight.
async fn restore_runtime(state: &AppState) -> anyhow::Result<()> {
    let loaded = runtime::loader::load_deployed_flows(state).await?;
    if loaded > 0 {
        tracing::info!(flows = loaded, "deployed integration flows are callable");
    }
    let resumed = api::deploy::resume_pending(state).await?;
    if resumed > 0 {
        tracing::info!(resumed, "deployments in flight at the last stop are being finished");
    }
    Ok(())
}

/// The keys loaded from the data dir (or configuration) at start.
struct Keys {
    credential_key: CredentialKey,
    data_key: secrets::DataKey,
}

/// The shared state: keys of every zone loaded, configuration and dependencies passed in.
async fn build_state(
    config: &ServerConfig,
    deps: &Dependencies,
    loaded: Keys,
    public_url: String,
    zone: Subaccount,
) -> anyhow::Result<AppState> {
    let store = deps.store.as_ref();
    let keys = KeyRing::default();
    for subaccount in store.list_subaccounts().await? {
        keys.load(store, subaccount.id).await?;
    }
    Ok(AppState {
        inner: Arc::new(StateInner {
            store: deps.store.clone(),
            keys,
            credential_key: loaded.credential_key,
            data_key: loaded.data_key,
            public_url: public_url.clone(),
            jku: format!("{public_url}/token_keys"),
            default_zone: zone.clone(),
            clock: deps.clock.clone(),
            random: deps.random.clone(),
            credentials: Default::default(),
            throttle: Mutex::new(FailureThrottle::new(MAX_FAILED_CLIENT_AUTHS, FAILED_AUTH_WINDOW)),
            password_cache: Mutex::new(Default::default()),
            runtime: runtime::RuntimeParts::start(deps.store.clone()),
            deploy_delay: config.deploy_delay,
            write_locks: Default::default(),
            logs: deps.logs.clone(),
        }),
    })
}

/// Periodic clean-up, once an hour: expired refresh tokens are deleted, and so are persisted
/// messages, data store entries and variables past their retention; entries past their due
/// time become overdue.
async fn housekeeping(state: AppState) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match state.store.purge_refresh_tokens_expired_before(state.clock.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "expired refresh tokens deleted"),
            Err(e) => tracing::warn!(error = %e, "refresh-token clean-up failed"),
        }
        match state.store.expire_runtime_data(state.clock.now()).await {
            Ok(expired) if expired == cpi_store::Expired::default() => {}
            Ok(expired) => tracing::info!(
                messages = expired.messages,
                data_store_entries = expired.data_store_entries,
                variables = expired.variables,
                overdue = expired.overdue,
                "runtime data expired"
            ),
            Err(e) => tracing::warn!(error = %e, "runtime-data expiry failed"),
        }
    }
}

/// `http://<bound address>`, with a wildcard address replaced by loopback so keys stay usable.
pub fn default_public_url(bound: SocketAddr) -> String {
    let mut reachable = bound;
    if bound.ip().is_unspecified() {
        reachable.set_ip(match bound {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{reachable}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_listen_addresses_become_loopback_in_keys() {
        assert_eq!(default_public_url("0.0.0.0:8080".parse().unwrap()), "http://127.0.0.1:8080");
        assert_eq!(default_public_url("[::]:80".parse().unwrap()), "http://[::1]:80");
        assert_eq!(default_public_url("10.1.2.3:9".parse().unwrap()), "http://10.1.2.3:9");
    }
}
