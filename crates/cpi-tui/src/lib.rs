//! `cpi explore`: a terminal UI over a tenant's API.
//!
//! Three tabs: **Packages** (packages → a package's artifacts → an artifact's configurations,
//! resources and runtime status; deploy, undeploy, download), **Runtime** (deployed artifacts
//! with their status → one deployment with its error) and **Messages** (the message monitor
//! with status, flow, time-window and until filters and live refresh → one message with its error
//! text and attachments → an attachment's payload).
//!
//! The parts:
//! - [`App`] is a state machine: [`Event`]s in (keys, responses, ticks), [`Command`]s out
//!   (load this, deploy that, quit). It never waits, so it is tested without a terminal.
//! - [`screens`] are its components, one module per screen, each with `render`.
//! - [`Loader`] is what the UI asks of a tenant; [`cpi_client::TenantClient`] implements it,
//!   tests fake it. [`execute`] turns a [`Request`] into a [`Response`] with a loader.
//! - [`drive`] is the event loop: background tasks send responses over a channel, so a slow
//!   tenant shows a spinner and never blocks the keys.
//! - [`run`] sets up the terminal (raw mode, alternate screen; restored on exit and on panic).

mod app;
mod error;
mod event;
mod event_loop;
mod execute;
mod format;
mod list;
mod loader;
mod message_filter;
mod request;
pub mod screens;
mod terminal;
mod theme;
pub mod widgets;

pub use app::{App, Notice, Tab};
pub use error::TuiError;
pub use event::{Command, Event};
pub use event_loop::{TICK, drive, terminal_events};
pub use execute::{Settings, execute};
pub use list::{Entry, FilteredList, ListControl, Motion};
pub use loader::{LoadError, Loaded, Loader};
pub use message_filter::{MessageFilter, STATUSES, TimeWindow, Until};
pub use request::{ArtifactDetails, ArtifactEntry, MessageDetails, Request, Response, RuntimeDetails};
pub use terminal::TerminalSession;
pub use theme::Theme;

/// How the UI runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The styles (plain when `NO_COLOR` is set).
    pub theme: Theme,
    /// How requests run (where downloads go, how deployments are awaited).
    pub settings: Settings,
}

impl Options {
    /// The options of the environment: `NO_COLOR`, downloads into the current folder.
    pub fn from_env() -> Options {
        let no_color = std::env::var("NO_COLOR").ok();
        Options { theme: Theme::for_no_color(no_color.as_deref()), settings: Settings::default() }
    }
}

/// Runs the UI on this terminal against a tenant until the user quits.
pub async fn run(client: cpi_client::TenantClient) -> Result<(), TuiError> {
    run_with(client, Options::from_env()).await
}

/// Runs the UI on this terminal with any loader and options.
pub async fn run_with<L: Loader>(loader: L, options: Options) -> Result<(), TuiError> {
    let mut session = TerminalSession::enter()?;
    let mut app = App::new(options.theme);
    drive(&mut app, loader, session.terminal(), terminal_events(), options.settings).await
}
