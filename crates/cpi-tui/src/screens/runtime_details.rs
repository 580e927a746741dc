//! One deployed artifact: its status and, in `ERROR`, the error.

use cpi_client::tenant::RuntimeArtifact;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::attachment::TEXT_KEYS;
use super::runtime::confirm_undeploy;
use super::{Component, KeyHelp, LoadState, RenderContext, ScreenAction, ScreenKind};
use crate::format;
use crate::list::Motion;
use crate::request::{Request, Response};
use crate::widgets::{InfoBlock, TextView};

/// A deployed artifact with its error.
#[derive(Debug)]
pub struct RuntimeDetailsScreen {
    artifact: RuntimeArtifact,
    deployed: bool,
    error: Option<String>,
    load: LoadState,
    text: TextView,
}

impl RuntimeDetailsScreen {
    /// The screen of a deployed artifact, before its first load.
    pub fn new(artifact: RuntimeArtifact) -> RuntimeDetailsScreen {
        RuntimeDetailsScreen { artifact, deployed: true, error: None, load: LoadState::Idle, text: TextView::default() }
    }

    fn error_text(&self) -> String {
        match (&self.load, &self.error) {
            (LoadState::Failed(message), _) => format!("✗ {message}"),
            (_, Some(error)) => error.clone(),
            (LoadState::Idle | LoadState::Loading, None) => "loading…".to_owned(),
            (LoadState::Loaded, None) if !self.deployed => "no longer deployed".to_owned(),
            (LoadState::Loaded, None) => "no error".to_owned(),
        }
    }
}

impl Component for RuntimeDetailsScreen {
    fn kind(&self) -> ScreenKind {
        ScreenKind::RuntimeDetails
    }

    fn title(&self) -> String {
        self.artifact.id.clone()
    }

    fn keys(&self) -> &'static [KeyHelp] {
        &[("u", "undeploy (asks first)"), TEXT_KEYS[0], TEXT_KEYS[1]]
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let artifact = &self.artifact;
        let status = if self.deployed { artifact.status.clone() } else { "UNDEPLOYED".to_owned() };
        let info = InfoBlock::new(format!("Deployed {}", artifact.id))
            .row("Name", artifact.name.clone())
            .row("Type", artifact.r#type.clone())
            .row("Version", artifact.version.clone())
            .styled_row("Status", status.clone(), context.theme.status(&status))
            .row("Deployed", format!("{} by {}", format::timestamp(artifact.deployed_on), artifact.deployed_by));
        let [top, rest] = Layout::vertical([Constraint::Length(info.height()), Constraint::Fill(1)]).areas(area);
        info.render(frame, top, context.theme);
        let style = if self.error.is_some() { context.theme.error() } else { context.theme.dim() };
        let text = self.error_text();
        self.text.render(frame, rest, "Error", &text, style, context.theme);
    }

    fn reload(&mut self) -> Option<Request> {
        self.load = LoadState::Loading;
        Some(Request::RuntimeDetails { id: self.artifact.id.clone() })
    }

    fn accept(&mut self, response: &Response) -> bool {
        let Response::RuntimeDetails { id, result } = response else { return false };
        if *id != self.artifact.id {
            return false;
        }
        self.load = LoadState::after(result);
        if let Ok(details) = result {
            self.deployed = details.artifact.is_some();
            if let Some(artifact) = &details.artifact {
                self.artifact = artifact.clone();
            }
            self.error = details.error.clone();
        }
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_loading()
    }

    fn shows_artifact(&self, id: &str) -> bool {
        self.artifact.id == id
    }

    fn on_key(&mut self, key: KeyEvent) -> ScreenAction {
        match key.code {
            KeyCode::Char('u') => confirm_undeploy(&self.artifact.id),
            _ => ScreenAction::None,
        }
    }

    fn on_motion(&mut self, motion: Motion) {
        self.text.apply(motion);
    }

    fn text_view(&mut self) -> Option<(&mut TextView, String)> {
        let text = self.error_text();
        Some((&mut self.text, text))
    }
}
