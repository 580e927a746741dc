//! The integration-flow runtime's pure part.
//!
//! * [`message`]: the message a flow works on (body, case-insensitive headers, properties).
//! * [`scope`]: what expressions can read ([`Scope`]).
//! * [`simple`]: the Camel Simple subset used by Content Modifiers, receivers and routers.
//! * [`condition`]: router conditions (`NonXML`).
//! * [`xpath`]: the XPath subset of XML router conditions and Content Modifier rows.
//! * [`convert`]: the JSON to XML and XML to JSON converters.
//! * [`compile`]: an `.iflw` model plus configured parameter values → a [`CompiledFlow`], or
//!   the exact step that this runtime cannot run.
//! * [`engine`]: runs a compiled flow over a message; receivers and credentials are behind
//!   [`engine::Adapters`].
//!
//! Nothing here does I/O or reads the clock: the time of a run is passed in.

pub mod compile;
pub mod condition;
pub mod convert;
pub mod engine;
pub mod message;
pub mod scope;
pub mod simple;
pub mod xpath;

pub use compile::{CompileError, CompiledFlow, SenderSettings};
pub use message::{Headers, Message, Properties};
pub use scope::Scope;
