//! Draws the app: the tab menu, the breadcrumb, the screen shown, the status bar and the
//! overlays (help, confirmation).

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs};

use super::{App, Tab};
use crate::screens::RenderContext;
use crate::widgets::HelpOverlay;

/// The frames of the loading spinner, one per tick.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The hints at the right of the status bar.
const HINTS: &str = "? help  / search  r reload  q back ";

impl App {
    /// Draws the whole UI into the frame.
    pub fn render(&self, frame: &mut Frame) {
        let context = self.render_context();
        let [menu, breadcrumb, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        self.render_menu(frame, menu);
        self.render_breadcrumb(frame, breadcrumb);
        self.top().render(frame, body, &context);
        self.render_status(frame, status, &context);
        if self.help {
            let screen = self.top();
            HelpOverlay { screen: screen.kind().name(), keys: screen.keys() }.render(frame, body, self.theme);
        }
        if let Some(dialog) = &self.confirm {
            dialog.render(frame, body, self.theme);
        }
    }

    fn render_context(&self) -> RenderContext {
        let frame = usize::try_from(self.ticks % SPINNER.len() as u64).unwrap_or(0);
        RenderContext { theme: self.theme, spinner: SPINNER[frame] }
    }

    fn render_menu(&self, frame: &mut Frame, area: Rect) {
        let [tabs_area, name_area] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(13)]).areas(area);
        let titles = Tab::ALL.iter().map(|tab| format!(" {} {} ", tab.index() + 1, tab.title()));
        let tabs = Tabs::new(titles)
            .select(self.tab.index())
            .highlight_style(self.theme.selected())
            .divider("│")
            .padding("", "");
        frame.render_widget(tabs, tabs_area);
        let name = Paragraph::new(Line::styled("cpi explore ", self.theme.title())).alignment(Alignment::Right);
        frame.render_widget(name, name_area);
    }

    fn render_breadcrumb(&self, frame: &mut Frame, area: Rect) {
        let mut spans = vec![Span::raw(" ")];
        for (index, title) in self.breadcrumb().into_iter().enumerate() {
            if index > 0 {
                spans.push(Span::styled(" › ", self.theme.dim()));
            }
            spans.push(Span::styled(title, self.theme.header()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn render_status(&self, frame: &mut Frame, area: Rect, context: &RenderContext) {
        let hints_width = u16::try_from(HINTS.chars().count()).unwrap_or(0);
        let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(hints_width)]).areas(area);
        frame.render_widget(Paragraph::new(self.status_line(context)), left);
        frame.render_widget(Paragraph::new(Line::styled(HINTS, self.theme.dim())).alignment(Alignment::Right), right);
    }

    fn status_line(&self, context: &RenderContext) -> Line<'static> {
        let theme = self.theme;
        if let Some(line) = self.search.as_ref().and_then(|_| self.search_line()) {
            return line;
        }
        if !self.busy.is_empty() {
            let labels: Vec<&str> = self.busy().collect();
            return Line::styled(format!(" {} {}…", context.spinner, labels.join(", ")), theme.key());
        }
        if let Some(line) = self.search_line() {
            return line;
        }
        match &self.notice {
            Some(notice) if notice.error => Line::styled(format!(" ✗ {}", notice.text), theme.error()),
            Some(notice) => Line::styled(format!(" ✓ {}", notice.text), theme.success()),
            None if self.is_loading() => Line::styled(format!(" {} loading…", context.spinner), theme.key()),
            None => Line::raw(""),
        }
    }
}
