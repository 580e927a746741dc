//! `/` in text views (an error text, an attachment's payload, a deployment's error): Enter finds
//! and highlights, `n`/`N` step with wrapping, Esc clears.

use cpi_tui::{Command, Event, Response, RuntimeDetails, screens::ScreenKind};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use crate::fixtures::{RUNTIME_ERROR, draw, feed, keys, runtime};
use crate::snapshots::{app_on_attachment, app_on_message_details, app_on_runtime};

/// `/`, the query, Enter.
fn search(query: &str) -> Vec<Event> {
    let mut events = vec![Event::char('/')];
    events.extend(keys(query));
    events.push(Event::key(KeyCode::Enter));
    events
}

/// The status line (the last row of the screen).
fn status(app: &cpi_tui::App) -> String {
    draw(app).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn enter_finds_n_and_shift_n_step_and_wrap() {
    let mut app = app_on_message_details();
    draw(&app);
    let commands = feed(&mut app, std::iter::once(Event::char('/')).chain(keys("the q2?")));
    assert!(commands.is_empty() && app.is_searching(), "typed keys are text");
    assert!(status(&app).contains("/the q2?▏  Enter finds, Esc cancels"), "{}", status(&app));
    feed(&mut app, (0..4).map(|_| Event::key(KeyCode::Backspace)));
    app.handle(Event::key(KeyCode::Enter));
    assert!(!app.is_searching());
    assert!(status(&app).contains("match 1 of 3 for /the"), "{}", status(&app));
    app.handle(Event::char('n'));
    assert!(status(&app).contains("match 2 of 3 for /the"));
    app.handle(Event::char('n'));
    app.handle(Event::char('n'));
    assert!(status(&app).contains("match 1 of 3 for /the"), "n wraps to the first");
    app.handle(Event::char('N'));
    assert!(status(&app).contains("match 3 of 3 for /the"), "N wraps to the last");

    feed(&mut app, search("nowhere"));
    assert!(status(&app).contains("✗ no match for /nowhere"), "{}", status(&app));
    assert!(app.handle(Event::key(KeyCode::Esc)).is_empty(), "Esc clears the search");
    assert!(!status(&app).contains("match"));
    assert_eq!(app.screen(), ScreenKind::MessageDetails);
    assert!(app.handle(Event::char('n')).is_empty(), "n without a search does nothing");
    app.handle(Event::key(KeyCode::Esc));
    assert_eq!(app.screen(), ScreenKind::Messages, "then Esc goes back");
}

#[test]
fn the_matches_are_drawn_highlighted() {
    let mut app = app_on_message_details();
    feed(&mut app, search("json"));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let row = (0..30).find(|&y| line_of(buffer, y).contains("the JSON is invalid")).unwrap();
    let line = line_of(buffer, row);
    let column = u16::try_from(line[..line.find("JSON").unwrap()].chars().count()).unwrap();
    let marked = |x: u16| buffer[(x, row)].modifier.contains(Modifier::REVERSED);
    assert!((column..column + 4).all(marked), "the match is reversed (no colors in tests)");
    assert!(!marked(column - 2) && !marked(column + 5), "the rest is not");
}

/// The text of a row of the buffer, a character per cell.
fn line_of(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().chars().next().unwrap_or(' ')).collect()
}

#[test]
fn esc_in_the_prompt_cancels_and_clears_the_highlights() {
    let mut app = app_on_message_details();
    feed(&mut app, search("json"));
    assert!(status(&app).contains("match 1 of 1 for /json"));
    feed(&mut app, [Event::char('/'), Event::key(KeyCode::Esc)]);
    assert!(!app.is_searching() && !status(&app).contains("match"));
    assert!(app.handle(Event::char('n')).is_empty());
    assert!(!status(&app).contains("match"), "nothing to step through any more");
}

#[test]
fn the_first_match_of_a_long_payload_is_scrolled_into_view() {
    let payload: String =
        (0..300).map(|n| format!("line {n:03}{}\n", if n == 150 { " <sku>A-1</sku>" } else { "" })).collect();
    let mut app = app_on_attachment(&payload);
    assert!(draw(&app).contains("line 000") && !draw(&app).contains("line 150"));
    feed(&mut app, search("SKU"));
    let screen = draw(&app);
    assert!(screen.contains("line 150 <sku>A-1</sku>") && !screen.contains("line 000"), "{screen}");
    assert!(screen.contains("match 1 of 2 for /SKU"), "both tags of the line match");
    app.handle(Event::key(KeyCode::Home));
    assert!(draw(&app).contains("line 000"), "the arrows still scroll");
}

#[test]
fn the_attachments_take_the_search_after_right() {
    let mut app = app_on_message_details();
    feed(&mut app, [Event::key(KeyCode::Right), Event::char('/')]);
    assert!(status(&app).contains("Enter keeps the filter, Esc clears it"), "a list search: {}", status(&app));
    feed(&mut app, keys("zzz"));
    assert!(draw(&app).contains("nothing matches /zzz"));
    feed(&mut app, [Event::key(KeyCode::Esc), Event::key(KeyCode::Left)]);
    feed(&mut app, search("mpl"));
    assert!(status(&app).contains("match 1 of 1 for /mpl"), "← gives it back to the error text");
    let commands: Vec<Command> = app.handle(Event::key(KeyCode::Enter));
    assert!(commands.iter().any(|command| matches!(command, Command::Load(_))), "Enter still opens the attachment");
    assert_eq!(app.screen(), ScreenKind::Attachment);
}

#[test]
fn a_deployment_error_is_searched_too() {
    let mut app = app_on_runtime();
    feed(&mut app, [Event::key(KeyCode::Down), Event::key(KeyCode::Enter)]);
    let failed = runtime().into_iter().find(|artifact| artifact.status == "ERROR");
    let result = Ok(RuntimeDetails { artifact: failed, error: Some(RUNTIME_ERROR.into()) });
    app.handle(Event::Loaded(Response::RuntimeDetails { id: "Order_Out".into(), result }));
    feed(&mut app, search("receiver"));
    assert!(status(&app).contains("match 1 of 2 for /receiver"), "{}", status(&app));
    app.handle(Event::char('?'));
    assert!(draw(&app).contains("search the text; next, previous match (Esc clears)"));
}
