//! The artifacts of one package, of every kind; deploy, undeploy and download the selected one
//! (the same questions and requests as on its details).

use cpi_client::tenant::Package;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Row;

use super::artifact_details::{ACTION_KEYS, artifact_action};
use super::{ArtifactDetailsScreen, Component, KeyHelp, LoadState, RenderContext, ScreenAction, ScreenKind};
use crate::format;
use crate::list::{Entry, FilteredList, ListControl};
use crate::request::{ArtifactEntry, Request, Response};
use crate::widgets::{Column, ListTable};

const COLUMNS: &[Column] = &[
    Column::fixed("Kind", 17),
    Column::fill("ID", 2),
    Column::fill("Name", 3),
    Column::fixed("Version", 9),
    Column::fixed("Modified", 19),
];

impl Entry for ArtifactEntry {
    fn key(&self) -> String {
        format!("{}/{}", self.kind, self.artifact.id)
    }

    fn search_text(&self) -> String {
        format!("{} {} {} {}", format::kind(self.kind), self.artifact.id, self.artifact.name, self.artifact.description)
    }
}

/// The artifacts of a package.
#[derive(Debug)]
pub struct ArtifactsScreen {
    package_id: String,
    package_name: String,
    list: FilteredList<ArtifactEntry>,
    load: LoadState,
}

impl ArtifactsScreen {
    /// The screen of a package, before its first load.
    pub fn new(package: &Package) -> ArtifactsScreen {
        ArtifactsScreen {
            package_id: package.id.clone(),
            package_name: package.name.clone(),
            list: FilteredList::default(),
            load: LoadState::Idle,
        }
    }
}

impl Component for ArtifactsScreen {
    fn kind(&self) -> ScreenKind {
        ScreenKind::Artifacts
    }

    fn title(&self) -> String {
        self.package_id.clone()
    }

    fn keys(&self) -> &'static [KeyHelp] {
        &[
            ("Enter", "the artifact's details: configurations, resources, runtime status"),
            ACTION_KEYS[0],
            ACTION_KEYS[1],
            ACTION_KEYS[2],
        ]
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let title = format!("Artifacts of {}", self.package_name);
        let table = ListTable {
            title: &title,
            columns: COLUMNS,
            list: &self.list,
            load: &self.load,
            empty: "no artifacts in this package",
            focused: true,
        };
        table.render(frame, area, context, |entry| {
            let artifact = &entry.artifact;
            Row::new([
                format::kind(entry.kind).to_owned(),
                artifact.id.clone(),
                artifact.name.clone(),
                artifact.version.clone(),
                format::timestamp(artifact.modified_at.or(artifact.created_at)),
            ])
        });
    }

    fn reload(&mut self) -> Option<Request> {
        self.load = LoadState::Loading;
        Some(Request::Artifacts { package: self.package_id.clone() })
    }

    fn accept(&mut self, response: &Response) -> bool {
        let Response::Artifacts { package, result } = response else { return false };
        if *package != self.package_id {
            return false;
        }
        self.load = LoadState::after(result);
        if let Ok(entries) = result {
            self.list.replace(entries.clone());
        }
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_loading()
    }

    fn on_key(&mut self, key: KeyEvent) -> ScreenAction {
        match (key.code, self.list.selected()) {
            (KeyCode::Enter, Some(entry)) => ScreenAction::Open(Box::new(ArtifactDetailsScreen::new(entry.clone()))),
            (code, Some(entry)) => artifact_action(entry, code).unwrap_or(ScreenAction::None),
            (_, None) => ScreenAction::None,
        }
    }

    fn list(&mut self) -> Option<&mut dyn ListControl> {
        Some(&mut self.list)
    }
}
