//! Flows built from step lists, read back with the bundle reader and the `.iflw` model.

use std::collections::BTreeSet;

use super::*;
use crate::iflow_model::{FlowElement, FlowProcess, IntegrationFlowModel, SequenceFlow, property};
use crate::limits::Limits;
use crate::xml_tree::{XmlElement, parse_document};

/// A flow with every kind of step: a Content Modifier with both tables, a router with a
/// non-XML, an XML and a default route, two Request-Reply calls, both converters, a script, a
/// raw mapping step and an exception subprocess.
fn full_flow() -> IflowBuilder {
    IflowBuilder::new("Router_Test", "Router Test")
        .https_sender("{{Sender Endpoint}}")
        .parameter("Sender Endpoint", "/router", "xsd:string")
        .sender_property("xsrfProtection", "1")
        .sender_property("userRole", "{{Role}}")
        .collaboration_property("log", "None")
        .collaboration_property("allowedHeaderList", "type")
        .step(
            FlowStep::content_modifier("Set headers")
                .create_header("Action", "constant", "Create", "java.lang.String")
                .create_header("Greeting", "expression", "Hi {{Greeting Name}} & <you>", "")
                .delete_header("Authorization")
                .create_property("total", "xpath", "/order/total", "java.lang.Integer")
                .exchange_property(ModifierRow::create("mode", "header", "X-Mode").default_value("{{<Default Mode>}}"))
                .body("Order ${property.total}", "expression"),
        )
        .step(
            FlowStep::router("Route by type")
                .route(
                    "Orders",
                    RouteCondition::non_xml("${header.type} = 'ORDER'"),
                    vec![
                        FlowStep::request_reply(
                            "Call backend",
                            HttpReceiver::new("{{Backend URL}}")
                                .method("GET")
                                .query("a=1&b=2")
                                .timeout_ms(5000)
                                .basic_auth("BackendCredential")
                                .allowed_response_headers("X-Reply|Content-Type")
                                .system("Backend")
                                .property("throwExceptionOnFailure", "false"),
                        ),
                        FlowStep::json_to_xml("To XML").property("addXMLRootElement", "true"),
                    ],
                )
                .route("Open orders", RouteCondition::xml("/order/status = 'OPEN' and /order/total < 10"), vec![])
                .default_route("Other", vec![FlowStep::xml_to_json("To JSON")]),
        )
        .exception_subprocess(vec![
            FlowStep::content_modifier("Error body").body("Failed: ${exception.message}", "expression").into(),
            FlowStep::request_reply("Report", HttpReceiver::new("http://127.0.0.1:9/report")),
        ])
}

/// A chain of a Groovy Script, a raw mapping step and a Send service task.
fn unsupported_steps_flow() -> IflowBuilder {
    IflowBuilder::new("Unsupported", "Unsupported")
        .step(FlowStep::script("Groovy", "script1.groovy"))
        .step(
            FlowStep::call_activity("Mapping", "Mapping")
                .property("subActivityType", "XSLTMapping")
                .property("mappinguri", "dir://mapping/xslt/src/main/resources/mapping/M.xsl"),
        )
        .step(FlowStep::service_task("Send", "Send"))
}

fn model_of(builder: IflowBuilder) -> IntegrationFlowModel {
    let bundle = Bundle::read(&builder.zip(), &Limits::DEFAULT).expect("valid bundle");
    bundle.iflow().expect("an integration flow").expect("a valid model")
}

fn named<'a>(process: &'a FlowProcess, name: &str) -> &'a FlowElement {
    process.elements.iter().find(|element| element.name == name).unwrap_or_else(|| panic!("no element {name}"))
}

fn flow_from<'a>(process: &'a FlowProcess, source: &str, name: &str) -> &'a SequenceFlow {
    process.sequence_flows.iter().find(|flow| flow.source_ref == source && flow.name == name).expect("route")
}

fn only_successor<'a>(process: &'a FlowProcess, id: &str) -> &'a FlowElement {
    let outgoing: Vec<&SequenceFlow> = process.sequence_flows.iter().filter(|flow| flow.source_ref == id).collect();
    assert_eq!(outgoing.len(), 1, "{id} has one outgoing flow");
    process.elements.iter().find(|element| element.id == outgoing[0].target_ref).expect("target exists")
}

#[test]
fn participants_sender_channel_and_collaboration_properties() {
    let model = model_of(full_flow());
    assert_eq!(property(&model.properties, "log"), Some("None"));
    assert_eq!(property(&model.properties, "allowedHeaderList"), Some("type"));
    let participants: Vec<(&str, &str, &str)> =
        model.participants.iter().map(|p| (p.id.as_str(), p.participant_type.as_str(), p.name.as_str())).collect();
    assert_eq!(
        participants,
        [
            ("Participant_1", "EndpointSender", "Sender"),
            ("Participant_2", "EndpointRecevier", "Receiver"),
            ("Participant_3", "EndpointRecevier", "Backend"),
            ("Participant_4", "EndpointRecevier", "Receiver_2"),
            ("Participant_Process_1", "IntegrationProcess", "Integration Process"),
        ]
    );
    assert_eq!(model.participants[4].process_ref.as_deref(), Some("Process_1"));
    let sender = &model.channels[0];
    assert_eq!((sender.source_ref.as_str(), sender.target_ref.as_str()), ("Participant_1", "StartEvent_2"));
    for (key, value) in [
        ("ComponentType", "HTTPS"),
        ("direction", "Sender"),
        ("urlPath", "{{Sender Endpoint}}"),
        ("xsrfProtection", "1"),
        ("userRole", "{{Role}}"),
        ("senderAuthType", "RoleBased"),
        ("maximumBodySize", "40"),
    ] {
        assert_eq!(property(&sender.properties, key), Some(value), "{key}");
    }
    assert_eq!(sender.properties.iter().filter(|(key, _)| key == "xsrfProtection").count(), 1);
    assert_eq!(model.sender_endpoints.len(), 1, "receiver channels are not endpoints");
}

#[test]
fn request_reply_steps_get_receiver_channels() {
    let model = model_of(full_flow());
    let process = &model.processes[0];
    let backend = &model.channels[1];
    assert_eq!(backend.source_ref, named(process, "Call backend").id);
    assert_eq!(backend.target_ref, "Participant_3");
    for (key, value) in [
        ("ComponentType", "HTTP"),
        ("direction", "Receiver"),
        ("httpAddressWithoutQuery", "{{Backend URL}}"),
        ("httpAddressQuery", "a=1&b=2"),
        ("httpMethod", "GET"),
        ("httpRequestTimeout", "5000"),
        ("authenticationMethod", "Basic"),
        ("credentialName", "BackendCredential"),
        ("allowedResponseHeaders", "X-Reply|Content-Type"),
        ("throwExceptionOnFailure", "false"),
        ("system", "Backend"),
    ] {
        assert_eq!(property(&backend.properties, key), Some(value), "{key}");
    }
    let report = &model.channels[2];
    assert_eq!(
        (report.source_ref.as_str(), report.target_ref.as_str()),
        (named(process, "Report").id.as_str(), "Participant_4")
    );
    assert_eq!(property(&report.properties, "httpMethod"), Some("POST"));
}

#[test]
fn content_modifier_tables_read_back_as_rows() {
    let model = model_of(full_flow());
    let modifier = named(&model.processes[0], "Set headers");
    assert_eq!((modifier.element.as_str(), modifier.activity_type.as_deref()), ("callActivity", Some("Enricher")));
    let row = |action: &str, kind: &str, value: &str, default: &str, name: &str, datatype: &str| {
        format!(
            "<row><cell id='Action'>{action}</cell><cell id='Type'>{kind}</cell><cell id='Value'>{value}</cell>\
             <cell id='Default'>{default}</cell><cell id='Name'>{name}</cell><cell id='Datatype'>{datatype}</cell></row>"
        )
    };
    let headers = [
        row("Create", "constant", "Create", "", "Action", "java.lang.String"),
        row("Create", "expression", "Hi {{Greeting Name}} &amp; &lt;you&gt;", "", "Greeting", ""),
        row("Delete", "", "", "", "Authorization", ""),
    ]
    .concat();
    assert_eq!(modifier.property("headerTable"), Some(headers.as_str()));
    let properties = [
        row("Create", "xpath", "/order/total", "", "total", "java.lang.Integer"),
        row("Create", "header", "X-Mode", "{{&lt;Default Mode&gt;}}", "mode", ""),
    ]
    .concat();
    assert_eq!(modifier.property("propertyTable"), Some(properties.as_str()));
    assert_eq!(modifier.property("wrapContent"), Some("Order ${property.total}"));
    assert_eq!(modifier.property("bodyType"), Some("expression"));
    assert_eq!(modifier.property("cmdVariantUri"), Some("ctype::FlowstepVariant/cname::Enricher/version::1.5.1"));
    let bundle = full_flow().build();
    let text =
        String::from_utf8(bundle.file(bundle.iflow_path().expect("path")).expect("iflw").to_vec()).expect("UTF-8");
    assert!(
        text.contains("<value>&lt;row&gt;&lt;cell id='Action'&gt;Create&lt;/cell&gt;&lt;cell id='Type'&gt;"),
        "escaped once"
    );
    assert!(text.contains("Hi {{Greeting Name}} &amp;amp; &amp;lt;you&amp;gt;"), "cell text escaped twice");
}

#[test]
fn router_default_route_and_conditions() {
    let model = model_of(full_flow());
    let process = &model.processes[0];
    let router = named(process, "Route by type");
    assert_eq!(
        (router.element.as_str(), router.activity_type.as_deref()),
        ("exclusiveGateway", Some("ExclusiveGateway"))
    );
    assert_eq!(router.property("throwException"), Some("false"));
    let orders = flow_from(process, &router.id, "Orders");
    assert_eq!(orders.condition.as_deref(), Some("${header.type} = 'ORDER'"));
    assert_eq!(property(&orders.properties, "expressionType"), Some("NonXML"));
    assert_eq!(orders.target_ref, named(process, "Call backend").id);
    let open = flow_from(process, &router.id, "Open orders");
    assert_eq!(open.condition.as_deref(), Some("/order/status = 'OPEN' and /order/total < 10"));
    assert_eq!(property(&open.properties, "expressionType"), Some("XML"));
    let other = flow_from(process, &router.id, "Other");
    assert_eq!(router.default_flow.as_deref(), Some(other.id.as_str()));
    assert_eq!(other.condition, None);
    assert_eq!(
        property(&other.properties, "cmdVariantUri"),
        Some("ctype::FlowstepVariant/cname::GatewayRoute/version::1.0.0")
    );
    let call = named(process, "Call backend");
    assert_eq!((call.element.as_str(), call.activity_type.as_deref()), ("serviceTask", Some("ExternalCall")));
    let to_xml = only_successor(process, &call.id);
    assert_eq!((to_xml.name.as_str(), to_xml.activity_type.as_deref()), ("To XML", Some("JsonToXmlConverter")));
    assert_eq!(to_xml.property("addXMLRootElement"), Some("true"));
    assert_eq!(to_xml.property("jsonNamespaceSeparator"), Some(":"));
    let ends = [only_successor(process, &to_xml.id), named(process, "End 1")];
    assert_eq!(open.target_ref, ends[1].id, "an empty route goes straight to its own end");
    let to_json = named(process, "To JSON");
    assert_eq!(to_json.activity_type.as_deref(), Some("XmlToJsonConverter"));
    assert_eq!(to_json.property("xmlJsonSuppressRootElement"), Some("false"));
    let last_end = only_successor(process, &to_json.id);
    let end_ids: BTreeSet<&str> = ends.iter().chain([&last_end]).map(|end| end.id.as_str()).collect();
    assert_eq!(end_ids.len(), 3, "each route ends in its own End event");
    for end in ends.iter().chain([&last_end]) {
        assert_eq!(
            (end.element.as_str(), end.event_definition.as_deref()),
            ("endEvent", Some("messageEventDefinition"))
        );
        assert_eq!(end.parent, None);
    }
}

#[test]
fn exception_subprocess_children_have_their_parent() {
    let model = model_of(full_flow());
    let process = &model.processes[0];
    let subprocess = named(process, "Exception Subprocess 1");
    assert_eq!(subprocess.element, "subProcess");
    assert_eq!(subprocess.activity_type.as_deref(), Some("ErrorEventSubProcessTemplate"));
    let children: Vec<(&str, Option<&str>, Option<&str>)> = process
        .elements
        .iter()
        .filter(|element| element.parent.as_deref() == Some(subprocess.id.as_str()))
        .map(|element| {
            (element.element.as_str(), element.activity_type.as_deref(), element.event_definition.as_deref())
        })
        .collect();
    assert_eq!(
        children,
        [
            ("startEvent", None, Some("errorEventDefinition")),
            ("callActivity", Some("Enricher"), None),
            ("serviceTask", Some("ExternalCall"), None),
            ("endEvent", None, Some("messageEventDefinition")),
        ]
    );
    let error_start = process.elements.iter().find(|e| e.event_definition.as_deref() == Some("errorEventDefinition"));
    let error_body = only_successor(process, &error_start.expect("error start").id);
    assert_eq!(error_body.property("wrapContent"), Some("Failed: ${exception.message}"));
    let starts = process.elements.iter().filter(|e| e.element == "startEvent" && e.parent.is_none()).count();
    assert_eq!(starts, 1, "one start event in the main process");
}

#[test]
fn placeholders_are_collected_from_every_value() {
    let model = model_of(full_flow());
    assert_eq!(
        model.placeholders,
        ["Sender Endpoint", "Role", "Backend URL", "<Default Mode>", "Greeting Name"],
        "sender, receiver channel and both Content Modifier tables"
    );
}

#[test]
fn script_raw_and_service_task_steps() {
    let process = model_of(unsupported_steps_flow()).processes.remove(0);
    let kinds: Vec<(&str, &str, Option<&str>)> = process
        .elements
        .iter()
        .map(|element| (element.id.as_str(), element.element.as_str(), element.activity_type.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("StartEvent_2", "startEvent", None),
            ("CallActivity_1", "callActivity", Some("Script")),
            ("CallActivity_2", "callActivity", Some("Mapping")),
            ("ServiceTask_1", "serviceTask", Some("Send")),
            ("EndEvent_2", "endEvent", None),
        ]
    );
    let script = &process.elements[1];
    assert_eq!(script.property("subActivityType"), Some("GroovyScript"));
    assert_eq!(script.property("script"), Some("script1.groovy"));
    assert_eq!(script.property("cmdVariantUri"), Some("ctype::FlowstepVariant/cname::GroovyScript/version::1.1.2"));
    let mapping = &process.elements[2];
    assert_eq!(mapping.property("subActivityType"), Some("XSLTMapping"));
    assert_eq!(mapping.property("cmdVariantUri"), Some("ctype::FlowstepVariant/cname::Mapping/version::1.0.0"));
}

/// Follows single successors from the main start event and returns the names on the way.
fn walk_names(process: &FlowProcess) -> Vec<String> {
    let mut current = process.elements.iter().find(|e| e.element == "startEvent" && e.parent.is_none()).expect("start");
    let mut names = vec![current.name.clone()];
    while current.element != "endEvent" {
        current = only_successor(process, &current.id);
        names.push(current.name.clone());
    }
    names
}

#[test]
fn sequence_flows_are_written_out_of_flow_order() {
    let builder = ["A", "B", "C", "D"]
        .into_iter()
        .fold(IflowBuilder::new("Chain", "Chain"), |builder, name| builder.step(FlowStep::content_modifier(name)));
    let process = model_of(builder).processes.remove(0);
    assert_eq!(walk_names(&process), ["Start", "A", "B", "C", "D", "End"]);
    let written: Vec<&str> = process.sequence_flows.iter().map(|flow| flow.id.as_str()).collect();
    assert_eq!(written, ["SequenceFlow_1", "SequenceFlow_5", "SequenceFlow_4", "SequenceFlow_3", "SequenceFlow_2"]);
}

#[test]
fn routes_join_into_the_step_after_the_router() {
    let builder = IflowBuilder::new("Join", "Join")
        .content_modifier_body("first")
        .step(
            FlowStep::router("Choose")
                .route("A", RouteCondition::non_xml("${header.x} = 'a'"), vec![FlowStep::xml_to_json("A step")])
                .default_route("Else", vec![]),
        )
        .step(FlowStep::content_modifier("After").body("joined", "constant"));
    let process = model_of(builder).processes.remove(0);
    assert_eq!(named(&process, "Content Modifier 1").property("wrapContent"), Some("first"));
    let after = named(&process, "After");
    let into_after: BTreeSet<&str> = process
        .sequence_flows
        .iter()
        .filter(|flow| flow.target_ref == after.id)
        .map(|flow| flow.source_ref.as_str())
        .collect();
    let router = named(&process, "Choose");
    assert_eq!(into_after, BTreeSet::from([named(&process, "A step").id.as_str(), router.id.as_str()]));
    assert_eq!(router.default_flow.as_deref(), Some(flow_from(&process, &router.id, "Else").id.as_str()));
    assert_eq!(process.elements.iter().filter(|e| e.element == "endEvent").count(), 1);
    assert_eq!(only_successor(&process, &after.id).name, "End");
}

fn inner_router(name: &str) -> FlowStep {
    FlowStep::router(name)
        .route("Inner A", RouteCondition::xml("/a"), vec![FlowStep::content_modifier(&format!("{name} A")).into()])
        .default_route("Inner else", vec![])
        .into()
}

#[test]
fn nested_routers_end_or_join_with_their_route() {
    let outer = |name: &str| {
        FlowStep::router(name)
            .route("Nested", RouteCondition::non_xml("${header.n} = '1'"), vec![inner_router(&format!("{name} inner"))])
            .default_route("Plain", vec![])
    };
    let ending = model_of(IflowBuilder::new("Ends", "Ends").step(outer("Outer"))).processes.remove(0);
    let ends = ending.elements.iter().filter(|e| e.element == "endEvent").count();
    assert_eq!(ends, 3, "two inner routes and the plain route end on their own");
    let joining = IflowBuilder::new("Joins", "Joins").step(outer("Outer")).step(FlowStep::content_modifier("After"));
    let joining = model_of(joining).processes.remove(0);
    assert_eq!(joining.elements.iter().filter(|e| e.element == "endEvent").count(), 1);
    let after = named(&joining, "After");
    let sources: BTreeSet<&str> = joining
        .sequence_flows
        .iter()
        .filter(|flow| flow.target_ref == after.id)
        .map(|flow| flow.source_ref.as_str())
        .collect();
    let expected = [
        named(&joining, "Outer inner A").id.as_str(),
        &named(&joining, "Outer inner").id,
        &named(&joining, "Outer").id,
    ];
    assert_eq!(sources, BTreeSet::from(expected), "every route of both routers joins");
}

/// Collects the `id` attributes below `root`.
fn collect_ids(root: &XmlElement, ids: &mut Vec<String>) {
    for child in root.elements() {
        if let Some(id) = child.attribute("id") {
            ids.push(id.to_owned());
        }
        collect_ids(child, ids);
    }
}

/// Checks that every node's `incoming`/`outgoing` children list exactly the flows that end or
/// start there.
fn check_wiring(container: &XmlElement, flows: &[(String, String, String)]) {
    for node in container.elements().filter(|e| !matches!(e.name.as_str(), "sequenceFlow" | "extensionElements")) {
        let id = node.attribute("id").unwrap_or_default();
        let listed = |child: &str| node.elements_named(child).map(XmlElement::text).collect::<BTreeSet<String>>();
        let expected = |pick: fn(&(String, String, String)) -> &String| {
            flows.iter().filter(|flow| pick(flow) == id).map(|flow| flow.0.clone()).collect::<BTreeSet<String>>()
        };
        assert_eq!(listed("incoming"), expected(|flow| &flow.2), "incoming of {id}");
        assert_eq!(listed("outgoing"), expected(|flow| &flow.1), "outgoing of {id}");
        if node.name == "subProcess" {
            check_wiring(node, flows);
        }
    }
}

#[test]
fn ids_are_unique_and_nodes_list_their_flows() {
    let bundle = full_flow().build();
    let root = parse_document(bundle.file(bundle.iflow_path().expect("path")).expect("iflw")).expect("well-formed");
    let process = root.element("process").expect("process");
    let model = model_of(full_flow());
    let flows: Vec<(String, String, String)> = model.processes[0]
        .sequence_flows
        .iter()
        .map(|flow| (flow.id.clone(), flow.source_ref.clone(), flow.target_ref.clone()))
        .collect();
    check_wiring(process, &flows);
    let mut ids = Vec::new();
    collect_ids(root.element("collaboration").expect("collaboration"), &mut ids);
    collect_ids(process, &mut ids);
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "{ids:?}");
    for prefix in
        ["CallActivity_", "ServiceTask_", "ExclusiveGateway_", "SequenceFlow_", "MessageFlow_", "Participant_"]
    {
        assert!(ids.iter().any(|id| id.starts_with(prefix)), "{prefix}");
    }
    for prefix in ["EndEvent_", "SubProcess_", "StartEvent_", "FormalExpression_"] {
        assert!(ids.iter().any(|id| id.starts_with(prefix)), "{prefix}");
    }
}

#[test]
fn output_is_deterministic_and_properties_replace_defaults() {
    assert_eq!(full_flow().zip(), full_flow().zip());
    let step = FlowStep::json_to_xml("Convert").property("componentVersion", "1.2").property("extraKey", "x");
    let keys: Vec<&str> = step.properties.pairs().iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(keys.iter().filter(|key| **key == "componentVersion").count(), 1);
    assert_eq!(keys.last(), Some(&"extraKey"));
    assert_eq!(step.properties.get("componentVersion"), Some("1.2"));
    let modifier = FlowStep::from(FlowStep::content_modifier("CM").property("componentVersion", "1.6"));
    assert_eq!(modifier.properties.pairs()[4], ("componentVersion".to_owned(), "1.6".to_owned()));
}
