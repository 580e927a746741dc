//! PartnerDirectory entity types: partners and their parameters, alternative partner ids and
//! authorized users. SAP publishes no `$metadata` for this service; the types follow its API
//! specification.

use super::{opt, req};
use crate::model::{EdmType, EntityType, Property};

/// Who changed an entry and when, on every partner directory entry.
macro_rules! audited {
    ($($property:expr),* $(,)?) => {
        &[
            $($property,)*
            opt("LastModifiedBy"),
            Property::new("LastModifiedTime", EdmType::DateTime),
            opt("CreatedBy"),
            Property::new("CreatedTime", EdmType::DateTime),
        ]
    };
}

/// A parameter of a partner: `Pid`, `Id`, who and when, then its own properties (SAP's
/// `Parameter` definition and every example put the value after the audit fields).
macro_rules! parameter {
    ($($property:expr),* $(,)?) => {
        &[
            req("Pid"),
            req("Id"),
            opt("LastModifiedBy"),
            Property::new("LastModifiedTime", EdmType::DateTime),
            opt("CreatedBy"),
            Property::new("CreatedTime", EdmType::DateTime),
            $($property,)*
        ]
    };
}

/// `Partner`: a partner id; it exists while any entry refers to it.
pub static PARTNER: EntityType =
    EntityType { name: "Partner", keys: &["Pid"], properties: &[req("Pid")], navigations: &[], has_stream: false };

/// `StringParameter`: a text value of a partner.
pub static STRING_PARAMETER: EntityType = EntityType {
    name: "StringParameter",
    keys: &["Pid", "Id"],
    properties: parameter![opt("Value")],
    navigations: &[],
    has_stream: false,
};

/// `BinaryParameter`: a binary value of a partner (base64 in JSON) with its content type.
pub static BINARY_PARAMETER: EntityType = EntityType {
    name: "BinaryParameter",
    keys: &["Pid", "Id"],
    properties: parameter![opt("ContentType"), Property::new("Value", EdmType::Binary)],
    navigations: &[],
    has_stream: false,
};

/// `UserCredentialParameter`: a user and password of a partner (the password is never read).
pub static USER_CREDENTIAL_PARAMETER: EntityType = EntityType {
    name: "UserCredentialParameter",
    keys: &["Pid", "Id"],
    properties: parameter![opt("User"), opt("Password")],
    navigations: &[],
    has_stream: false,
};

/// `AlternativePartner`: another identification of a partner (agency, scheme, id), keyed by
/// the hex encodings of the three.
pub static ALTERNATIVE_PARTNER: EntityType = EntityType {
    name: "AlternativePartner",
    keys: &["Hexagency", "Hexscheme", "Hexid"],
    properties: audited![
        req("Hexagency"),
        req("Hexscheme"),
        req("Hexid"),
        opt("Agency"),
        opt("Scheme"),
        opt("Id"),
        opt("Pid"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `AuthorizedUser`: a user allowed to send messages as a partner.
pub static AUTHORIZED_USER: EntityType = EntityType {
    name: "AuthorizedUser",
    keys: &["User"],
    properties: audited![req("User"), opt("Pid")],
    navigations: &[],
    has_stream: false,
};
