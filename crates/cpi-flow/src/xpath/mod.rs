//! An XPath 1.0 subset for XML router conditions and Content Modifier rows of type `xpath`,
//! e.g. `/IntegrationFlows/IntegrationFlow`, `count(/EmpJob/EmpJob/userId) != 0`,
//! `//order/status = 'OPEN'`, `/root/item[1]/name`.
//!
//! Supported: absolute and relative location paths with `/` and `//`; the axes `child`,
//! `descendant`, `descendant-or-self`, `parent`, `ancestor`, `ancestor-or-self`,
//! `following-sibling`, `preceding-sibling`, `following`, `preceding`, `attribute` and `self`
//! (abbreviated `@`, `.`, `..`); name tests `name`, `p:name`, `*`, `p:*`, `text()`, `node()`;
//! predicates (`[1]`, `[name='v']`, `[@a='v']`, `[last()]`, any expression); `|`; operators
//! `or and = != < <= > >= + - * div mod` and unary minus with XPath 1.0 semantics (node-set
//! comparisons are true if any node compares true); number and string literals; the functions
//! `last position count local-name namespace-uri name string concat starts-with contains
//! substring-before substring-after substring string-length normalize-space translate boolean
//! not true false number sum floor ceiling round`, plus `ends-with`, `upper-case` and
//! `lower-case` from XPath 2.0. An unknown function, axis or namespace prefix is a parse error.
//!
//! Deliberate choices and deviations:
//!
//! * Prefixes in the path are resolved with the flow's namespace mapping (prefix → URI), not with
//!   the document's prefixes. **A name without prefix matches an element in no namespace and,
//!   leniently, an element that is in a default namespace (`xmlns="…"`)**, so `/Order/Id`
//!   works on `<Order xmlns="urn:x">`; an element written with a prefix needs a mapped prefix.
//! * Comments and processing instructions are not kept: `comment()` and
//!   `processing-instruction()` select nothing. There are no namespace nodes and no variables.
//! * Documents are parsed with bounded depth and size, without DTD (a DOCTYPE is an error) and
//!   without entity expansion beyond the predefined entities (see `document`).
//! * One evaluation may visit at most 50 million nodes (counting axis steps and node-set
//!   comparisons), so a pathological expression fails with [`XPathError::Evaluation`] instead
//!   of running for minutes.
//! * Results are converted as SAP's Content Modifier does for `java.lang.String`: a node-set is
//!   its nodes' string-values ([`XPathValue::Nodes`]), its text being the first one's.

pub(crate) mod document;
mod eval;
mod functions;
mod lexer;
mod parser;
mod syntax;
mod value;

use document::Document;
use eval::{Context, Evaluator};
use syntax::Expr;
use value::{Value, number_to_text};

/// Why an XPath could not be parsed or evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XPathError {
    /// The expression is not valid (or uses what this subset does not support).
    #[error("invalid XPath at position {position}: {reason}")]
    Syntax {
        /// Byte offset in the expression.
        position: usize,
        /// What is wrong.
        reason: String,
    },
    /// The document is not well-formed XML or breaks a limit.
    #[error("the message body is not a valid XML document: {0}")]
    Document(String),
    /// The expression cannot be evaluated (a function given a value of the wrong type).
    #[error("the XPath cannot be evaluated: {0}")]
    Evaluation(String),
}

/// The result of an XPath.
#[derive(Debug, Clone, PartialEq)]
pub enum XPathValue {
    /// A node-set: the string-value of each node, in document order.
    Nodes(Vec<String>),
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Boolean(bool),
}

impl XPathValue {
    /// XPath's `boolean()`: a non-empty node-set or string, a number other than 0 and NaN.
    pub fn to_boolean(&self) -> bool {
        match self {
            XPathValue::Nodes(nodes) => !nodes.is_empty(),
            XPathValue::Text(text) => !text.is_empty(),
            XPathValue::Number(number) => *number != 0.0 && !number.is_nan(),
            XPathValue::Boolean(flag) => *flag,
        }
    }

    /// XPath's `string()`: the first node's string-value (empty for no node), numbers as XPath
    /// prints them (`3`, `0.5`, `NaN`), `true`/`false`.
    pub fn to_text(&self) -> String {
        match self {
            XPathValue::Nodes(nodes) => nodes.first().cloned().unwrap_or_default(),
            XPathValue::Text(text) => text.clone(),
            XPathValue::Number(number) => number_to_text(*number),
            XPathValue::Boolean(flag) => flag.to_string(),
        }
    }
}

/// A parsed XML document, to evaluate several expressions without parsing it again.
#[derive(Debug, Clone)]
pub struct XmlDocument(Document);

impl XmlDocument {
    /// Parses a document (UTF-8, bounded depth and size, no DOCTYPE).
    pub fn parse(xml: &[u8]) -> Result<XmlDocument, XPathError> {
        Document::parse(xml).map(XmlDocument).map_err(XPathError::Document)
    }
}

/// A parsed XPath expression.
#[derive(Debug, Clone, PartialEq)]
pub struct XPath {
    expression: Expr,
}

impl XPath {
    /// Parses an expression; `namespaces` maps prefixes to namespace URIs.
    pub fn parse(text: &str, namespaces: &[(String, String)]) -> Result<XPath, XPathError> {
        parser::parse(text, namespaces).map(|expression| XPath { expression })
    }

    /// Parses `xml` and evaluates the expression with the document node as context.
    pub fn evaluate(&self, xml: &[u8]) -> Result<XPathValue, XPathError> {
        self.evaluate_in(&XmlDocument::parse(xml)?)
    }

    /// Evaluates the expression on an already parsed document.
    pub fn evaluate_in(&self, document: &XmlDocument) -> Result<XPathValue, XPathError> {
        let document = &document.0;
        let evaluator = Evaluator::new(document);
        let context = Context { node: document.root(), position: 1, size: 1 };
        Ok(match evaluator.evaluate(&self.expression, context)? {
            Value::Nodes(nodes) => XPathValue::Nodes(nodes.into_iter().map(|id| document.string_value(id)).collect()),
            Value::Text(text) => XPathValue::Text(text),
            Value::Number(number) => XPathValue::Number(number),
            Value::Boolean(flag) => XPathValue::Boolean(flag),
        })
    }
}

#[cfg(test)]
mod tests;
