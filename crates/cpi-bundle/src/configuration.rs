//! Externalized parameters as OData `Configuration`s: `parameters.propdef` (definitions) joined
//! with `parameters.prop` (values).

use std::collections::{HashMap, HashSet};

use crate::error::BundleError;
use crate::properties::PropertiesFile;
use crate::xml_tree::parse_document;

/// Path of the parameter values.
pub(crate) const PARAMETERS_PROP_PATH: &str = "src/main/resources/parameters.prop";
/// Path of the parameter definitions.
pub(crate) const PARAMETERS_PROPDEF_PATH: &str = "src/main/resources/parameters.propdef";
/// The data type of a parameter the propdef does not type.
const DEFAULT_DATA_TYPE: &str = "xsd:string";

/// One externalized parameter of an artifact (OData `Configuration`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigurationParameter {
    /// `ParameterKey`: the name used in `{{…}}`, spaces kept.
    pub key: String,
    /// `ParameterValue`: the value from `parameters.prop`, `""` when it has none.
    pub value: String,
    /// `DataType`: the propdef `<type>` (`xsd:string`, `xsd:integer`, `xsd:boolean`, `custom:schedule`, …).
    pub data_type: String,
    /// `Description`: the propdef `<description>`.
    pub description: String,
}

/// A parameter definition from `parameters.propdef`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParameterDefinition {
    pub(crate) name: String,
    pub(crate) data_type: String,
    pub(crate) description: String,
}

/// Reads the `<parameter>` definitions of a propdef document.
pub(crate) fn parse_propdef(bytes: &[u8]) -> Result<Vec<ParameterDefinition>, BundleError> {
    let root = parse_document(bytes)
        .map_err(|detail| BundleError::MalformedXml { path: PARAMETERS_PROPDEF_PATH.to_owned(), detail })?;
    let definitions = root
        .elements_named("parameter")
        .filter_map(|parameter| {
            let name = Some(parameter.child_text("name"))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| parameter.child_text("key"));
            let data_type = Some(parameter.child_text("type"))
                .filter(|data_type| !data_type.is_empty())
                .unwrap_or_else(|| DEFAULT_DATA_TYPE.to_owned());
            let description = parameter.child_text("description");
            (!name.is_empty()).then_some(ParameterDefinition { name, data_type, description })
        })
        .collect();
    Ok(definitions)
}

/// Joins definitions and values: definitions first (in propdef order), then the keys only
/// `parameters.prop` has (in file order).
pub(crate) fn join(definitions: &[ParameterDefinition], values: &PropertiesFile) -> Vec<ConfigurationParameter> {
    let value_of: HashMap<&str, &str> =
        values.entries.iter().map(|(key, value)| (key.as_str(), value.as_str())).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut parameters = Vec::new();
    let defined = definitions
        .iter()
        .map(|definition| (definition.name.as_str(), definition.data_type.as_str(), definition.description.as_str()));
    let undefined = values.entries.iter().map(|(key, _)| (key.as_str(), DEFAULT_DATA_TYPE, ""));
    for (key, data_type, description) in defined.chain(undefined) {
        if !seen.insert(key) {
            continue;
        }
        parameters.push(ConfigurationParameter {
            key: key.to_owned(),
            value: value_of.get(key).copied().unwrap_or_default().to_owned(),
            data_type: data_type.to_owned(),
            description: description.to_owned(),
        });
    }
    parameters
}

#[cfg(test)]
mod tests;
