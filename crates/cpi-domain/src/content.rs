//! Tenant content of a subaccount. This slice holds integration packages; the OData issue adds
//! the rest of the content model.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// An integration package (entity type `IntegrationPackage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationPackage {
    /// Technical id (key), e.g. `MyPackage`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Resource id (generated; SAP shows a 32-hex id).
    pub resource_id: String,
    /// Long description.
    pub description: String,
    /// Short text.
    pub short_text: String,
    /// Version, e.g. `1.0.0`.
    pub version: String,
    /// Vendor.
    pub vendor: String,
    /// Partner content flag.
    pub partner_content: bool,
    /// Whether an update is available.
    pub update_available: bool,
    /// `EDIT_ALLOWED`, `READ_ONLY`, ...
    pub mode: String,
    /// `SAP Cloud Integration`, ...
    pub supported_platform: String,
    /// Who created it.
    pub created_by: String,
    /// Who changed it last.
    pub modified_by: String,
    /// Creation time.
    pub creation_date: OffsetDateTime,
    /// Last change.
    pub modified_date: OffsetDateTime,
    /// Comma-separated products.
    pub products: String,
    /// Comma-separated keywords.
    pub keywords: String,
    /// Comma-separated countries.
    pub countries: String,
    /// Comma-separated industries.
    pub industries: String,
    /// Comma-separated lines of business.
    pub line_of_business: String,
}

/// Whether a package id is acceptable: 1–255 of `[A-Za-z0-9_.-]`, starting with a letter,
/// digit or `_`.
pub fn is_valid_package_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 255
        && (bytes[0].is_ascii_alphanumeric() || bytes[0] == b'_')
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}
