//! The integration tests of `cpi`: real HTTP against `cpi serve` on port 0 with a fresh data dir.

mod harness;

mod cli;
mod deploy_restart;

mod lifecycle;
mod packages;
mod parameters;
mod process;
mod snapshots;
mod token_claims;
mod token_endpoint;
