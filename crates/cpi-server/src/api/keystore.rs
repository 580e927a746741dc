//! The tenant keystore: certificates added with `PUT CertificateResources('<Hexalias>')/$value`,
//! read back with `GET KeystoreEntries('<Hexalias>')/Certificate/$value`, removed with `DELETE
//! KeystoreEntries('<Hexalias>')`; and certificate-to-user mappings.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use time::OffsetDateTime;

use cpi_odata::ODataError;
use cpi_odata::query::{Literal, QueryOptions};
use cpi_odata::value::Entity;
use cpi_store::{CertificateUserMappingRecord, EntityQuery, EntitySource, KeystoreEntryRecord, StoreError};

use super::bundles::{object_body, text_field};
use super::read::{SERVER_PAGE_SIZE, key_text, read_one, store_failure};
use super::security::{SYSTEM_KEYSTORE, keystore_name};
use super::target::{EntityRef, Key};
use super::{ApiResponse, ApiResult, Feed};
use crate::certificates::{self, ParsedCertificate};
use crate::http::authz::{Authorized, MonitoringRead, SecurityMaterialEdit};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// Largest certificate upload (SAP: "maximum size is restricted to 10kB").
pub const CERTIFICATE_BODY_LIMIT: usize = 10 * 1024;
/// Largest certificate-to-user mapping body (the certificate arrives base64-encoded in JSON).
const MAPPING_BODY_LIMIT: usize = 32 * 1024;
/// `Owner` of entries the tenant's administrators add.
const TENANT_OWNER: &str = "Tenant Administrator";

fn flag(query: &QueryOptions, name: &str) -> bool {
    query.custom(name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn too_large(limit: usize) -> TenantError {
    ODataError::PayloadTooLarge(format!("The request body is too large: at most {limit} bytes are accepted.")).into()
}

/// The alias a key's `Hexalias` encodes, and the canonical (upper-case) `Hexalias`.
fn alias_of(key: &Key) -> Result<(String, String), TenantError> {
    let hexalias = key_text(key, "Hexalias")?;
    let alias = certificates::alias_of_hexalias(hexalias).ok_or_else(|| {
        TenantError::from(ODataError::BadRequest(format!(
            "Invalid Hexalias '{hexalias}': expected the hex encoding of the alias (an even number of hex digits)."
        )))
    })?;
    let canonical = certificates::hexalias(&alias);
    Ok((alias, canonical))
}

/// `Validity` of a certificate now: `valid`, `expired` or `notYetValid`.
fn validity_at(parsed: &ParsedCertificate, now: OffsetDateTime) -> &'static str {
    if now < parsed.details.valid_not_before {
        "notYetValid"
    } else if now > parsed.details.valid_not_after {
        "expired"
    } else {
        "valid"
    }
}

/// `PUT CertificateResources('<Hexalias>')/$value`: adds a certificate to the tenant keystore
/// (`?update=true` replaces one). 204, or 200 with every entry for `?returnKeystoreEntries=true`.
pub async fn put_certificate(
    state: &AppState,
    auth: Authorized<SecurityMaterialEdit>,
    key: &Key,
    query: &QueryOptions,
    body: &[u8],
) -> ApiResult {
    if body.len() > CERTIFICATE_BODY_LIMIT {
        return Err(too_large(CERTIFICATE_BODY_LIMIT));
    }
    let (alias, hexalias) = alias_of(key)?;
    let parsed = certificates::parse(body).map_err(|e| TenantError::from(ODataError::BadRequest(e.to_string())))?;
    let principal = &auth.principal;
    let now = state.clock.now();
    let update = flag(query, "update");
    let entry = KeystoreEntryRecord {
        keystore: SYSTEM_KEYSTORE.to_owned(),
        hexalias,
        alias: alias.clone(),
        entry_type: "Certificate".to_owned(),
        owner: TENANT_OWNER.to_owned(),
        validity: Some(validity_at(&parsed, now).to_owned()),
        certificate: parsed.der,
        details: parsed.details,
        status: if update { "changed" } else { "new" }.to_owned(),
        created_by: principal.name.clone(),
        created_time: now,
        last_modified_by: principal.name.clone(),
        last_modified_time: now,
    };
    let zone = principal.zone.id;
    let stored = if update {
        state.store.replace_keystore_entry(zone, &entry).await
    } else {
        state.store.create_keystore_entry(zone, &entry).await
    };
    stored.map_err(|e| match e {
        StoreError::Conflict(_) => {
            TenantError::bad_request(format!("Keystore entry with alias \"{alias}\" already exists"))
        }
        StoreError::NotFound => {
            TenantError::bad_request(format!("Keystore entry with alias \"{alias}\" does not exist"))
        }
        other => store_failure(other),
    })?;
    entries_or_no_content(state, principal, query).await
}

/// 204, or 200 with the tenant keystore's entries when `returnKeystoreEntries=true`.
async fn entries_or_no_content(state: &AppState, principal: &Principal, query: &QueryOptions) -> ApiResult {
    if !flag(query, "returnKeystoreEntries") {
        return Ok(ApiResponse::Empty(StatusCode::NO_CONTENT));
    }
    let set = cpi_odata::service::keystore_entries();
    let store_query = EntityQuery {
        entity_type: set.entity_type,
        filter: None,
        orderby: &[],
        skip: 0,
        limit: SERVER_PAGE_SIZE,
        count: false,
    };
    let source = EntitySource::KeystoreEntries { keystore: SYSTEM_KEYSTORE.to_owned() };
    let rows = state.store.read_entities(principal.zone.id, &source, &store_query).await.map_err(store_failure)?;
    let entities = rows.rows.into_iter().map(|values| Entity { set, values, expanded: Vec::new() }).collect();
    Ok(ApiResponse::Feed(Feed { path: set.name.to_owned(), set, entities, count: None, next: None }))
}

/// `DELETE KeystoreEntries('<Hexalias>')` → 204 (200 with the remaining entries for
/// `?returnKeystoreEntries=true`); 404 when the alias is not in the keystore.
pub async fn delete_entry(
    state: &AppState,
    auth: Authorized<SecurityMaterialEdit>,
    entity: &EntityRef,
    query: &QueryOptions,
) -> ApiResult {
    if flag(query, "activate") {
        return Err(ODataError::NotImplemented(
            "Activating key renewal entries is not supported by this server.".into(),
        )
        .into());
    }
    let (alias, hexalias) = alias_of(&entity.key)?;
    let keystore = keystore_name(query)?;
    state.store.delete_keystore_entry(auth.principal.zone.id, &keystore, &hexalias).await.map_err(|e| {
        TenantError::from_store(e, || format!("Alias '{alias}' not found in the keystore"), String::new)
    })?;
    entries_or_no_content(state, &auth.principal, query).await
}

/// `GET KeystoreEntries('<Hexalias>')/Certificate/$value`: the certificate (DER), from the
/// keystore `keystoreName` names (default `system`).
pub async fn certificate(
    state: &AppState,
    auth: Authorized<MonitoringRead>,
    key: &Key,
    query: &QueryOptions,
) -> ApiResult {
    let (alias, hexalias) = alias_of(key)?;
    let keystore = keystore_name(query)?;
    let entry = state.store.get_keystore_entry(auth.principal.zone.id, &keystore, &hexalias).await.map_err(|e| {
        TenantError::from_store(e, || format!("Alias '{alias}' not found in the keystore"), String::new)
    })?;
    Ok(ApiResponse::Raw {
        status: StatusCode::OK,
        content_type: "application/pkix-cert".into(),
        filename: Some(format!("{}.cer", entry.hexalias)),
        body: entry.certificate,
    })
}

/// `POST CertificateUserMappings` → 201: maps a certificate (base64 of PEM or DER) to a user;
/// a certificate mapped already gets the new user.
pub async fn map_certificate(state: &AppState, auth: Authorized<SecurityMaterialEdit>, body: &[u8]) -> ApiResult {
    if body.len() > MAPPING_BODY_LIMIT {
        return Err(too_large(MAPPING_BODY_LIMIT));
    }
    let map = object_body(body)?;
    let user = text_field(&map, "User")?
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| TenantError::bad_request("Property 'User' must not be null."))?;
    let encoded = text_field(&map, "Certificate")?
        .ok_or_else(|| TenantError::bad_request("Property 'Certificate' must not be null."))?;
    let not_a_certificate =
        || TenantError::bad_request(format!("The certificate for the user {user} is not a X.509 certificate."));
    let bytes = STANDARD.decode(encoded.trim()).map_err(|_| not_a_certificate())?;
    let parsed = certificates::parse(&bytes).map_err(|_| not_a_certificate())?;
    let principal = &auth.principal;
    let now = state.clock.now();
    let mut id = [0u8; 16];
    state.random.fill(&mut id);
    let record = CertificateUserMappingRecord {
        id: id.iter().map(|b| format!("{b:02x}")).collect(),
        user,
        certificate: certificates::pem(&parsed.der).into_bytes(),
        fingerprint: parsed.details.fingerprint_sha256.clone(),
        valid_until: parsed.details.valid_not_after,
        created_by: principal.name.clone(),
        created_time: now,
        last_modified_by: principal.name.clone(),
        last_modified_time: now,
    };
    let id = state.store.put_certificate_user_mapping(principal.zone.id, &record).await.map_err(store_failure)?;
    let set = cpi_odata::service::certificate_user_mappings();
    let created = EntityRef {
        set,
        source: EntitySource::CertificateUserMappings,
        key: Key { values: vec![("Id", Literal::String(id))] },
    };
    Ok(ApiResponse::Entity(StatusCode::CREATED, read_one(state, principal, &created).await?))
}

/// `DELETE CertificateUserMappings('<Id>')` → 204.
pub async fn unmap_certificate(state: &AppState, auth: Authorized<SecurityMaterialEdit>, key: &Key) -> ApiResult {
    let id = key_text(key, "Id")?;
    state.store.delete_certificate_user_mapping(auth.principal.zone.id, id).await.map_err(|e| {
        TenantError::from_store(e, || format!("Certificate-to-user mapping '{id}' not found."), String::new)
    })?;
    Ok(ApiResponse::Empty(StatusCode::NO_CONTENT))
}
