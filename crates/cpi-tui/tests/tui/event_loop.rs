//! The event loop with a test backend and a loader that does not answer: keys are handled
//! while the loads wait.

use std::time::Duration;

use cpi_tui::{App, Event, Settings, Tab, Theme, drive};
use crossterm::event::KeyCode;
use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::task::JoinHandle;

use crate::fixtures::FakeLoader;

/// Runs the event loop over a 100×30 test terminal and `loader` until `q`; the handle yields the
/// app and the last screen.
fn spawn_ui(loader: &FakeLoader) -> (mpsc::UnboundedSender<Event>, JoinHandle<(App, String)>) {
    let (keys, input) = mpsc::unbounded();
    let loader = loader.clone();
    let ui = tokio::spawn(async move {
        let mut app = App::new(Theme::plain());
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        drive(&mut app, loader, &mut terminal, input, Settings::default()).await.unwrap();
        (app, terminal.backend().to_string())
    });
    (keys, ui)
}

#[tokio::test(start_paused = true)]
async fn keys_are_handled_while_a_slow_tenant_keeps_loading() {
    let loader = FakeLoader::slow();
    let (keys, ui) = spawn_ui(&loader);
    for event in [Event::char('3'), Event::char('?'), Event::key(KeyCode::Esc), Event::char('1'), Event::char('q')] {
        tokio::time::sleep(Duration::from_millis(100)).await;
        keys.unbounded_send(event).unwrap();
    }
    let (app, screen) = tokio::time::timeout(Duration::from_secs(60), ui).await.expect("q quits").unwrap();
    assert_eq!(app.tab(), Tab::Packages);
    assert!(app.is_loading(), "the packages never came");
    assert!(screen.contains("loading…"), "{screen}");
    assert_eq!(loader.calls(), ["packages", "message_logs None None"]);
    drop(keys);
}

#[tokio::test(start_paused = true)]
async fn responses_arrive_over_the_channel_and_are_drawn() {
    let loader = FakeLoader::slow();
    let (keys, ui) = spawn_ui(&loader);
    tokio::time::sleep(Duration::from_secs(1)).await;
    loader.gate.add_permits(100);
    tokio::time::sleep(Duration::from_secs(1)).await;
    keys.unbounded_send(Event::char('q')).unwrap();
    let (_, screen) = tokio::time::timeout(Duration::from_secs(60), ui).await.unwrap().unwrap();
    assert!(screen.contains("Invoice Processing") && !screen.contains("loading…"), "{screen}");
}
