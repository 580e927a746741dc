//! The executor over the fake loader: what each request reads and how actions end.

use std::time::Duration;

use cpi_client::ArtifactKind;
use cpi_tui::{MessageFilter, Request, Response, Settings, Until, execute};

use crate::fixtures::{FakeLoader, MESSAGE_ERROR};

fn settings(dir: &std::path::Path) -> Settings {
    Settings { download_dir: dir.to_path_buf(), poll_interval: Duration::from_millis(1), poll_attempts: 10 }
}

#[tokio::test]
async fn a_deployment_is_awaited_until_it_ends() {
    let loader = FakeLoader::new();
    loader.deploy_statuses.lock().unwrap().extend(["DEPLOYING", "DEPLOYING"]);
    let dir = tempfile::tempdir().unwrap();
    let request = Request::Deploy { kind: ArtifactKind::IntegrationFlow, id: "Order_In".into() };
    let response = execute(&loader, request, &settings(dir.path())).await;
    assert_eq!(response, Response::Deployed { id: "Order_In".into(), result: Ok("STARTED".into()) });
    let polls = loader.calls().iter().filter(|call| call.starts_with("deploy_status")).count();
    assert_eq!(polls, 3);
}

#[tokio::test]
async fn details_of_an_undeployed_artifact_say_so() {
    let loader = FakeLoader::new();
    *loader.deployed.lock().unwrap() = false;
    let dir = tempfile::tempdir().unwrap();
    let request = Request::ArtifactDetails { kind: ArtifactKind::IntegrationFlow, id: "Order_In".into() };
    let Response::ArtifactDetails { result, .. } = execute(&loader, request, &settings(dir.path())).await else {
        panic!()
    };
    let details = result.unwrap();
    assert_eq!((details.configurations.len(), details.runtime), (3, None));
}

#[tokio::test]
async fn errors_and_payloads_are_read_with_their_details() {
    let loader = FakeLoader::new();
    let dir = tempfile::tempdir().unwrap();
    let settings = settings(dir.path());
    let Response::RuntimeDetails { result, .. } =
        execute(&loader, Request::RuntimeDetails { id: "Order_Out".into() }, &settings).await
    else {
        panic!()
    };
    let error = result.unwrap().error.unwrap();
    assert!(error.contains("\n  \"message\": \"Receiver address is missing\""), "indented: {error}");
    let request = Request::MessageDetails { guid: "AGXrM1Kx0001".into(), with_error: true };
    let Response::MessageDetails { result, .. } = execute(&loader, request, &settings).await else { panic!() };
    assert_eq!(result.unwrap().error.as_deref(), Some(MESSAGE_ERROR));
    let request = Request::MessageDetails { guid: "AGXrM1Kx0002".into(), with_error: false };
    execute(&loader, request, &settings).await;
    assert!(!loader.calls().contains(&"message_error_text AGXrM1Kx0002".to_owned()));
    let artifacts = execute(&loader, Request::Artifacts { package: "Orders".into() }, &settings).await;
    let Response::Artifacts { result, .. } = artifacts else { panic!() };
    assert_eq!(result.unwrap().len(), 4, "every kind");
}

#[tokio::test]
async fn a_download_is_written_into_the_download_folder() {
    let loader = FakeLoader::new();
    let dir = tempfile::tempdir().unwrap();
    let request = Request::Download { kind: ArtifactKind::IntegrationFlow, id: "Order/In".into() };
    let Response::Downloaded { result, .. } = execute(&loader, request, &settings(dir.path())).await else { panic!() };
    let path = result.unwrap();
    assert_eq!(path, dir.path().join("Order_In.zip"));
    assert!(std::fs::read(path).unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn the_until_filter_bounds_the_query_of_the_logs() {
    let loader = FakeLoader::new();
    let dir = tempfile::tempdir().unwrap();
    let until = Until::parse("2024-03-01 10:00").unwrap();
    let filter = MessageFilter { status: Some("FAILED".into()), until, ..Default::default() };
    execute(&loader, Request::Messages(filter), &settings(dir.path())).await;
    let query = loader.queries.lock().unwrap().remove(0);
    assert_eq!(query.until, Some(time::macros::datetime!(2024-03-01 10:00 UTC)));
    assert_eq!(
        query.filter().as_deref(),
        Some("Status eq 'FAILED' and LogEnd le datetime'2024-03-01T10:00:00'"),
        "the OData $filter"
    );
}
