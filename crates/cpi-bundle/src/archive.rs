//! Reading untrusted zips within [`Limits`] and writing deterministic zips.
//!
//! Reading uses the `zip` crate and counts the bytes it actually decompresses. Writing is done
//! by hand (local headers, central directory, end record) so that it cannot fail and is
//! byte-for-byte reproducible: fixed 1980-01-01 timestamps, deflate or stored, no extra fields.

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};

use crate::error::BundleError;
use crate::limits::Limits;

/// Most files a bundle may hold, so that it can be written without zip64 records.
pub(crate) const MAX_FILES: usize = 65_535;
/// Most bytes (names plus contents) a bundle may hold, so that it can be written without zip64 records.
pub(crate) const MAX_BUNDLE_BYTES: u64 = 1 << 30;

/// One file of an archive: its normalized path and its content.
pub(crate) type ArchiveFile = (String, Vec<u8>);

/// Reads all file entries of `zip`, skipping directory entries, in archive order.
pub(crate) fn read_files(zip: &[u8], limits: &Limits) -> Result<Vec<ArchiveFile>, BundleError> {
    if zip.len() > limits.max_zip_bytes {
        return Err(BundleError::ZipTooLarge { size: zip.len(), max: limits.max_zip_bytes });
    }
    let max_entries = limits.max_entries.min(MAX_FILES);
    let max_total = limits.max_total_bytes.min(MAX_BUNDLE_BYTES);
    let max_entry = limits.max_entry_bytes.min(max_total);
    let mut archive =
        zip::ZipArchive::new(Cursor::new(zip)).map_err(|error| BundleError::InvalidZip(error.to_string()))?;
    if archive.len() > max_entries {
        return Err(BundleError::TooManyEntries { max: max_entries });
    }
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let raw_name = archive.name_for_index(index).unwrap_or_default().to_owned();
        let Some(path) = normalize_entry_name(&raw_name)? else {
            continue;
        };
        let content = read_entry(&mut archive, index, &raw_name, max_entry)?;
        total = total.saturating_add(content.len() as u64 + path.len() as u64);
        if total > max_total {
            return Err(BundleError::TotalTooLarge { max: max_total });
        }
        if !seen.insert(path.clone()) {
            return Err(BundleError::DuplicateEntry { name: path });
        }
        files.push((path, content));
    }
    Ok(files)
}

/// Decompresses one entry, reading at most `max_entry + 1` bytes.
fn read_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    raw_name: &str,
    max_entry: u64,
) -> Result<Vec<u8>, BundleError> {
    let unreadable = |detail: String| BundleError::UnreadableEntry { name: raw_name.to_owned(), detail };
    let entry = archive.by_index(index).map_err(|error| unreadable(error.to_string()))?;
    let mut content = Vec::new();
    entry.take(max_entry.saturating_add(1)).read_to_end(&mut content).map_err(|error| unreadable(error.to_string()))?;
    if content.len() as u64 > max_entry {
        return Err(BundleError::EntryTooLarge { name: raw_name.to_owned(), max: max_entry });
    }
    Ok(content)
}

/// Normalizes an entry name to a relative `/`-separated path. `Ok(None)` for directory entries;
/// an error for absolute names, drive letters and `..` segments (`/` and `\` both separate).
pub(crate) fn normalize_entry_name(raw: &str) -> Result<Option<String>, BundleError> {
    let unsafe_name = || BundleError::UnsafeEntryName { name: raw.to_owned() };
    let unified = raw.replace('\\', "/");
    let has_drive = unified.as_bytes().get(1) == Some(&b':');
    if unified.starts_with('/') || has_drive || unified.contains('\0') {
        return Err(unsafe_name());
    }
    let mut segments = Vec::new();
    for segment in unified.split('/') {
        match segment {
            ".." => return Err(unsafe_name()),
            "" | "." => {}
            other => segments.push(other),
        }
    }
    if unified.ends_with('/') || segments.is_empty() {
        return Ok(None);
    }
    Ok(Some(segments.join("/")))
}

/// Writes `files` as a zip with fixed timestamps. Each entry is deflated unless that does not
/// make it smaller. Callers keep within [`MAX_FILES`] and [`MAX_BUNDLE_BYTES`].
pub(crate) fn write_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count: usize = 0;
    for (name, content) in files {
        let offset = out.len();
        let entry = EntryHeader::new(name, content);
        entry.write_local(&mut out);
        out.extend_from_slice(&entry.data);
        entry.write_central(&mut central, offset);
        count += 1;
    }
    let central_offset = out.len();
    out.extend_from_slice(&central);
    write_end_record(&mut out, count, central.len(), central_offset);
    out
}

/// DOS date of 1980-01-01 (the earliest a zip can express).
const FIXED_DOS_DATE: u16 = (1 << 5) | 1;
/// General purpose flag: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// Regular file, rw-r--r--, in the upper half of the external attributes.
const UNIX_FILE_MODE: u32 = 0o100_644 << 16;

/// What the local and central headers of one entry carry.
struct EntryHeader<'a> {
    name: &'a str,
    method: u16,
    crc: u32,
    size: usize,
    data: Vec<u8>,
}

impl<'a> EntryHeader<'a> {
    fn new(name: &'a str, content: &[u8]) -> Self {
        let crc = crc32fast::hash(content);
        let (method, data) = match deflate(content) {
            Some(compressed) if compressed.len() < content.len() => (8, compressed),
            _ => (0, content.to_vec()),
        };
        EntryHeader { name, method, crc, size: content.len(), data }
    }

    fn write_local(&self, out: &mut Vec<u8>) {
        put_u32(out, 0x0403_4b50);
        put_u16(out, 20);
        self.write_common(out);
        put_u16(out, 0);
        out.extend_from_slice(self.name.as_bytes());
    }

    fn write_central(&self, out: &mut Vec<u8>, offset: usize) {
        put_u32(out, 0x0201_4b50);
        put_u16(out, (3 << 8) | 20);
        put_u16(out, 20);
        self.write_common(out);
        put_u16(out, 0); // extra field length
        put_u16(out, 0); // comment length
        put_u16(out, 0); // disk number
        put_u16(out, 0); // internal attributes
        put_u32(out, UNIX_FILE_MODE);
        put_u32(out, saturate_u32(offset));
        out.extend_from_slice(self.name.as_bytes());
    }

    /// Flags, method, time, date, CRC, sizes and name length (shared by both headers).
    fn write_common(&self, out: &mut Vec<u8>) {
        put_u16(out, FLAG_UTF8);
        put_u16(out, self.method);
        put_u16(out, 0);
        put_u16(out, FIXED_DOS_DATE);
        put_u32(out, self.crc);
        put_u32(out, saturate_u32(self.data.len()));
        put_u32(out, saturate_u32(self.size));
        put_u16(out, u16::try_from(self.name.len()).unwrap_or(u16::MAX));
    }
}

fn write_end_record(out: &mut Vec<u8>, count: usize, central_len: usize, central_offset: usize) {
    let count = u16::try_from(count).unwrap_or(u16::MAX);
    put_u32(out, 0x0605_4b50);
    put_u16(out, 0);
    put_u16(out, 0);
    put_u16(out, count);
    put_u16(out, count);
    put_u32(out, saturate_u32(central_len));
    put_u32(out, saturate_u32(central_offset));
    put_u16(out, 0);
}

/// Raw deflate of `content`; `None` if the encoder reports an error.
fn deflate(content: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(content).ok()?;
    encoder.finish().ok()
}

fn saturate_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn put_u16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests;
