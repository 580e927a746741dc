//! From a bundle to what the store keeps: the artifact's fields from its manifest and
//! `metainfo.prop`, its configurations and its resources; and the body fields of uploads.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use cpi_bundle::{Bundle, BundleType, Limits};
use cpi_domain::content::{ArtifactKind, ConfigurationEntry, DesigntimeArtifact, ResourceEntry};
use cpi_odata::ODataError;
use cpi_store::ArtifactContent;

use crate::http::errors::TenantError;

/// The limits on uploaded bundles.
pub const BUNDLE_LIMITS: Limits = Limits::DEFAULT;

/// Who changes an artifact, and when it was created.
#[derive(Debug, Clone)]
pub struct Authorship {
    /// Creator.
    pub created_by: String,
    /// Created.
    pub created_at: OffsetDateTime,
    /// Who changes it now.
    pub modified_by: String,
    /// Now.
    pub modified_at: OffsetDateTime,
}

/// Everything the store keeps of an artifact whose bundle is `bundle`.
pub fn artifact_content(
    bundle: &Bundle,
    kind: ArtifactKind,
    package_id: &str,
    authorship: Authorship,
) -> Result<ArtifactContent, TenantError> {
    let manifest = bundle.manifest();
    let metainfo = bundle.metainfo();
    let configurations = bundle
        .configurations()
        .map_err(bad_bundle)?
        .into_iter()
        .map(|c| ConfigurationEntry { key: c.key, value: c.value, data_type: c.data_type, description: c.description })
        .collect();
    let resources = bundle
        .resources()
        .into_iter()
        .map(|r| ResourceEntry {
            size: i64::try_from(r.content.len()).unwrap_or(i64::MAX),
            name: r.name,
            resource_type: r.resource_type,
            referenced_resource_type: r.referenced_resource_type,
        })
        .collect();
    Ok(ArtifactContent {
        artifact: DesigntimeArtifact {
            kind,
            id: manifest.id.clone(),
            version: manifest.version.clone(),
            package_id: package_id.to_owned(),
            name: manifest.name.clone(),
            description: metainfo.description.clone(),
            sender: metainfo.source.clone(),
            receiver: metainfo.target.clone(),
            created_by: authorship.created_by,
            created_at: authorship.created_at,
            modified_by: authorship.modified_by,
            modified_at: authorship.modified_at,
        },
        bundle: bundle.to_zip(),
        configurations,
        resources,
        revision: 1,
    })
}

/// A bundle problem as the 400 that names it.
pub fn bad_bundle(error: cpi_bundle::BundleError) -> TenantError {
    ODataError::BadRequest(error.to_string()).into()
}

/// Decodes and validates uploaded base64 bundle content of an artifact kind.
pub fn decode_bundle(base64_text: &str, kind: ArtifactKind, field: &str) -> Result<Bundle, TenantError> {
    let bytes = STANDARD
        .decode(base64_text.trim())
        .map_err(|_| ODataError::BadRequest(format!("{field} is not valid base64.")))?;
    let bundle = Bundle::read(&bytes, &BUNDLE_LIMITS).map_err(bad_bundle)?;
    let expected = bundle_type_of(kind);
    if bundle.manifest().bundle_type != expected {
        return Err(ODataError::BadRequest(format!(
            "The bundle is of type {:?}, not {:?} as {} requires.",
            bundle.manifest().bundle_type,
            expected,
            kind.entity_set()
        ))
        .into());
    }
    Ok(bundle)
}

/// A JSON object body.
pub fn object_body(body: &[u8]) -> Result<Map<String, Value>, TenantError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ODataError::BadRequest("The request body must be a JSON object.".into()).into()),
        Err(e) => Err(ODataError::BadRequest(format!("The request body is not valid JSON: {e}")).into()),
    }
}

/// An optional string field of a body (null counts as absent).
pub fn text_field(map: &Map<String, Value>, name: &str) -> Result<Option<String>, TenantError> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ODataError::BadRequest(format!("Property '{name}' must be a string.")).into()),
    }
}

/// Whether a display name follows SAP's rule: it starts with a letter or `_`, holds letters,
/// digits, spaces, `_`, `.` and `-`, and does not end with `.`.
pub fn is_valid_artifact_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-'))
        && !name.ends_with('.')
}

/// Whether an artifact id is acceptable: letters, digits, `_`, `.` and `-`, not starting with
/// `.` or `-`, at most 255 characters.
pub fn is_valid_artifact_id(id: &str) -> bool {
    cpi_domain::content::is_valid_package_id(id)
}

/// The artifact kind of a bundle type (`None` for types the API does not serve).
pub fn kind_of_bundle(bundle_type: &BundleType) -> Option<ArtifactKind> {
    match bundle_type {
        BundleType::IntegrationFlow => Some(ArtifactKind::IntegrationFlow),
        BundleType::ValueMapping => Some(ArtifactKind::ValueMapping),
        BundleType::MessageMapping => Some(ArtifactKind::MessageMapping),
        BundleType::ScriptCollection => Some(ArtifactKind::ScriptCollection),
        BundleType::Other(_) => None,
    }
}

/// The bundle type of an artifact kind.
pub fn bundle_type_of(kind: ArtifactKind) -> BundleType {
    match kind {
        ArtifactKind::IntegrationFlow => BundleType::IntegrationFlow,
        ArtifactKind::ValueMapping => BundleType::ValueMapping,
        ArtifactKind::MessageMapping => BundleType::MessageMapping,
        ArtifactKind::ScriptCollection => BundleType::ScriptCollection,
    }
}
