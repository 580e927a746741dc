//! Design-time entity types: packages, the design-time artifacts of every kind, their
//! configurations and resources, value mappings, custom tags and design guidelines.

use super::{many, opt, req};
use crate::model::{EdmType, EntityType, Property};

/// `IntegrationDesigntimeArtifact` (an integration flow).
pub static INTEGRATION_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "IntegrationDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: &[
        req("Id"),
        req("Version"),
        opt("PackageId"),
        opt("Name"),
        opt("Description"),
        opt("Sender"),
        opt("Receiver"),
        opt("CreatedBy"),
        opt("CreatedAt"),
        opt("ModifiedBy"),
        opt("ModifiedAt"),
        Property::new("ArtifactContent", EdmType::Binary),
        opt("Comment"),
    ],
    navigations: &[
        many("Configurations", "Configurations"),
        many("Resources", "Resources"),
        many("DesignGuidelineExecutionResults", "DesignGuidelineExecutionResults"),
    ],
    has_stream: true,
};

/// `Configuration`: an externalized parameter of an integration flow.
pub static CONFIGURATION: EntityType = EntityType {
    name: "Configuration",
    keys: &["ParameterKey"],
    properties: &[req("ParameterKey"), opt("ParameterValue"), opt("DataType"), opt("Description")],
    navigations: &[],
    has_stream: false,
};

/// `Resource`: a file of an artifact (script, mapping, schema, …).
pub static RESOURCE: EntityType = EntityType {
    name: "Resource",
    keys: &["Name", "ResourceType"],
    properties: &[
        req("Name"),
        req("ResourceType"),
        opt("ReferencedResourceType"),
        Property::new("ResourceSize", EdmType::Int64),
        opt("ResourceSizeUnit"),
        Property::new("ResourceContent", EdmType::Binary),
    ],
    navigations: &[],
    has_stream: true,
};

/// `IntegrationPackage`.
pub static INTEGRATION_PACKAGE: EntityType = EntityType {
    name: "IntegrationPackage",
    keys: &["Id"],
    properties: &[
        req("Id"),
        req("Name"),
        req("ResourceId"),
        opt("Description"),
        req("ShortText"),
        opt("Version"),
        opt("Vendor"),
        Property::new("PartnerContent", EdmType::Boolean),
        Property::new("UpdateAvailable", EdmType::Boolean),
        opt("Mode"),
        opt("SupportedPlatform"),
        opt("ModifiedBy"),
        opt("CreationDate"),
        opt("ModifiedDate"),
        opt("CreatedBy"),
        opt("Products"),
        opt("Keywords"),
        opt("Countries"),
        opt("Industries"),
        opt("LineOfBusiness"),
        Property::new("PackageContent", EdmType::Binary),
    ],
    navigations: &[
        many("IntegrationDesigntimeArtifacts", "IntegrationDesigntimeArtifacts"),
        many("ValueMappingDesigntimeArtifacts", "ValueMappingDesigntimeArtifacts"),
        many("MessageMappingDesigntimeArtifacts", "MessageMappingDesigntimeArtifacts"),
        many("ScriptCollectionDesigntimeArtifacts", "ScriptCollectionDesigntimeArtifacts"),
        many("DataTypeDesigntimeArtifacts", "DataTypeDesigntimeArtifacts"),
        many("MessageTypeDesigntimeArtifacts", "MessageTypeDesigntimeArtifacts"),
        many("FaultMessageTypeDesigntimeArtifacts", "FaultMessageTypeDesigntimeArtifacts"),
        many("ServiceInterfaceDesigntimeArtifacts", "ServiceInterfaceDesigntimeArtifacts"),
        many("CustomTags", "CustomTags"),
    ],
    has_stream: true,
};

/// `ValueMappingDesigntimeArtifact`.
pub static VALUE_MAPPING_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "ValueMappingDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: &[
        req("Id"),
        req("Version"),
        req("PackageId"),
        req("Name"),
        opt("Description"),
        Property::new("ArtifactContent", EdmType::Binary),
    ],
    navigations: &[many("ValMapSchema", "ValMapSchema")],
    has_stream: true,
};

/// `ValMap`: one value pair of a value mapping.
pub static VAL_MAP: EntityType = EntityType {
    name: "ValMap",
    keys: &["Id"],
    properties: &[req("Id"), Property::required("Value", EdmType::Complex("Value"))],
    navigations: &[],
    has_stream: false,
};

/// `DefaultValMap`: the default value pair of a value mapping.
pub static DEFAULT_VAL_MAP: EntityType = EntityType {
    name: "DefaultValMap",
    keys: &["Id"],
    properties: &[req("Id"), Property::required("Value", EdmType::Complex("Value"))],
    navigations: &[],
    has_stream: false,
};

/// `ValMapSchema`: the agency/identifier pairs of a value mapping.
pub static VAL_MAP_SCHEMA_TYPE: EntityType = EntityType {
    name: "ValMapSchema",
    keys: &["SrcAgency", "SrcId", "TgtAgency", "TgtId"],
    properties: &[req("SrcAgency"), req("SrcId"), req("TgtAgency"), req("TgtId"), opt("State")],
    navigations: &[many("ValMaps", "ValMaps"), many("DefaultValMaps", "DefaultValMaps")],
    has_stream: false,
};

/// `IntegrationAdapterDesigntimeArtifact`.
pub static INTEGRATION_ADAPTER_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "IntegrationAdapterDesigntimeArtifact",
    keys: &["Id"],
    properties: &[
        req("Id"),
        req("Version"),
        opt("PackageId"),
        opt("Name"),
        Property::new("ArtifactContent", EdmType::Binary),
        opt("Description"),
    ],
    navigations: &[],
    has_stream: true,
};

/// `CustomTag`: a custom tag value of a package.
pub static CUSTOM_TAG: EntityType = EntityType {
    name: "CustomTag",
    keys: &["Name"],
    properties: &[req("Name"), opt("Value")],
    navigations: &[],
    has_stream: false,
};

/// `CustomTagConfiguration`: the tenant's custom tag definitions.
pub static CUSTOM_TAG_CONFIGURATION: EntityType = EntityType {
    name: "CustomTagConfiguration",
    keys: &["Id"],
    properties: &[req("Id"), opt("CustomTagsConfigurationContent")],
    navigations: &[],
    has_stream: true,
};

/// `MessageMappingDesigntimeArtifact`.
pub static MESSAGE_MAPPING_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "MessageMappingDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: &[
        req("Id"),
        req("Version"),
        req("PackageId"),
        req("Name"),
        opt("Description"),
        Property::new("ArtifactContent", EdmType::Binary),
    ],
    navigations: &[many("Resources", "Resources")],
    has_stream: true,
};

/// `ScriptCollectionDesigntimeArtifact`.
pub static SCRIPT_COLLECTION_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "ScriptCollectionDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: &[
        req("Id"),
        req("Version"),
        opt("PackageId"),
        opt("Name"),
        opt("Description"),
        Property::new("ArtifactContent", EdmType::Binary),
    ],
    navigations: &[
        many("Resources", "Resources"),
        many("DesignGuidelineExecutionResults", "DesignGuidelineExecutionResults"),
    ],
    has_stream: true,
};

/// `DesignGuideline`: one guideline's result within an execution.
pub static DESIGN_GUIDELINE: EntityType = EntityType {
    name: "DesignGuideline",
    keys: &["GuidelineId"],
    properties: &[
        req("GuidelineId"),
        opt("GuidelineName"),
        opt("Category"),
        opt("Severity"),
        opt("Applicability"),
        opt("Compliance"),
        Property::new("IsGuidelineSkipped", EdmType::Boolean),
        opt("SkipReason"),
        opt("SkippedBy"),
        opt("ExpectedKPI"),
        opt("ActualKPI"),
        opt("ViolatedComponents"),
    ],
    navigations: &[],
    has_stream: false,
};

/// `DesignGuidelineExecutionResult`: one run of the design guidelines on an artifact.
pub static DESIGN_GUIDELINE_EXECUTION_RESULT: EntityType = EntityType {
    name: "DesignGuidelineExecutionResult",
    keys: &["ExecutionId"],
    properties: &[
        req("ExecutionId"),
        opt("ArtifactVersion"),
        opt("ExecutionStatus"),
        opt("ExecutionTime"),
        opt("ReportType"),
    ],
    navigations: &[many("DesignGuidelines", "DesignGuidelines")],
    has_stream: true,
};

/// `DataTypeDesigntimeArtifact`.
pub static DATA_TYPE_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "DataTypeDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: &[
        req("Id"),
        req("Version"),
        req("PackageId"),
        opt("Name"),
        opt("Namespace"),
        opt("Description"),
        Property::new("ArtifactContent", EdmType::Binary),
        Property::new("IsSimpleType", EdmType::Boolean),
    ],
    navigations: &[],
    has_stream: true,
};

/// The properties SAP declares alike for message types and fault message types.
const MESSAGE_TYPE_PROPERTIES: &[Property] = &[
    req("Id"),
    req("Version"),
    req("PackageId"),
    opt("Name"),
    opt("Namespace"),
    opt("Description"),
    opt("DataTypeUsed"),
    Property::new("ArtifactContent", EdmType::Binary),
];

/// `MessageTypeDesigntimeArtifact`.
pub static MESSAGE_TYPE_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "MessageTypeDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: MESSAGE_TYPE_PROPERTIES,
    navigations: &[],
    has_stream: true,
};

/// `FaultMessageTypeDesigntimeArtifact`.
pub static FAULT_MESSAGE_TYPE_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "FaultMessageTypeDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: MESSAGE_TYPE_PROPERTIES,
    navigations: &[],
    has_stream: true,
};

/// `ServiceInterfaceDesigntimeArtifact`.
pub static SERVICE_INTERFACE_DESIGNTIME_ARTIFACT: EntityType = EntityType {
    name: "ServiceInterfaceDesigntimeArtifact",
    keys: &["Id", "Version"],
    properties: &[
        req("Id"),
        req("Version"),
        req("PackageId"),
        opt("Name"),
        opt("Namespace"),
        opt("Description"),
        Property::new("ArtifactContent", EdmType::Binary),
    ],
    navigations: &[many("Resources", "Resources")],
    has_stream: true,
};
