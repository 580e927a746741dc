//! An attachment's payload as text.

use cpi_client::tenant::MplAttachment;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;

use super::{Component, KeyHelp, LoadState, RenderContext, ScreenKind};
use crate::format;
use crate::list::Motion;
use crate::request::{Request, Response};
use crate::widgets::{InfoBlock, TextView};

/// The help of a screen that shows a text view.
pub(super) const TEXT_KEYS: [KeyHelp; 2] = [
    ("/, n N", "search the text; next, previous match (Esc clears)"),
    ("↑ ↓ PgUp PgDn", "scroll (Home End: top, bottom)"),
];

/// The payload of one attachment.
#[derive(Debug)]
pub struct AttachmentScreen {
    attachment: MplAttachment,
    content: String,
    load: LoadState,
    view: TextView,
}

impl AttachmentScreen {
    /// The screen of an attachment, before its first load.
    pub fn new(attachment: MplAttachment) -> AttachmentScreen {
        AttachmentScreen { attachment, content: String::new(), load: LoadState::Idle, view: TextView::default() }
    }
}

impl Component for AttachmentScreen {
    fn kind(&self) -> ScreenKind {
        ScreenKind::Attachment
    }

    fn title(&self) -> String {
        self.attachment.name.clone()
    }

    fn keys(&self) -> &'static [KeyHelp] {
        &TEXT_KEYS
    }

    fn render(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let attachment = &self.attachment;
        let info = InfoBlock::new(format!("Attachment {}", attachment.name))
            .row("Content type", attachment.content_type.clone())
            .row("Size", format::size(attachment.payload_size))
            .row("Time", format::timestamp(attachment.time_stamp));
        let [top, rest] = Layout::vertical([Constraint::Length(info.height()), Constraint::Fill(1)]).areas(area);
        info.render(frame, top, context.theme);
        let (text, style) = match &self.load {
            LoadState::Idle | LoadState::Loading => (format!("{} loading…", context.spinner), context.theme.key()),
            LoadState::Failed(message) => (format!("✗ {message}"), context.theme.error()),
            LoadState::Loaded => (self.content.clone(), Style::new()),
        };
        self.view.render(frame, rest, "Payload", &text, style, context.theme);
    }

    fn reload(&mut self) -> Option<Request> {
        self.load = LoadState::Loading;
        Some(Request::Attachment { id: self.attachment.id.clone() })
    }

    fn accept(&mut self, response: &Response) -> bool {
        let Response::Attachment { id, result } = response else { return false };
        if *id != self.attachment.id {
            return false;
        }
        self.load = LoadState::after(result);
        if let Ok(content) = result {
            self.content = content.clone();
        }
        true
    }

    fn is_loading(&self) -> bool {
        self.load.is_loading()
    }

    fn on_motion(&mut self, motion: Motion) {
        self.view.apply(motion);
    }

    fn text_view(&mut self) -> Option<(&mut TextView, String)> {
        Some((&mut self.view, self.content.clone()))
    }
}
