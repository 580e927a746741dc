//! Errors of reading, validating and editing bundles. Their messages are shown to API clients in
//! `400 Bad Request` bodies, so each says plainly what is wrong with the uploaded content.

/// Why a bundle or package archive was rejected, or why an edit of it failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// The bytes are not a zip archive (or its central directory is broken).
    #[error("The artifact content is not a valid zip archive: {0}")]
    InvalidZip(String),
    /// The zip itself is larger than [`crate::Limits::max_zip_bytes`].
    #[error("The artifact content is {size} bytes; at most {max} bytes are allowed")]
    ZipTooLarge {
        /// Size of the zip in bytes.
        size: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// The zip has more entries than [`crate::Limits::max_entries`].
    #[error("The zip has more than {max} entries")]
    TooManyEntries {
        /// The limit.
        max: usize,
    },
    /// One entry decompresses to more than [`crate::Limits::max_entry_bytes`].
    #[error("The zip entry '{name}' is larger than {max} bytes when uncompressed")]
    EntryTooLarge {
        /// The entry name as found in the zip.
        name: String,
        /// The limit in bytes.
        max: u64,
    },
    /// All entries together decompress to more than [`crate::Limits::max_total_bytes`].
    #[error("The zip content is larger than {max} bytes when uncompressed")]
    TotalTooLarge {
        /// The limit in bytes.
        max: u64,
    },
    /// An entry name is absolute or climbs out of the bundle with `..`.
    #[error("The zip entry '{name}' escapes the bundle")]
    UnsafeEntryName {
        /// The entry name as found in the zip.
        name: String,
    },
    /// Two entries have the same path.
    #[error("The zip has the entry '{name}' more than once")]
    DuplicateEntry {
        /// The duplicated path.
        name: String,
    },
    /// An entry cannot be decompressed (encrypted, unsupported method, corrupt data, checksum mismatch).
    #[error("The zip entry '{name}' cannot be read: {detail}")]
    UnreadableEntry {
        /// The entry name (or its index when the name itself is unreadable).
        name: String,
        /// What went wrong.
        detail: String,
    },
    /// There is no `META-INF/MANIFEST.MF`.
    #[error("The bundle has no META-INF/MANIFEST.MF")]
    MissingManifest,
    /// The manifest is not a readable JAR manifest.
    #[error("META-INF/MANIFEST.MF is not a valid manifest: {0}")]
    InvalidManifest(String),
    /// A required manifest header is missing or empty.
    #[error("MANIFEST.MF lacks {0}")]
    ManifestHeaderMissing(&'static str),
    /// An integration flow bundle without `.iflw`.
    #[error("The bundle has no integration flow (.iflw) under src/main/resources/scenarioflows/integrationflow/")]
    MissingIntegrationFlow,
    /// An integration flow bundle with more than one `.iflw`.
    #[error(
        "The bundle has {count} integration flows (.iflw) under src/main/resources/scenarioflows/integrationflow/; \
         exactly one is allowed"
    )]
    MultipleIntegrationFlows {
        /// How many `.iflw` files were found.
        count: usize,
    },
    /// The `.iflw` is not well-formed XML.
    #[error("The .iflw is not well-formed XML: {0}")]
    MalformedIntegrationFlow(String),
    /// The `.iflw` is XML but not BPMN2.
    #[error("The .iflw root element is '{0}', not a BPMN2 definitions element")]
    NotBpmn(String),
    /// A value mapping bundle without `value_mapping.xml`.
    #[error("The value mapping bundle has no value_mapping.xml")]
    MissingValueMapping,
    /// Another XML file of the bundle is not well-formed.
    #[error("{path} is not well-formed XML: {detail}")]
    MalformedXml {
        /// Path of the file inside the bundle.
        path: String,
        /// What the XML parser reported.
        detail: String,
    },
    /// A configuration key that the bundle does not define (same text as SAP's 404).
    #[error("Parameter key '{key}' not found.")]
    UnknownConfiguration {
        /// The requested key.
        key: String,
    },
    /// A resource type outside SAP's enumeration.
    #[error("Unknown resource type '{resource_type}'; the allowed types are {allowed}")]
    UnknownResourceType {
        /// The requested type.
        resource_type: String,
        /// Comma-separated list of the allowed types.
        allowed: String,
    },
    /// A resource name that is not a plain file name.
    #[error("The resource name '{name}' is not a plain file name")]
    InvalidResourceName {
        /// The requested name.
        name: String,
    },
    /// A resource name whose extension does not fit its type.
    #[error("The resource name '{name}' does not fit resource type '{resource_type}' (expected {expected})")]
    ResourceExtensionMismatch {
        /// The requested name.
        name: String,
        /// The requested type.
        resource_type: String,
        /// The allowed extensions.
        expected: String,
    },
    /// An edit would make the bundle too large to write as a plain (non-zip64) zip.
    #[error("The bundle would exceed {max} bytes or {max_files} files")]
    BundleTooLarge {
        /// Size limit in bytes.
        max: u64,
        /// File count limit.
        max_files: usize,
    },
    /// A package export without `resources.cnt`.
    #[error("The package archive has no resources.cnt")]
    MissingPackageIndex,
    /// `resources.cnt` is not base64-encoded JSON of the expected shape.
    #[error("The package resources.cnt is not valid: {0}")]
    InvalidPackageIndex(String),
    /// `resources.cnt` lists no `ContentPackage` resource.
    #[error("The package resources.cnt has no ContentPackage resource")]
    MissingPackageResource,
    /// An artifact listed in `resources.cnt` has no `<id>_content` entry.
    #[error("The package archive has no entry '{entry}' for artifact '{artifact}'")]
    MissingArtifactContent {
        /// The artifact's unique id.
        artifact: String,
        /// The missing entry name.
        entry: String,
    },
    /// An artifact inside a package is not a valid bundle.
    #[error("The artifact '{artifact}' in the package is invalid: {source}")]
    InvalidPackagedArtifact {
        /// The artifact's unique id.
        artifact: String,
        /// Why it is invalid.
        source: Box<BundleError>,
    },
}

/// An externalized parameter `{{name}}` that has no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The externalized parameter '{name}' has no value")]
pub struct MissingParameter {
    /// The parameter name between the braces.
    pub name: String,
}
