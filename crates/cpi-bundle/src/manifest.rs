//! `META-INF/MANIFEST.MF`: the OSGi/JAR manifest that names a bundle.
//!
//! Lines are at most 72 bytes; a line that starts with one space continues the previous header.
//! Only the main section (up to the first blank line) is read.

use crate::error::BundleError;

/// The header that holds the artifact id.
const SYMBOLIC_NAME: &str = "Bundle-SymbolicName";
/// The header that holds the display name.
const NAME: &str = "Bundle-Name";
/// The header that holds the version.
const VERSION: &str = "Bundle-Version";
/// The header that holds the artifact kind.
const BUNDLE_TYPE: &str = "SAP-BundleType";
/// Longest manifest line in bytes, line break excluded.
const MAX_LINE_BYTES: usize = 72;

/// The kind of artifact a bundle is, from its `SAP-BundleType` header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BundleType {
    /// `IntegrationFlow` (also assumed when the header is missing).
    IntegrationFlow,
    /// `ValueMapping`.
    ValueMapping,
    /// `ScriptCollection`.
    ScriptCollection,
    /// `MessageMapping`.
    MessageMapping,
    /// Any other value, kept verbatim.
    Other(String),
}

impl BundleType {
    /// Maps a `SAP-BundleType` value (case-insensitively) to a bundle type.
    pub fn from_header(value: &str) -> BundleType {
        let value = value.trim();
        [
            BundleType::IntegrationFlow,
            BundleType::ValueMapping,
            BundleType::ScriptCollection,
            BundleType::MessageMapping,
        ]
        .into_iter()
        .find(|known| known.as_str().eq_ignore_ascii_case(value))
        .unwrap_or_else(|| BundleType::Other(value.to_owned()))
    }

    /// The `SAP-BundleType` value.
    pub fn as_str(&self) -> &str {
        match self {
            BundleType::IntegrationFlow => "IntegrationFlow",
            BundleType::ValueMapping => "ValueMapping",
            BundleType::ScriptCollection => "ScriptCollection",
            BundleType::MessageMapping => "MessageMapping",
            BundleType::Other(value) => value,
        }
    }
}

/// A parsed manifest: the identity of the bundle plus every main-section header in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// `Bundle-SymbolicName` without `;singleton:=true` (or any other directive), trimmed.
    pub id: String,
    /// `Bundle-Name`, or the id when missing.
    pub name: String,
    /// `Bundle-Version`, or `1.0.0` when missing.
    pub version: String,
    /// `SAP-BundleType`, or [`BundleType::IntegrationFlow`] when missing.
    pub bundle_type: BundleType,
    headers: Vec<(String, String)>,
}

impl Manifest {
    /// Parses manifest text (any of `\r\n`, `\n`, `\r` line ends; a leading BOM is ignored).
    pub fn parse(text: &str) -> Result<Manifest, BundleError> {
        let headers = parse_headers(text.strip_prefix('\u{feff}').unwrap_or(text))?;
        let header = |name: &str| find_header(&headers, name).map(str::trim).filter(|value| !value.is_empty());
        let symbolic_name = header(SYMBOLIC_NAME).ok_or(BundleError::ManifestHeaderMissing(SYMBOLIC_NAME))?;
        let id = symbolic_name.split(';').next().unwrap_or_default().trim().to_owned();
        if id.is_empty() {
            return Err(BundleError::ManifestHeaderMissing(SYMBOLIC_NAME));
        }
        Ok(Manifest {
            name: header(NAME).unwrap_or(&id).to_owned(),
            version: header(VERSION).unwrap_or("1.0.0").to_owned(),
            bundle_type: header(BUNDLE_TYPE).map_or(BundleType::IntegrationFlow, BundleType::from_header),
            id,
            headers,
        })
    }

    /// A manifest with the given identity and further headers (used by the builder).
    pub(crate) fn from_parts(
        id: &str,
        name: &str,
        version: &str,
        bundle_type: BundleType,
        headers: Vec<(String, String)>,
    ) -> Manifest {
        let mut manifest =
            Manifest { id: String::new(), name: String::new(), version: String::new(), bundle_type, headers };
        manifest.set_id(id);
        manifest.set_name(name);
        manifest.set_version(version);
        let bundle_type = manifest.bundle_type.as_str().to_owned();
        manifest.put_header(BUNDLE_TYPE, bundle_type);
        manifest
    }

    /// All main-section headers in file order, values with continuation lines joined.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// The value of a header (names compare case-insensitively, as in Java).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Sets the id (trimmed, line breaks become spaces), keeping any directive such as `; singleton:=true` of `Bundle-SymbolicName`.
    pub fn set_id(&mut self, id: &str) {
        let id = single_line(id);
        let directives = self
            .header(SYMBOLIC_NAME)
            .and_then(|value| value.find(';').map(|at| value[at..].to_owned()))
            .unwrap_or_default();
        id.trim().clone_into(&mut self.id);
        self.put_header(SYMBOLIC_NAME, format!("{}{directives}", self.id));
    }

    /// Sets `Bundle-Name` (trimmed, line breaks become spaces).
    pub fn set_name(&mut self, name: &str) {
        self.name = single_line(name.trim());
        self.put_header(NAME, self.name.clone());
    }

    /// Sets `Bundle-Version` (trimmed, line breaks become spaces).
    pub fn set_version(&mut self, version: &str) {
        self.version = single_line(version.trim());
        self.put_header(VERSION, self.version.clone());
    }

    /// Renders the manifest with `\r\n` line ends, wrapping every header at 72 bytes and ending with
    /// a blank line. The identity headers are written from the public fields.
    pub fn render(&self) -> String {
        let mut synced = self.clone();
        synced.set_id(&self.id);
        synced.set_name(&self.name);
        synced.set_version(&self.version);
        synced.put_header(BUNDLE_TYPE, self.bundle_type.as_str().to_owned());
        let mut out = String::new();
        for (name, value) in &synced.headers {
            push_wrapped(&mut out, &format!("{name}: {value}"));
        }
        out.push_str("\r\n");
        out
    }

    /// Replaces the value of `name` in place, or appends the header.
    fn put_header(&mut self, name: &str, value: String) {
        match self.headers.iter_mut().find(|(candidate, _)| candidate.eq_ignore_ascii_case(name)) {
            Some((_, existing)) => *existing = value,
            None => self.headers.push((name.to_owned(), value)),
        }
    }
}

/// Replaces line breaks (which would end the header) with spaces.
fn single_line(value: &str) -> String {
    value.replace(['\r', '\n'], " ")
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(candidate, _)| candidate.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
}

/// Splits the main section into headers, joining continuation lines.
fn parse_headers(text: &str) -> Result<Vec<(String, String)>, BundleError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut headers: Vec<(String, String)> = Vec::new();
    for (number, line) in text.split('\n').enumerate() {
        if line.is_empty() {
            if headers.is_empty() {
                continue;
            }
            break;
        }
        if let Some(continuation) = line.strip_prefix(' ') {
            let Some((_, value)) = headers.last_mut() else {
                return Err(BundleError::InvalidManifest(format!("line {} continues no header", number + 1)));
            };
            value.push_str(continuation);
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(BundleError::InvalidManifest(format!("line {} has no ':'", number + 1)));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(BundleError::InvalidManifest(format!("line {} has an empty header name", number + 1)));
        }
        headers.push((name.to_owned(), value.strip_prefix(' ').unwrap_or(value).to_owned()));
    }
    Ok(headers)
}

/// Appends `line` as one 72-byte line plus continuation lines (a space and up to 71 bytes each),
/// never splitting a UTF-8 character.
fn push_wrapped(out: &mut String, line: &str) {
    let mut rest = line;
    let mut budget = MAX_LINE_BYTES;
    loop {
        let mut cut = rest.len().min(budget);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n");
        rest = &rest[cut..];
        if rest.is_empty() {
            return;
        }
        out.push(' ');
        budget = MAX_LINE_BYTES - 1;
    }
}

#[cfg(test)]
mod tests;
