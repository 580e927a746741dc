//! The integration tests of `cpi`: real HTTP against `cpi serve` on port 0 with a fresh data dir.

mod harness;

mod cli;
mod content_errors;
mod content_lifecycle;
mod deploy_restart;

mod lifecycle;
mod log_files;
mod mpl_api;
mod mpl_retention;
mod odata_queries;
mod packages;
mod parameters;
mod piper;
mod process;
mod pyodata;
mod sap_actions;
mod security_content;
mod snapshots;
mod token_claims;
mod token_endpoint;
mod wire;
