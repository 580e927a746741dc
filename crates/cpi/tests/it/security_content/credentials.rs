//! User credentials, secure parameters, OAuth2 client credentials and the partner directory's
//! user credential parameters: SAP's codes (202 for the credential writes), SAP's error texts,
//! and no secret in any response.

use serde_json::{Value, json};

use super::{admin, assert_absent, error_message, results};
use crate::wire::{ACCEPT_JSON, Api, CONTENT_JSON, Wire};

const PASSWORD: &str = "uc-Pa55word-Q7x9Lm4Vb2";
const NEW_PASSWORD: &str = "uc-Changed-Kd83Hs0Ppq1";
const SECURE_PARAM: &str = "sp-Value-Zt61Rq8Nw3c";
const CLIENT_SECRET: &str = "oa-Secret-Bv47Yx2Jm9e";
const PARTNER_PASSWORD: &str = "pd-Password-Hn52Wc7Tq4s";

async fn put(api: &Api, target: &str, body: &Value) -> Wire {
    api.call("PUT", target, &[ACCEPT_JSON, CONTENT_JSON], Some(&body.to_string())).await
}

async fn delete(api: &Api, target: &str) -> Wire {
    api.call("DELETE", target, &[ACCEPT_JSON], None).await
}

/// Collects raw bodies to check for secrets at the end.
#[derive(Default)]
struct Bodies(Vec<String>);

impl Bodies {
    fn keep(&mut self, response: Wire) -> Wire {
        self.0.push(response.text());
        response
    }
}

#[tokio::test]
async fn user_credentials_answer_sap_codes_and_texts_and_never_return_the_password() {
    let (_server, api) = admin().await;
    let mut seen = Bodies::default();
    let body =
        json!({"Name": "smtp", "Kind": "default", "User": "mailer", "Password": PASSWORD, "Description": "Mail"});
    let created = seen.keep(api.post("UserCredentials", &body).await);
    assert_eq!(created.status, 202, "{}", created.text());
    assert!(created.body.is_empty(), "202 without a body");
    let again = seen.keep(api.post("UserCredentials", &body).await);
    assert_eq!(error_message(&again, 409, "Conflict"), "Entity with specified name already exists.");

    let one = seen.keep(api.get("UserCredentials('smtp')").await);
    assert_eq!(one.status, 200, "{}", one.text());
    let d = &one.json()["d"];
    assert_eq!(
        (d["Name"].as_str(), d["Kind"].as_str(), d["User"].as_str()),
        (Some("smtp"), Some("default"), Some("mailer"))
    );
    assert_eq!(d["Description"], "Mail");
    assert!(d["Password"].is_null() && d["CompanyId"].is_null(), "{d}");
    let descriptor = &d["SecurityArtifactDescriptor"];
    assert_eq!(descriptor["__metadata"]["type"], "com.sap.hci.api.SecurityArtifactDescriptor");
    assert_eq!((descriptor["Type"].as_str(), descriptor["Status"].as_str()), (Some("BUNDLE"), Some("DEPLOYED")));
    assert!(descriptor["DeployedBy"].as_str().is_some_and(|by| !by.is_empty()), "{descriptor}");
    assert!(descriptor["DeployedOn"].as_str().unwrap().starts_with("/Date("), "{descriptor}");
    let list = seen.keep(api.get("UserCredentials").await);
    assert_eq!(results(&list).len(), 1);
    let filtered =
        seen.keep(api.get("UserCredentials?$filter=SecurityArtifactDescriptor/Status%20eq%20'DEPLOYED'").await);
    assert_eq!(results(&filtered).len(), 1, "complex members filter");
    let atom = seen.keep(api.call("GET", "UserCredentials('smtp')", &[], None).await);
    assert_eq!(atom.status, 200);
    assert!(atom.text().contains("SecurityArtifactDescriptor"), "{}", atom.text());

    let renamed = seen.keep(put(&api, "UserCredentials('smtp')", &json!({"Name": "other", "Kind": "default"})).await);
    assert_eq!(
        error_message(&renamed, 400, "Bad Request"),
        "Entity key specified in URI does not match to name from payload."
    );
    let unknown = seen.keep(put(&api, "UserCredentials('missing')", &json!({"Kind": "default", "User": "u"})).await);
    assert_eq!(error_message(&unknown, 409, "Conflict"), "Entity with specified key does not exist.");
    let changed = json!({"Name": "smtp", "User": "mailer2", "Password": NEW_PASSWORD});
    assert_eq!(seen.keep(put(&api, "UserCredentials('smtp')", &changed).await).status, 202);
    let after = seen.keep(api.get("UserCredentials('smtp')").await).json();
    assert_eq!((after["d"]["User"].as_str(), after["d"]["Description"].as_str()), (Some("mailer2"), Some("Mail")));

    let deleted = seen.keep(delete(&api, "UserCredentials('smtp')").await);
    assert_eq!(deleted.status, 202);
    error_message(&seen.keep(api.get("UserCredentials('smtp')").await), 404, "Not Found");
    error_message(&seen.keep(delete(&api, "UserCredentials('smtp')").await), 404, "Not Found");
    assert_absent(&[PASSWORD, NEW_PASSWORD], &seen.0);
}

#[tokio::test]
async fn user_credential_kinds_follow_sap_rules() {
    let (_server, api) = admin().await;
    let cases = [
        (json!({"Name": "a", "User": "u", "Password": "p"}), "Property 'Kind' must not be null."),
        (json!({"Kind": "default", "User": "u"}), "Property 'Name' must not be null."),
        (
            json!({"Name": "a", "Kind": "ldap"}),
            "Wrong kind value is provided, must be one of [successfactors, default, openconnectors].",
        ),
        (
            json!({"Name": "a", "Kind": "successfactors", "User": "u"}),
            "Expected company Id for kind successfactors is missing.",
        ),
        (
            json!({"Name": "a", "Kind": "openconnectors", "Password": "not the pattern"}),
            "Password does not match Open Connectors Credentials pattern.",
        ),
        (json!({"Name": 7, "Kind": "default"}), "Property 'Name' must be a string."),
    ];
    for (body, message) in cases {
        let response = api.post("UserCredentials", &body).await;
        assert_eq!(error_message(&response, 400, "Bad Request"), message, "{body}");
    }
    let malformed = api.call("POST", "UserCredentials", &[ACCEPT_JSON, CONTENT_JSON], Some("{\"Name\":")).await;
    error_message(&malformed, 400, "Bad Request");
    let sf = json!({"Name": "sf", "Kind": "successfactors", "User": "u", "Password": "p", "CompanyId": "ACME"});
    assert_eq!(api.post("UserCredentials", &sf).await.status, 202);
    assert_eq!(api.get("UserCredentials('sf')").await.json()["d"]["CompanyId"], "ACME");
    let oc = json!({"Name": "oc", "Kind": "openconnectors", "Password": "User abc,Organization org,Element el"});
    assert_eq!(api.post("UserCredentials", &oc).await.status, 202);
}

#[tokio::test]
async fn secure_parameters_hide_their_value_and_refuse_select() {
    let (_server, api) = admin().await;
    let mut seen = Bodies::default();
    let missing = seen.keep(api.post("SecureParameters", &json!({"Name": "token"})).await);
    assert_eq!(error_message(&missing, 400, "Bad Request"), "Property 'SecureParam' must not be null.");
    let body = json!({"Name": "token", "SecureParam": SECURE_PARAM});
    assert_eq!(seen.keep(api.post("SecureParameters", &body).await).status, 202);
    let again = seen.keep(api.post("SecureParameters", &body).await);
    assert_eq!(error_message(&again, 409, "Conflict"), "Entity with specified name already exists.");
    let one = seen.keep(api.get("SecureParameters('token')").await).json();
    let d = &one["d"];
    assert_eq!(d["__metadata"]["type"], "com.sap.hci.api.SecureParameter");
    assert!(d["SecureParam"].is_null() && d["Description"].is_null(), "{d}");
    assert_eq!(d["Status"], "DEPLOYED");
    assert!(d["DeployedOn"].as_str().unwrap().starts_with("/Date("));
    let selected = seen.keep(api.get("SecureParameters?$select=Name").await);
    assert_eq!(error_message(&selected, 501, "Not Found"), "$select is not supported.");
    let no_value = seen.keep(put(&api, "SecureParameters('token')", &json!({"Description": "d"})).await);
    assert_eq!(error_message(&no_value, 400, "Bad Request"), "Property 'SecureParam' must not be null.");
    let unknown = seen.keep(put(&api, "SecureParameters('nope')", &json!({"SecureParam": "x"})).await);
    assert_eq!(error_message(&unknown, 409, "Conflict"), "Entity with specified key does not exist.");
    let update = json!({"Name": "token", "SecureParam": SECURE_PARAM, "Description": "rotated"});
    assert_eq!(seen.keep(put(&api, "SecureParameters('token')", &update).await).status, 202);
    assert_eq!(seen.keep(api.get("SecureParameters").await).json()["d"]["results"][0]["Description"], "rotated");
    assert_eq!(seen.keep(delete(&api, "SecureParameters('token')").await).status, 202);
    assert!(results(&seen.keep(api.get("SecureParameters").await)).is_empty());
    assert_absent(&[SECURE_PARAM], &seen.0);
}

#[tokio::test]
async fn oauth2_client_credentials_keep_custom_parameters_but_never_return_the_secret() {
    let (_server, api) = admin().await;
    let mut seen = Bodies::default();
    let body = json!({
        "Name": "tokens", "TokenServiceUrl": "https://tokens.example/oauth/token", "ClientId": "cid",
        "ClientSecret": CLIENT_SECRET, "ClientAuthentication": "header", "Scope": "read",
        "CustomParameters": [{"Key": "tenant", "Value": "t1", "SendAsPartOf": "body"}]
    });
    assert_eq!(seen.keep(api.post("OAuth2ClientCredentials", &body).await).status, 202);
    let again = seen.keep(api.post("OAuth2ClientCredentials", &body).await);
    assert_eq!(error_message(&again, 409, "Conflict"), "Entity with the specified name already exist.");
    let no_secret = json!({"Name": "x", "TokenServiceUrl": "https://t", "ClientId": "c", "ClientSecret": ""});
    let refused = seen.keep(api.post("OAuth2ClientCredentials", &no_secret).await);
    assert_eq!(
        error_message(&refused, 400, "Bad Request"),
        "Property 'ClientSecret' cannot be empty. Enter a valid value."
    );
    let d = seen.keep(api.get("OAuth2ClientCredentials('tokens')").await).json()["d"].clone();
    assert!(d["ClientSecret"].is_null(), "{d}");
    assert!(d.get("CustomParameters").is_none(), "not a property of the type: {d}");
    assert_eq!((d["ClientId"].as_str(), d["ClientAuthentication"].as_str()), (Some("cid"), Some("header")));
    assert_eq!(d["ScopeContentType"], "urlencoded", "SAP's default");
    assert_eq!(d["SecurityArtifactDescriptor"]["Type"], "CREDENTIALS");
    let unknown = seen.keep(put(&api, "OAuth2ClientCredentials('nope')", &json!({"Scope": "x"})).await);
    error_message(&unknown, 404, "Not Found");
    let bad_value =
        seen.keep(put(&api, "OAuth2ClientCredentials('tokens')", &json!({"ScopeContentType": "xml"})).await);
    error_message(&bad_value, 400, "Bad Request");
    let update = json!({"Name": "tokens", "Scope": "write", "ClientSecret": CLIENT_SECRET});
    assert_eq!(seen.keep(put(&api, "OAuth2ClientCredentials('tokens')", &update).await).status, 202);
    assert_eq!(seen.keep(api.get("OAuth2ClientCredentials").await).json()["d"]["results"][0]["Scope"], "write");
    assert_eq!(seen.keep(delete(&api, "OAuth2ClientCredentials('tokens')").await).status, 202);
    assert_absent(&[CLIENT_SECRET], &seen.0);
}

#[tokio::test]
async fn user_credential_parameters_are_read_by_partner_and_never_return_the_password() {
    let (_server, api) = admin().await;
    let mut seen = Bodies::default();
    let body = json!({"Pid": "Receiver_1", "Id": "USER", "User": "user_receiver_1", "Password": PARTNER_PASSWORD});
    let created = seen.keep(api.post("UserCredentialParameters", &body).await);
    assert_eq!(created.status, 201, "{}", created.text());
    let d = created.json()["d"].clone();
    assert_eq!(
        (d["Pid"].as_str(), d["Id"].as_str(), d["User"].as_str()),
        (Some("Receiver_1"), Some("USER"), Some("user_receiver_1"))
    );
    assert!(d["Password"].is_null(), "{d}");
    assert!(d["CreatedTime"].as_str().unwrap().starts_with("/Date(") && d["LastModifiedBy"].is_string(), "{d}");
    assert!(created.header("location").unwrap().ends_with("UserCredentialParameters(Pid='Receiver_1',Id='USER')"));
    let replaced = json!({"Pid": "Receiver_1", "Id": "USER", "User": "renamed", "Password": PARTNER_PASSWORD});
    assert_eq!(seen.keep(api.post("UserCredentialParameters", &replaced).await).status, 201, "add or update");
    let no_password = seen.keep(api.post("UserCredentialParameters", &json!({"Pid": "P", "Id": "I"})).await);
    assert!(error_message(&no_password, 400, "Bad Request").contains("'Password' is missing"));

    let by_partner = seen.keep(api.get("UserCredentialParameters?$filter=Pid%20eq%20'Receiver_1'").await);
    let rows = results(&by_partner);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["User"], "renamed");
    assert!(rows[0]["Password"].is_null());
    let selected = seen.keep(api.get("UserCredentialParameters?$filter=Pid%20eq%20'Receiver_1'&$select=Id,User").await);
    assert_eq!(results(&selected)[0].as_object().unwrap().keys().filter(|k| *k != "__metadata").count(), 2);
    for unsupported in ["UserCredentialParameters", "UserCredentialParameters?$filter=User%20eq%20'renamed'"] {
        let refused = seen.keep(api.get(unsupported).await);
        assert!(error_message(&refused, 400, "Bad Request").contains("Pid eq"), "{unsupported}");
    }
    let one = seen.keep(api.get("UserCredentialParameters(Pid='Receiver_1',Id='USER')").await);
    assert_eq!(one.status, 200);
    assert!(one.json()["d"]["Password"].is_null());
    let target = "UserCredentialParameters(Pid='Receiver_1',Id='USER')";
    assert_eq!(seen.keep(delete(&api, target).await).status, 204);
    error_message(&seen.keep(delete(&api, target).await), 404, "Not Found");
    assert_absent(&[PARTNER_PASSWORD], &seen.0);
}
