//! The partner directory's `UserCredentialParameters(Pid,Id)`: a user and password per partner.
//! POST adds or replaces one (201), DELETE removes it (204); the password is sealed with the data
//! key and never read back.

use axum::http::StatusCode;

use cpi_odata::ODataError;
use cpi_odata::query::Literal;
use cpi_store::{EntitySource, PartnerUserCredentialRecord, StoreError};

use super::bundles::{object_body, text_field};
use super::read::{key_text, read_one, store_failure};
use super::target::{EntityRef, Key};
use super::{ApiResponse, ApiResult};
use crate::http::authz::{Authorized, PartnerDirectoryWrite};
use crate::http::errors::TenantError;
use crate::secrets::{SecretBinding, SecretText};
use crate::state::AppState;

/// The set (also the binding of sealed passwords).
const SET: &str = "UserCredentialParameters";
/// Largest accepted body.
const BODY_LIMIT: usize = 16 * 1024;
/// SAP's maximum lengths.
const LIMITS: [(&str, usize); 4] = [("Pid", 60), ("Id", 1500), ("User", 200), ("Password", 200)];

/// `POST UserCredentialParameters` with `{Pid, Id, User, Password}` → 201 with the entity
/// (`Password` null); an existing one is replaced.
pub async fn put(state: &AppState, auth: Authorized<PartnerDirectoryWrite>, body: &[u8]) -> ApiResult {
    if body.len() > BODY_LIMIT {
        return Err(
            ODataError::PayloadTooLarge(format!("The request body exceeds the limit of {BODY_LIMIT} bytes.")).into()
        );
    }
    let map = object_body(body)?;
    for (name, max) in LIMITS {
        if text_field(&map, name)?.is_some_and(|value| value.chars().count() > max) {
            return Err(TenantError::bad_request(format!("Property '{name}' is longer than {max} characters.")));
        }
    }
    let required = |name: &str| -> Result<String, TenantError> {
        text_field(&map, name)?
            .filter(|v| !v.is_empty())
            .ok_or_else(|| TenantError::bad_request(format!("Property '{name}' must not be null.")))
    };
    let (pid, id) = (required("Pid")?, required("Id")?);
    let password = text_field(&map, "Password")?.ok_or_else(|| {
        TenantError::bad_request(
            "Problem during creating an entity: The value of the property 'Password' is missing for the entity \
             'UserCredentialParameter'.",
        )
    })?;
    let principal = &auth.principal;
    let key = [pid.as_str(), id.as_str()];
    let binding = SecretBinding { subaccount: principal.zone.id, set: SET, key: &key };
    let sealed = state.data_key.seal(state.random.as_ref(), &binding, &SecretText::new(password)).map_err(|e| {
        tracing::error!(error = %e, "sealing a secret failed");
        TenantError::from(ODataError::Internal)
    })?;
    let now = state.clock.now();
    let record = PartnerUserCredentialRecord {
        pid: pid.clone(),
        id: id.clone(),
        user: text_field(&map, "User")?,
        password: sealed,
        created_by: principal.name.clone(),
        created_at: now,
        modified_by: principal.name.clone(),
        modified_at: now,
    };
    state.store.put_partner_user_credential(principal.zone.id, &record).await.map_err(store_failure)?;
    let set = cpi_odata::service::user_credential_parameters();
    let entity = EntityRef {
        set,
        source: EntitySource::UserCredentialParameters,
        key: Key { values: vec![("Pid", Literal::String(pid)), ("Id", Literal::String(id))] },
    };
    Ok(ApiResponse::Entity(StatusCode::CREATED, read_one(state, principal, &entity).await?))
}

/// `DELETE UserCredentialParameters(Pid='…',Id='…')` → 204.
pub async fn delete(state: &AppState, auth: Authorized<PartnerDirectoryWrite>, key: &Key) -> ApiResult {
    let (pid, id) = (key_text(key, "Pid")?, key_text(key, "Id")?);
    state.store.delete_partner_user_credential(auth.principal.zone.id, pid, id).await.map_err(|e| match e {
        StoreError::NotFound => {
            ODataError::NotFound(format!("User credential parameter (Pid='{pid}', Id='{id}') not found.")).into()
        }
        other => store_failure(other),
    })?;
    Ok(ApiResponse::Empty(StatusCode::NO_CONTENT))
}
