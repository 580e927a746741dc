//! Request-Reply over the HTTP receiver adapter against a real local backend.

use cpi_bundle::{FlowStep, HttpReceiver, IflowBuilder};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::Tenant;
use super::backend::Backend;

#[tokio::test]
async fn a_request_reply_calls_the_backend_and_returns_its_reply() {
    let tenant = Tenant::start().await;
    let backend = Backend::start().await;
    let flow = IflowBuilder::new("Proxy", "Proxy")
        .https_sender("/proxy")
        .parameter("Backend", &backend.url("/echo"), "xsd:string")
        .collaboration_property("allowedHeaderList", "X-Order,X-Backend")
        .step(FlowStep::content_modifier("Prepare").create_property("segment", "header", "X-Order", ""))
        .step(FlowStep::request_reply(
            "Call backend",
            HttpReceiver::new("{{Backend}}/${property.segment}")
                .method("PUT")
                .query("source=cpi&id=${header.X-Order}")
                .timeout_ms(5000)
                .allowed_request_headers("X-Order")
                .allowed_response_headers("X-Backend"),
        ));
    tenant.deploy_started("Proxy", flow.zip()).await;
    let response = tenant
        .call(reqwest::Method::POST, "/proxy")
        .header("X-Order", "42")
        .header("X-Secret", "not forwarded")
        .header("Content-Type", "application/json")
        .body(r#"{"n":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-backend"], "echo", "allowed response headers reach the sender");
    let mpl = tenant.mpl_of(&response).await;
    let echoed: Value = response.json().await.unwrap();
    assert_eq!(echoed, json!({"method": "PUT", "path": "/echo/42", "query": "source=cpi&id=42", "body": "{\"n\":1}"}));
    let received = backend.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].headers["x-order"], "42");
    assert!(!received[0].headers.contains_key("x-secret"));
    assert!(!received[0].headers.contains_key("authorization"), "the sender's credentials never go out");
    assert_eq!(mpl["Status"], "COMPLETED");
    assert!(mpl["Receiver"].as_str().is_some_and(|r| !r.is_empty()), "{mpl}");
}

#[tokio::test]
async fn basic_authentication_uses_a_deployed_user_credential() {
    let tenant = Tenant::start().await;
    let backend = Backend::start().await;
    let flow = IflowBuilder::new("Secured", "Secured").https_sender("/secured").step(FlowStep::request_reply(
        "Call",
        HttpReceiver::new(&backend.url("/secured")).method("GET").basic_auth("BackendUser"),
    ));
    tenant.deploy_started("Secured", flow.zip()).await;

    let missing = tenant.post("/secured", "").await;
    assert_eq!(missing.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let guid = missing.headers()["SAP_MessageProcessingLogID"].to_str().unwrap().to_owned();
    assert!(tenant.error_text(&guid).await.contains("BackendUser"));

    let credential = json!({"Name": "BackendUser", "Kind": "default", "User": "svc", "Password": "s3cret"});
    assert_eq!(tenant.post_api("UserCredentials", credential).await.status(), StatusCode::ACCEPTED);
    let response = tenant.post("/secured", "").await;
    assert_eq!(response.status(), StatusCode::OK);
    let echoed: Value = response.json().await.unwrap();
    assert_eq!(echoed["method"], "GET");
    assert_eq!(echoed["body"], "", "GET sends no body by default");
}

#[tokio::test]
async fn a_failing_backend_fails_the_message_with_the_status_in_the_error() {
    let tenant = Tenant::start().await;
    let backend = Backend::start().await;
    let url = backend.url("/status/503");
    let flow = IflowBuilder::new("Failing", "Failing")
        .https_sender("/failing")
        .step(FlowStep::request_reply("Call", HttpReceiver::new(&url)));
    tenant.deploy_started("Failing", flow.zip()).await;
    let response = tenant.post("/failing", "x").await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let mpl = tenant.mpl_of(&response).await;
    assert_eq!(mpl["Status"], "FAILED");
    let guid = mpl["MessageGuid"].as_str().unwrap();
    assert_eq!(
        tenant.error_text(guid).await,
        format!(
            "org.apache.camel.component.ahc.AhcOperationFailedException: HTTP operation failed invoking {url} with statusCode: 503"
        )
    );
}

#[tokio::test]
async fn a_step_can_set_the_reply_status_from_the_backend() {
    let tenant = Tenant::start().await;
    let backend = Backend::start().await;
    let flow = IflowBuilder::new("Passthrough", "Passthrough").https_sender("/pass").step(FlowStep::request_reply(
        "Call",
        HttpReceiver::new(&backend.url("/status/404")).property("throwExceptionOnFailure", "false"),
    ));
    tenant.deploy_started("Passthrough", flow.zip()).await;
    let response = tenant.post("/pass", "x").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "CamelHttpResponseCode becomes the reply's status");
    let mpl = tenant.mpl_of(&response).await;
    assert_eq!(response.text().await.unwrap(), "backend answered 404");
    assert_eq!(mpl["Status"], "COMPLETED");
}

#[tokio::test]
async fn an_unreachable_backend_fails_with_a_connection_error() {
    let tenant = Tenant::start().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let flow = IflowBuilder::new("Down", "Down")
        .https_sender("/down")
        .step(FlowStep::request_reply("Call", HttpReceiver::new(&format!("http://{closed}/x")).timeout_ms(2000)));
    tenant.deploy_started("Down", flow.zip()).await;
    let response = tenant.post("/down", "x").await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let guid = response.headers()["SAP_MessageProcessingLogID"].to_str().unwrap().to_owned();
    assert!(tenant.error_text(&guid).await.starts_with("java.net.ConnectException"));
}
