//! Externalized parameters: `{{Name}}` placeholders in `.iflw` property values.
//!
//! A name is everything between `{{` and the next `}}`; it may contain spaces and `<>` (e.g.
//! `{{Sender Endpoint}}`, `{{<SAP_FLOW_URL>}}`) but not braces or line breaks, and it is not empty.
//! Text that does not form such a placeholder is left as it is.

use std::collections::HashSet;

use crate::error::MissingParameter;

/// One `{{Name}}` found in a text: where it starts and ends (byte offsets) and its name.
struct Placeholder<'a> {
    start: usize,
    end: usize,
    name: &'a str,
}

/// Finds the placeholders of `text` in order, in linear time: for each `}}` the nearest `{{`
/// before it opens the candidate.
fn placeholders(text: &str) -> Vec<Placeholder<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("{{") {
        let opening = from + offset;
        let Some(length) = text[opening + 2..].find("}}") else {
            break;
        };
        let close = opening + 2 + length;
        let start = opening + text[opening..close].rfind("{{").unwrap_or(0);
        let name = &text[start + 2..close];
        if is_placeholder_name(name) {
            found.push(Placeholder { start, end: close + 2, name });
        }
        from = close + 2;
    }
    found
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['{', '}', '\n', '\r'])
}

/// The distinct placeholder names of `text`, in order of first use.
pub fn placeholder_names(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    placeholders(text)
        .into_iter()
        .filter(|placeholder| seen.insert(placeholder.name))
        .map(|placeholder| placeholder.name.to_owned())
        .collect()
}

/// Replaces every `{{Name}}` in `text` with `values(Name)`; fails on the first name without a value.
pub fn substitute_placeholders(
    text: &str,
    values: &dyn Fn(&str) -> Option<String>,
) -> Result<String, MissingParameter> {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for placeholder in placeholders(text) {
        let value = values(placeholder.name).ok_or_else(|| MissingParameter { name: placeholder.name.to_owned() })?;
        out.push_str(&text[copied..placeholder.start]);
        out.push_str(&value);
        copied = placeholder.end;
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

#[cfg(test)]
mod tests;
