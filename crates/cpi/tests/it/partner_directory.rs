//! The Partner Directory over HTTP: SAP's GitHub actions' calls as they send them, every status
//! code of SAP's specification (and the 409 we answer for a taken key), base64 binary values,
//! hex keys of alternative partners, FIGAF's paged binary parameter read, and the permissions.

use serde_json::{Value, json};

use crate::harness::TestServer;
use crate::wire::{ACCEPT_JSON, Api, CONTENT_JSON, Wire, b64};

const CONFIGURATOR: [&str; 1] = ["AuthGroup_TenantPartnerDirectoryConfigurator"];

async fn configurator(server: &TestServer) -> Api {
    Api::new(server, "partner-directory", &CONFIGURATOR).await
}

/// `curl -X <method> … -H "Authorization: Bearer …"` as SAP's actions send it: curl's
/// `Accept: */*`, JSON bodies with `Content-Type: application/json`, no CSRF token.
async fn curl(api: &Api, method: &str, target: &str, body: Option<&Value>) -> Wire {
    let headers = [("User-Agent", "curl/8.5.0"), ("Accept", "*/*"), CONTENT_JSON];
    let body = body.map(Value::to_string);
    api.call(method, target, if body.is_some() { &headers } else { &headers[..2] }, body.as_deref()).await
}

fn message(response: &Wire, status: u16) -> String {
    assert_eq!(response.status, status, "{}", response.text());
    response.json()["error"]["message"]["value"].as_str().unwrap_or_default().to_owned()
}

fn now_ms(server: &TestServer) -> i128 {
    use cpi_server::clock::Clock;
    server.clock.now().unix_timestamp_nanos() / 1_000_000
}

fn results(response: &Wire) -> Vec<Value> {
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["d"]["results"].as_array().unwrap().clone()
}

#[tokio::test]
async fn sap_github_actions_create_check_and_delete_a_partner() {
    let server = TestServer::start().await;
    let api = configurator(&server).await;
    let check = "Partners?$format=json&$filter=Pid%20eq%20'Sender_1'";
    assert_eq!(results(&curl(&api, "GET", check, None).await).len(), 0, "check-partnerid-exists: not yet");
    let entries = [
        (
            "AlternativePartners",
            json!({"Agency": "AgencyXYZ", "Scheme": "LONG", "Id": "Sender One", "Pid": "Sender_1"}),
        ),
        ("AuthorizedUsers", json!({"User": "sb-sender-1", "Pid": "Sender_1"})),
        ("StringParameters", json!({"Pid": "Sender_1", "Id": "ADDRESS", "Value": "https://example.org/orders"})),
        (
            "BinaryParameters",
            json!({"Pid": "Sender_1", "Id": "mapping", "ContentType": "xsl", "Value": b64(b"<xsl/>")}),
        ),
    ];
    for (set, body) in &entries {
        let created = curl(&api, "POST", set, Some(body)).await;
        assert_eq!(created.status, 201, "create-pid-entry {set}: {}", created.text());
        assert!(created.header("location").unwrap().contains(&format!("/api/v1/{set}(")), "{set}");
        let again = curl(&api, "POST", set, Some(body)).await;
        assert_eq!(again.status, 409, "create-pid-entry treats 409 as 'exists': {}", again.text());
    }
    let found = results(&curl(&api, "GET", check, None).await);
    assert_eq!((found.len(), found[0]["Pid"].as_str()), (1, Some("Sender_1")), "jq '.d.results[0].Pid'");
    let deleted = curl(&api, "DELETE", "Partners('Sender_1')", None).await;
    assert_eq!(deleted.status, 204, "delete-partner-directory-entry: {}", deleted.text());
    assert!(results(&curl(&api, "GET", check, None).await).is_empty(), "the partner is gone");
    for (set, _) in &entries {
        assert!(results(&api.get(set).await).is_empty(), "{set} went with the partner");
    }
    assert_eq!(curl(&api, "DELETE", "Partners('Sender_1')", None).await.status, 404, "nothing left to delete");
}

#[tokio::test]
async fn string_parameters_answer_sap_status_codes() {
    let server = TestServer::start().await;
    let api = configurator(&server).await;
    let created = api.post("StringParameters", &json!({"Pid": "P", "Id": "AGENCY", "Value": "AgencyXYZ"})).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let entity = created.json()["d"].clone();
    let created_ms = now_ms(&server);
    assert_eq!(entity["Value"], "AgencyXYZ");
    assert_eq!(entity["CreatedTime"], format!("/Date({created_ms})/"));
    assert_eq!(entity["LastModifiedBy"], entity["CreatedBy"]);
    assert_eq!(entity["__metadata"]["type"], "com.sap.hci.api.StringParameter");
    let keys: Vec<&String> = entity.as_object().unwrap().keys().collect();
    let expected =
        ["__metadata", "Pid", "Id", "LastModifiedBy", "LastModifiedTime", "CreatedBy", "CreatedTime", "Value"];
    assert_eq!(keys, expected, "SAP's property order");
    let one = "StringParameters(Pid='P',Id='AGENCY')";
    assert_eq!(api.get(one).await.json()["d"]["Value"], "AgencyXYZ");
    server.clock.advance(time::Duration::seconds(5));
    let put = api.call("PUT", one, &[ACCEPT_JSON, CONTENT_JSON], Some(r#"{"Value":"AgencyABC"}"#)).await;
    assert_eq!((put.status, put.body.len()), (204, 0), "{}", put.text());
    let changed = api.get(one).await.json()["d"].clone();
    assert_eq!(changed["Value"], "AgencyABC");
    assert_eq!(changed["CreatedTime"], format!("/Date({created_ms})/"));
    assert_eq!(changed["LastModifiedTime"], format!("/Date({})/", created_ms + 5_000));
    let missing = "StringParameters(Pid='P',Id='NOPE')";
    message(&api.call("PUT", missing, &[ACCEPT_JSON, CONTENT_JSON], Some(r#"{"Value":"x"}"#)).await, 404);
    message(&api.get(missing).await, 404);
    let other_pid = r#"{"Pid":"Q","Value":"x"}"#;
    assert!(message(&api.call("PUT", one, &[ACCEPT_JSON, CONTENT_JSON], Some(other_pid)).await, 400).contains("Pid"));
    assert_eq!(api.call("DELETE", one, &[ACCEPT_JSON], None).await.status, 204);
    message(&api.call("DELETE", one, &[ACCEPT_JSON], None).await, 404);
}

#[tokio::test]
async fn invalid_entries_are_bad_requests() {
    let server = TestServer::start().await;
    let api = configurator(&server).await;
    let long_pid = "p".repeat(61);
    let cases = [
        ("StringParameters", json!({"Pid": long_pid, "Id": "a", "Value": "v"}), "Pid"),
        ("StringParameters", json!({"Pid": "P", "Id": "a"}), "Value"),
        ("StringParameters", json!({"Pid": "", "Id": "a", "Value": "v"}), "Pid"),
        ("StringParameters", json!({"Pid": "P", "Id": "a", "Value": "v".repeat(4001)}), "Value"),
        ("StringParameters", json!({"Pid": "P", "Id": "a\nb", "Value": "v"}), "Id"),
        ("BinaryParameters", json!({"Pid": "P", "Id": "a", "Value": b64(b"x")}), "ContentType"),
        ("BinaryParameters", json!({"Pid": "P", "Id": "a", "ContentType": "pdf", "Value": b64(b"x")}), "pdf"),
        ("BinaryParameters", json!({"Pid": "P", "Id": "a", "ContentType": "xml", "Value": "not base64!"}), "base64"),
        (
            "BinaryParameters",
            json!({"Pid": "P", "Id": "a", "ContentType": "zip", "Value": b64(&[0; 262_145])}),
            "262144",
        ),
        ("AlternativePartners", json!({"Agency": "A", "Scheme": "S", "Pid": "P"}), "Id"),
        ("AuthorizedUsers", json!({"User": "u"}), "Pid"),
    ];
    for (set, body, named) in cases {
        let text = message(&api.post(set, &body).await, 400);
        assert!(text.contains(named), "{set} {body}: {text}");
    }
    let at_limit = json!({"Pid": "P", "Id": "a", "ContentType": "zip", "Value": b64(&[7; 262_144])});
    assert_eq!(api.post("BinaryParameters", &at_limit).await.status, 201, "262144 bytes are allowed");
    assert!(results(&api.get("StringParameters").await).is_empty(), "nothing invalid was stored");
}

#[tokio::test]
async fn binary_values_round_trip_through_base64() {
    let server = TestServer::start().await;
    let api = configurator(&server).await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(1_000).collect();
    let body =
        json!({"Pid": "GenericPartner", "Id": "xsl_util", "ContentType": "xml;encoding=UTF-8", "Value": b64(&bytes)});
    let created = api.post("BinaryParameters", &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(created.json()["d"]["Value"], b64(&bytes));
    let read = api.get("BinaryParameters(Pid='GenericPartner',Id='xsl_util')").await.json();
    assert_eq!(read["d"]["Value"], b64(&bytes), "the same bytes back");
    assert_eq!(read["d"]["ContentType"], "xml;encoding=UTF-8");
    let url_safe = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, [0xfb, 0xff]);
    let put = json!({"ContentType": "zip", "Value": url_safe}).to_string();
    let target = "BinaryParameters(Pid='GenericPartner',Id='xsl_util')";
    assert_eq!(api.call("PUT", target, &[ACCEPT_JSON, CONTENT_JSON], Some(&put)).await.status, 204);
    assert_eq!(api.get(target).await.json()["d"]["Value"], b64(&[0xfb, 0xff]), "URL-safe base64 is accepted");
}

#[tokio::test]
async fn alternative_partners_are_keyed_by_uppercase_hex() {
    let server = TestServer::start().await;
    let api = configurator(&server).await;
    let body = json!({"Agency": "AgencyXYZ", "Scheme": "LONG", "Id": "Receiver Premium", "Pid": "Receiver_1"});
    let created = api.post("AlternativePartners", &body).await.json()["d"].clone();
    assert_eq!(created["Hexagency"], "4167656E637958595A", "SAP's example");
    assert_eq!(created["Hexscheme"], "4C4F4E47");
    assert_eq!(created["Hexid"], "5265636569766572205072656D69756D");
    let key = "AlternativePartners(Hexagency='4167656E637958595A',Hexscheme='4C4F4E47',Hexid='5265636569766572205072656D69756D')";
    assert_eq!(api.get(key).await.json()["d"]["Pid"], "Receiver_1");
    let lowercase = "AlternativePartners(Hexagency='4167656e637958595a',Hexscheme='4c4f4e47',Hexid='5265636569766572205072656d69756d')";
    assert_eq!(api.get(lowercase).await.status, 200, "clients may send lowercase hex");
    let second = json!({"Agency": "AgencyXYZ", "Scheme": "LONG", "Id": "Other", "Pid": "Receiver_1"});
    assert!(message(&api.post("AlternativePartners", &second).await, 409).contains("Receiver_1"), "one id per scheme");
    let put = api.call("PUT", key, &[ACCEPT_JSON, CONTENT_JSON], Some(r#"{"Pid":"Receiver_2"}"#)).await;
    assert_eq!(put.status, 204, "{}", put.text());
    assert_eq!(api.get(key).await.json()["d"]["Pid"], "Receiver_2");
    let user = api.post("AuthorizedUsers", &json!({"User": "oauth_client", "Pid": "Sender_OAUTH"})).await;
    assert_eq!(user.status, 201);
    let put = api.call("PUT", "AuthorizedUsers('oauth_client')", &[CONTENT_JSON], Some(r#"{"Pid":"Other"}"#)).await;
    assert_eq!(put.status, 204);
    assert_eq!(api.get("AuthorizedUsers('oauth_client')").await.json()["d"]["Pid"], "Other");
    assert_eq!(api.call("DELETE", key, &[], None).await.status, 204);
    assert_eq!(api.call("DELETE", "AuthorizedUsers('oauth_client')", &[], None).await.status, 204);
    let partners: Vec<Value> = results(&api.get("Partners").await);
    assert!(partners.is_empty(), "{partners:?}");
}

#[tokio::test]
async fn figaf_reads_binary_parameters_thirty_to_a_page() {
    let server = TestServer::start().await;
    let api = configurator(&server).await;
    for n in 0..31 {
        let body = json!({"Pid": format!("P{:02}", n % 3), "Id": format!("id{n:02}"), "ContentType": "zip", "Value": b64(&[n])});
        assert_eq!(api.post("BinaryParameters", &body).await.status, 201);
    }
    let select = "Pid,Id,LastModifiedBy,LastModifiedTime,CreatedBy,CreatedTime,ContentType";
    let first = api.get(&format!("BinaryParameters?$format=json&$inlinecount=allpages&$select={select}")).await.json();
    assert_eq!(first["d"]["__count"], "31", "__count as a string");
    let page = first["d"]["results"].as_array().unwrap();
    assert_eq!(page.len(), 30, "SAP pages binary parameters by 30");
    assert!(page[0].get("Value").is_none(), "$select leaves the value out");
    assert_eq!(page[0]["ContentType"], "zip");
    let next = first["d"]["__next"].as_str().unwrap();
    let relative = &next[next.find("/api/v1/").unwrap() + 8..];
    assert!(relative.contains("$skiptoken=30"), "{relative}");
    let rest = api.get(relative).await.json();
    assert_eq!(rest["d"]["results"].as_array().unwrap().len(), 1);
    assert!(rest["d"].get("__next").is_none());
    let strings = api.get("StringParameters?$top=5").await;
    assert_eq!(results(&strings).len(), 0);
    let filtered = api.get("BinaryParameters?$filter=Pid%20eq%20'P01'&$orderby=Id%20desc&$top=2&$skip=1").await;
    let ids: Vec<String> = results(&filtered).iter().map(|b| b["Id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, ["id25", "id22"], "P01 has id01, id04, …, id28");
}

#[tokio::test]
async fn deleting_a_partner_can_keep_kinds_of_entries() {
    let server = TestServer::start().await;
    let api = configurator(&server).await;
    assert_eq!(api.post("StringParameters", &json!({"Pid": "P", "Id": "a", "Value": "1"})).await.status, 201);
    assert_eq!(api.post("AuthorizedUsers", &json!({"User": "u", "Pid": "P"})).await.status, 201);
    let deleted = api.call("DELETE", "Partners('P')?exclude=AuthorizedUsers", &[ACCEPT_JSON], None).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    assert!(results(&api.get("StringParameters").await).is_empty());
    assert_eq!(results(&api.get("AuthorizedUsers").await).len(), 1, "kept");
    assert_eq!(api.get("Partners('P')").await.json()["d"]["Pid"], "P", "still a partner through its user");
    message(&api.call("DELETE", "Partners('P')?exclude=Nonsense", &[ACCEPT_JSON], None).await, 400);
    message(&api.call("POST", "Partners", &[ACCEPT_JSON, CONTENT_JSON], Some(r#"{"Pid":"X"}"#)).await, 405);
}

#[tokio::test]
async fn partner_directory_needs_its_role_template() {
    let server = TestServer::start().await;
    let other = Api::new(&server, "monitoring", &["MonitoringDataRead", "WorkspacePackagesEdit"]).await;
    for set in ["Partners", "StringParameters", "BinaryParameters", "AlternativePartners", "AuthorizedUsers"] {
        assert!(message(&other.get(set).await, 403).contains("TenantPartnerDirectory.read"), "{set}");
    }
    let body = json!({"Pid": "P", "Id": "a", "Value": "1"});
    assert!(message(&other.post("StringParameters", &body).await, 403).contains("TenantPartnerDirectory.write"));
    let delete = other.call("DELETE", "Partners('P')", &[ACCEPT_JSON], None).await;
    assert!(message(&delete, 403).contains("TenantPartnerDirectory.write"));
    let api = configurator(&server).await;
    assert_eq!(api.post("StringParameters", &body).await.status, 201, "the configurator may");
}
