//! Running flows written by `IflowBuilder` with in-memory adapters (the server's tests call real
//! HTTP receivers).

use std::sync::Mutex;

use async_trait::async_trait;
use cpi_bundle::{FlowStep, HttpReceiver as ReceiverSpec, IflowBuilder, RouteCondition as Condition};
use time::macros::datetime;

use super::*;
use crate::compile::compile;

#[derive(Default)]
struct FakeAdapters {
    calls: Mutex<Vec<HttpCall>>,
    reply: Option<HttpReply>,
}

#[async_trait]
impl Adapters for FakeAdapters {
    async fn http_call(&self, call: HttpCall) -> Result<HttpReply, AdapterError> {
        self.calls.lock().unwrap().push(call.clone());
        self.reply.clone().ok_or_else(|| AdapterError::Connect(call.url))
    }

    async fn user_credential(&self, name: &str) -> Result<Option<UserCredential>, AdapterError> {
        Ok((name == "Backend").then(|| UserCredential { user: "svc".into(), password: "pw".into() }))
    }
}

fn flow_of(builder: IflowBuilder) -> CompiledFlow {
    let bundle = builder.https_sender("/t").build();
    let model = bundle.iflow().expect("a flow").expect("parses");
    let configurations = bundle.configurations().expect("configurations");
    let values = |name: &str| configurations.iter().find(|c| c.key == name).map(|c| c.value.clone());
    compile(&model, &values).expect("compiles")
}

fn context(trace: bool) -> RunContext {
    RunContext { exchange_id: "EX-1".into(), mpl_id: "AGmpl".into(), now: datetime!(2026-12-06 10:11:12 UTC), trace }
}

fn message(body: &str, headers: &[(&str, &str)]) -> Message {
    let mut message = Message { body: body.as_bytes().to_vec(), ..Message::default() };
    for (name, value) in headers {
        message.headers.set(name, (*value).to_owned());
    }
    message
}

fn run_flow(flow: &CompiledFlow, input: Message, adapters: &FakeAdapters) -> RunOutcome {
    futures::executor::block_on(run(flow, input, &context(false), adapters))
}

fn body(outcome: &RunOutcome) -> String {
    String::from_utf8(outcome.message.body.clone()).unwrap()
}

#[test]
fn a_content_modifier_sets_headers_then_properties_then_the_body() {
    let flow = flow_of(
        IflowBuilder::new("F", "F").parameter("Greeting", "Hello", "xsd:string").step(
            FlowStep::content_modifier("Set")
                .create_header("greeting", "external parameter", "{{Greeting}}", "")
                .create_header("copy", "header", "name", "")
                .create_header("missing", "header", "nope", "")
                .create_property("upper", "expression", "${header.name.toUpperCase()}", "")
                .create_property("fromHeader", "header", "greeting", "")
                .delete_header("drop*")
                .body("${property.fromHeader} ${property.upper} (${exchangeId}, ${property.SAP_MessageProcessingLogID}, ${date:now:yyyy-MM-dd})", "expression"),
        ),
    );
    let outcome = run_flow(&flow, message("in", &[("name", "ada"), ("dropMe", "x")]), &FakeAdapters::default());
    assert_eq!(outcome.status, RunStatus::Completed);
    assert_eq!(body(&outcome), "Hello ADA (EX-1, AGmpl, 2026-12-06)");
    assert_eq!(outcome.message.headers.get("copy"), Some("ada"));
    assert_eq!(outcome.message.headers.get("missing"), Some(""));
    assert_eq!(outcome.message.headers.get("dropme"), None);
}

#[test]
fn a_router_takes_the_first_matching_route_else_the_default() {
    let flow = flow_of(
        IflowBuilder::new("F", "F").step(
            FlowStep::router("Route")
                .route(
                    "Orders",
                    Condition::non_xml("${header.type} = 'ORDER'"),
                    vec![FlowStep::content_modifier("O").body("order", "constant").into()],
                )
                .route(
                    "Big",
                    Condition::non_xml("${header.size} > 10 and ${header.type} != 'ORDER'"),
                    vec![FlowStep::content_modifier("B").body("big", "constant").into()],
                )
                .default_route("Other", vec![FlowStep::content_modifier("D").body("other", "constant").into()]),
        ),
    );
    let adapters = FakeAdapters::default();
    assert_eq!(body(&run_flow(&flow, message("", &[("type", "ORDER")]), &adapters)), "order");
    assert_eq!(body(&run_flow(&flow, message("", &[("type", "X"), ("size", "12")]), &adapters)), "big");
    assert_eq!(body(&run_flow(&flow, message("", &[("type", "X"), ("size", "2")]), &adapters)), "other");
}

#[test]
fn an_xml_router_reads_the_body() {
    let flow = flow_of(
        IflowBuilder::new("F", "F").step(
            FlowStep::router("Route")
                .route(
                    "Open",
                    Condition::xml("/order/status = 'OPEN'"),
                    vec![FlowStep::content_modifier("O").body("open", "constant").into()],
                )
                .default_route("Other", vec![FlowStep::content_modifier("D").body("closed", "constant").into()]),
        ),
    );
    let adapters = FakeAdapters::default();
    assert_eq!(body(&run_flow(&flow, message("<order><status>OPEN</status></order>", &[]), &adapters)), "open");
    assert_eq!(body(&run_flow(&flow, message("<order><status>DONE</status></order>", &[]), &adapters)), "closed");
}

#[test]
fn a_request_reply_sends_the_message_and_keeps_the_reply() {
    let flow = flow_of(
        IflowBuilder::new("F", "F")
            .step(
                FlowStep::content_modifier("Set")
                    .create_header("X-Id", "constant", "42", "")
                    .create_property("p", "constant", "seg", ""),
            )
            .step(FlowStep::request_reply(
                "Call",
                ReceiverSpec::new("http://backend.test/${property.p}")
                    .method("POST")
                    .query("a=${header.X-Id}")
                    .timeout_ms(1500)
                    .basic_auth("Backend")
                    .allowed_request_headers("X-Id")
                    .allowed_response_headers("X-Reply"),
            )),
    );
    let adapters = FakeAdapters {
        reply: Some(HttpReply {
            status: 201,
            headers: vec![("X-Reply".into(), "yes".into()), ("X-Other".into(), "no".into())],
            body: b"created".to_vec(),
        }),
        ..FakeAdapters::default()
    };
    let outcome = run_flow(&flow, message("payload", &[("Content-Type", "text/plain")]), &adapters);
    assert_eq!(outcome.status, RunStatus::Completed);
    assert_eq!(body(&outcome), "created");
    assert_eq!(outcome.message.headers.get(RESPONSE_CODE_HEADER), Some("201"));
    assert_eq!(outcome.message.headers.get("X-Reply"), Some("yes"));
    assert_eq!(outcome.message.headers.get("X-Other"), None);
    let calls = adapters.calls.lock().unwrap();
    let call = &calls[0];
    assert_eq!(call.url, "http://backend.test/seg?a=42");
    assert_eq!(call.method, "POST");
    assert_eq!(call.body.as_deref(), Some(&b"payload"[..]));
    assert_eq!(call.basic, Some(("svc".into(), "pw".into())));
    assert!(call.headers.contains(&("X-Id".into(), "42".into())));
    assert_eq!(call.timeout, std::time::Duration::from_millis(1500));
}

#[test]
fn a_failed_call_runs_the_exception_subprocess_with_the_message_before_the_step() {
    let flow = flow_of(
        IflowBuilder::new("F", "F")
            .step(FlowStep::content_modifier("Keep").create_property("kept", "constant", "yes", ""))
            .step(FlowStep::request_reply("Call", ReceiverSpec::new("http://down.test/")))
            .exception_subprocess(vec![
                FlowStep::content_modifier("Error")
                    .body("Failed (${property.kept}): ${exception.message}", "expression")
                    .into(),
            ]),
    );
    let outcome = run_flow(&flow, message("in", &[]), &FakeAdapters::default());
    assert_eq!(outcome.status, RunStatus::Completed);
    assert!(body(&outcome).starts_with("Failed (yes): java.net.ConnectException"), "{}", body(&outcome));
    assert!(outcome.handled.is_some());
}

#[test]
fn an_unhandled_http_failure_fails_the_run_with_camels_text() {
    let flow = flow_of(
        IflowBuilder::new("F", "F").step(FlowStep::request_reply("Call", ReceiverSpec::new("http://backend.test/x"))),
    );
    let adapters = FakeAdapters {
        reply: Some(HttpReply { status: 404, headers: Vec::new(), body: b"nope".to_vec() }),
        ..FakeAdapters::default()
    };
    let outcome = run_flow(&flow, message("in", &[]), &adapters);
    let RunStatus::Failed(failure) = &outcome.status else { panic!("{outcome:?}") };
    assert_eq!(
        failure.text(),
        "org.apache.camel.component.ahc.AhcOperationFailedException: HTTP operation failed invoking http://backend.test/x with statusCode: 404"
    );
    assert_eq!(String::from_utf8_lossy(&outcome.message.body), "in");
}

#[test]
fn a_call_that_does_not_throw_keeps_the_error_reply() {
    let flow = flow_of(IflowBuilder::new("F", "F").step(FlowStep::request_reply(
        "Call",
        ReceiverSpec::new("http://backend.test/x").property("throwExceptionOnFailure", "false"),
    )));
    let adapters = FakeAdapters {
        reply: Some(HttpReply { status: 404, headers: Vec::new(), body: b"nope".to_vec() }),
        ..FakeAdapters::default()
    };
    let outcome = run_flow(&flow, message("in", &[]), &adapters);
    assert_eq!(outcome.status, RunStatus::Completed);
    assert_eq!(body(&outcome), "nope");
    assert_eq!(outcome.message.headers.get(RESPONSE_CODE_HEADER), Some("404"));
}

#[test]
fn converters_turn_json_into_xml_and_back() {
    let flow = flow_of(
        IflowBuilder::new("F", "F")
            .step(FlowStep::json_to_xml("To XML"))
            .step(FlowStep::content_modifier("Peek").create_property("xml", "expression", "${in.body}", ""))
            .step(FlowStep::xml_to_json("To JSON")),
    );
    let outcome = run_flow(&flow, message(r#"{"order":{"id":"7","item":["a","b"]}}"#, &[]), &FakeAdapters::default());
    assert_eq!(outcome.status, RunStatus::Completed);
    let xml = outcome.message.properties.get("xml").unwrap();
    assert!(xml.contains("<order><id>7</id><item>a</item><item>b</item></order>"), "{xml}");
    let json: serde_json::Value = serde_json::from_slice(&outcome.message.body).unwrap();
    assert_eq!(json, serde_json::json!({"order": {"id": "7", "item": ["a", "b"]}}));
    assert_eq!(outcome.message.headers.get("Content-Type"), Some("application/json"));
}

#[test]
fn tracing_records_each_step() {
    let flow = flow_of(
        IflowBuilder::new("F", "F")
            .step(FlowStep::content_modifier("One").body("1", "constant"))
            .step(FlowStep::content_modifier("Two").body("2", "constant")),
    );
    let outcome = futures::executor::block_on(run(&flow, message("0", &[]), &context(true), &FakeAdapters::default()));
    let bodies: Vec<_> = outcome.trace.iter().map(|r| (r.step_name.clone(), r.message.body.clone())).collect();
    assert_eq!(bodies[0], ("One".to_owned(), b"1".to_vec()));
    assert_eq!(bodies[1], ("Two".to_owned(), b"2".to_vec()));
}
