//! Compiling flows written by `IflowBuilder`: each supported step, and each refusal.

use cpi_bundle::{FlowStep, HttpReceiver as ReceiverSpec, IflowBuilder, RouteCondition as Condition};

use super::*;

fn compile_builder(builder: IflowBuilder) -> Result<CompiledFlow, CompileError> {
    let bundle = builder.build();
    let model = bundle.iflow().expect("a flow").expect("parses");
    let configurations = bundle.configurations().expect("configurations");
    let values = |name: &str| configurations.iter().find(|c| c.key == name).map(|c| c.value.clone());
    compile(&model, &values)
}

fn step_kinds(graph: &ProcessGraph) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = graph
        .nodes
        .iter()
        .map(|node| match node.step {
            Step::Start => "start",
            Step::ContentModifier(_) => "modifier",
            Step::Router(_) => "router",
            Step::RequestReply(_) => "request-reply",
            Step::JsonToXml(_) => "json-to-xml",
            Step::XmlToJson(_) => "xml-to-json",
            Step::End => "end",
            Step::ErrorEnd => "error-end",
        })
        .collect();
    kinds.sort_unstable();
    kinds
}

#[test]
fn sender_settings_come_from_the_channel_and_parameters() {
    let flow = compile_builder(
        IflowBuilder::new("F", "F")
            .https_sender("{{Endpoint}}")
            .parameter("Endpoint", "orders/*", "xsd:string")
            .sender_property("userRole", "Custom.send")
            .sender_property("xsrfProtection", "1")
            .sender_property("maximumBodySize", "2"),
    )
    .expect("compiles");
    let sender = flow.sender.expect("sender");
    assert_eq!(sender.address, "/orders/*");
    assert!(sender.is_wildcard());
    assert_eq!(sender.user_role, "Custom.send");
    assert!(sender.csrf_protection);
    assert_eq!(sender.maximum_body_bytes, 2 * 1024 * 1024);
}

#[test]
fn a_missing_parameter_is_named() {
    let result = compile_builder(IflowBuilder::new("F", "F").https_sender("{{Nowhere}}"));
    assert_eq!(result.unwrap_err(), CompileError::MissingParameter("Nowhere".into()));
}

#[test]
fn a_bad_address_is_refused() {
    let result = compile_builder(IflowBuilder::new("F", "F").https_sender("/a b"));
    assert!(matches!(result, Err(CompileError::InvalidSender { .. })), "{result:?}");
}

#[test]
fn every_supported_step_compiles_into_the_graph() {
    let flow = compile_builder(
        IflowBuilder::new("F", "F")
            .https_sender("/all")
            .step(
                FlowStep::content_modifier("Set")
                    .create_header("h", "constant", "v", "")
                    .body("x ${header.h}", "expression"),
            )
            .step(FlowStep::json_to_xml("To XML").property("addXMLRootElement", "true"))
            .step(FlowStep::xml_to_json("To JSON"))
            .step(FlowStep::request_reply("Call", ReceiverSpec::new("http://127.0.0.1:9/x").method("GET")))
            .step(
                FlowStep::router("Route")
                    .route("A", Condition::non_xml("${header.h} = 'v'"), vec![])
                    .default_route("B", vec![]),
            )
            .exception_subprocess(vec![
                FlowStep::content_modifier("Error").body("${exception.message}", "expression").into(),
            ]),
    )
    .expect("compiles");
    assert_eq!(
        step_kinds(&flow.main),
        vec!["end", "end", "json-to-xml", "modifier", "request-reply", "router", "start", "xml-to-json"]
    );
    let exception = flow.exception.expect("an exception subprocess");
    assert_eq!(step_kinds(&exception), vec!["end", "modifier", "start"]);
}

#[test]
fn a_script_step_is_refused_by_name_and_type() {
    let result =
        compile_builder(IflowBuilder::new("F", "F").https_sender("/s").step(FlowStep::script("My Script", "a.groovy")));
    match result {
        Err(CompileError::UnsupportedStep { name, kind, .. }) => {
            assert_eq!(name, "My Script");
            assert_eq!(kind, "Script (GroovyScript)");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unsupported_row_types_and_receivers_are_refused() {
    let result = compile_builder(
        IflowBuilder::new("F", "F").https_sender("/s").step(FlowStep::content_modifier("Vars").create_property(
            "p",
            "global persisted variables",
            "x",
            "",
        )),
    );
    assert!(
        matches!(&result, Err(CompileError::UnsupportedStep { kind, .. }) if kind.contains("global persisted variables")),
        "{result:?}"
    );
    let mapping = compile_builder(
        IflowBuilder::new("F", "F")
            .https_sender("/m")
            .step(FlowStep::call_activity("Map", "Mapping").property("subActivityType", "XSLTMapping")),
    );
    assert!(matches!(&mapping, Err(CompileError::UnsupportedStep { kind, .. }) if kind == "Mapping (XSLTMapping)"));
}

#[test]
fn a_router_must_not_mix_condition_types() {
    let result = compile_builder(
        IflowBuilder::new("F", "F").https_sender("/r").step(
            FlowStep::router("Mixed")
                .route("A", Condition::non_xml("${header.a} = '1'"), vec![])
                .route("B", Condition::xml("/a/b = '1'"), vec![])
                .default_route("C", vec![]),
        ),
    );
    assert!(matches!(&result, Err(CompileError::InvalidStep { reason, .. }) if reason.contains("mix")), "{result:?}");
}

#[test]
fn namespace_mappings_and_header_lists_parse() {
    assert_eq!(
        parse_namespace_mapping("xmlns:p1=http://a; xmlns:p2=urn:b ;junk"),
        vec![("p1".to_owned(), "http://a".to_owned()), ("p2".to_owned(), "urn:b".to_owned())]
    );
    let list = comma_list(" X-Order , SAP_*|Accept ");
    assert!(header_listed(&list, "x-order"));
    assert!(header_listed(&list, "SAP_ApplicationID"));
    assert!(header_listed(&list, "accept"));
    assert!(!header_listed(&list, "Authorization"));
    assert!(header_listed(&["*".to_owned()], "anything"));
}
