//! The message monitor: message processing logs with filters (status, flow, time window) and
//! live refresh; the first screen of the Messages tab.

use cpi_client::tenant::MessageLog;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row};

use super::{Component, KeyHelp, LoadState, MessageDetailsScreen, RenderContext, ScreenAction, ScreenKind};
use crate::format;
use crate::list::{Entry, FilteredList, ListControl};
use crate::message_filter::MessageFilter;
use crate::request::{Request, Response};
use crate::theme::Theme;
use crate::widgets::{Column, ListTable};

/// Live refresh reloads every this many ticks (5 s).
const LIVE_EVERY_TICKS: u64 = 20;

const COLUMNS: &[Column] = &[
    Column::fixed("Status", 10),
    Column::fill("Flow", 2),
    Column::fixed("Started", 19),
    Column::fixed("Ended", 19),
    Column::fill("Message GUID", 3),
];

impl Entry for MessageLog {
    fn key(&self) -> String {
        self.message_guid.clone()
    }

    fn search_text(&self) -> String {
        format!(
            "{} {} {} {} {} {}",
            self.message_guid,
            self.status,
            flow_of(self),
            self.correlation_id,
            self.sender,
            self.application_message_id.as_deref().unwrap_or_default()
        )
    }
}

/// The flow's id of a log (the deprecated name when the artifact is missing).
pub(super) fn flow_of(log: &MessageLog) -> &str {
    if log.integration_artifact.id.is_empty() { &log.integration_flow_name } else { &log.integration_artifact.id }
}

/// The message monitor.
#[derive(Debug, Default)]
pub struct MessagesScreen {
    list: FilteredList<MessageLog>,
    load: LoadState,
    filter: MessageFilter,
    live: bool,
    flow_input: Option<String>,
}

impl MessagesScreen {
    /// The monitor before its first load: every status, every flow, all time, live off.
    pub fn new() -> MessagesScreen {
        MessagesScreen::default()
    }

    /// The current filters.
    pub fn filter(&self) -> &MessageFilter {
        &self.filter
    }

    /// Whether live refresh is on.
    pub fn is_live(&self) -> bool {
        self.live
    }

    fn filter_bar(&self, theme: Theme) -> Line<'static> {
        let value = |text: String| Span::styled(text, theme.key());
        let label = |text: &'static str| Span::styled(text, theme.dim());
        let flow = match &self.flow_input {
            Some(input) => Span::styled(format!("{input}▏ (Enter applies, Esc cancels)"), theme.selected()),
            None => value(self.filter.flow.clone().unwrap_or_else(|| "all".to_owned())),
        };
        Line::from(vec![
            label("s "),
            Span::raw("Status: "),
            value(self.filter.status.clone().unwrap_or_else(|| "all".to_owned())),
            label("  │  t "),
            Span::raw("Window: "),
            value(self.filter.window.label().to_owned()),
            label("  │  l "),
            Span::raw("Live: "),
            value(if self.live { "on (5 s)".to_owned() } else { "off".to_owned() }),
            label("  │  f "),
            Span::raw("Flow: "),
            flow,
        ])
    }

    fn on_flow_key(&mut self, key: KeyEvent) -> ScreenAction {
        let Some(input) = self.flow_input.as_mut() else { return ScreenAction::None };
        match key.code {
            KeyCode::Char(c) => input.push(c),
            KeyCode::Backspace => {
                input.pop();
            }
            KeyCode::Esc => self.flow_input = None,
            KeyCode::Enter => {
                let flow = input.trim().to_owned();
                self.flow_input = None;
                self.filter.flow = (!flow.is_empty()).then_some(flow);
                return self.reload_action();
            }
            _ => {}
        }
        ScreenAction::None
    }

    fn reload_action(&mut self) -> ScreenAction {
        self.reload().map_or(ScreenAction::None, ScreenAction::Load)
    }
}

impl Component for MessagesScreen {
    fn kind(&self) -> ScreenKind {
        ScreenKind::Messages
    }

    fn title(&self) -> String {
        "Messages".to_owned()
    }

    fn keys(&self) -> &'static [KeyHelp] {
        &[
            ("Enter", "the message's details: error text and attachments"),
            ("s", "next status filter (all, FAILED, COMPLETED, RETRY, …)"),
            ("f", "filter by flow id (empty for all)"),
            ("t", "next time window (all, 15 min, hour, 24 h, 7 days)"),
            ("l", "live refresh on or off (every 5 s)"),
        ]
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let [bar, rest] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
        let block = Block::bordered().title(" Filters ").title_style(context.theme.title());
        frame.render_widget(Paragraph::new(self.filter_bar(context.theme)).block(block), bar);
        let table = ListTable {
            title: "Message processing logs",
            columns: COLUMNS,
            list: &self.list,
            load: &self.load,
            empty: "no messages match the filters",
            focused: true,
        };
        table.render(frame, rest, context, |log| {
            Row::new([
                Cell::from(Span::styled(log.status.clone(), context.theme.status(&log.status))),
                Cell::from(flow_of(log).to_owned()),
                Cell::from(format::timestamp(log.log_start)),
                Cell::from(format::timestamp(log.log_end)),
                Cell::from(log.message_guid.clone()),
            ])
        });
    }

    fn reload(&mut self) -> Option<Request> {
        self.load = LoadState::Loading;
        Some(Request::Messages(self.filter.clone()))
    }

    fn accept(&mut self, response: &Response) -> bool {
        let Response::Messages { filter, result } = response else { return false };
        if *filter == self.filter {
            self.load = LoadState::after(result);
            if let Ok(logs) = result {
                self.list.replace(logs.clone());
            }
        }
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_loading()
    }

    fn on_key(&mut self, key: KeyEvent) -> ScreenAction {
        if self.flow_input.is_some() {
            return self.on_flow_key(key);
        }
        match key.code {
            KeyCode::Enter => match self.list.selected() {
                Some(log) => ScreenAction::Open(Box::new(MessageDetailsScreen::new(log.clone()))),
                None => ScreenAction::None,
            },
            KeyCode::Char('s') => {
                self.filter.next_status();
                self.reload_action()
            }
            KeyCode::Char('t') => {
                self.filter.window = self.filter.window.next();
                self.reload_action()
            }
            KeyCode::Char('f') => {
                self.flow_input = Some(self.filter.flow.clone().unwrap_or_default());
                ScreenAction::None
            }
            KeyCode::Char('l') => {
                self.live = !self.live;
                ScreenAction::None
            }
            _ => ScreenAction::None,
        }
    }

    fn list(&mut self) -> Option<&mut dyn ListControl> {
        Some(&mut self.list)
    }

    fn captures_input(&self) -> bool {
        self.flow_input.is_some()
    }

    fn on_tick(&mut self, ticks: u64) -> Option<Request> {
        let due = self.live && ticks.is_multiple_of(LIVE_EVERY_TICKS) && !self.is_loading();
        if due { self.reload() } else { None }
    }
}
