//! [`Confirm`]: a yes/no question before an action, drawn as a modal ([`ConfirmDialog`]).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centered;
use crate::request::Request;
use crate::theme::Theme;

/// A question and the request that "yes" runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// The question (`Deploy integration flow 'Order_In'?`).
    pub question: String,
    /// What "yes" runs.
    pub request: Request,
    /// What the status bar says while it runs (`Deploying 'Order_In'`).
    pub progress: String,
}

/// An open confirmation: the question and which answer is selected (No at first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmDialog {
    /// The question.
    pub confirm: Confirm,
    /// Whether "Yes" is selected.
    pub yes: bool,
}

impl ConfirmDialog {
    /// A dialog with "No" selected.
    pub fn new(confirm: Confirm) -> ConfirmDialog {
        ConfirmDialog { confirm, yes: false }
    }

    /// Draws it in the middle of `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let button = |label: &str, selected: bool| {
            let text = format!("[ {label} ]");
            if selected { Span::styled(text, theme.selected()) } else { Span::raw(text) }
        };
        let lines = vec![
            Line::raw(""),
            Line::raw(self.confirm.question.clone()).alignment(Alignment::Center),
            Line::raw(""),
            Line::from(vec![button("Yes", self.yes), Span::raw("   "), button("No", !self.yes)])
                .alignment(Alignment::Center),
            Line::styled("y yes · n/Esc no · ←→ choose · Enter answers", theme.dim()).alignment(Alignment::Center),
        ];
        let popup = centered(area, 64, 8);
        let block = Block::bordered().title(" Confirm ").title_style(theme.title());
        frame.render_widget(Clear, popup);
        frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), popup);
    }
}
