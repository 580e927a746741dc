//! One message: its log, the error text and the attachments; the arrows and `/` work on the error
//! text or, after `→`, on the attachments.

use cpi_client::tenant::{MessageLog, MplAttachment};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Row;

use super::attachment::TEXT_KEYS;
use super::messages::flow_of;
use super::{AttachmentScreen, Component, KeyHelp, LoadState, RenderContext, ScreenAction, ScreenKind};
use crate::format;
use crate::list::{Entry, FilteredList, ListControl, Motion};
use crate::request::{Request, Response};
use crate::widgets::{Column, InfoBlock, ListTable, TextView};

const COLUMNS: &[Column] =
    &[Column::fill("Name", 3), Column::fill("Content type", 2), Column::fixed("Size", 10), Column::fixed("Time", 19)];

impl Entry for MplAttachment {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn search_text(&self) -> String {
        format!("{} {}", self.name, self.content_type)
    }
}

/// What the arrows and `/` work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Error,
    Attachments,
}

/// The details of one message.
#[derive(Debug)]
pub struct MessageDetailsScreen {
    log: MessageLog,
    error: Option<String>,
    attachments: FilteredList<MplAttachment>,
    load: LoadState,
    error_view: TextView,
    focus: Focus,
}

impl MessageDetailsScreen {
    /// The screen of a log, before its first load.
    pub fn new(log: MessageLog) -> MessageDetailsScreen {
        MessageDetailsScreen {
            log,
            error: None,
            attachments: FilteredList::default(),
            load: LoadState::Idle,
            error_view: TextView::default(),
            focus: Focus::Error,
        }
    }

    fn info(&self, context: &RenderContext) -> InfoBlock {
        let log = &self.log;
        let artifact = &log.integration_artifact;
        InfoBlock::new(format!("Message {}", log.message_guid))
            .styled_row("Status", log.status.clone(), context.theme.status(&log.status))
            .row("Flow", format!("{} ({})", flow_of(log), artifact.package_id))
            .row("Started", format::timestamp(log.log_start))
            .row("Ended", format::timestamp(log.log_end))
            .row("Correlation", log.correlation_id.clone())
            .row("Sender → Receiver", format!("{} → {}", log.sender, log.receiver))
            .row("Log level", log.log_level.clone())
    }

    fn error_text(&self) -> String {
        match (&self.load, &self.error) {
            (_, Some(error)) => error.clone(),
            (LoadState::Idle | LoadState::Loading, None) => "loading…".to_owned(),
            (LoadState::Failed(message), None) => format!("✗ {message}"),
            (LoadState::Loaded, None) => "no error".to_owned(),
        }
    }
}

impl Component for MessageDetailsScreen {
    fn kind(&self) -> ScreenKind {
        ScreenKind::MessageDetails
    }

    fn title(&self) -> String {
        self.log.message_guid.clone()
    }

    fn keys(&self) -> &'static [KeyHelp] {
        &[
            ("Enter", "view the selected attachment's payload as text"),
            ("← →, h l", "move between the error text and the attachments"),
            TEXT_KEYS[0],
        ]
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let info = self.info(context);
        let [top, error, attachments] =
            Layout::vertical([Constraint::Length(info.height()), Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
        info.render(frame, top, context.theme);
        let style = if self.error.is_some() { context.theme.error() } else { context.theme.dim() };
        self.error_view.render(frame, error, "Error", &self.error_text(), style, context.theme);
        let table = ListTable {
            title: "Attachments",
            columns: COLUMNS,
            list: &self.attachments,
            load: &self.load,
            empty: "no attachments",
            focused: self.focus == Focus::Attachments,
        };
        table.render(frame, attachments, context, |attachment| {
            Row::new([
                attachment.name.clone(),
                attachment.content_type.clone(),
                format::size(attachment.payload_size),
                format::timestamp(attachment.time_stamp),
            ])
        });
    }

    fn reload(&mut self) -> Option<Request> {
        self.load = LoadState::Loading;
        let with_error = self.log.status != "COMPLETED";
        Some(Request::MessageDetails { guid: self.log.message_guid.clone(), with_error })
    }

    fn accept(&mut self, response: &Response) -> bool {
        let Response::MessageDetails { guid, result } = response else { return false };
        if *guid != self.log.message_guid {
            return false;
        }
        self.load = LoadState::after(result);
        if let Ok(details) = result {
            self.error = details.error.clone();
            self.attachments.replace(details.attachments.clone());
        }
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_loading()
    }

    fn on_key(&mut self, key: KeyEvent) -> ScreenAction {
        match (key.code, self.attachments.selected()) {
            (KeyCode::Enter, Some(attachment)) => {
                ScreenAction::Open(Box::new(AttachmentScreen::new(attachment.clone())))
            }
            (KeyCode::Left | KeyCode::Char('h'), _) => {
                self.focus = Focus::Error;
                ScreenAction::None
            }
            (KeyCode::Right | KeyCode::Char('l'), _) => {
                self.focus = Focus::Attachments;
                ScreenAction::None
            }
            _ => ScreenAction::None,
        }
    }

    fn list(&mut self) -> Option<&mut dyn ListControl> {
        Some(&mut self.attachments)
    }

    fn on_motion(&mut self, motion: Motion) {
        match self.focus {
            Focus::Error => self.error_view.apply(motion),
            Focus::Attachments => self.attachments.apply(motion),
        }
    }

    fn text_view(&mut self) -> Option<(&mut TextView, String)> {
        let text = self.error_text();
        (self.focus == Focus::Error).then_some((&mut self.error_view, text))
    }
}
