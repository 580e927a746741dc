//! [`ListTable`]: a [`FilteredList`] drawn as a bordered table. Only the rows that fit are built,
//! so a list of thousands of logs draws as fast as one of ten.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};

use crate::list::{Entry, FilteredList, ListControl};
use crate::screens::{LoadState, RenderContext};

/// A column: its header and width.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The header text.
    pub title: &'static str,
    /// How wide it is.
    pub width: Constraint,
}

impl Column {
    /// A column of a fixed width.
    pub const fn fixed(title: &'static str, width: u16) -> Column {
        Column { title, width: Constraint::Length(width) }
    }

    /// A column taking a share of the rest.
    pub const fn fill(title: &'static str, weight: u16) -> Column {
        Column { title, width: Constraint::Fill(weight) }
    }
}

/// What a list table shows.
#[derive(Debug)]
pub struct ListTable<'a, T> {
    /// The block's title (`Packages`), completed with counts, the query and a spinner.
    pub title: &'a str,
    /// The columns.
    pub columns: &'a [Column],
    /// The items.
    pub list: &'a FilteredList<T>,
    /// Whether they are there.
    pub load: &'a LoadState,
    /// What an empty list says (`no packages`).
    pub empty: &'a str,
    /// Whether the selection is highlighted (a screen with two tables highlights one).
    pub focused: bool,
}

impl<T: Entry> ListTable<'_, T> {
    /// Draws the table; `row` builds the row of one item.
    pub fn render(self, frame: &mut Frame, area: Rect, context: &RenderContext, row: impl Fn(&T) -> Row<'static>) {
        let theme = context.theme;
        let block = Block::bordered().title(self.block_title(context)).title_style(theme.title());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.list.is_empty() {
            frame.render_widget(self.placeholder(context), inner);
            return;
        }
        let (offset, items) = self.list.window(usize::from(inner.height.saturating_sub(1)));
        let rows: Vec<Row> = items.into_iter().map(row).collect();
        let header = Row::new(self.columns.iter().map(|column| column.title)).style(theme.header());
        let table = Table::new(rows, self.columns.iter().map(|column| column.width))
            .header(header)
            .column_spacing(1)
            .row_highlight_style(if self.focused { theme.selected() } else { theme.dim() })
            .highlight_symbol("▶ ");
        let mut state = TableState::default().with_selected(Some(self.list.selected_index() - offset));
        frame.render_stateful_widget(table, inner, &mut state);
    }

    fn block_title(&self, context: &RenderContext) -> Line<'static> {
        let mut text = format!(" {} ", self.title);
        if matches!(self.load, LoadState::Loaded) || self.list.total() > 0 {
            if self.list.query().is_empty() {
                text.push_str(&format!("({}) ", self.list.total()));
            } else {
                text.push_str(&format!("({} of {}, /{}) ", self.list.len(), self.list.total(), self.list.query()));
            }
        }
        let mut spans = vec![Span::raw(text)];
        match self.load {
            LoadState::Loading => spans.push(Span::styled(format!("{} ", context.spinner), context.theme.key())),
            LoadState::Failed(message) if self.list.total() > 0 => {
                spans.push(Span::styled(format!("✗ {message} "), context.theme.error()));
            }
            _ => {}
        }
        Line::from(spans)
    }

    fn placeholder(&self, context: &RenderContext) -> Paragraph<'static> {
        let theme = context.theme;
        let line = match self.load {
            LoadState::Idle | LoadState::Loading => Line::styled(format!("{} loading…", context.spinner), theme.key()),
            LoadState::Failed(message) => Line::styled(format!("✗ {message}"), theme.error()),
            LoadState::Loaded if !self.list.query().is_empty() => {
                Line::styled(format!("nothing matches /{}", self.list.query()), theme.dim())
            }
            LoadState::Loaded => Line::styled(self.empty.to_owned(), theme.dim()),
        };
        Paragraph::new(line).wrap(Wrap { trim: false })
    }
}
