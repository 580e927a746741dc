//! The OData V2 engine of the Cloud Integration API v1, pure (no I/O): the entity model and
//! SAP's service model built from it, key predicates and resource paths, system query options
//! with the `$filter` parser, and the representations (JSON verbose, Atom XML, EDMX
//! `$metadata`). Errors are data ([`ODataError`]) with SAP's status and body.

pub mod atom;
pub mod edmx;
mod error;
pub mod eval;
pub mod json;
pub mod model;
pub mod query;
pub mod service;
pub mod typecheck;
pub mod value;

pub use error::*;

/// The schema namespace of the Cloud Integration API.
pub const NAMESPACE: &str = "com.sap.hci.api";
/// The entity container's name.
pub const CONTAINER: &str = "DefaultContainer";
