//! The message monitor: message processing logs with filters (status, flow, time window, until)
//! and live refresh; the first screen of the Messages tab.

use cpi_client::tenant::MessageLog;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row};

use super::{Component, KeyHelp, LoadState, MessageDetailsScreen, RenderContext, ScreenAction, ScreenKind};
use crate::format;
use crate::list::{Entry, FilteredList, ListControl};
use crate::message_filter::{MessageFilter, Until};
use crate::request::{Request, Response};
use crate::theme::Theme;
use crate::widgets::{Column, ListTable, Prompt, PromptKey};

/// What the until input accepts.
const UNTIL_HINT: &str = "(e.g. 2h or 2024-03-01 10:15 UTC; Enter applies)";

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

/// A filter typed in the filter bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Flow,
    Until,
}

/// The message monitor.
#[derive(Debug, Default)]
pub struct MessagesScreen {
    list: FilteredList<MessageLog>,
    load: LoadState,
    filter: MessageFilter,
    live: bool,
    input: Option<(Field, Prompt)>,
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

    fn filter_bar(&self, theme: Theme) -> Vec<Line<'static>> {
        let value = |text: String| Span::styled(text, theme.key());
        let label = |text: &'static str| Span::styled(text, theme.dim());
        let field = |field: Field, shown: String, hint: &str| match &self.input {
            Some((editing, prompt)) if *editing == field => prompt.spans("", hint, theme),
            _ => vec![value(shown)],
        };
        let status = self.filter.status.clone().unwrap_or_else(|| "all".to_owned());
        let live = if self.live { "on (5 s)" } else { "off" };
        let first = vec![
            label("s "),
            Span::raw("Status: "),
            value(status),
            label("  │  t "),
            Span::raw("Window: "),
            value(self.filter.window.label().to_owned()),
            label("  │  l "),
            Span::raw("Live: "),
            value(live.to_owned()),
        ];
        let mut second = vec![label("f "), Span::raw("Flow: ")];
        let flow = self.filter.flow.clone().unwrap_or_else(|| "all".to_owned());
        second.extend(field(Field::Flow, flow, "(Enter applies, Esc cancels)"));
        second.extend([label("  │  u "), Span::raw("Until: ")]);
        second.extend(field(Field::Until, self.filter.until.label(), UNTIL_HINT));
        vec![Line::from(first), Line::from(second)]
    }

    fn on_input_key(&mut self, key: KeyEvent) -> ScreenAction {
        let Some((field, prompt)) = self.input.as_mut() else { return ScreenAction::None };
        let text = match prompt.on_key(key) {
            PromptKey::Edited => return ScreenAction::None,
            PromptKey::Cancelled => {
                self.input = None;
                return ScreenAction::None;
            }
            PromptKey::Submitted(text) => text,
        };
        match field {
            Field::Flow => {
                let flow = text.trim().to_owned();
                self.filter.flow = (!flow.is_empty()).then_some(flow);
            }
            Field::Until => match Until::parse(&text) {
                Ok(until) => self.filter.until = until,
                Err(reason) => {
                    prompt.reject(reason);
                    return ScreenAction::None;
                }
            },
        }
        self.input = None;
        self.reload_action()
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
            ("u", "until: an age (2h, 1d) or a UTC time (2024-03-01 10:15)"),
            ("l", "live refresh on or off (every 5 s)"),
        ]
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let [bar, rest] = Layout::vertical([Constraint::Length(4), Constraint::Fill(1)]).areas(area);
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
        if self.input.is_some() {
            return self.on_input_key(key);
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
                self.input = Some((Field::Flow, Prompt::new(self.filter.flow.clone().unwrap_or_default())));
                ScreenAction::None
            }
            KeyCode::Char('u') => {
                self.input = Some((Field::Until, Prompt::new(self.filter.until.input())));
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
        self.input.is_some()
    }

    fn on_tick(&mut self, ticks: u64) -> Option<Request> {
        let due = self.live && ticks.is_multiple_of(LIVE_EVERY_TICKS) && !self.is_loading();
        if due { self.reload() } else { None }
    }
}
