//! JSON to XML: members become elements, arrays repeated elements, `@name` members attributes and
//! a `$` member the element's text.

use serde_json::{Map, Value};

use super::{ConvertError, JsonToXmlOptions, MAX_DEPTH};

/// The declaration SAP's converter writes.
pub(super) const XML_DECLARATION: &str = "<?xml version='1.0' encoding='UTF-8'?>";

/// Converts a JSON document.
pub(super) fn convert(json: &[u8], options: &JsonToXmlOptions) -> Result<Vec<u8>, ConvertError> {
    let json = json.strip_prefix(b"\xef\xbb\xbf").unwrap_or(json);
    let value: Value = serde_json::from_slice(json).map_err(|error| ConvertError::InvalidJson(error.to_string()))?;
    let Value::Object(members) = value else {
        return Err(not_convertible("the JSON must start with an object ({…}), not an array or a single value"));
    };
    let mut writer = Writer { options, output: String::from(XML_DECLARATION), declarations_pending: true };
    match &options.add_root_element {
        Some(root) => writer.element(root, &Value::Object(members), 0)?,
        None => {
            let mut iterator = members.iter();
            let (Some((name, value)), None) = (iterator.next(), iterator.next()) else {
                return Err(not_convertible(&format!(
                    "the JSON object must have exactly one member to become the root element, it has {}; \
                     add an XML root element in the converter's settings",
                    members.len()
                )));
            };
            if value.is_array() {
                return Err(not_convertible(&format!(
                    "the root member '{name}' is an array, which would give several root elements; \
                     add an XML root element in the converter's settings"
                )));
            }
            writer.element(name, value, 0)?;
        }
    }
    Ok(writer.output.into_bytes())
}

fn not_convertible(reason: &str) -> ConvertError {
    ConvertError::NotConvertible(reason.to_owned())
}

struct Writer<'a> {
    options: &'a JsonToXmlOptions,
    output: String,
    /// The namespace declarations go on the first (root) element.
    declarations_pending: bool,
}

impl Writer<'_> {
    /// Writes the element(s) for one member.
    fn element(&mut self, name: &str, value: &Value, depth: usize) -> Result<(), ConvertError> {
        if depth >= MAX_DEPTH {
            return Err(not_convertible(&format!("the JSON is nested deeper than {MAX_DEPTH} levels")));
        }
        let tag = self.xml_name(name)?;
        match value {
            Value::Array(items) => {
                for item in items {
                    if item.is_array() {
                        return Err(not_convertible(&format!("the member '{name}' holds an array inside an array")));
                    }
                    self.element(name, item, depth + 1)?;
                }
            }
            Value::Object(members) => self.object(&tag, members, depth)?,
            Value::Null => {
                self.open(&tag, &[])?;
                self.output.push_str("/>");
            }
            primitive => {
                self.open(&tag, &[])?;
                self.output.push('>');
                push_escaped(&mut self.output, &primitive_text(primitive), false)?;
                self.close(&tag);
            }
        }
        Ok(())
    }

    fn object(&mut self, tag: &str, members: &Map<String, Value>, depth: usize) -> Result<(), ConvertError> {
        let mut attributes = Vec::new();
        for (name, value) in members {
            let Some(attribute) = name.strip_prefix('@') else { continue };
            match value {
                Value::Null => {}
                Value::Array(_) | Value::Object(_) => {
                    return Err(not_convertible(&format!("the attribute member '{name}' must hold a single value")));
                }
                primitive => attributes.push((self.xml_name(attribute)?, primitive_text(primitive))),
            }
        }
        self.open(tag, &attributes)?;
        let content: Vec<(&String, &Value)> = members.iter().filter(|(name, _)| !name.starts_with('@')).collect();
        if content.is_empty() {
            self.output.push_str("/>");
            return Ok(());
        }
        self.output.push('>');
        for (name, value) in content {
            if name == "$" {
                match value {
                    Value::Array(_) | Value::Object(_) => {
                        return Err(not_convertible("the text member '$' must hold a single value"));
                    }
                    Value::Null => {}
                    primitive => push_escaped(&mut self.output, &primitive_text(primitive), false)?,
                }
            } else {
                self.element(name, value, depth + 1)?;
            }
        }
        self.close(tag);
        Ok(())
    }

    /// Writes `<tag attributes` (and the namespace declarations on the root element).
    fn open(&mut self, tag: &str, attributes: &[(String, String)]) -> Result<(), ConvertError> {
        self.output.push('<');
        self.output.push_str(tag);
        if std::mem::take(&mut self.declarations_pending) {
            for (prefix, uri) in &self.options.namespaces {
                self.output.push_str(" xmlns:");
                self.output.push_str(prefix);
                self.output.push_str("=\"");
                push_escaped(&mut self.output, uri, true)?;
                self.output.push('"');
            }
        }
        for (name, value) in attributes {
            self.output.push(' ');
            self.output.push_str(name);
            self.output.push_str("=\"");
            push_escaped(&mut self.output, value, true)?;
            self.output.push('"');
        }
        Ok(())
    }

    fn close(&mut self, tag: &str) {
        self.output.push_str("</");
        self.output.push_str(tag);
        self.output.push('>');
    }

    /// The XML name of a member: `prefix<separator>local` becomes `prefix:local` when the
    /// prefix is mapped; the result must be a valid name with a declared prefix.
    fn xml_name(&self, member: &str) -> Result<String, ConvertError> {
        let separator = self.options.prefix_separator;
        let name = match member.split_once(separator) {
            Some((prefix, local)) if self.options.namespaces.iter().any(|(candidate, _)| candidate == prefix) => {
                format!("{prefix}:{local}")
            }
            _ => member.to_owned(),
        };
        let (prefix, local) = name.split_once(':').map_or((None, name.as_str()), |(p, l)| (Some(p), l));
        if !is_xml_name(local) || prefix.is_some_and(|prefix| !is_xml_name(prefix)) {
            return Err(not_convertible(&format!("the member name '{member}' is not a valid XML name")));
        }
        if let Some(prefix) = prefix
            && !self.options.namespaces.iter().any(|(candidate, _)| candidate == prefix)
        {
            return Err(not_convertible(&format!(
                "the member name '{member}' uses the namespace prefix '{prefix}', \
                 which is not in the converter's namespace mapping"
            )));
        }
        Ok(name)
    }
}

fn primitive_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// An XML name without colon: a letter or `_` first, then letters, digits, `-`, `.`, `_`.
pub(super) fn is_xml_name(name: &str) -> bool {
    let mut characters = name.chars();
    characters.next().is_some_and(|first| first.is_alphabetic() || first == '_')
        && characters.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '\u{b7}'))
}

/// Appends text escaped for element content or (with `attribute`) a double-quoted attribute
/// value; characters XML 1.0 cannot hold are an error.
pub(super) fn push_escaped(output: &mut String, text: &str, attribute: bool) -> Result<(), ConvertError> {
    for character in text.chars() {
        match character {
            '&' => output.push_str("&amp;"),
            '<' => output.push_str("&lt;"),
            '>' => output.push_str("&gt;"),
            '"' if attribute => output.push_str("&quot;"),
            '\t' | '\n' | '\r' if attribute => output.push_str(&format!("&#{};", u32::from(character))),
            '\r' => output.push_str("&#13;"),
            '\t' | '\n' => output.push(character),
            control if u32::from(control) < 0x20 || matches!(control, '\u{fffe}' | '\u{ffff}') => {
                return Err(not_convertible(&format!(
                    "the character U+{:04X} cannot be written in XML 1.0",
                    u32::from(control)
                )));
            }
            other => output.push(other),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
