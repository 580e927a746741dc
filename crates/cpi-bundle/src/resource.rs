//! Resources of a bundle: scripts, mappings, schemas and archives under `src/main/resources/`.
//!
//! The types are SAP's `ResourceType` enumeration (`edmx, groovy, jar, js, mmap, opmap, wsdl, xsd,
//! xslt`). Each type lives in one folder with a few file extensions; `.xsd` files in `wsdl/` are
//! `xsd` resources that reference `wsdl`. Files of other kinds (e.g. `json/`) are not resources.

use crate::error::BundleError;

/// The folder every resource folder sits in.
pub(crate) const RESOURCES_ROOT: &str = "src/main/resources/";

/// A resource type: its name, its folder under [`RESOURCES_ROOT`] and its file extensions.
struct ResourceKind {
    resource_type: &'static str,
    folder: &'static str,
    extensions: &'static [&'static str],
}

/// SAP's resource types, in the order of the OData enumeration.
const RESOURCE_KINDS: [ResourceKind; 9] = [
    ResourceKind { resource_type: "edmx", folder: "edmx", extensions: &["edmx"] },
    ResourceKind { resource_type: "groovy", folder: "script", extensions: &["groovy", "gsh"] },
    ResourceKind { resource_type: "jar", folder: "lib", extensions: &["jar"] },
    ResourceKind { resource_type: "js", folder: "script", extensions: &["js"] },
    ResourceKind { resource_type: "mmap", folder: "mapping", extensions: &["mmap"] },
    ResourceKind { resource_type: "opmap", folder: "mapping", extensions: &["opmap"] },
    ResourceKind { resource_type: "wsdl", folder: "wsdl", extensions: &["wsdl"] },
    ResourceKind { resource_type: "xsd", folder: "xsd", extensions: &["xsd"] },
    ResourceKind { resource_type: "xslt", folder: "mapping", extensions: &["xsl", "xslt"] },
];

/// A resource file of a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The file name (no folder), e.g. `script1.groovy`.
    pub name: String,
    /// The OData `ResourceType`, e.g. `groovy`.
    pub resource_type: String,
    /// The OData `ReferencedResourceType`: `wsdl` for schemas kept beside a WSDL, else `None`.
    pub referenced_resource_type: Option<String>,
    /// The file content.
    pub content: Vec<u8>,
}

/// The allowed resource type names, in the order of the OData enumeration.
pub fn resource_types() -> impl Iterator<Item = &'static str> {
    RESOURCE_KINDS.iter().map(|kind| kind.resource_type)
}

/// The resource type of a bundle path such as `src/main/resources/script/a.groovy`, or `None`
/// when the path is not a resource (wrong folder, nested deeper, or unknown extension).
pub fn resource_type_of(path: &str) -> Option<&'static str> {
    let (folder, name) = split_resource_path(path)?;
    let extension = extension_of(name)?;
    if folder == "wsdl" && extension == "xsd" {
        return Some("xsd");
    }
    RESOURCE_KINDS
        .iter()
        .find(|kind| kind.folder == folder && kind.extensions.contains(&extension.as_str()))
        .map(|kind| kind.resource_type)
}

/// Builds the [`Resource`] for a bundle file, if it is one.
pub(crate) fn resource_of(path: &str, content: &[u8]) -> Option<Resource> {
    let resource_type = resource_type_of(path)?;
    let (folder, name) = split_resource_path(path)?;
    let referenced = (folder == "wsdl" && resource_type == "xsd").then(|| "wsdl".to_owned());
    Some(Resource {
        name: name.to_owned(),
        resource_type: resource_type.to_owned(),
        referenced_resource_type: referenced,
        content: content.to_vec(),
    })
}

/// The bundle path for a new resource, after checking the type, the name and its extension.
pub(crate) fn resource_path(name: &str, resource_type: &str) -> Result<String, BundleError> {
    let kind = RESOURCE_KINDS.iter().find(|kind| kind.resource_type == resource_type).ok_or_else(|| {
        BundleError::UnknownResourceType {
            resource_type: resource_type.to_owned(),
            allowed: resource_types().collect::<Vec<_>>().join(", "),
        }
    })?;
    let plain = !name.is_empty()
        && name.len() <= 255
        && name.trim() == name
        && !name.contains(['/', '\\', '\0', ':'])
        && !name.contains("..");
    if !plain {
        return Err(BundleError::InvalidResourceName { name: name.to_owned() });
    }
    let fits = extension_of(name).is_some_and(|extension| kind.extensions.contains(&extension.as_str()));
    if !fits {
        return Err(BundleError::ResourceExtensionMismatch {
            name: name.to_owned(),
            resource_type: resource_type.to_owned(),
            expected: kind.extensions.iter().map(|extension| format!(".{extension}")).collect::<Vec<_>>().join(" or "),
        });
    }
    Ok(format!("{RESOURCES_ROOT}{}/{name}", kind.folder))
}

/// `(folder, file name)` for a path directly inside a resource folder.
fn split_resource_path(path: &str) -> Option<(&str, &str)> {
    let (folder, name) = path.strip_prefix(RESOURCES_ROOT)?.split_once('/')?;
    (!name.is_empty() && !name.contains('/')).then_some((folder, name))
}

fn extension_of(name: &str) -> Option<String> {
    let (stem, extension) = name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| extension.to_ascii_lowercase())
}

#[cfg(test)]
mod tests;
