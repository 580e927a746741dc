//! The entity model: EDM types, entity and complex types, entity sets with the query options
//! each supports, navigation properties and function imports. Static tables of these describe a
//! service ([`ServiceModel`]); `$metadata`, the service document, path parsing, query
//! validation and the representations are all derived from it.

/// An EDM primitive type, or a complex type by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdmType {
    /// `Edm.String`.
    String,
    /// `Edm.Boolean`.
    Boolean,
    /// `Edm.Int32`.
    Int32,
    /// `Edm.Int64` (a string in JSON).
    Int64,
    /// `Edm.DateTime` (`/Date(ms)/` in JSON, UTC).
    DateTime,
    /// `Edm.DateTimeOffset`.
    DateTimeOffset,
    /// `Edm.Binary` (base64 in JSON).
    Binary,
    /// A complex type of the schema, by name (without namespace).
    Complex(&'static str),
}

impl EdmType {
    /// The name as written in EDMX (`Edm.String`, `com.sap.hci.api.IntegrationArtifact`).
    pub fn edmx_name(self) -> String {
        match self {
            EdmType::String => "Edm.String".into(),
            EdmType::Boolean => "Edm.Boolean".into(),
            EdmType::Int32 => "Edm.Int32".into(),
            EdmType::Int64 => "Edm.Int64".into(),
            EdmType::DateTime => "Edm.DateTime".into(),
            EdmType::DateTimeOffset => "Edm.DateTimeOffset".into(),
            EdmType::Binary => "Edm.Binary".into(),
            EdmType::Complex(name) => format!("{}.{name}", crate::NAMESPACE),
        }
    }
}

/// A structural property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    /// Name, e.g. `PackageId`.
    pub name: &'static str,
    /// Type.
    pub edm: EdmType,
    /// Whether `null` is allowed.
    pub nullable: bool,
}

impl Property {
    /// A nullable property.
    pub const fn new(name: &'static str, edm: EdmType) -> Property {
        Property { name, edm, nullable: true }
    }

    /// A property that must not be null (keys, mainly).
    pub const fn required(name: &'static str, edm: EdmType) -> Property {
        Property { name, edm, nullable: false }
    }
}

/// How many entities a navigation leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multiplicity {
    /// `0..1`.
    ZeroOrOne,
    /// `1`.
    One,
    /// `*`.
    Many,
}

/// A navigation property: its name and the entity set it leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Navigation {
    /// Name, e.g. `Configurations`.
    pub name: &'static str,
    /// The target entity set's name.
    pub target_set: &'static str,
    /// Cardinality at the target end.
    pub multiplicity: Multiplicity,
}

/// An entity type.
#[derive(Debug, PartialEq, Eq)]
pub struct EntityType {
    /// Name without namespace.
    pub name: &'static str,
    /// The key properties, in predicate order.
    pub keys: &'static [&'static str],
    /// Structural properties, in representation order.
    pub properties: &'static [Property],
    /// Navigation properties.
    pub navigations: &'static [Navigation],
    /// `m:HasStream`: a media entity with `/$value`.
    pub has_stream: bool,
}

impl EntityType {
    /// A property by name.
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// The index of a property in [`EntityType::properties`].
    pub fn property_index(&self, name: &str) -> Option<usize> {
        self.properties.iter().position(|p| p.name == name)
    }

    /// A navigation property by name.
    pub fn navigation(&self, name: &str) -> Option<&'static Navigation> {
        self.navigations.iter().find(|n| n.name == name)
    }
}

/// A complex type.
#[derive(Debug, PartialEq, Eq)]
pub struct ComplexType {
    /// Name without namespace.
    pub name: &'static str,
    /// Its properties.
    pub properties: &'static [Property],
}

/// The system query options an entity set accepts. Others get SAP's error for that option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupportedOptions {
    /// `$filter`.
    pub filter: bool,
    /// `$orderby`.
    pub orderby: bool,
    /// `$top` and `$skip`.
    pub paging: bool,
    /// `$select`.
    pub select: bool,
    /// `$expand`.
    pub expand: bool,
    /// `$inlinecount`.
    pub inlinecount: bool,
}

impl SupportedOptions {
    /// Every option.
    pub const ALL: SupportedOptions =
        SupportedOptions { filter: true, orderby: true, paging: true, select: true, expand: true, inlinecount: true };
    /// None of them (DataStores, Variables).
    pub const NONE: SupportedOptions = SupportedOptions {
        filter: false,
        orderby: false,
        paging: false,
        select: false,
        expand: false,
        inlinecount: false,
    };
}

/// An entity set.
#[derive(Debug, PartialEq, Eq)]
pub struct EntitySet {
    /// Name, e.g. `IntegrationPackages`.
    pub name: &'static str,
    /// Its entity type.
    pub entity_type: &'static EntityType,
    /// The query options it accepts.
    pub options: SupportedOptions,
    /// Most entries one response carries (SAP's server paging); more come through `__next`.
    pub page_size: u64,
}

/// SAP's server page: at most 1000 entries per call (SAP's query-options documentation).
pub const DEFAULT_PAGE_SIZE: u64 = 1000;

/// What a function import returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnType {
    /// Nothing.
    None,
    /// A primitive value.
    Primitive(EdmType),
    /// One entity of an entity set.
    Entity(&'static str),
    /// A collection of entities of an entity set.
    Entities(&'static str),
}

/// A function import parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    /// Name, e.g. `Id`.
    pub name: &'static str,
    /// Type.
    pub edm: EdmType,
    /// Whether it may be omitted.
    pub nullable: bool,
}

/// A function import (all of SAP's are `POST`).
#[derive(Debug, PartialEq, Eq)]
pub struct FunctionImport {
    /// Name, e.g. `DeployIntegrationDesigntimeArtifact`.
    pub name: &'static str,
    /// Return type.
    pub returns: ReturnType,
    /// `m:HttpMethod`.
    pub http_method: &'static str,
    /// Parameters, passed as quoted literals in the query string.
    pub parameters: &'static [Parameter],
}

/// A whole service: schema namespace, types, sets and function imports.
#[derive(Debug)]
pub struct ServiceModel {
    /// Complex types.
    pub complex_types: &'static [ComplexType],
    /// Entity types.
    pub entity_types: &'static [&'static EntityType],
    /// Entity sets, in service-document order.
    pub entity_sets: &'static [EntitySet],
    /// Function imports.
    pub function_imports: &'static [FunctionImport],
}

impl ServiceModel {
    /// An entity set by name.
    pub fn entity_set(&self, name: &str) -> Option<&EntitySet> {
        self.entity_sets.iter().find(|s| s.name == name)
    }

    /// A function import by name.
    pub fn function_import(&self, name: &str) -> Option<&FunctionImport> {
        self.function_imports.iter().find(|f| f.name == name)
    }

    /// A complex type by name.
    pub fn complex_type(&self, name: &str) -> Option<&ComplexType> {
        self.complex_types.iter().find(|c| c.name == name)
    }
}
