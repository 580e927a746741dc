//! SAP's Message Stores API beyond the generic read: payload downloads (`$value`) of persisted
//! messages, their attachments, data store entries and variables; deletes of data stores, their
//! entries and variables (202); number ranges (POST, PUT, DELETE → 202); FIGAF's `messageid`
//! and SAP's `overdueonly` options.
//!
//! Permissions (SAP's "Message Stores" page and the tasks table): listing persisted messages
//! needs MonitoringDataRead; their payloads and attachments need MessagePayloadsRead. The API
//! page says MonitoringDataRead suffices for "message store content" while the tasks table
//! names MessagePayloadsRead for payloads of stored messages; we follow the tasks table, as SAP
//! does for the other payloads (trace, log attachments). Data stores, their entries, variables
//! and the JMS broker are listed with DataStoresAndQueuesRead, payloads and variable values
//! need DataStorePayloadsRead, deletes DataStoresAndQueuesDelete. Number ranges are read with
//! MonitoringDataRead and written with MonitoringArtifactsDeploy (`NodeManager.deploycontent`).

use std::borrow::Cow;

use axum::http::{HeaderValue, Method, StatusCode};
use serde_json::{Map, Value};

use cpi_domain::message_store::{Content, DataStoreKey, NumberRange, NumberRangeError, parse_number, parse_rotate};
use cpi_odata::ODataError;
use cpi_odata::query::QueryOptions;
use cpi_store::{EntitySource, StoreError};

use super::bundles::object_body;
use super::read::key_text;
use super::target::{EntityRef, Key};
use super::{ApiRequest, ApiResponse, ApiResult, method_not_allowed};
use crate::http::authz::{Authorized, ContentDeploy, DataStorePayloadsRead, DataStoresDelete, MessagePayloadsRead};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// Where the rows of a Message Stores set live.
pub fn root_source(set: &str) -> Option<EntitySource> {
    Some(match set {
        "MessageStoreEntries" => EntitySource::MessageStoreEntries { message: None },
        "MessageStoreEntryProperties" => EntitySource::MessageStoreEntryProperties { entry: None },
        "MessageStoreEntryAttachments" => EntitySource::MessageStoreEntryAttachments { entry: None },
        "MessageStoreEntryAttachmentProperties" => {
            EntitySource::MessageStoreEntryAttachmentProperties { attachment: None }
        }
        "DataStores" => EntitySource::DataStores { overdue_only: false },
        "DataStoreEntries" => EntitySource::DataStoreEntries { store: None, message: None, overdue_only: false },
        "Variables" => EntitySource::Variables,
        "NumberRanges" => EntitySource::NumberRanges,
        "JmsBrokers" => EntitySource::JmsBrokers,
        _ => return None,
    })
}

/// `DataStores(DataStoreName=,IntegrationFlow=,Type=)/Entries`: the one navigation whose parent
/// has a composite key.
pub fn composite_navigation_source(parent: &EntityRef, navigation: &str) -> Option<EntitySource> {
    if (parent.set.name, navigation) != ("DataStores", "Entries") {
        return None;
    }
    let store = data_store_key(&parent.key).ok()?;
    Some(EntitySource::DataStoreEntries { store: Some(store), message: None, overdue_only: false })
}

/// Narrows data store reads by SAP's `overdueonly=true` and FIGAF's `messageid=<guid>`.
pub fn apply_custom_options(source: &mut EntitySource, query: &QueryOptions) -> Result<(), TenantError> {
    let overdue = match query.custom("overdueonly") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(v) => return Err(TenantError::bad_request(format!("overdueonly must be true or false, not '{v}'."))),
    };
    match source {
        EntitySource::DataStores { overdue_only } => *overdue_only = overdue,
        EntitySource::DataStoreEntries { message, overdue_only, .. } => {
            *overdue_only = overdue;
            *message = query.custom("messageid").map(str::to_owned);
        }
        _ => {}
    }
    Ok(())
}

/// `$value` of a persisted message, an attachment, a data store entry or a variable.
pub async fn media(state: &AppState, principal: Principal, entity: &EntityRef) -> ApiResult {
    let zone = principal.zone.id;
    let content = match entity.set.name {
        "MessageStoreEntries" => {
            let auth: Authorized<MessagePayloadsRead> = Authorized::check(principal)?;
            let id = key_text(&entity.key, "Id")?;
            state.store.stored_message_payload(auth.principal.zone.id, id).await.map_err(|e| not_found(e, id))?
        }
        "MessageStoreEntryAttachments" => {
            let auth: Authorized<MessagePayloadsRead> = Authorized::check(principal)?;
            let id = key_text(&entity.key, "Id")?;
            state.store.stored_attachment_content(auth.principal.zone.id, id).await.map_err(|e| not_found(e, id))?
        }
        "DataStoreEntries" => {
            let _auth: Authorized<DataStorePayloadsRead> = Authorized::check(principal)?;
            let (store, id) = (data_store_key(&entity.key)?, key_text(&entity.key, "Id")?);
            let message = state.store.data_store_message(zone, &store, id).await.map_err(|e| not_found(e, id))?;
            let zip = cpi_bundle::message_archive(Some(&message.body), &message.headers);
            Content { content_type: "application/zip".to_owned(), bytes: zip }
        }
        "Variables" => {
            let _auth: Authorized<DataStorePayloadsRead> = Authorized::check(principal)?;
            let (name, flow) = (key_text(&entity.key, "VariableName")?, key_text(&entity.key, "IntegrationFlow")?);
            let variable = state.store.get_variable(zone, name, flow).await.map_err(|e| not_found(e, name))?;
            // The value travels as a property named after the variable in `headers.prop`.
            let zip = cpi_bundle::message_archive(None, &[(variable.name, variable.value)]);
            Content { content_type: "application/zip".to_owned(), bytes: zip }
        }
        other => return Err(ODataError::NotImplemented(format!("$value of {other} is not supported yet.")).into()),
    };
    // A media type the runtime stored that is no valid header value is sent as plain bytes.
    let content_type = match HeaderValue::from_str(&content.content_type) {
        Ok(_) => Cow::Owned(content.content_type),
        Err(_) => Cow::Borrowed("application/octet-stream"),
    };
    Ok(ApiResponse::Raw { status: StatusCode::OK, content_type, filename: None, body: content.bytes })
}

/// Whether this module writes the set (entity PUT/DELETE, or POST to the collection).
pub fn writes(set: &str) -> bool {
    matches!(set, "NumberRanges" | "DataStores" | "DataStoreEntries" | "Variables")
}

/// `POST NumberRanges` → 202.
pub async fn create_number_range(state: &AppState, auth: Authorized<ContentDeploy>, body: &[u8]) -> ApiResult {
    let range = number_range_of(state, &auth.principal, &object_body(body)?, None)?;
    let zone = auth.principal.zone.id;
    state.store.create_number_range(zone, &range).await.map_err(|e| match e {
        StoreError::Conflict(_) => ODataError::Conflict(format!("Number range {} already exists.", range.name)).into(),
        other => not_found(other, &range.name),
    })?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

/// `PUT NumberRanges('N')`, `DELETE NumberRanges('N')`, and `DELETE` of a data store, a data
/// store entry or a variable → 202.
pub async fn write(state: &AppState, request: ApiRequest, entity: &EntityRef) -> ApiResult {
    match (request.method.clone(), entity.set.name) {
        (Method::PUT, "NumberRanges") => {
            let auth: Authorized<ContentDeploy> = Authorized::check(request.principal)?;
            let name = key_text(&entity.key, "Name")?;
            let range = number_range_of(state, &auth.principal, &object_body(&request.body)?, Some(name))?;
            state.store.replace_number_range(auth.principal.zone.id, &range).await.map_err(|e| not_found(e, name))?;
        }
        (Method::DELETE, "NumberRanges") => {
            let auth: Authorized<ContentDeploy> = Authorized::check(request.principal)?;
            let name = key_text(&entity.key, "Name")?;
            state.store.delete_number_range(auth.principal.zone.id, name).await.map_err(|e| not_found(e, name))?;
        }
        (Method::DELETE, set) => {
            let auth: Authorized<DataStoresDelete> = Authorized::check(request.principal)?;
            delete_runtime_data(state, &auth, set, &entity.key).await?;
        }
        (method, _) => return Err(method_not_allowed(&method)),
    }
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

async fn delete_runtime_data(
    state: &AppState,
    auth: &Authorized<DataStoresDelete>,
    set: &str,
    key: &Key,
) -> Result<(), TenantError> {
    let zone = auth.principal.zone.id;
    match set {
        "DataStores" => {
            let store = data_store_key(key)?;
            state.store.delete_data_store(zone, &store).await.map_err(|e| not_found(e, &store.name))
        }
        "DataStoreEntries" => {
            let (store, id) = (data_store_key(key)?, key_text(key, "Id")?);
            state.store.delete_data_store_entry(zone, &store, id).await.map_err(|e| not_found(e, id))
        }
        "Variables" => {
            let (name, flow) = (key_text(key, "VariableName")?, key_text(key, "IntegrationFlow")?);
            state.store.delete_variable(zone, name, flow).await.map_err(|e| not_found(e, name))
        }
        _ => Err(method_not_allowed(&Method::DELETE)),
    }
}

fn data_store_key(key: &Key) -> Result<DataStoreKey, TenantError> {
    Ok(DataStoreKey {
        name: key_text(key, "DataStoreName")?.to_owned(),
        integration_flow: key_text(key, "IntegrationFlow")?.to_owned(),
        store_type: key_text(key, "Type")?.to_owned(),
    })
}

/// A number range from a POST or PUT body. A PUT must give every attribute and the name of its
/// URL; a POST needs `Name`, `MinValue` and `MaxValue` (the current value defaults to the
/// minimum, `Rotate` to false, `FieldLength` to 0: no padding).
fn number_range_of(
    state: &AppState,
    principal: &Principal,
    map: &Map<String, Value>,
    put_name: Option<&str>,
) -> Result<NumberRange, TenantError> {
    let body = RangeBody { map, complete: put_name.is_some() };
    let name = match (body.get("Name")?, put_name) {
        (Some(given), Some(key)) if given != key => {
            return Err(TenantError::bad_request("The Name must be the name in the URL."));
        }
        (_, Some(key)) => key.to_owned(),
        (Some(given), None) => given,
        (None, None) => return Err(invalid(NumberRangeError::Missing("Name"))),
    };
    let min_value = parse_number("MinValue", &body.required("MinValue")?).map_err(invalid)?;
    let max_value = parse_number("MaxValue", &body.required("MaxValue")?).map_err(invalid)?;
    let field_length = match body.number("FieldLength")? {
        Some(n) => u32::try_from(n).map_err(|_| invalid(NumberRangeError::NotANumber("FieldLength")))?,
        None => 0,
    };
    let range = NumberRange {
        name,
        description: body.optional("Description")?.unwrap_or_default(),
        min_value,
        max_value,
        current_value: body.number("CurrentValue")?.unwrap_or(min_value),
        rotate: body.optional("Rotate")?.map(|text| parse_rotate(&text)).transpose().map_err(invalid)?.unwrap_or(false),
        field_length,
        deployed_by: principal.name.clone(),
        deployed_on: state.clock.now(),
    };
    range.check().map_err(invalid)?;
    Ok(range)
}

/// The attributes of a number range body. SAP sends every one as text (figures such as
/// `"0000000005"`, `"true"`); JSON numbers and booleans are accepted too.
struct RangeBody<'a> {
    map: &'a Map<String, Value>,
    /// Whether every attribute is required (PUT).
    complete: bool,
}

impl RangeBody<'_> {
    fn get(&self, name: &'static str) -> Result<Option<String>, TenantError> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(TenantError::bad_request(format!("Property '{name}' must be a string."))),
        }
    }

    fn required(&self, name: &'static str) -> Result<String, TenantError> {
        self.get(name)?.ok_or_else(|| invalid(NumberRangeError::Missing(name)))
    }

    /// Present, or absent where a POST may leave it out.
    fn optional(&self, name: &'static str) -> Result<Option<String>, TenantError> {
        if self.complete { self.required(name).map(Some) } else { self.get(name) }
    }

    fn number(&self, name: &'static str) -> Result<Option<u64>, TenantError> {
        self.optional(name)?.map(|text| parse_number(name, &text)).transpose().map_err(invalid)
    }
}

fn invalid(error: NumberRangeError) -> TenantError {
    TenantError::bad_request(error.to_string())
}

fn not_found(error: StoreError, what: &str) -> TenantError {
    TenantError::from_store(error, || format!("Entity '{what}' not found."), || "Conflict.".to_owned())
}

#[cfg(test)]
mod tests {
    use cpi_odata::query::parse_query;

    use super::*;
    use crate::api::target::navigation_source;

    #[test]
    fn navigations_lead_to_narrowed_sources() {
        let by_message = navigation_source("MessageProcessingLogs", "G1", "MessageStoreEntries");
        assert_eq!(by_message, Some(EntitySource::MessageStoreEntries { message: Some("G1".into()) }));
        let attachments = navigation_source("MessageStoreEntries", "msg:1", "Attachments");
        assert_eq!(attachments, Some(EntitySource::MessageStoreEntryAttachments { entry: Some("msg:1".into()) }));
        let properties = navigation_source("MessageStoreEntryAttachments", "att:1", "Properties");
        let expected = EntitySource::MessageStoreEntryAttachmentProperties { attachment: Some("att:1".into()) };
        assert_eq!(properties, Some(expected));
    }

    #[test]
    fn custom_options_narrow_data_store_reads_only() {
        let query = parse_query("messageid=G1&overdueonly=TRUE&$format=json").unwrap();
        let mut entries = root_source("DataStoreEntries").unwrap();
        apply_custom_options(&mut entries, &query).unwrap();
        let expected = EntitySource::DataStoreEntries { store: None, message: Some("G1".into()), overdue_only: true };
        assert_eq!(entries, expected);
        let mut stores = root_source("DataStores").unwrap();
        apply_custom_options(&mut stores, &query).unwrap();
        assert_eq!(stores, EntitySource::DataStores { overdue_only: true });
        let mut variables = root_source("Variables").unwrap();
        apply_custom_options(&mut variables, &query).unwrap();
        assert_eq!(variables, EntitySource::Variables, "other sources are left alone");
        let bad = parse_query("overdueonly=yes").unwrap();
        assert_eq!(apply_custom_options(&mut stores, &bad).map_err(|e| e.error.status()), Err(400));
    }
}
