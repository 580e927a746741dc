//! The server's own logs, in `<data dir>/logs/`: the HTTP access log (`http_access.log`, written
//! by the [`access_log`] middleware) and the system log (`trace.log`, the process's tracing
//! output, which the binary routes through [`ServerLogs::trace`]). Each is written by its own
//! background thread ([`LogWriter`]) and rotates daily (UTC, by the injected clock) and at a size
//! limit into gzip files named by date ([`names`]), keeping a configurable number. The tenant
//! API's `LogFiles` and `LogFileArchives` serve them (`api::log_files`).
//!
//! The access log is the router's outermost layer (one line per request); the system log takes
//! the tracing output at info level. No request waits on file I/O: a full queue drops lines and
//! counts them. A rotated file that a crash left uncompressed is compressed at the next start.

mod access;
pub mod export;
pub mod names;
mod rotation;
mod writer;

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use access::{REDACTED, access_log};
pub use names::{LogFileInfo, LogFileType, LogName};
pub use rotation::RotatingFile;
pub use writer::{LineWriter, LogWriter};

use crate::clock::Clock;

/// The default size at which a log file rotates: 10 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The default number of rotated files kept per log type.
pub const DEFAULT_KEEP_ROTATED: usize = 14;

/// When log files rotate and how many rotated files stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogSettings {
    /// A file rotates before a line would take it over this many bytes (and daily regardless).
    pub max_file_bytes: u64,
    /// Rotated files kept per log type; older ones are deleted.
    pub keep_rotated: usize,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings { max_file_bytes: DEFAULT_MAX_FILE_BYTES, keep_rotated: DEFAULT_KEEP_ROTATED }
    }
}

/// The logs directory and the writers of its two logs. Clones share the writers.
#[derive(Debug, Clone)]
pub struct ServerLogs {
    dir: PathBuf,
    access: LogWriter,
    trace: LogWriter,
}

impl ServerLogs {
    /// Creates `<data dir>/logs` (owner-only) and starts the writer of each log.
    pub fn open(data_dir: &Path, settings: LogSettings, clock: Arc<dyn Clock>) -> io::Result<ServerLogs> {
        let dir = data_dir.join("logs");
        fs::create_dir_all(&dir)?;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))?;
        let start = |file_type| LogWriter::start(RotatingFile::open(&dir, file_type, settings, clock.clone())?);
        let access = start(LogFileType::Http)?;
        let trace = start(LogFileType::Trace)?;
        Ok(ServerLogs { dir, access, trace })
    }

    /// The logs directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The access log's writer.
    pub fn access(&self) -> &LogWriter {
        &self.access
    }

    /// The system log's writer (the binary's tracing subscriber writes through it).
    pub fn trace(&self) -> &LogWriter {
        &self.trace
    }

    /// Waits until every line queued so far is in its file (so a listing sees it).
    pub async fn flush(&self) {
        tokio::join!(self.access.flush(), self.trace.flush());
    }

    /// The servable files of the logs directory, by name.
    pub fn list(&self) -> io::Result<Vec<LogFileInfo>> {
        names::list(&self.dir)
    }
}
