//! [`TextView`]: a wrapped text in a bordered block that the arrows scroll (error texts,
//! attachment payloads), never past its last line.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::list::Motion;
use crate::theme::Theme;

/// The scroll position of a text; the page and the last position are learnt when drawn.
#[derive(Debug, Default)]
pub struct TextView {
    scroll: u16,
    page: Cell<u16>,
    max_scroll: Cell<u16>,
}

impl TextView {
    /// Scrolls.
    pub fn apply(&mut self, motion: Motion) {
        let page = self.page.get().max(1);
        let scroll = match motion {
            Motion::Up => self.scroll.saturating_sub(1),
            Motion::Down => self.scroll.saturating_add(1),
            Motion::PageUp => self.scroll.saturating_sub(page),
            Motion::PageDown => self.scroll.saturating_add(page),
            Motion::Home => 0,
            Motion::End => u16::MAX,
        };
        self.scroll = scroll.min(self.max_scroll.get());
    }

    /// How many lines are scrolled off the top.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// Draws `text` wrapped in a block titled `title`.
    pub fn render(&self, frame: &mut Frame, area: Rect, title: &str, text: &str, style: Style, theme: Theme) {
        let block = Block::bordered().title(format!(" {title} ")).title_style(theme.title());
        let inner = block.inner(area);
        let rows = wrapped_rows(text, inner.width);
        self.page.set(inner.height);
        self.max_scroll.set(rows.saturating_sub(inner.height));
        let scroll = self.scroll.min(self.max_scroll.get());
        let paragraph =
            Paragraph::new(text.to_owned()).style(style).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0));
        frame.render_widget(paragraph, area);
    }
}

/// About how many rows `text` takes wrapped at `width` (word wrapping may take a few more;
/// one row of slack per 20 keeps the end reachable).
fn wrapped_rows(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = text.lines().map(|line| line.chars().count().div_ceil(width).max(1)).sum();
    u16::try_from(rows + rows / 20).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_count_as_their_wrapped_rows() {
        assert_eq!(wrapped_rows("short\n\nlines", 10), 3);
        assert_eq!(wrapped_rows(&"x".repeat(25), 10), 3);
    }

    #[test]
    fn scrolling_stops_at_the_last_page() {
        let mut view = TextView::default();
        view.page.set(5);
        view.max_scroll.set(12);
        view.apply(Motion::PageDown);
        assert_eq!(view.scroll(), 5);
        view.apply(Motion::End);
        assert_eq!(view.scroll(), 12);
        view.apply(Motion::Home);
        assert_eq!(view.scroll(), 0);
    }
}
