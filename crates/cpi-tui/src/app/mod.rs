//! [`App`]: the state machine of the UI. It takes [`Event`]s and returns [`Command`]s; it never
//! waits, reads the clock or touches the terminal, so every behaviour is tested with plain
//! values (and drawn into a test backend).

mod keys;
mod render;
mod search;

use crate::event::{Command, Event};
use crate::request::{Request, Response};
use crate::screens::{Component, MessagesScreen, PackagesScreen, RuntimeScreen, ScreenAction, ScreenKind};
use crate::theme::Theme;
use crate::widgets::{Confirm, ConfirmDialog, Found};
use search::SearchPrompt;

/// The tabs of the top menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Packages → artifacts → artifact details.
    Packages,
    /// Deployed artifacts → one deployment.
    Runtime,
    /// The message monitor → one message → an attachment.
    Messages,
}

impl Tab {
    /// Every tab in menu order.
    pub const ALL: [Tab; 3] = [Tab::Packages, Tab::Runtime, Tab::Messages];

    /// Its position in the menu.
    pub fn index(self) -> usize {
        match self {
            Tab::Packages => 0,
            Tab::Runtime => 1,
            Tab::Messages => 2,
        }
    }

    /// Its menu title.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Packages => "Packages",
            Tab::Runtime => "Runtime",
            Tab::Messages => "Messages",
        }
    }
}

/// A message in the status bar: the outcome of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What it says.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
}

/// The whole UI state: one stack of screens per tab, the overlays and the running actions.
#[derive(Debug)]
pub struct App {
    theme: Theme,
    tab: Tab,
    stacks: [Vec<Box<dyn Component>>; 3],
    opened: [bool; 3],
    search: Option<SearchPrompt>,
    found: Option<Found>,
    help: bool,
    confirm: Option<ConfirmDialog>,
    busy: Vec<(Request, String)>,
    notice: Option<Notice>,
    ticks: u64,
}

impl App {
    /// The app on the Packages tab, nothing loaded yet (see [`start`](Self::start)).
    pub fn new(theme: Theme) -> App {
        App {
            theme,
            tab: Tab::Packages,
            stacks: [
                vec![Box::new(PackagesScreen::new())],
                vec![Box::new(RuntimeScreen::new())],
                vec![Box::new(MessagesScreen::new())],
            ],
            opened: [false; 3],
            search: None,
            found: None,
            help: false,
            confirm: None,
            busy: Vec::new(),
            notice: None,
            ticks: 0,
        }
    }

    /// The first commands: load the packages.
    pub fn start(&mut self) -> Vec<Command> {
        self.open_tab(Tab::Packages)
    }

    /// Reacts to an event; the commands to run.
    pub fn handle(&mut self, event: Event) -> Vec<Command> {
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Loaded(response) => self.on_response(response),
            Event::Tick => {
                self.ticks = self.ticks.wrapping_add(1);
                let ticks = self.ticks;
                self.top_mut().on_tick(ticks).map(Command::Load).into_iter().collect()
            }
            Event::Resize => Vec::new(),
        }
    }

    /// The current tab.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The screen shown.
    pub fn screen(&self) -> ScreenKind {
        self.top().kind()
    }

    /// How many screens the current tab has open (1 on its first screen).
    pub fn depth(&self) -> usize {
        self.stacks[self.tab.index()].len()
    }

    /// The path to the screen shown: `Packages › Orders › Order_In`.
    pub fn breadcrumb(&self) -> Vec<String> {
        self.stacks[self.tab.index()].iter().map(|screen| screen.title()).collect()
    }

    /// Whether the screen shown waits for data.
    pub fn is_loading(&self) -> bool {
        self.top().is_loading()
    }

    /// Whether the help overlay is open.
    pub fn is_help_open(&self) -> bool {
        self.help
    }

    /// Whether `/` is editing the search query.
    pub fn is_searching(&self) -> bool {
        self.search.is_some()
    }

    /// The open confirmation.
    pub fn confirmation(&self) -> Option<&Confirm> {
        self.confirm.as_ref().map(|dialog| &dialog.confirm)
    }

    /// The actions running, as the status bar names them.
    pub fn busy(&self) -> impl Iterator<Item = &str> {
        self.busy.iter().map(|(_, label)| label.as_str())
    }

    /// The last action's outcome.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    fn top(&self) -> &dyn Component {
        // Every stack starts with its tab's first screen, which is never popped.
        self.stacks[self.tab.index()].last().map(Box::as_ref).unwrap_or_else(|| unreachable!("empty tab"))
    }

    fn top_mut(&mut self) -> &mut dyn Component {
        self.stacks[self.tab.index()].last_mut().map(Box::as_mut).unwrap_or_else(|| unreachable!("empty tab"))
    }

    fn open_tab(&mut self, tab: Tab) -> Vec<Command> {
        self.tab = tab;
        self.search = None;
        self.found = None;
        if std::mem::replace(&mut self.opened[tab.index()], true) {
            return Vec::new();
        }
        self.top_mut().reload().map(Command::Load).into_iter().collect()
    }

    fn act(&mut self, action: ScreenAction) -> Vec<Command> {
        match action {
            ScreenAction::None => Vec::new(),
            ScreenAction::Open(mut screen) => {
                self.found = None;
                let request = screen.reload();
                self.stacks[self.tab.index()].push(screen);
                request.map(Command::Load).into_iter().collect()
            }
            ScreenAction::Load(request) => vec![Command::Load(request)],
            ScreenAction::Confirm(confirm) => {
                self.confirm = Some(ConfirmDialog::new(confirm));
                Vec::new()
            }
        }
    }

    fn on_response(&mut self, response: Response) -> Vec<Command> {
        let finished = match &response {
            Response::Deployed { id, result } => {
                Some((id, result.as_ref().map(|status| format!("'{id}' deployed: {status}"))))
            }
            Response::Undeployed { id, result } => Some((id, result.as_ref().map(|()| format!("'{id}' undeployed")))),
            Response::Downloaded { id, result } => {
                Some((id, result.as_ref().map(|path| format!("'{id}' saved as {}", path.display()))))
            }
            _ => None,
        };
        let Some((id, outcome)) = finished else {
            for screen in self.stacks.iter_mut().flatten() {
                screen.accept(&response);
            }
            return Vec::new();
        };
        self.busy.retain(|(request, _)| !finished_by(request, &response));
        self.found = None;
        self.notice = Some(match outcome {
            Ok(text) => Notice { text, error: false },
            Err(error) => Notice { text: format!("'{id}': {error}"), error: true },
        });
        if matches!(response, Response::Downloaded { .. }) { Vec::new() } else { self.reload_artifact(&id.clone()) }
    }

    /// Reloads the screens that show an artifact (after a deploy or undeploy), in tabs opened.
    fn reload_artifact(&mut self, id: &str) -> Vec<Command> {
        let opened = self.opened;
        self.stacks
            .iter_mut()
            .zip(opened)
            .filter(|(_, opened)| *opened)
            .flat_map(|(stack, _)| stack.iter_mut())
            .filter(|screen| screen.shows_artifact(id))
            .filter_map(|screen| screen.reload())
            .map(Command::Load)
            .collect()
    }
}

/// Whether `response` is the outcome of the action `request`.
fn finished_by(request: &Request, response: &Response) -> bool {
    match (request, response) {
        (Request::Deploy { id, .. }, Response::Deployed { id: done, .. })
        | (Request::Undeploy { id }, Response::Undeployed { id: done, .. })
        | (Request::Download { id, .. }, Response::Downloaded { id: done, .. }) => id == done,
        _ => false,
    }
}
