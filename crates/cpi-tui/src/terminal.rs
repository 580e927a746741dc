//! [`TerminalSession`]: raw mode and the alternate screen for as long as the UI runs, restored
//! when it ends, when it fails and when it panics.

use std::io::{IsTerminal, Stdout, stdout};
use std::panic::PanicHookInfo;
use std::sync::Arc;

use crossterm::cursor::{Hide, Show};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::error::TuiError;

type PanicHook = dyn Fn(&PanicHookInfo<'_>) + Send + Sync + 'static;

/// The terminal in raw mode on the alternate screen. Dropping it gives the terminal back; while
/// it lives, a panic first gives the terminal back and then reports as before.
pub struct TerminalSession {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    previous_hook: Arc<PanicHook>,
}

impl std::fmt::Debug for TerminalSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerminalSession").finish_non_exhaustive()
    }
}

impl TerminalSession {
    /// Switches the terminal to raw mode and the alternate screen.
    pub fn enter() -> Result<TerminalSession, TuiError> {
        if !stdout().is_terminal() {
            return Err(TuiError::NotATerminal);
        }
        let previous_hook: Arc<PanicHook> = Arc::from(std::panic::take_hook());
        let chained = Arc::clone(&previous_hook);
        std::panic::set_hook(Box::new(move |info| {
            restore();
            chained(info);
        }));
        // From here on, dropping the session (also on the errors below) restores the terminal.
        let mut session = TerminalSession { terminal: Terminal::new(CrosstermBackend::new(stdout()))?, previous_hook };
        enable_raw_mode()?;
        execute!(stdout(), EnterAlternateScreen, Hide)?;
        session.terminal.clear()?;
        Ok(session)
    }

    /// The terminal to draw on.
    pub fn terminal(&mut self) -> &mut Terminal<CrosstermBackend<Stdout>> {
        &mut self.terminal
    }
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        restore();
        // The hook cannot be changed while panicking; ours then stays, and restoring twice is harmless.
        if !std::thread::panicking() {
            let previous = Arc::clone(&self.previous_hook);
            std::panic::set_hook(Box::new(move |info| previous(info)));
        }
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor; errors are ignored (there is
/// nowhere to report them, and the terminal may already be restored).
fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), LeaveAlternateScreen, Show);
}
