use std::collections::HashMap;

use super::*;

fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> =
        pairs.iter().map(|(key, value)| ((*key).to_owned(), (*value).to_owned())).collect();
    move |name| map.get(name).cloned()
}

#[test]
fn names_may_contain_spaces_and_angle_brackets() {
    let text = "{{Sender Endpoint}}/x/{{<SAP_FLOW_URL>}}?a={{Sender Endpoint}}";
    assert_eq!(placeholder_names(text), vec!["Sender Endpoint".to_owned(), "<SAP_FLOW_URL>".to_owned()]);
    let values = lookup(&[("Sender Endpoint", "/flow"), ("<SAP_FLOW_URL>", "/ibp")]);
    assert_eq!(substitute_placeholders(text, &values), Ok("/flow/x//ibp?a=/flow".to_owned()));
}

#[test]
fn missing_values_are_reported() {
    let error =
        substitute_placeholders("a {{Known}} {{Unknown One}}", &lookup(&[("Known", "k")])).expect_err("missing");
    assert_eq!(error, MissingParameter { name: "Unknown One".to_owned() });
    assert_eq!(error.to_string(), "The externalized parameter 'Unknown One' has no value");
}

#[test]
fn text_that_is_not_a_placeholder_is_kept() {
    let values = lookup(&[("x", "X")]);
    for (text, expected) in [
        ("{{}} {{x", "{{}} {{x"),
        ("${property.a} {x}", "${property.a} {x}"),
        ("{{{x}}}", "{X}"),
        ("{{a}b}} {{x}}", "{{a}b}} X"),
        ("{{line\nbreak}}", "{{line\nbreak}}"),
        ("}}{{x}}{{", "}}X{{"),
    ] {
        assert_eq!(substitute_placeholders(text, &values).as_deref(), Ok(expected), "{text}");
    }
    assert!(placeholder_names("{{ }}").contains(&" ".to_owned()));
}

#[test]
fn many_openings_stay_linear() {
    let text = format!("{}{{{{x}}}}", "{{".repeat(200_000));
    assert_eq!(placeholder_names(&text), vec!["x".to_owned()]);
}
