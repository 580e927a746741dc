//! Integration package exports: a zip with `resources.cnt` (base64 of a JSON index of the package
//! and its artifacts), one `<resourceId>_content` entry per artifact (the artifact zip),
//! `contentmetadata.md` and `ExportInformation.info`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value, json};

use crate::archive::{self, ArchiveFile};
use crate::bundle::Bundle;
use crate::error::BundleError;
use crate::limits::Limits;
use crate::manifest::BundleType;

/// The index entry of a package export.
const INDEX_PATH: &str = "resources.cnt";
/// `resourceType` of the package itself.
const PACKAGE_RESOURCE_TYPE: &str = "ContentPackage";
/// Suffix of an artifact's content entry.
const CONTENT_SUFFIX: &str = "_content";

/// An integration package with its artifacts, as exported or imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageArchive {
    /// Package id (`uniqueId`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Long description.
    pub description: String,
    /// Short text.
    pub short_text: String,
    /// Package version (`semanticVersion`).
    pub version: String,
    /// Vendor.
    pub vendor: String,
    /// The artifacts in index order.
    pub artifacts: Vec<PackagedArtifact>,
}

/// One artifact of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackagedArtifact {
    /// Artifact id (`uniqueId`, the bundle's symbolic name).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Version (`semanticVersion`).
    pub version: String,
    /// The artifact kind.
    pub kind: BundleType,
    /// The artifact zip.
    pub content: Vec<u8>,
}

/// Reads a package export and validates every artifact zip of a known kind with [`Bundle::read`].
pub fn read_package(zip: &[u8], limits: &Limits) -> Result<PackageArchive, BundleError> {
    let files = archive::read_files(zip, limits)?;
    let index = read_index(&files)?;
    let resources =
        index.get("resources").and_then(Value::as_array).ok_or_else(|| invalid_index("no resources array"))?;
    let package = resources
        .iter()
        .find(|resource| text(resource, "resourceType") == PACKAGE_RESOURCE_TYPE)
        .ok_or(BundleError::MissingPackageResource)?;
    let mut archive = PackageArchive {
        id: text(package, "uniqueId"),
        name: text_or(package, "displayName", || text(package, "name")),
        description: attribute(package, "Description"),
        short_text: first_of(&[attribute(package, "shortText"), attribute(package, "ShortText")]),
        version: text(package, "semanticVersion"),
        vendor: first_of(&[attribute(package, "Vendor"), attribute(package, "vendor")]),
        artifacts: Vec::new(),
    };
    for resource in resources.iter().filter(|resource| text(resource, "resourceType") != PACKAGE_RESOURCE_TYPE) {
        archive.artifacts.push(read_artifact(resource, &files, limits)?);
    }
    Ok(archive)
}

fn read_index(files: &[ArchiveFile]) -> Result<Value, BundleError> {
    let encoded = files
        .iter()
        .find(|(path, _)| path == INDEX_PATH)
        .map(|(_, content)| content)
        .ok_or(BundleError::MissingPackageIndex)?;
    let compact: Vec<u8> = encoded.iter().copied().filter(|byte| !byte.is_ascii_whitespace()).collect();
    let json = BASE64.decode(compact).map_err(|error| invalid_index(&format!("not base64 ({error})")))?;
    serde_json::from_slice(&json).map_err(|error| invalid_index(&format!("not JSON ({error})")))
}

fn read_artifact(resource: &Value, files: &[ArchiveFile], limits: &Limits) -> Result<PackagedArtifact, BundleError> {
    let id = text(resource, "uniqueId");
    let entry = format!("{}{CONTENT_SUFFIX}", text(resource, "id"));
    let content = files
        .iter()
        .find(|(path, _)| *path == entry)
        .map(|(_, content)| content.clone())
        .ok_or_else(|| BundleError::MissingArtifactContent { artifact: id.clone(), entry })?;
    let kind = kind_of_resource_type(&text(resource, "resourceType"));
    let checked = match kind {
        BundleType::Other(_) => archive::read_files(&content, limits).map(drop),
        _ => Bundle::read(&content, limits).map(drop),
    };
    checked
        .map_err(|source| BundleError::InvalidPackagedArtifact { artifact: id.clone(), source: Box::new(source) })?;
    Ok(PackagedArtifact {
        name: text_or(resource, "displayName", || id.clone()),
        version: text(resource, "semanticVersion"),
        id,
        kind,
        content,
    })
}

/// Writes a package export that [`read_package`] reads back to an equal [`PackageArchive`].
pub fn write_package(archive: &PackageArchive) -> Vec<u8> {
    let package_resource_id = resource_id(&format!("package:{}", archive.id), 0);
    let mut resources = vec![package_resource(archive, &package_resource_id)];
    let mut relations = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (index, artifact) in archive.artifacts.iter().enumerate() {
        let artifact_resource_id = resource_id(&format!("artifact:{}", artifact.id), index + 1);
        resources.push(artifact_resource(artifact, &artifact_resource_id));
        relations.push(json!({
            "sourceId": package_resource_id,
            "targetId": artifact_resource_id,
            "relationType": "AGGREGATION",
            "RelationName": "Default",
        }));
        files.push((format!("{artifact_resource_id}{CONTENT_SUFFIX}"), artifact.content.clone()));
    }
    let index = json!({ "resources": resources, "relations": relations });
    files.push((INDEX_PATH.to_owned(), BASE64.encode(index.to_string()).into_bytes()));
    files.push(("contentmetadata.md".to_owned(), BASE64.encode(CONTENT_METADATA).into_bytes()));
    files.push((
        "ExportInformation.info".to_owned(),
        format!("Name= {}\nDate= {EXPORT_DATE}\n", archive.name).into_bytes(),
    ));
    archive::write_files(files.iter().map(|(path, content)| (path.as_str(), content.as_slice())))
}

/// The export metadata (a Java properties listing).
const CONTENT_METADATA: &str = "-- listing properties --\nHashVersion=2.0.0\nEncodingVersion=1.0.0\n\
Organization=cpi-emulator\nEnvironment=local\nRelationClassVersion=1.0.0\nResourceClassVersion=1.2.0\n\
ExportModelVersion=1.0.0\n";
/// Exports are deterministic, so they carry the zip epoch rather than the clock.
const EXPORT_DATE: &str = "Tue Jan 01 00:00:00 UTC 1980";

fn package_resource(archive: &PackageArchive, id: &str) -> Value {
    json!({
        "id": id,
        "name": archive.id,
        "uniqueId": archive.id,
        "displayName": archive.name,
        "resourceType": PACKAGE_RESOURCE_TYPE,
        "semanticVersion": archive.version,
        "version": 1,
        "additionalAttributes": attributes(&[
            ("Description", &archive.description),
            ("shortText", &archive.short_text),
            ("Vendor", &archive.vendor),
        ]),
    })
}

fn artifact_resource(artifact: &PackagedArtifact, id: &str) -> Value {
    json!({
        "id": id,
        "name": format!("{}.zip", artifact.id),
        "uniqueId": artifact.id,
        "displayName": artifact.name,
        "resourceType": resource_type_of_kind(&artifact.kind),
        "contentType": "application/octet-stream",
        "semanticVersion": artifact.version,
        "version": 1,
        "additionalAttributes": attributes(&[
            ("BundleSymbolicName", &artifact.id),
            ("BundleVersion", &artifact.version),
            ("OriginBundleName", &artifact.name),
        ]),
    })
}

/// `additionalAttributes` in the current export form: `{"isExtendedLargeAttribute":…,"attributeValues":[…]}`.
fn attributes(pairs: &[(&str, &str)]) -> Value {
    let map: Map<String, Value> = pairs
        .iter()
        .map(|(key, value)| {
            ((*key).to_owned(), json!({ "isExtendedLargeAttribute": false, "attributeValues": [value] }))
        })
        .collect();
    Value::Object(map)
}

/// The first value of an attribute, in either the current form or the older plain-array form.
fn attribute(resource: &Value, key: &str) -> String {
    let Some(attribute) = resource.get("additionalAttributes").and_then(|attributes| attributes.get(key)) else {
        return String::new();
    };
    let values = attribute.get("attributeValues").unwrap_or(attribute);
    values.get(0).and_then(Value::as_str).or_else(|| values.as_str()).unwrap_or_default().to_owned()
}

fn text(resource: &Value, key: &str) -> String {
    resource.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// The string at `key` if the key is present (even when empty), else `fallback()`.
fn text_or(resource: &Value, key: &str, fallback: impl FnOnce() -> String) -> String {
    match resource.get(key).and_then(Value::as_str) {
        Some(value) => value.to_owned(),
        None => fallback(),
    }
}

fn first_of(candidates: &[String]) -> String {
    candidates.iter().find(|candidate| !candidate.is_empty()).cloned().unwrap_or_default()
}

fn invalid_index(detail: &str) -> BundleError {
    BundleError::InvalidPackageIndex(detail.to_owned())
}

fn kind_of_resource_type(resource_type: &str) -> BundleType {
    match resource_type {
        "IFlow" => BundleType::IntegrationFlow,
        other => BundleType::from_header(other),
    }
}

fn resource_type_of_kind(kind: &BundleType) -> &str {
    match kind {
        BundleType::IntegrationFlow => "IFlow",
        other => other.as_str(),
    }
}

/// A 32-hex resource id derived from `seed` and the position (FNV-1a, 128 bit), so exports are reproducible.
fn resource_id(seed: &str, position: usize) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let hash =
        format!("{position}:{seed}").bytes().fold(OFFSET, |hash, byte| (hash ^ u128::from(byte)).wrapping_mul(PRIME));
    format!("{hash:032x}")
}

#[cfg(test)]
mod tests;
