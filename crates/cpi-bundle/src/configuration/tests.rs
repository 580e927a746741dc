use super::*;
use crate::test_fixtures::{PARAMETERS, PROPDEF};

#[test]
fn definitions_come_first_then_extra_values() {
    let definitions = parse_propdef(PROPDEF.as_bytes()).expect("valid");
    let values = PropertiesFile::parse(PARAMETERS.as_bytes());
    let joined = join(&definitions, &values);
    let rows: Vec<(&str, &str, &str, &str)> = joined
        .iter()
        .map(|parameter| {
            (
                parameter.key.as_str(),
                parameter.value.as_str(),
                parameter.data_type.as_str(),
                parameter.description.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Sender Endpoint", "/test", "xsd:string", ""),
            ("Count", "", "xsd:integer", "How many"),
            ("Extra", "https://x", "xsd:string", ""),
        ]
    );
}

#[test]
fn propdef_defaults_and_key_fallback() {
    let propdef = b"<parameters><parameter><key>ByKey</key><name/></parameter><parameter><name>NoType</name>\
                    </parameter><parameter><name/></parameter><parameter><name>NoType</name></parameter></parameters>";
    let definitions = parse_propdef(propdef).expect("valid");
    let names: Vec<(&str, &str)> =
        definitions.iter().map(|definition| (definition.name.as_str(), definition.data_type.as_str())).collect();
    assert_eq!(names, vec![("ByKey", "xsd:string"), ("NoType", "xsd:string"), ("NoType", "xsd:string")]);
    assert_eq!(join(&definitions, &PropertiesFile::default()).len(), 2, "duplicates are listed once");
    let error = parse_propdef(b"<parameters>").expect_err("malformed");
    assert!(error.to_string().starts_with("src/main/resources/parameters.propdef is not well-formed XML"));
}
