//! A small XML element tree built with `quick-xml`, enough to check well-formedness and to read
//! `.iflw`, `parameters.propdef` and `value_mapping.xml`.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// Deepest element nesting accepted (deeper documents are rejected, which keeps recursion bounded).
const MAX_DEPTH: usize = 256;

/// An XML element: resolved namespace, local name, attributes (qualified names) and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct XmlElement {
    /// The namespace URI, if the element name is bound to one.
    pub(crate) namespace: Option<String>,
    /// The local name (without prefix).
    pub(crate) name: String,
    /// Attributes as written (`ifl:type`, `id`, …) with unescaped values.
    pub(crate) attributes: Vec<(String, String)>,
    /// Child nodes in document order.
    pub(crate) children: Vec<XmlNode>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum XmlNode {
    /// A child element.
    Element(XmlElement),
    /// Character data (text, entity and CDATA content).
    Text(String),
}

impl XmlElement {
    /// The value of the attribute written as `name` (e.g. `"id"` or `"ifl:type"`).
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(candidate, _)| candidate == name).map(|(_, value)| value.as_str())
    }

    /// Child elements in order.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &XmlElement> {
        self.children.iter().filter_map(|child| match child {
            XmlNode::Element(element) => Some(element),
            XmlNode::Text(_) => None,
        })
    }

    /// Child elements with the given local name.
    pub(crate) fn elements_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a XmlElement> {
        self.elements().filter(move |element| element.name == name)
    }

    /// The first child element with the given local name.
    pub(crate) fn element(&self, name: &str) -> Option<&XmlElement> {
        self.elements().find(|element| element.name == name)
    }

    /// The concatenated text of the direct children.
    pub(crate) fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|child| match child {
                XmlNode::Text(text) => Some(text.as_str()),
                XmlNode::Element(_) => None,
            })
            .collect()
    }

    /// The text of the first child element with the given local name, as is; `""` if absent.
    pub(crate) fn child_text_raw(&self, name: &str) -> String {
        self.element(name).map(XmlElement::text).unwrap_or_default()
    }

    /// The text of the first child element with the given local name, trimmed; `""` if absent.
    pub(crate) fn child_text(&self, name: &str) -> String {
        self.element(name).map(|element| element.text().trim().to_owned()).unwrap_or_default()
    }
}

/// Parses a whole document and returns its root element, or a description of the first problem.
pub(crate) fn parse_document(bytes: &[u8]) -> Result<XmlElement, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| format!("not UTF-8 ({error})"))?;
    let mut reader = NsReader::from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root: Option<XmlElement> = None;
    loop {
        let (namespace, event) = match reader.read_resolved_event() {
            Ok((namespace, event)) => (namespace_uri(&namespace), event),
            Err(error) => return Err(format!("{error} (at byte {})", reader.error_position())),
        };
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("elements are nested deeper than {MAX_DEPTH} levels"));
                }
                stack.push(open_element(&start, namespace)?);
            }
            Event::Empty(start) => attach(&mut stack, &mut root, open_element(&start, namespace)?)?,
            Event::End(_) => {
                let element = stack.pop().ok_or("an end tag has no start tag")?;
                attach(&mut stack, &mut root, element)?;
            }
            Event::Text(text) => {
                let content = text.xml10_content().map_err(|error| error.to_string())?;
                push_text(&mut stack, &content)?;
            }
            Event::CData(data) => {
                let content = data.xml10_content().map_err(|error| error.to_string())?;
                push_text(&mut stack, &content)?;
            }
            Event::GeneralRef(reference) => push_text(&mut stack, &resolve_reference(&reference)?)?,
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("the element '{}' is not closed", open.name));
    }
    root.ok_or_else(|| "the document has no root element".to_owned())
}

fn namespace_uri(resolved: &ResolveResult<'_>) -> Option<String> {
    match resolved {
        ResolveResult::Bound(namespace) => Some(String::from_utf8_lossy(namespace.as_ref()).into_owned()),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => None,
    }
}

fn open_element(start: &BytesStart<'_>, namespace: Option<String>) -> Result<XmlElement, String> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|error| format!("bad attribute in '{name}': {error}"))?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| format!("bad value of attribute '{key}' in '{name}': {error}"))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(XmlElement { namespace, name, attributes, children: Vec::new() })
}

/// Adds a finished element to its parent, or makes it the root.
fn attach(stack: &mut [XmlElement], root: &mut Option<XmlElement>, element: XmlElement) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(XmlNode::Element(element)),
        None if root.is_none() => *root = Some(element),
        None => return Err(format!("a second root element '{}' follows the first", element.name)),
    }
    Ok(())
}

/// Adds text to the open element; outside the root only whitespace is allowed.
fn push_text(stack: &mut [XmlElement], text: &str) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => {
            if let Some(XmlNode::Text(previous)) = parent.children.last_mut() {
                previous.push_str(text);
            } else if !text.is_empty() {
                parent.children.push(XmlNode::Text(text.to_owned()));
            }
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err("text outside the root element".to_owned()),
    }
}

fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    if let Some(character) = reference.resolve_char_ref().map_err(|error| error.to_string())? {
        return Ok(character.to_string());
    }
    let name = reference.decode().map_err(|error| error.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| format!("unknown entity '&{name};'"))
}

#[cfg(test)]
mod tests;
