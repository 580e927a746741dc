//! The subaccount's users as a service layer (the control-plane API and the cockpit call it):
//! create with a policy-checked Argon2id password, change role collections or password, delete.

use uuid::Uuid;

use cpi_domain::RoleCollection;
use cpi_domain::user::is_valid_username;
use cpi_store::UserRecord;

use crate::control::{ControlError, OrControl};
use crate::password::{check_password_policy, hash_password};
use crate::state::AppState;

/// Parses role collection names, naming the known ones on error.
pub fn parse_collections(names: &[String]) -> Result<Vec<RoleCollection>, ControlError> {
    names
        .iter()
        .map(|n| {
            RoleCollection::from_name(n).ok_or_else(|| {
                let known: Vec<&str> = RoleCollection::ALL.iter().map(|c| c.name()).collect();
                ControlError::BadRequest(format!("unknown role collection '{n}'; known are {}", known.join(", ")))
            })
        })
        .collect()
}

/// Checks the password policy and hashes on a blocking thread.
pub async fn hashed(state: &AppState, password: String) -> Result<String, ControlError> {
    check_password_policy(&password).map_err(ControlError::BadRequest)?;
    let mut salt = [0u8; 16];
    state.random.fill(&mut salt);
    tokio::task::spawn_blocking(move || hash_password(&password, &salt))
        .await
        .map_err(|e| ControlError::Internal(e.into()))?
        .map_err(ControlError::Internal)
}

/// What a new user needs.
#[derive(Debug)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// E-mail (defaults to `<username>@example.com`).
    pub email: Option<String>,
    /// Password (checked against the policy).
    pub password: String,
    /// Role collection names.
    pub role_collections: Vec<String>,
}

/// Creates a user; nothing is written on error.
pub async fn create_user(state: &AppState, zone: Uuid, request: NewUser) -> Result<UserRecord, ControlError> {
    if !is_valid_username(&request.username) {
        let name = request.username;
        return Err(ControlError::BadRequest(format!("'{name}' is not a valid user name (no spaces or ':')")));
    }
    let role_collections = parse_collections(&request.role_collections)?;
    let user = UserRecord {
        id: state.random.uuid(),
        subaccount_id: zone,
        email: request
            .email
            .filter(|e| !e.trim().is_empty())
            .unwrap_or_else(|| format!("{}@example.com", request.username)),
        username: request.username,
        password_hash: hashed(state, request.password).await?,
        role_collections,
        created_at: state.clock.now(),
    };
    state.store.create_user(&user).await.or_control("user")?;
    tracing::info!(user = %user.username, "user created");
    Ok(user)
}

/// Changes a user's password and/or role collections; validates both before writing either.
pub async fn update_user(
    state: &AppState,
    zone: Uuid,
    id: Uuid,
    password: Option<String>,
    role_collections: Option<&[String]>,
) -> Result<UserRecord, ControlError> {
    state.store.get_user(zone, id).await.or_control("user")?;
    let collections = role_collections.map(parse_collections).transpose()?;
    let hash = match password {
        Some(password) => Some(hashed(state, password).await?),
        None => None,
    };
    if let Some(hash) = hash {
        state.store.set_user_password(zone, id, &hash).await.or_control("user")?;
    }
    if let Some(collections) = collections {
        state.store.set_user_role_collections(zone, id, &collections).await.or_control("user")?;
    }
    state.store.get_user(zone, id).await.or_control("user")
}
