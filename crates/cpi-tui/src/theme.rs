//! [`Theme`]: the styles of the UI, with or without colors (`NO_COLOR`).

use ratatui::style::{Color, Modifier, Style};

/// The styles the components draw with. Without colors only bold, dim and reversed text is
/// used, so the selection and the active tab stay visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// A theme with colors.
    pub fn colored() -> Theme {
        Theme { color: true }
    }

    /// A theme without colors.
    pub fn plain() -> Theme {
        Theme { color: false }
    }

    /// The theme that the value of `NO_COLOR` asks for: no colors when it is set and not empty
    /// (<https://no-color.org>).
    pub fn for_no_color(no_color: Option<&str>) -> Theme {
        match no_color {
            Some(value) if !value.is_empty() => Theme::plain(),
            _ => Theme::colored(),
        }
    }

    /// Whether colors are used.
    pub fn has_color(self) -> bool {
        self.color
    }

    fn fg(self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    /// Titles and headers.
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Table column headers.
    pub fn header(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The selected row and the active tab.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Key names in help texts and hints.
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Secondary text: labels, hints.
    pub fn dim(self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    /// Errors.
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Successful outcomes.
    pub fn success(self) -> Style {
        self.fg(Color::Green)
    }

    /// The matches of a text search.
    pub fn found(self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The current match of a text search.
    pub fn current_match(self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        if self.color { style.fg(Color::Black).bg(Color::LightRed) } else { style.add_modifier(Modifier::REVERSED) }
    }

    /// The style of a status word: `FAILED`/`ERROR` as errors, `COMPLETED`/`STARTED` as
    /// successes, transitional states in yellow.
    pub fn status(self, status: &str) -> Style {
        match status {
            "FAILED" | "ERROR" | "ESCALATED" | "ABANDONED" | "FAIL" => self.error(),
            "COMPLETED" | "STARTED" | "SUCCESS" => self.success(),
            "RETRY" | "PROCESSING" | "STARTING" | "STOPPING" | "DEPLOYING" => self.fg(Color::Yellow),
            _ => Style::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_turns_colors_off_when_set_and_not_empty() {
        assert!(Theme::for_no_color(None).has_color());
        assert!(Theme::for_no_color(Some("")).has_color());
        assert!(!Theme::for_no_color(Some("1")).has_color());
        let plain = Theme::plain();
        assert_eq!(plain.status("FAILED").fg, None);
        assert_eq!(plain.title().fg, None);
        assert_eq!(Theme::colored().status("FAILED").fg, Some(Color::Red));
    }
}
