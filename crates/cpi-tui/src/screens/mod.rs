//! The screens, one module each, behind the [`Component`] trait: what a screen shows, which
//! keys it takes, what it loads and which responses it accepts.

mod artifact_details;
mod artifacts;
mod attachment;
mod message_details;
mod messages;
mod packages;
mod runtime;
mod runtime_details;

use std::fmt;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

pub use artifact_details::ArtifactDetailsScreen;
pub use artifacts::ArtifactsScreen;
pub use attachment::AttachmentScreen;
pub use message_details::MessageDetailsScreen;
pub use messages::MessagesScreen;
pub use packages::PackagesScreen;
pub use runtime::RuntimeScreen;
pub use runtime_details::RuntimeDetailsScreen;

use crate::list::{ListControl, Motion};
use crate::loader::Loaded;
use crate::request::{Request, Response};
use crate::theme::Theme;
use crate::widgets::{Confirm, TextView};

/// A key and what it does, as the help overlay lists it.
pub type KeyHelp = (&'static str, &'static str);

/// Which screen a component is (for the help overlay's title and for tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    /// The integration packages.
    Packages,
    /// The artifacts of a package.
    Artifacts,
    /// One artifact: configurations, resources, runtime status.
    ArtifactDetails,
    /// The deployed artifacts.
    Runtime,
    /// One deployed artifact with its error.
    RuntimeDetails,
    /// The message monitor.
    Messages,
    /// One message: error text and attachments.
    MessageDetails,
    /// An attachment's payload.
    Attachment,
}

impl ScreenKind {
    /// Its name in the help overlay.
    pub fn name(self) -> &'static str {
        match self {
            ScreenKind::Packages => "Packages",
            ScreenKind::Artifacts => "Artifacts",
            ScreenKind::ArtifactDetails => "Artifact",
            ScreenKind::Runtime => "Runtime",
            ScreenKind::RuntimeDetails => "Deployed artifact",
            ScreenKind::Messages => "Message monitor",
            ScreenKind::MessageDetails => "Message",
            ScreenKind::Attachment => "Attachment",
        }
    }
}

/// Whether a screen's data is there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LoadState {
    /// Nothing asked yet.
    #[default]
    Idle,
    /// A request is running.
    Loading,
    /// The data is there.
    Loaded,
    /// The last request failed with this message.
    Failed(String),
}

impl LoadState {
    /// Whether a request is running.
    pub fn is_loading(&self) -> bool {
        matches!(self, LoadState::Loading)
    }

    /// The state after a response: loaded, or failed with its message.
    pub fn after<T>(result: &Loaded<T>) -> LoadState {
        match result {
            Ok(_) => LoadState::Loaded,
            Err(error) => LoadState::Failed(error.message.clone()),
        }
    }
}

/// What components draw with.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext {
    /// The styles.
    pub theme: Theme,
    /// The spinner's current frame.
    pub spinner: &'static str,
}

/// What a key did on a screen.
#[derive(Debug)]
pub enum ScreenAction {
    /// Nothing more for the app to do.
    None,
    /// Open this screen on top (and load it).
    Open(Box<dyn Component>),
    /// Run this request (the screen has marked itself loading).
    Load(Request),
    /// Ask this question first; run its request on "yes".
    Confirm(Confirm),
}

/// A screen.
pub trait Component: fmt::Debug + Send {
    /// Which screen this is.
    fn kind(&self) -> ScreenKind;

    /// Its part of the breadcrumb (`Orders`, `Order_In`).
    fn title(&self) -> String;

    /// Its own keys, for the help overlay.
    fn keys(&self) -> &'static [KeyHelp];

    /// Draws it into `area`.
    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext);

    /// Marks it loading and returns what to load (`None` when it has nothing to load).
    fn reload(&mut self) -> Option<Request>;

    /// Takes the response if it is for this screen; whether it did.
    fn accept(&mut self, response: &Response) -> bool;

    /// Whether a load is running.
    fn is_loading(&self) -> bool;

    /// Handles a key the app did not handle itself.
    fn on_key(&mut self, _key: KeyEvent) -> ScreenAction {
        ScreenAction::None
    }

    /// The list that `/` searches and the arrows move, if it has one.
    fn list(&mut self) -> Option<&mut dyn ListControl> {
        None
    }

    /// The text view that `/` searches and `n`/`N` step through, with the text it shows, when the
    /// focus is on one (then `/` searches it rather than the list).
    fn text_view(&mut self) -> Option<(&mut TextView, String)> {
        None
    }

    /// Moves the selection (or scrolls).
    fn on_motion(&mut self, motion: Motion) {
        if let Some(list) = self.list() {
            list.apply(motion);
        }
    }

    /// Whether it is editing text, so that every key goes to [`on_key`](Self::on_key).
    fn captures_input(&self) -> bool {
        false
    }

    /// Called on every tick while the screen is shown; a request to run (live refresh).
    fn on_tick(&mut self, _ticks: u64) -> Option<Request> {
        None
    }

    /// Whether it shows this artifact (it reloads after the artifact is deployed or undeployed).
    fn shows_artifact(&self, _id: &str) -> bool {
        false
    }
}
