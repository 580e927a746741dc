//! Every runtime call is a message processing log in the monitoring API; the log level set
//! through the operations command decides whether step payloads are kept.

use cpi_bundle::{FlowStep, IflowBuilder};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::Tenant;

const SET_LOG_LEVEL: &str =
    "/Operations/com.sap.it.op.tmn.commands.dashboard.webui.IntegrationComponentSetMplLogLevelCommand";

fn checked_flow() -> Vec<u8> {
    IflowBuilder::new("Checked", "Checked Flow")
        .https_sender("/checked")
        .step(FlowStep::content_modifier("Mark").create_header(
            "SAP_ApplicationID",
            "expression",
            "${header.CamelHttpMethod}-1",
            "",
        ))
        .step(FlowStep::json_to_xml("Parse"))
        .zip()
}

async fn logs_of(tenant: &Tenant, flow: &str) -> Vec<Value> {
    let path = format!("MessageProcessingLogs?$filter=IntegrationArtifact/Id%20eq%20'{flow}'&$orderby=LogStart");
    let response = tenant.get_api(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<Value>().await.unwrap()["d"]["results"].as_array().unwrap().clone()
}

#[tokio::test]
async fn every_call_is_a_log_with_its_status_and_error() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Checked", checked_flow()).await;
    let mut guids = Vec::new();
    for body in [r#"{"a":"1"}"#, "{broken", r#"{"b":"2"}"#] {
        let response = tenant.post("/checked", body).await;
        let status = response.status();
        let guid = response.headers().get("SAP_MessageProcessingLogID").map(|v| v.to_str().unwrap().to_owned());
        let guid = guid.unwrap_or_else(|| panic!("{status}: {:?}", futures::executor::block_on(response.text())));
        guids.push((status, guid));
    }
    let logs = logs_of(&tenant, "Checked").await;
    assert_eq!(logs.len(), 3);
    for (status, guid) in &guids {
        let log = logs.iter().find(|l| l["MessageGuid"] == guid.as_str()).expect("logged");
        let expected = if status.is_success() { "COMPLETED" } else { "FAILED" };
        assert_eq!(log["Status"], expected);
        assert_eq!(log["IntegrationArtifact"]["Name"], "Checked", "the name the artifact was uploaded with");
        assert_eq!(log["LogLevel"], "INFO");
        assert!(log["LogStart"].is_string() && log["LogEnd"].is_string());
        assert!(log["CorrelationId"].is_string());
    }
    let failed = &guids[1].1;
    let error = tenant.error_text(failed).await;
    assert!(!error.is_empty(), "the failed message explains itself");
    let info = tenant.get_api(&format!("MessageProcessingLogs('{failed}')/ErrorInformation")).await;
    let info: Value = info.json().await.unwrap();
    assert!(info["d"]["LastErrorModelStepId"].as_str().unwrap().starts_with("CallActivity"), "{info}");
    let completed = tenant.get_api(&format!("MessageProcessingLogs('{}')", guids[0].1)).await;
    assert_eq!(completed.json::<Value>().await.unwrap()["d"]["ApplicationMessageId"], "POST-1");
}

#[tokio::test]
async fn a_correlation_id_from_the_sender_is_kept() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Checked", checked_flow()).await;
    let response = tenant
        .call(reqwest::Method::POST, "/checked")
        .header("SAP_MplCorrelationId", "AGcorrelation-1")
        .body(r#"{"a":"1"}"#)
        .send()
        .await
        .unwrap();
    let mpl = tenant.mpl_of(&response).await;
    assert_eq!(mpl["CorrelationId"], "AGcorrelation-1");
}

async fn set_log_level(tenant: &Tenant, token: &str, flow: &str, level: &str) -> reqwest::Response {
    let body = json!({"artifactSymbolicName": flow, "mplLogLevel": level, "nodeType": "IFLMAP"});
    tenant.server.http.post(tenant.server.url(SET_LOG_LEVEL)).bearer_auth(token).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn at_trace_level_each_steps_payload_is_an_attachment() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Checked", checked_flow()).await;
    assert_eq!(set_log_level(&tenant, &tenant.api_token, "Checked", "TRACE").await.status(), StatusCode::OK);
    let response = tenant.post("/checked", r#"{"order":"9"}"#).await;
    let mpl = tenant.mpl_of(&response).await;
    assert_eq!(mpl["LogLevel"], "TRACE");
    let guid = mpl["MessageGuid"].as_str().unwrap();
    let attachments = tenant.get_api(&format!("MessageProcessingLogs('{guid}')/Attachments")).await;
    let attachments: Value = attachments.json().await.unwrap();
    let attachments = attachments["d"]["results"].as_array().unwrap();
    let body = attachments
        .iter()
        .find(|a| a["Name"].as_str().unwrap().starts_with("Parse") && a["Name"].as_str().unwrap().ends_with("body"))
        .expect("the converter's body");
    let id = body["Id"].as_str().unwrap();
    let payload = tenant.get_api(&format!("MessageProcessingLogAttachments('{id}')/$value")).await;
    assert_eq!(payload.status(), StatusCode::OK);
    assert!(payload.text().await.unwrap().contains("<order>9</order>"));

    assert_eq!(set_log_level(&tenant, &tenant.api_token, "Checked", "INFO").await.status(), StatusCode::OK);
    let response = tenant.post("/checked", r#"{"order":"10"}"#).await;
    let guid = tenant.mpl_of(&response).await["MessageGuid"].as_str().unwrap().to_owned();
    let attachments = tenant.get_api(&format!("MessageProcessingLogs('{guid}')/Attachments")).await;
    assert_eq!(attachments.json::<Value>().await.unwrap()["d"]["results"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn setting_the_log_level_needs_the_role_and_a_deployed_flow() {
    let tenant = Tenant::start().await;
    tenant.deploy_started("Checked", checked_flow()).await;
    let server = &tenant.server;
    let reader = server.create_instance("api", "reader", json!({"roles": ["MonitoringDataRead"]})).await;
    let reader_token = server.access_token(&server.create_key(&reader, "k").await.1).await;
    assert_eq!(set_log_level(&tenant, &reader_token, "Checked", "TRACE").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(set_log_level(&tenant, &tenant.api_token, "Nothing", "TRACE").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(set_log_level(&tenant, &tenant.api_token, "Checked", "LOUD").await.status(), StatusCode::BAD_REQUEST);
}
