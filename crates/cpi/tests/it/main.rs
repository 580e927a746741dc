//! The integration tests of `cpi`: real HTTP against `cpi serve` on port 0 with a fresh data dir.

mod harness;

mod broker;
mod cli;
mod cockpit;
mod content_errors;
mod content_lifecycle;
mod deploy_restart;
mod explore_pty;
mod explorer;

mod lifecycle;
mod log_files;
mod message_store;
mod mpl_api;
mod mpl_retention;
mod odata_queries;
mod packages;
mod parameters;
mod partner_directory;
mod piper;
mod process;
mod pyodata;
mod runtime;
mod sap_actions;
mod security_content;
mod snapshots;
mod token_claims;
mod token_endpoint;
mod wire;
