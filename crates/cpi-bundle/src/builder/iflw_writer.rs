//! Writes the `.iflw` BPMN2 document of an [`super::IflowBuilder`] flow: a collaboration with
//! Sender / Receiver / Integration Process participants, an optional HTTPS sender channel and one
//! HTTP receiver channel and participant per Request-Reply step, and the process `Process_1`
//! (with its exception subprocess), plus a simple diagram.
//!
//! Sequence flows are written after the nodes and, like in real exports, not in flow order: the
//! start event's flow first, then the others from the last created to the first.

use std::fmt::Write as _;

use quick_xml::escape::{escape, partial_escape};

use super::diagram::write_diagram;
use super::graph::{Container, Edge, EventDefinition, FlowGraph, Node};
use super::steps::Properties;
use crate::iflow_model::{BPMN2_NAMESPACE, IFL_NAMESPACE};

/// What the flow consists of.
#[derive(Debug)]
pub(super) struct FlowSpec<'a> {
    /// The flow description (collaboration documentation).
    pub(super) description: &'a str,
    /// `urlPath` of the HTTPS sender channel, if there is one.
    pub(super) sender_url_path: Option<&'a str>,
    /// Properties replacing or added to the sender channel defaults.
    pub(super) sender_overrides: &'a Properties,
    /// Properties replacing or added to the collaboration defaults.
    pub(super) collaboration_overrides: &'a Properties,
    /// The laid-out steps.
    pub(super) graph: &'a FlowGraph,
}

pub(super) const SENDER_PARTICIPANT_ID: &str = "Participant_1";
pub(super) const RECEIVER_PARTICIPANT_ID: &str = "Participant_2";
pub(super) const PROCESS_PARTICIPANT_ID: &str = "Participant_Process_1";
pub(super) const SENDER_CHANNEL_ID: &str = "MessageFlow_1";

/// The whole `.iflw` text.
pub(super) fn write_iflw(spec: &FlowSpec<'_>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<bpmn2:definitions xmlns:bpmn2=\"{BPMN2_NAMESPACE}\" xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" \
         xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\" xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" \
         xmlns:ifl=\"{IFL_NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" id=\"Definitions_1\">"
    );
    out.push_str(&collaboration(spec));
    out.push_str(&process(spec.graph));
    out.push_str(&write_diagram(spec.graph, spec.sender_url_path.is_some()));
    out.push_str("</bpmn2:definitions>\n");
    out
}

/// `<bpmn2:extensionElements>` with one `ifl:property` per pair (values escaped as text).
fn extension_elements(indent: &str, properties: &[(String, String)]) -> String {
    let mut out = format!("{indent}<bpmn2:extensionElements>\n");
    for (key, value) in properties {
        let value =
            if value.is_empty() { "<value/>".to_owned() } else { format!("<value>{}</value>", partial_escape(value)) };
        let _ = writeln!(out, "{indent}    <ifl:property><key>{}</key>{value}</ifl:property>", partial_escape(key));
    }
    let _ = writeln!(out, "{indent}</bpmn2:extensionElements>");
    out
}

fn collaboration_properties(overrides: &Properties) -> Properties {
    let mut properties = Properties::of(&[
        ("namespaceMapping", ""),
        ("httpSessionHandling", "None"),
        ("accessControlMaxAge", ""),
        ("returnExceptionToSender", "false"),
        ("log", "All events"),
        ("corsEnabled", "false"),
        ("exposedHeaders", ""),
        ("componentVersion", "1.2"),
        ("allowedHeaderList", ""),
        ("ServerTrace", "false"),
        ("allowedOrigins", ""),
        ("accessControlAllowCredentials", "false"),
        ("allowedHeaders", ""),
        ("allowedMethods", ""),
        ("cmdVariantUri", "ctype::IFlowVariant/cname::IFlowConfiguration/version::1.2.3"),
    ]);
    properties.apply(overrides);
    properties
}

fn collaboration(spec: &FlowSpec<'_>) -> String {
    let mut out = String::from("    <bpmn2:collaboration id=\"Collaboration_1\" name=\"Default Collaboration\">\n");
    if !spec.description.is_empty() {
        let _ = writeln!(
            out,
            "        <bpmn2:documentation id=\"Documentation_1\" textFormat=\"text/plain\">{}</bpmn2:documentation>",
            partial_escape(spec.description)
        );
    }
    out.push_str(&extension_elements("        ", collaboration_properties(spec.collaboration_overrides).pairs()));
    out.push_str(&participant(SENDER_PARTICIPANT_ID, "EndpointSender", "Sender"));
    out.push_str(&participant(RECEIVER_PARTICIPANT_ID, "EndpointRecevier", "Receiver"));
    for receiver in &spec.graph.receivers {
        out.push_str(&participant(&receiver.participant_id, "EndpointRecevier", &receiver.system));
    }
    let _ = write!(
        out,
        "        <bpmn2:participant id=\"{PROCESS_PARTICIPANT_ID}\" ifl:type=\"IntegrationProcess\" \
         name=\"Integration Process\" processRef=\"Process_1\">\n            <bpmn2:extensionElements/>\n        \
         </bpmn2:participant>\n"
    );
    if let Some(url_path) = spec.sender_url_path {
        let start = spec.graph.main.nodes.first().map_or("", |node| node.id.as_str());
        let mut properties = https_sender_properties(url_path);
        properties.apply(spec.sender_overrides);
        out.push_str(&message_flow(SENDER_CHANNEL_ID, "HTTPS", (SENDER_PARTICIPANT_ID, start), &properties));
    }
    for receiver in &spec.graph.receivers {
        let name = receiver.properties.get("Name").unwrap_or("HTTP");
        let ends = (receiver.source.as_str(), receiver.participant_id.as_str());
        out.push_str(&message_flow(&receiver.channel_id, name, ends, &receiver.properties));
    }
    out.push_str("    </bpmn2:collaboration>\n");
    out
}

fn participant(id: &str, participant_type: &str, name: &str) -> String {
    let mut out = format!(
        "        <bpmn2:participant id=\"{}\" ifl:type=\"{participant_type}\" name=\"{}\">\n",
        escape(id),
        escape(name)
    );
    out.push_str(&extension_elements("            ", Properties::of(&[("ifl:type", participant_type)]).pairs()));
    out.push_str("        </bpmn2:participant>\n");
    out
}

fn message_flow(id: &str, name: &str, (source, target): (&str, &str), properties: &Properties) -> String {
    let mut out = format!(
        "        <bpmn2:messageFlow id=\"{}\" name=\"{}\" sourceRef=\"{}\" targetRef=\"{}\">\n",
        escape(id),
        escape(name),
        escape(source),
        escape(target)
    );
    out.push_str(&extension_elements("            ", properties.pairs()));
    out.push_str("        </bpmn2:messageFlow>\n");
    out
}

fn https_sender_properties(url_path: &str) -> Properties {
    Properties::of(&[
        ("ComponentType", "HTTPS"),
        ("Description", ""),
        ("maximumBodySize", "40"),
        ("ComponentNS", "sap"),
        ("componentVersion", "1.5"),
        ("urlPath", url_path),
        ("Name", "HTTPS"),
        ("TransportProtocolVersion", "1.5.0"),
        ("ComponentSWCVName", "external"),
        ("system", "Sender"),
        ("xsrfProtection", "0"),
        ("TransportProtocol", "HTTPS"),
        ("cmdVariantUri", "ctype::AdapterVariant/cname::sap:HTTPS/tp::HTTPS/mp::None/direction::Sender/version::1.5.0"),
        ("userRole", "ESBMessaging.send"),
        ("senderAuthType", "RoleBased"),
        ("MessageProtocol", "None"),
        ("MessageProtocolVersion", "1.5.0"),
        ("ComponentSWCVId", "1.5.0"),
        ("direction", "Sender"),
        ("clientCertificates", ""),
    ])
}

fn process(graph: &FlowGraph) -> String {
    let mut out = String::from("    <bpmn2:process id=\"Process_1\" name=\"Integration Process\">\n");
    let properties = Properties::of(&[
        ("transactionTimeout", "30"),
        ("componentVersion", "1.2"),
        ("cmdVariantUri", "ctype::FlowElementVariant/cname::IntegrationProcess/version::1.2.1"),
        ("transactionalHandling", "Not Required"),
    ]);
    out.push_str(&extension_elements("        ", properties.pairs()));
    out.push_str(&nodes("        ", &graph.main));
    if let Some(subprocess) = &graph.exception {
        let _ = writeln!(out, "        <bpmn2:subProcess id=\"{}\" name=\"Exception Subprocess 1\">", subprocess.id);
        let properties = Properties::of(&[
            ("componentVersion", "1.1"),
            ("activityType", "ErrorEventSubProcessTemplate"),
            ("cmdVariantUri", "ctype::FlowstepVariant/cname::ErrorEventSubProcessTemplate/version::1.1.0"),
        ]);
        out.push_str(&extension_elements("            ", properties.pairs()));
        out.push_str(&nodes("            ", &subprocess.body));
        out.push_str(&sequence_flows("            ", &subprocess.body));
        out.push_str("        </bpmn2:subProcess>\n");
    }
    out.push_str(&sequence_flows("        ", &graph.main));
    out.push_str("    </bpmn2:process>\n");
    out
}

fn nodes(indent: &str, container: &Container) -> String {
    container.nodes.iter().map(|node| flow_node(indent, node)).collect()
}

/// One event, step or gateway with its wiring.
fn flow_node(indent: &str, node: &Node) -> String {
    let default = node.default_flow.as_deref().map(|id| format!(" default=\"{}\"", escape(id))).unwrap_or_default();
    let mut out = format!(
        "{indent}<bpmn2:{}{default} id=\"{}\" name=\"{}\">\n",
        node.element,
        escape(node.id.as_str()),
        escape(node.name.as_str())
    );
    let inner = format!("{indent}    ");
    if !node.properties.pairs().is_empty() {
        out.push_str(&extension_elements(&inner, node.properties.pairs()));
    }
    for flow in &node.incoming {
        let _ = writeln!(out, "{inner}<bpmn2:incoming>{flow}</bpmn2:incoming>");
    }
    for flow in &node.outgoing {
        let _ = writeln!(out, "{inner}<bpmn2:outgoing>{flow}</bpmn2:outgoing>");
    }
    match &node.event {
        Some(EventDefinition::Message) => {
            let _ = writeln!(out, "{inner}<bpmn2:messageEventDefinition/>");
        }
        Some(EventDefinition::Error(properties)) => {
            let _ = writeln!(out, "{inner}<bpmn2:errorEventDefinition>");
            out.push_str(&extension_elements(&format!("{inner}    "), properties.pairs()));
            let _ = writeln!(out, "{inner}</bpmn2:errorEventDefinition>");
        }
        None => {}
    }
    let _ = writeln!(out, "{indent}</bpmn2:{}>", node.element);
    out
}

/// The sequence flows in file order: the start event's flow first, then the rest newest first.
fn sequence_flows(indent: &str, container: &Container) -> String {
    let start = container.nodes.first().map_or("", |node| node.id.as_str());
    let (from_start, others): (Vec<&Edge>, Vec<&Edge>) = container.edges.iter().partition(|edge| edge.source == start);
    from_start.into_iter().chain(others.into_iter().rev()).map(|edge| sequence_flow(indent, edge)).collect()
}

fn sequence_flow(indent: &str, edge: &Edge) -> String {
    let name = edge.name.as_deref().map(|name| format!(" name=\"{}\"", escape(name))).unwrap_or_default();
    let opening = format!(
        "{indent}<bpmn2:sequenceFlow id=\"{}\"{name} sourceRef=\"{}\" targetRef=\"{}\"",
        escape(edge.id.as_str()),
        escape(edge.source.as_str()),
        escape(edge.target.as_str())
    );
    if edge.properties.pairs().is_empty() && edge.condition.is_none() {
        return format!("{opening}/>\n");
    }
    let inner = format!("{indent}    ");
    let mut out = format!("{opening}>\n");
    out.push_str(&extension_elements(&inner, edge.properties.pairs()));
    if let Some(condition) = &edge.condition {
        let _ = writeln!(
            out,
            "{inner}<bpmn2:conditionExpression id=\"FormalExpression_{}\" xsi:type=\"bpmn2:tFormalExpression\">{}\
             </bpmn2:conditionExpression>",
            escape(edge.id.as_str()),
            partial_escape(condition.as_str())
        );
    }
    let _ = writeln!(out, "{indent}</bpmn2:sequenceFlow>");
    out
}
