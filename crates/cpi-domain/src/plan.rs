//! The `it-rt` offering ("Process Integration Runtime"), its plans, and the JSON parameters of
//! instances and keys, validated exactly as SAP documents them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::ParameterError;
use crate::role::role_template;

/// Technical name of the offering.
pub const OFFERING_NAME: &str = "it-rt";
/// Display name of the offering.
pub const OFFERING_DISPLAY_NAME: &str = "Process Integration Runtime";
/// SAP's description of the offering.
pub const OFFERING_DESCRIPTION: &str =
    "Provides access to SAP Cloud Platform Integration runtime (integration flows) and APIs";

/// A plan of the `it-rt` offering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Plan {
    /// OData API clients (`<url>/api/v1`).
    #[serde(rename = "api")]
    Api,
    /// Senders calling integration-flow endpoints (`<url>/http/...`).
    #[serde(rename = "integration-flow")]
    IntegrationFlow,
}

impl Plan {
    /// Both plans.
    pub const ALL: [Plan; 2] = [Plan::Api, Plan::IntegrationFlow];

    /// The plan name, as in `cf create-service it-rt <plan>`.
    pub fn name(self) -> &'static str {
        match self {
            Plan::Api => "api",
            Plan::IntegrationFlow => "integration-flow",
        }
    }

    /// Parses a plan name.
    pub fn from_name(name: &str) -> Option<Plan> {
        Plan::ALL.into_iter().find(|p| p.name() == name)
    }

    /// SAP's description of the plan.
    pub fn description(self) -> &'static str {
        match self {
            Plan::Api => "To define inbound authentication of API clients calling the SAP Cloud Integration OData API.",
            Plan::IntegrationFlow => {
                "To define inbound authentication of senders calling integration flow endpoint (on an SAP Cloud Integration worker node)."
            }
        }
    }

    /// Default access-token validity in seconds.
    pub fn default_token_validity(self) -> u32 {
        match self {
            Plan::Api => 43_200,
            Plan::IntegrationFlow => 3_600,
        }
    }

    /// Default roles when `roles` is omitted.
    pub fn default_roles(self) -> Vec<String> {
        match self {
            Plan::Api => Vec::new(),
            Plan::IntegrationFlow => vec![DEFAULT_SENDER_ROLE.to_owned()],
        }
    }
}

/// The predefined role that lets a sender call integration flows.
pub const DEFAULT_SENDER_ROLE: &str = "ESBMessaging.send";
/// The other predefined integration-flow role.
pub const API_INVOKE_ROLE: &str = "API.invoke";

/// Lowest and highest accepted `token-validity`.
pub const TOKEN_VALIDITY_RANGE: std::ops::RangeInclusive<u32> = 3_600..=86_400;

/// An OAuth grant type an instance may enable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GrantType {
    /// `client_credentials`
    #[serde(rename = "client_credentials")]
    ClientCredentials,
    /// `password`
    #[serde(rename = "password")]
    Password,
    /// `authorization_code`
    #[serde(rename = "authorization_code")]
    AuthorizationCode,
    /// `refresh_token`
    #[serde(rename = "refresh_token")]
    RefreshToken,
}

impl GrantType {
    /// Every grant type an instance may enable.
    pub const ALL: [GrantType; 4] =
        [GrantType::ClientCredentials, GrantType::Password, GrantType::AuthorizationCode, GrantType::RefreshToken];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            GrantType::ClientCredentials => "client_credentials",
            GrantType::Password => "password",
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::RefreshToken => "refresh_token",
        }
    }

    /// Parses a wire name.
    pub fn from_wire(name: &str) -> Option<GrantType> {
        GrantType::ALL.into_iter().find(|g| g.as_str() == name)
    }
}

/// Validated instance parameters. Serialized with SAP's kebab-case keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceParameters {
    /// Enabled grant types.
    #[serde(rename = "grant-types")]
    pub grant_types: Vec<GrantType>,
    /// Redirect URIs (authorization code).
    #[serde(rename = "redirect-uris")]
    pub redirect_uris: Vec<String>,
    /// Role templates (`api`) or user roles (`integration-flow`).
    pub roles: Vec<String>,
    /// Access-token validity in seconds.
    #[serde(rename = "token-validity")]
    pub token_validity: u32,
}

pub(crate) const INSTANCE_KEYS: [&str; 4] = ["grant-types", "redirect-uris", "roles", "token-validity"];

impl InstanceParameters {
    /// The defaults of a plan (what an instance gets with no parameters).
    pub fn defaults(plan: Plan) -> Self {
        InstanceParameters {
            grant_types: vec![GrantType::ClientCredentials],
            redirect_uris: Vec::new(),
            roles: plan.default_roles(),
            token_validity: plan.default_token_validity(),
        }
    }

    /// Validates raw parameters (`null`/absent means defaults) for a plan.
    pub fn parse(plan: Plan, raw: Option<&Value>) -> Result<Self, ParameterError> {
        let map = parameter_object(raw)?;
        reject_unknown_keys(&map, &INSTANCE_KEYS)?;
        let mut params = InstanceParameters::defaults(plan);
        if let Some(v) = present(&map, "grant-types") {
            params.grant_types = parse_grant_types(v)?;
        }
        if let Some(v) = present(&map, "redirect-uris") {
            params.redirect_uris = string_array("redirect-uris", v)?;
        }
        if let Some(v) = present(&map, "roles") {
            params.roles = parse_roles(plan, v)?;
        }
        if let Some(v) = present(&map, "token-validity") {
            params.token_validity = parse_token_validity(v)?;
        }
        Ok(params)
    }

    /// Applies an update: keys present replace the current values, others are kept.
    pub fn merge_update(&self, plan: Plan, raw: Option<&Value>) -> Result<Self, ParameterError> {
        let map = parameter_object(raw)?;
        reject_unknown_keys(&map, &INSTANCE_KEYS)?;
        let mut next = self.clone();
        if let Some(v) = present(&map, "grant-types") {
            next.grant_types = parse_grant_types(v)?;
        }
        if let Some(v) = present(&map, "redirect-uris") {
            next.redirect_uris = string_array("redirect-uris", v)?;
        }
        if let Some(v) = present(&map, "roles") {
            next.roles = parse_roles(plan, v)?;
        }
        if let Some(v) = present(&map, "token-validity") {
            next.token_validity = parse_token_validity(v)?;
        }
        Ok(next)
    }

    /// Whether the instance enables a grant type.
    pub fn allows(&self, grant: GrantType) -> bool {
        self.grant_types.contains(&grant)
    }

    /// The parameters as SAP shows them in the JSON view.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

fn parameter_object(raw: Option<&Value>) -> Result<Map<String, Value>, ParameterError> {
    match raw {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(_) => Err(ParameterError::NotAnObject),
    }
}

/// `null` values count as absent (SAP's automation passes `"roles": null`).
fn present<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

fn reject_unknown_keys(map: &Map<String, Value>, known: &[&str]) -> Result<(), ParameterError> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        Some(key) => Err(ParameterError::UnknownKey { key: key.clone(), known: known.join(", ") }),
        None => Ok(()),
    }
}

fn string_array(key: &'static str, value: &Value) -> Result<Vec<String>, ParameterError> {
    let items = value.as_array().ok_or(ParameterError::WrongType { key, expected: "an array of strings" })?;
    items
        .iter()
        .map(|item| {
            item.as_str().map(str::to_owned).ok_or(ParameterError::WrongType { key, expected: "an array of strings" })
        })
        .collect()
}

fn parse_grant_types(value: &Value) -> Result<Vec<GrantType>, ParameterError> {
    let mut grants = Vec::new();
    for name in string_array("grant-types", value)? {
        let grant = match name.as_str() {
            "client_x509" => return Err(ParameterError::DeprecatedClientX509),
            other => GrantType::from_wire(other).ok_or(ParameterError::UnknownGrantType(name.clone()))?,
        };
        if !grants.contains(&grant) {
            grants.push(grant);
        }
    }
    if grants.is_empty() {
        return Err(ParameterError::NoGrantType);
    }
    Ok(grants)
}

fn parse_roles(plan: Plan, value: &Value) -> Result<Vec<String>, ParameterError> {
    let mut roles: Vec<String> = Vec::new();
    for role in string_array("roles", value)? {
        match plan {
            Plan::Api if role_template(&role).is_none() => return Err(ParameterError::UnknownRoleTemplate(role)),
            Plan::IntegrationFlow if !is_valid_user_role(&role) => return Err(ParameterError::InvalidUserRole(role)),
            _ => {}
        }
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// A user role of the runtime: `ESBMessaging.send`, `API.invoke` or a custom `[A-Za-z0-9_.]+`.
pub fn is_valid_user_role(role: &str) -> bool {
    !role.is_empty() && role.len() <= 64 && role.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

fn parse_token_validity(value: &Value) -> Result<u32, ParameterError> {
    let n = value
        .as_u64()
        .ok_or(ParameterError::WrongType { key: "token-validity", expected: "an integer number of seconds" })?;
    u32::try_from(n).ok().filter(|n| TOKEN_VALIDITY_RANGE.contains(n)).ok_or(ParameterError::TokenValidityOutOfRange(n))
}

/// The type of a service key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyType {
    /// ClientId/Secret (the default).
    #[serde(rename = "clientsecret")]
    ClientSecret,
}

/// Validated service-key parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParameters {
    /// The key type.
    pub key_type: KeyType,
}

pub(crate) const KEY_KEYS: [&str; 4] = ["key-type", "validity", "key-length", "X.509"];
/// The `key-type` values of a ClientId/Secret key (omitting `key-type` means one too).
pub(crate) const CLIENT_SECRET_KEY_TYPES: [&str; 2] = ["clientsecret", "clientid_secret"];

impl KeyParameters {
    /// Validates raw key parameters (`null`/absent means a ClientId/Secret key).
    pub fn parse(raw: Option<&Value>) -> Result<Self, ParameterError> {
        let map = parameter_object(raw)?;
        reject_unknown_keys(&map, &KEY_KEYS)?;
        match present(&map, "key-type") {
            None => Ok(KeyParameters { key_type: KeyType::ClientSecret }),
            Some(Value::String(t)) => match t.as_str() {
                name if CLIENT_SECRET_KEY_TYPES.contains(&name) => {
                    Ok(KeyParameters { key_type: KeyType::ClientSecret })
                }
                "certificate" | "certificate_external" => Err(ParameterError::CertificateKeysNotSupported(t.clone())),
                _ => Err(ParameterError::UnknownKeyType(t.clone())),
            },
            Some(_) => Err(ParameterError::WrongType { key: "key-type", expected: "a string" }),
        }
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
