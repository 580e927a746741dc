//! Widgets the screens and the app share: list tables, text views, key/value blocks, the text
//! prompt, the help overlay, the confirmation modal.

mod confirm;
mod help;
mod info;
mod prompt;
mod table;
mod text_view;

pub use confirm::{Confirm, ConfirmDialog};
pub use help::{GLOBAL_KEYS, HelpOverlay};
pub use info::InfoBlock;
pub use prompt::{Prompt, PromptKey};
pub use table::{Column, ListTable};
pub use text_view::{Found, TextView};

use ratatui::layout::{Constraint, Rect};

/// A rectangle of at most `width` × `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height.min(area.height)))
}
