//! Every screen drawn at 100 × 30 with fixed fake data.

use cpi_tui::{App, Event, MessageDetails, Response, RuntimeDetails};
use crossterm::event::KeyCode;

use crate::fixtures::{
    MESSAGE_ERROR, PAYLOAD, RUNTIME_ERROR, app_with_packages, artifacts, attachments, details, draw, feed, keys,
    messages, runtime, started_app,
};

/// Packages → Orders → its artifacts loaded.
pub fn app_on_artifacts() -> App {
    let mut app = app_with_packages();
    app.handle(Event::key(KeyCode::Enter));
    app.handle(Event::Loaded(Response::Artifacts { package: "Orders".into(), result: Ok(artifacts()) }));
    app
}

/// … → Order_In's details loaded.
pub fn app_on_details() -> App {
    let mut app = app_on_artifacts();
    app.handle(Event::key(KeyCode::Enter));
    app.handle(Event::Loaded(Response::ArtifactDetails { id: "Order_In".into(), result: Ok(details()) }));
    app
}

/// The Runtime tab with its list loaded.
pub fn app_on_runtime() -> App {
    let mut app = app_with_packages();
    app.handle(Event::char('2'));
    app.handle(Event::Loaded(Response::Runtime(Ok(runtime()))));
    app
}

/// The Messages tab with its logs loaded.
pub fn app_on_messages() -> App {
    let mut app = app_with_packages();
    app.handle(Event::char('3'));
    app.handle(Event::Loaded(Response::Messages { filter: Default::default(), result: Ok(messages()) }));
    app
}

/// … → a failed message's details loaded (its error text and attachments).
pub fn app_on_message_details() -> App {
    let mut app = app_on_messages();
    app.handle(Event::key(KeyCode::Enter));
    let result = Ok(MessageDetails { error: Some(MESSAGE_ERROR.into()), attachments: attachments() });
    app.handle(Event::Loaded(Response::MessageDetails { guid: "AGXrM1Kx0001".into(), result }));
    app
}

/// … → an attachment whose payload is `payload`.
pub fn app_on_attachment(payload: &str) -> App {
    let mut app = app_on_message_details();
    app.handle(Event::key(KeyCode::Enter));
    app.handle(Event::Loaded(Response::Attachment { id: "att-1".into(), result: Ok(payload.into()) }));
    app
}

#[test]
fn loading() {
    let (app, _) = started_app();
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn packages() {
    insta::assert_snapshot!(draw(&app_with_packages()));
}

#[test]
fn packages_searched() {
    let mut app = app_with_packages();
    feed(&mut app, std::iter::once(Event::char('/')).chain(keys("inv")));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn artifacts_of_a_package() {
    insta::assert_snapshot!(draw(&app_on_artifacts()));
}

#[test]
fn artifact_details() {
    insta::assert_snapshot!(draw(&app_on_details()));
}

#[test]
fn deploy_confirmation() {
    let mut app = app_on_details();
    app.handle(Event::char('d'));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn runtime_with_an_error() {
    let mut app = app_on_runtime();
    app.handle(Event::key(KeyCode::Down));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn runtime_details_with_the_error() {
    let mut app = app_on_runtime();
    feed(&mut app, [Event::key(KeyCode::Down), Event::key(KeyCode::Enter)]);
    let failed = runtime().into_iter().find(|artifact| artifact.status == "ERROR");
    let error: serde_json::Value = serde_json::from_str(RUNTIME_ERROR).unwrap();
    let error = serde_json::to_string_pretty(&error).unwrap();
    let result = Ok(RuntimeDetails { artifact: failed, error: Some(error) });
    app.handle(Event::Loaded(Response::RuntimeDetails { id: "Order_Out".into(), result }));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn message_monitor_with_filters() {
    let mut app = app_on_messages();
    let mut events = keys("stt");
    events.push(Event::char('f'));
    events.extend(keys("Order_In"));
    events.push(Event::key(KeyCode::Enter));
    let commands = feed(&mut app, events);
    assert_eq!(commands.len(), 1, "applying the flow filter reloads: {commands:?}");
    app.handle(Event::char('l'));
    let cpi_tui::Command::Load(cpi_tui::Request::Messages(filter)) = &commands[0] else { panic!("{commands:?}") };
    let failed: Vec<_> = messages().into_iter().filter(|log| log.status == "FAILED").collect();
    app.handle(Event::Loaded(Response::Messages { filter: filter.clone(), result: Ok(failed) }));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn message_details_with_the_error() {
    insta::assert_snapshot!(draw(&app_on_message_details()));
}

#[test]
fn attachment_payload() {
    insta::assert_snapshot!(draw(&app_on_attachment(PAYLOAD)));
}

#[test]
fn message_monitor_until() {
    let mut app = app_on_messages();
    let mut events = vec![Event::char('u')];
    events.extend(keys("2h"));
    events.push(Event::key(KeyCode::Enter));
    let commands = feed(&mut app, events);
    let cpi_tui::Command::Load(cpi_tui::Request::Messages(filter)) = &commands[0] else { panic!("{commands:?}") };
    app.handle(Event::Loaded(Response::Messages { filter: filter.clone(), result: Ok(messages()) }));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn message_monitor_until_refused() {
    let mut app = app_on_messages();
    let mut events = vec![Event::char('u')];
    events.extend(keys("yesterday"));
    events.push(Event::key(KeyCode::Enter));
    feed(&mut app, events);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn error_text_searched() {
    let mut app = app_on_message_details();
    let mut events = vec![Event::char('/')];
    events.extend(keys("the"));
    events.extend([Event::key(KeyCode::Enter), Event::char('n')]);
    feed(&mut app, events);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn attachment_search_prompt() {
    let mut app = app_on_attachment(PAYLOAD);
    feed(&mut app, std::iter::once(Event::char('/')).chain(keys("sku")));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn deploy_confirmation_from_the_artifacts() {
    let mut app = app_on_artifacts();
    feed(&mut app, [Event::key(KeyCode::Down), Event::char('d')]);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn help_overlay() {
    let mut app = app_on_messages();
    app.handle(Event::char('?'));
    insta::assert_snapshot!(draw(&app));
}
