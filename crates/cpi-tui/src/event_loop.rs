//! The event loop: draws the app, feeds it keys, ticks and the responses of background tasks,
//! and runs its commands as tokio tasks that send their responses back over a channel. A slow
//! tenant only keeps its screen loading; keys keep being handled.

use std::sync::Arc;
use std::time::Duration;

use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

use crate::app::App;
use crate::error::TuiError;
use crate::event::{Command, Event};
use crate::execute::{Settings, execute};
use crate::loader::Loader;
use crate::request::Response;

/// How often the app gets a [`Event::Tick`].
pub const TICK: Duration = Duration::from_millis(250);

/// Runs the app until it quits or `input` ends: draws after every event, and aborts the
/// background tasks still running at the end.
pub async fn drive<L, B, S>(
    app: &mut App,
    loader: L,
    terminal: &mut Terminal<B>,
    mut input: S,
    settings: Settings,
) -> Result<(), TuiError>
where
    L: Loader,
    B: Backend,
    S: Stream<Item = Event> + Unpin,
{
    let (sender, mut responses) = mpsc::unbounded_channel::<Response>();
    let settings = Arc::new(settings);
    let mut tasks = JoinSet::new();
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut commands = app.start();
    loop {
        for command in commands.drain(..) {
            let Command::Load(request) = command else { return Ok(()) };
            let (loader, settings, sender) = (loader.clone(), Arc::clone(&settings), sender.clone());
            tasks.spawn(async move {
                let response = execute(&loader, request, &settings).await;
                // The receiver is gone only when the loop has ended.
                let _ = sender.send(response);
            });
        }
        terminal.draw(|frame| app.render(frame)).map_err(|error| TuiError::Draw(error.to_string()))?;
        let event = tokio::select! {
            event = input.next() => match event {
                Some(event) => event,
                None => return Ok(()),
            },
            Some(response) = responses.recv() => Event::Loaded(response),
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
            _ = ticker.tick() => Event::Tick,
        };
        commands = app.handle(event);
    }
}

/// The terminal's key presses and resizes, ending at the first read error.
pub fn terminal_events() -> impl Stream<Item = Event> + Unpin {
    crossterm::event::EventStream::new()
        .take_while(|event| std::future::ready(event.is_ok()))
        .filter_map(|event| std::future::ready(event.ok().and_then(Event::from_terminal)))
}
