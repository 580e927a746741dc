//! One artifact: its fields, runtime status, configurations and resources; deploy, undeploy
//! and download from here.

use cpi_client::tenant::{Configuration, Resource, RuntimeArtifact};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Row;

use super::{Component, KeyHelp, LoadState, RenderContext, ScreenAction, ScreenKind};
use crate::format;
use crate::list::{Entry, FilteredList, ListControl};
use crate::request::{ArtifactEntry, Request, Response};
use crate::widgets::{Column, Confirm, InfoBlock, ListTable};

const CONFIGURATION_COLUMNS: &[Column] =
    &[Column::fill("Parameter", 3), Column::fill("Value", 4), Column::fixed("Type", 16)];
const RESOURCE_COLUMNS: &[Column] = &[Column::fill("Name", 4), Column::fixed("Type", 12), Column::fixed("Size", 10)];

impl Entry for Configuration {
    fn key(&self) -> String {
        self.parameter_key.clone()
    }

    fn search_text(&self) -> String {
        format!("{} {} {}", self.parameter_key, self.parameter_value, self.data_type)
    }
}

impl Entry for Resource {
    fn key(&self) -> String {
        self.name.clone()
    }

    fn search_text(&self) -> String {
        format!("{} {}", self.name, self.resource_type)
    }
}

/// Which table the arrows move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Configurations,
    Resources,
}

/// The details of one artifact.
#[derive(Debug)]
pub struct ArtifactDetailsScreen {
    entry: ArtifactEntry,
    configurations: FilteredList<Configuration>,
    resources: FilteredList<Resource>,
    runtime: Option<RuntimeArtifact>,
    load: LoadState,
    focus: Focus,
}

impl ArtifactDetailsScreen {
    /// The screen of an artifact, before its first load.
    pub fn new(entry: ArtifactEntry) -> ArtifactDetailsScreen {
        ArtifactDetailsScreen {
            entry,
            configurations: FilteredList::default(),
            resources: FilteredList::default(),
            runtime: None,
            load: LoadState::Idle,
            focus: Focus::Configurations,
        }
    }

    fn runtime_text(&self) -> String {
        match (&self.load, &self.runtime) {
            (LoadState::Idle | LoadState::Loading, _) => "loading…".to_owned(),
            (LoadState::Failed(_), _) => "unknown".to_owned(),
            (LoadState::Loaded, None) => "not deployed".to_owned(),
            (LoadState::Loaded, Some(runtime)) => format!(
                "{} (version {}, deployed {} by {})",
                runtime.status,
                runtime.version,
                format::timestamp(runtime.deployed_on),
                runtime.deployed_by
            ),
        }
    }

    fn info(&self, context: &RenderContext) -> InfoBlock {
        let artifact = &self.entry.artifact;
        let status = self.runtime.as_ref().map(|runtime| runtime.status.as_str()).unwrap_or_default();
        let mut info = InfoBlock::new(format!("{} {}", format::kind(self.entry.kind), artifact.id))
            .row("Name", artifact.name.clone())
            .row("Version", artifact.version.clone())
            .row("Package", artifact.package_id.clone())
            .row(
                "Modified",
                format!(
                    "{} by {}",
                    format::timestamp(artifact.modified_at.or(artifact.created_at)),
                    artifact.modified_by
                ),
            );
        if !artifact.sender.is_empty() || !artifact.receiver.is_empty() {
            info = info.row("Sender → Receiver", format!("{} → {}", artifact.sender, artifact.receiver));
        }
        info.styled_row("Runtime", self.runtime_text(), context.theme.status(status))
    }
}

/// The keys of an artifact's actions, on its details and on its package's list.
pub(super) const ACTION_KEYS: [KeyHelp; 3] = [
    ("d", "deploy (asks first)"),
    ("u", "undeploy (asks first)"),
    ("s", "save the artifact's zip into the current folder (asks first)"),
];

/// The action of `d` (deploy), `u` (undeploy) or `s` (download) on an artifact: its question,
/// whose "yes" runs the request.
pub(super) fn artifact_action(entry: &ArtifactEntry, code: KeyCode) -> Option<ScreenAction> {
    let (kind, id) = (entry.kind, entry.artifact.id.clone());
    let request = match code {
        KeyCode::Char('d') => Request::Deploy { kind, id },
        KeyCode::Char('u') => Request::Undeploy { id },
        KeyCode::Char('s') => Request::Download { kind, id },
        _ => return None,
    };
    let (kind, id) = (format::kind(entry.kind), &entry.artifact.id);
    let (question, progress) = match &request {
        Request::Deploy { .. } => {
            (format!("Deploy {kind} '{id}' (version {})?", entry.artifact.version), format!("Deploying '{id}'"))
        }
        Request::Undeploy { .. } => (format!("Undeploy '{id}' from the runtime?"), format!("Undeploying '{id}'")),
        _ => (format!("Download '{id}' as a zip into the current folder?"), format!("Downloading '{id}'")),
    };
    Some(ScreenAction::Confirm(Confirm { question, request, progress }))
}

impl Component for ArtifactDetailsScreen {
    fn kind(&self) -> ScreenKind {
        ScreenKind::ArtifactDetails
    }

    fn title(&self) -> String {
        self.entry.artifact.id.clone()
    }

    fn keys(&self) -> &'static [KeyHelp] {
        &[ACTION_KEYS[0], ACTION_KEYS[1], ACTION_KEYS[2], ("← →, h l", "move between configurations and resources")]
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let info = self.info(context);
        let [top, configurations, resources] =
            Layout::vertical([Constraint::Length(info.height()), Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
        info.render(frame, top, context.theme);
        let table = ListTable {
            title: "Configurations",
            columns: CONFIGURATION_COLUMNS,
            list: &self.configurations,
            load: &self.load,
            empty: "no externalized parameters",
            focused: self.focus == Focus::Configurations,
        };
        table.render(frame, configurations, context, |configuration| {
            Row::new([
                configuration.parameter_key.clone(),
                configuration.parameter_value.clone(),
                configuration.data_type.clone(),
            ])
        });
        let table = ListTable {
            title: "Resources",
            columns: RESOURCE_COLUMNS,
            list: &self.resources,
            load: &self.load,
            empty: "no resources",
            focused: self.focus == Focus::Resources,
        };
        table.render(frame, resources, context, |resource| {
            Row::new([resource.name.clone(), resource.resource_type.clone(), format::size(resource.resource_size)])
        });
    }

    fn reload(&mut self) -> Option<Request> {
        self.load = LoadState::Loading;
        Some(Request::ArtifactDetails { kind: self.entry.kind, id: self.entry.artifact.id.clone() })
    }

    fn accept(&mut self, response: &Response) -> bool {
        let Response::ArtifactDetails { id, result } = response else { return false };
        if *id != self.entry.artifact.id {
            return false;
        }
        self.load = LoadState::after(result);
        if let Ok(details) = result {
            self.configurations.replace(details.configurations.clone());
            self.resources.replace(details.resources.clone());
            self.runtime = details.runtime.clone();
        }
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_loading()
    }

    fn shows_artifact(&self, id: &str) -> bool {
        self.entry.artifact.id == id
    }

    fn on_key(&mut self, key: KeyEvent) -> ScreenAction {
        if let Some(action) = artifact_action(&self.entry, key.code) {
            return action;
        }
        match key.code {
            KeyCode::Left | KeyCode::Char('h') => {
                self.focus = Focus::Configurations;
                ScreenAction::None
            }
            KeyCode::Right | KeyCode::Char('l') => {
                self.focus = Focus::Resources;
                ScreenAction::None
            }
            _ => ScreenAction::None,
        }
    }

    fn list(&mut self) -> Option<&mut dyn ListControl> {
        match self.focus {
            Focus::Configurations => Some(&mut self.configurations),
            Focus::Resources => Some(&mut self.resources),
        }
    }
}
