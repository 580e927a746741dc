//! [`HelpOverlay`]: the keys of every screen and of the current one, over the screen (`?`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use crate::screens::KeyHelp;
use crate::theme::Theme;

/// The keys every screen takes.
pub const GLOBAL_KEYS: &[KeyHelp] = &[
    ("1 2 3, Tab", "Packages, Runtime, Messages"),
    ("↑ ↓, j k", "move the selection"),
    ("PgUp PgDn", "one page up or down"),
    ("Home End, g G", "first or last"),
    ("Enter", "open"),
    ("/", "search this list (Enter keeps, Esc clears) or text"),
    ("r", "reload"),
    ("?", "this help"),
    ("q, Esc", "back; quit on a tab's first screen"),
    ("Ctrl-C", "quit"),
];

/// The help overlay of one screen.
#[derive(Debug)]
pub struct HelpOverlay<'a> {
    /// The screen's name.
    pub screen: &'a str,
    /// The screen's own keys.
    pub keys: &'a [KeyHelp],
}

impl HelpOverlay<'_> {
    /// Draws it in the middle of `area`.
    pub fn render(self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = GLOBAL_KEYS.iter().chain(self.keys).map(|(key, _)| key.chars().count()).max().unwrap_or(0) + 2;
        let key_line = |(key, what): &KeyHelp| {
            Line::from(vec![
                Span::raw("  "),
                Span::styled(format!("{key:<width$}"), theme.key()),
                Span::raw((*what).to_owned()),
            ])
        };
        let mut lines = vec![Line::styled(format!("{} keys", self.screen), theme.header())];
        if self.keys.is_empty() {
            lines.push(Line::styled("  (none besides the keys of every screen)", theme.dim()));
        }
        lines.extend(self.keys.iter().map(key_line));
        lines.push(Line::raw(""));
        lines.push(Line::styled("Every screen", theme.header()));
        lines.extend(GLOBAL_KEYS.iter().map(key_line));
        let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let popup = centered(area, 78, height);
        let block = Block::bordered().title(" Help (? or Esc closes) ").title_style(theme.title());
        frame.render_widget(Clear, popup);
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}
