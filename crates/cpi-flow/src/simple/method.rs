//! The Java `String` methods that can be chained on a value (`${header.x.trim()}`), checked when
//! the expression is parsed: each method knows what it accepts and what it returns.
//!
//! Indexes count Unicode characters (Java counts UTF-16 units: they differ only beyond U+FFFF).

use super::EvalError;
use super::java_regex::{JavaRegex, Replacement};

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// A missing header, property or exception; methods on it give `Null` again.
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    /// The result of `split`, which must be indexed.
    List(Vec<String>),
}

impl Value {
    /// The text of a value (`Null` is `None`).
    pub(crate) fn into_text(self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(text) => Some(text),
            Value::Int(number) => Some(number.to_string()),
            Value::Bool(flag) => Some(flag.to_string()),
            Value::List(items) => Some(format!("[{}]", items.join(", "))),
        }
    }
}

/// What a step of a chain produces, known when parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Int,
    Bool,
    List,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Text => "a text",
            Kind::Int => "a number",
            Kind::Bool => "a boolean",
            Kind::List => "a list (index it, e.g. split(',')[0])",
        }
    }
}

/// An argument as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Argument {
    Text(String),
    Int(i64),
}

/// One call of a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Method {
    ToUpperCase,
    ToLowerCase,
    Trim,
    Length,
    IsEmpty,
    ToString,
    Substring(i64, Option<i64>),
    Replace(String, String),
    ReplaceRegex {
        regex: JavaRegex,
        replacement: Replacement,
        all: bool,
    },
    Contains(String),
    StartsWith(String),
    EndsWith(String),
    Equals(String),
    EqualsIgnoreCase(String),
    IndexOf(String),
    LastIndexOf(String),
    Concat(String),
    Split(JavaRegex),
    /// `[n]` after `split(…)`.
    Index(usize),
}

/// The names of the supported methods, for error messages.
pub(crate) const METHOD_NAMES: &str = "toUpperCase, toLowerCase, trim, length, isEmpty, toString, substring, \
     replace, replaceAll, replaceFirst, contains, startsWith, endsWith, equals, equalsIgnoreCase, indexOf, \
     lastIndexOf, concat, split";

impl Method {
    /// Builds a call and the kind it produces, or why it cannot be made on `receiver`.
    pub(crate) fn build(name: &str, arguments: &[Argument], receiver: Kind) -> Result<(Method, Kind), String> {
        let method = match (name, arguments) {
            ("toUpperCase", []) => Method::ToUpperCase,
            ("toLowerCase", []) => Method::ToLowerCase,
            ("trim", []) => Method::Trim,
            ("length", []) => Method::Length,
            ("isEmpty", []) => Method::IsEmpty,
            ("toString", []) => Method::ToString,
            ("substring", [Argument::Int(start)]) => Method::Substring(*start, None),
            ("substring", [Argument::Int(start), Argument::Int(end)]) => Method::Substring(*start, Some(*end)),
            ("replace", [Argument::Text(from), Argument::Text(to)]) => Method::Replace(from.clone(), to.clone()),
            ("replaceAll" | "replaceFirst", [Argument::Text(pattern), Argument::Text(replacement)]) => {
                let regex = JavaRegex::new(pattern)
                    .map_err(|reason| format!("{name}(): '{pattern}' is not a valid regular expression: {reason}"))?;
                let replacement =
                    Replacement::parse(replacement, &regex).map_err(|reason| format!("{name}(): {reason}"))?;
                Method::ReplaceRegex { regex, replacement, all: name == "replaceAll" }
            }
            ("split", [Argument::Text(pattern)]) => Method::Split(
                JavaRegex::new(pattern)
                    .map_err(|reason| format!("split(): '{pattern}' is not a valid regular expression: {reason}"))?,
            ),
            (_, [Argument::Text(text)]) => match one_text_method(name, text) {
                Some(method) => method,
                None => return Err(signature_error(name)),
            },
            _ => return Err(signature_error(name)),
        };
        let produced = method.check_receiver(receiver)?;
        Ok((method, produced))
    }

    /// The `[n]` step, valid only on a list.
    pub(crate) fn build_index(index: usize, receiver: Kind) -> Result<(Method, Kind), String> {
        if receiver != Kind::List {
            return Err(format!("[{index}] can only follow split(…), not {}", receiver.describe()));
        }
        Ok((Method::Index(index), Kind::Text))
    }

    fn check_receiver(&self, receiver: Kind) -> Result<Kind, String> {
        let produced = match self {
            Method::ToString => return Ok(Kind::Text),
            Method::Equals(_) if receiver != Kind::List => return Ok(Kind::Bool),
            Method::Length | Method::IndexOf(_) | Method::LastIndexOf(_) => Kind::Int,
            Method::IsEmpty
            | Method::Contains(_)
            | Method::StartsWith(_)
            | Method::EndsWith(_)
            | Method::Equals(_)
            | Method::EqualsIgnoreCase(_) => Kind::Bool,
            Method::Split(_) => Kind::List,
            _ => Kind::Text,
        };
        if receiver != Kind::Text {
            return Err(format!("{}() cannot be called on {}", self.name(), receiver.describe()));
        }
        Ok(produced)
    }

    fn name(&self) -> &'static str {
        match self {
            Method::ToUpperCase => "toUpperCase",
            Method::ToLowerCase => "toLowerCase",
            Method::Trim => "trim",
            Method::Length => "length",
            Method::IsEmpty => "isEmpty",
            Method::ToString => "toString",
            Method::Substring(..) => "substring",
            Method::Replace(..) => "replace",
            Method::ReplaceRegex { all: true, .. } => "replaceAll",
            Method::ReplaceRegex { all: false, .. } => "replaceFirst",
            Method::Contains(_) => "contains",
            Method::StartsWith(_) => "startsWith",
            Method::EndsWith(_) => "endsWith",
            Method::Equals(_) => "equals",
            Method::EqualsIgnoreCase(_) => "equalsIgnoreCase",
            Method::IndexOf(_) => "indexOf",
            Method::LastIndexOf(_) => "lastIndexOf",
            Method::Concat(_) => "concat",
            Method::Split(_) => "split",
            Method::Index(_) => "[]",
        }
    }

    /// Applies the call; a method on `Null` gives `Null` (Camel's null-safe behaviour).
    pub(crate) fn apply(&self, value: Value) -> Result<Value, EvalError> {
        match (self, value) {
            (_, Value::Null) => Ok(Value::Null),
            (Method::ToString, value) => Ok(value.into_text().map_or(Value::Null, Value::Text)),
            (Method::Equals(other), value) => Ok(Value::Bool(value.into_text().as_deref() == Some(other.as_str()))),
            (Method::Index(index), Value::List(items)) => items
                .get(*index)
                .cloned()
                .map(Value::Text)
                .ok_or_else(|| EvalError::OutOfRange { call: format!("[{index}]"), length: items.len() }),
            (method, Value::Text(text)) => method.apply_to_text(text),
            (method, other) => Err(EvalError::WrongReceiver {
                method: method.name().to_owned(),
                value: other.into_text().unwrap_or_default(),
            }),
        }
    }

    fn apply_to_text(&self, text: String) -> Result<Value, EvalError> {
        Ok(match self {
            Method::ToUpperCase => Value::Text(text.to_uppercase()),
            Method::ToLowerCase => Value::Text(text.to_lowercase()),
            Method::Trim => Value::Text(text.trim_matches(|c: char| c <= ' ').to_owned()),
            Method::Length => Value::Int(char_count(&text)),
            Method::IsEmpty => Value::Bool(text.is_empty()),
            Method::Substring(start, end) => Value::Text(substring(&text, *start, *end)?),
            Method::Replace(from, to) => Value::Text(text.replace(from.as_str(), to)),
            Method::ReplaceRegex { regex, replacement, all } => Value::Text(regex.replace(&text, replacement, *all)),
            Method::Contains(part) => Value::Bool(text.contains(part.as_str())),
            Method::StartsWith(part) => Value::Bool(text.starts_with(part.as_str())),
            Method::EndsWith(part) => Value::Bool(text.ends_with(part.as_str())),
            Method::EqualsIgnoreCase(other) => Value::Bool(equals_ignore_case(&text, other)),
            Method::IndexOf(part) => Value::Int(text.find(part.as_str()).map_or(-1, |at| char_count(&text[..at]))),
            Method::LastIndexOf(part) => Value::Int(text.rfind(part.as_str()).map_or(-1, |at| char_count(&text[..at]))),
            Method::Concat(part) => Value::Text(text + part),
            Method::Split(regex) => Value::List(regex.split(&text)),
            Method::ToString | Method::Equals(_) | Method::Index(_) => Value::Text(text),
        })
    }
}

fn one_text_method(name: &str, text: &str) -> Option<Method> {
    let text = text.to_owned();
    Some(match name {
        "contains" => Method::Contains(text),
        "startsWith" => Method::StartsWith(text),
        "endsWith" => Method::EndsWith(text),
        "equals" => Method::Equals(text),
        "equalsIgnoreCase" => Method::EqualsIgnoreCase(text),
        "indexOf" => Method::IndexOf(text),
        "lastIndexOf" => Method::LastIndexOf(text),
        "concat" => Method::Concat(text),
        _ => return None,
    })
}

fn signature_error(name: &str) -> String {
    let expected = match name {
        "toUpperCase" | "toLowerCase" | "trim" | "length" | "isEmpty" | "toString" => "no arguments",
        "substring" => "one or two numbers",
        "replace" | "replaceAll" | "replaceFirst" => "two quoted texts",
        "contains" | "startsWith" | "endsWith" | "equals" | "equalsIgnoreCase" | "indexOf" | "lastIndexOf"
        | "concat" | "split" => "one quoted text",
        _ => return format!("the method {name}() is not supported (supported: {METHOD_NAMES})"),
    };
    format!("{name}() takes {expected}")
}

fn char_count(text: &str) -> i64 {
    i64::try_from(text.chars().count()).unwrap_or(i64::MAX)
}

/// Java's `equalsIgnoreCase`: character by character, upper or lower case equal.
fn equals_ignore_case(left: &str, right: &str) -> bool {
    left.chars().count() == right.chars().count()
        && left
            .chars()
            .zip(right.chars())
            .all(|(a, b)| a == b || a.to_uppercase().eq(b.to_uppercase()) || a.to_lowercase().eq(b.to_lowercase()))
}

/// Java's `substring`, failing as Java does on a bad range.
fn substring(text: &str, start: i64, end: Option<i64>) -> Result<String, EvalError> {
    let length = char_count(text);
    let end_index = end.unwrap_or(length);
    if start < 0 || end_index > length || start > end_index {
        let call = match end {
            Some(end) => format!("substring({start},{end})"),
            None => format!("substring({start})"),
        };
        return Err(EvalError::OutOfRange { call, length: usize::try_from(length).unwrap_or(usize::MAX) });
    }
    let skip = usize::try_from(start).unwrap_or(0);
    let take = usize::try_from(end_index - start).unwrap_or(0);
    Ok(text.chars().skip(skip).take(take).collect())
}

#[cfg(test)]
mod tests;
