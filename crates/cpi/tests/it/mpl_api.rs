//! Message processing logs over HTTP, as the clients that read them send their calls: Piper's
//! `integrationArtifactGetMplStatus` (with `+` for spaces), FIGAF's `$inlinecount` paging, CPI
//! Helper-style navigations, custom header filters, attachments and the permissions of each.

use serde_json::Value;
use time::{Duration, OffsetDateTime};

use cpi_domain::monitoring::{
    MessageProcessingLog, MplAdapterAttribute, MplArtifact, MplAttachment, MplCustomHeader, MplError, MplRun,
    MplStatus, NewMpl,
};

use crate::harness::TestServer;
use crate::wire::{ACCEPT_JSON, Api};

const MPLS: &str = "MessageProcessingLogs";

/// A log of `flow` that started `minutes_ago` and ran one second.
pub fn mpl(guid: &str, flow: &str, status: MplStatus, start: OffsetDateTime) -> NewMpl {
    NewMpl::bare(MessageProcessingLog {
        message_guid: guid.to_owned(),
        correlation_id: Some(format!("corr-{guid}")),
        application_message_id: Some(format!("app-{guid}")),
        predecessor_message_guid: None,
        application_message_type: Some("Order".to_owned()),
        log_start: start,
        log_end: Some(start + Duration::seconds(1)),
        sender: Some("Shop".to_owned()),
        receiver: Some("ERP".to_owned()),
        status,
        alternate_web_link: None,
        log_level: Some("INFO".to_owned()),
        custom_status: Some(status.as_str().to_owned()),
        archiving_status: None,
        transaction_id: Some(format!("tx-{guid}")),
        previous_component_name: None,
        local_component_name: Some("CPI_test".to_owned()),
        origin_component_name: Some("CPI_test".to_owned()),
        artifact: MplArtifact {
            id: flow.to_owned(),
            name: format!("{flow} name"),
            kind: "INTEGRATION_FLOW".to_owned(),
            package_id: Some("Pkg".to_owned()),
            package_name: Some("Package".to_owned()),
        },
    })
}

/// Inserts logs into the server's default subaccount through the store's batched write path.
pub async fn insert(server: &TestServer, batch: &[NewMpl]) {
    let running = server.server.as_ref().unwrap();
    running.state.store.insert_mpls(running.zone.id, batch).await.unwrap();
}

fn results(body: &Value) -> &Vec<Value> {
    body["d"]["results"].as_array().unwrap_or_else(|| panic!("no d.results: {body}"))
}

fn guids(body: &Value) -> Vec<String> {
    results(body).iter().map(|r| r["MessageGuid"].as_str().unwrap().to_owned()).collect()
}

/// flow1: COMPLETED, then FAILED (with an error), then DISCARDED, a minute apart; flow2: one
/// COMPLETED log with custom headers, adapter attributes and an attachment.
async fn seed_piper_scenario(server: &TestServer, now: OffsetDateTime) {
    let mut failed = mpl("F1-FAILED", "flow1", MplStatus::Failed, now - Duration::minutes(2));
    failed.error = Some(MplError {
        kind: "java.lang.Exception".to_owned(),
        last_error_model_step_id: Some("CallActivity_3".to_owned()),
        text: "com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server error occured: 404"
            .to_owned(),
    });
    let mut rich = mpl("F2-DONE", "flow2", MplStatus::Completed, now - Duration::minutes(5));
    rich.custom_headers = vec![
        MplCustomHeader { name: "OrderNumber".to_owned(), value: "4711".to_owned() },
        MplCustomHeader { name: "Customer".to_owned(), value: "ACME".to_owned() },
    ];
    rich.adapter_attributes = vec![MplAdapterAttribute {
        adapter_id: "HTTPS".to_owned(),
        adapter_message_id: Some("abc".to_owned()),
        name: "MessageId".to_owned(),
        value: "abc".to_owned(),
    }];
    rich.runs = vec![MplRun {
        id: "run-1".to_owned(),
        run_start: now - Duration::minutes(5),
        run_stop: Some(now - Duration::minutes(5) + Duration::seconds(1)),
        log_level: Some("INFO".to_owned()),
        overall_state: Some("COMPLETED".to_owned()),
        process_id: Some("worker-1".to_owned()),
    }];
    rich.attachments = vec![MplAttachment {
        id: "att-1".to_owned(),
        name: "payload".to_owned(),
        content_type: "application/xml".to_owned(),
        timestamp: now - Duration::minutes(5),
        payload: b"<Order><Id>4711</Id></Order>".to_vec(),
    }];
    let batch = [
        mpl("F1-DONE", "flow1", MplStatus::Completed, now - Duration::minutes(3)),
        failed,
        mpl("F1-DISCARDED", "flow1", MplStatus::Discarded, now - Duration::minutes(1)),
        rich,
    ];
    insert(server, &batch).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn piper_get_mpl_status_reads_the_latest_log_and_its_error_text() {
    let server = TestServer::start().await;
    seed_piper_scenario(&server, OffsetDateTime::now_utc()).await;
    let api = Api::new(&server, "piper-mpl", &["MonitoringDataRead"]).await;

    // Exactly as Piper sends it (Go's url.QueryEscape writes spaces as +).
    let latest = api
        .get("MessageProcessingLogs?$filter=IntegrationArtifact/Id+eq+'flow1'+and+Status+ne+'DISCARDED'&$orderby=LogEnd+desc&$top=1")
        .await;
    assert_eq!(latest.status, 200, "{}", latest.text());
    let body = latest.json();
    let first = &results(&body)[0];
    assert_eq!(results(&body).len(), 1);
    assert_eq!(first["Status"], "FAILED");
    assert_eq!(first["MessageGuid"], "F1-FAILED");
    assert!(body["d"].get("__next").is_none(), "a $top answered in full has no next link");

    let error = api
        .call(
            "GET",
            "MessageProcessingLogs('F1-FAILED')/ErrorInformation/$value",
            &[("content-type", "application/json")],
            None,
        )
        .await;
    assert_eq!(error.status, 200);
    assert!(error.text().contains("HttpResponseException"), "{}", error.text());

    // A flow without logs: an empty result, which Piper accepts.
    let none = api.get("MessageProcessingLogs?$filter=IntegrationArtifact/Id+eq+'nothing'+and+Status+ne+'DISCARDED'&$orderby=LogEnd+desc&$top=1").await;
    assert_eq!(none.status, 200);
    assert!(results(&none.json()).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn entities_have_sap_shape_with_complex_artifact_and_deferred_navigations() {
    let server = TestServer::start().await;
    let now = OffsetDateTime::now_utc();
    seed_piper_scenario(&server, now).await;
    let api = Api::new(&server, "shape", &["MonitoringDataRead"]).await;

    let one = api.get("MessageProcessingLogs('F2-DONE')").await;
    assert_eq!(one.status, 200, "{}", one.text());
    let d = one.json()["d"].clone();
    assert_eq!(d["__metadata"]["type"], "com.sap.hci.api.MessageProcessingLog");
    assert!(d["__metadata"]["uri"].as_str().unwrap().ends_with("/api/v1/MessageProcessingLogs('F2-DONE')"));
    assert_eq!(d["IntegrationArtifact"]["__metadata"]["type"], "com.sap.hci.api.IntegrationArtifact");
    assert_eq!(d["IntegrationArtifact"]["Id"], "flow2");
    assert_eq!(d["IntegrationArtifact"]["Type"], "INTEGRATION_FLOW");
    assert_eq!(d["IntegrationFlowName"], "flow2", "SAP fills the deprecated name with the flow id");
    let start_ms = (now - Duration::minutes(5)).unix_timestamp_nanos() / 1_000_000;
    assert_eq!(d["LogStart"], format!("/Date({start_ms})/"));
    assert_eq!(d["Status"], "COMPLETED");
    assert!(d["ErrorInformation"]["__deferred"]["uri"].as_str().unwrap().ends_with("('F2-DONE')/ErrorInformation"));

    let expanded = api.get("MessageProcessingLogs('F2-DONE')?$expand=AdapterAttributes,CustomHeaderProperties").await;
    assert_eq!(expanded.status, 200, "{}", expanded.text());
    let d = expanded.json()["d"].clone();
    let headers = d["CustomHeaderProperties"]["results"].as_array().unwrap();
    let names: Vec<&str> = headers.iter().map(|h| h["Name"].as_str().unwrap()).collect();
    assert!(names.contains(&"OrderNumber") && names.contains(&"Customer"), "{names:?}");
    assert_eq!(d["AdapterAttributes"]["results"][0]["AdapterId"], "HTTPS");

    let attachments = api.get("MessageProcessingLogs('F2-DONE')/Attachments").await.json();
    assert_eq!(results(&attachments)[0]["Id"], "att-1");
    assert_eq!(results(&attachments)[0]["PayloadSize"], "28", "Edm.Int64 is a JSON string");
    let runs = api.get("MessageProcessingLogs('F2-DONE')/Runs").await.json();
    assert_eq!(results(&runs)[0]["Id"], "run-1");
    assert_eq!(results(&runs)[0]["OverallState"], "COMPLETED");
    let error = api.get("MessageProcessingLogs('F1-FAILED')/ErrorInformation").await.json();
    assert_eq!(error["d"]["LastErrorModelStepId"], "CallActivity_3");
}

#[tokio::test(flavor = "multi_thread")]
async fn figaf_pages_with_inlinecount_top_and_skip() {
    let server = TestServer::start().await;
    let now = OffsetDateTime::now_utc();
    let batch: Vec<NewMpl> = (0..25)
        .map(|i| {
            let status = if i % 5 == 0 { MplStatus::Failed } else { MplStatus::Completed };
            mpl(&format!("FIGAF-{i:02}"), "flowF", status, now - Duration::minutes(i))
        })
        .chain([mpl("OTHER-0", "elsewhere", MplStatus::Completed, now)])
        .collect();
    insert(&server, &batch).await;
    let api = Api::new(&server, "figaf", &["MonitoringDataRead"]).await;

    let filter = "IntegrationArtifact/Id%20eq%20'flowF'";
    let mut seen = Vec::new();
    for skip in [0, 10, 20] {
        let page = api
            .call(
                "GET",
                &format!("{MPLS}?$inlinecount=allpages&$format=json&$top=10&$skip={skip}&$orderby=LogEnd%20desc&$filter={filter}"),
                &[],
                None,
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.text());
        let body = page.json();
        assert_eq!(body["d"]["__count"], "25", "FIGAF reads __count as a string");
        seen.extend(guids(&body));
    }
    let expected: Vec<String> = (0..25).map(|i| format!("FIGAF-{i:02}")).collect();
    assert_eq!(seen, expected, "LogEnd desc over three pages, each log once");

    let count =
        api.call("GET", &format!("{MPLS}/$count?$filter={filter}%20and%20Status%20eq%20'FAILED'"), &[], None).await;
    assert_eq!((count.status, count.text()), (200, "5".to_owned()));

    let since = (now - Duration::minutes(10) + Duration::seconds(30))
        .format(&time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"))
        .unwrap();
    let recent =
        api.get(&format!("{MPLS}?$filter=LogEnd%20gt%20datetime'{since}'%20and%20{filter}&$orderby=LogStart")).await;
    assert_eq!(recent.status, 200, "{}", recent.text());
    let recent = guids(&recent.json());
    assert_eq!(recent.first().map(String::as_str), Some("FIGAF-09"), "LogStart ascending: {recent:?}");
    assert_eq!(recent.len(), 10, "datetime literals are UTC: {recent:?}");

    let by_status = api.get(&format!("{MPLS}?$filter={filter}&$orderby=Status,LogEnd%20desc&$top=6")).await.json();
    let statuses: Vec<&str> = results(&by_status).iter().map(|r| r["Status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["COMPLETED"; 6], "COMPLETED sorts before FAILED");
}

#[tokio::test(flavor = "multi_thread")]
async fn custom_header_filter_id_rules_and_payload_permission() {
    let server = TestServer::start().await;
    seed_piper_scenario(&server, OffsetDateTime::now_utc()).await;
    let monitor = Api::new(&server, "monitor", &["MonitoringDataRead"]).await;

    let by_header = monitor.get(&format!("{MPLS}?filterCustomHeaderProperties='OrderNumber'%20eq%20'4711'")).await;
    assert_eq!(by_header.status, 200, "{}", by_header.text());
    assert_eq!(guids(&by_header.json()), ["F2-DONE"]);
    let no_match = monitor.get(&format!("{MPLS}?filterCustomHeaderProperties='OrderNumber'%20eq%20'0000'")).await;
    assert!(results(&no_match.json()).is_empty());
    let malformed = monitor.get(&format!("{MPLS}?filterCustomHeaderProperties=OrderNumber")).await;
    assert_eq!(malformed.status, 400, "{}", malformed.text());

    // "For any Id filter use only the 'eq' operator."
    let ne_id = monitor.get(&format!("{MPLS}?$filter=CorrelationId%20ne%20'x'")).await;
    assert_eq!(ne_id.status, 400);
    assert!(ne_id.json()["error"]["message"]["value"].as_str().unwrap().contains("CorrelationId"));
    let deprecated = monitor.get(&format!("{MPLS}?$filter=IntegrationFlowName%20eq%20'flow2'")).await;
    assert_eq!(guids(&deprecated.json()), ["F2-DONE"], "IntegrationFlowName is the flow id");

    // Attachment payloads need MessagePayloadsRead on top of MonitoringDataRead.
    let denied = monitor.get("MessageProcessingLogAttachments('att-1')/$value").await;
    assert_eq!(denied.status, 403);
    assert!(denied.text().contains("esbmessagestorage.read"), "{}", denied.text());
    let expert = Api::new(&server, "expert", &["MonitoringDataRead", "MessagePayloadsRead"]).await;
    let payload = expert.get("MessageProcessingLogAttachments('att-1')/$value").await;
    assert_eq!(payload.status, 200);
    assert_eq!(payload.header("content-type"), Some("application/xml"));
    assert_eq!(payload.text(), "<Order><Id>4711</Id></Order>");

    // Without MonitoringDataRead nothing of the logs is readable.
    let developer = Api::new(&server, "no-monitoring", &["WorkspacePackagesRead"]).await;
    for target in [MPLS, "MessageProcessingLogs('F1-FAILED')/ErrorInformation/$value", "MessageProcessingLogs/$count"] {
        let response = developer.call("GET", target, &[ACCEPT_JSON], None).await;
        assert_eq!(response.status, 403, "{target}");
        assert!(response.text().contains("MonitoringDataRead"), "{target}: {}", response.text());
    }
}
