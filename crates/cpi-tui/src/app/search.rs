//! `/` on any screen: on a list it narrows the list as you type (Enter keeps the filter, Esc
//! clears it); on a text view (an error text, a payload) Enter finds the matches, highlights
//! them and jumps to the first, `n`/`N` go to the next or previous (wrapping), Esc clears.
//! Both edit their query in the same [`Prompt`].

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};

use super::App;
use crate::widgets::{Prompt, PromptKey};

/// What `/` searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The screen's list, narrowed as the query is typed.
    List,
    /// The screen's text view, searched on Enter.
    Text,
}

/// The open `/` prompt.
#[derive(Debug)]
pub(super) struct SearchPrompt {
    prompt: Prompt,
    target: Target,
}

impl App {
    /// Opens the prompt for the screen's text view if its focus is on one (empty: a new search),
    /// else for its list (with the list's query, to edit).
    pub(super) fn start_search(&mut self) {
        let screen = self.top_mut();
        self.search = if screen.text_view().is_some() {
            Some(SearchPrompt { prompt: Prompt::default(), target: Target::Text })
        } else {
            screen.list().map(|list| SearchPrompt { prompt: Prompt::new(list.query()), target: Target::List })
        };
    }

    pub(super) fn on_search_key(&mut self, key: KeyEvent) {
        let Some(target) = self.search.as_ref().map(|search| search.target) else { return };
        let motion = super::keys::motion_of(key.code).filter(|_| !matches!(key.code, KeyCode::Char(_)));
        if let Some(motion) = motion.filter(|_| target == Target::List) {
            self.top_mut().on_motion(motion);
            return;
        }
        let Some(search) = self.search.as_mut() else { return };
        let outcome = search.prompt.on_key(key);
        let query = search.prompt.text().to_owned();
        if !matches!(outcome, PromptKey::Edited) {
            self.search = None;
        }
        match (target, outcome) {
            (Target::List, PromptKey::Cancelled) => self.set_list_query(""),
            (Target::List, _) => self.set_list_query(&query),
            (Target::Text, PromptKey::Submitted(query)) if !query.is_empty() => {
                let Some((view, text)) = self.top_mut().text_view() else { return };
                self.found = Some(view.find(&text, &query));
                self.notice = None;
            }
            (Target::Text, PromptKey::Submitted(_) | PromptKey::Cancelled) => {
                self.clear_text_search();
            }
            (Target::Text, PromptKey::Edited) => {}
        }
    }

    fn set_list_query(&mut self, query: &str) {
        if let Some(list) = self.top_mut().list() {
            list.set_query(query);
        }
    }

    /// `n`/`N`: the next or previous match of the text search; whether there is a search.
    pub(super) fn step_search(&mut self, forward: bool) -> bool {
        let Some((view, text)) = self.top_mut().text_view() else { return false };
        let found = view.step(&text, forward);
        let Some(found) = found else { return false };
        self.found = Some(found);
        self.notice = None;
        true
    }

    /// Ends the text search of the screen shown; whether there was one.
    pub(super) fn clear_text_search(&mut self) -> bool {
        self.found = None;
        self.top_mut().text_view().is_some_and(|(view, _)| view.clear_search())
    }

    /// The status line while searching: the prompt, or where the text search stands.
    pub(super) fn search_line(&self) -> Option<Line<'static>> {
        let theme = self.theme;
        if let Some(search) = &self.search {
            let hint = match search.target {
                Target::List => "Enter keeps the filter, Esc clears it",
                Target::Text => "Enter finds, Esc cancels",
            };
            return Some(search.prompt.line("/", hint, theme));
        }
        let found = self.found.as_ref()?;
        if found.count == 0 {
            return Some(Line::styled(format!(" ✗ {}", found.describe()), theme.error()));
        }
        Some(Line::from(vec![
            Span::styled(format!(" {}", found.describe()), theme.key()),
            Span::styled("  n next · N previous · Esc clears", theme.dim()),
        ]))
    }
}
