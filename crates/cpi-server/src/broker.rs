//! The Open Service Broker's service layer: provisioning, updating and deprovisioning `it-rt`
//! instances with the ids platforms choose, binding and unbinding keys, the state of the last
//! operation, and the broker's own credentials. Instances and keys are the ordinary ones of
//! [`crate::control`], so the Service Manager API, the cockpit and the CLI see them too.
//!
//! Every change is done in the request, in one store write, so nothing is ever half-done; the
//! HTTP surface still answers instance operations asynchronously (`202` + an operation id, as
//! SAP's broker does), and [`last_operation`] reports the outcome.

use std::path::{Path, PathBuf};

use serde_json::json;
use subtle::ConstantTimeEq;
use uuid::Uuid;

use cpi_domain::{
    ClientSecret, InstanceParameters, KeyParameters, Plan, ResourceName, ServiceKeyCredentials, Subaccount,
};
use cpi_store::{InstanceRecord, StoreError};
use cpi_xsuaa::CredentialKey;

use crate::control::{self, ControlError, OrControl};
use crate::state::AppState;

/// The user platforms authenticate as (HTTP Basic).
pub const BROKER_USERNAME: &str = "cpi-broker";
/// The key id the broker password is derived under (never stored: derived from the credential key).
const BROKER_SECRET_ID: Uuid = Uuid::from_u128(0x1b0e_5a7e_0000_4000_8000_0000_0000_0b0b);
/// The salt of that derivation.
const BROKER_SECRET_SALT: &[u8] = b"osb-broker";

/// The broker password of this data dir.
pub fn broker_password(key: &CredentialKey) -> ClientSecret {
    key.secret(BROKER_SECRET_ID, BROKER_SECRET_SALT)
}

/// Whether Basic credentials are the broker's (the password is checked in constant time).
pub fn credentials_match(key: &CredentialKey, username: &str, password: &str) -> bool {
    let user_ok: bool = username.as_bytes().ct_eq(BROKER_USERNAME.as_bytes()).into();
    let password_ok = key.verify(password, BROKER_SECRET_ID, BROKER_SECRET_SALT);
    user_ok & password_ok
}

/// Writes `broker.json` (0600): the URL a platform registers and the Basic credentials.
pub fn write_credentials_file(dir: &Path, key: &CredentialKey, public_url: &str) -> anyhow::Result<PathBuf> {
    let path = dir.join("broker.json");
    let password = broker_password(key);
    let body = json!({"url": public_url, "username": BROKER_USERNAME, "password": password.expose()});
    crate::bootstrap::write_private_file(&path, serde_json::to_string_pretty(&body)?.as_bytes())?;
    Ok(path)
}

/// What a broker operation can fail with, beyond the control plane's errors.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// From the control plane (validation, not found, conflict, internal).
    #[error(transparent)]
    Control(#[from] ControlError),
    /// The platform asked to change the plan (`plan_updateable` is false).
    #[error("the plan of an it-rt instance cannot be changed (from {} to {})", current.name(), requested.name())]
    PlanChange {
        /// The instance's plan.
        current: Plan,
        /// The plan asked for.
        requested: Plan,
    },
    /// The instance or binding to delete does not exist.
    #[error("it does not exist")]
    Gone,
}

/// Whether a request created something or found it already there, identical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// Created by this request.
    Created(T),
    /// Already there with the same attributes.
    Existing(T),
}

/// An instance operation answered asynchronously.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// `PUT /v2/service_instances/:id`
    Provision,
    /// `PATCH /v2/service_instances/:id`
    Update,
    /// `DELETE /v2/service_instances/:id`
    Deprovision,
}

impl OperationKind {
    fn as_str(self) -> &'static str {
        match self {
            OperationKind::Provision => "provision",
            OperationKind::Update => "update",
            OperationKind::Deprovision => "deprovision",
        }
    }

    /// A new operation id: `<kind>:<12 random hex digits>`.
    pub fn new_operation(self, state: &AppState) -> String {
        let token = state.random.uuid().simple().to_string();
        format!("{}:{}", self.as_str(), &token[..12])
    }

    /// The kind of an operation id this broker handed out.
    pub fn of_operation(operation: &str) -> Option<OperationKind> {
        let (kind, token) = operation.split_once(':')?;
        let kinds = [OperationKind::Provision, OperationKind::Update, OperationKind::Deprovision];
        kinds.into_iter().find(|k| k.as_str() == kind && !token.is_empty())
    }
}

/// The outcome of an operation, as `last_operation` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationState {
    /// `succeeded` or `failed`.
    pub state: &'static str,
    /// A message for the platform's user.
    pub description: String,
}

/// Provisions instance `id`: 'Existing' when it is there with the same plan and parameters,
/// a conflict when its plan or parameters differ. The name is the platform's if it is a valid,
/// free name, else `osb-<first 8 hex digits of the id>`.
pub async fn provision(
    state: &AppState,
    zone: &Subaccount,
    id: Uuid,
    plan: Plan,
    requested_name: Option<&str>,
    raw_parameters: Option<&serde_json::Value>,
) -> Result<Outcome<InstanceRecord>, BrokerError> {
    let parameters = InstanceParameters::parse(plan, raw_parameters).map_err(ControlError::from)?;
    match state.store.get_instance(zone.id, id).await {
        Ok(existing) => return same_instance(existing, plan, &parameters),
        Err(StoreError::NotFound) => {}
        Err(e) => return Err(ControlError::from_store(e, "service instance").into()),
    }
    let name = instance_name(state, zone, requested_name, id).await?;
    match control::create_instance_with_id(state, zone, id, &name, plan, raw_parameters).await {
        Ok(record) => Ok(Outcome::Created(record)),
        // A concurrent request with the same id won the race: compare with what it made.
        Err(ControlError::Conflict(text)) => match state.store.get_instance(zone.id, id).await {
            Ok(existing) => same_instance(existing, plan, &parameters),
            Err(_) => Err(ControlError::Conflict(text).into()),
        },
        Err(e) => Err(e.into()),
    }
}

fn same_instance(
    existing: InstanceRecord,
    plan: Plan,
    parameters: &InstanceParameters,
) -> Result<Outcome<InstanceRecord>, BrokerError> {
    if existing.plan == plan && existing.parameters == *parameters {
        return Ok(Outcome::Existing(existing));
    }
    let text = format!("service instance {} already exists with a different plan or parameters", existing.id);
    Err(ControlError::Conflict(text).into())
}

async fn instance_name(
    state: &AppState,
    zone: &Subaccount,
    requested: Option<&str>,
    id: Uuid,
) -> Result<String, ControlError> {
    if let Some(name) = requested.filter(|n| ResourceName::parse(n).is_ok()) {
        match state.store.get_instance_by_name(zone.id, name).await {
            Err(StoreError::NotFound) => return Ok(name.to_owned()),
            Ok(_) => {}
            Err(e) => return Err(ControlError::from_store(e, "service instance")),
        }
    }
    Ok(fallback_name(id))
}

/// `osb-<first 8 hex digits of the id>`.
fn fallback_name(id: Uuid) -> String {
    format!("osb-{}", &id.simple().to_string()[..8])
}

/// Updates an instance's parameters (absent parameters leave them as they are).
pub async fn update(
    state: &AppState,
    zone: &Subaccount,
    id: Uuid,
    requested_plan: Option<Plan>,
    raw_parameters: Option<&serde_json::Value>,
) -> Result<InstanceRecord, BrokerError> {
    let instance = state.store.get_instance(zone.id, id).await.or_control("service instance")?;
    if let Some(requested) = requested_plan.filter(|p| *p != instance.plan) {
        return Err(BrokerError::PlanChange { current: instance.plan, requested });
    }
    Ok(control::update_instance(state, zone, id, raw_parameters).await?)
}

/// Deletes an instance and its keys; `Gone` when it does not exist.
pub async fn deprovision(state: &AppState, zone: &Subaccount, id: Uuid) -> Result<(), BrokerError> {
    match control::delete_instance(state, zone, id).await {
        Err(ControlError::NotFound(_)) => Err(BrokerError::Gone),
        other => Ok(other?),
    }
}

/// The outcome of the last operation on instance `id`. Operations finish in their request, so
/// an existing instance means success; a missing one means a finished deprovision (`Gone`), or,
/// for a provision or update, that it was deleted since (`failed`).
pub async fn last_operation(
    state: &AppState,
    zone: &Subaccount,
    id: Uuid,
    kind: Option<OperationKind>,
) -> Result<OperationState, BrokerError> {
    match state.store.get_instance(zone.id, id).await {
        Ok(instance) => {
            let done = match kind {
                Some(OperationKind::Provision) => "created",
                Some(OperationKind::Update) => "updated",
                Some(OperationKind::Deprovision) | None => "ready",
            };
            Ok(OperationState {
                state: "succeeded",
                description: format!("service instance '{}' {done}", instance.name),
            })
        }
        Err(StoreError::NotFound) => match kind {
            Some(OperationKind::Deprovision) | None => Err(BrokerError::Gone),
            Some(OperationKind::Provision | OperationKind::Update) => {
                Ok(OperationState { state: "failed", description: "the service instance no longer exists".into() })
            }
        },
        Err(e) => Err(ControlError::from_store(e, "service instance").into()),
    }
}

/// Binds: creates key `binding_id` for the instance, or finds it there for the same instance
/// ('Existing'); the same id for another instance is a conflict. Keys have one type
/// (ClientId/Secret), so valid parameters never differ.
pub async fn bind(
    state: &AppState,
    zone: &Subaccount,
    instance_id: Uuid,
    binding_id: Uuid,
    requested_name: Option<&str>,
    raw_parameters: Option<&serde_json::Value>,
) -> Result<Outcome<ServiceKeyCredentials>, BrokerError> {
    KeyParameters::parse(raw_parameters).map_err(ControlError::from)?;
    let instance = state.store.get_instance(zone.id, instance_id).await.or_control("service instance")?;
    match state.store.get_key(zone.id, binding_id).await {
        Ok(key) if key.instance_id == instance_id => {
            return Ok(Outcome::Existing(control::key_credentials(state, &instance, &key)));
        }
        Ok(_) => {
            let text = format!("service binding {binding_id} already exists for another service instance");
            return Err(ControlError::Conflict(text).into());
        }
        Err(StoreError::NotFound) => {}
        Err(e) => return Err(ControlError::from_store(e, "service binding").into()),
    }
    let name = key_name(state, zone, instance_id, requested_name, binding_id).await?;
    let (key, instance) =
        control::create_key_with_id(state, zone, binding_id, instance_id, &name, raw_parameters).await?;
    Ok(Outcome::Created(control::key_credentials(state, &instance, &key)))
}

async fn key_name(
    state: &AppState,
    zone: &Subaccount,
    instance_id: Uuid,
    requested: Option<&str>,
    binding_id: Uuid,
) -> Result<String, ControlError> {
    if let Some(name) = requested.filter(|n| ResourceName::parse(n).is_ok()) {
        let keys = state.store.list_keys(zone.id, Some(instance_id)).await.or_control("service binding")?;
        if !keys.iter().any(|k| k.name.as_str() == name) {
            return Ok(name.to_owned());
        }
    }
    Ok(fallback_name(binding_id))
}

/// The credentials of binding `binding_id` of the instance (`NotFound` otherwise).
pub async fn binding(
    state: &AppState,
    zone: &Subaccount,
    instance_id: Uuid,
    binding_id: Uuid,
) -> Result<ServiceKeyCredentials, BrokerError> {
    let key = state.store.get_key(zone.id, binding_id).await.or_control("service binding")?;
    if key.instance_id != instance_id {
        return Err(ControlError::NotFound("service binding not found".into()).into());
    }
    let instance = state.store.get_instance(zone.id, instance_id).await.or_control("service instance")?;
    Ok(control::key_credentials(state, &instance, &key))
}

/// Deletes binding `binding_id` of the instance; its secret stops working at once. `Gone` when
/// the instance has no such binding.
pub async fn unbind(
    state: &AppState,
    zone: &Subaccount,
    instance_id: Uuid,
    binding_id: Uuid,
) -> Result<(), BrokerError> {
    match state.store.get_key(zone.id, binding_id).await {
        Ok(key) if key.instance_id == instance_id => {}
        Ok(_) | Err(StoreError::NotFound) => return Err(BrokerError::Gone),
        Err(e) => return Err(ControlError::from_store(e, "service binding").into()),
    }
    match control::delete_key(state, zone, binding_id).await {
        Err(ControlError::NotFound(_)) => Err(BrokerError::Gone),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_broker_password_is_derived_and_checked_with_the_username() {
        let key = CredentialKey::new(&[7; 32]);
        let password = broker_password(&key);
        assert!(credentials_match(&key, BROKER_USERNAME, password.expose()));
        assert!(!credentials_match(&key, "someone", password.expose()));
        assert!(!credentials_match(&key, BROKER_USERNAME, "wrong"));
        assert!(!credentials_match(&CredentialKey::new(&[8; 32]), BROKER_USERNAME, password.expose()));
    }

    #[test]
    fn operation_ids_carry_their_kind() {
        assert_eq!(OperationKind::of_operation("deprovision:0123456789ab"), Some(OperationKind::Deprovision));
        assert_eq!(OperationKind::of_operation("provision:x"), Some(OperationKind::Provision));
        assert_eq!(OperationKind::of_operation("update:"), None);
        assert_eq!(OperationKind::of_operation("task_10"), None);
        assert_eq!(fallback_name(Uuid::from_u128(0xabcdef12_0000_4000_8000_000000000000)), "osb-abcdef12");
    }
}
