//! How values read on screen: instants, sizes, artifact kinds.

use cpi_client::ArtifactKind;
use time::OffsetDateTime;
use time::macros::format_description;

/// `2024-01-31 12:00:00` in UTC, or `-` when there is no instant.
pub fn timestamp(at: Option<OffsetDateTime>) -> String {
    let Some(at) = at else { return "-".to_owned() };
    let utc = at.to_offset(time::UtcOffset::UTC);
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    utc.format(&format).unwrap_or_else(|_| utc.unix_timestamp().to_string())
}

/// `512 B`, `1.5 KiB`, `2.0 MiB`.
pub fn size(bytes: i64) -> String {
    const KIB: f64 = 1024.0;
    let value = bytes as f64;
    if value < KIB {
        format!("{bytes} B")
    } else if value < KIB * KIB {
        format!("{:.1} KiB", value / KIB)
    } else {
        format!("{:.1} MiB", value / KIB / KIB)
    }
}

/// The short word of an artifact kind in tables: `iflow`, `value-mapping`, ...
pub fn kind(kind: ArtifactKind) -> &'static str {
    match kind {
        ArtifactKind::IntegrationFlow => "iflow",
        other => other.cli_word(),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn values_read_as_on_screen() {
        assert_eq!(timestamp(Some(datetime!(2024-01-31 13:00 +01:00))), "2024-01-31 12:00:00");
        assert_eq!(timestamp(None), "-");
        assert_eq!(size(512), "512 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MiB");
        assert_eq!(kind(ArtifactKind::IntegrationFlow), "iflow");
    }
}
