//! [`Prompt`]: a one-line text input (the `/` search, the monitor's flow and until filters):
//! typing edits it, Enter submits, Esc cancels.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};

use crate::theme::Theme;

/// What a key did to a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKey {
    /// The text changed (or the key was ignored); the prompt stays open.
    Edited,
    /// Enter: the text as typed.
    Submitted(String),
    /// Esc: the input is abandoned.
    Cancelled,
}

/// The text being typed, and why the last submission was refused (an until that is no time).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prompt {
    text: String,
    error: Option<String>,
}

impl Prompt {
    /// A prompt that starts with `text` (the current value, to edit).
    pub fn new(text: impl Into<String>) -> Prompt {
        Prompt { text: text.into(), error: None }
    }

    /// The text typed so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Refuses the last submission with a reason, shown until the next key.
    pub fn reject(&mut self, reason: impl Into<String>) {
        self.error = Some(reason.into());
    }

    /// Takes a key: characters and Backspace edit, Enter submits, Esc cancels.
    pub fn on_key(&mut self, key: KeyEvent) -> PromptKey {
        self.error = None;
        match key.code {
            KeyCode::Char(c) => self.text.push(c),
            KeyCode::Backspace => {
                self.text.pop();
            }
            KeyCode::Enter => return PromptKey::Submitted(self.text.clone()),
            KeyCode::Esc => return PromptKey::Cancelled,
            _ => {}
        }
        PromptKey::Edited
    }

    /// The text with the cursor after `prefix`, then the refusal or the `hint`:
    /// `/inv▏  Enter keeps the filter, Esc clears it`.
    pub fn spans(&self, prefix: &str, hint: &str, theme: Theme) -> Vec<Span<'static>> {
        let after = match &self.error {
            Some(error) => Span::styled(format!("  ✗ {error}"), theme.error()),
            None => Span::styled(format!("  {hint}"), theme.dim()),
        };
        vec![Span::styled(format!("{prefix}{}▏", self.text), theme.key()), after]
    }

    /// [`spans`](Self::spans) as a status line.
    pub fn line(&self, prefix: &str, hint: &str, theme: Theme) -> Line<'static> {
        let mut spans = vec![Span::raw(" ")];
        spans.extend(self.spans(prefix, hint, theme));
        Line::from(spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    #[test]
    fn typing_edits_enter_submits_and_esc_cancels() {
        let mut prompt = Prompt::new("ab");
        assert_eq!(prompt.on_key(key(KeyCode::Backspace)), PromptKey::Edited);
        assert_eq!(prompt.on_key(key(KeyCode::Char('x'))), PromptKey::Edited);
        assert_eq!(prompt.on_key(key(KeyCode::Down)), PromptKey::Edited, "other keys are ignored");
        assert_eq!(prompt.text(), "ax");
        assert_eq!(prompt.on_key(key(KeyCode::Enter)), PromptKey::Submitted("ax".into()));
        assert_eq!(prompt.on_key(key(KeyCode::Esc)), PromptKey::Cancelled);
    }

    #[test]
    fn a_refusal_shows_until_the_next_key() {
        let mut prompt = Prompt::new("soon");
        prompt.reject("not a time");
        let text = |prompt: &Prompt| prompt.line("u ", "hint", Theme::plain()).to_string();
        assert_eq!(text(&prompt), " u soon▏  ✗ not a time");
        prompt.on_key(key(KeyCode::Backspace));
        assert_eq!(text(&prompt), " u soo▏  hint");
    }
}
