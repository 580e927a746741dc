//! [`Bundle`]: a validated artifact zip held in memory, with typed views and edits.

use crate::archive::{self, ArchiveFile, MAX_BUNDLE_BYTES, MAX_FILES};
use crate::configuration::{self, ConfigurationParameter, PARAMETERS_PROP_PATH, PARAMETERS_PROPDEF_PATH};
use crate::error::BundleError;
use crate::iflow_model::{IntegrationFlowModel, parse_definitions};
use crate::limits::Limits;
use crate::manifest::{BundleType, Manifest};
use crate::metainfo::{self, METAINFO_PATH, MetaInfo};
use crate::properties::PropertiesFile;
use crate::resource::{self, Resource};
use crate::xml_tree::parse_document;

/// Path of the manifest.
pub(crate) const MANIFEST_PATH: &str = "META-INF/MANIFEST.MF";
/// Folder of the integration flow model.
pub(crate) const IFLOW_FOLDER: &str = "src/main/resources/scenarioflows/integrationflow/";
/// Path of a value mapping's content.
pub(crate) const VALUE_MAPPING_PATH: &str = "value_mapping.xml";

/// An artifact bundle (iFlow, value mapping, script collection, message mapping, …): its files in
/// archive order plus the parsed manifest and `metainfo.prop`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    files: Vec<ArchiveFile>,
    manifest: Manifest,
    metainfo: MetaInfo,
}

impl Bundle {
    /// Reads and validates an artifact zip (see the crate documentation for the checks).
    pub fn read(zip: &[u8], limits: &Limits) -> Result<Bundle, BundleError> {
        let files = archive::read_files(zip, limits)?;
        Bundle::from_files(files)
    }

    /// Validates files that already passed the zip checks.
    pub(crate) fn from_files(files: Vec<ArchiveFile>) -> Result<Bundle, BundleError> {
        let manifest_bytes = files
            .iter()
            .find(|(path, _)| path.eq_ignore_ascii_case(MANIFEST_PATH))
            .map(|(_, content)| content)
            .ok_or(BundleError::MissingManifest)?;
        let manifest_text = std::str::from_utf8(manifest_bytes)
            .map_err(|_| BundleError::InvalidManifest("it is not UTF-8 text".to_owned()))?;
        let manifest = Manifest::parse(manifest_text)?;
        let metainfo = find(&files, METAINFO_PATH).map(MetaInfo::parse).unwrap_or_default();
        let bundle = Bundle { files, manifest, metainfo };
        bundle.validate_content()?;
        Ok(bundle)
    }

    /// Built from parts that are valid by construction (the builder).
    pub(crate) fn from_parts(files: Vec<ArchiveFile>, manifest: Manifest, metainfo: MetaInfo) -> Bundle {
        Bundle { files, manifest, metainfo }
    }

    /// Checks what the bundle type requires.
    fn validate_content(&self) -> Result<(), BundleError> {
        match self.manifest.bundle_type {
            BundleType::IntegrationFlow => {
                parse_definitions(self.iflow_file()?.1)?;
                if let Some(propdef) = self.file(PARAMETERS_PROPDEF_PATH) {
                    configuration::parse_propdef(propdef)?;
                }
            }
            BundleType::ValueMapping => {
                let content = self.file(VALUE_MAPPING_PATH).ok_or(BundleError::MissingValueMapping)?;
                parse_document(content)
                    .map_err(|detail| BundleError::MalformedXml { path: VALUE_MAPPING_PATH.to_owned(), detail })?;
            }
            BundleType::ScriptCollection | BundleType::MessageMapping | BundleType::Other(_) => {}
        }
        Ok(())
    }

    /// The single `.iflw` file, or why there is not exactly one.
    fn iflow_file(&self) -> Result<(&str, &[u8]), BundleError> {
        let mut flows = self.files().filter(|(path, _)| is_iflow_path(path));
        let first = flows.next().ok_or(BundleError::MissingIntegrationFlow)?;
        let more = flows.count();
        if more > 0 {
            return Err(BundleError::MultipleIntegrationFlows { count: more + 1 });
        }
        Ok(first)
    }

    /// The parsed manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The parsed `metainfo.prop` (all fields `""` when the file is missing).
    pub fn metainfo(&self) -> &MetaInfo {
        &self.metainfo
    }

    /// All files as `(path, content)` in archive order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(path, content)| (path.as_str(), content.as_slice()))
    }

    /// The content of one file.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        find(&self.files, path)
    }

    /// Path of the `.iflw` of an integration flow bundle.
    pub fn iflow_path(&self) -> Option<&str> {
        self.iflow_file().ok().map(|(path, _)| path)
    }

    /// Changes id, name and/or version and rewrites the MANIFEST (other headers are kept, and
    /// `Bundle-SymbolicName` keeps a `;singleton:=true` directive).
    pub fn set_identity(&mut self, id: Option<&str>, name: Option<&str>, version: Option<&str>) {
        if let Some(id) = id {
            self.manifest.set_id(id);
        }
        if let Some(name) = name {
            self.manifest.set_name(name);
        }
        if let Some(version) = version {
            self.manifest.set_version(version);
        }
        let rendered = self.manifest.render().into_bytes();
        let path = self
            .files
            .iter()
            .find(|(path, _)| path.eq_ignore_ascii_case(MANIFEST_PATH))
            .map_or_else(|| MANIFEST_PATH.to_owned(), |(path, _)| path.clone());
        self.put_file(&path, rendered);
    }

    /// Sets the description and rewrites `metainfo.prop` (created if missing).
    pub fn set_description(&mut self, description: &str) {
        let content = metainfo::with_description(self.file(METAINFO_PATH), description);
        self.metainfo.description = description.to_owned();
        self.put_file(METAINFO_PATH, content);
    }

    /// The bundle as a deterministic zip (fixed timestamps, deflate).
    pub fn to_zip(&self) -> Vec<u8> {
        archive::write_files(self.files())
    }

    /// The externalized parameters: `parameters.propdef` names (in order) then keys only in
    /// `parameters.prop`; values from `parameters.prop`, data type default `xsd:string`.
    pub fn configurations(&self) -> Result<Vec<ConfigurationParameter>, BundleError> {
        let definitions = match self.file(PARAMETERS_PROPDEF_PATH) {
            Some(propdef) => configuration::parse_propdef(propdef)?,
            None => Vec::new(),
        };
        Ok(configuration::join(&definitions, &self.parameter_values()))
    }

    /// Sets the value of an existing parameter in `parameters.prop` (created if missing), keeping
    /// the other keys. Fails with [`BundleError::UnknownConfiguration`] for an undefined key.
    pub fn set_configuration(&mut self, key: &str, value: &str) -> Result<(), BundleError> {
        if !self.configurations()?.iter().any(|parameter| parameter.key == key) {
            return Err(BundleError::UnknownConfiguration { key: key.to_owned() });
        }
        let mut values = self.parameter_values();
        values.set(key, value);
        self.put_file(PARAMETERS_PROP_PATH, values.render().into_bytes());
        Ok(())
    }

    fn parameter_values(&self) -> PropertiesFile {
        self.file(PARAMETERS_PROP_PATH).map(PropertiesFile::parse).unwrap_or_default()
    }

    /// The resources (scripts, mappings, schemas, archives) in archive order.
    pub fn resources(&self) -> Vec<Resource> {
        self.files.iter().filter_map(|(path, content)| resource::resource_of(path, content)).collect()
    }

    /// Adds or replaces a resource in the folder of its type. Returns whether it replaced one.
    pub fn put_resource(&mut self, name: &str, resource_type: &str, content: Vec<u8>) -> Result<bool, BundleError> {
        let new_path = resource::resource_path(name, resource_type)?;
        let existing = self.resource_paths(name, resource_type).into_iter().next();
        let replaced = existing.is_some();
        let path = existing.unwrap_or(new_path);
        let current = self.file(&path).map_or(0, |content| (content.len() + path.len()) as u64);
        let after = self.size().saturating_sub(current).saturating_add((content.len() + path.len()) as u64);
        let files_after = self.files.len() + usize::from(!replaced);
        if after > MAX_BUNDLE_BYTES || files_after > MAX_FILES {
            return Err(BundleError::BundleTooLarge { max: MAX_BUNDLE_BYTES, max_files: MAX_FILES });
        }
        self.put_file(&path, content);
        Ok(replaced)
    }

    /// Removes a resource. Returns whether it existed.
    pub fn remove_resource(&mut self, name: &str, resource_type: &str) -> bool {
        let paths = self.resource_paths(name, resource_type);
        self.files.retain(|(path, _)| !paths.contains(path));
        !paths.is_empty()
    }

    /// Paths of the files that are the resource `(name, resource_type)`.
    fn resource_paths(&self, name: &str, resource_type: &str) -> Vec<String> {
        self.files
            .iter()
            .filter_map(|(path, content)| resource::resource_of(path, content).map(|resource| (path, resource)))
            .filter(|(_, resource)| resource.name == name && resource.resource_type == resource_type)
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// The integration flow model; `None` when the bundle is not an integration flow.
    pub fn iflow(&self) -> Option<Result<IntegrationFlowModel, BundleError>> {
        (self.manifest.bundle_type == BundleType::IntegrationFlow)
            .then(|| self.iflow_file().and_then(|(_, content)| IntegrationFlowModel::parse(content)))
    }

    /// Bytes held (paths plus contents).
    fn size(&self) -> u64 {
        self.files.iter().map(|(path, content)| (path.len() + content.len()) as u64).sum()
    }

    /// Replaces the content at `path` in place, or appends the file.
    fn put_file(&mut self, path: &str, content: Vec<u8>) {
        match self.files.iter_mut().find(|(candidate, _)| candidate == path) {
            Some((_, existing)) => *existing = content,
            None => self.files.push((path.to_owned(), content)),
        }
    }
}

/// Whether `path` is an integration flow model file.
fn is_iflow_path(path: &str) -> bool {
    path.starts_with(IFLOW_FOLDER) && path.to_ascii_lowercase().ends_with(".iflw")
}

fn find<'a>(files: &'a [ArchiveFile], path: &str) -> Option<&'a [u8]> {
    files.iter().find(|(candidate, _)| candidate == path).map(|(_, content)| content.as_slice())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod sample_tests;
