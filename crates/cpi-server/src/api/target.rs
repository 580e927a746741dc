//! Resolving a resource path against the service model: which entity set, which source of rows,
//! which key; then dispatching the (target, suffix, method) triple to its operation, each with
//! the permission it needs declared right there.

use axum::http::Method;

use cpi_domain::content::ArtifactKind;
use cpi_odata::ODataError;
use cpi_odata::model::{EntitySet, FunctionImport, Multiplicity, Navigation, Property};
use cpi_odata::query::{BinaryOp, Expr, KeyPredicate, Literal, PathSuffix, QueryOptions, ResourcePath, Segment};
use cpi_odata::service;
use cpi_store::EntitySource;

use super::{
    ApiRequest, ApiResult, artifacts, deploy, functions, links, log_files, method_not_allowed, monitoring, packages,
    read, security,
};
use crate::http::authz::{Authorized, ContentDeploy, WorkspaceWrite};
use crate::http::errors::TenantError;
use crate::state::AppState;

/// A key, checked against its entity type: property name and literal, in key order. An
/// artifact's `Version='active'` (any case) means the current version and is left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key values that narrow the read.
    pub values: Vec<(&'static str, Literal)>,
}

impl Key {
    /// The text of a string key property.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| *n == name).and_then(|(_, v)| match v {
            Literal::String(s) => Some(s.as_str()),
            _ => None,
        })
    }

    /// The `$filter` expression that selects this key.
    pub fn filter(&self) -> Option<Expr> {
        self.values
            .iter()
            .map(|(name, literal)| Expr::Binary {
                op: BinaryOp::Eq,
                left: Box::new(Expr::Property(vec![(*name).to_owned()])),
                right: Box::new(Expr::Literal(literal.clone())),
            })
            .reduce(|a, b| Expr::Binary { op: BinaryOp::And, left: Box::new(a), right: Box::new(b) })
    }
}

/// One addressed entity.
#[derive(Debug, Clone)]
pub struct EntityRef {
    /// Its set.
    pub set: &'static EntitySet,
    /// Where its row lives.
    pub source: EntitySource,
    /// Its key.
    pub key: Key,
}

/// What a path addresses.
#[derive(Debug)]
pub enum Target {
    /// A collection.
    Collection {
        /// Entity set of its members.
        set: &'static EntitySet,
        /// Where the rows live.
        source: EntitySource,
        /// The entity it was reached from, if by navigation.
        parent: Option<EntityRef>,
        /// Path below the root, for the feed's links.
        path: String,
    },
    /// One entity.
    Entity(EntityRef),
    /// `Entity/$links/Nav[(key)]`.
    Links {
        /// The entity whose link it is.
        parent: EntityRef,
        /// The navigation.
        navigation: &'static Navigation,
        /// The linked entity's key, if given.
        key: Option<Key>,
    },
    /// A function import.
    Function(&'static FunctionImport),
    /// `LogFiles` or `LogFileArchives`: the server's own log files, not in the store.
    LogFiles(log_files::LogTarget),
    /// One property of an entity (`Keystores('system')/Size`).
    Property {
        /// The entity.
        entity: EntityRef,
        /// The property.
        property: &'static Property,
    },
}

/// Resolves the request's path. Parents reached through navigation must exist (404 otherwise).
pub async fn resolve(state: &AppState, request: &ApiRequest) -> Result<Target, TenantError> {
    let ResourcePath::Resource { segments, links, .. } = &request.path else {
        return Err(ODataError::NotFound("Resource not found.".into()).into());
    };
    let (first, rest) = segments.split_first().ok_or_else(|| ODataError::NotFound("Resource not found.".into()))?;
    let model = service::model();
    let Some(set) = model.entity_set(&first.name) else {
        if let Some(function) = model.function_import(&first.name)
            && first.key.is_none()
            && rest.is_empty()
        {
            return Ok(Target::Function(function));
        }
        return Err(not_found_segment(&first.name));
    };
    if log_files::serves(set) {
        return log_files::resolve(set, first.key.as_ref(), rest, links.as_ref()).map(Target::LogFiles);
    }
    let mut target = match &first.key {
        None => Target::Collection {
            set,
            source: root_source(set, &request.query)?,
            parent: None,
            path: set.name.to_owned(),
        },
        Some(key) => {
            Target::Entity(EntityRef { set, source: root_source(set, &request.query)?, key: check_key(set, key)? })
        }
    };
    for segment in rest {
        let Target::Entity(parent) = target else { return Err(not_found_segment(&segment.name)) };
        // The parent must exist, checked with the read permission of what is read through it:
        // a deployer reads a runtime artifact's ErrorInformation (Piper's deploy step does) without
        // the MonitoringDataRead that the runtime artifact itself needs.
        let through = parent.set.entity_type.navigation(&segment.name).and_then(|n| model.entity_set(n.target_set));
        let principal = read::authorize_read(through.unwrap_or(parent.set), request.principal.clone())?;
        read::read_one(state, &principal, &parent).await?;
        target = navigate(parent, segment)?;
    }
    if let Some(link) = links {
        let Target::Entity(parent) = target else { return Err(not_found_segment("$links")) };
        read::require_exists(state, &request.principal, &parent).await?;
        let navigation = parent.set.entity_type.navigation(&link.name).ok_or_else(|| not_found_segment(&link.name))?;
        let target_set = model.entity_set(navigation.target_set).ok_or_else(|| not_found_segment(&link.name))?;
        let key = link.key.as_ref().map(|k| check_key(target_set, k)).transpose()?;
        return Ok(Target::Links { parent, navigation, key });
    }
    Ok(target)
}

fn not_found_segment(name: &str) -> TenantError {
    ODataError::NotFound(format!("Resource not found for the segment '{name}'.")).into()
}

fn root_source(set: &EntitySet, query: &QueryOptions) -> Result<EntitySource, TenantError> {
    if let Some(kind) = ArtifactKind::from_entity_set(set.name) {
        return Ok(EntitySource::Artifacts { kind, package: None });
    }
    if let Some(source) = monitoring::root_source(set, query)? {
        return Ok(source);
    }
    if let Some(source) = security::root_source(set, query)? {
        return Ok(source);
    }
    Ok(match set.name {
        "IntegrationPackages" => EntitySource::Packages,
        "IntegrationRuntimeArtifacts" => EntitySource::RuntimeArtifacts,
        "RuntimeArtifactErrorInformations" => EntitySource::RuntimeErrors,
        "BuildAndDeployStatus" => EntitySource::DeployTasks,
        "ServiceEndpoints" => EntitySource::ServiceEndpoints,
        "EntryPoints" => EntitySource::EntryPoints { endpoint: None },
        other => {
            return Err(ODataError::NotImplemented(format!(
                "The entity set {other} is not supported by this server yet."
            ))
            .into());
        }
    })
}

/// A key literal as the text children are scoped by (`'P'` → `P`, `101` → `101`).
fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::String(text) => text.clone(),
        Literal::Integer(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Checks a key predicate against the set's key properties.
pub fn check_key(set: &'static EntitySet, key: &KeyPredicate) -> Result<Key, TenantError> {
    let entity_type = set.entity_type;
    let bad = || -> TenantError {
        ODataError::BadRequest(format!(
            "Invalid key predicate for {}: expected ({})",
            set.name,
            entity_type.keys.iter().map(|k| format!("{k}=…")).collect::<Vec<_>>().join(",")
        ))
        .into()
    };
    let pairs: Vec<(&'static str, Literal)> = match key {
        KeyPredicate::Single(value) if entity_type.keys.len() == 1 => vec![(entity_type.keys[0], value.clone())],
        KeyPredicate::Single(_) => return Err(bad()),
        KeyPredicate::Named(named) => {
            if named.len() != entity_type.keys.len() {
                return Err(bad());
            }
            let mut pairs = Vec::with_capacity(named.len());
            for key_name in entity_type.keys {
                let (_, value) = named.iter().find(|(n, _)| n == key_name).ok_or_else(bad)?;
                pairs.push((*key_name, value.clone()));
            }
            pairs
        }
    };
    let is_artifact = ArtifactKind::from_entity_set(set.name).is_some();
    let values = pairs
        .into_iter()
        .filter(|(name, value)| {
            !(is_artifact
                && *name == "Version"
                && matches!(value, Literal::String(v) if v.eq_ignore_ascii_case("active")))
        })
        .collect();
    Ok(Key { values })
}

fn navigate(parent: EntityRef, segment: &Segment) -> Result<Target, TenantError> {
    if segment.key.is_none()
        && let Some(property) = parent.set.entity_type.property(&segment.name)
    {
        return Ok(Target::Property { entity: parent, property });
    }
    let navigation =
        parent.set.entity_type.navigation(&segment.name).ok_or_else(|| not_found_segment(&segment.name))?;
    let set = service::model().entity_set(navigation.target_set).ok_or_else(|| not_found_segment(&segment.name))?;
    // Children are scoped by the parent's first key property (`Id`, `Name`, `Hexalias`, …).
    let parent_id = parent.key.values.first().map(|(_, value)| literal_text(value)).unwrap_or_default();
    let unsupported = || -> TenantError {
        ODataError::NotImplemented(format!("The navigation {} is not supported by this server yet.", navigation.name))
            .into()
    };
    let source = navigation_source(parent.set.name, &parent_id, navigation.name).ok_or_else(unsupported)?;
    if navigation.multiplicity != Multiplicity::Many {
        // A to-one navigation addresses the parent's related entity by the parent's key.
        let key = Key { values: vec![(set.entity_type.keys[0], Literal::String(parent_id))] };
        return Ok(Target::Entity(EntityRef { set, source, key }));
    }
    let path = format!("{}/{}", read::entity_path(&parent), navigation.name);
    Ok(match &segment.key {
        None => Target::Collection { set, source, parent: Some(parent), path },
        Some(key) => Target::Entity(EntityRef { set, source, key: check_key(set, key)? }),
    })
}

/// Where the entities a navigation of a parent entity leads to live; `None` for navigations
/// this server does not store. The one place that maps navigations to sources (paths,
/// `$expand` and `$links` all use it).
pub fn navigation_source(parent_set: &str, parent_id: &str, navigation: &str) -> Option<EntitySource> {
    let id = parent_id.to_owned();
    Some(match (parent_set, navigation) {
        ("IntegrationPackages", "CustomTags") => EntitySource::CustomTags { package: id },
        ("IntegrationPackages", nav) => {
            EntitySource::Artifacts { kind: ArtifactKind::from_entity_set(nav)?, package: Some(id) }
        }
        (set, "Configurations") => {
            EntitySource::Configurations { kind: ArtifactKind::from_entity_set(set)?, artifact: id }
        }
        (set, "Resources") => EntitySource::Resources { kind: ArtifactKind::from_entity_set(set)?, artifact: id },
        ("IntegrationRuntimeArtifacts", "ErrorInformation") => EntitySource::RuntimeErrors,
        ("ServiceEndpoints", "EntryPoints") => EntitySource::EntryPoints { endpoint: Some(id) },
        ("MessageProcessingLogs", nav) => monitoring::navigation_source(nav, &id)?,
        (set, nav) if security::serves(set) => security::navigation_source(set, &id, nav)?,
        _ => return None,
    })
}

/// Runs the operation a (target, suffix, method) triple names.
pub async fn dispatch(state: &AppState, request: ApiRequest, target: Target) -> ApiResult {
    let suffix = match &request.path {
        ResourcePath::Resource { suffix, .. } => *suffix,
        _ => PathSuffix::None,
    };
    let method = request.method.clone();
    match (target, suffix) {
        (Target::Collection { set, source, parent, path }, suffix) => {
            collection(state, request, set, source, parent, path, suffix).await
        }
        (Target::Entity(entity), PathSuffix::None) => entity_operation(state, request, entity).await,
        (Target::Entity(entity), PathSuffix::Value) if super::is_read(&method) => {
            read::media(state, request, entity).await
        }
        (Target::Entity(entity), PathSuffix::Value) if method == Method::PUT => {
            security::put_value(state, request, entity).await
        }
        (Target::Property { entity, property }, suffix) if super::is_read(&method) => {
            read::property(state, request, entity, property, suffix).await
        }
        (Target::Links { parent, navigation, key }, PathSuffix::None) => {
            links::handle(state, request, parent, navigation, key).await
        }
        (Target::Function(function), PathSuffix::None) => functions::call(state, request, function).await,
        (Target::LogFiles(target), suffix) => log_files::handle(state, request, target, suffix).await,
        (_, PathSuffix::Count) => Err(ODataError::BadRequest("$count is only allowed on collections.".into()).into()),
        _ => Err(method_not_allowed(&method)),
    }
}

async fn collection(
    state: &AppState,
    request: ApiRequest,
    set: &'static EntitySet,
    source: EntitySource,
    parent: Option<EntityRef>,
    path: String,
    suffix: PathSuffix,
) -> ApiResult {
    match (request.method.clone(), suffix) {
        (m, PathSuffix::None) if super::is_read(&m) => read::collection(state, request, set, source, path).await,
        (m, PathSuffix::Count) if super::is_read(&m) => read::count(state, request, set, source).await,
        (Method::POST, PathSuffix::None) => match (set.name, parent) {
            ("IntegrationPackages", None) => {
                packages::create(state, Authorized::check(request.principal)?, &request.query, &request.body).await
            }
            ("Resources", Some(parent)) => {
                artifacts::add_resource(state, Authorized::check(request.principal)?, &parent, &request.body).await
            }
            (name, None) if ArtifactKind::from_entity_set(name).is_some() => {
                artifacts::create(state, Authorized::check(request.principal)?, set, &request.body).await
            }
            (name, parent) if security::serves(name) => security::create(state, request, set, parent).await,
            _ => Err(method_not_allowed(&Method::POST)),
        },
        (method, _) => Err(method_not_allowed(&method)),
    }
}

async fn entity_operation(state: &AppState, request: ApiRequest, entity: EntityRef) -> ApiResult {
    let method = request.method.clone();
    let is_artifact = ArtifactKind::from_entity_set(entity.set.name).is_some();
    match (method.as_str(), entity.set.name) {
        ("GET" | "HEAD", _) => read::entity(state, request, entity).await,
        (_, name) if security::serves(name) => security::entity_write(state, request, entity).await,
        ("PUT" | "MERGE" | "PATCH", "IntegrationPackages") => {
            let auth: Authorized<WorkspaceWrite> = Authorized::check(request.principal)?;
            packages::update(state, auth, &entity.key, &request.body).await
        }
        ("PUT" | "MERGE" | "PATCH", _) if is_artifact => {
            let auth: Authorized<WorkspaceWrite> = Authorized::check(request.principal)?;
            artifacts::update(state, auth, &entity, &request.body).await
        }
        ("DELETE", "IntegrationPackages") => {
            packages::delete(state, Authorized::check(request.principal)?, &entity.key).await
        }
        ("DELETE", _) if is_artifact => artifacts::delete(state, Authorized::check(request.principal)?, &entity).await,
        ("DELETE", "IntegrationRuntimeArtifacts") => {
            let auth: Authorized<ContentDeploy> = Authorized::check(request.principal)?;
            deploy::undeploy(state, auth, &entity.key).await
        }
        _ => Err(method_not_allowed(&method)),
    }
}
