//! Writes the `.iflw` BPMN2 document of an [`super::IflowBuilder`] flow: a collaboration with
//! Sender / Receiver / Integration Process participants and an optional HTTPS sender channel, and
//! one process `Start → [Content Modifier] → End`, plus a simple diagram.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::iflow_model::{BPMN2_NAMESPACE, IFL_NAMESPACE};

/// What the flow consists of.
pub(super) struct FlowSpec<'a> {
    /// The flow description (collaboration documentation).
    pub(super) description: &'a str,
    /// `urlPath` of the HTTPS sender channel, if there is one.
    pub(super) sender_url_path: Option<&'a str>,
    /// Body text and `bodyType` of the Content Modifier step, if there is one.
    pub(super) body: Option<(&'a str, &'a str)>,
}

const START_ID: &str = "StartEvent_2";
const END_ID: &str = "EndEvent_2";
const ENRICHER_ID: &str = "CallActivity_1";
const SENDER_PARTICIPANT_ID: &str = "Participant_1";
const SENDER_CHANNEL_ID: &str = "MessageFlow_1";

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
    out.push_str(&process(spec));
    out.push_str(&diagram(spec));
    out.push_str("</bpmn2:definitions>\n");
    out
}

/// `<bpmn2:extensionElements>` with one `ifl:property` per pair.
fn extension_elements(indent: &str, properties: &[(&str, &str)]) -> String {
    let mut out = format!("{indent}<bpmn2:extensionElements>\n");
    for (key, value) in properties {
        let value = if value.is_empty() { "<value/>".to_owned() } else { format!("<value>{}</value>", escape(*value)) };
        let _ = writeln!(out, "{indent}    <ifl:property><key>{}</key>{value}</ifl:property>", escape(*key));
    }
    let _ = writeln!(out, "{indent}</bpmn2:extensionElements>");
    out
}

fn collaboration(spec: &FlowSpec<'_>) -> String {
    let mut out = String::from("    <bpmn2:collaboration id=\"Collaboration_1\" name=\"Default Collaboration\">\n");
    if !spec.description.is_empty() {
        let _ = writeln!(
            out,
            "        <bpmn2:documentation id=\"Documentation_1\" textFormat=\"text/plain\">{}</bpmn2:documentation>",
            escape(spec.description)
        );
    }
    out.push_str(&extension_elements(
        "        ",
        &[
            ("namespaceMapping", ""),
            ("httpSessionHandling", "None"),
            ("returnExceptionToSender", "false"),
            ("log", "All events"),
            ("componentVersion", "1.2"),
            ("ServerTrace", "false"),
            ("cmdVariantUri", "ctype::IFlowVariant/cname::IFlowConfiguration/version::1.2.3"),
        ],
    ));
    out.push_str(&participant(SENDER_PARTICIPANT_ID, "EndpointSender", "Sender"));
    out.push_str(&participant("Participant_2", "EndpointRecevier", "Receiver"));
    out.push_str(
        "        <bpmn2:participant id=\"Participant_Process_1\" ifl:type=\"IntegrationProcess\" \
         name=\"Integration Process\" processRef=\"Process_1\">\n            <bpmn2:extensionElements/>\n        \
         </bpmn2:participant>\n",
    );
    if let Some(url_path) = spec.sender_url_path {
        out.push_str(&https_sender_channel(url_path));
    }
    out.push_str("    </bpmn2:collaboration>\n");
    out
}

fn participant(id: &str, participant_type: &str, name: &str) -> String {
    let mut out = format!("        <bpmn2:participant id=\"{id}\" ifl:type=\"{participant_type}\" name=\"{name}\">\n");
    out.push_str(&extension_elements("            ", &[("ifl:type", participant_type)]));
    out.push_str("        </bpmn2:participant>\n");
    out
}

fn https_sender_channel(url_path: &str) -> String {
    let mut out = format!(
        "        <bpmn2:messageFlow id=\"{SENDER_CHANNEL_ID}\" name=\"HTTPS\" sourceRef=\"{SENDER_PARTICIPANT_ID}\" \
         targetRef=\"{START_ID}\">\n"
    );
    out.push_str(&extension_elements(
        "            ",
        &[
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
            (
                "cmdVariantUri",
                "ctype::AdapterVariant/cname::sap:HTTPS/tp::HTTPS/mp::None/direction::Sender/version::1.5.0",
            ),
            ("userRole", "ESBMessaging.send"),
            ("senderAuthType", "RoleBased"),
            ("MessageProtocol", "None"),
            ("MessageProtocolVersion", "1.5.0"),
            ("ComponentSWCVId", "1.5.0"),
            ("direction", "Sender"),
            ("clientCertificates", ""),
        ],
    ));
    out.push_str("        </bpmn2:messageFlow>\n");
    out
}

/// The ids of the steps in flow order.
fn step_ids(spec: &FlowSpec<'_>) -> Vec<&'static str> {
    match spec.body {
        Some(_) => vec![START_ID, ENRICHER_ID, END_ID],
        None => vec![START_ID, END_ID],
    }
}

fn process(spec: &FlowSpec<'_>) -> String {
    let mut out = String::from("    <bpmn2:process id=\"Process_1\" name=\"Integration Process\">\n");
    out.push_str(&extension_elements(
        "        ",
        &[
            ("transactionTimeout", "30"),
            ("componentVersion", "1.2"),
            ("cmdVariantUri", "ctype::FlowElementVariant/cname::IntegrationProcess/version::1.2.1"),
            ("transactionalHandling", "Not Required"),
        ],
    ));
    let steps = step_ids(spec);
    for (position, id) in steps.iter().enumerate() {
        let incoming = (position > 0).then(|| format!("SequenceFlow_{position}"));
        let outgoing = (position + 1 < steps.len()).then(|| format!("SequenceFlow_{}", position + 1));
        out.push_str(&step(id, spec, incoming.as_deref(), outgoing.as_deref()));
    }
    for (position, pair) in steps.windows(2).enumerate() {
        let _ = writeln!(
            out,
            "        <bpmn2:sequenceFlow id=\"SequenceFlow_{}\" sourceRef=\"{}\" targetRef=\"{}\"/>",
            position + 1,
            pair[0],
            pair[1]
        );
    }
    out.push_str("    </bpmn2:process>\n");
    out
}

/// One start event, Content Modifier or end event with its wiring.
fn step(id: &str, spec: &FlowSpec<'_>, incoming: Option<&str>, outgoing: Option<&str>) -> String {
    let (element, name, properties): (&str, &str, Vec<(&str, &str)>) = match id {
        START_ID => (
            "startEvent",
            "Start",
            vec![
                ("componentVersion", "1.0"),
                ("cmdVariantUri", "ctype::FlowstepVariant/cname::MessageStartEvent/version::1.0"),
            ],
        ),
        END_ID => (
            "endEvent",
            "End",
            vec![
                ("componentVersion", "1.1"),
                ("cmdVariantUri", "ctype::FlowstepVariant/cname::MessageEndEvent/version::1.1.0"),
            ],
        ),
        _ => {
            let (body, body_type) = spec.body.unwrap_or_default();
            ("callActivity", "Content Modifier 1", enricher_properties(body, body_type))
        }
    };
    let mut out = format!("        <bpmn2:{element} id=\"{id}\" name=\"{name}\">\n");
    out.push_str(&extension_elements("            ", &properties));
    if let Some(flow) = incoming {
        let _ = writeln!(out, "            <bpmn2:incoming>{flow}</bpmn2:incoming>");
    }
    if let Some(flow) = outgoing {
        let _ = writeln!(out, "            <bpmn2:outgoing>{flow}</bpmn2:outgoing>");
    }
    if element != "callActivity" {
        out.push_str("            <bpmn2:messageEventDefinition/>\n");
    }
    let _ = writeln!(out, "        </bpmn2:{element}>");
    out
}

fn enricher_properties<'a>(body: &'a str, body_type: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("bodyType", body_type),
        ("propertyTable", ""),
        ("headerTable", ""),
        ("wrapContent", body),
        ("componentVersion", "1.5"),
        ("activityType", "Enricher"),
        ("cmdVariantUri", "ctype::FlowstepVariant/cname::Enricher/version::1.5.1"),
    ]
}

/// Layout: participants and steps on one row, edges between neighbours.
fn diagram(spec: &FlowSpec<'_>) -> String {
    let steps = step_ids(spec);
    let mut out = String::from(
        "    <bpmndi:BPMNDiagram id=\"BPMNDiagram_1\" name=\"Default Collaboration Diagram\">\n        \
         <bpmndi:BPMNPlane bpmnElement=\"Collaboration_1\" id=\"BPMNPlane_1\">\n",
    );
    let process_width = 120 * steps.len() + 180;
    out.push_str(&shape(SENDER_PARTICIPANT_ID, (40, 100), (100, 140)));
    out.push_str(&shape("Participant_Process_1", (250, 60), (process_width, 220)));
    out.push_str(&shape("Participant_2", (process_width + 360, 100), (100, 140)));
    for (position, id) in steps.iter().enumerate() {
        let size = if *id == ENRICHER_ID { (100, 60) } else { (32, 32) };
        out.push_str(&shape(id, (300 + 150 * position, 160 - size.1 / 2), size));
    }
    for (position, pair) in steps.windows(2).enumerate() {
        let (from, to) = (316 + 150 * position, 316 + 150 * (position + 1));
        out.push_str(&edge(&format!("SequenceFlow_{}", position + 1), pair, (from, to)));
    }
    if spec.sender_url_path.is_some() {
        out.push_str(&edge(SENDER_CHANNEL_ID, &[SENDER_PARTICIPANT_ID, START_ID], (90, 316)));
    }
    out.push_str("        </bpmndi:BPMNPlane>\n    </bpmndi:BPMNDiagram>\n");
    out
}

fn shape(id: &str, (x, y): (usize, usize), (width, height): (usize, usize)) -> String {
    format!(
        "            <bpmndi:BPMNShape bpmnElement=\"{id}\" id=\"BPMNShape_{id}\">\n                \
         <dc:Bounds height=\"{height}.0\" width=\"{width}.0\" x=\"{x}.0\" y=\"{y}.0\"/>\n            \
         </bpmndi:BPMNShape>\n"
    )
}

fn edge(id: &str, ends: &[&str], (from, to): (usize, usize)) -> String {
    let (source, target) = (ends.first().copied().unwrap_or_default(), ends.get(1).copied().unwrap_or_default());
    format!(
        "            <bpmndi:BPMNEdge bpmnElement=\"{id}\" id=\"BPMNEdge_{id}\" sourceElement=\"BPMNShape_{source}\" \
         targetElement=\"BPMNShape_{target}\">\n                \
         <di:waypoint x=\"{from}.0\" xsi:type=\"dc:Point\" y=\"160.0\"/>\n                \
         <di:waypoint x=\"{to}.0\" xsi:type=\"dc:Point\" y=\"160.0\"/>\n            </bpmndi:BPMNEdge>\n"
    )
}
