//! The cockpit's pages over HTTP: the wizard's server side (errors shown with the input kept),
//! the instance pane, keys that work against the tenant, users and role collections.

use reqwest::StatusCode;
use serde_json::Value;

use super::{Browser, Page};
use crate::harness::TestServer;

fn id_from(location: &str, prefix: &str) -> String {
    location.strip_prefix(prefix).unwrap().split(['/', '?']).next().unwrap().to_owned()
}

async fn create(browser: &mut Browser<'_>, plan: &str, name: &str, parameters: &str) -> Page {
    let csrf = browser.csrf("/cockpit/instances/new").await;
    let form = [("csrf", csrf.as_str()), ("plan", plan), ("name", name), ("parameters", parameters)];
    browser.post("/cockpit/instances", &form).await
}

#[tokio::test]
async fn the_wizard_shows_errors_in_plain_words_and_keeps_what_was_typed() {
    let server = TestServer::start().await;
    let mut browser = Browser::signed_in(&server).await;
    let wizard = browser.get("/cockpit/instances/new").await;
    for text in [
        "Process Integration Runtime",
        "To define inbound authentication of API clients",
        "WorkspacePackagesRead",
        "Access Token Validity",
    ] {
        assert!(wizard.body.contains(text), "the wizard shows {text}");
    }
    let typed = "{\"roles\": [\"WorkspacePackagesRead\"], \"token-validity\": 99}";
    let bad_name = create(&mut browser, "api", "has space", typed).await;
    assert_eq!(bad_name.status, StatusCode::BAD_REQUEST);
    assert!(bad_name.body.contains("The name is not valid"), "{}", bad_name.body);
    assert!(bad_name.body.contains("data-start-step=\"1\""), "the wizard opens at the name");
    assert!(bad_name.body.contains("&#34;token-validity&#34;: 99"), "the JSON is kept");

    let bad_validity = create(&mut browser, "api", "ok-name", typed).await;
    assert_eq!(bad_validity.status, StatusCode::BAD_REQUEST);
    assert!(bad_validity.body.contains("The parameters are not valid"), "{}", bad_validity.body);
    assert!(bad_validity.body.contains("data-start-step=\"2\""));
    assert!(bad_validity.body.contains("value=\"ok-name\""), "the name is kept");

    let broken = create(&mut browser, "api", "ok-name", "{\"roles\": [").await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.body.contains("The parameters are not valid JSON"), "{}", broken.body);
    assert!(broken.body.contains("{&#34;roles&#34;: ["), "broken JSON is never lost");

    let unknown_role = create(&mut browser, "api", "ok-name", "{\"roles\": [\"NoSuchRole\"]}").await;
    assert_eq!(unknown_role.status, StatusCode::BAD_REQUEST);
    assert!(unknown_role.body.contains("NoSuchRole"), "{}", unknown_role.body);

    let first = create(&mut browser, "integration-flow", "taken", "").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let twice = create(&mut browser, "api", "taken", "").await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("already exists"), "{}", twice.body);
    let (_, listed) = server.sm(reqwest::Method::GET, "/v1/service_instances", None).await;
    assert_eq!(listed["num_items"], 1, "only the valid instance was written");
}

#[tokio::test]
async fn an_instance_made_in_the_cockpit_gets_a_key_that_calls_the_api() {
    let server = TestServer::start().await;
    let mut browser = Browser::signed_in(&server).await;
    let created = create(&mut browser, "api", "cockpit-api", "{\"roles\": [\"WorkspacePackagesRead\"]}").await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let location = created.location.unwrap();
    let id = id_from(&location, "/cockpit/instances/");
    let pane = browser.get(&location).await;
    assert!(pane.body.contains("The service instance was created."));
    assert!(pane.body.contains("&#34;WorkspacePackagesRead&#34;"), "the pane shows the parameters");
    let list = browser.get("/cockpit/instances?q=COCKPIT").await;
    assert!(list.body.contains("cockpit-api"), "search ignores case");
    assert!(!browser.get("/cockpit/instances?q=nothing-like-it").await.body.contains("cockpit-api"));

    let bad_key = browser
        .post(&format!("/cockpit/instances/{id}/keys"), &[("csrf", pane.csrf().as_str()), ("name", "bad key")])
        .await;
    assert_eq!(bad_key.status, StatusCode::BAD_REQUEST);
    assert!(bad_key.body.contains("value=\"bad key\""), "the key name is kept");
    let key = browser
        .post(
            &format!("/cockpit/instances/{id}/keys"),
            &[("csrf", pane.csrf().as_str()), ("name", "ci"), ("key_type", "clientsecret")],
        )
        .await;
    assert_eq!(key.status, StatusCode::SEE_OTHER, "{}", key.body);
    let key_page = browser.get(key.location.as_deref().unwrap()).await;
    let listed = browser.get("/cockpit/instances").await;
    assert!(listed.body.contains("<td class=\"num\">1</td>"), "the table counts the instance's key: {}", listed.body);
    let start = key_page.body.find("id=\"key-json\"").unwrap();
    let json_text =
        key_page.body[start..].split_once('>').unwrap().1.split("</pre>").next().unwrap().replace("&#34;", "\"");
    let credentials: Value = serde_json::from_str(&json_text).unwrap();
    let oauth = &credentials["oauth"];
    let token = server.access_token(oauth).await;
    assert_eq!(server.api_get(&token, "IntegrationPackages").await.status(), StatusCode::OK);
    assert_eq!(key_page.headers.get("cache-control").unwrap(), "no-store");

    let key_id = id_from(key.location.as_deref().unwrap(), &format!("/cockpit/instances/{id}/keys/"));
    let download = browser.get(&format!("/cockpit/instances/{id}/keys/{key_id}/download")).await;
    assert_eq!(download.headers.get("content-disposition").unwrap(), "attachment; filename=\"cockpit-api-ci.json\"");
    assert_eq!(serde_json::from_str::<Value>(&download.body).unwrap(), credentials);

    let confirm = browser.get(&format!("/cockpit/instances/{id}/keys/{key_id}/delete")).await;
    assert!(confirm.body.contains("Delete the service key ci of cockpit-api?"));
    let deleted = browser
        .post(&format!("/cockpit/instances/{id}/keys/{key_id}/delete"), &[("csrf", confirm.csrf().as_str())])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(server.token(oauth).await.status(), StatusCode::UNAUTHORIZED, "the deleted key's secret is dead");

    let edit = browser.get(&format!("/cockpit/instances/{id}/edit")).await;
    let update = [("csrf", edit.csrf()), ("parameters", "{\"roles\": [\"MonitoringDataRead\"]}".to_owned())];
    let updated = browser
        .post(
            &format!("/cockpit/instances/{id}/edit"),
            &update.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(updated.status, StatusCode::SEE_OTHER, "{}", updated.body);
    let (_, parameters) =
        server.sm(reqwest::Method::GET, &format!("/v1/service_instances/{id}/parameters"), None).await;
    assert_eq!(parameters["roles"], serde_json::json!(["MonitoringDataRead"]));

    let confirm = browser.get(&format!("/cockpit/instances/{id}/delete")).await;
    let gone = browser.post(&format!("/cockpit/instances/{id}/delete"), &[("csrf", confirm.csrf().as_str())]).await;
    assert_eq!(gone.location.as_deref(), Some("/cockpit/instances?notice=instance-deleted"));
    let missing = browser.get(&format!("/cockpit/instances/{id}")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Service instance not found. It may have been deleted."), "{}", missing.body);
}

#[tokio::test]
async fn users_get_role_collections_in_the_cockpit() {
    let server = TestServer::start().await;
    let mut browser = Browser::signed_in(&server).await;
    let page = browser.get("/cockpit/users").await;
    let form = [
        ("csrf", page.csrf()),
        ("username", "dev1".into()),
        ("password", "short".into()),
        ("role_collection", "PI_Integration_Developer".into()),
    ];
    let as_refs = |f: &[(&'static str, String)]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let weak: Vec<(&str, String)> = as_refs(&form);
    let weak = browser.post("/cockpit/users", &weak.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert!(weak.body.contains("value=\"dev1\""), "the user name is kept");
    assert!(weak.body.contains("value=\"PI_Integration_Developer\" checked"), "the chosen collection is kept");
    let strong = [
        ("csrf", page.csrf()),
        ("username", "dev1".to_owned()),
        ("password", "Developer-Pass-1".to_owned()),
        ("role_collection", "PI_Integration_Developer".to_owned()),
        ("role_collection", "PI_Integration_Sender".to_owned()),
    ];
    let created =
        browser.post("/cockpit/users", &strong.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let (_, users) = server.sm(reqwest::Method::GET, "/v1/users", None).await;
    let dev = users["items"].as_array().unwrap().iter().find(|u| u["username"] == "dev1").unwrap().clone();
    assert_eq!(dev["role_collections"], serde_json::json!(["PI_Integration_Developer", "PI_Integration_Sender"]));
    let id = dev["id"].as_str().unwrap();
    let user_page = browser.get(&format!("/cockpit/users/{id}")).await;
    let saved = browser
        .post(
            &format!("/cockpit/users/{id}"),
            &[("csrf", user_page.csrf().as_str()), ("role_collection", "PI_Read_Only")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let collections = browser.get("/cockpit/role-collections").await;
    assert!(collections.body.contains("dev1"), "members are listed");
    assert!(collections.body.contains("AuthGroup.ReadOnly"), "what a collection grants is listed");
    let confirm = browser.get(&format!("/cockpit/users/{id}/delete")).await;
    let deleted = browser.post(&format!("/cockpit/users/{id}/delete"), &[("csrf", confirm.csrf().as_str())]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);

    let (_, users) = server.sm(reqwest::Method::GET, "/v1/users", None).await;
    let admin_id = users["items"][0]["id"].as_str().unwrap().to_owned();
    let own = browser.get(&format!("/cockpit/users/{admin_id}/delete")).await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "nobody deletes themselves");
}
