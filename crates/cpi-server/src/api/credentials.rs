//! `UserCredentials`, `SecureParameters` and `OAuth2ClientCredentials` writes: create, update and
//! delete answer 202 as SAP's do (the tenant "deploys" them). Secret values are sealed with the
//! data key, bound to their row, before they reach the store, and are never read back.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use cpi_odata::ODataError;
use cpi_odata::model::EntitySet;
use cpi_store::{
    Credential, CredentialKind, Deployed, OAuth2ClientCredentialRecord, Sealed, SecureParameterRecord, StoreError,
    UserCredentialRecord,
};

use super::bundles::{object_body, text_field};
use super::read::key_text;
use super::target::EntityRef;
use super::{ApiResponse, ApiResult};
use crate::http::authz::{Authorized, CredentialsEdit};
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::secrets::{SecretBinding, SecretText};
use crate::state::AppState;

/// Largest accepted body of a credential write.
pub const CREDENTIAL_BODY_LIMIT: usize = 64 * 1024;
/// Longest credential name.
const MAX_NAME_LEN: usize = 150;
/// The kinds of user credentials.
const USER_KINDS: [&str; 3] = ["default", "successfactors", "openconnectors"];

fn kind_of(set: &EntitySet) -> Result<CredentialKind, TenantError> {
    Ok(match set.name {
        "UserCredentials" => CredentialKind::User,
        "SecureParameters" => CredentialKind::SecureParameter,
        "OAuth2ClientCredentials" => CredentialKind::OAuth2Client,
        _ => return Err(ODataError::Internal.into()),
    })
}

/// The body as a JSON object, within the size limit.
fn credential_body(body: &[u8]) -> Result<Map<String, Value>, TenantError> {
    if body.len() > CREDENTIAL_BODY_LIMIT {
        return Err(ODataError::PayloadTooLarge(format!(
            "The request body exceeds the limit of {CREDENTIAL_BODY_LIMIT} bytes."
        ))
        .into());
    }
    object_body(body)
}

/// A field that must be present and not empty (SAP's wording).
fn required(map: &Map<String, Value>, name: &str) -> Result<String, TenantError> {
    match text_field(map, name)? {
        Some(value) if !value.is_empty() => Ok(value),
        Some(_) => Err(TenantError::bad_request(format!("Property '{name}' cannot be empty. Enter a valid value."))),
        None => Err(TenantError::bad_request(format!("Property '{name}' must not be null."))),
    }
}

fn check_name(name: &str) -> Result<(), TenantError> {
    if name.trim().is_empty() || name.chars().count() > MAX_NAME_LEN || name.chars().any(char::is_control) {
        return Err(TenantError::bad_request(format!(
            "Name '{name}' is invalid: it must have 1 to {MAX_NAME_LEN} characters and no control characters."
        )));
    }
    Ok(())
}

/// What a write seals its secrets with: the data key, bound to this row.
struct Sealer<'a> {
    state: &'a AppState,
    principal: &'a Principal,
    set: &'static str,
    name: &'a str,
}

impl Sealer<'_> {
    fn seal(&self, value: String) -> Result<Sealed, TenantError> {
        let key = [self.name];
        let binding = SecretBinding { subaccount: self.principal.zone.id, set: self.set, key: &key };
        self.state.data_key.seal(self.state.random.as_ref(), &binding, &SecretText::new(value)).map_err(|e| {
            tracing::error!(error = %e, "sealing a secret failed");
            ODataError::Internal.into()
        })
    }
}

/// `POST UserCredentials | SecureParameters | OAuth2ClientCredentials` → 202.
pub async fn create(
    state: &AppState,
    auth: Authorized<CredentialsEdit>,
    set: &'static EntitySet,
    body: &[u8],
) -> ApiResult {
    let kind = kind_of(set)?;
    let map = credential_body(body)?;
    let name = required(&map, "Name")?;
    check_name(&name)?;
    let principal = &auth.principal;
    let sealer = Sealer { state, principal, set: set.name, name: &name };
    let deployed = Deployed { by: principal.name.clone(), on: state.clock.now() };
    let credential = match kind {
        CredentialKind::User => Credential::User(new_user_credential(&map, &sealer, name.clone(), deployed)?),
        CredentialKind::SecureParameter => Credential::SecureParameter(SecureParameterRecord {
            value: sealer.seal(required(&map, "SecureParam")?)?,
            description: text_field(&map, "Description")?,
            name: name.clone(),
            deployed,
        }),
        CredentialKind::OAuth2Client => {
            Credential::OAuth2Client(new_oauth2_client(&map, &sealer, name.clone(), deployed)?)
        }
    };
    state.store.create_credential(principal.zone.id, &credential).await.map_err(|e| {
        let conflict = match kind {
            // SAP's texts differ per set.
            CredentialKind::OAuth2Client => "Entity with the specified name already exist.",
            _ => "Entity with specified name already exists.",
        };
        TenantError::from_store(e, || format!("Entity '{name}' not found."), || conflict.to_owned())
    })?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

fn new_user_credential(
    map: &Map<String, Value>,
    sealer: &Sealer<'_>,
    name: String,
    deployed: Deployed,
) -> Result<UserCredentialRecord, TenantError> {
    let mut record = UserCredentialRecord {
        name,
        kind: required(map, "Kind")?,
        description: None,
        user: None,
        password: None,
        company_id: None,
        deployed,
    };
    apply_user_fields(&mut record, map, sealer)?;
    Ok(record)
}

/// Applies the fields a body gives (absent ones stay) and checks the kind's rules.
fn apply_user_fields(
    record: &mut UserCredentialRecord,
    map: &Map<String, Value>,
    sealer: &Sealer<'_>,
) -> Result<(), TenantError> {
    if let Some(kind) = text_field(map, "Kind")? {
        record.kind = kind;
    }
    if !USER_KINDS.contains(&record.kind.as_str()) {
        return Err(TenantError::bad_request(
            "Wrong kind value is provided, must be one of [successfactors, default, openconnectors].",
        ));
    }
    for (name, slot) in
        [("Description", &mut record.description), ("User", &mut record.user), ("CompanyId", &mut record.company_id)]
    {
        if let Some(value) = text_field(map, name)? {
            *slot = Some(value);
        }
    }
    if record.kind == "successfactors" && record.company_id.as_deref().is_none_or(str::is_empty) {
        return Err(TenantError::bad_request("Expected company Id for kind successfactors is missing."));
    }
    if let Some(password) = text_field(map, "Password")? {
        if record.kind == "openconnectors" && !is_open_connectors_secret(&password) {
            return Err(TenantError::bad_request("Password does not match Open Connectors Credentials pattern."));
        }
        record.password = Some(sealer.seal(password)?);
    }
    Ok(())
}

/// SAP's pattern for Open Connectors: `User \S{0,44},Organization \S{0,32},Element \S{0,44}`.
fn is_open_connectors_secret(value: &str) -> bool {
    let parts: Vec<&str> = value.split(',').collect();
    let [user, organization, element] = parts.as_slice() else { return false };
    let part = |text: &str, label: &str, max: usize| {
        text.strip_prefix(label)
            .and_then(|rest| rest.strip_prefix(' '))
            .is_some_and(|rest| rest.chars().count() <= max && !rest.chars().any(char::is_whitespace))
    };
    part(user, "User", 44) && part(organization, "Organization", 32) && part(element, "Element", 44)
}

fn new_oauth2_client(
    map: &Map<String, Value>,
    sealer: &Sealer<'_>,
    name: String,
    deployed: Deployed,
) -> Result<OAuth2ClientCredentialRecord, TenantError> {
    let mut record = OAuth2ClientCredentialRecord {
        name,
        description: None,
        token_service_url: Some(required(map, "TokenServiceUrl")?),
        client_id: Some(required(map, "ClientId")?),
        client_secret: Some(sealer.seal(required(map, "ClientSecret")?)?),
        client_authentication: Some("body".to_owned()),
        scope: None,
        scope_content_type: Some("urlencoded".to_owned()),
        resource: None,
        audience: None,
        custom_parameters: custom_parameters(map)?,
        deployed,
    };
    apply_oauth2_fields(&mut record, map, sealer)?;
    Ok(record)
}

/// Applies the fields a body gives (absent ones stay) and checks the enumerations.
fn apply_oauth2_fields(
    record: &mut OAuth2ClientCredentialRecord,
    map: &Map<String, Value>,
    sealer: &Sealer<'_>,
) -> Result<(), TenantError> {
    let fields = [
        ("Description", &mut record.description),
        ("TokenServiceUrl", &mut record.token_service_url),
        ("ClientId", &mut record.client_id),
        ("ClientAuthentication", &mut record.client_authentication),
        ("Scope", &mut record.scope),
        ("ScopeContentType", &mut record.scope_content_type),
        ("Resource", &mut record.resource),
        ("Audience", &mut record.audience),
    ];
    for (name, slot) in fields {
        if let Some(value) = text_field(map, name)? {
            *slot = Some(value);
        }
    }
    one_of("ClientAuthentication", record.client_authentication.as_deref(), &["body", "header"])?;
    one_of("ScopeContentType", record.scope_content_type.as_deref(), &["urlencoded", "json"])?;
    match text_field(map, "ClientSecret")? {
        Some(secret) if secret.is_empty() => {
            Err(TenantError::bad_request("Property 'ClientSecret' cannot be empty. Enter a valid value."))
        }
        Some(secret) => {
            record.client_secret = Some(sealer.seal(secret)?);
            Ok(())
        }
        None => Ok(()),
    }
}

fn one_of(name: &str, value: Option<&str>, allowed: &[&str]) -> Result<(), TenantError> {
    match value {
        Some(v) if !allowed.contains(&v) => Err(TenantError::bad_request(format!(
            "Property '{name}' has the invalid value '{v}': use one of {}.",
            allowed.join(", ")
        ))),
        _ => Ok(()),
    }
}

/// `CustomParameters` of a create: an array of `{Key, Value, SendAsPartOf}` objects (or an OData
/// `{"results": […]}`), kept as JSON.
fn custom_parameters(map: &Map<String, Value>) -> Result<Option<String>, TenantError> {
    let items = match map.get("CustomParameters") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(Value::Object(o)) => match o.get("results") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(TenantError::bad_request(
                    "CustomParameters must be an array of {Key, Value, SendAsPartOf}.",
                ));
            }
        },
        Some(_) => {
            return Err(TenantError::bad_request("CustomParameters must be an array of {Key, Value, SendAsPartOf}."));
        }
    };
    for item in items {
        let Value::Object(parameter) = item else {
            return Err(TenantError::bad_request("CustomParameters must be an array of {Key, Value, SendAsPartOf}."));
        };
        required(parameter, "Key")?;
        one_of("SendAsPartOf", text_field(parameter, "SendAsPartOf")?.as_deref(), &["body", "url"])?;
    }
    Ok(Some(Value::Array(items.clone()).to_string()))
}

/// `PUT Set('Name')` → 202: the fields given replace the stored ones (secrets are sealed again);
/// 400 when the body names another entity, 409 (404 for OAuth2) when it does not exist.
pub async fn update(state: &AppState, auth: Authorized<CredentialsEdit>, entity: &EntityRef, body: &[u8]) -> ApiResult {
    let kind = kind_of(entity.set)?;
    let name = key_text(&entity.key, "Name")?;
    let map = credential_body(body)?;
    if text_field(&map, "Name")?.is_some_and(|given| given != name) {
        return Err(TenantError::bad_request("Entity key specified in URI does not match to name from payload."));
    }
    let principal = &auth.principal;
    let zone = principal.zone.id;
    let mut credential = state.store.get_credential(zone, kind, name).await.map_err(|e| match (e, kind) {
        (StoreError::NotFound, CredentialKind::OAuth2Client) => {
            ODataError::NotFound(format!("Entity '{name}' not found.")).into()
        }
        (StoreError::NotFound, _) => ODataError::Conflict("Entity with specified key does not exist.".into()).into(),
        (other, _) => TenantError::from_store(other, String::new, String::new),
    })?;
    let sealer = Sealer { state, principal, set: entity.set.name, name };
    let deployed = Deployed { by: principal.name.clone(), on: state.clock.now() };
    match &mut credential {
        Credential::User(record) => {
            apply_user_fields(record, &map, &sealer)?;
            record.deployed = deployed;
        }
        Credential::SecureParameter(record) => {
            record.value = sealer.seal(required(&map, "SecureParam")?)?;
            if let Some(description) = text_field(&map, "Description")? {
                record.description = Some(description);
            }
            record.deployed = deployed;
        }
        Credential::OAuth2Client(record) => {
            apply_oauth2_fields(record, &map, &sealer)?;
            record.deployed = deployed;
        }
    }
    state.store.replace_credential(zone, &credential).await.map_err(|e| {
        TenantError::from_store(e, || "Entity with specified key does not exist.".to_owned(), String::new)
    })?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

/// `DELETE Set('Name')` → 202.
pub async fn delete(state: &AppState, auth: Authorized<CredentialsEdit>, entity: &EntityRef) -> ApiResult {
    let kind = kind_of(entity.set)?;
    let name = key_text(&entity.key, "Name")?;
    state
        .store
        .delete_credential(auth.principal.zone.id, kind, name)
        .await
        .map_err(|e| TenantError::from_store(e, || format!("Entity '{name}' not found."), String::new))?;
    Ok(ApiResponse::Empty(StatusCode::ACCEPTED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_connectors_secrets_follow_sap_pattern() {
        assert!(is_open_connectors_secret("User abc,Organization org1,Element el"));
        assert!(is_open_connectors_secret("User ,Organization ,Element "));
        for bad in [
            "abc",
            "User a b,Organization o,Element e",
            "User a,Organization o",
            "User a,Organization o,Element e,Extra x",
            &format!("User {},Organization o,Element e", "x".repeat(45)),
        ] {
            assert!(!is_open_connectors_secret(bad), "{bad}");
        }
    }

    #[test]
    fn custom_parameters_are_kept_as_json_arrays() {
        let map = |v: Value| -> Map<String, Value> { serde_json::from_value(v).unwrap() };
        let given = map(serde_json::json!({"CustomParameters": [{"Key": "a", "Value": "b", "SendAsPartOf": "url"}]}));
        assert_eq!(
            custom_parameters(&given).unwrap().as_deref(),
            Some(r#"[{"Key":"a","Value":"b","SendAsPartOf":"url"}]"#)
        );
        let results = map(serde_json::json!({"CustomParameters": {"results": [{"Key": "a"}]}}));
        assert_eq!(custom_parameters(&results).unwrap().as_deref(), Some(r#"[{"Key":"a"}]"#));
        assert_eq!(custom_parameters(&map(serde_json::json!({}))).unwrap(), None);
        for wrong in [
            serde_json::json!({"CustomParameters": "x"}),
            serde_json::json!({"CustomParameters": [1]}),
            serde_json::json!({"CustomParameters": [{"Value": "no key"}]}),
            serde_json::json!({"CustomParameters": [{"Key": "a", "SendAsPartOf": "header"}]}),
        ] {
            assert!(custom_parameters(&map(wrong.clone())).is_err(), "{wrong}");
        }
    }
}
