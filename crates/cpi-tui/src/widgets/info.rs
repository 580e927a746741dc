//! [`InfoBlock`]: labelled values in a bordered block.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::theme::Theme;

/// Labelled values (`Status   FAILED`), one a line.
#[derive(Debug, Default)]
pub struct InfoBlock {
    title: String,
    rows: Vec<(&'static str, String, Style)>,
}

impl InfoBlock {
    /// An empty block with a title.
    pub fn new(title: impl Into<String>) -> InfoBlock {
        InfoBlock { title: title.into(), rows: Vec::new() }
    }

    /// Adds a plain value.
    pub fn row(self, label: &'static str, value: impl Into<String>) -> InfoBlock {
        self.styled_row(label, value, Style::new())
    }

    /// Adds a value drawn in a style (a status).
    pub fn styled_row(mut self, label: &'static str, value: impl Into<String>, style: Style) -> InfoBlock {
        self.rows.push((label, value.into(), style));
        self
    }

    /// How many lines it needs with its borders.
    pub fn height(&self) -> u16 {
        u16::try_from(self.rows.len() + 2).unwrap_or(u16::MAX)
    }

    /// Draws it.
    pub fn render(self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = self.rows.iter().map(|(label, ..)| label.len()).max().unwrap_or(0) + 2;
        let lines: Vec<Line> = self
            .rows
            .into_iter()
            .map(|(label, value, style)| {
                Line::from(vec![Span::styled(format!("{label:<width$}"), theme.dim()), Span::styled(value, style)])
            })
            .collect();
        let block = Block::bordered().title(format!(" {} ", self.title)).title_style(theme.title());
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}
