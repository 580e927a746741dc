//! Partner Directory writes: create (POST → 201 with the entry), update (PUT → 204) and delete
//! (DELETE → 204) of string and binary parameters, alternative partners and authorized users,
//! and the delete of a partner with its entries (`DELETE Partners('P')` → 204). Reads are the
//! generic read's. Every operation needs `TenantPartnerDirectory.*`, which the role template
//! `AuthGroup_TenantPartnerDirectoryConfigurator` grants.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use serde_json::{Map, Value};

use cpi_domain::partner::{
    AlternativePartner, AlternativePartnerKey, Audit, AuthorizedUser, BinaryParameter, MAX_AGENCY_CHARS,
    MAX_ALTERNATIVE_ID_CHARS, MAX_PARAMETER_ID_CHARS, MAX_STRING_VALUE_CHARS, MAX_USER_CHARS, PartnerEntry,
    PartnerEntryKey, PartnerEntryKind, PartnerError, PartnerUpdate, StringParameter, check_binary_content_type,
    check_binary_value, check_pid, check_text,
};
use cpi_odata::ODataError;
use cpi_odata::model::EntitySet;
use cpi_odata::query::{Literal, QueryOptions};
use cpi_store::{EntitySource, StoreError};

use super::bundles::{object_body, text_field};
use super::read::{key_text, read_one};
use super::target::{EntityRef, Key};
use super::{ApiRequest, ApiResponse, ApiResult, method_not_allowed};
use crate::http::authz::{Authorized, PartnerDirectoryWrite};
use crate::http::errors::TenantError;
use crate::state::AppState;

/// Where the rows of a Partner Directory set live.
pub fn root_source(set: &str) -> Option<EntitySource> {
    Some(match set {
        "Partners" => EntitySource::Partners,
        "StringParameters" => EntitySource::StringParameters,
        "BinaryParameters" => EntitySource::BinaryParameters,
        "AlternativePartners" => EntitySource::AlternativePartners,
        "AuthorizedUsers" => EntitySource::AuthorizedUsers,
        _ => return None,
    })
}

/// Whether this module writes the set (POST, PUT, DELETE).
pub fn writes(set: &str) -> bool {
    // UserCredentialParameters are partner entries too, but sealed credentials: `security` writes them.
    set == "Partners"
        || PartnerEntryKind::from_entity_set(set).is_some_and(|k| k != PartnerEntryKind::UserCredentialParameters)
}

/// `POST StringParameters|BinaryParameters|AlternativePartners|AuthorizedUsers` → 201.
///
/// A taken key is a 409 Conflict. SAP answers 500 with its database's duplicate-key message,
/// but real clients need to tell "exists" apart from failures: SAP's own GitHub action
/// (`create-pid-entry`) treats 409 as "already there", and clients retry 5xx (Piper for minutes).
pub async fn create(
    state: &AppState,
    auth: Authorized<PartnerDirectoryWrite>,
    set: &'static EntitySet,
    body: &[u8],
) -> ApiResult {
    let map = object_body(body)?;
    let audit = Audit::new(&auth.principal.name, state.clock.now());
    let kind =
        PartnerEntryKind::from_entity_set(set.name).ok_or_else(|| method_not_allowed(&axum::http::Method::POST))?;
    let entry = match kind {
        PartnerEntryKind::StringParameters => string_parameter(&map, audit)?,
        PartnerEntryKind::BinaryParameters => binary_parameter(&map, audit)?,
        PartnerEntryKind::AlternativePartners => alternative_partner(&map, audit)?,
        PartnerEntryKind::AuthorizedUsers => authorized_user(&map, audit)?,
        // Served by `security` (sealed credentials); never routed here.
        PartnerEntryKind::UserCredentialParameters => return Err(method_not_allowed(&axum::http::Method::POST)),
    };
    let zone = auth.principal.zone.id;
    state.store.create_partner_entry(zone, &entry).await.map_err(|e| store_error(e, "creating"))?;
    let source = root_source(set.name).ok_or(ODataError::Internal)?;
    let created = EntityRef { set, source, key: key_of(&entry) };
    Ok(ApiResponse::Entity(StatusCode::CREATED, read_one(state, &auth.principal, &created).await?))
}

/// `PUT` (or `MERGE`/`PATCH`) of an entry → 204, `DELETE` of an entry or a partner → 204.
pub async fn write(state: &AppState, request: ApiRequest, entity: &EntityRef) -> ApiResult {
    let auth: Authorized<PartnerDirectoryWrite> = Authorized::check(request.principal)?;
    let zone = auth.principal.zone.id;
    match (request.method.as_str(), PartnerEntryKind::from_entity_set(entity.set.name)) {
        ("DELETE", None) => {
            let pid = key_text(&entity.key, "Pid")?;
            let keep = excluded_kinds(&request.query)?;
            state.store.delete_partner(zone, pid, &keep).await.map_err(|e| store_error(e, "deleting"))?;
        }
        ("DELETE", Some(kind)) => {
            let key = entry_key(kind, &entity.key)?;
            state.store.delete_partner_entry(zone, &key).await.map_err(|e| store_error(e, "deleting"))?;
        }
        ("PUT" | "MERGE" | "PATCH", Some(kind)) => {
            let update = update_of(kind, &entity.key, &object_body(&request.body)?)?;
            let (who, now) = (auth.principal.name.as_str(), state.clock.now());
            state.store.update_partner_entry(zone, &update, who, now).await.map_err(|e| store_error(e, "updating"))?;
        }
        _ => return Err(method_not_allowed(&request.method)),
    }
    Ok(ApiResponse::Empty(StatusCode::NO_CONTENT))
}

/// The kinds `DELETE Partners('P')?exclude=…` keeps (SAP's `exclude`: entity set names, given
/// repeatedly or comma-separated).
fn excluded_kinds(query: &QueryOptions) -> Result<Vec<PartnerEntryKind>, TenantError> {
    let mut keep = Vec::new();
    for (_, value) in query.custom.iter().filter(|(name, _)| name == "exclude") {
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let kind = PartnerEntryKind::from_entity_set(name).ok_or_else(|| {
                TenantError::bad_request(format!(
                    "exclude: '{name}' is not one of AuthorizedUsers, AlternativePartners, BinaryParameters, \
                     StringParameters, UserCredentialParameters."
                ))
            })?;
            keep.push(kind);
        }
    }
    Ok(keep)
}

fn invalid(error: PartnerError) -> TenantError {
    TenantError::bad_request(error.to_string())
}

/// A required text property, checked.
fn required(map: &Map<String, Value>, name: &'static str, max: usize) -> Result<String, TenantError> {
    let value = text_field(map, name)?.ok_or_else(|| invalid(PartnerError::Missing(name)))?;
    check_text(name, &value, max, false).map_err(invalid)?;
    Ok(value)
}

fn pid_of(map: &Map<String, Value>) -> Result<String, TenantError> {
    let pid = text_field(map, "Pid")?.ok_or_else(|| invalid(PartnerError::Missing("Pid")))?;
    check_pid(&pid).map_err(invalid)?;
    Ok(pid)
}

fn string_value(map: &Map<String, Value>) -> Result<String, TenantError> {
    let value = text_field(map, "Value")?.ok_or_else(|| invalid(PartnerError::Missing("Value")))?;
    check_text("Value", &value, MAX_STRING_VALUE_CHARS, true).map_err(invalid)?;
    Ok(value)
}

/// `ContentType` and the base64 `Value` (standard or URL-safe alphabet, padded or not), decoded.
fn binary_content(map: &Map<String, Value>) -> Result<(String, Vec<u8>), TenantError> {
    let content_type = text_field(map, "ContentType")?.unwrap_or_default();
    check_binary_content_type(&content_type).map_err(invalid)?;
    let text = text_field(map, "Value")?.ok_or_else(|| invalid(PartnerError::Missing("Value")))?;
    let text: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let value = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(&text).ok())
        .ok_or_else(|| TenantError::bad_request("Property 'Value' must be base64-encoded."))?;
    check_binary_value(&value).map_err(invalid)?;
    Ok((content_type, value))
}

fn string_parameter(map: &Map<String, Value>, audit: Audit) -> Result<PartnerEntry, TenantError> {
    let (pid, id) = (pid_of(map)?, required(map, "Id", MAX_PARAMETER_ID_CHARS)?);
    Ok(PartnerEntry::String(StringParameter { pid, id, value: string_value(map)?, audit }))
}

fn binary_parameter(map: &Map<String, Value>, audit: Audit) -> Result<PartnerEntry, TenantError> {
    let (pid, id) = (pid_of(map)?, required(map, "Id", MAX_PARAMETER_ID_CHARS)?);
    let (content_type, value) = binary_content(map)?;
    Ok(PartnerEntry::Binary(BinaryParameter { pid, id, content_type, value, audit }))
}

fn alternative_partner(map: &Map<String, Value>, audit: Audit) -> Result<PartnerEntry, TenantError> {
    Ok(PartnerEntry::Alternative(AlternativePartner {
        agency: required(map, "Agency", MAX_AGENCY_CHARS)?,
        scheme: required(map, "Scheme", MAX_AGENCY_CHARS)?,
        id: required(map, "Id", MAX_ALTERNATIVE_ID_CHARS)?,
        pid: pid_of(map)?,
        audit,
    }))
}

fn authorized_user(map: &Map<String, Value>, audit: Audit) -> Result<PartnerEntry, TenantError> {
    Ok(PartnerEntry::AuthorizedUser(AuthorizedUser {
        user: required(map, "User", MAX_USER_CHARS)?,
        pid: pid_of(map)?,
        audit,
    }))
}

/// The key of a created entry, as the generic read addresses it.
fn key_of(entry: &PartnerEntry) -> Key {
    let text = |s: &str| Literal::String(s.to_owned());
    let values = match entry {
        PartnerEntry::String(StringParameter { pid, id, .. })
        | PartnerEntry::Binary(BinaryParameter { pid, id, .. }) => {
            vec![("Pid", text(pid)), ("Id", text(id))]
        }
        PartnerEntry::Alternative(alternative) => {
            let key = alternative.key();
            vec![("Hexagency", text(&key.hexagency)), ("Hexscheme", text(&key.hexscheme)), ("Hexid", text(&key.hexid))]
        }
        PartnerEntry::AuthorizedUser(user) => vec![("User", text(&user.user))],
    };
    Key { values }
}

fn entry_key(kind: PartnerEntryKind, key: &Key) -> Result<PartnerEntryKey, TenantError> {
    let part = |name| key_text(key, name).map(str::to_owned);
    Ok(match kind {
        PartnerEntryKind::StringParameters => PartnerEntryKey::String { pid: part("Pid")?, id: part("Id")? },
        PartnerEntryKind::BinaryParameters => PartnerEntryKey::Binary { pid: part("Pid")?, id: part("Id")? },
        PartnerEntryKind::AlternativePartners => PartnerEntryKey::Alternative(AlternativePartnerKey {
            hexagency: part("Hexagency")?,
            hexscheme: part("Hexscheme")?,
            hexid: part("Hexid")?,
        }),
        PartnerEntryKind::AuthorizedUsers => PartnerEntryKey::AuthorizedUser(part("User")?),
        // Served by `security` (sealed credentials); never routed here.
        PartnerEntryKind::UserCredentialParameters => {
            return Err(TenantError::bad_request(
                "UserCredentialParameters are written through their own entity set.".to_owned(),
            ));
        }
    })
}

/// The change a PUT body makes. Key properties in the body must repeat the URL's.
fn update_of(kind: PartnerEntryKind, key: &Key, map: &Map<String, Value>) -> Result<PartnerUpdate, TenantError> {
    for (name, literal) in &key.values {
        let Literal::String(expected) = literal else { continue };
        let matches = match text_field(map, name)? {
            Some(given) if name.starts_with("Hex") => given.eq_ignore_ascii_case(expected),
            Some(given) => &given == expected,
            None => true,
        };
        if !matches {
            return Err(TenantError::bad_request(format!(
                "Property '{name}' of the body does not match the key in the URL."
            )));
        }
    }
    Ok(match entry_key(kind, key)? {
        PartnerEntryKey::String { pid, id } => PartnerUpdate::String { pid, id, value: string_value(map)? },
        PartnerEntryKey::Binary { pid, id } => {
            let (content_type, value) = binary_content(map)?;
            PartnerUpdate::Binary { pid, id, content_type, value }
        }
        PartnerEntryKey::Alternative(key) => PartnerUpdate::Alternative { key, pid: pid_of(map)? },
        PartnerEntryKey::AuthorizedUser(user) => PartnerUpdate::AuthorizedUser { user, pid: pid_of(map)? },
    })
}

/// SAP's texts: "Problem during creating an entity: …"; a taken key is a 409 (see [`create`]).
fn store_error(error: StoreError, doing: &str) -> TenantError {
    match error {
        StoreError::Conflict(what) => {
            ODataError::Conflict(format!("Problem during {doing} an entity: the {what} already exists.")).into()
        }
        other => TenantError::from_store(
            other,
            || "The requested Partner Directory entity does not exist.".to_owned(),
            || "Conflict.".to_owned(),
        ),
    }
}

/// The uppercase hex of alternative partner key parts (clients send either case).
pub fn normalize_hex_key(value: Literal) -> Literal {
    match value {
        Literal::String(text) => Literal::String(text.to_ascii_uppercase()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use cpi_odata::query::parse_query;

    use super::*;

    #[test]
    fn exclude_names_kinds_repeatedly_or_comma_separated() {
        let query = parse_query("exclude=AuthorizedUsers,%20StringParameters&exclude=BinaryParameters").unwrap();
        let kept = excluded_kinds(&query).unwrap();
        let expected =
            [PartnerEntryKind::AuthorizedUsers, PartnerEntryKind::StringParameters, PartnerEntryKind::BinaryParameters];
        assert_eq!(kept, expected);
        assert!(excluded_kinds(&parse_query("").unwrap()).unwrap().is_empty());
        let unknown = excluded_kinds(&parse_query("exclude=Partners").unwrap());
        assert_eq!(unknown.map_err(|e| e.error.status()), Err(400));
    }

    #[test]
    fn put_bodies_must_repeat_the_key() {
        let key = Key { values: vec![("Pid", Literal::String("P".into())), ("Id", Literal::String("a".into()))] };
        let body = |json: &str| object_body(json.as_bytes()).unwrap();
        let update = update_of(PartnerEntryKind::StringParameters, &key, &body(r#"{"Pid":"P","Value":"v"}"#)).unwrap();
        assert_eq!(update, PartnerUpdate::String { pid: "P".into(), id: "a".into(), value: "v".into() });
        let moved = update_of(PartnerEntryKind::StringParameters, &key, &body(r#"{"Pid":"Q","Value":"v"}"#));
        assert_eq!(moved.map_err(|e| e.error.status()), Err(400));
        let hex = Key {
            values: vec![
                ("Hexagency", Literal::String("41".into())),
                ("Hexscheme", Literal::String("42".into())),
                ("Hexid", Literal::String("4A".into())),
            ],
        };
        let lower = update_of(PartnerEntryKind::AlternativePartners, &hex, &body(r#"{"Hexid":"4a","Pid":"P"}"#));
        assert!(lower.is_ok(), "hex keys compare without case");
    }

    #[test]
    fn binary_values_decode_from_either_base64_alphabet() {
        let body =
            |value: &str| object_body(format!(r#"{{"ContentType":"zip","Value":"{value}"}}"#).as_bytes()).unwrap();
        assert_eq!(binary_content(&body("+/8=")).unwrap().1, vec![0xfb, 0xff]);
        assert_eq!(binary_content(&body("-_8")).unwrap().1, vec![0xfb, 0xff]);
        assert_eq!(binary_content(&body("")).unwrap().1, Vec::<u8>::new());
        assert!(binary_content(&body("%%%")).is_err());
    }
}
