//! One log file that rotates: when the (injected) clock's UTC date moves past the day the
//! current file was started, or when the next line would take it over the size limit, the
//! current file is renamed with its start date, gzip-compressed, and the oldest rotated files
//! beyond the number to keep are deleted. Synchronous: only the writer thread calls it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flate2::Compression;
use flate2::write::GzEncoder;
use time::{Date, OffsetDateTime};

use super::LogSettings;
use super::names::{LogFileType, LogName};
use crate::clock::Clock;

/// The current file of one log type, and its rotation.
#[derive(Debug)]
pub struct RotatingFile {
    dir: PathBuf,
    file_type: LogFileType,
    settings: LogSettings,
    clock: Arc<dyn Clock>,
    out: Option<BufWriter<File>>,
    /// Bytes in the current file.
    size: u64,
    /// The UTC date the current file was started on.
    started_on: Date,
}

impl RotatingFile {
    /// Opens (appends to) the type's current file in `dir`, and compresses rotated files a
    /// crash left uncompressed.
    pub fn open(
        dir: &Path,
        file_type: LogFileType,
        settings: LogSettings,
        clock: Arc<dyn Clock>,
    ) -> io::Result<RotatingFile> {
        let mut file = RotatingFile {
            dir: dir.to_path_buf(),
            file_type,
            settings,
            started_on: clock.now().date(),
            clock,
            out: None,
            size: 0,
        };
        file.compress_leftovers()?;
        match fs::metadata(file.current_path()) {
            Ok(metadata) => {
                file.size = metadata.len();
                if file.size > 0 {
                    // Started no later than its last write.
                    file.started_on = OffsetDateTime::from(metadata.modified()?).date();
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(file)
    }

    /// The type of log it holds.
    pub fn file_type(&self) -> LogFileType {
        self.file_type
    }

    fn current_path(&self) -> PathBuf {
        self.dir.join(self.file_type.current_name())
    }

    /// Appends one line (a newline is added when missing), rotating first when due.
    pub fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        let today = self.clock.now().date();
        let newline = !line.ends_with(b"\n");
        let length = u64::try_from(line.len()).unwrap_or(u64::MAX).saturating_add(u64::from(newline));
        if self.size > 0
            && (today != self.started_on || self.size.saturating_add(length) > self.settings.max_file_bytes)
        {
            self.rotate()?;
        }
        if self.size == 0 {
            self.started_on = today;
        }
        let out = match &mut self.out {
            Some(out) => out,
            None => {
                let file = OpenOptions::new().create(true).append(true).mode(0o600).open(self.current_path())?;
                self.out.insert(BufWriter::with_capacity(64 * 1024, file))
            }
        };
        out.write_all(line)?;
        if newline {
            out.write_all(b"\n")?;
        }
        self.size = self.size.saturating_add(length);
        Ok(())
    }

    /// Writes buffered lines to the file.
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }

    /// Renames the current file with its start date, compresses it and prunes old files.
    fn rotate(&mut self) -> io::Result<()> {
        if let Some(mut out) = self.out.take() {
            out.flush()?;
        }
        let rotated = self.free_rotated_name(self.started_on);
        let plain = self.dir.join(rotated.file_name());
        fs::rename(self.current_path(), &plain)?;
        self.size = 0;
        compress(&plain)?;
        self.prune()
    }

    /// The first sequence number of that date with neither a compressed nor a plain file.
    fn free_rotated_name(&self, date: Date) -> LogName {
        let mut sequence = 0;
        loop {
            let plain = LogName { file_type: self.file_type, rotated: Some((date, sequence)), compressed: false };
            let compressed = LogName { compressed: true, ..plain };
            let taken = [plain, compressed].iter().any(|name| self.dir.join(name.file_name()).exists());
            if !taken {
                return plain;
            }
            sequence += 1;
        }
    }

    /// This type's rotated files, oldest first.
    fn rotated_files(&self) -> io::Result<Vec<(LogName, PathBuf)>> {
        let mut files = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let parsed = entry.file_name().to_str().and_then(LogName::parse);
            if let Some(name) = parsed.filter(|n| n.file_type == self.file_type && n.rotated.is_some()) {
                files.push((name, entry.path()));
            }
        }
        files.sort_by_key(|(name, _)| name.rotated);
        Ok(files)
    }

    fn compress_leftovers(&self) -> io::Result<()> {
        for (name, path) in self.rotated_files()? {
            if !name.compressed {
                compress(&path)?;
            }
        }
        Ok(())
    }

    /// Deletes the oldest compressed files beyond the number to keep.
    fn prune(&self) -> io::Result<()> {
        let compressed: Vec<PathBuf> =
            self.rotated_files()?.into_iter().filter(|(name, _)| name.compressed).map(|(_, path)| path).collect();
        let excess = compressed.len().saturating_sub(self.settings.keep_rotated);
        for path in &compressed[..excess] {
            fs::remove_file(path)?;
        }
        Ok(())
    }
}

/// Compresses `x.log` into `x.log.gz` (through a temporary name, so a crash never leaves a
/// truncated `.gz`) and removes `x.log`.
fn compress(plain: &Path) -> io::Result<()> {
    let mut gz_name = plain.as_os_str().to_owned();
    gz_name.push(".gz");
    let target = PathBuf::from(gz_name);
    let mut partial_name = target.as_os_str().to_owned();
    partial_name.push(".partial");
    let partial = PathBuf::from(partial_name);
    {
        let mut input = File::open(plain)?;
        let output = OpenOptions::new().create(true).write(true).truncate(true).mode(0o600).open(&partial)?;
        let mut encoder = GzEncoder::new(BufWriter::new(output), Compression::default());
        io::copy(&mut input, &mut encoder)?;
        encoder.finish()?.into_inner().map_err(io::IntoInnerError::into_error)?.sync_all()?;
    }
    fs::rename(&partial, &target)?;
    fs::remove_file(plain)
}

#[cfg(test)]
mod tests;
