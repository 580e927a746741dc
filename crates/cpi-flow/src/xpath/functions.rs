//! The XPath function library: the XPath 1.0 core functions that flows use, plus `ends-with`,
//! `upper-case` and `lower-case` from XPath 2.0. Arity is checked when parsing.

use super::XPathError;
use super::document::{Document, NodeId};
use super::value::{Value, text_to_number};

/// A supported function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Function {
    Last,
    Position,
    Count,
    LocalName,
    NamespaceUri,
    Name,
    String,
    Concat,
    StartsWith,
    EndsWith,
    Contains,
    SubstringBefore,
    SubstringAfter,
    Substring,
    StringLength,
    NormalizeSpace,
    Translate,
    UpperCase,
    LowerCase,
    Boolean,
    Not,
    True,
    False,
    Number,
    Sum,
    Floor,
    Ceiling,
    Round,
}

/// Name, function, fewest and most arguments.
const TABLE: [(&str, Function, usize, usize); 28] = [
    ("last", Function::Last, 0, 0),
    ("position", Function::Position, 0, 0),
    ("count", Function::Count, 1, 1),
    ("local-name", Function::LocalName, 0, 1),
    ("namespace-uri", Function::NamespaceUri, 0, 1),
    ("name", Function::Name, 0, 1),
    ("string", Function::String, 0, 1),
    ("concat", Function::Concat, 2, usize::MAX),
    ("starts-with", Function::StartsWith, 2, 2),
    ("ends-with", Function::EndsWith, 2, 2),
    ("contains", Function::Contains, 2, 2),
    ("substring-before", Function::SubstringBefore, 2, 2),
    ("substring-after", Function::SubstringAfter, 2, 2),
    ("substring", Function::Substring, 2, 3),
    ("string-length", Function::StringLength, 0, 1),
    ("normalize-space", Function::NormalizeSpace, 0, 1),
    ("translate", Function::Translate, 3, 3),
    ("upper-case", Function::UpperCase, 1, 1),
    ("lower-case", Function::LowerCase, 1, 1),
    ("boolean", Function::Boolean, 1, 1),
    ("not", Function::Not, 1, 1),
    ("true", Function::True, 0, 0),
    ("false", Function::False, 0, 0),
    ("number", Function::Number, 0, 1),
    ("sum", Function::Sum, 1, 1),
    ("floor", Function::Floor, 1, 1),
    ("ceiling", Function::Ceiling, 1, 1),
    ("round", Function::Round, 1, 1),
];

impl Function {
    /// True if a function of that name is supported.
    pub(super) fn is_known(name: &str) -> bool {
        TABLE.iter().any(|(candidate, ..)| *candidate == name)
    }

    /// The function called `name` with `arguments` arguments.
    pub(super) fn resolve(name: &str, arguments: usize) -> Result<Function, String> {
        let Some((_, function, fewest, most)) = TABLE.iter().find(|(candidate, ..)| *candidate == name) else {
            let names: Vec<&str> = TABLE.iter().map(|(name, ..)| *name).collect();
            return Err(format!("the function {name}() is not supported (supported: {})", names.join(", ")));
        };
        if arguments < *fewest || arguments > *most {
            let expected = match (fewest, most) {
                (a, b) if a == b => format!("{a}"),
                (a, &usize::MAX) => format!("at least {a}"),
                (a, b) => format!("{a} to {b}"),
            };
            return Err(format!("{name}() takes {expected} argument(s), not {arguments}"));
        }
        Ok(*function)
    }
}

/// What a function call sees: its evaluated arguments and the context.
pub(super) struct Call<'a> {
    pub(super) document: &'a Document,
    pub(super) node: NodeId,
    pub(super) position: usize,
    pub(super) size: usize,
    pub(super) arguments: Vec<Value>,
}

impl Call<'_> {
    fn text(&self, index: usize) -> String {
        match self.arguments.get(index) {
            Some(value) => value.to_text(self.document),
            None => self.document.string_value(self.node),
        }
    }

    fn number(&self, index: usize) -> f64 {
        self.arguments.get(index).map_or(f64::NAN, |value| value.to_number(self.document))
    }

    fn nodes(&self, function: &str) -> Result<&[NodeId], XPathError> {
        match self.arguments.first() {
            Some(Value::Nodes(nodes)) => Ok(nodes),
            Some(_) => Err(XPathError::Evaluation(format!("the argument of {function}() must be a node-set"))),
            None => Ok(std::slice::from_ref(&self.node)),
        }
    }

    fn first_name(&self, function: &str) -> Result<Option<&super::document::Name>, XPathError> {
        Ok(self.nodes(function)?.first().and_then(|&id| self.document.name(id)))
    }
}

/// Evaluates a call.
pub(super) fn call(function: Function, call: &Call<'_>) -> Result<Value, XPathError> {
    let text = |index| call.text(index);
    Ok(match function {
        Function::Last => Value::Number(call.size as f64),
        Function::Position => Value::Number(call.position as f64),
        Function::Count => Value::Number(call.nodes("count")?.len() as f64),
        Function::LocalName => Value::Text(call.first_name("local-name")?.map(|n| n.local.clone()).unwrap_or_default()),
        Function::NamespaceUri => {
            Value::Text(call.first_name("namespace-uri")?.and_then(|n| n.namespace.clone()).unwrap_or_default())
        }
        Function::Name => Value::Text(call.first_name("name")?.map(|n| n.qualified.clone()).unwrap_or_default()),
        Function::String => Value::Text(text(0)),
        Function::Concat => Value::Text((0..call.arguments.len()).map(text).collect()),
        Function::StartsWith => Value::Boolean(text(0).starts_with(&text(1))),
        Function::EndsWith => Value::Boolean(text(0).ends_with(&text(1))),
        Function::Contains => Value::Boolean(text(0).contains(&text(1))),
        Function::SubstringBefore => {
            let (haystack, needle) = (text(0), text(1));
            Value::Text(haystack.find(&needle).map(|at| haystack[..at].to_owned()).unwrap_or_default())
        }
        Function::SubstringAfter => {
            let (haystack, needle) = (text(0), text(1));
            Value::Text(haystack.find(&needle).map(|at| haystack[at + needle.len()..].to_owned()).unwrap_or_default())
        }
        Function::Substring => {
            Value::Text(substring(&text(0), call.number(1), call.arguments.get(2).map(|_| call.number(2))))
        }
        Function::StringLength => Value::Number(text(0).chars().count() as f64),
        Function::NormalizeSpace => Value::Text(text(0).split_ascii_whitespace().collect::<Vec<_>>().join(" ")),
        Function::Translate => Value::Text(translate(&text(0), &text(1), &text(2))),
        Function::UpperCase => Value::Text(text(0).to_uppercase()),
        Function::LowerCase => Value::Text(text(0).to_lowercase()),
        Function::Boolean => Value::Boolean(call.arguments[0].to_boolean()),
        Function::Not => Value::Boolean(!call.arguments[0].to_boolean()),
        Function::True => Value::Boolean(true),
        Function::False => Value::Boolean(false),
        Function::Number if call.arguments.is_empty() => Value::Number(text_to_number(&text(0))),
        Function::Number => Value::Number(call.number(0)),
        Function::Sum => {
            Value::Number(call.nodes("sum")?.iter().map(|&id| text_to_number(&call.document.string_value(id))).sum())
        }
        Function::Floor => Value::Number(call.number(0).floor()),
        Function::Ceiling => Value::Number(call.number(0).ceil()),
        Function::Round => Value::Number(round(call.number(0))),
    })
}

/// XPath's `round`: halves go up (`round(-2.5)` is -2).
fn round(number: f64) -> f64 {
    if number.is_nan() || number.is_infinite() { number } else { (number + 0.5).floor() }
}

/// XPath's `substring(s, start, length?)`: 1-based, rounded, characters at positions `p` with
/// `round(start) <= p < round(start) + round(length)`.
fn substring(text: &str, start: f64, length: Option<f64>) -> String {
    let first = round(start);
    let end = length.map_or(f64::INFINITY, |length| first + round(length));
    text.chars()
        .enumerate()
        .filter(|(index, _)| {
            let position = (*index + 1) as f64;
            position >= first && position < end
        })
        .map(|(_, character)| character)
        .collect()
}

fn translate(text: &str, from: &str, to: &str) -> String {
    let to: Vec<char> = to.chars().collect();
    text.chars()
        .filter_map(|character| match from.chars().position(|candidate| candidate == character) {
            Some(index) => to.get(index).copied(),
            None => Some(character),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_names_and_checks_arity() {
        assert_eq!(Function::resolve("count", 1), Ok(Function::Count));
        assert_eq!(Function::resolve("concat", 5), Ok(Function::Concat));
        assert_eq!(Function::resolve("count", 2).unwrap_err(), "count() takes 1 argument(s), not 2");
        assert_eq!(Function::resolve("concat", 1).unwrap_err(), "concat() takes at least 2 argument(s), not 1");
        assert_eq!(Function::resolve("substring", 4).unwrap_err(), "substring() takes 2 to 3 argument(s), not 4");
        assert!(Function::resolve("matches", 2).unwrap_err().contains("matches() is not supported"));
    }

    #[test]
    fn substring_rounds_like_xpath() {
        assert_eq!(substring("12345", 2.0, Some(3.0)), "234");
        assert_eq!(substring("12345", 1.5, Some(2.6)), "234");
        assert_eq!(substring("12345", 0.0, Some(3.0)), "12");
        assert_eq!(substring("12345", f64::NAN, Some(3.0)), "");
        assert_eq!(substring("12345", -42.0, Some(f64::INFINITY)), "12345");
        assert_eq!(substring("12345", 2.0, None), "2345");
    }

    #[test]
    fn translate_and_round() {
        assert_eq!(translate("bar", "abc", "ABC"), "BAr");
        assert_eq!(translate("--aaa--", "abc-", "ABC"), "AAA");
        assert_eq!(round(2.5), 3.0);
        assert_eq!(round(-2.5), -2.0);
        assert!(round(f64::NAN).is_nan());
    }
}
