//! Compiling a flow: the `.iflw` model plus the configured values of its externalized
//! parameters become a [`CompiledFlow`] the engine runs, or a [`CompileError`] that names what
//! this runtime cannot run (a step, a row type, an adapter) so the deployment fails with it.
//!
//! Every element of the main integration process is checked, reachable or not: a flow is never
//! deployed with a step silently skipped. The graph is built from the sequence flows (file order
//! is not flow order) starting at the start event; the exception subprocess is compiled from its
//! error start event.

mod sender;
mod steps;
mod table;

use cpi_bundle::{FlowElement, FlowProcess, IntegrationFlowModel, property, substitute_placeholders};

pub use sender::{SenderSettings, validate_address};
pub use steps::{
    ContentModifier, HttpReceiver, MethodSource, ModifierRow, Route, RouteCondition, Router, RowAction, RowSource, Step,
};
pub use table::{TableRow, parse_table};

use crate::convert::{JsonToXmlOptions, XmlToJsonOptions};

/// Why a flow cannot be deployed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// A step (or a feature of a step) this runtime does not run.
    #[error("The step '{name}' ({id}) of type {kind} is not supported by this runtime.")]
    UnsupportedStep {
        /// Element id, e.g. `CallActivity_8`.
        id: String,
        /// Display name.
        name: String,
        /// What it is, e.g. `Script (GroovyScript)`.
        kind: String,
    },
    /// A channel whose adapter this runtime does not run.
    #[error(
        "The {direction} channel '{name}' ({id}) uses the {adapter} adapter, which is not supported by this runtime."
    )]
    UnsupportedAdapter {
        /// Channel id.
        id: String,
        /// Channel name.
        name: String,
        /// `Sender` or `Receiver`.
        direction: String,
        /// The adapter type, e.g. `JMS`.
        adapter: String,
    },
    /// An externalized parameter without a value.
    #[error("The externalized parameter '{0}' has no value: add it to the configuration of the flow.")]
    MissingParameter(String),
    /// A step whose configuration is wrong (an expression that does not parse, …).
    #[error("The step '{name}' ({id}) is not valid: {reason}")]
    InvalidStep {
        /// Element id.
        id: String,
        /// Display name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// The process cannot be walked (no start event, a step without outgoing flow, …).
    #[error("The integration process is not valid: {0}")]
    InvalidProcess(String),
    /// The HTTPS sender's settings are not valid.
    #[error("The HTTPS sender channel '{channel}' is not valid: {reason}")]
    InvalidSender {
        /// Channel name.
        channel: String,
        /// What is wrong.
        reason: String,
    },
}

/// A process graph: nodes by index, starting at `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessGraph {
    /// The nodes.
    pub nodes: Vec<Node>,
    /// Index of the start event.
    pub start: usize,
}

/// One step of a process with its successor.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Element id (the MPL's `ModelStepId`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it does.
    pub step: Step,
    /// The next node (none for end events and routers, whose routes carry their targets).
    pub next: Option<usize>,
}

/// A flow ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledFlow {
    /// The HTTPS sender, if the flow has one.
    pub sender: Option<SenderSettings>,
    /// The main integration process.
    pub main: ProcessGraph,
    /// The exception subprocess of the main process, if any.
    pub exception: Option<ProcessGraph>,
    /// Headers passed from the HTTP request into the message and back into the reply
    /// (`allowedHeaderList`, comma-separated, `*` allowed).
    pub allowed_headers: Vec<String>,
    /// `returnExceptionToSender`: the reply to a failed message carries the error text.
    pub return_exception_to_sender: bool,
    /// Namespace prefixes for XPath (`namespaceMapping`: `xmlns:p=uri;…`).
    pub namespaces: Vec<(String, String)>,
    /// Receiver system names of the flow's receiver channels (the MPL's `Receiver`).
    pub receivers: Vec<String>,
}

impl CompiledFlow {
    /// True if a header name is in the allowed list.
    pub fn header_allowed(&self, name: &str) -> bool {
        header_listed(&self.allowed_headers, name)
    }
}

/// True if `name` matches an entry of a list (case-insensitive; `*` matches any characters).
pub fn header_listed(list: &[String], name: &str) -> bool {
    list.iter().any(|entry| crate::message::name_matches(entry, name))
}

/// Splits a comma list into trimmed non-empty entries.
pub fn comma_list(text: &str) -> Vec<String> {
    text.split([',', '|']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Compiles a flow. `values` gives the configured value of each externalized parameter.
pub fn compile(
    model: &IntegrationFlowModel,
    values: &dyn Fn(&str) -> Option<String>,
) -> Result<CompiledFlow, CompileError> {
    let resolve =
        |text: &str| substitute_placeholders(text, values).map_err(|m| CompileError::MissingParameter(m.name));
    let process = main_process(model)?;
    let sender = sender::sender_settings(model, process, &resolve)?;
    let namespaces = parse_namespace_mapping(&resolve(property(&model.properties, "namespaceMapping").unwrap_or(""))?);
    let context = steps::StepContext { model, resolve: &resolve, namespaces: &namespaces };
    let subprocess = process.elements.iter().find(|e| e.element == "subProcess");
    for element in &process.elements {
        steps::check_supported(element, &context)?;
    }
    let main = build_graph(process, None, &context)?;
    let exception = subprocess.map(|sub| build_graph(process, Some(&sub.id), &context)).transpose()?;
    let allowed = resolve(property(&model.properties, "allowedHeaderList").unwrap_or(""))?;
    let return_exception = resolve(property(&model.properties, "returnExceptionToSender").unwrap_or("false"))?;
    Ok(CompiledFlow {
        sender,
        main,
        exception,
        allowed_headers: comma_list(&allowed),
        return_exception_to_sender: return_exception.trim().eq_ignore_ascii_case("true"),
        namespaces,
        receivers: receiver_systems(model),
    })
}

/// The main integration process: the one the sender channel enters, else `Process_1`, else the
/// first one.
fn main_process(model: &IntegrationFlowModel) -> Result<&FlowProcess, CompileError> {
    let entered = model.channels.iter().find_map(|channel| {
        model.processes.iter().find(|p| p.elements.iter().any(|e| e.id == channel.target_ref && e.parent.is_none()))
    });
    let by_participant = model
        .participants
        .iter()
        .filter(|p| p.participant_type == "IntegrationProcess")
        .find_map(|p| p.process_ref.as_deref())
        .and_then(|id| model.processes.iter().find(|p| p.id == id));
    entered
        .or(by_participant)
        .or_else(|| model.processes.iter().find(|p| p.id == "Process_1"))
        .or(model.processes.first())
        .ok_or_else(|| CompileError::InvalidProcess("the flow has no integration process".to_owned()))
}

/// `xmlns:p1=http://a;xmlns:p2=http://b` → `[(p1, http://a), (p2, http://b)]`.
fn parse_namespace_mapping(text: &str) -> Vec<(String, String)> {
    text.split(';')
        .filter_map(|entry| {
            let (prefix, uri) = entry.trim().split_once('=')?;
            let prefix = prefix.trim().strip_prefix("xmlns:").unwrap_or(prefix.trim());
            Some((prefix.to_owned(), uri.trim().to_owned()))
        })
        .filter(|(prefix, uri)| !prefix.is_empty() && !uri.is_empty())
        .collect()
}

/// Names of the receiver participants the flow's receiver channels lead to.
fn receiver_systems(model: &IntegrationFlowModel) -> Vec<String> {
    let mut names: Vec<String> = model
        .channels
        .iter()
        .filter(|c| c.direction().eq_ignore_ascii_case("Receiver"))
        .filter_map(|c| model.participants.iter().find(|p| p.id == c.target_ref))
        .map(|p| p.name.clone())
        .collect();
    names.dedup();
    names
}

/// Builds the graph of the main process (`scope` none) or of one subprocess (its id).
fn build_graph(
    process: &FlowProcess,
    scope: Option<&str>,
    context: &steps::StepContext<'_>,
) -> Result<ProcessGraph, CompileError> {
    let members: Vec<&FlowElement> =
        process.elements.iter().filter(|e| e.parent.as_deref() == scope && e.element != "subProcess").collect();
    let index_of = |id: &str| members.iter().position(|e| e.id == id);
    let starts: Vec<usize> =
        members.iter().enumerate().filter(|(_, e)| e.element == "startEvent").map(|(i, _)| i).collect();
    let start = match starts.as_slice() {
        [one] => *one,
        [] => return Err(CompileError::InvalidProcess(format!("{} has no start event", scope_name(scope)))),
        _ => return Err(CompileError::InvalidProcess(format!("{} has several start events", scope_name(scope)))),
    };
    let mut nodes = Vec::with_capacity(members.len());
    for element in &members {
        let outgoing: Vec<_> = process.sequence_flows.iter().filter(|f| f.source_ref == element.id).collect();
        let step = steps::compile_step(element, &outgoing, &index_of, context)?;
        let next = match &step {
            Step::End | Step::ErrorEnd | Step::Router(_) => None,
            _ => Some(single_successor(element, &outgoing, &index_of)?),
        };
        nodes.push(Node { id: element.id.clone(), name: element.name.clone(), step, next });
    }
    Ok(ProcessGraph { nodes, start })
}

fn scope_name(scope: Option<&str>) -> String {
    match scope {
        None => "the integration process".to_owned(),
        Some(id) => format!("the exception subprocess {id}"),
    }
}

fn single_successor(
    element: &FlowElement,
    outgoing: &[&cpi_bundle::SequenceFlow],
    index_of: &dyn Fn(&str) -> Option<usize>,
) -> Result<usize, CompileError> {
    let invalid =
        |reason: String| CompileError::InvalidStep { id: element.id.clone(), name: element.name.clone(), reason };
    match outgoing {
        [one] => index_of(&one.target_ref)
            .ok_or_else(|| invalid(format!("its sequence flow {} leads to an unknown element", one.id))),
        [] => Err(invalid("it has no outgoing sequence flow".to_owned())),
        _ => Err(invalid("it has several outgoing sequence flows; only a Router may branch".to_owned())),
    }
}

/// The JSON to XML options of a converter step.
pub(crate) fn json_to_xml_options(
    element: &FlowElement,
    resolve: &dyn Fn(&str) -> Result<String, CompileError>,
    namespaces: &[(String, String)],
) -> Result<JsonToXmlOptions, CompileError> {
    let get = |key: &str| resolve(element.property(key).unwrap_or(""));
    let add_root = get("addXMLRootElement")?.trim().eq_ignore_ascii_case("true");
    let root_name = get("additionalRootElementName")?;
    let use_namespaces = get("useNamespaces")?.trim().eq_ignore_ascii_case("true");
    let mapping = parse_namespace_mapping(&get("jsonNamespaceMapping")?);
    let separator = get("jsonNamespaceSeparator")?.trim().chars().next().unwrap_or(':');
    Ok(JsonToXmlOptions {
        add_root_element: add_root.then(|| if root_name.trim().is_empty() { "root".to_owned() } else { root_name }),
        namespaces: if use_namespaces {
            if mapping.is_empty() { namespaces.to_vec() } else { mapping }
        } else {
            Vec::new()
        },
        prefix_separator: separator,
    })
}

/// The XML to JSON options of a converter step.
pub(crate) fn xml_to_json_options(
    element: &FlowElement,
    resolve: &dyn Fn(&str) -> Result<String, CompileError>,
) -> Result<XmlToJsonOptions, CompileError> {
    // Exports and generators spell this key differently; any of them counts.
    let key = ["xmlJsonSuppressRootElement", "suppressJSONRootElement", "suppressJsonRootElement"]
        .into_iter()
        .find_map(|key| element.property(key));
    let suppress = resolve(key.unwrap_or(""))?;
    Ok(XmlToJsonOptions { suppress_root_element: suppress.trim().eq_ignore_ascii_case("true") })
}

#[cfg(test)]
mod sample_tests;
#[cfg(test)]
mod tests;
