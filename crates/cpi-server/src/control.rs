//! The control plane as a service layer: offering and plans, instances and keys, users, signing
//! keys. The Service-Manager-style HTTP API and the Open Service Broker call this (later the cockpit).

use serde_json::Value;
use uuid::Uuid;

use cpi_domain::{
    InstanceParameters, KeyParameters, NameError, OAuthCredentials, ParameterError, Plan, ResourceName,
    ServiceKeyCredentials, Subaccount, clone_client_id, format_createdate,
};
use cpi_store::{InstanceRecord, KeyRecord, StoreError};

use crate::state::AppState;

/// The xsappname of the local Service Manager.
pub const SM_XSAPPNAME: &str = "service-manager!b1";
/// The scope control-plane tokens carry.
pub const CONTROL_SCOPE: &str = "service-manager!b1.subaccount.admin";

/// The key id inside a control client id (`sb-<uuid>!b1|service-manager!b1`).
pub fn control_key_id(client_id: &str) -> Option<Uuid> {
    let rest = client_id.strip_prefix("sb-")?.strip_suffix(&format!("|{SM_XSAPPNAME}"))?;
    let (uuid, _) = rest.split_once('!')?;
    Uuid::parse_str(uuid).ok()
}

/// Stable ids of the offering and plans (SAP uses UUIDs; ours are fixed per server).
pub fn offering_id() -> Uuid {
    Uuid::from_u128(0x1b0e_5a7e_0000_4000_8000_0000_0000_0001)
}

/// The id of a plan.
pub fn plan_id(plan: Plan) -> Uuid {
    match plan {
        Plan::Api => Uuid::from_u128(0x1b0e_5a7e_0000_4000_8000_0000_0000_00a1),
        Plan::IntegrationFlow => Uuid::from_u128(0x1b0e_5a7e_0000_4000_8000_0000_0000_00f1),
    }
}

/// The plan of a plan id.
pub fn plan_by_id(id: &str) -> Option<Plan> {
    Plan::ALL.into_iter().find(|p| plan_id(*p).to_string() == id)
}

/// What a control-plane operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    /// Invalid parameters.
    #[error(transparent)]
    Parameters(#[from] ParameterError),
    /// Invalid name.
    #[error(transparent)]
    Name(#[from] NameError),
    /// Another malformed request.
    #[error("{0}")]
    BadRequest(String),
    /// The request body exceeds the limit.
    #[error("{0}")]
    TooLarge(String),
    /// Not found.
    #[error("{0}")]
    NotFound(String),
    /// Conflict.
    #[error("{0}")]
    Conflict(String),
    /// Internal.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ControlError {
    pub(crate) fn from_store(e: StoreError, what: &str) -> Self {
        match e {
            StoreError::NotFound => ControlError::NotFound(format!("{what} not found")),
            StoreError::Conflict(text) => ControlError::Conflict(format!("{text} already exists")),
            StoreError::Backend(text) => ControlError::Internal(anyhow::anyhow!(text)),
        }
    }
}

/// Creates an instance after validating name and parameters; nothing is written on error.
pub async fn create_instance(
    state: &AppState,
    zone: &Subaccount,
    name: &str,
    plan: Plan,
    raw_parameters: Option<&Value>,
) -> Result<InstanceRecord, ControlError> {
    create_instance_with_id(state, zone, state.random.uuid(), name, plan, raw_parameters).await
}

/// Creates an instance with an id the caller chose (the broker's platforms choose them).
pub async fn create_instance_with_id(
    state: &AppState,
    zone: &Subaccount,
    id: Uuid,
    name: &str,
    plan: Plan,
    raw_parameters: Option<&Value>,
) -> Result<InstanceRecord, ControlError> {
    let name = ResourceName::parse(name)?;
    let parameters = InstanceParameters::parse(plan, raw_parameters)?;
    let clone_number = state.random.number(1_000, 999_999);
    let now = state.clock.now();
    let record = InstanceRecord {
        id,
        subaccount_id: zone.id,
        name,
        plan,
        parameters,
        client_id: clone_client_id(id, clone_number, &zone.xsappname_for(plan)),
        created_at: now,
        updated_at: now,
    };
    state.store.create_instance(&record).await.or_control("service instance")?;
    tracing::info!(instance = %record.id, name = %record.name, plan = plan.name(), "service instance created");
    Ok(record)
}

/// Updates an instance's parameters (keys present replace current values).
pub async fn update_instance(
    state: &AppState,
    zone: &Subaccount,
    id: Uuid,
    raw_parameters: Option<&Value>,
) -> Result<InstanceRecord, ControlError> {
    let mut instance = state.store.get_instance(zone.id, id).await.or_control("service instance")?;
    let parameters = instance.parameters.merge_update(instance.plan, raw_parameters)?;
    let now = state.clock.now();
    state.store.update_instance_parameters(zone.id, id, &parameters, now).await.or_control("service instance")?;
    state.credentials.forget_instance(id);
    instance.parameters = parameters;
    instance.updated_at = now;
    Ok(instance)
}

/// Deletes an instance and its keys; their secrets stop working at once.
pub async fn delete_instance(state: &AppState, zone: &Subaccount, id: Uuid) -> Result<(), ControlError> {
    state.store.delete_instance(zone.id, id).await.or_control("service instance")?;
    state.credentials.forget_instance(id);
    tracing::info!(instance = %id, "service instance deleted");
    Ok(())
}

/// Deletes a key; its secret stops working at once.
pub async fn delete_key(state: &AppState, zone: &Subaccount, id: Uuid) -> Result<(), ControlError> {
    state.store.delete_key(zone.id, id).await.or_control("service binding")?;
    state.credentials.forget_key(id);
    tracing::info!(key = %id, "service key deleted");
    Ok(())
}

/// Creates a ClientId/Secret key for an instance.
pub async fn create_key(
    state: &AppState,
    zone: &Subaccount,
    instance_id: Uuid,
    name: &str,
    raw_parameters: Option<&Value>,
) -> Result<(KeyRecord, InstanceRecord), ControlError> {
    create_key_with_id(state, zone, state.random.uuid(), instance_id, name, raw_parameters).await
}

/// Creates a ClientId/Secret key with an id the caller chose (the broker's binding id).
pub async fn create_key_with_id(
    state: &AppState,
    zone: &Subaccount,
    id: Uuid,
    instance_id: Uuid,
    name: &str,
    raw_parameters: Option<&Value>,
) -> Result<(KeyRecord, InstanceRecord), ControlError> {
    let name = ResourceName::parse(name)?;
    KeyParameters::parse(raw_parameters)?;
    let instance = state.store.get_instance(zone.id, instance_id).await.or_control("service instance")?;
    let key = KeyRecord {
        id,
        instance_id,
        subaccount_id: zone.id,
        name,
        secret_salt: state.random.bytes32().to_vec(),
        created_at: state.clock.now(),
    };
    state.store.create_key(&key).await.or_control("service key")?;
    tracing::info!(key = %key.id, instance = %instance.id, "service key created");
    Ok((key, instance))
}

/// The credentials of a key, in SAP's layout.
pub fn key_credentials(state: &AppState, instance: &InstanceRecord, key: &KeyRecord) -> ServiceKeyCredentials {
    ServiceKeyCredentials {
        oauth: OAuthCredentials {
            clientid: instance.client_id.clone(),
            clientsecret: state.credential_key.secret(key.id, &key.secret_salt).expose().to_owned(),
            url: state.public_url.clone(),
            createdate: format_createdate(key.created_at),
            tokenurl: format!("{}/oauth/token", state.public_url),
        },
    }
}

/// Names what a store failure was about, turning it into a [`ControlError`].
pub trait OrControl<T> {
    /// `NotFound` → "<what> not found", `Conflict` → "… already exists", backend → internal.
    fn or_control(self, what: &str) -> Result<T, ControlError>;
}

impl<T> OrControl<T> for Result<T, StoreError> {
    fn or_control(self, what: &str) -> Result<T, ControlError> {
        self.map_err(|e| ControlError::from_store(e, what))
    }
}
