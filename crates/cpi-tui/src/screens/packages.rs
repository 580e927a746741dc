//! The integration packages: the first screen of the Packages tab.

use cpi_client::tenant::Package;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Row;

use super::{ArtifactsScreen, Component, KeyHelp, LoadState, RenderContext, ScreenAction, ScreenKind};
use crate::format;
use crate::list::{Entry, FilteredList, ListControl};
use crate::request::{Request, Response};
use crate::widgets::{Column, ListTable};

const COLUMNS: &[Column] = &[
    Column::fill("ID", 2),
    Column::fill("Name", 3),
    Column::fixed("Version", 9),
    Column::fixed("Modified", 19),
    Column::fill("Modified by", 2),
];

impl Entry for Package {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn search_text(&self) -> String {
        format!("{} {} {}", self.id, self.name, self.short_text)
    }
}

/// Every integration package.
#[derive(Debug, Default)]
pub struct PackagesScreen {
    list: FilteredList<Package>,
    load: LoadState,
}

impl PackagesScreen {
    /// The screen before its first load.
    pub fn new() -> PackagesScreen {
        PackagesScreen::default()
    }
}

impl Component for PackagesScreen {
    fn kind(&self) -> ScreenKind {
        ScreenKind::Packages
    }

    fn title(&self) -> String {
        "Packages".to_owned()
    }

    fn keys(&self) -> &'static [KeyHelp] {
        &[("Enter", "the package's artifacts")]
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let table = ListTable {
            title: "Integration packages",
            columns: COLUMNS,
            list: &self.list,
            load: &self.load,
            empty: "no packages",
            focused: true,
        };
        table.render(frame, area, context, |package| {
            Row::new([
                package.id.clone(),
                package.name.clone(),
                package.version.clone(),
                format::timestamp(package.modified_date.or(package.creation_date)),
                package.modified_by.clone(),
            ])
        });
    }

    fn reload(&mut self) -> Option<Request> {
        self.load = LoadState::Loading;
        Some(Request::Packages)
    }

    fn accept(&mut self, response: &Response) -> bool {
        let Response::Packages(result) = response else { return false };
        self.load = LoadState::after(result);
        if let Ok(packages) = result {
            self.list.replace(packages.clone());
        }
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_loading()
    }

    fn on_key(&mut self, key: KeyEvent) -> ScreenAction {
        match (key.code, self.list.selected()) {
            (KeyCode::Enter, Some(package)) => ScreenAction::Open(Box::new(ArtifactsScreen::new(package))),
            _ => ScreenAction::None,
        }
    }

    fn list(&mut self) -> Option<&mut dyn ListControl> {
        Some(&mut self.list)
    }
}
