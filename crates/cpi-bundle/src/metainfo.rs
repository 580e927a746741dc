//! `metainfo.prop`: the description, sender and receiver of an artifact (Java properties).

use crate::properties::PropertiesFile;

/// The path of the file inside a bundle.
pub(crate) const METAINFO_PATH: &str = "metainfo.prop";

/// What `metainfo.prop` says about an artifact. Every field is `""` when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaInfo {
    /// `description` (OData `Description`).
    pub description: String,
    /// `source` (OData `Sender`).
    pub source: String,
    /// `target` (OData `Receiver`).
    pub target: String,
}

impl MetaInfo {
    /// Reads the three fields from properties bytes.
    pub fn parse(bytes: &[u8]) -> MetaInfo {
        let file = PropertiesFile::parse(bytes);
        let field = |key: &str| file.get(key).unwrap_or_default().to_owned();
        MetaInfo { description: field("description"), source: field("source"), target: field("target") }
    }
}

/// Rewrites `existing` (or a new file) with `description` set, keeping the other keys and the
/// leading comments.
pub(crate) fn with_description(existing: Option<&[u8]>, description: &str) -> Vec<u8> {
    let mut file = existing.map(PropertiesFile::parse).unwrap_or_else(|| PropertiesFile {
        header_comments: vec!["#Store metainfo properties".to_owned()],
        entries: Vec::new(),
    });
    file.set("description", description);
    file.render().into_bytes()
}
