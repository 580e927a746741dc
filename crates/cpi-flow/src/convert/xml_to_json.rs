//! XML to JSON: elements become members (repeated siblings an array), attributes `@name`
//! members, text of elements with attributes or children a `$` member; every value a string.

use serde_json::{Map, Value};

use super::{ConvertError, XmlToJsonOptions};
use crate::xpath::document::{Document, NodeId, NodeKind};

/// Converts an XML document.
pub(super) fn convert(xml: &[u8], options: &XmlToJsonOptions) -> Result<Vec<u8>, ConvertError> {
    let document = Document::parse(xml).map_err(ConvertError::InvalidXml)?;
    let root = document.document_element().ok_or_else(|| ConvertError::InvalidXml("no root element".to_owned()))?;
    let value = element_value(&document, root);
    let json = if options.suppress_root_element {
        value
    } else {
        let mut wrapper = Map::new();
        wrapper.insert(element_name(&document, root), value);
        Value::Object(wrapper)
    };
    serde_json::to_vec(&json).map_err(|error| ConvertError::NotConvertible(error.to_string()))
}

fn element_name(document: &Document, id: NodeId) -> String {
    document.name(id).map(|name| name.qualified.clone()).unwrap_or_default()
}

/// The JSON value of an element: its text if it has neither attributes nor child elements,
/// else an object.
fn element_value(document: &Document, id: NodeId) -> Value {
    let node = document.node(id);
    let mut text = String::new();
    let mut children = Vec::new();
    for &child in &node.children {
        match &document.node(child).kind {
            NodeKind::Text(part) => text.push_str(part),
            NodeKind::Element(_) => children.push(child),
            NodeKind::Root | NodeKind::Attribute(..) => {}
        }
    }
    if node.attributes.is_empty() && children.is_empty() {
        return Value::String(text);
    }
    let mut members = Map::new();
    for &attribute in &node.attributes {
        if let NodeKind::Attribute(name, value) = &document.node(attribute).kind {
            members.insert(format!("@{}", name.qualified), Value::String(value.clone()));
        }
    }
    if !text.trim().is_empty() {
        members.insert("$".to_owned(), Value::String(text));
    }
    for child in children {
        let name = element_name(document, child);
        let value = element_value(document, child);
        match members.get_mut(&name) {
            // Child values are never arrays, so an array here holds earlier siblings.
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = std::mem::take(existing);
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                members.insert(name, value);
            }
        }
    }
    Value::Object(members)
}

#[cfg(test)]
mod tests;
