//! Wire shapes of the Service-Manager-style control plane. Unknown fields are ignored, and
//! fields other than identifiers default when absent.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::service_key::{KeyError, ServiceKey};

/// A list response: `{"num_items":N,"items":[...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemList<T> {
    #[serde(default)]
    pub num_items: u64,
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferingMetadata {
    #[serde(default, rename = "displayName")]
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceOffering {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub catalog_id: String,
    #[serde(default)]
    pub catalog_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub bindable: bool,
    #[serde(default)]
    pub ready: bool,
    #[serde(default)]
    pub metadata: OfferingMetadata,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicePlan {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub catalog_id: String,
    #[serde(default)]
    pub catalog_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub service_offering_id: String,
    #[serde(default)]
    pub free: bool,
    #[serde(default)]
    pub bindable: bool,
    #[serde(default)]
    pub ready: bool,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceInstance {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub service_plan_id: String,
    #[serde(default)]
    pub platform_id: String,
    #[serde(default)]
    pub context: Value,
    #[serde(default)]
    pub labels: Value,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub ready: bool,
    #[serde(default)]
    pub usable: bool,
}

/// Body of `POST /v1/service_instances`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateInstance {
    pub name: String,
    pub service_plan_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
}

/// Body of `PATCH /v1/service_instances/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateInstance {
    pub parameters: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceBinding {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub service_instance_id: String,
    #[serde(default)]
    pub context: Value,
    /// `{"oauth":{clientid,clientsecret,url,createdate,tokenurl}}`; see [`Self::service_key`].
    #[serde(default)]
    pub credentials: Value,
    #[serde(default)]
    pub labels: Value,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub ready: bool,
}

impl ServiceBinding {
    /// The binding's credentials as a service key.
    pub fn service_key(&self) -> Result<ServiceKey, KeyError> {
        ServiceKey::from_value(&self.credentials)
    }
}

/// Body of `POST /v1/service_bindings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateBinding {
    pub name: String,
    pub service_instance_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub username: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub role_collections: Vec<String>,
    #[serde(default)]
    pub created_at: String,
}

/// Body of `POST /v1/users`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateUser {
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub password: String,
    pub role_collections: Vec<String>,
}

/// Body of `PATCH /v1/users/{id}`; absent fields are left unchanged.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_collections: Option<Vec<String>>,
}

/// Answer of `POST /v1/signing_keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningKeyCreated {
    pub kid: String,
    #[serde(default)]
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningKey {
    pub kid: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub retired_at: Option<String>,
    #[serde(default)]
    pub active: bool,
}

impl fmt::Debug for CreateUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateUser")
            .field("username", &self.username)
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("role_collections", &self.role_collections)
            .finish()
    }
}

impl fmt::Debug for UpdateUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdateUser")
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("role_collections", &self.role_collections)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn binding_parses_and_yields_a_service_key() {
        let binding: ServiceBinding = serde_json::from_value(json!({
            "id": "b1", "name": "key1", "service_instance_id": "i1",
            "context": {}, "labels": {}, "ready": true, "future_field": 1,
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
            "credentials": {"oauth": {
                "clientid": "sb-1", "clientsecret": "s", "url": "http://localhost:8080",
                "createdate": "2024-01-01T00:00:00Z", "tokenurl": "http://localhost:8080/oauth/token"
            }}
        }))
        .unwrap();
        let key = binding.service_key().unwrap();
        assert_eq!(key.client_id, "sb-1");
        assert_eq!(key.api_base(), "http://localhost:8080/api/v1");
    }

    #[test]
    fn create_bodies_omit_absent_optionals() {
        let body = CreateInstance { name: "a".into(), service_plan_id: "p".into(), parameters: None };
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"name":"a","service_plan_id":"p"}));
        let patch = UpdateUser { role_collections: Some(vec!["PI_Administrator".into()]), ..UpdateUser::default() };
        assert_eq!(serde_json::to_value(&patch).unwrap(), json!({"role_collections":["PI_Administrator"]}));
    }

    #[test]
    fn user_bodies_redact_passwords_in_debug() {
        let body =
            CreateUser { username: "u".into(), email: None, password: "hunter2".into(), role_collections: vec![] };
        assert!(!format!("{body:?}").contains("hunter2"));
        let patch = UpdateUser { password: Some("hunter2".into()), role_collections: None };
        assert!(!format!("{patch:?}").contains("hunter2"));
    }

    #[test]
    fn signing_key_list_parses() {
        let list: ItemList<SigningKey> = serde_json::from_value(json!({
            "num_items": 2,
            "items": [
                {"kid": "k1", "created_at": "t0", "retired_at": "t1", "active": false},
                {"kid": "k2", "created_at": "t1", "retired_at": null, "active": true}
            ]
        }))
        .unwrap();
        assert_eq!(list.items[1].retired_at, None);
        assert!(list.items[1].active);
    }
}
