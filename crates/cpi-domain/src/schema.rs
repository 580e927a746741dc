//! JSON Schemas (draft 4, as the Open Service Broker catalog requires) of the parameters of
//! `it-rt` instances and keys, generated from the same rules that validate them, so a platform's
//! form and the broker never disagree.

use serde_json::{Map, Value, json};

use crate::plan::{CLIENT_SECRET_KEY_TYPES, GrantType, INSTANCE_KEYS, KEY_KEYS, Plan, TOKEN_VALIDITY_RANGE};
use crate::role::ROLE_TEMPLATES;

/// The JSON Schema version every schema declares.
pub const JSON_SCHEMA_DRAFT: &str = "http://json-schema.org/draft-04/schema#";

/// Whether a schema describes creation (defaults apply) or an update (absent keys keep their
/// current values, so no defaults are shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaUse {
    /// Provisioning an instance.
    Create,
    /// Updating an instance's parameters.
    Update,
}

/// The schema of an instance's parameters for a plan.
pub fn instance_parameters_schema(plan: Plan, usage: SchemaUse) -> Value {
    let mut properties = Map::new();
    for key in INSTANCE_KEYS {
        properties.insert(key.to_owned(), instance_property(plan, key, usage));
    }
    object_schema(properties)
}

/// The schema of a service key's (binding's) parameters.
pub fn key_parameters_schema() -> Value {
    let mut properties = Map::new();
    for key in KEY_KEYS {
        let property = match key {
            "key-type" => json!({
                "type": "string",
                "enum": CLIENT_SECRET_KEY_TYPES,
                "description": "ClientId/Secret (omit for the same); certificate keys are not supported yet",
            }),
            "validity" => json!({"type": "integer", "description": "Certificate keys only: validity in days"}),
            "key-length" => json!({"type": "integer", "description": "Certificate keys only: RSA key length"}),
            _ => json!({"type": "string", "description": "External certificate keys only: the PEM certificate"}),
        };
        properties.insert(key.to_owned(), property);
    }
    object_schema(properties)
}

fn object_schema(properties: Map<String, Value>) -> Value {
    json!({
        "$schema": JSON_SCHEMA_DRAFT,
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}

fn instance_property(plan: Plan, key: &str, usage: SchemaUse) -> Value {
    let mut property = match key {
        "grant-types" => json!({
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "enum": GrantType::ALL.map(GrantType::as_str)},
            "description": "OAuth grant types the instance's client may use",
        }),
        "redirect-uris" => json!({
            "type": "array",
            "items": {"type": "string"},
            "description": "Redirect URIs for the authorization code grant",
        }),
        "roles" => roles_property(plan),
        _ => json!({
            "type": "integer",
            "minimum": TOKEN_VALIDITY_RANGE.start(),
            "maximum": TOKEN_VALIDITY_RANGE.end(),
            "description": "Access token validity in seconds",
        }),
    };
    if usage == SchemaUse::Create {
        let defaults = crate::plan::InstanceParameters::defaults(plan).to_json();
        if let (Some(default), Some(object)) = (defaults.get(key), property.as_object_mut()) {
            object.insert("default".to_owned(), default.clone());
        }
    }
    property
}

fn roles_property(plan: Plan) -> Value {
    match plan {
        Plan::Api => json!({
            "type": "array",
            "items": {"type": "string", "enum": ROLE_TEMPLATES.iter().map(|t| t.name).collect::<Vec<_>>()},
            "description": "Role templates of Cloud Integration granted to the instance's client",
        }),
        Plan::IntegrationFlow => json!({
            "type": "array",
            "items": {"type": "string", "pattern": "^[A-Za-z0-9_.]{1,64}$"},
            "description": "User roles (ESBMessaging.send, API.invoke or custom roles) senders need",
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::plan::{InstanceParameters, KeyParameters, is_valid_user_role};

    fn properties(schema: &Value) -> Vec<String> {
        schema["properties"].as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn schemas_declare_draft_4_and_name_exactly_the_accepted_keys() {
        for plan in Plan::ALL {
            for usage in [SchemaUse::Create, SchemaUse::Update] {
                let schema = instance_parameters_schema(plan, usage);
                assert_eq!(schema["$schema"], JSON_SCHEMA_DRAFT);
                assert_eq!(schema["additionalProperties"], false);
                let mut keys = properties(&schema);
                keys.sort();
                let mut expected: Vec<String> = INSTANCE_KEYS.iter().map(|k| k.to_string()).collect();
                expected.sort();
                assert_eq!(keys, expected);
                assert!(schema.to_string().len() < 64 * 1024, "the OSB limit is 64 kB");
            }
        }
        let key = key_parameters_schema();
        assert_eq!(key["$schema"], JSON_SCHEMA_DRAFT);
        assert_eq!(properties(&key).len(), KEY_KEYS.len());
    }

    #[test]
    fn every_enumerated_value_is_accepted_by_the_validation() {
        let api = instance_parameters_schema(Plan::Api, SchemaUse::Create);
        let roles = api["properties"]["roles"]["items"]["enum"].as_array().unwrap();
        assert_eq!(roles.len(), ROLE_TEMPLATES.len());
        let all = json!({"roles": roles, "grant-types": api["properties"]["grant-types"]["items"]["enum"]});
        assert!(InstanceParameters::parse(Plan::Api, Some(&all)).is_ok());
        let key = key_parameters_schema();
        for key_type in key["properties"]["key-type"]["enum"].as_array().unwrap() {
            assert!(KeyParameters::parse(Some(&json!({"key-type": key_type}))).is_ok(), "{key_type}");
        }
        assert!(is_valid_user_role("ESBMessaging.send") && is_valid_user_role("my_Role.2"));
    }

    #[test]
    fn token_validity_bounds_match_the_validation() {
        let schema = instance_parameters_schema(Plan::IntegrationFlow, SchemaUse::Create);
        let validity = &schema["properties"]["token-validity"];
        let (min, max) = (validity["minimum"].as_u64().unwrap(), validity["maximum"].as_u64().unwrap());
        for (value, ok) in [(min, true), (max, true), (min - 1, false), (max + 1, false)] {
            let raw = json!({"token-validity": value});
            assert_eq!(InstanceParameters::parse(Plan::IntegrationFlow, Some(&raw)).is_ok(), ok, "{value}");
        }
    }

    #[test]
    fn creation_shows_the_plan_defaults_and_updates_show_none() {
        let flow = instance_parameters_schema(Plan::IntegrationFlow, SchemaUse::Create);
        assert_eq!(flow["properties"]["roles"]["default"], json!(["ESBMessaging.send"]));
        assert_eq!(flow["properties"]["token-validity"]["default"], 3600);
        let api = instance_parameters_schema(Plan::Api, SchemaUse::Create);
        assert_eq!(api["properties"]["token-validity"]["default"], 43_200);
        assert_eq!(api["properties"]["grant-types"]["default"], json!(["client_credentials"]));
        let update = instance_parameters_schema(Plan::Api, SchemaUse::Update);
        assert!(!update.to_string().contains("\"default\""));
    }
}
