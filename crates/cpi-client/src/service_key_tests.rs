use super::*;

const OAUTH_FIELDS: &str = r#"{
    "clientid": "sb-abc!b1|it-rt-sub!b2",
    "clientsecret": "s3cr3t$",
    "url": "https://sub.it-cpi.cfapps.example.com/",
    "tokenurl": "https://sub.authentication.example.com/oauth/token",
    "createdate": "2024-05-01T10:00:00.000Z"
}"#;

fn expected() -> ServiceKey {
    ServiceKey {
        client_id: "sb-abc!b1|it-rt-sub!b2".into(),
        client_secret: "s3cr3t$".into(),
        url: "https://sub.it-cpi.cfapps.example.com/".into(),
        token_url: "https://sub.authentication.example.com/oauth/token".into(),
    }
}

#[test]
fn reads_sap_oauth_layout() {
    let text = format!(r#"{{"oauth": {OAUTH_FIELDS}}}"#);
    assert_eq!(ServiceKey::from_json(&text).unwrap(), expected());
}

#[test]
fn reads_cf_v8_wrapper_around_oauth() {
    let text = format!(r#"{{"credentials": {{"oauth": {OAUTH_FIELDS}}}}}"#);
    assert_eq!(ServiceKey::from_json(&text).unwrap(), expected());
}

#[test]
fn reads_cf_v8_wrapper_around_bare_fields() {
    let text = format!(r#"{{"credentials": {OAUTH_FIELDS}}}"#);
    assert_eq!(ServiceKey::from_json(&text).unwrap(), expected());
}

#[test]
fn reads_bare_layout() {
    assert_eq!(ServiceKey::from_json(OAUTH_FIELDS).unwrap(), expected());
}

#[test]
fn tolerates_unknown_fields() {
    let text = format!(r#"{{"oauth": {OAUTH_FIELDS}, "binding": {{"env": "x"}}, "extra": 1}}"#);
    assert_eq!(ServiceKey::from_json(&text).unwrap(), expected());
}

#[test]
fn missing_tokenurl_names_field_and_location() {
    let text = r#"{"oauth": {"clientid": "a", "clientsecret": "b", "url": "https://x"}}"#;
    let err = ServiceKey::from_json(text).unwrap_err();
    assert_eq!(err.to_string(), "service key is missing 'tokenurl' (looked in oauth)");
}

#[test]
fn missing_field_in_wrapper_names_wrapper_location() {
    let text = r#"{"credentials": {"oauth": {"clientid": "a", "url": "https://x", "tokenurl": "https://t"}}}"#;
    let err = ServiceKey::from_json(text).unwrap_err();
    assert_eq!(err, KeyError::Missing { field: "clientsecret", location: "credentials.oauth".into() });
}

#[test]
fn missing_field_in_bare_layout_says_top_level() {
    let err = ServiceKey::from_json(r#"{"clientsecret": "b"}"#).unwrap_err();
    assert!(matches!(err, KeyError::Missing { field: "clientid", .. }));
    assert!(err.to_string().contains("the top level"), "{err}");
}

#[test]
fn null_field_counts_as_missing() {
    let text = r#"{"clientid": null, "clientsecret": "b", "url": "https://x", "tokenurl": "https://t"}"#;
    let err = ServiceKey::from_json(text).unwrap_err();
    assert!(matches!(err, KeyError::Missing { field: "clientid", .. }));
}

#[test]
fn empty_field_is_invalid() {
    let text = r#"{"clientid": " ", "clientsecret": "b", "url": "https://x", "tokenurl": "https://t"}"#;
    let err = ServiceKey::from_json(text).unwrap_err();
    assert_eq!(err.to_string(), "service key field 'clientid' (in the top level) is invalid: it is empty");
}

#[test]
fn non_string_field_is_invalid() {
    let text = r#"{"oauth": {"clientid": 42, "clientsecret": "b", "url": "https://x", "tokenurl": "https://t"}}"#;
    let err = ServiceKey::from_json(text).unwrap_err();
    assert!(err.to_string().contains("expected a string, found a number"), "{err}");
}

#[test]
fn non_url_is_invalid() {
    let text =
        r#"{"oauth": {"clientid": "a", "clientsecret": "b", "url": "https://x", "tokenurl": "auth.example.com"}}"#;
    let err = ServiceKey::from_json(text).unwrap_err();
    assert!(matches!(err, KeyError::Invalid { field: "tokenurl", .. }), "{err}");
    assert!(err.to_string().contains("not an http(s) URL"), "{err}");
}

#[test]
fn oauth_that_is_not_an_object_is_reported() {
    let err = ServiceKey::from_json(r#"{"oauth": "nope"}"#).unwrap_err();
    assert_eq!(err.to_string(), "service key must be a JSON object, but oauth is a string");
}

#[test]
fn top_level_array_is_reported() {
    let err = ServiceKey::from_json("[1, 2]").unwrap_err();
    assert!(matches!(err, KeyError::NotAnObject { found: "an array", .. }));
}

#[test]
fn malformed_json_reports_line_and_column() {
    let err = ServiceKey::from_json("{\n  \"oauth\": {\n    \"clientid\": \"a\",,\n}").unwrap_err();
    let KeyError::Malformed { line, column, .. } = &err else {
        panic!("expected Malformed, got {err:?}");
    };
    assert_eq!((*line, *column), (3, 21));
    assert_eq!(err.to_string(), "service key is not valid JSON (line 3, column 21): key must be a string");
}

#[test]
fn api_base_appends_path_without_double_slash() {
    let mut key = expected();
    assert_eq!(key.api_base(), "https://sub.it-cpi.cfapps.example.com/api/v1");
    key.url = "http://localhost:8080".into();
    assert_eq!(key.api_base(), "http://localhost:8080/api/v1");
}

#[test]
fn debug_redacts_the_secret() {
    let rendered = format!("{:?}", expected());
    assert!(!rendered.contains("s3cr3t"), "{rendered}");
    assert!(rendered.contains("<redacted>"));
    assert!(rendered.contains("sb-abc!b1"));
}

const ADMIN: &str = r#"{
    "clientid": "sb-sm-admin",
    "clientsecret": "adm1n",
    "url": "http://localhost:8080/uaa/",
    "sm_url": "http://localhost:8080/sm",
    "xsappname": "service-manager!b1"
}"#;

#[test]
fn reads_admin_key_and_derives_token_url() {
    let key = AdminKey::from_json(ADMIN).unwrap();
    assert_eq!(key.client_id, "sb-sm-admin");
    assert_eq!(key.client_secret, "adm1n");
    assert_eq!(key.sm_url, "http://localhost:8080/sm");
    assert_eq!(key.token_url(), "http://localhost:8080/uaa/oauth/token");
}

#[test]
fn reads_admin_key_in_credentials_wrapper() {
    let wrapped = format!(r#"{{"credentials": {ADMIN}}}"#);
    assert_eq!(AdminKey::from_json(&wrapped).unwrap(), AdminKey::from_json(ADMIN).unwrap());
}

#[test]
fn admin_key_without_sm_url_is_reported() {
    let text = r#"{"clientid": "a", "clientsecret": "b", "url": "https://x"}"#;
    let err = AdminKey::from_json(text).unwrap_err();
    assert_eq!(err.to_string(), "service key is missing 'sm_url' (looked in the top level)");
}

#[test]
fn admin_key_debug_redacts_the_secret() {
    let rendered = format!("{:?}", AdminKey::from_json(ADMIN).unwrap());
    assert!(!rendered.contains("adm1n"), "{rendered}");
}
