use serde_json::json;

use super::*;
use crate::service;

const ROOT: &str = "https://host:443/api/v1";

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn runtime_artifact() -> Entity {
    Entity {
        set: service::integration_runtime_artifacts(),
        values: vec![
            s("flow1"),
            s("1.0.0"),
            s("Flow 1"),
            s("INTEGRATION_FLOW"),
            s("me"),
            Value::DateTime(1_521_463_557_739),
            s("STARTED"),
        ],
        expanded: vec![],
    }
}

fn configuration(key: &str) -> Entity {
    Entity {
        set: service::configurations(),
        values: vec![s(key), s("v"), s("xsd:string"), Value::Null],
        expanded: vec![],
    }
}

fn endpoint(id: &str) -> Entity {
    let values = vec![s("n"), s(id), s("t"), s("1"), s("sum"), s("desc"), Value::DateTime(0), s("SOAP")];
    Entity { set: service::service_endpoints(), values, expanded: vec![] }
}

fn paths(list: &[&str]) -> Vec<Vec<String>> {
    list.iter().map(|p| p.split('/').map(str::to_owned).collect()).collect()
}

#[test]
fn uri_of_single_key_is_percent_encoded() {
    let e = endpoint("CPI_IFlow_Call_using_Cert$endpointAddress=testwithcert");
    assert_eq!(
        entity_uri(ROOT, &e),
        "https://host:443/api/v1/ServiceEndpoints('CPI_IFlow_Call_using_Cert%24endpointAddress%3Dtestwithcert')"
    );
    assert_eq!(entity_uri("http://h/api/v1/", &configuration("a b")), "http://h/api/v1/Configurations('a%20b')");
    assert_eq!(entity_path(&configuration("it's")), "Configurations('it%27%27s')");
}

#[test]
fn uri_of_composite_key_names_the_keys() {
    let values = vec![s("flow"), s("1.0.0"), Value::Null, Value::Null, Value::Null, Value::Null];
    let e = Entity { set: service::resources(), values, expanded: vec![] };
    assert_eq!(key_predicate(&e), "(Name='flow',ResourceType='1.0.0')");
    let values = vec![s("x"), s("active")];
    let values = values.into_iter().chain(std::iter::repeat_n(Value::Null, 11)).collect();
    let e = Entity { set: service::integration_designtime_artifacts(), values, expanded: vec![] };
    assert_eq!(entity_path(&e), "IntegrationDesigntimeArtifacts(Id='x',Version='active')");
}

#[test]
fn key_literals_by_type() {
    assert_eq!(key_literal(&Value::Int32(42)), "42");
    assert_eq!(key_literal(&Value::Int64(42)), "42L");
    assert_eq!(key_literal(&s("ä/b")), "'%C3%A4%2Fb'");
    assert_eq!(percent_encode("A-z0.9_~"), "A-z0.9_~");
}

#[test]
fn media_entry_has_sap_metadata_and_dates() {
    let v = entry(ROOT, &runtime_artifact(), None);
    let uri = "https://host:443/api/v1/IntegrationRuntimeArtifacts('flow1')";
    assert_eq!(
        v,
        json!({
            "__metadata": {
                "id": uri, "uri": uri, "type": "com.sap.hci.api.IntegrationRuntimeArtifact",
                "content_type": "application/octet-stream",
                "media_src": format!("{uri}/$value"), "edit_media": format!("{uri}/$value")
            },
            "Id": "flow1", "Version": "1.0.0", "Name": "Flow 1", "Type": "INTEGRATION_FLOW",
            "DeployedBy": "me", "DeployedOn": "/Date(1521463557739)/", "Status": "STARTED",
            "ErrorInformation": { "__deferred": { "uri": format!("{uri}/ErrorInformation") } }
        })
    );
}

#[test]
fn primitive_values() {
    assert_eq!(property_value(EdmType::Int64, &Value::Int64(6961)), json!("6961"));
    assert_eq!(property_value(EdmType::Int32, &Value::Int32(7)), json!(7));
    assert_eq!(property_value(EdmType::Boolean, &Value::Boolean(false)), json!(false));
    assert_eq!(property_value(EdmType::Binary, &Value::Binary(b"hi".to_vec())), json!("aGk="));
    assert_eq!(property_value(EdmType::String, &Value::Null), json!(null));
    assert_eq!(property_value(EdmType::DateTime, &Value::DateTime(5)), json!("/Date(5)/"));
    assert_eq!(property_value(EdmType::DateTimeOffset, &Value::DateTime(5)), json!("/Date(5+0000)/"));
}

#[test]
fn complex_values_carry_their_type() {
    let v = property_value(EdmType::Complex("Value"), &Value::Complex(vec![s("a"), Value::Null]));
    assert_eq!(v, json!({"__metadata": {"type": "com.sap.hci.api.Value"}, "SrcValue": "a", "TgtValue": null}));
}

#[test]
fn non_media_entry_and_select() {
    let e = configuration("k");
    let v = entry(ROOT, &e, None);
    assert!(v["__metadata"].get("media_src").is_none());
    assert_eq!(v["DataType"], "xsd:string");
    let select = paths(&["ParameterValue"]);
    let v = entry(ROOT, &e, Some(&select));
    let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), 2);
    assert_eq!(v["ParameterValue"], "v");
}

#[test]
fn expanded_many_and_selected_inside() {
    let mut e = endpoint("e1");
    let entry_point = Entity {
        set: service::entry_points(),
        values: vec![s("n"), s("https://x/a"), s("PROD"), Value::Null],
        expanded: vec![],
    };
    e.expanded.push(("EntryPoints", vec![entry_point]));
    let v = entry(ROOT, &e, None);
    assert_eq!(v["EntryPoints"]["results"][0]["Url"], "https://x/a");
    assert_eq!(
        v["ApiDefinitions"]["__deferred"]["uri"],
        "https://host:443/api/v1/ServiceEndpoints('e1')/ApiDefinitions"
    );
    let select = paths(&["Id", "EntryPoints/Url"]);
    let v = entry(ROOT, &e, Some(&select));
    assert!(v.get("ApiDefinitions").is_none() && v.get("Name").is_none());
    assert_eq!(v["EntryPoints"]["results"][0].as_object().expect("object").len(), 2);
}

#[test]
fn expanded_zero_or_one() {
    let mut e = runtime_artifact();
    e.expanded.push(("ErrorInformation", vec![]));
    assert_eq!(entry(ROOT, &e, None)["ErrorInformation"], Json::Null);
    let info =
        Entity { set: service::runtime_artifact_error_informations(), values: vec![s("flow1")], expanded: vec![] };
    e.expanded = vec![("ErrorInformation", vec![info])];
    let v = entry(ROOT, &e, None);
    assert_eq!(v["ErrorInformation"]["Id"], "flow1");
    assert_eq!(
        v["ErrorInformation"]["__metadata"]["media_src"],
        "https://host:443/api/v1/RuntimeArtifactErrorInformations('flow1')/$value"
    );
}

#[test]
fn documents() {
    let e = configuration("k");
    assert_eq!(entity_document(ROOT, &e, None), json!({ "d": entry(ROOT, &e, None) }));
    let feed = feed_document(ROOT, std::slice::from_ref(&e), None, Some(12), Some("Configurations?$skiptoken=1000"));
    assert_eq!(feed["d"]["__count"], "12");
    assert_eq!(feed["d"]["__next"], "Configurations?$skiptoken=1000");
    assert_eq!(feed["d"]["results"].as_array().expect("results").len(), 1);
    let plain = feed_document(ROOT, &[], None, None, None);
    assert_eq!(plain, json!({"d": {"results": []}}));
}

#[test]
fn links_and_service_documents() {
    let e = configuration("k");
    let uri = "https://host:443/api/v1/Configurations('k')";
    assert_eq!(links_document(ROOT, std::slice::from_ref(&e), true), json!({"d": {"uri": uri}}));
    assert_eq!(links_document(ROOT, &[], true), json!({"d": null}));
    assert_eq!(links_document(ROOT, &[e], false), json!({"d": {"results": [{"uri": uri}]}}));
    let doc = service_document(&service::MODEL);
    assert_eq!(doc["d"]["EntitySets"][0], "IntegrationDesigntimeArtifacts");
    assert_eq!(doc["d"]["EntitySets"].as_array().expect("sets").len(), 78);
}

#[test]
fn error_document_is_sap_shape() {
    let e = ODataError::BadRequest("bad".into());
    assert_eq!(
        error_document(&e),
        json!({"error": {"code": "Bad Request", "message": {"lang": "en", "value": "bad"}}})
    );
}
