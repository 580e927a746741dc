//! Design-time and runtime content: packages, artifacts, their configurations and resources,
//! deployed artifacts and service endpoints.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;

use crate::tenant::{odata_date, odata_int};

/// An integration package (`IntegrationPackages`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub description: String,
    pub short_text: String,
    pub version: String,
    pub vendor: String,
    /// `EDIT_ALLOWED`, `READ_ONLY`, ...
    pub mode: String,
    pub resource_id: String,
    pub supported_platform: String,
    /// SAP types it `Edm.String` and sends epoch milliseconds as text.
    #[serde(with = "odata_date::lenient")]
    pub creation_date: Option<OffsetDateTime>,
    /// As [`creation_date`](Self::creation_date).
    #[serde(with = "odata_date::lenient")]
    pub modified_date: Option<OffsetDateTime>,
    pub created_by: String,
    pub modified_by: String,
}

/// The body of a new package (`POST IntegrationPackages`). SAP requires a short text: an
/// empty one is sent as the name. An empty description is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NewPackage {
    pub id: String,
    pub name: String,
    pub short_text: String,
    pub description: String,
}

impl NewPackage {
    /// A package with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> NewPackage {
        NewPackage { id: id.into(), name: name.into(), ..NewPackage::default() }
    }
}

impl Serialize for NewPackage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Body<'a> {
            id: &'a str,
            name: &'a str,
            short_text: &'a str,
            #[serde(skip_serializing_if = "str::is_empty")]
            description: &'a str,
        }
        let short_text = if self.short_text.trim().is_empty() { &self.name } else { &self.short_text };
        Body { id: &self.id, name: &self.name, short_text, description: &self.description }.serialize(serializer)
    }
}

/// A design-time artifact of any [`ArtifactKind`](crate::tenant::ArtifactKind) (only
/// integration flows have `Sender` and `Receiver`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Artifact {
    pub id: String,
    pub version: String,
    pub package_id: String,
    pub name: String,
    pub description: String,
    pub sender: String,
    pub receiver: String,
    pub created_by: String,
    /// `Edm.String` holding epoch milliseconds, like a package's dates.
    #[serde(with = "odata_date::lenient")]
    pub created_at: Option<OffsetDateTime>,
    pub modified_by: String,
    /// As [`created_at`](Self::created_at).
    #[serde(with = "odata_date::lenient")]
    pub modified_at: Option<OffsetDateTime>,
}

/// A new artifact (`POST <Kind>DesigntimeArtifacts`): the zip goes as base64 `ArtifactContent`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ArtifactUpload {
    pub id: String,
    pub name: String,
    pub package_id: String,
    /// The artifact's zip (an integration flow bundle, ...).
    pub content: Vec<u8>,
}

impl fmt::Debug for ArtifactUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArtifactUpload")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("package_id", &self.package_id)
            .field("content", &format_args!("<{} bytes>", self.content.len()))
            .finish()
    }
}

impl Serialize for ArtifactUpload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Body<'a> {
            id: &'a str,
            name: &'a str,
            package_id: &'a str,
            artifact_content: String,
        }
        let artifact_content = STANDARD.encode(&self.content);
        Body { id: &self.id, name: &self.name, package_id: &self.package_id, artifact_content }.serialize(serializer)
    }
}

/// An externalized parameter of an integration flow (`…/Configurations`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Configuration {
    pub parameter_key: String,
    pub parameter_value: String,
    /// `xsd:string`, `xsd:integer`, `custom:schedule`, ...
    pub data_type: String,
    pub description: String,
}

/// A file of an artifact (`…/Resources`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Resource {
    pub name: String,
    /// `groovy`, `xslt`, `mmap`, `xsd`, `wsdl`, `jar`, ...
    pub resource_type: String,
    pub referenced_resource_type: String,
    /// `Edm.Int64`, which the JSON format writes as a string.
    #[serde(with = "odata_int")]
    pub resource_size: i64,
    /// `Byte`, ...
    pub resource_size_unit: String,
}

/// A deployed artifact (`IntegrationRuntimeArtifacts`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RuntimeArtifact {
    pub id: String,
    pub version: String,
    pub name: String,
    /// `INTEGRATION_FLOW`, `VALUE_MAPPING`, ...
    pub r#type: String,
    pub deployed_by: String,
    #[serde(with = "odata_date::option")]
    pub deployed_on: Option<OffsetDateTime>,
    /// `STARTING`, `STARTED`, `ERROR`, `STOPPING`.
    pub status: String,
}

/// The state of a deployment task (`BuildAndDeployStatus`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeployTask {
    pub task_id: String,
    /// `DEPLOYING`, `SUCCESS`, `FAIL`, `FAIL_ON_LICENSE_ERROR`.
    pub status: String,
}

/// An endpoint of a deployed flow (`ServiceEndpoints?$expand=EntryPoints`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServiceEndpoint {
    /// `<flow id>$endpointAddress=<address>`.
    pub id: String,
    /// The flow's id.
    pub name: String,
    pub title: String,
    pub version: String,
    pub summary: String,
    pub description: String,
    #[serde(with = "odata_date::option")]
    pub last_updated: Option<OffsetDateTime>,
    /// `REST`, `SOAP`, `ODATAV2`, `AS2`, ...
    pub protocol: String,
    /// Read from an expanded `{"results":[…]}` (empty when not expanded); written as a list.
    #[serde(deserialize_with = "expanded_list")]
    pub entry_points: Vec<EntryPoint>,
}

/// A URL of a service endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EntryPoint {
    pub name: String,
    pub url: String,
    /// `PROD`, `DEV`, `TEST`, `SANDBOX`.
    pub r#type: String,
    pub additional_information: String,
}

/// An expanded to-many navigation: `{"results":[…]}`, a plain list, or (not expanded)
/// `{"__deferred":…}` / `null`, which read as empty.
pub(crate) fn expanded_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Expanded<T> {
        Results { results: Vec<T> },
        List(Vec<T>),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Option::<Expanded<T>>::deserialize(deserializer)? {
        Some(Expanded::Results { results }) | Some(Expanded::List(results)) => results,
        Some(Expanded::Other(_)) | None => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;
    use crate::tenant::from_odata_value;

    #[test]
    fn packages_read_epoch_text_dates_and_nulls() {
        let package: Package = from_odata_value(json!({
            "__metadata": {"type": "com.sap.hci.api.IntegrationPackage"},
            "Id": "P", "Name": "Pkg", "Description": null, "ShortText": "s", "Version": "1.0.0",
            "CreationDate": "1521116198486", "ModifiedDate": null, "PartnerContent": false,
            "IntegrationDesigntimeArtifacts": {"__deferred": {"uri": "x"}}
        }))
        .unwrap();
        assert_eq!(package.creation_date, Some(datetime!(2018-03-15 12:16:38.486 UTC)));
        assert_eq!(package.description, "");
        let written = serde_json::to_value(&package).unwrap();
        assert_eq!(written["CreationDate"], "2018-03-15T12:16:38.486Z");
    }

    #[test]
    fn uploads_carry_base64_content() {
        let upload = ArtifactUpload {
            id: "F".into(),
            name: "Flow".into(),
            package_id: "P".into(),
            content: b"PK\x03\x04".to_vec(),
        };
        assert_eq!(
            serde_json::to_value(&upload).unwrap(),
            json!({"Id": "F", "Name": "Flow", "PackageId": "P", "ArtifactContent": "UEsDBA=="})
        );
        assert!(format!("{upload:?}").contains("<4 bytes>"));
    }

    #[test]
    fn new_packages_leave_out_what_is_not_given() {
        let package = NewPackage::new("P", "Package");
        assert_eq!(
            serde_json::to_value(&package).unwrap(),
            json!({"Id": "P", "Name": "Package", "ShortText": "Package"})
        );
    }

    #[test]
    fn endpoints_read_expanded_and_deferred_entry_points() {
        let expanded: ServiceEndpoint = serde_json::from_value(json!({
            "Id": "F$endpointAddress=/a", "Name": "F", "LastUpdated": "/Date(0)/",
            "EntryPoints": {"results": [{"Name": "F", "Url": "https://h/http/a", "Type": "PROD"}]}
        }))
        .unwrap();
        assert_eq!(expanded.entry_points[0].url, "https://h/http/a");
        assert_eq!(expanded.entry_points[0].r#type, "PROD");
        let deferred: ServiceEndpoint =
            serde_json::from_value(json!({"Id": "x", "EntryPoints": {"__deferred": {"uri": "u"}}})).unwrap();
        assert!(deferred.entry_points.is_empty());
        let null: ServiceEndpoint = serde_json::from_value(json!({"Id": "x", "EntryPoints": null})).unwrap();
        assert!(null.entry_points.is_empty());
        let written = serde_json::to_value(&expanded).unwrap();
        assert_eq!(written["EntryPoints"][0]["Type"], "PROD");
    }

    #[test]
    fn resources_read_sizes_as_text() {
        let resource: Resource =
            serde_json::from_value(json!({"Name": "a.groovy", "ResourceType": "groovy", "ResourceSize": "120"}))
                .unwrap();
        assert_eq!(resource.resource_size, 120);
    }
}
