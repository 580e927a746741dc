//! Security material: user credentials, secure parameters, OAuth2 client credentials and
//! keystore entries. Secrets are write-only: the API never reads them back, and the `New…`
//! bodies that carry them redact them in `Debug`.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::tenant::{odata_date, odata_int};

/// Who deployed a credential, when, and its state (the complex `SecurityArtifactDescriptor`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityArtifactDescriptor {
    /// `BUNDLE`, ...
    pub r#type: String,
    pub deployed_by: String,
    #[serde(with = "odata_date::option")]
    pub deployed_on: Option<OffsetDateTime>,
    /// `DEPLOYED`, ...
    pub status: String,
}

/// A deployed user name and password (`UserCredentials`; the password is never read).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserCredential {
    pub name: String,
    /// `default`, `successfactors` or `openconnectors`.
    pub kind: String,
    pub description: String,
    pub user: String,
    pub company_id: String,
    /// Deployment state, nested as SAP (and `cpi serve`) answer it.
    pub security_artifact_descriptor: SecurityArtifactDescriptor,
}

/// The body of a new user credential (`POST UserCredentials`, answered 202 without a body).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewUserCredential {
    pub name: String,
    /// `default`, `successfactors` (needs `CompanyId`) or `openconnectors`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub user: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub password: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub company_id: String,
}

impl NewUserCredential {
    /// A credential of kind `default` for `user` with `password`.
    pub fn new(name: impl Into<String>, user: impl Into<String>, password: impl Into<String>) -> NewUserCredential {
        NewUserCredential {
            name: name.into(),
            kind: "default".to_owned(),
            user: user.into(),
            password: password.into(),
            ..NewUserCredential::default()
        }
    }
}

impl fmt::Debug for NewUserCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUserCredential")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("description", &self.description)
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .field("company_id", &self.company_id)
            .finish()
    }
}

/// A deployed secret value (`SecureParameters`; the value is never read).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecureParameter {
    pub name: String,
    pub description: String,
    pub deployed_by: String,
    #[serde(with = "odata_date::option")]
    pub deployed_on: Option<OffsetDateTime>,
    pub status: String,
}

/// The body of a new secure parameter (`POST SecureParameters`, answered 202).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewSecureParameter {
    pub name: String,
    /// The secret.
    pub secure_param: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl fmt::Debug for NewSecureParameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewSecureParameter")
            .field("name", &self.name)
            .field("secure_param", &"<redacted>")
            .field("description", &self.description)
            .finish()
    }
}

/// A client of an OAuth token service (`OAuth2ClientCredentials`; the secret is never read).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OAuth2ClientCredential {
    pub name: String,
    pub description: String,
    pub token_service_url: String,
    pub client_id: String,
    /// `body` or `header`.
    pub client_authentication: String,
    pub scope: String,
    /// `urlencoded` or `json`.
    pub scope_content_type: String,
    pub resource: String,
    pub audience: String,
    pub security_artifact_descriptor: SecurityArtifactDescriptor,
}

/// The body of a new OAuth2 client credential (`POST OAuth2ClientCredentials`, answered 202).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewOAuth2ClientCredential {
    pub name: String,
    pub token_service_url: String,
    pub client_id: String,
    pub client_secret: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `body` (the server's default) or `header`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_authentication: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// `urlencoded` (the server's default) or `json`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope_content_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audience: String,
}

impl fmt::Debug for NewOAuth2ClientCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewOAuth2ClientCredential")
            .field("name", &self.name)
            .field("token_service_url", &self.token_service_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("description", &self.description)
            .field("client_authentication", &self.client_authentication)
            .field("scope", &self.scope)
            .field("scope_content_type", &self.scope_content_type)
            .field("resource", &self.resource)
            .field("audience", &self.audience)
            .finish()
    }
}

/// A certificate or key pair of the tenant keystore (`KeystoreEntries`), keyed by the hex
/// encoding of its alias.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeystoreEntry {
    pub hexalias: String,
    pub alias: String,
    /// `Certificate`, `KeyPair`, ...
    pub r#type: String,
    /// `RSA`, `EC`, `DSA`.
    pub key_type: String,
    #[serde(with = "odata_int")]
    pub key_size: i64,
    #[serde(with = "odata_date::option")]
    pub valid_not_before: Option<OffsetDateTime>,
    #[serde(with = "odata_date::option")]
    pub valid_not_after: Option<OffsetDateTime>,
    pub serial_number: String,
    pub signature_algorithm: String,
    pub elliptic_curve: String,
    pub validity: String,
    #[serde(rename = "SubjectDN")]
    pub subject_dn: String,
    #[serde(rename = "IssuerDN")]
    pub issuer_dn: String,
    #[serde(with = "odata_int")]
    pub version: i64,
    pub fingerprint_sha1: String,
    pub fingerprint_sha256: String,
    pub fingerprint_sha512: String,
    /// `SAP` or `Tenant Administrator`.
    pub owner: String,
    pub last_modified_by: String,
    #[serde(with = "odata_date::option")]
    pub last_modified_time: Option<OffsetDateTime>,
    pub created_by: String,
    #[serde(with = "odata_date::option")]
    pub created_time: Option<OffsetDateTime>,
    pub status: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::datetime;

    use super::*;
    use crate::tenant::from_odata_value;

    #[test]
    fn user_credentials_read_the_nested_descriptor() {
        let credential: UserCredential = from_odata_value(json!({
            "Name": "user1", "Kind": "default", "Description": null, "User": "some_user", "Password": null,
            "CompanyId": null,
            "SecurityArtifactDescriptor": {"__metadata": {"type": "com.sap.hci.api.SecurityArtifactDescriptor"},
                "Type": "BUNDLE", "DeployedBy": "P1", "DeployedOn": "/Date(1516201800879)/", "Status": "DEPLOYED"}
        }))
        .unwrap();
        let descriptor = credential.security_artifact_descriptor;
        assert_eq!(descriptor.status, "DEPLOYED");
        assert_eq!(credential.description, "");
        assert_eq!(descriptor.deployed_on, Some(datetime!(2018-01-17 15:10:00.879 UTC)));
    }

    #[test]
    fn new_credentials_hide_their_secrets() {
        let user = NewUserCredential::new("c", "u", "hunter2");
        assert!(!format!("{user:?}").contains("hunter2"));
        assert_eq!(
            serde_json::to_value(&user).unwrap(),
            json!({"Name": "c", "Kind": "default", "User": "u", "Password": "hunter2"})
        );
        let parameter = NewSecureParameter { name: "p".into(), secure_param: "s3cret".into(), ..Default::default() };
        assert!(!format!("{parameter:?}").contains("s3cret"));
        let client = NewOAuth2ClientCredential { client_secret: "xyz-secret".into(), ..Default::default() };
        assert!(!format!("{client:?}").contains("xyz-secret"));
    }

    #[test]
    fn keystore_entries_keep_dn_names() {
        let entry: KeystoreEntry = serde_json::from_value(json!({
            "Hexalias": "7361", "Alias": "sa", "KeySize": 2048, "Version": 3, "SubjectDN": "CN=x",
            "ValidNotAfter": "/Date(2147169600000)/", "Owner": "SAP"
        }))
        .unwrap();
        assert_eq!(entry.subject_dn, "CN=x");
        assert_eq!(entry.key_size, 2048);
        assert_eq!(serde_json::to_value(&entry).unwrap()["SubjectDN"], "CN=x");
    }
}
