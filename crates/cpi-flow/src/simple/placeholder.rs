//! One `${…}`: where the value comes from (header, property, body, …) and the methods chained
//! on it.

use super::EvalError;
use super::date_format::DateFormat;
use super::method::{Argument, Kind, Method, Value};
use crate::Scope;

/// A parsed `${…}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder {
    source: Source,
    chain: Vec<Method>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Header(String),
    Property(String),
    Body,
    ExchangeId,
    Date(DateFormat),
    ExceptionMessage,
}

const HEADER_PREFIXES: [&str; 4] = ["in.headers", "in.header", "headers", "header"];
const PROPERTY_PREFIXES: [&str; 2] = ["exchangeProperty", "property"];
const SUPPORTED: &str = "header.NAME, property.NAME, exchangeProperty.NAME, body, in.body, bodyAs(String), \
     exchangeId, date:now, date:now:PATTERN, exception, exception.message, exception.stacktrace";

impl Placeholder {
    /// Parses the text between `${` and `}`.
    pub(crate) fn parse(content: &str) -> Result<Self, String> {
        let content = content.trim();
        if content.is_empty() {
            return Err("the expression ${} is empty".to_owned());
        }
        let (source, chain) = parse_source(content)?;
        let mut kind = Kind::Text;
        let mut methods = Vec::new();
        let mut rest = chain;
        while !rest.is_empty() {
            let (method, produced, after) = parse_call(rest, kind)?;
            methods.push(method);
            kind = produced;
            rest = after;
        }
        if kind == Kind::List {
            return Err("the result of split(…) must be indexed, e.g. split(',')[0]".to_owned());
        }
        Ok(Self { source, chain: methods })
    }

    /// The value, `Null` for a missing header, property or exception.
    pub(crate) fn evaluate(&self, scope: &dyn Scope) -> Result<Value, EvalError> {
        let optional = |value: Option<&str>| value.map_or(Value::Null, |text| Value::Text(text.to_owned()));
        let mut value = match &self.source {
            Source::Header(name) => optional(scope.header(name)),
            Source::Property(name) => optional(scope.property(name)),
            Source::Body => Value::Text(String::from_utf8_lossy(scope.body()).into_owned()),
            Source::ExchangeId => Value::Text(scope.exchange_id().to_owned()),
            Source::Date(format) => Value::Text(format.format(scope.now())),
            Source::ExceptionMessage => optional(scope.exception_message()),
        };
        for method in &self.chain {
            value = method.apply(value)?;
        }
        Ok(value)
    }
}

/// The source and the rest of the text (the method chain).
fn parse_source(content: &str) -> Result<(Source, &str), String> {
    for prefix in HEADER_PREFIXES {
        if let Some(rest) = named_source(content, prefix)? {
            return Ok((Source::Header(rest.0), rest.1));
        }
    }
    for prefix in PROPERTY_PREFIXES {
        if let Some(rest) = named_source(content, prefix)? {
            return Ok((Source::Property(rest.0), rest.1));
        }
    }
    if let Some(rest) = content.strip_prefix("date:") {
        return parse_date(rest).map(|format| (Source::Date(format), ""));
    }
    for (word, source) in [
        ("in.body", Source::Body),
        ("body", Source::Body),
        ("exchangeId", Source::ExchangeId),
        ("exception.message", Source::ExceptionMessage),
        ("exception.stacktrace", Source::ExceptionMessage),
        ("exception", Source::ExceptionMessage),
    ] {
        if let Some(rest) = content.strip_prefix(word).filter(|rest| starts_chain(rest)) {
            return Ok((source, rest));
        }
    }
    for function in ["bodyAs(", "mandatoryBodyAs("] {
        if let Some(rest) = content.strip_prefix(function) {
            let (kind, rest) = rest.split_once(')').ok_or_else(|| format!("{function} is not closed"))?;
            if !matches!(kind.trim(), "String" | "java.lang.String") {
                return Err(format!("{function}{}) is not supported: only String is", kind.trim()));
            }
            return Ok((Source::Body, rest));
        }
    }
    let name = content.split(['.', ':', '(', '[']).next().unwrap_or(content);
    Err(format!("the function '{name}' is not supported (supported: {SUPPORTED})"))
}

/// True if `rest` is empty or begins a method chain.
fn starts_chain(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with('.') || rest.starts_with("?.") || rest.starts_with('[')
}

/// `prefix.NAME…` or `prefix[NAME]…`: the name and the chain after it.
fn named_source<'a>(content: &'a str, prefix: &str) -> Result<Option<(String, &'a str)>, String> {
    let Some(rest) = content.strip_prefix(prefix) else { return Ok(None) };
    if let Some(dotted) = rest.strip_prefix('.') {
        let split = chain_start(dotted);
        let name = &dotted[..split];
        if name.is_empty() {
            return Err(format!("{prefix}. needs a name"));
        }
        return Ok(Some((name.to_owned(), &dotted[split..])));
    }
    if let Some(bracketed) = rest.strip_prefix('[') {
        let (name, after) = bracketed.split_once(']').ok_or_else(|| format!("{prefix}[ is not closed"))?;
        let name = unquote(name.trim()).unwrap_or(name.trim());
        if name.is_empty() {
            return Err(format!("{prefix}[] needs a name"));
        }
        return Ok(Some((name.to_owned(), after)));
    }
    Ok(None)
}

/// Where the method chain of a dotted name begins: the first `.ident(` or `?.ident(`; the name
/// itself may contain dots (`${property.my.value}`).
fn chain_start(dotted: &str) -> usize {
    let bytes = dotted.as_bytes();
    (0..bytes.len())
        .find(|&at| {
            let after_dot = match bytes[at] {
                b'?' if bytes.get(at + 1) == Some(&b'.') => at + 2,
                b'.' => at + 1,
                _ => return false,
            };
            let identifier =
                dotted[after_dot..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            identifier > 0 && bytes.get(after_dot + identifier) == Some(&b'(')
        })
        .unwrap_or(dotted.len())
}

fn parse_date(rest: &str) -> Result<DateFormat, String> {
    let (command, pattern) = match rest.split_once(':') {
        Some((command, pattern)) => (command, Some(pattern)),
        None => (rest, None),
    };
    if command.trim() != "now" {
        return Err(format!("date:{} is not supported: only date:now and date:now:PATTERN are", command.trim()));
    }
    match pattern {
        Some(pattern) => DateFormat::parse(pattern),
        None => Ok(DateFormat::java_date_to_string()),
    }
}

/// One `.name(args)`, `?.name(args)` or `[n]` at the start of `rest`.
fn parse_call(rest: &str, receiver: Kind) -> Result<(Method, Kind, &str), String> {
    if let Some(indexed) = rest.strip_prefix('[') {
        let (index, after) = indexed.split_once(']').ok_or("a '[' is not closed")?;
        let index: usize = index.trim().parse().map_err(|_| format!("[{index}] is not a valid index"))?;
        let (method, kind) = Method::build_index(index, receiver)?;
        return Ok((method, kind, after));
    }
    let call = rest
        .strip_prefix("?.")
        .or_else(|| rest.strip_prefix('.'))
        .ok_or_else(|| format!("unexpected text '{rest}' (methods are written .name(…))"))?;
    let name_length = call.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let name = &call[..name_length];
    let Some(arguments) = call[name_length..].strip_prefix('(') else {
        return Err(format!("'{call}' is not a method call (methods are written .name(…))"));
    };
    let close = closing_parenthesis(arguments).ok_or_else(|| format!("the arguments of {name}( are not closed"))?;
    let arguments = parse_arguments(&arguments[..close]).map_err(|reason| format!("{name}(): {reason}"))?;
    let (method, kind) = Method::build(name, &arguments, receiver)?;
    Ok((method, kind, &call[name_length + 1 + close + 1..]))
}

/// The byte offset of the `)` that closes an argument list (quotes respected).
fn closing_parenthesis(text: &str) -> Option<usize> {
    let mut quote = None;
    for (at, character) in text.char_indices() {
        match (quote, character) {
            (None, '\'' | '"') => quote = Some(character),
            (Some(open), _) if open == character => quote = None,
            (None, ')') => return Some(at),
            _ => {}
        }
    }
    None
}

/// Comma-separated quoted texts and whole numbers.
fn parse_arguments(text: &str) -> Result<Vec<Argument>, String> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut arguments = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (at, character) in text.char_indices() {
        match (quote, character) {
            (None, '\'' | '"') => quote = Some(character),
            (Some(open), _) if open == character => quote = None,
            (None, ',') => {
                arguments.push(parse_argument(&text[start..at])?);
                start = at + 1;
            }
            _ => {}
        }
    }
    if quote.is_some() {
        return Err("a quoted argument is not closed".to_owned());
    }
    arguments.push(parse_argument(&text[start..])?);
    Ok(arguments)
}

fn parse_argument(text: &str) -> Result<Argument, String> {
    let text = text.trim();
    if let Some(inner) = unquote(text) {
        return Ok(Argument::Text(inner.to_owned()));
    }
    text.parse::<i64>()
        .map(Argument::Int)
        .map_err(|_| format!("the argument '{text}' must be a quoted text ('…' or \"…\") or a whole number"))
}

/// The inside of `'…'` or `"…"`.
fn unquote(text: &str) -> Option<&str> {
    ['\'', '"'].into_iter().find_map(|quote| {
        let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
        (!inner.contains(quote)).then_some(inner)
    })
}

#[cfg(test)]
mod tests;
