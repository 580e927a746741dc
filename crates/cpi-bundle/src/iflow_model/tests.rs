use super::*;
use crate::test_fixtures::{iflw, property as ifl_property};

#[test]
fn https_sender_steps_flows_and_placeholders() {
    let model = IntegrationFlowModel::parse(iflw("{{Sender Endpoint}}").as_bytes()).expect("valid");
    assert_eq!(
        model.sender_endpoints,
        vec![SenderEndpoint {
            channel_name: "HTTPS".to_owned(),
            component_type: "HTTPS".to_owned(),
            address: "{{Sender Endpoint}}".to_owned(),
        }]
    );
    assert_eq!(model.placeholders, ["Sender Endpoint", "Greeting Name", "Table Value", "<SAP_FLOW_URL>"]);
    assert_eq!(model.properties, vec![("log".to_owned(), "All events".to_owned())]);
    assert_eq!(model.participants.len(), 2);
    assert_eq!(model.participants[1].process_ref.as_deref(), Some("Process_1"));
    let process = &model.processes[0];
    let elements: Vec<(&str, &str, Option<&str>)> = process
        .elements
        .iter()
        .map(|element| (element.id.as_str(), element.element.as_str(), element.activity_type.as_deref()))
        .collect();
    assert_eq!(
        elements,
        vec![("Start", "startEvent", None), ("CM", "callActivity", Some("Enricher")), ("End", "endEvent", None)]
    );
    assert_eq!(process.elements[0].event_definition.as_deref(), Some("messageEventDefinition"));
    assert_eq!(process.elements[1].property("wrapContent"), Some("Hello {{Greeting Name}}"));
    let flows: Vec<(&str, &str)> =
        process.sequence_flows.iter().map(|flow| (flow.source_ref.as_str(), flow.target_ref.as_str())).collect();
    assert_eq!(flows, vec![("CM", "End"), ("Start", "CM")]);
}

fn router_flow() -> String {
    format!(
        r#"<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ifl="http:///com.sap.ifl.model/Ifl.xsd">
<bpmn2:collaboration>
 <bpmn2:participant id="S" ifl:type="EndpointSender" name="Caller"/>
 <bpmn2:participant id="R" ifl:type="EndpointRecevier" name="Backend"/>
 <bpmn2:messageFlow id="M1" name="PD" sourceRef="S" targetRef="Start">
  <bpmn2:extensionElements>{pd}{address}</bpmn2:extensionElements></bpmn2:messageFlow>
 <bpmn2:messageFlow id="M2" name="HTTP" sourceRef="Call" targetRef="R">
  <bpmn2:extensionElements>{http}{receiver}{target}</bpmn2:extensionElements></bpmn2:messageFlow>
</bpmn2:collaboration>
<bpmn2:process id="Process_1" name="Main">
 <bpmn2:extensionElements>{timeout}</bpmn2:extensionElements>
 <bpmn2:startEvent id="Start"/>
 <bpmn2:exclusiveGateway default="Other" id="Router" name="Route?"/>
 <bpmn2:sequenceFlow id="Retry" name="retry" sourceRef="Router" targetRef="Call">
  <bpmn2:conditionExpression> ${{header.X}} = 'RETRY' </bpmn2:conditionExpression></bpmn2:sequenceFlow>
 <bpmn2:sequenceFlow id="Other" sourceRef="Router" targetRef="Call"/>
 <bpmn2:serviceTask id="Call" name="Request Reply"><bpmn2:extensionElements>{external}</bpmn2:extensionElements></bpmn2:serviceTask>
 <bpmn2:subProcess id="Errors" name="Exception Subprocess">
  <bpmn2:startEvent id="ErrorStart"><bpmn2:errorEventDefinition/></bpmn2:startEvent>
  <bpmn2:endEvent id="ErrorEnd"/>
  <bpmn2:sequenceFlow id="E1" sourceRef="ErrorStart" targetRef="ErrorEnd"/>
 </bpmn2:subProcess>
</bpmn2:process>
</bpmn2:definitions>"#,
        pd = ifl_property("ComponentType", "ProcessDirect"),
        address = ifl_property("address", "/internal/{{Route}}"),
        http = ifl_property("ComponentType", "HTTP"),
        receiver = ifl_property("direction", "Receiver"),
        target = ifl_property("httpAddressWithoutQuery", "{{Backend URL}}"),
        timeout = ifl_property("transactionTimeout", "30"),
        external = ifl_property("activityType", "ExternalCall"),
    )
}

#[test]
fn process_direct_senders_receivers_routers_and_subprocesses() {
    let model = IntegrationFlowModel::parse(router_flow().as_bytes()).expect("valid");
    assert_eq!(model.sender_endpoints.len(), 1, "the receiver channel is not an endpoint");
    let endpoint = &model.sender_endpoints[0];
    assert_eq!((endpoint.component_type.as_str(), endpoint.address.as_str()), ("ProcessDirect", "/internal/{{Route}}"));
    assert_eq!(model.channels[1].direction(), "Receiver");
    assert_eq!(model.channels[1].component_type(), "HTTP");
    assert_eq!(model.placeholders, ["Route", "Backend URL"]);
    let process = &model.processes[0];
    assert_eq!(property(&process.properties, "transactionTimeout"), Some("30"));
    let router = process.elements.iter().find(|element| element.id == "Router").expect("router");
    assert_eq!(router.default_flow.as_deref(), Some("Other"));
    let retry = process.sequence_flows.iter().find(|flow| flow.id == "Retry").expect("route");
    assert_eq!(retry.condition.as_deref(), Some("${header.X} = 'RETRY'"));
    let error_start = process.elements.iter().find(|element| element.id == "ErrorStart").expect("nested");
    assert_eq!(error_start.parent.as_deref(), Some("Errors"));
    assert_eq!(error_start.event_definition.as_deref(), Some("errorEventDefinition"));
    assert!(process.sequence_flows.iter().any(|flow| flow.id == "E1"));
}

#[test]
fn non_bpmn_and_malformed_documents_are_rejected() {
    let error = IntegrationFlowModel::parse(b"<definitions/>").expect_err("no namespace");
    assert_eq!(error.to_string(), "The .iflw root element is 'definitions', not a BPMN2 definitions element");
    let error = IntegrationFlowModel::parse(b"<x:process xmlns:x='urn:x'/>").expect_err("wrong root");
    assert_eq!(error, BundleError::NotBpmn("{urn:x}process".to_owned()));
    let error = IntegrationFlowModel::parse(b"<bpmn2:definitions").expect_err("malformed");
    assert!(error.to_string().starts_with("The .iflw is not well-formed XML: "), "{error}");
}
