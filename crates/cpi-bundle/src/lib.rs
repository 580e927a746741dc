//! SAP Cloud Integration artifact bundles, read and written in memory. Pure: no I/O, no async.
//!
//! # The bundle format
//!
//! An artifact (integration flow, value mapping, script collection, message mapping) travels as
//! a zip, with or without directory entries:
//!
//! * `META-INF/MANIFEST.MF` (required): a JAR manifest with 72-byte lines (a line starting with a
//!   space continues the previous one). `Bundle-SymbolicName` minus `;singleton:=true` is the
//!   artifact id, `Bundle-Name` its name, `Bundle-Version` its version, and `SAP-BundleType` its
//!   kind ([`BundleType`]).
//! * `metainfo.prop` (optional, Java properties): `description`, `source`, `target` ([`MetaInfo`]).
//! * `src/main/resources/scenarioflows/integrationflow/<name>.iflw`: exactly one per integration
//!   flow, a BPMN2 document whose steps and channels carry `ifl:property` key/value lists
//!   ([`IntegrationFlowModel`]). Values may use externalized parameters `{{Name}}`
//!   ([`substitute_placeholders`]).
//! * `src/main/resources/parameters.prop` (Java properties: values) and `parameters.propdef`
//!   (XML: names, types, descriptions) define the OData `Configurations`
//!   ([`ConfigurationParameter`]).
//! * Resources under `src/main/resources/{script,mapping,xsd,wsdl,edmx,lib}/` ([`Resource`],
//!   [`resource_type_of`]).
//! * A value mapping has `value_mapping.xml` at the root instead of an `.iflw`.
//!
//! An integration *package* export is another zip ([`PackageArchive`]): `resources.cnt` (base64
//! of a JSON index of the package and its artifacts), one `<resourceId>_content` entry holding
//! each artifact zip, `contentmetadata.md` and `ExportInformation.info`.
//!
//! # Reading untrusted zips
//!
//! [`Bundle::read`] enforces [`Limits`] on the zip size, the number of entries and the bytes
//! actually decompressed (headers are not trusted); rejects absolute names, drive letters and
//! `..` segments (with `/` or `\`); ignores directory entries; requires the manifest; and checks
//! per bundle type: one well-formed BPMN2 `.iflw` (plus a well-formed `parameters.propdef` if
//! present) for integration flows, a well-formed `value_mapping.xml` for value mappings.
//! Independently of the limits, a bundle holds at most 65 535 files and 1 GiB, so that it can
//! always be written back as a plain zip.
//!
//! [`Bundle::to_zip`] is deterministic: entries in bundle order, fixed 1980-01-01 timestamps,
//! deflate (or stored when deflate does not help).

mod archive;
mod builder;
mod bundle;
mod configuration;
mod error;
mod iflow_model;
mod limits;
mod manifest;
mod message_archive;
mod metainfo;
mod package;
mod placeholder;
mod properties;
mod resource;
mod xml_tree;

pub use builder::{ContentModifierStep, FlowStep, HttpReceiver, IflowBuilder, ModifierRow, RouteCondition, RouterStep};
pub use bundle::Bundle;
pub use configuration::ConfigurationParameter;
pub use error::{BundleError, MissingParameter};
pub use iflow_model::{
    BPMN2_NAMESPACE, Channel, FlowElement, FlowProcess, IFL_NAMESPACE, IflProperties, IntegrationFlowModel,
    Participant, SenderEndpoint, SequenceFlow, property,
};
pub use limits::Limits;
pub use manifest::{BundleType, Manifest};
pub use message_archive::message_archive;
pub use metainfo::MetaInfo;
pub use package::{PackageArchive, PackagedArtifact, read_package, write_package};
pub use placeholder::{placeholder_names, substitute_placeholders};
pub use resource::{Resource, resource_type_of, resource_types};

#[cfg(test)]
mod test_fixtures;
