//! Names of the log files and the listing of the logs directory. A type's current file is
//! `<stem>.log`; rotated files carry the UTC date they were started on and, when a file of the
//! same date exists (size rotation), a sequence number: `<stem>_2026-11-24.log.gz`,
//! `<stem>_2026-11-24.1.log.gz`. A rotated file is renamed to its name without `.gz` first and
//! compressed right after; only names this module parses are ever listed or served.

use std::path::{Path, PathBuf};

use time::{Date, OffsetDateTime};

/// The two kinds of log this server writes, with SAP's `LogFileType` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogFileType {
    /// The HTTP access log (`http`).
    Http,
    /// The system log, the process's tracing output (`trace`).
    Trace,
}

impl LogFileType {
    /// Both, in listing order.
    pub const ALL: [LogFileType; 2] = [LogFileType::Http, LogFileType::Trace];

    /// SAP's `LogFileType` value.
    pub fn as_str(self) -> &'static str {
        match self {
            LogFileType::Http => "http",
            LogFileType::Trace => "trace",
        }
    }

    /// The type with this `LogFileType` value.
    pub fn parse(value: &str) -> Option<LogFileType> {
        LogFileType::ALL.into_iter().find(|t| t.as_str() == value)
    }

    /// The start of its file names.
    pub fn stem(self) -> &'static str {
        match self {
            LogFileType::Http => "http_access",
            LogFileType::Trace => "trace",
        }
    }

    /// The current file's name.
    pub fn current_name(self) -> String {
        format!("{}.log", self.stem())
    }
}

/// What a log file's name says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogName {
    /// Its type.
    pub file_type: LogFileType,
    /// `None` for the current file; else the date it was started on and its sequence number.
    pub rotated: Option<(Date, u32)>,
    /// Whether it is gzip-compressed (rotated files are, once compressed).
    pub compressed: bool,
}

impl LogName {
    /// Parses a file name; `None` for anything this server did not name.
    pub fn parse(name: &str) -> Option<LogName> {
        LogFileType::ALL.into_iter().find_map(|file_type| {
            let rest = name.strip_prefix(file_type.stem())?;
            if rest == ".log" {
                return Some(LogName { file_type, rotated: None, compressed: false });
            }
            let rest = rest.strip_prefix('_')?;
            let (rest, compressed) = match rest.strip_suffix(".log.gz") {
                Some(rest) => (rest, true),
                None => (rest.strip_suffix(".log")?, false),
            };
            let (date, sequence) = match rest.split_once('.') {
                Some((date, n)) if !n.starts_with('0') => (date, n.parse::<u32>().ok().filter(|n| *n > 0)?),
                Some(_) => return None,
                None => (rest, 0),
            };
            let date = parse_date(date)?;
            Some(LogName { file_type, rotated: Some((date, sequence)), compressed })
        })
    }

    /// The file name this describes.
    pub fn file_name(&self) -> String {
        let stem = self.file_type.stem();
        let gz = if self.compressed { ".gz" } else { "" };
        match self.rotated {
            None => format!("{stem}.log"),
            Some((date, 0)) => format!("{stem}_{}.log{gz}", format_date(date)),
            Some((date, n)) => format!("{stem}_{}.{n}.log{gz}", format_date(date)),
        }
    }
}

fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    // Exactly `YYYY-MM-DD`, so every date has one name.
    (text.len() == 10).then(|| Date::parse(text, &format).ok()).flatten()
}

fn format_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// One file of the logs directory, as `LogFiles` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFileInfo {
    /// File name (the `Name` key).
    pub name: String,
    /// What its name says.
    pub log_name: LogName,
    /// Last modification (the file system's time).
    pub modified: OffsetDateTime,
    /// Size on disk in bytes (the current file is not compressed on disk).
    pub size: u64,
    /// Its path.
    pub path: PathBuf,
}

/// The servable files of the logs directory (current files and compressed rotated files),
/// by name. A missing directory has none.
pub fn list(dir: &Path) -> std::io::Result<Vec<LogFileInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let Some(log_name) = LogName::parse(&name) else { continue };
        if log_name.rotated.is_some() && !log_name.compressed {
            // Being compressed right now (or left by a crash and compressed at the next start).
            continue;
        }
        let metadata = entry.metadata()?;
        if !metadata.is_file() {
            continue;
        }
        let modified = metadata.modified().map(OffsetDateTime::from).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        files.push(LogFileInfo { name, log_name, modified, size: metadata.len(), path: entry.path() });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn names_round_trip() {
        let cases = [
            ("http_access.log", LogName { file_type: LogFileType::Http, rotated: None, compressed: false }),
            ("trace.log", LogName { file_type: LogFileType::Trace, rotated: None, compressed: false }),
            (
                "http_access_2026-11-24.log.gz",
                LogName { file_type: LogFileType::Http, rotated: Some((date!(2026 - 11 - 24), 0)), compressed: true },
            ),
            (
                "trace_2026-01-02.12.log",
                LogName {
                    file_type: LogFileType::Trace,
                    rotated: Some((date!(2026 - 01 - 02), 12)),
                    compressed: false,
                },
            ),
        ];
        for (name, parsed) in cases {
            assert_eq!(LogName::parse(name), Some(parsed), "{name}");
            assert_eq!(parsed.file_name(), name);
        }
    }

    #[test]
    fn other_names_are_not_log_files() {
        for name in [
            "cpi.db",
            "http_access.log.gz",
            "trace_2026-1-2.log.gz",
            "trace_2026-11-24.0.log.gz",
            "trace_2026-11-24.01.log.gz",
            "trace_2026-11-24.log.gz.partial",
            "trace_2026-13-01.log.gz",
            "../trace.log",
            "trace.log/..",
            "http_access_../../cpi.db",
            "",
        ] {
            assert_eq!(LogName::parse(name), None, "{name}");
        }
    }

    #[test]
    fn listing_keeps_servable_log_files_only() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["trace.log", "http_access_2026-11-23.log.gz", "http_access_2026-11-24.log", "notes.txt"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("http_access.log")).unwrap();
        let names: Vec<String> = list(dir.path()).unwrap().into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["http_access_2026-11-23.log.gz", "trace.log"]);
        assert!(list(&dir.path().join("missing")).unwrap().is_empty());
    }
}
