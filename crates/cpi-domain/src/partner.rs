//! The Partner Directory: partners and their entries (string and binary parameters,
//! alternative partner identifications, authorized users), with SAP's limits. Facts: the
//! Partner Directory API specification and SAP's "Partner Directory" documentation page.

use time::OffsetDateTime;

/// Longest partner id (`Pid`), in characters.
pub const MAX_PID_CHARS: usize = 60;
/// Longest parameter id (`Id` of string and binary parameters), in characters.
pub const MAX_PARAMETER_ID_CHARS: usize = 1500;
/// Longest string parameter value, in characters.
pub const MAX_STRING_VALUE_CHARS: usize = 4000;
/// Largest binary parameter value, in bytes once decoded. SAP's documentation gives 262144
/// bytes for `Value` (the same page also says "a binary parameter has a maximum size of 1,5 MB";
/// the specification gives 262144 as the base64 text's length). We hold the decoded bytes to
/// 262144.
pub const MAX_BINARY_VALUE_BYTES: usize = 262_144;
/// Longest authorized user name, in characters.
pub const MAX_USER_CHARS: usize = 150;
/// Longest agency and scheme of an alternative partner, in characters.
pub const MAX_AGENCY_CHARS: usize = 120;
/// Longest id of an alternative partner, in characters (SAP's documentation; its specification
/// says 60, which real ids exceed).
pub const MAX_ALTERNATIVE_ID_CHARS: usize = 225;
/// Longest binary parameter content type, in characters.
pub const MAX_CONTENT_TYPE_CHARS: usize = 300;

/// The content types a binary parameter may have (SAP's documentation).
pub const BINARY_CONTENT_TYPES: [&str; 9] = ["xml", "xsl", "xsd", "json", "text", "zip", "gz", "zlib", "crt"];
/// The content types that may name an encoding (`xml;encoding=UTF-8`).
const TEXT_CONTENT_TYPES: [&str; 5] = ["xml", "xsl", "xsd", "json", "text"];

/// Who created an entry and who changed it last, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// Creator.
    pub created_by: String,
    /// Creation time.
    pub created_time: OffsetDateTime,
    /// Last changer.
    pub last_modified_by: String,
    /// Last change.
    pub last_modified_time: OffsetDateTime,
}

impl Audit {
    /// A new entry's audit: created and last changed by `by` at `at`.
    pub fn new(by: &str, at: OffsetDateTime) -> Audit {
        Audit { created_by: by.to_owned(), created_time: at, last_modified_by: by.to_owned(), last_modified_time: at }
    }
}

/// A text value of a partner (`StringParameters(Pid,Id)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringParameter {
    /// Partner id.
    pub pid: String,
    /// Parameter id.
    pub id: String,
    /// The value.
    pub value: String,
    /// Who and when.
    pub audit: Audit,
}

/// A binary value of a partner (`BinaryParameters(Pid,Id)`): an XSLT, a schema, a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryParameter {
    /// Partner id.
    pub pid: String,
    /// Parameter id.
    pub id: String,
    /// One of [`BINARY_CONTENT_TYPES`], with an optional `;encoding=…` for text types.
    pub content_type: String,
    /// The bytes.
    pub value: Vec<u8>,
    /// Who and when.
    pub audit: Audit,
}

/// The key of an alternative partner: the uppercase hex of its agency, scheme and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlternativePartnerKey {
    /// Hex of the agency.
    pub hexagency: String,
    /// Hex of the scheme.
    pub hexscheme: String,
    /// Hex of the id.
    pub hexid: String,
}

/// Another identification of a partner: an id issued by an agency within a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlternativePartner {
    /// The issuing organisation.
    pub agency: String,
    /// The identification scheme.
    pub scheme: String,
    /// The id within the scheme.
    pub id: String,
    /// The partner it identifies.
    pub pid: String,
    /// Who and when.
    pub audit: Audit,
}

impl AlternativePartner {
    /// Its key.
    pub fn key(&self) -> AlternativePartnerKey {
        AlternativePartnerKey { hexagency: hex(&self.agency), hexscheme: hex(&self.scheme), hexid: hex(&self.id) }
    }
}

/// A user allowed to send messages as a partner (`AuthorizedUsers('User')`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizedUser {
    /// The user.
    pub user: String,
    /// The partner.
    pub pid: String,
    /// Who and when.
    pub audit: Audit,
}

/// One entry of the Partner Directory, as created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerEntry {
    /// A string parameter.
    String(StringParameter),
    /// A binary parameter.
    Binary(BinaryParameter),
    /// An alternative partner.
    Alternative(AlternativePartner),
    /// An authorized user.
    AuthorizedUser(AuthorizedUser),
}

impl PartnerEntry {
    /// The kind of entry.
    pub fn kind(&self) -> PartnerEntryKind {
        match self {
            PartnerEntry::String(_) => PartnerEntryKind::StringParameters,
            PartnerEntry::Binary(_) => PartnerEntryKind::BinaryParameters,
            PartnerEntry::Alternative(_) => PartnerEntryKind::AlternativePartners,
            PartnerEntry::AuthorizedUser(_) => PartnerEntryKind::AuthorizedUsers,
        }
    }
}

/// The change of an entry's non-key fields (what a PUT may change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerUpdate {
    /// A string parameter's value.
    String {
        /// Partner id.
        pid: String,
        /// Parameter id.
        id: String,
        /// New value.
        value: String,
    },
    /// A binary parameter's content type and value.
    Binary {
        /// Partner id.
        pid: String,
        /// Parameter id.
        id: String,
        /// New content type.
        content_type: String,
        /// New bytes.
        value: Vec<u8>,
    },
    /// The partner an alternative identification belongs to.
    Alternative {
        /// Which one.
        key: AlternativePartnerKey,
        /// New partner.
        pid: String,
    },
    /// The partner an authorized user sends as.
    AuthorizedUser {
        /// Which user.
        user: String,
        /// New partner.
        pid: String,
    },
}

/// The key of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerEntryKey {
    /// `StringParameters(Pid,Id)`.
    String {
        /// Partner id.
        pid: String,
        /// Parameter id.
        id: String,
    },
    /// `BinaryParameters(Pid,Id)`.
    Binary {
        /// Partner id.
        pid: String,
        /// Parameter id.
        id: String,
    },
    /// `AlternativePartners(Hexagency,Hexscheme,Hexid)`.
    Alternative(AlternativePartnerKey),
    /// `AuthorizedUsers('User')`.
    AuthorizedUser(String),
}

/// The kinds of entries a partner has (the entity sets `DELETE Partners('P')?exclude=` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerEntryKind {
    /// `StringParameters`.
    StringParameters,
    /// `BinaryParameters`.
    BinaryParameters,
    /// `AlternativePartners`.
    AlternativePartners,
    /// `AuthorizedUsers`.
    AuthorizedUsers,
    /// `UserCredentialParameters` (written through the security content's sealed credentials).
    UserCredentialParameters,
}

impl PartnerEntryKind {
    /// Every kind.
    pub const ALL: [PartnerEntryKind; 5] = [
        PartnerEntryKind::StringParameters,
        PartnerEntryKind::BinaryParameters,
        PartnerEntryKind::AlternativePartners,
        PartnerEntryKind::AuthorizedUsers,
        PartnerEntryKind::UserCredentialParameters,
    ];

    /// Its entity set.
    pub fn entity_set(self) -> &'static str {
        match self {
            PartnerEntryKind::StringParameters => "StringParameters",
            PartnerEntryKind::BinaryParameters => "BinaryParameters",
            PartnerEntryKind::AlternativePartners => "AlternativePartners",
            PartnerEntryKind::AuthorizedUsers => "AuthorizedUsers",
            PartnerEntryKind::UserCredentialParameters => "UserCredentialParameters",
        }
    }

    /// The kind whose entity set this is.
    pub fn from_entity_set(name: &str) -> Option<PartnerEntryKind> {
        PartnerEntryKind::ALL.into_iter().find(|kind| kind.entity_set() == name)
    }
}

/// A Partner Directory field that breaks SAP's rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartnerError {
    /// Missing or empty.
    #[error("Property '{0}' is required and must not be empty.")]
    Missing(&'static str),
    /// Longer than allowed.
    #[error("Property '{field}' is longer than {max} characters.")]
    TooLong {
        /// The property.
        field: &'static str,
        /// Its limit.
        max: usize,
    },
    /// Holds a control character.
    #[error("Property '{0}' must not contain control characters.")]
    ControlCharacter(&'static str),
    /// An unsupported binary content type.
    #[error(
        "ContentType '{0}' is not supported: use one of xml, xsl, xsd, json, text, zip, gz, zlib, crt \
         (xml, xsl, xsd, json and text may add an encoding, e.g. xml;encoding=UTF-8)."
    )]
    ContentType(String),
    /// A binary value over the limit.
    #[error("The binary value has {0} bytes; at most {max} are allowed.", max = MAX_BINARY_VALUE_BYTES)]
    ValueTooLarge(usize),
}

/// Checks a text field: present (non-empty unless `may_be_empty`), at most `max` characters, no
/// control characters.
pub fn check_text(field: &'static str, value: &str, max: usize, may_be_empty: bool) -> Result<(), PartnerError> {
    if value.is_empty() && !may_be_empty {
        return Err(PartnerError::Missing(field));
    }
    if value.chars().count() > max {
        return Err(PartnerError::TooLong { field, max });
    }
    if value.chars().any(char::is_control) {
        return Err(PartnerError::ControlCharacter(field));
    }
    Ok(())
}

/// Checks a partner id.
pub fn check_pid(pid: &str) -> Result<(), PartnerError> {
    check_text("Pid", pid, MAX_PID_CHARS, false)
}

/// Checks a binary content type: `xml`, `zip`, … or a text type with `;encoding=<charset>`.
pub fn check_binary_content_type(content_type: &str) -> Result<(), PartnerError> {
    let unsupported = || PartnerError::ContentType(content_type.to_owned());
    if content_type.is_empty() {
        return Err(PartnerError::Missing("ContentType"));
    }
    if content_type.chars().count() > MAX_CONTENT_TYPE_CHARS {
        return Err(PartnerError::TooLong { field: "ContentType", max: MAX_CONTENT_TYPE_CHARS });
    }
    let (base, parameter) = match content_type.split_once(';') {
        Some((base, parameter)) => (base.trim(), Some(parameter.trim())),
        None => (content_type.trim(), None),
    };
    if !BINARY_CONTENT_TYPES.iter().any(|t| t.eq_ignore_ascii_case(base)) {
        return Err(unsupported());
    }
    let Some(parameter) = parameter else { return Ok(()) };
    let charset = parameter
        .split_once('=')
        .filter(|(name, _)| name.trim().eq_ignore_ascii_case("encoding"))
        .map(|(_, value)| value.trim())
        .ok_or_else(unsupported)?;
    let text_type = TEXT_CONTENT_TYPES.iter().any(|t| t.eq_ignore_ascii_case(base));
    let valid_charset = !charset.is_empty()
        && charset.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    if text_type && valid_charset { Ok(()) } else { Err(unsupported()) }
}

/// Checks a binary value's size.
pub fn check_binary_value(value: &[u8]) -> Result<(), PartnerError> {
    if value.len() > MAX_BINARY_VALUE_BYTES {
        return Err(PartnerError::ValueTooLarge(value.len()));
    }
    Ok(())
}

/// The uppercase hex of a text's UTF-8 bytes (`AgencyXYZ` → `4167656E637958595A`), as SAP keys
/// alternative partners.
pub fn hex(text: &str) -> String {
    use std::fmt::Write;
    text.bytes().fold(String::with_capacity(text.len() * 2), |mut out, byte| {
        let _ = write!(out, "{byte:02X}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_keys_match_sap_examples() {
        assert_eq!(hex("AgencyXYZ"), "4167656E637958595A");
        assert_eq!(hex("LONG"), "4C4F4E47");
        assert_eq!(hex("Receiver Premium"), "5265636569766572205072656D69756D");
        assert_eq!(hex("Receiver 2"), "52656365697665722032");
        assert_eq!(hex("ü"), "C3BC", "UTF-8 bytes");
        assert_eq!(hex(""), "");
    }

    #[test]
    fn content_types_follow_the_documented_list() {
        for ok in ["xml", "xsl", "xsd", "json", "text", "zip", "gz", "zlib", "crt", "XML", "xml;encoding=UTF-8"] {
            assert_eq!(check_binary_content_type(ok), Ok(()), "{ok}");
        }
        assert_eq!(check_binary_content_type("json; encoding=ISO-8859-1"), Ok(()));
        for bad in ["pdf", "application/xml", "zip;encoding=UTF-8", "xml;charset=UTF-8", "xml;encoding=", "xml;x"] {
            assert!(matches!(check_binary_content_type(bad), Err(PartnerError::ContentType(_))), "{bad}");
        }
        assert_eq!(check_binary_content_type(""), Err(PartnerError::Missing("ContentType")));
    }

    #[test]
    fn text_fields_have_limits() {
        assert_eq!(check_pid("Sender_BASIC"), Ok(()));
        assert_eq!(check_pid(""), Err(PartnerError::Missing("Pid")));
        assert_eq!(check_pid(&"p".repeat(60)), Ok(()));
        assert_eq!(check_pid(&"p".repeat(61)), Err(PartnerError::TooLong { field: "Pid", max: 60 }));
        assert_eq!(check_pid(&"ü".repeat(60)), Ok(()), "characters, not bytes");
        assert_eq!(check_pid("a\nb"), Err(PartnerError::ControlCharacter("Pid")));
        assert_eq!(check_text("Value", "", 4000, true), Ok(()));
    }

    #[test]
    fn binary_values_are_limited_to_262144_bytes() {
        assert_eq!(check_binary_value(&vec![0; MAX_BINARY_VALUE_BYTES]), Ok(()));
        assert_eq!(check_binary_value(&vec![0; MAX_BINARY_VALUE_BYTES + 1]), Err(PartnerError::ValueTooLarge(262_145)));
    }

    #[test]
    fn kinds_name_their_entity_sets() {
        for kind in PartnerEntryKind::ALL {
            assert_eq!(PartnerEntryKind::from_entity_set(kind.entity_set()), Some(kind));
        }
        assert_eq!(PartnerEntryKind::from_entity_set("Partners"), None);
    }
}
