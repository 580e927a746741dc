//! SAP CPI's JSON to XML and XML to JSON converters, following SAP's documented conventions
//! (attributes as `@name` members, the text of an element with attributes as a `$` member).
//!
//! JSON to XML ([`json_to_xml`]):
//!
//! * The JSON must start with an object. Without an added root element it must have exactly one
//!   member, which becomes the root element (and must not be an array); otherwise a
//!   [`ConvertError::NotConvertible`] says to add a root element. With
//!   [`JsonToXmlOptions::add_root_element`] all top-level members go inside that element.
//! * A member becomes an element; an array becomes repeated elements of the member's name (an
//!   empty array none; an array directly inside an array is an error); `null` an empty element
//!   `<a/>`; strings, numbers and booleans the element's text. In an object, `@name` members
//!   become attributes (`null` ones are left out) and a `$` member the element's text.
//! * Namespaces: with a mapping, a member `prefix<separator>local` whose prefix is mapped becomes
//!   `prefix:local`, and the root element declares every mapped namespace. A name that is not a
//!   valid XML name, or that uses an unmapped prefix, is an error (never malformed XML).
//! * The output starts with `<?xml version='1.0' encoding='UTF-8'?>` and is not indented.
//!   Numbers are written as `serde_json` prints them (`1.50` becomes `1.5`).
//!
//! XML to JSON ([`xml_to_json`]):
//!
//! * An element becomes a member named as written (with its prefix, e.g. `ns0:Order`);
//!   repeated sibling elements of one name become an array (at the first one's position);
//!   attributes become `@name` members; namespace declarations are dropped.
//! * An element with neither attributes nor child elements becomes its text as a string (an
//!   empty element `""`); otherwise an object whose text, if not only whitespace, is the `$`
//!   member. Every value is a string (SAP's converter does not guess types).
//! * The root element is kept as the single top-level member unless
//!   [`XmlToJsonOptions::suppress_root_element`] is set. Output is compact JSON.
//!
//! Limits: nesting deeper than [`MAX_DEPTH`] is rejected (JSON input is further limited by
//! `serde_json` to 128 levels), and so is any DOCTYPE (see `crate::xpath::document`).

mod json_to_xml;
mod xml_to_json;

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = crate::xpath::document::MAX_DEPTH;

/// Why a body could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// The body is not valid JSON.
    #[error("the message body is not valid JSON: {0}")]
    InvalidJson(String),
    /// The body is not a valid XML document (or breaks a limit, or has a DOCTYPE).
    #[error("the message body is not a valid XML document: {0}")]
    InvalidXml(String),
    /// The body is valid but its structure cannot be converted.
    #[error("the message body cannot be converted: {0}")]
    NotConvertible(String),
}

/// Settings of a JSON to XML converter step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonToXmlOptions {
    /// Wrap the result in an element of this name ("Add XML Root Element").
    pub add_root_element: Option<String>,
    /// Namespace mapping, prefix → URI (empty: namespaces not used).
    pub namespaces: Vec<(String, String)>,
    /// What separates a prefix from the local name in JSON member names (`:` by default).
    pub prefix_separator: char,
}

impl Default for JsonToXmlOptions {
    fn default() -> Self {
        Self { add_root_element: None, namespaces: Vec::new(), prefix_separator: ':' }
    }
}

/// Settings of an XML to JSON converter step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlToJsonOptions {
    /// Leave out the root element's member ("Suppress JSON Root Element").
    pub suppress_root_element: bool,
}

/// Converts a JSON body to XML.
pub fn json_to_xml(json: &[u8], options: &JsonToXmlOptions) -> Result<Vec<u8>, ConvertError> {
    json_to_xml::convert(json, options)
}

/// Converts an XML body to JSON.
pub fn xml_to_json(xml: &[u8], options: &XmlToJsonOptions) -> Result<Vec<u8>, ConvertError> {
    xml_to_json::convert(xml, options)
}

#[cfg(test)]
mod tests;
