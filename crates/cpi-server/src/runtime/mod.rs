//! The integration-flow runtime: `/http/<address>` endpoints of deployed flows. The registry
//! maps addresses to compiled flows, the inbound handler authenticates and authorizes the
//! sender as Cloud Integration does, runs the flow with `cpi_flow::engine`, and writes the
//! message processing log through the group-commit writer.

pub mod adapters;
pub mod inbound;
pub mod loader;
pub mod mpl;
pub mod mpl_writer;
pub mod registry;

/// The runtime's shared parts, held in the application state.
#[derive(Debug)]
pub struct RuntimeParts {
    /// Deployed flows by address.
    pub registry: registry::FlowRegistry,
    /// The HTTP client of receiver calls.
    pub http: reqwest::Client,
    /// The group-commit writer of message processing logs.
    pub mpl: mpl_writer::MplWriter,
}

impl RuntimeParts {
    /// Starts the MPL writer over the store.
    pub fn start(store: std::sync::Arc<dyn cpi_store::Store>) -> RuntimeParts {
        let (mpl, _task) = mpl_writer::MplWriter::spawn(store, mpl_writer::MplWriterOptions::default());
        RuntimeParts { registry: registry::FlowRegistry::default(), http: adapters::receiver_client(), mpl }
    }
}
