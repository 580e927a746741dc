//! A namespace-aware XML tree in one arena (nodes by index, document order = index order),
//! shared by the XPath evaluator and the XML to JSON converter.
//!
//! Limits: UTF-8 input only (a leading BOM is skipped), at most [`MAX_DEPTH`] nested elements and
//! [`MAX_DOCUMENT_BYTES`] bytes. A DOCTYPE is rejected (no DTD, no entity expansion: only the
//! five predefined entities and character references). Comments and processing instructions
//! are dropped; CDATA sections become text. Namespace declarations are not attributes.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::reader::NsReader;

/// Deepest element nesting accepted.
pub(crate) const MAX_DEPTH: usize = 256;
/// Largest document accepted.
pub(crate) const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// The index of a node in its [`Document`].
pub(crate) type NodeId = usize;

/// An element or attribute name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Name {
    /// As written, e.g. `ns0:Order`.
    pub(crate) qualified: String,
    /// Without prefix, e.g. `Order`.
    pub(crate) local: String,
    /// True if written with a prefix.
    pub(crate) prefixed: bool,
    /// The namespace URI, if bound to one.
    pub(crate) namespace: Option<String>,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// The document node (index 0).
    Root,
    Element(Name),
    Attribute(Name, String),
    Text(String),
}

/// A node with its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) parent: Option<NodeId>,
    /// Child elements and texts in order (elements and the root only).
    pub(crate) children: Vec<NodeId>,
    /// Attribute nodes (elements only).
    pub(crate) attributes: Vec<NodeId>,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    nodes: Vec<Node>,
}

impl Document {
    /// Parses a whole document, or says what is wrong with it.
    pub(crate) fn parse(xml: &[u8]) -> Result<Document, String> {
        if xml.len() > MAX_DOCUMENT_BYTES {
            return Err(format!("the document is larger than {MAX_DOCUMENT_BYTES} bytes"));
        }
        let text = std::str::from_utf8(xml).map_err(|error| format!("the document is not UTF-8 ({error})"))?;
        let mut builder = Builder { nodes: vec![new_node(NodeKind::Root, None)], open: vec![0] };
        let mut reader = NsReader::from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
        loop {
            let (namespace, event) = match reader.read_resolved_event() {
                Ok((resolved, event)) => (namespace_of(&resolved)?, event),
                Err(error) => return Err(format!("{error} (at byte {})", reader.error_position())),
            };
            match event {
                Event::Start(start) => builder.open_element(&reader, &start, namespace, false)?,
                Event::Empty(start) => builder.open_element(&reader, &start, namespace, true)?,
                Event::End(_) => builder.close_element(),
                Event::Text(text) => builder.push_text(&text.xml10_content().map_err(|e| e.to_string())?)?,
                Event::CData(data) => builder.push_text(&data.xml10_content().map_err(|e| e.to_string())?)?,
                Event::GeneralRef(reference) => builder.push_text(&resolve_reference(&reference)?)?,
                Event::DocType(_) => return Err("DOCTYPE declarations are not allowed".to_owned()),
                Event::Eof => break,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
        if builder.open.len() > 1 {
            return Err("the document ends inside an element".to_owned());
        }
        let document = Document { nodes: builder.nodes };
        if document.document_element().is_none() {
            return Err("the document has no root element".to_owned());
        }
        Ok(document)
    }

    /// The document node.
    pub(crate) fn root(&self) -> NodeId {
        0
    }

    /// How many nodes (attributes and texts included) the document has.
    pub(crate) fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// A node by index.
    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The root element.
    pub(crate) fn document_element(&self) -> Option<NodeId> {
        self.nodes[0].children.iter().copied().find(|&id| matches!(self.nodes[id].kind, NodeKind::Element(_)))
    }

    /// The XPath string-value: the text of a text node or attribute, the concatenated descendant
    /// text of an element or the document.
    pub(crate) fn string_value(&self, id: NodeId) -> String {
        match &self.nodes[id].kind {
            NodeKind::Text(text) | NodeKind::Attribute(_, text) => text.clone(),
            NodeKind::Root | NodeKind::Element(_) => {
                let mut text = String::new();
                let mut pending = vec![id];
                while let Some(next) = pending.pop() {
                    match &self.nodes[next].kind {
                        NodeKind::Text(part) => text.push_str(part),
                        _ => pending.extend(self.nodes[next].children.iter().rev()),
                    }
                }
                text
            }
        }
    }

    /// The element or attribute name of a node.
    pub(crate) fn name(&self, id: NodeId) -> Option<&Name> {
        match &self.nodes[id].kind {
            NodeKind::Element(name) | NodeKind::Attribute(name, _) => Some(name),
            NodeKind::Root | NodeKind::Text(_) => None,
        }
    }
}

fn new_node(kind: NodeKind, parent: Option<NodeId>) -> Node {
    Node { kind, parent, children: Vec::new(), attributes: Vec::new() }
}

/// Builds the arena while reading.
struct Builder {
    nodes: Vec<Node>,
    /// The open elements, the document node first.
    open: Vec<NodeId>,
}

impl Builder {
    fn current(&self) -> NodeId {
        self.open.last().copied().unwrap_or(0)
    }

    fn open_element(
        &mut self,
        reader: &NsReader<&[u8]>,
        start: &BytesStart<'_>,
        namespace: Option<String>,
        empty: bool,
    ) -> Result<(), String> {
        let parent = self.current();
        if parent == 0 && self.nodes[0].children.iter().any(|&id| matches!(self.nodes[id].kind, NodeKind::Element(_))) {
            return Err("the document has more than one root element".to_owned());
        }
        if self.open.len() > MAX_DEPTH {
            return Err(format!("elements are nested deeper than {MAX_DEPTH} levels"));
        }
        let name = make_name(start.name(), namespace);
        let id = self.nodes.len();
        self.nodes.push(new_node(NodeKind::Element(name), Some(parent)));
        self.nodes[parent].children.push(id);
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|error| format!("a bad attribute in <{}>: {error}", qualified(start)))?;
            let key = attribute.key;
            if key.as_ref() == b"xmlns" || key.as_ref().starts_with(b"xmlns:") {
                continue;
            }
            let (resolved, _) = reader.resolver().resolve_attribute(key);
            let attribute_name = make_name(key, namespace_of(&resolved)?);
            let value = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|error| {
                format!("a bad value of '{}' in <{}>: {error}", attribute_name.qualified, qualified(start))
            })?;
            let attribute_id = self.nodes.len();
            self.nodes.push(new_node(NodeKind::Attribute(attribute_name, value.into_owned()), Some(id)));
            self.nodes[id].attributes.push(attribute_id);
        }
        if !empty {
            self.open.push(id);
        }
        Ok(())
    }

    fn close_element(&mut self) {
        if self.open.len() > 1 {
            self.open.pop();
        }
    }

    /// Adds text to the open element, merging with a text just before; outside the root element
    /// only whitespace is allowed (and dropped).
    fn push_text(&mut self, text: &str) -> Result<(), String> {
        let parent = self.current();
        if parent == 0 {
            if text.trim().is_empty() {
                return Ok(());
            }
            return Err("text outside the root element".to_owned());
        }
        if text.is_empty() {
            return Ok(());
        }
        if let Some(&last) = self.nodes[parent].children.last()
            && let NodeKind::Text(previous) = &mut self.nodes[last].kind
        {
            previous.push_str(text);
            return Ok(());
        }
        let id = self.nodes.len();
        self.nodes.push(new_node(NodeKind::Text(text.to_owned()), Some(parent)));
        self.nodes[parent].children.push(id);
        Ok(())
    }
}

fn qualified(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.name().as_ref()).into_owned()
}

fn make_name(name: QName<'_>, namespace: Option<String>) -> Name {
    Name {
        qualified: String::from_utf8_lossy(name.as_ref()).into_owned(),
        local: String::from_utf8_lossy(name.local_name().as_ref()).into_owned(),
        prefixed: name.prefix().is_some(),
        namespace,
    }
}

fn namespace_of(resolved: &ResolveResult<'_>) -> Result<Option<String>, String> {
    match resolved {
        ResolveResult::Bound(namespace) => Ok(Some(String::from_utf8_lossy(namespace.as_ref()).into_owned())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => {
            Err(format!("the namespace prefix '{}' is not declared", String::from_utf8_lossy(prefix)))
        }
    }
}

pub(crate) fn resolve_reference(reference: &BytesRef<'_>) -> Result<String, String> {
    if let Some(character) = reference.resolve_char_ref().map_err(|error| error.to_string())? {
        return Ok(character.to_string());
    }
    let name = reference.decode().map_err(|error| error.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| format!("the entity '&{name};' is not defined (only the predefined entities are)"))
}

#[cfg(test)]
mod tests;
