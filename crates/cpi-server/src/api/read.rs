//! The generic read behind every entity set: authorization by area, query-option checks
//! against the model, server paging at 1000 entries with a `$skiptoken` next link, `$count`,
//! `$inlinecount`, one level of `$expand`, and `$value` of media entities.

use axum::http::StatusCode;

use cpi_domain::content::ArtifactKind;
use cpi_odata::model::{EntitySet, Multiplicity, Navigation, Property};
use cpi_odata::query::{Literal, PathSuffix, QueryOptions};
use cpi_odata::value::{Entity, Value};
use cpi_odata::{ODataError, service, typecheck};
use cpi_store::{EntityQuery, EntitySource, StoreError};

use super::target::{EntityRef, Key};
use super::{ApiRequest, ApiResponse, ApiResult, Feed, artifacts, packages};
use crate::http::authz::{Authorized, MonitoringRead, NodeManagerRead, WorkspaceRead};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// Most entries in one response; more come through `__next`.
pub const SERVER_PAGE_SIZE: u64 = 1000;

/// Checks the permission to read an entity set, declared here per area.
pub fn authorize_read(set: &EntitySet, principal: Principal) -> Result<Principal, TenantError> {
    Ok(match set.name {
        // Deployed content and its endpoints are monitoring data.
        "IntegrationRuntimeArtifacts" | "ServiceEndpoints" | "EntryPoints" | "APIDefinitions" => {
            Authorized::<MonitoringRead>::check(principal)?.principal
        }
        // Message processing logs and everything below them (MonitoringDataRead); attachment
        // payloads need MessagePayloadsRead on top, checked where they are read.
        name if name.starts_with("MessageProcessingLog") => Authorized::<MonitoringRead>::check(principal)?.principal,
        // Deploy status and runtime errors are read by deployers too (Piper reads them with a key
        // that has only WorkspaceArtifactsDeploy); NodeManager.read is in both that role and
        // MonitoringDataRead.
        "BuildAndDeployStatus" | "RuntimeArtifactErrorInformations" => {
            Authorized::<NodeManagerRead>::check(principal)?.principal
        }
        name if super::security::serves(name) => super::security::authorize_read(set, principal)?,
        _ => Authorized::<WorkspaceRead>::check(principal)?.principal,
    })
}

/// `Set(key)` of an entity reference, as it appears in URIs.
pub fn entity_path(entity: &EntityRef) -> String {
    let mut values: Vec<(String, Literal)> =
        entity.key.values.iter().map(|(n, v)| ((*n).to_owned(), v.clone())).collect();
    if ArtifactKind::from_entity_set(entity.set.name).is_some() && entity.key.text("Version").is_none() {
        values.push(("Version".to_owned(), Literal::String("active".to_owned())));
    }
    let literal = |v: &Literal| match v {
        Literal::String(s) => cpi_odata::json::key_literal(&cpi_odata::value::Value::String(s.clone())),
        Literal::Integer(n) => n.to_string(),
        other => format!("{other:?}"),
    };
    let inner = if values.len() == 1 {
        literal(&values[0].1)
    } else {
        values.iter().map(|(n, v)| format!("{n}={}", literal(v))).collect::<Vec<_>>().join(",")
    };
    format!("{}({inner})", entity.set.name)
}

/// The tenant error of a failed generic read.
pub fn store_failure(error: StoreError) -> TenantError {
    TenantError::from_store(error, || "The requested resource does not exist.".to_owned(), || "Conflict.".to_owned())
}

/// Reads the one entity a reference names, or 404.
pub async fn read_one(state: &AppState, principal: &Principal, entity: &EntityRef) -> Result<Entity, TenantError> {
    let filter = entity.key.filter();
    let query = EntityQuery {
        entity_type: entity.set.entity_type,
        filter: filter.as_ref(),
        orderby: &[],
        skip: 0,
        limit: 1,
        count: false,
    };
    let rows = state.store.read_entities(principal.zone.id, &entity.source, &query).await.map_err(store_failure)?;
    let values = rows.rows.into_iter().next().ok_or_else(|| not_found(entity))?;
    Ok(Entity { set: entity.set, values, expanded: Vec::new() })
}

/// The 404 of a missing entity.
pub fn not_found(entity: &EntityRef) -> TenantError {
    let what = match entity.set.name {
        "IntegrationRuntimeArtifacts" => "Integration runtime artifact",
        "IntegrationPackages" => "Integration package",
        "Configurations" => "Parameter key",
        _ => "Entity",
    };
    let key = entity.key.values.iter().map(|(_, v)| format!("{v:?}")).collect::<Vec<_>>().join(", ");
    let key = key.replace("String(\"", "'").replace("\")", "'");
    ODataError::NotFound(format!("{what} {key} not found.")).into()
}

/// 404 unless the referenced entity exists (navigation parents), after the read permission.
pub async fn require_exists(state: &AppState, principal: &Principal, entity: &EntityRef) -> Result<(), TenantError> {
    let principal = authorize_read(entity.set, principal.clone())?;
    read_one(state, &principal, entity).await.map(|_| ())
}

/// Checks a request's query options against what the set supports and its entity type.
pub fn check_options(set: &EntitySet, query: &QueryOptions) -> Result<(), TenantError> {
    let options = set.options;
    let refuse = |option: &str| -> TenantError {
        // SAP answers unsupported options with 501 and this text.
        ODataError::NotImplemented(format!("{option} is not supported.")).into()
    };
    let model = service::model();
    let entity_type = set.entity_type;
    if let Some(filter) = &query.filter {
        if !options.filter {
            return Err(refuse("$filter"));
        }
        typecheck::check_filter(filter, entity_type, model)?;
        super::monitoring::check_id_filters(set, Some(filter))?;
    }
    if !query.orderby.is_empty() {
        if !options.orderby {
            return Err(refuse("$orderby"));
        }
        typecheck::check_orderby(&query.orderby, entity_type, model)?;
    }
    if (query.top.is_some() || query.skip.is_some()) && !options.paging {
        return Err(refuse(if query.top.is_some() { "$top" } else { "$skip" }));
    }
    if let Some(select) = &query.select {
        if !options.select {
            return Err(refuse("$select"));
        }
        typecheck::check_select(select, entity_type, model)?;
    }
    if !query.expand.is_empty() {
        if !options.expand {
            return Err(refuse("$expand"));
        }
        typecheck::check_expand(&query.expand, entity_type)?;
    }
    if query.inlinecount && !options.inlinecount {
        return Err(refuse("$inlinecount"));
    }
    Ok(())
}

/// `GET Set` or `GET Parent(key)/Nav`.
pub async fn collection(
    state: &AppState,
    request: ApiRequest,
    set: &'static EntitySet,
    source: EntitySource,
    path: String,
) -> ApiResult {
    let principal = authorize_read(set, request.principal)?;
    let query = &request.query;
    check_options(set, query)?;
    super::security::check_collection_query(set, query)?;
    let token = query.skiptoken.unwrap_or(0);
    let wanted = query.top.map(|top| top.saturating_sub(token));
    let page = wanted.map_or(SERVER_PAGE_SIZE, |w| w.min(SERVER_PAGE_SIZE));
    let store_query = EntityQuery {
        entity_type: set.entity_type,
        filter: query.filter.as_ref(),
        orderby: &query.orderby,
        skip: query.skip.unwrap_or(0).saturating_add(token),
        limit: page.saturating_add(1),
        count: query.inlinecount,
    };
    let mut rows = state.store.read_entities(principal.zone.id, &source, &store_query).await.map_err(store_failure)?;
    // A next link only when the server's page size cut the answer short, not when `$top` did:
    // a `$top` answered in full has no more pages.
    let more = u64::try_from(rows.rows.len()).unwrap_or(u64::MAX) > page && wanted.is_none_or(|w| w > page);
    rows.rows.truncate(usize::try_from(page).unwrap_or(usize::MAX));
    let mut entities: Vec<Entity> =
        rows.rows.into_iter().map(|values| Entity { set, values, expanded: Vec::new() }).collect();
    expand(state, &principal, &mut entities, query).await?;
    let next = more.then(|| next_link(&path, &request.raw_query, token + page));
    Ok(ApiResponse::Feed(Feed { path, set, entities, count: rows.total, next }))
}

/// The relative `__next` link: the request's own query with the next `$skiptoken`.
pub fn next_link(path: &str, raw_query: &str, token: u64) -> String {
    let mut parts: Vec<&str> = raw_query
        .split('&')
        .filter(|part| {
            let name = part.split('=').next().unwrap_or_default();
            !part.is_empty() && name != "$skiptoken" && name != "%24skiptoken"
        })
        .collect();
    let token = format!("$skiptoken={token}");
    parts.push(&token);
    format!("{path}?{}", parts.join("&"))
}

/// `GET …/$count`: a plain number.
pub async fn count(state: &AppState, request: ApiRequest, set: &'static EntitySet, source: EntitySource) -> ApiResult {
    let principal = authorize_read(set, request.principal)?;
    check_options(set, &request.query)?;
    let store_query = EntityQuery {
        entity_type: set.entity_type,
        filter: request.query.filter.as_ref(),
        orderby: &[],
        skip: 0,
        limit: 0,
        count: true,
    };
    let rows = state.store.read_entities(principal.zone.id, &source, &store_query).await.map_err(store_failure)?;
    Ok(ApiResponse::Count(rows.total.unwrap_or(0)))
}

/// `GET Set(key)`.
pub async fn entity(state: &AppState, request: ApiRequest, entity: EntityRef) -> ApiResult {
    let principal = authorize_read(entity.set, request.principal)?;
    let query = &request.query;
    if query.filter.is_some() || !query.orderby.is_empty() || query.top.is_some() || query.skip.is_some() {
        return Err(
            ODataError::BadRequest("$filter, $orderby, $top and $skip apply to collections only.".into()).into()
        );
    }
    check_options(entity.set, query)?;
    let mut found = vec![read_one(state, &principal, &entity).await?];
    expand(state, &principal, &mut found, query).await?;
    let one = found.pop().ok_or_else(|| not_found(&entity))?;
    Ok(ApiResponse::Entity(StatusCode::OK, one))
}

/// One level of `$expand`: reads each navigation's rows per entity.
async fn expand(
    state: &AppState,
    principal: &Principal,
    entities: &mut [Entity],
    query: &QueryOptions,
) -> Result<(), TenantError> {
    for path in &query.expand {
        let Some(navigation) = entities.first().and_then(|e| e.set.entity_type.navigation(&path[0])) else {
            continue;
        };
        let target_set = service::model()
            .entity_set(navigation.target_set)
            .ok_or_else(|| TenantError::from(ODataError::Internal))?;
        for entity in entities.iter_mut() {
            let related = related(state, principal, entity, navigation, target_set).await?;
            entity.expanded.push((navigation.name, related));
        }
    }
    Ok(())
}

/// The entities a navigation of one entity leads to (none for navigations without stored rows).
async fn related(
    state: &AppState,
    principal: &Principal,
    entity: &Entity,
    navigation: &Navigation,
    target_set: &'static EntitySet,
) -> Result<Vec<Entity>, TenantError> {
    // Children are scoped by the entity's first key property (`Id`, `Name`, …; numbers as text).
    let id = match entity.get(entity.set.entity_type.keys[0]) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Int64(n)) => n.to_string(),
        Some(Value::Int32(n)) => n.to_string(),
        _ => String::new(),
    };
    let id = id.as_str();
    let Some(source) = super::target::navigation_source(entity.set.name, id, navigation.name) else {
        return Ok(Vec::new());
    };
    if navigation.multiplicity != Multiplicity::Many {
        // A to-one navigation is the related entity with this one's key.
        let key = Key { values: vec![(target_set.entity_type.keys[0], Literal::String(id.to_owned()))] };
        let related = EntityRef { set: target_set, source, key };
        return Ok(read_one(state, principal, &related).await.ok().into_iter().collect());
    }
    let store_query = EntityQuery {
        entity_type: target_set.entity_type,
        filter: None,
        orderby: &[],
        skip: 0,
        limit: SERVER_PAGE_SIZE,
        count: false,
    };
    let rows = state.store.read_entities(principal.zone.id, &source, &store_query).await.map_err(store_failure)?;
    Ok(rows.rows.into_iter().map(|values| Entity { set: target_set, values, expanded: Vec::new() }).collect())
}

/// `GET Set(key)/$value` of a media entity.
pub async fn media(state: &AppState, request: ApiRequest, entity: EntityRef) -> ApiResult {
    if !entity.set.entity_type.has_stream {
        return Err(
            ODataError::BadRequest(format!("{} is not a media entity: it has no $value.", entity.set.name)).into()
        );
    }
    let principal = authorize_read(entity.set, request.principal)?;
    let auth = Authorized::<WorkspaceRead>::check(principal.clone());
    match (entity.set.name, &entity.source) {
        ("IntegrationPackages", _) => packages::export(state, auth?, &entity.key).await,
        ("Resources", EntitySource::Resources { kind, artifact }) => {
            artifacts::resource_content(state, auth?, *kind, artifact, &entity.key).await
        }
        ("RuntimeArtifactErrorInformations", _) => {
            super::deploy::error_information(state, &principal, &entity.key).await
        }
        ("MessageProcessingLogErrorInformations", _) => {
            super::monitoring::error_text(state, Authorized::check(principal)?, &entity.key).await
        }
        ("MessageProcessingLogAttachments", _) => {
            super::monitoring::attachment(state, Authorized::check(principal)?, &entity.key).await
        }
        ("CertificateResources", _) => {
            super::keystore::certificate(state, Authorized::check(principal)?, &entity.key, &request.query).await
        }
        (name, _) => match ArtifactKind::from_entity_set(name) {
            Some(_) => artifacts::download(state, auth?, &entity).await,
            None => Err(ODataError::NotImplemented(format!("$value of {name} is not supported yet.")).into()),
        },
    }
}

/// `GET Set(key)/Property/$value`: the property's value as plain text (binary values as they
/// are). Reading a property without `$value` is not supported.
pub async fn property(
    state: &AppState,
    request: ApiRequest,
    entity: EntityRef,
    property: &'static Property,
    suffix: PathSuffix,
) -> ApiResult {
    if suffix != PathSuffix::Value {
        return Err(ODataError::NotImplemented(format!(
            "Reading the property {} alone is not supported by this server; add /$value for its raw value.",
            property.name
        ))
        .into());
    }
    let principal = authorize_read(entity.set, request.principal)?;
    let found = read_one(state, &principal, &entity).await?;
    let body = match found.get(property.name) {
        Some(Value::String(text)) => text.clone().into_bytes(),
        Some(Value::Int32(n)) => n.to_string().into_bytes(),
        Some(Value::Int64(n)) | Some(Value::DateTime(n)) => n.to_string().into_bytes(),
        Some(Value::Boolean(b)) => b.to_string().into_bytes(),
        Some(Value::Binary(bytes)) => bytes.clone(),
        Some(Value::Null | Value::Complex(_)) | None => Vec::new(),
    };
    let content_type = if property.edm == cpi_odata::model::EdmType::Binary {
        "application/octet-stream"
    } else {
        "text/plain;charset=utf-8"
    };
    Ok(ApiResponse::Raw { status: StatusCode::OK, content_type: content_type.into(), filename: None, body })
}

/// A key's single string value, or a 400.
pub fn key_text<'k>(key: &'k Key, name: &str) -> Result<&'k str, TenantError> {
    key.text(name).ok_or_else(|| ODataError::BadRequest(format!("The key must give {name} as a string.")).into())
}
