use proptest::prelude::*;

use super::*;
use crate::test_fixtures::{IFLW_PATH, PROPDEF, iflow_zip, iflw, manifest, zip_with};

fn test_bundle() -> Bundle {
    Bundle::read(&iflow_zip(false), &Limits::DEFAULT).expect("valid bundle")
}

fn error_of(entries: &[(&str, &[u8])]) -> BundleError {
    Bundle::read(&zip_with(entries), &Limits::DEFAULT).expect_err("invalid bundle")
}

#[test]
fn reads_with_and_without_directory_entries() {
    let flat = test_bundle();
    let with_directories = Bundle::read(&iflow_zip(true), &Limits::DEFAULT).expect("valid bundle");
    assert_eq!(flat, with_directories);
    let manifest = flat.manifest();
    assert_eq!(
        (manifest.id.as_str(), manifest.name.as_str(), manifest.version.as_str()),
        ("Test_Flow", "Test Flow", "2.3.4")
    );
    assert_eq!(manifest.bundle_type, BundleType::IntegrationFlow);
    assert_eq!(
        flat.metainfo(),
        &MetaInfo { description: "A test flow".into(), source: "Shop".into(), target: String::new() }
    );
    assert_eq!(flat.iflow_path(), Some(IFLW_PATH));
    assert_eq!(flat.files().count(), 7);
}

#[test]
fn manifest_is_required() {
    let error = error_of(&[(IFLW_PATH, iflw("/x").as_bytes())]);
    assert_eq!(error.to_string(), "The bundle has no META-INF/MANIFEST.MF");
    let error = error_of(&[("META-INF/MANIFEST.MF", b"Bundle-Name: x\n")]);
    assert_eq!(error.to_string(), "MANIFEST.MF lacks Bundle-SymbolicName");
    let error = error_of(&[("META-INF/MANIFEST.MF", b"\xff\xfe")]);
    assert!(matches!(error, BundleError::InvalidManifest(_)));
}

#[test]
fn integration_flows_need_exactly_one_well_formed_iflw() {
    let manifest = manifest("F", "IntegrationFlow");
    let error = error_of(&[("META-INF/MANIFEST.MF", manifest.as_bytes()), ("src/main/resources/x.iflw", b"<a/>")]);
    assert_eq!(
        error.to_string(),
        "The bundle has no integration flow (.iflw) under src/main/resources/scenarioflows/integrationflow/"
    );
    let flow = iflw("/x");
    let second = "src/main/resources/scenarioflows/integrationflow/other.iflw";
    let error = error_of(&[
        ("META-INF/MANIFEST.MF", manifest.as_bytes()),
        (IFLW_PATH, flow.as_bytes()),
        (second, flow.as_bytes()),
    ]);
    assert_eq!(error, BundleError::MultipleIntegrationFlows { count: 2 });
    let error = error_of(&[("META-INF/MANIFEST.MF", manifest.as_bytes()), (IFLW_PATH, b"<bpmn2:definitions><oops>")]);
    assert!(error.to_string().starts_with("The .iflw is not well-formed XML: "), "{error}");
    let error = error_of(&[
        ("META-INF/MANIFEST.MF", manifest.as_bytes()),
        (IFLW_PATH, flow.as_bytes()),
        ("src/main/resources/parameters.propdef", b"<parameters>"),
    ]);
    assert!(matches!(error, BundleError::MalformedXml { .. }));
}

#[test]
fn value_mappings_need_value_mapping_xml() {
    let manifest = manifest("VM", "ValueMapping");
    let error = error_of(&[("META-INF/MANIFEST.MF", manifest.as_bytes())]);
    assert_eq!(error.to_string(), "The value mapping bundle has no value_mapping.xml");
    let zip =
        zip_with(&[("META-INF/MANIFEST.MF", manifest.as_bytes()), ("value_mapping.xml", b"<vm version=\"2.0\"></vm>")]);
    let bundle = Bundle::read(&zip, &Limits::DEFAULT).expect("valid value mapping");
    assert_eq!(bundle.manifest().bundle_type, BundleType::ValueMapping);
    assert!(bundle.iflow().is_none());
    let script_collection = manifest_only("ScriptCollection");
    assert_eq!(script_collection.manifest().bundle_type, BundleType::ScriptCollection);
}

fn manifest_only(bundle_type: &str) -> Bundle {
    let manifest = manifest("Only", bundle_type);
    Bundle::read(&zip_with(&[("META-INF/MANIFEST.MF", manifest.as_bytes())]), &Limits::DEFAULT).expect("valid")
}

#[test]
fn identity_and_description_edits_survive_a_round_trip() {
    let mut bundle = test_bundle();
    bundle.set_identity(Some("Renamed"), Some("Renamed Flow"), Some("3.0.0"));
    bundle.set_description("New description");
    let reread = Bundle::read(&bundle.to_zip(), &Limits::DEFAULT).expect("valid");
    let manifest = reread.manifest();
    assert_eq!(
        (manifest.id.as_str(), manifest.name.as_str(), manifest.version.as_str()),
        ("Renamed", "Renamed Flow", "3.0.0")
    );
    assert_eq!(manifest.header("Bundle-SymbolicName"), Some("Renamed; singleton:=true"));
    assert_eq!(manifest.header("Import-Package"), Some("org.example.one,org.example.two,org.example.three"));
    assert_eq!(reread.metainfo().description, "New description");
    assert_eq!(reread.metainfo().source, "Shop", "other keys are kept");
    let mut bare = manifest_only("ScriptCollection");
    bare.set_identity(None, None, Some("1.2.3"));
    bare.set_description("Created");
    let reread = Bundle::read(&bare.to_zip(), &Limits::DEFAULT).expect("valid");
    assert_eq!((reread.manifest().version.as_str(), reread.metainfo().description.as_str()), ("1.2.3", "Created"));
    assert_eq!(reread.manifest().header("Bundle-SymbolicName"), Some("Only"));
}

#[test]
fn configurations_are_listed_and_set_through_a_round_trip() {
    let mut bundle = test_bundle();
    let keys: Vec<String> =
        bundle.configurations().expect("valid").into_iter().map(|parameter| parameter.key).collect();
    assert_eq!(keys, ["Sender Endpoint", "Count", "Extra"]);
    bundle.set_configuration("Sender Endpoint", "/a=b:c #ü €").expect("known key");
    bundle.set_configuration("Count", "42").expect("known key");
    let reread = Bundle::read(&bundle.to_zip(), &Limits::DEFAULT).expect("valid");
    let values: Vec<(String, String)> =
        reread.configurations().expect("valid").into_iter().map(|parameter| (parameter.key, parameter.value)).collect();
    let expected = [("Sender Endpoint", "/a=b:c #ü €"), ("Count", "42"), ("Extra", "https://x")];
    assert_eq!(values, expected.map(|(key, value)| (key.to_owned(), value.to_owned())));
    let prop = String::from_utf8(reread.file(PARAMETERS_PROP_PATH).expect("present").to_vec()).expect("ASCII");
    assert!(prop.starts_with("#\n#Mon Jan 01"), "comments are kept: {prop}");
    assert!(prop.contains("Sender\\ Endpoint=/a\\=b\\:c \\#\\u00FC \\u20AC\n"), "{prop}");
    let error = bundle.set_configuration("Nope", "x").expect_err("unknown");
    assert_eq!(error.to_string(), "Parameter key 'Nope' not found.");
}

#[test]
fn parameters_prop_is_created_when_missing() {
    let manifest = manifest("F", "IntegrationFlow");
    let flow = iflw("/x");
    let zip = zip_with(&[
        ("META-INF/MANIFEST.MF", manifest.as_bytes()),
        (IFLW_PATH, flow.as_bytes()),
        (PARAMETERS_PROPDEF_PATH, PROPDEF.as_bytes()),
    ]);
    let mut bundle = Bundle::read(&zip, &Limits::DEFAULT).expect("valid");
    assert_eq!(bundle.configurations().expect("valid")[1].value, "");
    bundle.set_configuration("Count", "7").expect("defined");
    assert_eq!(bundle.file(PARAMETERS_PROP_PATH), Some(&b"Count=7\n"[..]));
    assert_eq!(manifest_only("ScriptCollection").configurations(), Ok(Vec::new()));
}

#[test]
fn resources_are_listed_put_and_removed() {
    let mut bundle = test_bundle();
    let names: Vec<(String, String)> =
        bundle.resources().into_iter().map(|resource| (resource.name, resource.resource_type)).collect();
    assert_eq!(names, [("first.groovy".to_owned(), "groovy".to_owned())], "json files are not resources");
    assert_eq!(bundle.put_resource("first.groovy", "groovy", b"new".to_vec()), Ok(true));
    assert_eq!(bundle.put_resource("map.xsl", "xslt", b"<x/>".to_vec()), Ok(false));
    assert_eq!(bundle.file("src/main/resources/mapping/map.xsl"), Some(&b"<x/>"[..]));
    assert!(matches!(
        bundle.put_resource("../evil.groovy", "groovy", Vec::new()),
        Err(BundleError::InvalidResourceName { .. })
    ));
    assert!(matches!(bundle.put_resource("a.txt", "text", Vec::new()), Err(BundleError::UnknownResourceType { .. })));
    let reread = Bundle::read(&bundle.to_zip(), &Limits::DEFAULT).expect("valid");
    let resources = reread.resources();
    assert_eq!(resources.len(), 2);
    assert_eq!(resources[0].content, b"new");
    assert!(bundle.remove_resource("first.groovy", "groovy"));
    assert!(!bundle.remove_resource("first.groovy", "groovy"));
    assert!(!bundle.remove_resource("map.xsl", "groovy"));
    assert_eq!(bundle.resources().len(), 1);
}

#[test]
fn the_iflow_model_is_available() {
    let model = test_bundle().iflow().expect("integration flow").expect("valid model");
    assert_eq!(model.sender_endpoints[0].address, "{{Sender Endpoint}}");
    assert!(model.placeholders.contains(&"<SAP_FLOW_URL>".to_owned()));
}

#[test]
fn to_zip_is_deterministic_and_lossless() {
    let bundle = test_bundle();
    let zip = bundle.to_zip();
    assert_eq!(zip, bundle.to_zip());
    assert_eq!(Bundle::read(&zip, &Limits::DEFAULT).expect("valid"), bundle);
}

proptest! {
    #[test]
    fn reading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = Bundle::read(&bytes, &Limits::DEFAULT);
    }

    #[test]
    fn reading_corrupted_bundles_never_panics(position in any::<usize>(), value in any::<u8>()) {
        let mut zip = test_bundle().to_zip();
        let index = position % zip.len();
        zip[index] = value;
        if let Ok(bundle) = Bundle::read(&zip, &Limits::DEFAULT) {
            let _ = bundle.configurations();
            let _ = bundle.iflow();
            let _ = bundle.resources();
        }
    }
}
