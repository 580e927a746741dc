//! One module per command group.

pub mod admin;
pub mod client;
pub mod explore;
pub mod logging;
pub mod mpl;
pub mod output;
pub mod serve;
pub mod users;
