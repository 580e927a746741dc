//! Tests of the terminal UI without a terminal or a tenant: the app's behaviour, snapshots of
//! every screen (a 100 × 30 test backend), the executor and the event loop with a fake loader.

mod app;
mod event_loop;
mod execute;
mod fixtures;
mod snapshots;
mod text_search;
