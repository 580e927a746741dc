//! Log files as clients download them: one file gzip-compressed (rotated files already are; the
//! current file is compressed on the fly, since SAP serves `application/gzip`), or several as a
//! zip. Blocking file I/O and compression: callers run these on a blocking thread.

use std::fs::File;
use std::io::{self, Cursor, Read, Write};

use flate2::Compression;
use flate2::write::GzEncoder;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::names::LogFileInfo;

/// The file's content, gzip-compressed.
pub fn gzip(file: &LogFileInfo) -> io::Result<Vec<u8>> {
    if file.log_name.compressed {
        return std::fs::read(&file.path);
    }
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    io::copy(&mut File::open(&file.path)?, &mut encoder)?;
    encoder.finish()
}

/// A zip of the files, one entry per file under its name and modification time: compressed
/// files are stored as they are, current files deflated.
pub fn zip(files: &[LogFileInfo]) -> io::Result<Vec<u8>> {
    let mut archive = ZipWriter::new(Cursor::new(Vec::new()));
    for file in files {
        let method = if file.log_name.compressed { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        let mut options =
            SimpleFileOptions::default().compression_method(method).large_file(file.size >= u32::MAX.into());
        if let Ok(modified) = zip_time(file.modified) {
            options = options.last_modified_time(modified);
        }
        archive.start_file(file.name.as_str(), options).map_err(io::Error::other)?;
        let mut content = Vec::new();
        File::open(&file.path)?.read_to_end(&mut content)?;
        archive.write_all(&content)?;
    }
    Ok(archive.finish().map_err(io::Error::other)?.into_inner())
}

fn zip_time(at: time::OffsetDateTime) -> Result<zip::DateTime, zip::result::DateTimeRangeError> {
    let year = u16::try_from(at.year()).unwrap_or(0);
    zip::DateTime::from_date_and_time(year, at.month().into(), at.day(), at.hour(), at.minute(), at.second())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::names::LogName;

    fn info(dir: &std::path::Path, name: &str, content: &[u8]) -> LogFileInfo {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        LogFileInfo {
            name: name.to_owned(),
            log_name: LogName::parse(name).unwrap(),
            modified: time::macros::datetime!(2026-11-24 10:11:12 UTC),
            size: content.len() as u64,
            path,
        }
    }

    fn gzipped(text: &str) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap()
    }

    fn gunzip(bytes: &[u8]) -> String {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn current_files_are_compressed_and_rotated_ones_served_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let current = info(dir.path(), "trace.log", b"now\n");
        assert_eq!(gunzip(&gzip(&current).unwrap()), "now\n");
        let rotated = info(dir.path(), "trace_2026-11-23.log.gz", &gzipped("yesterday\n"));
        assert_eq!(gzip(&rotated).unwrap(), gzipped("yesterday\n"));
    }

    #[test]
    fn a_zip_holds_each_file_under_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            info(dir.path(), "http_access.log", b"GET /\n"),
            info(dir.path(), "http_access_2026-11-23.log.gz", &gzipped("GET /old\n")),
        ];
        let bytes = zip(&files).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        let mut text = String::new();
        archive.by_name("http_access.log").unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "GET /\n");
        let mut rotated = archive.by_name("http_access_2026-11-23.log.gz").unwrap();
        assert_eq!(rotated.last_modified().map(|t| (t.hour(), t.minute())), Some((10, 11)));
        let mut gz = Vec::new();
        rotated.read_to_end(&mut gz).unwrap();
        assert_eq!(gunzip(&gz), "GET /old\n");
    }
}
