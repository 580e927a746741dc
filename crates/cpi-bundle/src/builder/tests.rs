use super::*;
use crate::limits::Limits;

#[test]
fn built_flows_read_back_with_their_endpoint() {
    let zip = IflowBuilder::new("Hello_Flow", "Hello Flow")
        .version("1.2.3")
        .description("Says <hello> & more")
        .https_sender("{{Sender Endpoint}}")
        .parameter("Sender Endpoint", "/hello", "xsd:string")
        .parameter("Retries", "3", "xsd:integer")
        .content_modifier_body("Hello ${header.name}")
        .script("x.groovy", "def Message processData(Message message) { return message }")
        .zip();
    let bundle = Bundle::read(&zip, &Limits::DEFAULT).expect("valid bundle");
    let manifest = bundle.manifest();
    assert_eq!(
        (manifest.id.as_str(), manifest.name.as_str(), manifest.version.as_str()),
        ("Hello_Flow", "Hello Flow", "1.2.3")
    );
    assert_eq!(manifest.header("Bundle-SymbolicName"), Some("Hello_Flow; singleton:=true"));
    assert_eq!(bundle.metainfo().description, "Says <hello> & more");
    let model = bundle.iflow().expect("flow").expect("valid");
    assert_eq!(model.sender_endpoints.len(), 1);
    let endpoint = &model.sender_endpoints[0];
    assert_eq!((endpoint.component_type.as_str(), endpoint.address.as_str()), ("HTTPS", "{{Sender Endpoint}}"));
    let channel = &model.channels[0];
    for (key, value) in [
        ("direction", "Sender"),
        ("senderAuthType", "RoleBased"),
        ("userRole", "ESBMessaging.send"),
        ("xsrfProtection", "0"),
    ] {
        assert_eq!(crate::iflow_model::property(&channel.properties, key), Some(value), "{key}");
    }
    let enricher = model.processes[0].elements.iter().find(|element| element.element == "callActivity").expect("step");
    assert_eq!(enricher.activity_type.as_deref(), Some("Enricher"));
    assert_eq!(enricher.property("wrapContent"), Some("Hello ${header.name}"));
    assert_eq!(enricher.property("bodyType"), Some("expression"));
    let flows: Vec<(&str, &str)> = model.processes[0]
        .sequence_flows
        .iter()
        .map(|flow| (flow.source_ref.as_str(), flow.target_ref.as_str()))
        .collect();
    assert_eq!(flows, [("StartEvent_2", "CallActivity_1"), ("CallActivity_1", "EndEvent_2")]);
    let configurations = bundle.configurations().expect("valid");
    let rows: Vec<(&str, &str, &str)> = configurations
        .iter()
        .map(|parameter| (parameter.key.as_str(), parameter.value.as_str(), parameter.data_type.as_str()))
        .collect();
    assert_eq!(rows, [("Sender Endpoint", "/hello", "xsd:string"), ("Retries", "3", "xsd:integer")]);
    assert_eq!(bundle.resources()[0].name, "x.groovy");
    let propdef = String::from_utf8(bundle.file(PARAMETERS_PROPDEF_PATH).expect("propdef").to_vec()).expect("UTF-8");
    assert!(propdef.contains("param_key=\"Sender Endpoint\""));
}

#[test]
fn minimal_flows_and_constant_bodies() {
    let bundle = IflowBuilder::new("Bare", "Bare").build();
    assert_eq!(Bundle::read(&bundle.to_zip(), &Limits::DEFAULT), Ok(bundle.clone()));
    let model = bundle.iflow().expect("flow").expect("valid");
    assert!(model.sender_endpoints.is_empty());
    assert_eq!(model.processes[0].elements.len(), 2);
    assert_eq!(bundle.file(PARAMETERS_PROP_PATH), None);
    let constant = IflowBuilder::new("C", "C").https_sender("/c").content_modifier_body("<a>&</a>").build();
    let model = constant.iflow().expect("flow").expect("valid");
    let step = &model.processes[0].elements[1];
    assert_eq!((step.property("bodyType"), step.property("wrapContent")), (Some("constant"), Some("<a>&</a>")));
    assert_eq!(Bundle::read(&constant.to_zip(), &Limits::DEFAULT), Ok(constant));
}

#[test]
fn awkward_names_stay_inside_the_bundle() {
    let bundle = IflowBuilder::new("a/b", "A").script("../../evil.groovy", "x").script("..", "y").build();
    let reread = Bundle::read(&bundle.to_zip(), &Limits::DEFAULT).expect("valid");
    assert_eq!(reread.iflow_path(), Some("src/main/resources/scenarioflows/integrationflow/a_b.iflw"));
    let names: Vec<String> = reread.resources().into_iter().map(|resource| resource.name).collect();
    assert_eq!(names, ["evil.groovy", "script.groovy"]);
}
