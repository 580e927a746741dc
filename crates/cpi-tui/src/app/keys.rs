//! Key handling: the confirmation and help overlays first, then the search input (see
//! [`search`](super::search)), then the keys of every screen, then the screen's own.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Tab};
use crate::event::Command;
use crate::list::Motion;

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return vec![Command::Quit];
        }
        if self.confirm.is_some() {
            return self.on_confirm_key(key);
        }
        if self.help {
            self.help = !matches!(key.code, KeyCode::Char('?' | 'q') | KeyCode::Esc);
            return Vec::new();
        }
        if self.search.is_some() {
            self.on_search_key(key);
            return Vec::new();
        }
        if self.top().captures_input() {
            let action = self.top_mut().on_key(key);
            return self.act(action);
        }
        if let Some(motion) = motion_of(key.code) {
            self.top_mut().on_motion(motion);
            return Vec::new();
        }
        self.on_screen_key(key)
    }

    fn on_screen_key(&mut self, key: KeyEvent) -> Vec<Command> {
        match key.code {
            KeyCode::Char('?') => {
                self.help = true;
                Vec::new()
            }
            KeyCode::Char('1') => self.open_tab(Tab::Packages),
            KeyCode::Char('2') => self.open_tab(Tab::Runtime),
            KeyCode::Char('3') => self.open_tab(Tab::Messages),
            KeyCode::Tab => self.open_tab(Tab::ALL[(self.tab.index() + 1) % Tab::ALL.len()]),
            KeyCode::BackTab => self.open_tab(Tab::ALL[(self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]),
            KeyCode::Char('r') => self.top_mut().reload().map(Command::Load).into_iter().collect(),
            KeyCode::Char('/') => {
                self.start_search();
                Vec::new()
            }
            KeyCode::Char(c @ ('n' | 'N')) if self.step_search(c == 'n') => Vec::new(),
            KeyCode::Char('q') => self.back(),
            KeyCode::Esc if self.clear_text_search() => Vec::new(),
            KeyCode::Esc => match self.top_mut().list() {
                Some(list) if !list.query().is_empty() => {
                    list.set_query("");
                    Vec::new()
                }
                _ => self.back(),
            },
            _ => {
                let action = self.top_mut().on_key(key);
                self.act(action)
            }
        }
    }

    /// Closes the screen shown; on a tab's first screen, quits.
    fn back(&mut self) -> Vec<Command> {
        self.found = None;
        let stack = &mut self.stacks[self.tab.index()];
        if stack.len() > 1 {
            stack.pop();
            Vec::new()
        } else {
            vec![Command::Quit]
        }
    }

    fn on_confirm_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(dialog) = self.confirm.as_mut() else { return Vec::new() };
        let answer = match key.code {
            KeyCode::Char('y' | 'Y') => Some(true),
            KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => Some(false),
            KeyCode::Enter => Some(dialog.yes),
            KeyCode::Left | KeyCode::Right | KeyCode::Tab | KeyCode::BackTab | KeyCode::Char('h' | 'l') => {
                dialog.yes = !dialog.yes;
                None
            }
            _ => None,
        };
        match answer {
            Some(true) => {
                let confirm = self.confirm.take().map(|dialog| dialog.confirm);
                let Some(confirm) = confirm else { return Vec::new() };
                self.notice = None;
                self.busy.push((confirm.request.clone(), confirm.progress));
                vec![Command::Load(confirm.request)]
            }
            Some(false) => {
                self.confirm = None;
                Vec::new()
            }
            None => Vec::new(),
        }
    }
}

/// The motion of a key, if it moves.
pub(super) fn motion_of(code: KeyCode) -> Option<Motion> {
    match code {
        KeyCode::Up | KeyCode::Char('k') => Some(Motion::Up),
        KeyCode::Down | KeyCode::Char('j') => Some(Motion::Down),
        KeyCode::PageUp => Some(Motion::PageUp),
        KeyCode::PageDown => Some(Motion::PageDown),
        KeyCode::Home | KeyCode::Char('g') => Some(Motion::Home),
        KeyCode::End | KeyCode::Char('G') => Some(Motion::End),
        _ => None,
    }
}
