//! Size limits applied while reading untrusted zips.

/// Limits on an uploaded zip. Sizes are checked against the bytes actually decompressed, never
/// against the sizes the zip headers claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum size of the zip itself.
    pub max_zip_bytes: usize,
    /// Maximum number of entries (directory entries included).
    pub max_entries: usize,
    /// Maximum decompressed size of one entry.
    pub max_entry_bytes: u64,
    /// Maximum decompressed size of all entries together (entry names included).
    pub max_total_bytes: u64,
}

impl Limits {
    /// 32 MiB zip, 2000 entries, 32 MiB per entry, 128 MiB in total.
    pub const DEFAULT: Limits = Limits {
        max_zip_bytes: 32 * 1024 * 1024,
        max_entries: 2000,
        max_entry_bytes: 32 * 1024 * 1024,
        max_total_bytes: 128 * 1024 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
