//! Each supported step, deployed and called over HTTP: its documented output and its MPL.

use cpi_bundle::{FlowStep, IflowBuilder, RouteCondition};
use reqwest::StatusCode;

use super::Tenant;

#[tokio::test]
async fn a_content_modifier_sets_headers_properties_and_the_body() {
    let tenant = Tenant::start().await;
    let flow = IflowBuilder::new("Modify", "Modify")
        .https_sender("/modify")
        .parameter("Greeting", "Hi", "xsd:string")
        .collaboration_property("allowedHeaderList", "X-Name,X-Out,X-Drop-*")
        .step(
            FlowStep::content_modifier("Modify")
                .create_header("X-Out", "expression", "${header.X-Name.toUpperCase()}", "")
                .create_property("greeting", "external parameter", "{{Greeting}}", "")
                .create_property("name", "header", "X-Name", "")
                .create_header("SAP_ApplicationID", "constant", "APP-7", "")
                .create_header("Content-Type", "constant", "text/plain; charset=utf-8", "")
                .delete_header("X-Drop-*")
                .body("${property.greeting}, ${property.name}! (${in.body})", "expression"),
        );
    tenant.deploy_started("Modify", flow.zip()).await;
    let response =
        tenant.call(reqwest::Method::POST, "/modify").header("X-Name", "ada").body("in").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-out"], "ADA");
    assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
    let mpl = tenant.mpl_of(&response).await;
    assert_eq!(response.text().await.unwrap(), "Hi, ada! (in)");
    assert_eq!(mpl["Status"], "COMPLETED");
    assert_eq!(mpl["ApplicationMessageId"], "APP-7");
    assert_eq!(mpl["IntegrationArtifact"]["Id"], "Modify");
    assert_eq!(mpl["IntegrationArtifact"]["PackageId"], "Runtime");
    assert_eq!(mpl["IntegrationArtifact"]["Type"], "INTEGRATION_FLOW");
}

#[tokio::test]
async fn a_router_takes_each_branch_and_the_default() {
    let tenant = Tenant::start().await;
    let flow = IflowBuilder::new("Route", "Route")
        .https_sender("/route")
        .collaboration_property("allowedHeaderList", "type")
        .step(
            FlowStep::router("By type")
                .route(
                    "Orders",
                    RouteCondition::non_xml("${header.type} = 'ORDER'"),
                    vec![FlowStep::content_modifier("Order").body("order route", "constant").into()],
                )
                .route(
                    "Open",
                    RouteCondition::non_xml("${in.body} contains 'OPEN' or ${header.type} in 'A,B'"),
                    vec![FlowStep::content_modifier("Open").body("open route", "constant").into()],
                )
                .default_route(
                    "Other",
                    vec![FlowStep::content_modifier("Other").body("default route", "constant").into()],
                ),
        );
    tenant.deploy_started("Route", flow.zip()).await;
    let call = |kind: &'static str, body: &'static str| {
        let request = tenant.call(reqwest::Method::POST, "/route").header("type", kind).body(body);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    assert_eq!(call("ORDER", "").await, "order route");
    assert_eq!(call("X", "status OPEN").await, "open route");
    assert_eq!(call("B", "").await, "open route");
    assert_eq!(call("X", "closed").await, "default route");
    let routed = tenant.call(reqwest::Method::POST, "/route").header("type", "ORDER").send().await.unwrap();
    let mpl = tenant.mpl_of(&routed).await;
    assert_eq!(mpl["Status"], "COMPLETED");
    assert_eq!(mpl["IntegrationArtifact"]["Id"], "Route");
}

#[tokio::test]
async fn an_xml_router_reads_the_payload() {
    let tenant = Tenant::start().await;
    let flow = IflowBuilder::new("XmlRoute", "XmlRoute").https_sender("/xml-route").step(
        FlowStep::router("By status")
            .route(
                "Open",
                RouteCondition::xml("count(/order/item) > 1 and /order/status = 'OPEN'"),
                vec![FlowStep::content_modifier("Open").body("open with items", "constant").into()],
            )
            .default_route("Other", vec![FlowStep::content_modifier("Other").body("other", "constant").into()]),
    );
    tenant.deploy_started("XmlRoute", flow.zip()).await;
    let open = tenant.post("/xml-route", "<order><status>OPEN</status><item/><item/></order>").await;
    assert_eq!(tenant.mpl_of(&open).await["Status"], "COMPLETED");
    assert_eq!(open.text().await.unwrap(), "open with items");
    let other = tenant.post("/xml-route", "<order><status>OPEN</status><item/></order>").await;
    assert_eq!(other.text().await.unwrap(), "other");
}

#[tokio::test]
async fn converters_turn_json_into_xml_and_back() {
    let tenant = Tenant::start().await;
    let to_xml = IflowBuilder::new("ToXml", "ToXml").https_sender("/to-xml").step(FlowStep::json_to_xml("To XML"));
    tenant.deploy_started("ToXml", to_xml.zip()).await;
    let xml = tenant.post("/to-xml", r#"{"order":{"@id":"7","item":["a","b"]}}"#).await;
    assert_eq!(xml.status(), StatusCode::OK);
    assert_eq!(tenant.mpl_of(&xml).await["Status"], "COMPLETED");
    assert_eq!(xml.headers()["content-type"], "application/xml");
    let xml = xml.text().await.unwrap();
    assert!(xml.ends_with(r#"<order id="7"><item>a</item><item>b</item></order>"#), "{xml}");

    let to_json = IflowBuilder::new("ToJson", "ToJson").https_sender("/to-json").step(FlowStep::xml_to_json("To JSON"));
    tenant.deploy_started("ToJson", to_json.zip()).await;
    let json = tenant.post("/to-json", "<order><id>7</id><item>a</item><item>b</item></order>").await;
    assert_eq!(json.headers()["content-type"], "application/json");
    let json: serde_json::Value = json.json().await.unwrap();
    assert_eq!(json, serde_json::json!({"order": {"id": "7", "item": ["a", "b"]}}));

    let broken = tenant.post("/to-xml", "{not json").await;
    assert_eq!(broken.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let mpl = tenant.mpl_of(&broken).await;
    assert_eq!(mpl["Status"], "FAILED");
}

#[tokio::test]
async fn the_exception_subprocess_answers_with_its_message() {
    let tenant = Tenant::start().await;
    let flow = IflowBuilder::new("Guarded", "Guarded")
        .https_sender("/guarded")
        .step(FlowStep::json_to_xml("Parse"))
        .exception_subprocess(vec![
            FlowStep::content_modifier("Explain")
                .create_header("Content-Type", "constant", "text/plain", "")
                .body("Could not convert: ${exception.message}", "expression")
                .into(),
        ]);
    tenant.deploy_started("Guarded", flow.zip()).await;
    let response = tenant.post("/guarded", "{broken").await;
    assert_eq!(response.status(), StatusCode::OK);
    let mpl = tenant.mpl_of(&response).await;
    let text = response.text().await.unwrap();
    assert!(text.starts_with("Could not convert: "), "{text}");
    assert!(text.len() > "Could not convert: ".len(), "the exception's message is filled in: {text}");
    assert_eq!(mpl["Status"], "COMPLETED", "an exception subprocess that ends in a message end event completes");
}

#[tokio::test]
async fn an_unhandled_error_answers_500_with_cloud_integrations_text() {
    let tenant = Tenant::start().await;
    let quiet = IflowBuilder::new("Quiet", "Quiet").https_sender("/quiet").step(FlowStep::json_to_xml("Parse"));
    tenant.deploy_started("Quiet", quiet.zip()).await;
    let response = tenant.post("/quiet", "{broken").await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let guid = response.headers()["SAP_MessageProcessingLogID"].to_str().unwrap().to_owned();
    assert_eq!(
        response.text().await.unwrap(),
        format!("An internal server error occured: The MPL ID for the failed message is : {guid}")
    );

    let loud = IflowBuilder::new("Loud", "Loud")
        .https_sender("/loud")
        .collaboration_property("returnExceptionToSender", "true")
        .step(FlowStep::json_to_xml("Parse"));
    tenant.deploy_started("Loud", loud.zip()).await;
    let response = tenant.post("/loud", "{broken").await;
    let guid = response.headers()["SAP_MessageProcessingLogID"].to_str().unwrap().to_owned();
    let text = response.text().await.unwrap();
    assert!(text.starts_with("An internal server error occured: "), "{text}");
    assert!(text.ends_with(&format!("The MPL ID for the failed message is : {guid}")), "{text}");
    let error = tenant.error_text(&guid).await;
    assert!(text.contains(&error), "the reply carries the MPL's error text: {text} / {error}");
}
