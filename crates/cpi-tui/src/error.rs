//! [`TuiError`]: why the terminal UI could not run.

/// Why the terminal UI could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// Standard output is not a terminal (piped or redirected).
    #[error("cpi explore needs a terminal: standard output is not one")]
    NotATerminal,
    /// The terminal could not be set up, read or written.
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
    /// A frame could not be drawn.
    #[error("cannot draw the screen: {0}")]
    Draw(String),
}
