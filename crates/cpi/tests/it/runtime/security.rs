//! Inbound security as Cloud Integration does it: Basic with an `integration-flow` key, Bearer
//! tokens of such keys, the sender's user role, CSRF protection and the body size limit.

use cpi_bundle::{FlowStep, IflowBuilder};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::Tenant;

fn hello_flow(address: &str) -> IflowBuilder {
    IflowBuilder::new("Hello", "Hello")
        .https_sender(address)
        .step(FlowStep::content_modifier("Greet").body("Hello ${in.body}", "expression"))
}

#[tokio::test]
async fn a_flow_answers_basic_key_credentials_and_bearer_tokens() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Hello", hello_flow("/hello").zip()).await;

    let basic = tenant.post("/hello", "Basic").await;
    assert_eq!(basic.status(), StatusCode::OK);
    assert!(basic.headers().contains_key("SAP_MessageProcessingLogID"));
    assert_eq!(basic.text().await.unwrap(), "Hello Basic");

    let token = tenant.server.access_token(&tenant.sender_key).await;
    let url = tenant.endpoint("/HELLO");
    let bearer = tenant.server.http.post(url).bearer_auth(&token).body("Bearer").send().await.unwrap();
    assert_eq!(bearer.status(), StatusCode::OK, "addresses are case-insensitive");
    assert_eq!(bearer.text().await.unwrap(), "Hello Bearer");
}

#[tokio::test]
async fn users_whose_role_collection_sends_messages_may_call_with_basic() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Hello", hello_flow("/hello").zip()).await;
    let server = &tenant.server;
    for (name, collections) in [("sender", json!(["PI_Integration_Sender"])), ("reader", json!(["PI_Read_Only"]))] {
        let user = json!({"username": name, "password": "user-pass-123", "role_collections": collections});
        assert_eq!(server.sm(Method::POST, "/v1/users", Some(user)).await.0, StatusCode::CREATED);
    }
    let call = |user: &'static str, password: &'static str| {
        server.http.post(tenant.endpoint("/hello")).basic_auth(user, Some(password)).body("user").send()
    };
    let sent = call("sender", "user-pass-123").await.unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    assert_eq!(sent.text().await.unwrap(), "Hello user");
    let reader = call("reader", "user-pass-123").await.unwrap();
    assert_eq!(reader.status(), StatusCode::FORBIDDEN, "a role collection without MessagingSend");
    assert!(reader.text().await.unwrap().contains("ESBMessaging.send"));
    assert_eq!(call("sender", "wrong-pass").await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_or_missing_credentials_get_401() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Hello", hello_flow("/hello").zip()).await;
    let key = &tenant.sender_key;
    let url = tenant.endpoint("/hello");
    let wrong = tenant.server.http.post(&url).basic_auth(key["clientid"].as_str().unwrap(), Some("wrong$secret"));
    let wrong = wrong.body("x").send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().contains_key("www-authenticate"));
    let none = tenant.server.http.post(&url).body("x").send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let garbage = tenant.server.http.post(&url).bearer_auth("not.a.token").send().await.unwrap();
    assert_eq!(garbage.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn callers_without_the_flows_role_get_403_naming_it() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Hello", hello_flow("/hello").zip()).await;
    let server = &tenant.server;

    let other = server.create_instance("integration-flow", "other", json!({"roles": ["Orders.send"]})).await;
    let other_key = server.create_key(&other, "k").await.1;
    let response = server
        .http
        .post(tenant.endpoint("/hello"))
        .basic_auth(other_key["clientid"].as_str().unwrap(), other_key["clientsecret"].as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap().contains("ESBMessaging.send"));

    let api = server.create_instance("api", "apionly", json!({"roles": ["MonitoringDataRead"]})).await;
    let api_key = server.create_key(&api, "k").await.1;
    let api_token = server.access_token(&api_key).await;
    let response = server.http.post(tenant.endpoint("/hello")).bearer_auth(api_token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "api-plan tokens are refused");
    let response = server
        .http
        .post(tenant.endpoint("/hello"))
        .basic_auth(api_key["clientid"].as_str().unwrap(), api_key["clientsecret"].as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "api-plan keys are refused");
}

#[tokio::test]
async fn a_custom_user_role_is_checked() {
    let tenant = Tenant::start().await;
    let flow = hello_flow("/orders").sender_property("userRole", "Orders.send");
    tenant.deploy_started("Hello", flow.zip()).await;
    assert_eq!(tenant.post("/orders", "x").await.status(), StatusCode::FORBIDDEN);
    let server = &tenant.server;
    let orders = server.create_instance("integration-flow", "orders", json!({"roles": ["Orders.send"]})).await;
    let key = server.create_key(&orders, "k").await.1;
    let response = server
        .http
        .post(tenant.endpoint("/orders"))
        .basic_auth(key["clientid"].as_str().unwrap(), key["clientsecret"].as_str())
        .body("o")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn csrf_protected_endpoints_want_a_fetched_token() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Hello", hello_flow("/protected").sender_property("xsrfProtection", "1").zip()).await;

    let refused = tenant.post("/protected", "x").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.headers()["x-csrf-token"], "Required");

    let fetched = tenant.call(Method::GET, "/protected").header("X-CSRF-Token", "Fetch").send().await.unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
    assert!(!fetched.headers().contains_key("SAP_MessageProcessingLogID"), "a fetch does not run the flow");
    let token = fetched.headers()["x-csrf-token"].to_str().unwrap().to_owned();
    let cookie = fetched.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();

    let accepted = tenant
        .call(Method::POST, "/protected")
        .header("X-CSRF-Token", &token)
        .header("Cookie", cookie)
        .body("token")
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(accepted.text().await.unwrap(), "Hello token");
    let forged = tenant.call(Method::POST, "/protected").header("X-CSRF-Token", "1.forged").send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let token = tenant.server.access_token(&tenant.sender_key).await;
    let bearer = tenant.server.http.post(tenant.endpoint("/protected")).bearer_auth(token).send().await.unwrap();
    assert_eq!(bearer.status(), StatusCode::FORBIDDEN, "the flow's CSRF protection applies to Bearer callers too");
}

#[tokio::test]
async fn bodies_over_the_senders_maximum_get_413() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Hello", hello_flow("/small").sender_property("maximumBodySize", "1").zip()).await;
    let big = "x".repeat(1024 * 1024 + 1);
    let response = tenant.post("/small", &big).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(tenant.post("/small", "fits").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn undeploy_removes_the_endpoint_at_once() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Hello", hello_flow("/hello").zip()).await;
    assert_eq!(tenant.post("/hello", "x").await.status(), StatusCode::OK);
    let url = tenant.server.url("/api/v1/IntegrationRuntimeArtifacts('Hello')");
    let undeployed = tenant.server.http.delete(url).bearer_auth(&tenant.api_token).send().await.unwrap();
    assert_eq!(undeployed.status(), StatusCode::ACCEPTED);
    assert_eq!(tenant.post("/hello", "x").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(tenant.post("/nowhere", "x").await.status(), StatusCode::NOT_FOUND);
}
