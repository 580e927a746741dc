//! The app's behaviour: navigation, search, confirmations, background loads.

use cpi_client::ArtifactKind;
use cpi_tui::{Command, Event, Request, Response, Tab, Until, screens::ScreenKind};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::fixtures::{app_with_packages, draw, feed, keys, packages, started_app};
use crate::snapshots::{app_on_artifacts, app_on_details, app_on_messages, app_on_runtime};

fn load(request: Request) -> Vec<Command> {
    vec![Command::Load(request)]
}

#[test]
fn enter_opens_and_q_or_esc_go_back_then_quit() {
    let (mut app, commands) = started_app();
    assert_eq!(commands, load(Request::Packages));
    app.handle(Event::Loaded(Response::Packages(Ok(packages()))));
    let commands = app.handle(Event::key(KeyCode::Enter));
    assert_eq!(commands, load(Request::Artifacts { package: "Orders".into() }));
    assert_eq!((app.screen(), app.depth()), (ScreenKind::Artifacts, 2));
    assert_eq!(app.breadcrumb(), ["Packages", "Orders"]);

    let mut app = app_on_details();
    assert_eq!(app.breadcrumb(), ["Packages", "Orders", "Order_In"]);
    assert!(app.handle(Event::key(KeyCode::Esc)).is_empty());
    assert_eq!(app.screen(), ScreenKind::Artifacts);
    assert!(app.handle(Event::char('q')).is_empty());
    assert_eq!(app.screen(), ScreenKind::Packages);
    assert_eq!(app.handle(Event::char('q')), vec![Command::Quit], "q on a tab's first screen quits");
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(app_on_details().handle(ctrl_c), vec![Command::Quit]);
}

#[test]
fn tabs_load_once_and_keep_their_screens() {
    let mut app = app_on_artifacts();
    assert_eq!(app.handle(Event::char('2')), load(Request::Runtime));
    assert_eq!(app.tab(), Tab::Runtime);
    assert_eq!(app.handle(Event::key(KeyCode::Tab)), load(Request::Messages(Default::default())));
    assert_eq!(app.tab(), Tab::Messages);
    assert!(app.handle(Event::key(KeyCode::Tab)).is_empty(), "Packages was loaded already");
    assert_eq!((app.tab(), app.screen()), (Tab::Packages, ScreenKind::Artifacts), "the tab kept its stack");
    assert!(app.handle(Event::key(KeyCode::BackTab)).is_empty());
    assert_eq!(app.tab(), Tab::Messages);
    assert_eq!(app.handle(Event::char('r')), load(Request::Messages(Default::default())), "r reloads");
}

#[test]
fn search_narrows_the_list_and_esc_clears_it() {
    let mut app = app_with_packages();
    feed(&mut app, std::iter::once(Event::char('/')).chain(keys("inv")));
    assert!(app.is_searching());
    let screen = draw(&app);
    assert!(screen.contains("Invoices") && !screen.contains("Partners"), "{screen}");
    assert!(screen.contains("(1 of 3, /inv)"), "{screen}");
    app.handle(Event::key(KeyCode::Enter));
    assert!(!app.is_searching(), "Enter keeps the filter and leaves the input");
    assert!(!draw(&app).contains("Partners"));
    let commands = app.handle(Event::key(KeyCode::Enter));
    assert_eq!(commands, load(Request::Artifacts { package: "Invoices".into() }), "Enter opens the match");
    app.handle(Event::char('q'));
    assert!(app.handle(Event::key(KeyCode::Esc)).is_empty(), "Esc clears the filter before going back");
    assert!(draw(&app).contains("Partners"));
    assert_eq!(app.handle(Event::key(KeyCode::Esc)), vec![Command::Quit]);
}

#[test]
fn search_keys_are_text_not_commands() {
    let mut app = app_with_packages();
    let commands = feed(&mut app, std::iter::once(Event::char('/')).chain(keys("q2?")));
    assert!(commands.is_empty());
    assert_eq!((app.tab(), app.is_help_open()), (Tab::Packages, false));
    assert!(draw(&app).contains("nothing matches /q2?"));
}

#[test]
fn deploy_runs_only_after_yes() {
    let mut app = app_on_details();
    assert!(app.handle(Event::char('d')).is_empty());
    assert_eq!(app.confirmation().unwrap().question, "Deploy iflow 'Order_In' (version 1.0.3)?");
    assert!(app.handle(Event::char('n')).is_empty());
    assert!(app.confirmation().is_none(), "n cancels");
    app.handle(Event::char('d'));
    assert!(app.handle(Event::key(KeyCode::Enter)).is_empty(), "Enter on the preselected No cancels");
    app.handle(Event::char('d'));
    let deploy = Request::Deploy { kind: ArtifactKind::IntegrationFlow, id: "Order_In".into() };
    assert_eq!(app.handle(Event::char('y')), load(deploy));
    assert_eq!(app.busy().collect::<Vec<_>>(), ["Deploying 'Order_In'"]);
    assert!(draw(&app).contains("Deploying 'Order_In'…"));

    let commands =
        app.handle(Event::Loaded(Response::Deployed { id: "Order_In".into(), result: Ok("STARTED".into()) }));
    assert_eq!(app.busy().count(), 0);
    assert_eq!(app.notice().unwrap().text, "'Order_In' deployed: STARTED");
    let reload = Request::ArtifactDetails { kind: ArtifactKind::IntegrationFlow, id: "Order_In".into() };
    assert_eq!(commands, load(reload), "the details show the new runtime status");
}

#[test]
fn undeploy_and_download_are_confirmed_too() {
    let mut app = app_on_details();
    app.handle(Event::char('u'));
    feed(&mut app, [Event::key(KeyCode::Right)]);
    assert_eq!(app.handle(Event::key(KeyCode::Enter)), load(Request::Undeploy { id: "Order_In".into() }));
    app.handle(Event::char('s'));
    assert!(app.confirmation().unwrap().question.starts_with("Download 'Order_In'"));
    let download = Request::Download { kind: ArtifactKind::IntegrationFlow, id: "Order_In".into() };
    assert_eq!(app.handle(Event::char('y')), load(download));
    let failed = cpi_tui::LoadError::new("forbidden: missing role");
    app.handle(Event::Loaded(Response::Downloaded { id: "Order_In".into(), result: Err(failed) }));
    let notice = app.notice().unwrap();
    assert!(notice.error && notice.text.contains("forbidden"), "{notice:?}");

    let mut app = app_on_runtime();
    app.handle(Event::char('u'));
    assert_eq!(app.handle(Event::char('y')), load(Request::Undeploy { id: "Order_In".into() }));
    let commands = app.handle(Event::Loaded(Response::Undeployed { id: "Order_In".into(), result: Ok(()) }));
    assert_eq!(commands, load(Request::Runtime), "the runtime list reloads");
}

#[test]
fn a_slow_load_shows_the_spinner_and_keys_still_work() {
    let (mut app, _) = started_app();
    assert!(app.is_loading());
    let first = draw(&app);
    assert!(first.contains("⠋ loading…"), "{first}");
    app.handle(Event::Tick);
    assert!(draw(&app).contains("⠙ loading…"), "the spinner turns with the ticks");
    assert_eq!(app.handle(Event::char('2')), load(Request::Runtime));
    app.handle(Event::char('?'));
    assert!(app.is_help_open());
    app.handle(Event::key(KeyCode::Esc));
    app.handle(Event::char('1'));
    assert!(app.is_loading(), "still waiting for the packages");
    app.handle(Event::Loaded(Response::Packages(Ok(packages()))));
    assert!(!app.is_loading());
    assert!(!draw(&app).contains("loading…"));
    app.handle(Event::char('2'));
    app.handle(Event::Loaded(Response::Runtime(Err(cpi_tui::LoadError::new("server error (HTTP 503): down")))));
    assert!(draw(&app).contains("✗ server error (HTTP 503): down"));
}

#[test]
fn the_monitor_refreshes_live_and_drops_stale_answers() {
    let mut app = app_on_messages();
    let no_refresh = feed(&mut app, (0..40).map(|_| Event::Tick));
    assert!(no_refresh.is_empty(), "live refresh is off at first");
    app.handle(Event::char('l'));
    let commands = feed(&mut app, (0..20).map(|_| Event::Tick));
    assert_eq!(commands, load(Request::Messages(Default::default())), "on: every 5 s (20 ticks)");
    let commands = app.handle(Event::char('s'));
    let Command::Load(Request::Messages(failed)) = &commands[0] else { panic!("{commands:?}") };
    assert_eq!(failed.status.as_deref(), Some("FAILED"));
    let stale = Response::Messages { filter: Default::default(), result: Ok(Vec::new()) };
    app.handle(Event::Loaded(stale));
    assert!(app.is_loading(), "an answer to the old filter is dropped");
    assert!(draw(&app).contains("AGXrM1Kx0002"), "the old rows stay until the new ones come");
}

#[test]
fn the_help_overlay_lists_the_screen_keys_and_swallows_others() {
    let mut app = app_on_messages();
    app.handle(Event::char('?'));
    let screen = draw(&app);
    assert!(screen.contains("Message monitor keys") && screen.contains("live refresh"), "{screen}");
    assert!(app.handle(Event::char('2')).is_empty());
    assert_eq!(app.tab(), Tab::Messages, "keys under the overlay do nothing");
    app.handle(Event::char('?'));
    assert!(!app.is_help_open());
}

#[test]
fn large_lists_page_and_draw_only_the_rows_that_fit() {
    let mut app = app_on_messages();
    let template = crate::fixtures::messages().remove(1);
    let logs: Vec<_> = (0..10_000)
        .map(|n| cpi_client::tenant::MessageLog { message_guid: format!("GUID{n:05}"), ..template.clone() })
        .collect();
    app.handle(Event::Loaded(Response::Messages { filter: Default::default(), result: Ok(logs) }));
    let top = draw(&app);
    assert!(top.contains("(10000)") && top.contains("▶ COMPLETED") && top.contains("GUID00000"), "{top}");
    assert!(!top.contains("GUID00020"), "rows below the fold are not drawn");
    app.handle(Event::key(KeyCode::End));
    let bottom = draw(&app);
    assert!(bottom.contains("GUID09999") && !bottom.contains("GUID00000"), "{bottom}");
    app.handle(Event::key(KeyCode::PageUp));
    let page_up = draw(&app);
    assert!(
        page_up.contains("▶ COMPLETED  Order_In           2024-03-01 10:15:00 2024-03-01 10:15:00 GUID09979"),
        "{page_up}"
    );
    feed(&mut app, [Event::key(KeyCode::Home), Event::key(KeyCode::PageDown), Event::char('j')]);
    assert!(
        draw(&app).contains("▶ COMPLETED  Order_In           2024-03-01 10:15:00 2024-03-01 10:15:00 GUID00021"),
        "a page (20 rows) and a row down"
    );
}

#[test]
fn until_is_typed_parsed_and_becomes_the_upper_bound_of_the_query() {
    let mut app = app_on_messages();
    let mut events = vec![Event::char('u')];
    events.extend(keys("q2?"));
    assert!(feed(&mut app, events).is_empty(), "typed keys are text");
    assert_eq!(app.tab(), Tab::Messages);
    assert!(draw(&app).contains("u Until: q2?▏"), "{}", draw(&app));
    assert!(app.handle(Event::key(KeyCode::Enter)).is_empty(), "a text that is no time is refused");
    assert!(draw(&app).contains("✗ 'q2?' is no age (2h) or UTC time (2024-03-01 10:15)"));
    feed(&mut app, (0..3).map(|_| Event::key(KeyCode::Backspace)).chain(keys("90m")));
    let commands = app.handle(Event::key(KeyCode::Enter));
    let Command::Load(Request::Messages(filter)) = &commands[0] else { panic!("{commands:?}") };
    assert_eq!(filter.until, Until::parse("90m").unwrap());
    let now = time::macros::datetime!(2024-03-01 12:00 UTC);
    assert_eq!(filter.query(now).until, Some(time::macros::datetime!(2024-03-01 10:30 UTC)), "LogEnd le now - 90 min");
    assert!(draw(&app).contains("u Until: 90 min ago"));

    feed(&mut app, [Event::char('u'), Event::char('x'), Event::key(KeyCode::Esc)]);
    assert!(draw(&app).contains("u Until: 90 min ago"), "Esc keeps the bound");
    let mut events = vec![Event::char('u')];
    events.extend((0..3).map(|_| Event::key(KeyCode::Backspace)));
    events.push(Event::key(KeyCode::Enter));
    let commands = feed(&mut app, events);
    assert_eq!(commands, load(Request::Messages(Default::default())), "emptied, the bound is gone");
    assert!(draw(&app).contains("u Until: now"));
    app.handle(Event::char('?'));
    assert!(draw(&app).contains("until: an age (2h, 1d) or a UTC time"), "the help names it");
}

#[test]
fn the_artifacts_list_deploys_and_undeploys_like_the_details() {
    let mut on_list = app_on_artifacts();
    let mut on_details = app_on_details();
    for key in ['d', 'u', 's'] {
        on_list.handle(Event::char(key));
        on_details.handle(Event::char(key));
        assert_eq!(on_list.confirmation(), on_details.confirmation(), "the same question and request for {key}");
        on_list.handle(Event::key(KeyCode::Esc));
        on_details.handle(Event::key(KeyCode::Esc));
    }
    on_list.handle(Event::key(KeyCode::Down));
    on_list.handle(Event::char('d'));
    assert_eq!(on_list.confirmation().unwrap().question, "Deploy iflow 'Order_Out' (version 1.1.0)?");
    let deploy = Request::Deploy { kind: ArtifactKind::IntegrationFlow, id: "Order_Out".into() };
    assert_eq!(on_list.handle(Event::char('y')), load(deploy));
    assert_eq!(on_list.busy().collect::<Vec<_>>(), ["Deploying 'Order_Out'"]);
    on_list.handle(Event::Loaded(Response::Deployed { id: "Order_Out".into(), result: Ok("STARTED".into()) }));
    assert_eq!(on_list.notice().unwrap().text, "'Order_Out' deployed: STARTED");
    assert_eq!(on_list.screen(), ScreenKind::Artifacts, "the list stays");
    on_list.handle(Event::char('u'));
    assert_eq!(on_list.handle(Event::char('y')), load(Request::Undeploy { id: "Order_Out".into() }));
    on_list.handle(Event::char('?'));
    assert!(draw(&on_list).contains("deploy (asks first)"), "the help lists the actions");
}
