//! The `.iflw` BPMN2 model: channels (message flows), participants, processes with their flow
//! elements and sequence flows, and every `ifl:property` key/value pair.
//!
//! This is a faithful, flat reading of the XML; the runtime interprets it (walking sequence flows
//! from the start event, evaluating router conditions, …).

use crate::error::BundleError;
use crate::placeholder::placeholder_names;
use crate::xml_tree::{XmlElement, parse_document};

/// Namespace of the BPMN2 model elements (`bpmn2:`).
pub const BPMN2_NAMESPACE: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
/// Namespace of SAP's extension elements (`ifl:`); note the three slashes.
pub const IFL_NAMESPACE: &str = "http:///com.sap.ifl.model/Ifl.xsd";

/// Ordered `ifl:property` key/value pairs of one BPMN element.
pub type IflProperties = Vec<(String, String)>;

/// What the runtime needs from an integration flow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntegrationFlowModel {
    /// Inbound channels (`direction=Sender`): where the flow can be called.
    pub sender_endpoints: Vec<SenderEndpoint>,
    /// Distinct `{{…}}` names used in property values (escaped tables included), in order of first use.
    pub placeholders: Vec<String>,
    /// The collaboration-level properties (logging, CORS, …).
    pub properties: IflProperties,
    /// Participants (sender/receiver systems and integration processes).
    pub participants: Vec<Participant>,
    /// All channels (`bpmn2:messageFlow`), sender and receiver.
    pub channels: Vec<Channel>,
    /// The integration processes and local processes.
    pub processes: Vec<FlowProcess>,
}

/// An inbound channel of the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderEndpoint {
    /// The channel (message flow) name, e.g. `HTTPS`.
    pub channel_name: String,
    /// The adapter `ComponentType`: `HTTPS`, `ProcessDirect`, `SOAP`, …
    pub component_type: String,
    /// `urlPath` (HTTPS), else `address` (ProcessDirect, SOAP, …); raw, may contain `{{…}}`.
    pub address: String,
}

/// A `bpmn2:participant`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// Element id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `ifl:type`: `EndpointSender`, `EndpointRecevier` (sic), `IntegrationProcess`.
    pub participant_type: String,
    /// `processRef` of an integration process participant.
    pub process_ref: Option<String>,
}

/// A channel (`bpmn2:messageFlow`) between a participant and a flow element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Element id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `sourceRef`.
    pub source_ref: String,
    /// `targetRef`.
    pub target_ref: String,
    /// The adapter properties (`ComponentType`, `direction`, `urlPath`, `address`, …).
    pub properties: IflProperties,
}

/// A `bpmn2:process` with its elements; elements of exception subprocesses are flattened in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowProcess {
    /// Element id (`Process_1`, …).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Process-level properties (`transactionTimeout`, …).
    pub properties: IflProperties,
    /// Steps, events, gateways and subprocesses in document order.
    pub elements: Vec<FlowElement>,
    /// Sequence flows in document order (which is not flow order).
    pub sequence_flows: Vec<SequenceFlow>,
}

/// A step, event, gateway or subprocess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowElement {
    /// Element id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// BPMN element local name: `startEvent`, `callActivity`, `serviceTask`, `exclusiveGateway`, …
    pub element: String,
    /// The `activityType` property (`Enricher`, `Script`, `ExternalCall`, …), if any.
    pub activity_type: Option<String>,
    /// Local name of the event definition child (`messageEventDefinition`, `timerEventDefinition`, …).
    pub event_definition: Option<String>,
    /// The `default` attribute (router default route), if any.
    pub default_flow: Option<String>,
    /// Id of the enclosing `subProcess`, if any.
    pub parent: Option<String>,
    /// The step properties.
    pub properties: IflProperties,
}

/// A `bpmn2:sequenceFlow` (router branches carry a condition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceFlow {
    /// Element id.
    pub id: String,
    /// Display name (router branch name).
    pub name: String,
    /// `sourceRef`.
    pub source_ref: String,
    /// `targetRef`.
    pub target_ref: String,
    /// The `conditionExpression` text, if any.
    pub condition: Option<String>,
    /// The route properties (`expressionType`, …).
    pub properties: IflProperties,
}

/// The value of `key` in a property list.
pub fn property<'a>(properties: &'a [(String, String)], key: &str) -> Option<&'a str> {
    properties.iter().find(|(candidate, _)| candidate == key).map(|(_, value)| value.as_str())
}

impl Channel {
    /// The `ComponentType` property, `""` when missing.
    pub fn component_type(&self) -> &str {
        property(&self.properties, "ComponentType").unwrap_or_default()
    }

    /// The `direction` property (`Sender` / `Receiver`), `""` when missing.
    pub fn direction(&self) -> &str {
        property(&self.properties, "direction").unwrap_or_default()
    }
}

impl FlowElement {
    /// The value of one step property.
    pub fn property(&self, key: &str) -> Option<&str> {
        property(&self.properties, key)
    }
}

/// Parses `.iflw` bytes and checks the root is BPMN2 `definitions`.
pub(crate) fn parse_definitions(bytes: &[u8]) -> Result<XmlElement, BundleError> {
    let root = parse_document(bytes).map_err(BundleError::MalformedIntegrationFlow)?;
    if root.name != "definitions" || root.namespace.as_deref() != Some(BPMN2_NAMESPACE) {
        let shown = match &root.namespace {
            Some(namespace) => format!("{{{namespace}}}{}", root.name),
            None => root.name.clone(),
        };
        return Err(BundleError::NotBpmn(shown));
    }
    Ok(root)
}

impl IntegrationFlowModel {
    /// Reads the model from `.iflw` bytes.
    pub fn parse(bytes: &[u8]) -> Result<IntegrationFlowModel, BundleError> {
        let root = parse_definitions(bytes)?;
        let mut model = IntegrationFlowModel::default();
        for collaboration in root.elements_named("collaboration") {
            model.properties.extend(properties_of(collaboration));
            model.participants.extend(collaboration.elements_named("participant").map(participant_of));
            model.channels.extend(collaboration.elements_named("messageFlow").map(channel_of));
        }
        model.processes = root.elements_named("process").map(process_of).collect();
        model.sender_endpoints = sender_endpoints(&model);
        model.placeholders = collect_placeholders(&root);
        Ok(model)
    }
}

/// The `ifl:property` pairs in an element's `extensionElements`.
fn properties_of(element: &XmlElement) -> IflProperties {
    element
        .elements_named("extensionElements")
        .flat_map(|extensions| extensions.elements_named("property"))
        .map(|property| (property.child_text("key"), property.child_text_raw("value")))
        .collect()
}

fn attribute(element: &XmlElement, name: &str) -> String {
    element.attribute(name).unwrap_or_default().to_owned()
}

fn participant_of(element: &XmlElement) -> Participant {
    Participant {
        id: attribute(element, "id"),
        name: attribute(element, "name"),
        participant_type: attribute(element, "ifl:type"),
        process_ref: element.attribute("processRef").map(str::to_owned),
    }
}

fn channel_of(element: &XmlElement) -> Channel {
    Channel {
        id: attribute(element, "id"),
        name: attribute(element, "name"),
        source_ref: attribute(element, "sourceRef"),
        target_ref: attribute(element, "targetRef"),
        properties: properties_of(element),
    }
}

fn process_of(element: &XmlElement) -> FlowProcess {
    let mut process = FlowProcess {
        id: attribute(element, "id"),
        name: attribute(element, "name"),
        properties: properties_of(element),
        elements: Vec::new(),
        sequence_flows: Vec::new(),
    };
    collect_flow_nodes(element, None, &mut process);
    process
}

/// Adds the flow elements and sequence flows below `container` (a process or subprocess).
fn collect_flow_nodes(container: &XmlElement, parent: Option<&str>, process: &mut FlowProcess) {
    for child in container.elements() {
        match child.name.as_str() {
            "extensionElements" | "documentation" | "laneSet" | "incoming" | "outgoing" => {}
            "sequenceFlow" => process.sequence_flows.push(SequenceFlow {
                id: attribute(child, "id"),
                name: attribute(child, "name"),
                source_ref: attribute(child, "sourceRef"),
                target_ref: attribute(child, "targetRef"),
                condition: child.element("conditionExpression").map(|condition| condition.text().trim().to_owned()),
                properties: properties_of(child),
            }),
            _ => {
                let element = flow_element_of(child, parent);
                let id = element.id.clone();
                let is_sub_process = element.element == "subProcess";
                process.elements.push(element);
                if is_sub_process {
                    collect_flow_nodes(child, Some(&id), process);
                }
            }
        }
    }
}

fn flow_element_of(element: &XmlElement, parent: Option<&str>) -> FlowElement {
    let properties = properties_of(element);
    FlowElement {
        id: attribute(element, "id"),
        name: attribute(element, "name"),
        element: element.name.clone(),
        activity_type: property(&properties, "activityType").map(str::to_owned),
        event_definition: element
            .elements()
            .find(|child| child.name.ends_with("EventDefinition"))
            .map(|child| child.name.clone()),
        default_flow: element.attribute("default").map(str::to_owned),
        parent: parent.map(str::to_owned),
        properties,
    }
}

/// Channels with `direction=Sender`, or without a direction but coming from a sender participant.
fn sender_endpoints(model: &IntegrationFlowModel) -> Vec<SenderEndpoint> {
    let is_sender_participant = |id: &str| {
        model
            .participants
            .iter()
            .any(|participant| participant.id == id && participant.participant_type == "EndpointSender")
    };
    model
        .channels
        .iter()
        .filter(|channel| match channel.direction() {
            "" => is_sender_participant(&channel.source_ref),
            direction => direction.eq_ignore_ascii_case("Sender"),
        })
        .map(|channel| SenderEndpoint {
            channel_name: channel.name.clone(),
            component_type: channel.component_type().to_owned(),
            address: property(&channel.properties, "urlPath")
                .filter(|path| !path.is_empty())
                .or_else(|| property(&channel.properties, "address"))
                .unwrap_or_default()
                .to_owned(),
        })
        .collect()
}

/// Placeholder names of every `ifl:property` value in the document. Values holding escaped XML
/// tables are scanned after unescaping, so `{{&lt;X&gt;}}` in a table yields `<X>`.
fn collect_placeholders(root: &XmlElement) -> Vec<String> {
    let mut pending = vec![root];
    let mut values = Vec::new();
    while let Some(element) = pending.pop() {
        if element.name == "extensionElements" {
            values.extend(element.elements_named("property").map(|property| property.child_text_raw("value")));
        }
        pending.extend(element.elements().collect::<Vec<_>>().into_iter().rev());
    }
    let scanned: Vec<String> = values
        .into_iter()
        .map(|value| {
            if value.trim_start().starts_with('<') {
                quick_xml::escape::unescape(&value).map(|text| text.into_owned()).unwrap_or(value)
            } else {
                value
            }
        })
        .collect();
    placeholder_names(&scanned.join("\n"))
}

#[cfg(test)]
mod tests;
