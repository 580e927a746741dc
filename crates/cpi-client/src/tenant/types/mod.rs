//! The entities of the API as plain structs: read from the OData JSON format (properties in
//! PascalCase, absent properties as defaults, `/Date(ms)/` dates as [`time::OffsetDateTime`],
//! `Edm.Int64` text as numbers) and written back as JSON with ISO-8601 dates.
//!
//! Text properties are plain `String`s (empty when SAP sends `null`): the client drops `null`
//! properties before reading (see [`from_odata_value`](super::from_odata_value) for JSON read
//! elsewhere). `Type` properties are fields named `r#type`.

mod content;
mod monitoring;
mod partners;
mod security;

pub use content::{
    Artifact, ArtifactUpload, Configuration, DeployTask, EntryPoint, NewPackage, Package, Resource, RuntimeArtifact,
    ServiceEndpoint,
};
pub use monitoring::{IntegrationArtifact, MessageLog, MplAttachment};
pub use partners::{Partner, StringParameter};
pub use security::{
    KeystoreEntry, NewOAuth2ClientCredential, NewSecureParameter, NewUserCredential, OAuth2ClientCredential,
    SecureParameter, SecurityArtifactDescriptor, UserCredential,
};
