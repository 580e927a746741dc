//! The token service: authenticates OAuth clients and users and issues XSUAA-shaped tokens.

use std::borrow::Cow;
use std::sync::Arc;

use time::Duration;
use uuid::Uuid;

use cpi_domain::user::{api_permissions_of, runtime_roles_of};
use cpi_domain::{ClientSecret, GrantType, Plan, Subaccount};
use cpi_store::{InstanceRecord, RefreshTokenRecord, StoreError, UserRecord};
use cpi_xsuaa::scope::{api_scopes, narrow, permission_scopes, runtime_scopes};
use cpi_xsuaa::{ClientAuth, GrantRequest, OAuthError, TokenGrant, TokenRequest, TokenResponse, TokenUser, sha256_hex};

use crate::control::{CONTROL_SCOPE, control_key_id};
use crate::credential_cache::CachedKey;
use crate::password::verify_password;
use crate::state::AppState;

/// Lifetime of refresh tokens (XSUAA's default, 280 days).
const REFRESH_VALIDITY: Duration = Duration::seconds(24_192_000);
/// Lifetime of control-plane tokens.
const CONTROL_VALIDITY: u32 = 43_200;

/// One token to mint.
struct Mint<'a> {
    zone: &'a Subaccount,
    client_id: &'a str,
    instance_id: Option<Uuid>,
    grant_type: &'a str,
    scopes: Cow<'a, [String]>,
    audience: Option<Cow<'a, [String]>>,
    user: Option<TokenUser>,
    validity_secs: u32,
    refresh: Option<String>,
}

/// Who authenticated at the token endpoint.
enum Client {
    Instance(Arc<CachedKey>),
    Control(Subaccount),
}

fn internal(e: impl std::fmt::Display) -> OAuthError {
    tracing::error!(error = %e, "token service failure");
    OAuthError::ServerError
}

/// Handles one token request end to end.
pub async fn issue(state: &AppState, request: TokenRequest) -> Result<TokenResponse, OAuthError> {
    let auth = request.client.clone().ok_or(OAuthError::AuthenticationRequired)?;
    let client = authenticate_throttled(state, &auth).await?.ok_or(OAuthError::BadCredentials)?;
    let grant = request.grant()?;
    let requested = request.requested_scopes();
    match client {
        Client::Control(zone) => control_token(state, &zone, &auth.client_id, &grant, &requested),
        Client::Instance(entry) => instance_token(state, &entry, grant, &requested).await,
    }
}

/// Authenticates a client under the failed-authentication throttle: a throttled client id is
/// refused before its secret is checked; successes and failures are counted.
async fn authenticate_throttled(state: &AppState, auth: &ClientAuth) -> Result<Option<Client>, OAuthError> {
    let now = state.clock.now();
    if let Err(retry_after_secs) = lock_throttle(state).check(&auth.client_id, now) {
        return Err(OAuthError::TooManyFailedAttempts { retry_after_secs });
    }
    let client = authenticate(state, auth).await?;
    match &client {
        Some(_) => lock_throttle(state).record_success(&auth.client_id),
        None => lock_throttle(state).record_failure(&auth.client_id, now),
    }
    Ok(client)
}

/// Authenticates a service key's `clientid:clientsecret` sent as HTTP Basic to a runtime
/// endpoint (no token call), under the token endpoint's throttle. `None` when the credentials
/// do not match an instance key, or the client is throttled.
pub async fn authenticate_key_basic(
    state: &AppState,
    client_id: &str,
    client_secret: &str,
) -> Result<Option<Arc<CachedKey>>, OAuthError> {
    let auth = ClientAuth { client_id: client_id.to_owned(), client_secret: client_secret.to_owned() };
    match authenticate_throttled(state, &auth).await {
        Ok(Some(Client::Instance(entry))) => Ok(Some(entry)),
        Ok(Some(Client::Control(_)) | None) | Err(OAuthError::TooManyFailedAttempts { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

fn lock_throttle(state: &AppState) -> std::sync::MutexGuard<'_, cpi_xsuaa::FailureThrottle> {
    state.throttle.lock().unwrap_or_else(|e| e.into_inner())
}

async fn authenticate(state: &AppState, auth: &ClientAuth) -> Result<Option<Client>, OAuthError> {
    let Some(key_id) = ClientSecret::key_id_of(&auth.client_secret) else { return Ok(None) };
    if control_key_id(&auth.client_id) == Some(key_id) {
        return authenticate_control(state, auth, key_id).await;
    }
    let Some(entry) = cached_key(state, key_id).await? else { return Ok(None) };
    let (key, instance) = (&entry.key, &entry.instance);
    if instance.client_id != auth.client_id
        || !state.credential_key.verify(&auth.client_secret, key.id, &key.secret_salt)
    {
        return Ok(None);
    }
    Ok(Some(Client::Instance(entry)))
}

/// The key and its instance, from the cache or the store.
async fn cached_key(state: &AppState, key_id: Uuid) -> Result<Option<Arc<CachedKey>>, OAuthError> {
    if let Some(entry) = state.credentials.get(key_id) {
        return Ok(Some(entry));
    }
    let generation = state.credentials.generation();
    let key = match state.store.find_key(key_id).await {
        Ok(key) => key,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(internal(e)),
    };
    let instance = match state.store.get_instance(key.subaccount_id, key.instance_id).await {
        Ok(instance) => instance,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(internal(e)),
    };
    let zone = state.zone(instance.subaccount_id).await.map_err(internal)?;
    let scopes = client_scopes(&instance, &zone);
    let audience = cpi_xsuaa::claims::audience(&scopes, &instance.client_id);
    let entry = Arc::new(CachedKey { key, instance, zone, scopes, audience });
    state.credentials.insert(generation, entry.clone());
    Ok(Some(entry))
}

async fn authenticate_control(state: &AppState, auth: &ClientAuth, key_id: Uuid) -> Result<Option<Client>, OAuthError> {
    let client = match state.store.get_control_client(&auth.client_id).await {
        Ok(client) => client,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(internal(e)),
    };
    if !state.credential_key.verify(&auth.client_secret, key_id, &client.secret_salt) {
        return Ok(None);
    }
    let zone = state.zone(client.subaccount_id).await.map_err(internal)?;
    Ok(Some(Client::Control(zone)))
}

fn control_token(
    state: &AppState,
    zone: &Subaccount,
    client_id: &str,
    grant: &GrantRequest,
    requested: &[String],
) -> Result<TokenResponse, OAuthError> {
    if *grant != GrantRequest::ClientCredentials {
        return Err(OAuthError::UnauthorizedGrantType);
    }
    let mint = Mint {
        zone,
        client_id,
        instance_id: None,
        grant_type: "client_credentials",
        scopes: Cow::Owned(vec![CONTROL_SCOPE.to_owned(), cpi_xsuaa::scope::UAA_RESOURCE.to_owned()]),
        audience: None,
        user: None,
        validity_secs: CONTROL_VALIDITY,
        refresh: None,
    };
    sign(state, mint, requested)
}

async fn instance_token(
    state: &AppState,
    entry: &CachedKey,
    grant: GrantRequest,
    requested: &[String],
) -> Result<TokenResponse, OAuthError> {
    let (instance, zone) = (&entry.instance, &entry.zone);
    match grant {
        GrantRequest::ClientCredentials => {
            require_grant(instance, GrantType::ClientCredentials)?;
            let mint = Mint {
                zone,
                client_id: &instance.client_id,
                instance_id: Some(instance.id),
                grant_type: "client_credentials",
                scopes: Cow::Borrowed(&entry.scopes),
                audience: Some(Cow::Borrowed(&entry.audience)),
                user: None,
                validity_secs: instance.parameters.token_validity,
                refresh: None,
            };
            sign(state, mint, requested)
        }
        GrantRequest::Password { username, password } => {
            require_grant(instance, GrantType::Password)?;
            let user = password_user(state, zone, &username, password).await?;
            let refresh = new_refresh_token(state, instance, &user).await?;
            sign(state, user_mint(instance, zone, &user, "password", refresh), requested)
        }
        GrantRequest::RefreshToken { refresh_token } => {
            require_grant(instance, GrantType::RefreshToken)?;
            let user = refresh_user(state, instance, &refresh_token).await?;
            sign(state, user_mint(instance, zone, &user, "refresh_token", Some(refresh_token)), requested)
        }
        GrantRequest::AuthorizationCode => {
            require_grant(instance, GrantType::AuthorizationCode)?;
            Err(OAuthError::InvalidGrant(
                "Invalid authorization code: the authorization code flow is not offered by cpi".into(),
            ))
        }
    }
}

fn require_grant(instance: &InstanceRecord, grant: GrantType) -> Result<(), OAuthError> {
    if instance.parameters.allows(grant) { Ok(()) } else { Err(OAuthError::UnauthorizedGrantType) }
}

/// The scopes a client-credentials token of an instance carries. Computed when the credential
/// cache loads the key; an instance update invalidates the entry, so the next token follows.
fn client_scopes(instance: &InstanceRecord, zone: &Subaccount) -> Vec<String> {
    match instance.plan {
        Plan::Api => api_scopes(&zone.api_xsappname(), &instance.parameters.roles),
        Plan::IntegrationFlow => runtime_scopes(&zone.runtime_xsappname(), &instance.parameters.roles),
    }
}

fn user_scopes(instance: &InstanceRecord, zone: &Subaccount, user: &UserRecord) -> Vec<String> {
    match instance.plan {
        Plan::Api => permission_scopes(&zone.api_xsappname(), api_permissions_of(&user.role_collections)),
        Plan::IntegrationFlow => runtime_scopes(&zone.runtime_xsappname(), &runtime_roles_of(&user.role_collections)),
    }
}

async fn password_user(
    state: &AppState,
    zone: &Subaccount,
    username: &str,
    password: String,
) -> Result<UserRecord, OAuthError> {
    let user = match state.store.get_user_by_name(zone.id, username).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => return Err(OAuthError::BadCredentials),
        Err(e) => return Err(internal(e)),
    };
    if verify_password(password, user.password_hash.clone()).await { Ok(user) } else { Err(OAuthError::BadCredentials) }
}

async fn new_refresh_token(
    state: &AppState,
    instance: &InstanceRecord,
    user: &UserRecord,
) -> Result<Option<String>, OAuthError> {
    if !instance.parameters.allows(GrantType::RefreshToken) {
        return Ok(None);
    }
    let token = format!("{}-r", state.random.uuid().simple());
    let record = RefreshTokenRecord {
        token_hash: sha256_hex(&token),
        subaccount_id: instance.subaccount_id,
        instance_id: instance.id,
        user_id: user.id,
        expires_at: state.clock.now() + REFRESH_VALIDITY,
    };
    state.store.put_refresh_token(&record).await.map_err(internal)?;
    Ok(Some(token))
}

async fn refresh_user(state: &AppState, instance: &InstanceRecord, token: &str) -> Result<UserRecord, OAuthError> {
    let invalid = || OAuthError::InvalidGrant("Invalid refresh token".into());
    let record = match state.store.get_refresh_token(&sha256_hex(token)).await {
        Ok(record) => record,
        Err(StoreError::NotFound) => return Err(invalid()),
        Err(e) => return Err(internal(e)),
    };
    if record.instance_id != instance.id || record.expires_at <= state.clock.now() {
        return Err(invalid());
    }
    match state.store.get_user(record.subaccount_id, record.user_id).await {
        Ok(user) => Ok(user),
        Err(StoreError::NotFound) => Err(invalid()),
        Err(e) => Err(internal(e)),
    }
}

fn user_mint<'a>(
    instance: &'a InstanceRecord,
    zone: &'a Subaccount,
    user: &UserRecord,
    grant_type: &'a str,
    refresh: Option<String>,
) -> Mint<'a> {
    Mint {
        zone,
        client_id: &instance.client_id,
        instance_id: Some(instance.id),
        grant_type,
        scopes: Cow::Owned(user_scopes(instance, zone, user)),
        audience: None,
        user: Some(TokenUser { id: user.id, username: user.username.clone(), email: user.email.clone() }),
        validity_secs: instance.parameters.token_validity,
        refresh,
    }
}

fn sign(state: &AppState, mint: Mint<'_>, requested: &[String]) -> Result<TokenResponse, OAuthError> {
    let narrowed = !requested.is_empty();
    let scopes = narrow(mint.scopes, requested)?;
    let audience = if narrowed { None } else { mint.audience };
    let keys = state.keys.zone(mint.zone.id).ok_or_else(|| internal("zone keys not loaded"))?;
    let grant = TokenGrant {
        zone: mint.zone,
        issuer_base: &state.public_url,
        client_id: mint.client_id,
        instance_id: mint.instance_id,
        grant_type: mint.grant_type,
        scopes,
        audience,
        user: mint.user,
        validity_secs: mint.validity_secs,
        now: state.clock.now(),
        jti: state.random.uuid(),
    };
    let claims = grant.claims();
    let jwt = keys.active.sign_jwt(&state.jku, &claims).map_err(internal)?;
    Ok(TokenResponse::new(jwt, &claims, mint.refresh))
}
