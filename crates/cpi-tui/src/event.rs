//! What the app reacts to ([`Event`]) and what it asks the runner to do ([`Command`]).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::request::{Request, Response};

/// An input of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A key was pressed.
    Key(KeyEvent),
    /// A background request finished.
    Loaded(Response),
    /// Time passed (spinner frames, live refresh); the runner sends one every 250 ms.
    Tick,
    /// The terminal changed size (the next draw adapts).
    Resize,
}

impl Event {
    /// A key without modifiers.
    pub fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// A character key.
    pub fn char(c: char) -> Event {
        Event::key(KeyCode::Char(c))
    }

    /// The event of a terminal event, if the app cares: key presses (and repeats) and resizes.
    pub fn from_terminal(event: crossterm::event::Event) -> Option<Event> {
        match event {
            crossterm::event::Event::Key(key) if key.kind != KeyEventKind::Release => Some(Event::Key(key)),
            crossterm::event::Event::Resize(..) => Some(Event::Resize),
            _ => None,
        }
    }
}

/// An effect the app asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run this request in the background; its [`Response`] comes back as [`Event::Loaded`].
    Load(Request),
    /// Leave the UI.
    Quit,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_and_mouse_events_are_ignored() {
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(Event::from_terminal(crossterm::event::Event::Key(release)), None);
        assert_eq!(Event::from_terminal(crossterm::event::Event::FocusGained), None);
        assert_eq!(Event::from_terminal(crossterm::event::Event::Resize(80, 24)), Some(Event::Resize));
        let press = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(Event::from_terminal(crossterm::event::Event::Key(press)), Some(Event::char('q')));
    }
}
