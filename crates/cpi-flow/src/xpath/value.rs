//! XPath 1.0 values and their conversions (`string()`, `number()`, `boolean()`).

use super::document::{Document, NodeId};

/// A value during evaluation; node-sets are kept in document order without duplicates.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Nodes(Vec<NodeId>),
    Text(String),
    Number(f64),
    Boolean(bool),
}

impl Value {
    /// `boolean()`.
    pub(super) fn to_boolean(&self) -> bool {
        match self {
            Value::Nodes(nodes) => !nodes.is_empty(),
            Value::Text(text) => !text.is_empty(),
            Value::Number(number) => *number != 0.0 && !number.is_nan(),
            Value::Boolean(flag) => *flag,
        }
    }

    /// `string()`: the string-value of the first node of a node-set.
    pub(super) fn to_text(&self, document: &Document) -> String {
        match self {
            Value::Nodes(nodes) => nodes.first().map(|&id| document.string_value(id)).unwrap_or_default(),
            Value::Text(text) => text.clone(),
            Value::Number(number) => number_to_text(*number),
            Value::Boolean(flag) => flag.to_string(),
        }
    }

    /// `number()`.
    pub(super) fn to_number(&self, document: &Document) -> f64 {
        match self {
            Value::Number(number) => *number,
            Value::Boolean(flag) => f64::from(u8::from(*flag)),
            other => text_to_number(&other.to_text(document)),
        }
    }
}

/// XPath's number to string: `NaN`, `Infinity`, integers without a decimal point, other numbers
/// in plain decimal notation.
pub(super) fn number_to_text(number: f64) -> String {
    if number.is_nan() {
        "NaN".to_owned()
    } else if number.is_infinite() {
        if number > 0.0 { "Infinity".to_owned() } else { "-Infinity".to_owned() }
    } else if number == 0.0 {
        "0".to_owned()
    } else {
        number.to_string()
    }
}

/// XPath's string to number: optional whitespace, an optional minus, digits with an optional
/// fraction; anything else is `NaN`.
pub(super) fn text_to_number(text: &str) -> f64 {
    let trimmed = text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\r' | '\n'));
    let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return f64::NAN;
    }
    trimmed.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_xpath_does() {
        assert_eq!(number_to_text(3.0), "3");
        assert_eq!(number_to_text(-0.0), "0");
        assert_eq!(number_to_text(0.5), "0.5");
        assert_eq!(number_to_text(1e21), "1000000000000000000000");
        assert_eq!(number_to_text(f64::NAN), "NaN");
        assert_eq!(number_to_text(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn texts_parse_as_xpath_does() {
        assert_eq!(text_to_number(" 12 "), 12.0);
        assert_eq!(text_to_number("-.5"), -0.5);
        assert_eq!(text_to_number("3."), 3.0);
        for text in ["", "+1", "1e3", "abc", "-", "1.2.3", "\u{a0}1"] {
            assert!(text_to_number(text).is_nan(), "{text}");
        }
    }

    #[test]
    fn booleans() {
        assert!(Value::Number(2.0).to_boolean());
        assert!(!Value::Number(f64::NAN).to_boolean());
        assert!(!Value::Text(String::new()).to_boolean());
        assert!(Value::Nodes(vec![1]).to_boolean());
        assert!(!Value::Nodes(vec![]).to_boolean());
    }

    #[test]
    fn conversions_of_nodes() {
        let document = Document::parse(b"<a><b> 7 </b><b>8</b></a>").unwrap();
        let b = document.node(document.document_element().unwrap()).children[0];
        let nodes = Value::Nodes(vec![b]);
        assert_eq!(nodes.to_text(&document), " 7 ");
        assert_eq!(nodes.to_number(&document), 7.0);
        assert_eq!(Value::Nodes(vec![]).to_text(&document), "");
        assert_eq!(Value::Boolean(true).to_number(&document), 1.0);
    }
}
