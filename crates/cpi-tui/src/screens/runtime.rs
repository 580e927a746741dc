//! The deployed artifacts with their status: the first screen of the Runtime tab.

use cpi_client::tenant::RuntimeArtifact;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{Component, KeyHelp, LoadState, RenderContext, RuntimeDetailsScreen, ScreenAction, ScreenKind};
use crate::format;
use crate::list::{Entry, FilteredList, ListControl};
use crate::request::{Request, Response};
use crate::widgets::{Column, Confirm, ListTable};

const COLUMNS: &[Column] = &[
    Column::fill("ID", 2),
    Column::fill("Name", 3),
    Column::fixed("Type", 16),
    Column::fixed("Version", 9),
    Column::fixed("Status", 9),
    Column::fixed("Deployed on", 19),
];

impl Entry for RuntimeArtifact {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn search_text(&self) -> String {
        format!("{} {} {} {}", self.id, self.name, self.r#type, self.status)
    }
}

/// The question before undeploying an artifact of the runtime.
pub(super) fn confirm_undeploy(id: &str) -> ScreenAction {
    ScreenAction::Confirm(Confirm {
        question: format!("Undeploy '{id}' from the runtime?"),
        request: Request::Undeploy { id: id.to_owned() },
        progress: format!("Undeploying '{id}'"),
    })
}

/// Every deployed artifact.
#[derive(Debug, Default)]
pub struct RuntimeScreen {
    list: FilteredList<RuntimeArtifact>,
    load: LoadState,
}

impl RuntimeScreen {
    /// The screen before its first load.
    pub fn new() -> RuntimeScreen {
        RuntimeScreen::default()
    }
}

impl Component for RuntimeScreen {
    fn kind(&self) -> ScreenKind {
        ScreenKind::Runtime
    }

    fn title(&self) -> String {
        "Runtime".to_owned()
    }

    fn keys(&self) -> &'static [KeyHelp] {
        &[("Enter", "the deployment's details, with the error of one in ERROR"), ("u", "undeploy (asks first)")]
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let failed: Vec<&str> = self
            .list
            .visible()
            .filter(|artifact| artifact.status == "ERROR")
            .map(|artifact| artifact.id.as_str())
            .collect();
        let hint_height = u16::from(!failed.is_empty());
        let [area, hint] = Layout::vertical([Constraint::Fill(1), Constraint::Length(hint_height)]).areas(area);
        if !failed.is_empty() {
            let text = format!(" ✗ {} in ERROR: {} · Enter on one shows its error", failed.len(), failed.join(", "));
            frame.render_widget(Paragraph::new(Line::styled(text, context.theme.error())), hint);
        }
        let table = ListTable {
            title: "Deployed artifacts",
            columns: COLUMNS,
            list: &self.list,
            load: &self.load,
            empty: "nothing is deployed",
            focused: true,
        };
        table.render(frame, area, context, |artifact| {
            Row::new([
                Cell::from(artifact.id.clone()),
                Cell::from(artifact.name.clone()),
                Cell::from(artifact.r#type.clone()),
                Cell::from(artifact.version.clone()),
                Cell::from(Span::styled(artifact.status.clone(), context.theme.status(&artifact.status))),
                Cell::from(format::timestamp(artifact.deployed_on)),
            ])
        });
    }

    fn reload(&mut self) -> Option<Request> {
        self.load = LoadState::Loading;
        Some(Request::Runtime)
    }

    fn accept(&mut self, response: &Response) -> bool {
        let Response::Runtime(result) = response else { return false };
        self.load = LoadState::after(result);
        if let Ok(artifacts) = result {
            self.list.replace(artifacts.clone());
        }
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_loading()
    }

    /// The list shows every deployment: any deploy or undeploy changes it.
    fn shows_artifact(&self, _id: &str) -> bool {
        true
    }

    fn on_key(&mut self, key: KeyEvent) -> ScreenAction {
        match (key.code, self.list.selected()) {
            (KeyCode::Enter, Some(artifact)) => {
                ScreenAction::Open(Box::new(RuntimeDetailsScreen::new(artifact.clone())))
            }
            (KeyCode::Char('u'), Some(artifact)) => confirm_undeploy(&artifact.id),
            _ => ScreenAction::None,
        }
    }

    fn list(&mut self) -> Option<&mut dyn ListControl> {
        Some(&mut self.list)
    }
}
