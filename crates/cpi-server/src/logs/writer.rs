//! The background writer of one log file: callers hand lines to a bounded queue without
//! waiting, and a dedicated thread appends them, flushes whenever the queue runs empty, and
//! rotates and compresses files, so neither file I/O nor compression ever runs on the async
//! runtime. When the queue is full (the disk cannot keep up) lines are dropped and counted,
//! and the count is written once the queue has room again.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{mpsc, oneshot};

use super::rotation::RotatingFile;

/// Lines that may wait for the writer thread.
const QUEUE_LINES: usize = 16 * 1024;

enum Command {
    Line(Vec<u8>),
    Flush(oneshot::Sender<()>),
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Command::Line(_) => "Line",
            Command::Flush(_) => "Flush",
        })
    }
}

/// A handle to one log file's writer thread; clones share it. The thread ends (after writing
/// what is queued) when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct LogWriter {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    queue: mpsc::Sender<Command>,
    dropped: AtomicU64,
}

impl LogWriter {
    /// Starts the writer thread of a file.
    pub fn start(file: RotatingFile) -> io::Result<LogWriter> {
        let (queue, receiver) = mpsc::channel(QUEUE_LINES);
        std::thread::Builder::new()
            .name(format!("cpi-log-{}", file.file_type().as_str()))
            .spawn(move || write_until_closed(file, receiver))?;
        Ok(LogWriter { shared: Arc::new(Shared { queue, dropped: AtomicU64::new(0) }) })
    }

    /// Queues one line without waiting; drops it (and counts it) when the queue is full.
    pub fn write_line(&self, line: Vec<u8>) {
        let dropped = self.shared.dropped.swap(0, Ordering::Relaxed);
        if dropped > 0 {
            let note = format!("[cpi: {dropped} log lines dropped: the log writer fell behind]\n").into_bytes();
            if self.shared.queue.try_send(Command::Line(note)).is_err() {
                self.shared.dropped.fetch_add(dropped, Ordering::Relaxed);
            }
        }
        if self.shared.queue.try_send(Command::Line(line)).is_err() {
            self.shared.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Waits until every line queued before this call is in the file.
    pub async fn flush(&self) {
        let (done, flushed) = oneshot::channel();
        if self.shared.queue.send(Command::Flush(done)).await.is_ok() {
            let _ = flushed.await;
        }
    }

    /// An [`io::Write`] that collects one record (e.g. a tracing event) and queues it as one
    /// line when dropped.
    pub fn line_writer(&self) -> LineWriter {
        LineWriter { writer: self.clone(), buffer: Vec::new() }
    }
}

/// Collects the bytes of one record; queued when dropped. See [`LogWriter::line_writer`].
#[derive(Debug)]
pub struct LineWriter {
    writer: LogWriter,
    buffer: Vec<u8>,
}

impl io::Write for LineWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for LineWriter {
    fn drop(&mut self) {
        if !self.buffer.is_empty() {
            self.writer.write_line(std::mem::take(&mut self.buffer));
        }
    }
}

/// The writer thread: appends queued lines, flushing whenever the queue is empty.
fn write_until_closed(mut file: RotatingFile, mut receiver: mpsc::Receiver<Command>) {
    let mut health = Health::default();
    loop {
        let command = match receiver.try_recv() {
            Ok(command) => command,
            Err(mpsc::error::TryRecvError::Empty) => {
                health.note(file.flush());
                match receiver.blocking_recv() {
                    Some(command) => command,
                    None => break,
                }
            }
            Err(mpsc::error::TryRecvError::Disconnected) => break,
        };
        match command {
            Command::Line(line) => health.note(file.write_line(&line)),
            Command::Flush(done) => {
                health.note(file.flush());
                let _ = done.send(());
            }
        }
    }
    health.note(file.flush());
}

/// Reports a failing log file on stderr once when it starts failing and once when it recovers
/// (not through tracing: the system log may be the file that fails).
#[derive(Debug, Default)]
struct Health {
    failing: bool,
}

impl Health {
    fn note(&mut self, result: io::Result<()>) {
        match (result, self.failing) {
            (Err(error), false) => {
                eprintln!("cpi: cannot write a log file: {error}; lines are lost until it works again");
                self.failing = true;
            }
            (Ok(()), true) => {
                eprintln!("cpi: log file writes work again");
                self.failing = false;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::clock::SystemClock;
    use crate::logs::LogSettings;
    use crate::logs::names::LogFileType;

    fn writer(dir: &std::path::Path) -> LogWriter {
        let file = RotatingFile::open(dir, LogFileType::Trace, LogSettings::default(), Arc::new(SystemClock)).unwrap();
        LogWriter::start(file).unwrap()
    }

    #[tokio::test]
    async fn flush_waits_for_queued_lines() {
        let dir = tempfile::tempdir().unwrap();
        let log = writer(dir.path());
        log.write_line(b"one".to_vec());
        {
            let mut record = log.line_writer();
            write!(record, "two, ").unwrap();
            writeln!(record, "in parts").unwrap();
        }
        log.flush().await;
        let text = std::fs::read_to_string(dir.path().join("trace.log")).unwrap();
        assert_eq!(text, "one\ntwo, in parts\n");
    }

    #[tokio::test]
    async fn the_last_handle_dropped_writes_what_is_queued() {
        let dir = tempfile::tempdir().unwrap();
        let log = writer(dir.path());
        let lines: Vec<Vec<u8>> = (0..100).map(|i| format!("line {i}").into_bytes()).collect();
        for line in lines {
            log.clone().write_line(line);
        }
        drop(log);
        let path = dir.path().join("trace.log");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::fs::read_to_string(&path).unwrap_or_default().lines().count() < 100 {
            assert!(std::time::Instant::now() < deadline, "the writer thread did not finish");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}
