//! The Camel Simple subset that SAP CPI flows use in Content Modifier values and bodies, HTTP
//! receiver addresses and router conditions: literal text with `${…}` parts.
//!
//! Supported inside `${…}`:
//!
//! * `header.NAME`, `in.header.NAME`, `headers.NAME`, `in.headers.NAME`, `header[NAME]` (also
//!   quoted, `header['NAME']`): a header (names compare case-insensitively);
//! * `property.NAME`, `exchangeProperty.NAME`, `property[NAME]`: an exchange property; a dotted
//!   name (`${property.a.b}`) is one name, up to the first method call;
//! * `body`, `in.body`, `bodyAs(String)`, `bodyAs(java.lang.String)`, `mandatoryBodyAs(String)`:
//!   the body, decoded as UTF-8 (invalid bytes become U+FFFD);
//! * `exchangeId`; `exception`, `exception.message`, `exception.stacktrace` (all three give the
//!   message: there is no Java stack trace here);
//! * `date:now` (Java `Date.toString()` layout) and `date:now:PATTERN` with the common
//!   `SimpleDateFormat` letters, always in UTC (see `date_format`).
//!
//! Java `String` methods can be chained on a value, also null-safe with `?.`: `toUpperCase()`,
//! `toLowerCase()`, `trim()`, `length()`, `isEmpty()`, `toString()`, `substring(a)`,
//! `substring(a,b)`, `replace(x,y)`, `replaceAll(regex,replacement)`,
//! `replaceFirst(regex,replacement)`, `contains(x)`, `startsWith(x)`, `endsWith(x)`,
//! `equals(x)`, `equalsIgnoreCase(x)`, `indexOf(x)`, `lastIndexOf(x)`, `concat(x)` and
//! `split(regex)[n]`. Arguments are quoted texts (`'x'` or `"x"`, no escapes inside) or whole
//! numbers. Methods and their arguments are checked when parsing: an unknown function or method,
//! a wrong argument or a method on a number (`length().trim()`) is a [`SimpleError`].
//!
//! Deliberate choices and deviations:
//!
//! * A missing header, property or exception is the empty text, and so is any method called on it
//!   (Camel would throw for a method on null without `?.`; CPI flows rely on the lenient form).
//! * There are no escapes: a backslash is literal text, and a literal `${` cannot be written (as in
//!   Camel, where `${` always starts an expression). An unclosed `${` or a `${` nested inside
//!   another is an error, never silently kept.
//! * Regular expressions (`replaceAll`, `replaceFirst`, `split`) follow Java's syntax for the
//!   usual constructs, without look-around and back-references, which are rejected.
//! * Indexes (`substring`, `indexOf`, `length`) count Unicode characters, not UTF-16 units.
//! * Surrounding whitespace inside `${ … }` is ignored.

mod date_format;
pub(crate) mod java_regex;
mod method;
mod placeholder;
#[cfg(test)]
pub(crate) mod test_scope;

use crate::Scope;
use placeholder::Placeholder;

/// Why an expression does not parse: where (byte offset in the text) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid Simple expression at position {position}: {reason}")]
pub struct SimpleError {
    /// Byte offset of the `${` (or of the problem) in the text.
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

/// Why a parsed expression (or condition) could not be evaluated on a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    /// A Java call that would throw: `substring` beyond the text, `split(…)[n]` beyond the list.
    #[error("{call} is out of range for a value of length {length}")]
    OutOfRange {
        /// The call, e.g. `substring(2,9)`.
        call: String,
        /// The length of the text or list.
        length: usize,
    },
    /// A method applied to a value it does not accept.
    #[error("{method}() cannot be applied to the value '{value}'")]
    WrongReceiver {
        /// The method name.
        method: String,
        /// The value it was applied to.
        value: String,
    },
    /// A regular expression that only became known on evaluation is not valid.
    #[error("'{pattern}' is not a valid regular expression: {reason}")]
    InvalidRegex {
        /// The pattern.
        pattern: String,
        /// Why it is not valid.
        reason: String,
    },
}

/// A parsed template: literal text with `${…}` parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Placeholder(Placeholder),
}

impl Expression {
    /// Parses a template.
    pub fn parse(text: &str) -> Result<Expression, SimpleError> {
        let mut parts = Vec::new();
        let mut offset = 0;
        while let Some(found) = text[offset..].find("${") {
            let open = offset + found;
            if open > offset {
                parts.push(Part::Literal(text[offset..open].to_owned()));
            }
            let close = closing_brace(text, open)?;
            let placeholder =
                Placeholder::parse(&text[open + 2..close]).map_err(|reason| SimpleError { position: open, reason })?;
            parts.push(Part::Placeholder(placeholder));
            offset = close + 1;
        }
        if offset < text.len() {
            parts.push(Part::Literal(text[offset..].to_owned()));
        }
        Ok(Expression { parts })
    }

    /// The text of the template on a message (a missing value is the empty text).
    pub fn evaluate(&self, scope: &dyn Scope) -> Result<String, EvalError> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(literal) => text.push_str(literal),
                Part::Placeholder(placeholder) => {
                    text.push_str(&placeholder.evaluate(scope)?.into_text().unwrap_or_default());
                }
            }
        }
        Ok(text)
    }

    /// Like [`Expression::evaluate`], but `None` when the whole template is one `${…}` whose
    /// value is missing (a header or property that is not set): what Camel calls `null`.
    pub fn evaluate_optional(&self, scope: &dyn Scope) -> Result<Option<String>, EvalError> {
        match self.parts.as_slice() {
            [Part::Placeholder(placeholder)] => Ok(placeholder.evaluate(scope)?.into_text()),
            _ => self.evaluate(scope).map(Some),
        }
    }

    /// The text of a template without `${…}`.
    pub(crate) fn constant_text(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(literal) => text.push_str(literal),
                Part::Placeholder(_) => return None,
            }
        }
        Some(text)
    }

    /// True if the template has no `${…}` (its text never changes).
    pub fn is_constant(&self) -> bool {
        self.parts.iter().all(|part| matches!(part, Part::Literal(_)))
    }
}

/// The byte offset of the `}` closing the `${` at `open`; quotes inside are respected, so
/// `${header.a.replace('}','x')}` works.
pub(crate) fn closing_brace(text: &str, open: usize) -> Result<usize, SimpleError> {
    let content = open + 2;
    let mut quote = None;
    for (at, character) in text[content..].char_indices() {
        let at = content + at;
        match (quote, character) {
            (None, '\'' | '"') => quote = Some(character),
            (Some(open_quote), _) if open_quote == character => quote = None,
            (None, '}') => return Ok(at),
            (None, '$') if text[at..].starts_with("${") => {
                return Err(SimpleError {
                    position: at,
                    reason: "a ${ inside another ${…} is not supported".to_owned(),
                });
            }
            _ => {}
        }
    }
    let reason = match quote {
        Some(quote) => format!("the ${{ is not closed by '}}' (a {quote} quote inside is not closed)"),
        None => "the ${ is not closed by '}'".to_owned(),
    };
    Err(SimpleError { position: open, reason })
}

#[cfg(test)]
mod tests;
