//! Security material: user credentials, secure parameters, OAuth2 client credentials (written
//! with 202 and no body, as SAP answers) and keystore entries.

use reqwest::Method;

use super::{
    KeystoreEntry, NewOAuth2ClientCredential, NewSecureParameter, NewUserCredential, OAuth2ClientCredential,
    SecureParameter, TenantClient, UserCredential, key_literal,
};
use crate::http::ApiError;

const USER_CREDENTIALS: &str = "UserCredentials";
const SECURE_PARAMETERS: &str = "SecureParameters";
const OAUTH2_CLIENT_CREDENTIALS: &str = "OAuth2ClientCredentials";

fn named(set: &str, name: &str) -> String {
    format!("{set}({})", key_literal(name))
}

impl TenantClient {
    /// Every user credential (passwords are never read back).
    pub async fn user_credentials(&self) -> Result<Vec<UserCredential>, ApiError> {
        self.list_all(USER_CREDENTIALS, &[]).await
    }

    /// Deploys a user credential (202 with an empty body; 409 when the name is taken).
    pub async fn create_user_credential(&self, credential: &NewUserCredential) -> Result<(), ApiError> {
        self.send_body(Method::POST, USER_CREDENTIALS, credential).await.map(drop)
    }

    /// Replaces a user credential's fields (`PUT UserCredentials('name')` → 202).
    pub async fn update_user_credential(&self, credential: &NewUserCredential) -> Result<(), ApiError> {
        let path = named(USER_CREDENTIALS, &credential.name);
        self.send_body(Method::PUT, &path, credential).await.map(drop)
    }

    /// Undeploys a user credential (202).
    pub async fn delete_user_credential(&self, name: &str) -> Result<(), ApiError> {
        self.api.delete(&named(USER_CREDENTIALS, name)).await
    }

    /// Every secure parameter (values are never read back).
    pub async fn secure_parameters(&self) -> Result<Vec<SecureParameter>, ApiError> {
        self.list_all(SECURE_PARAMETERS, &[]).await
    }

    /// Deploys a secure parameter (202 with an empty body).
    pub async fn create_secure_parameter(&self, parameter: &NewSecureParameter) -> Result<(), ApiError> {
        self.send_body(Method::POST, SECURE_PARAMETERS, parameter).await.map(drop)
    }

    /// Undeploys a secure parameter (202).
    pub async fn delete_secure_parameter(&self, name: &str) -> Result<(), ApiError> {
        self.api.delete(&named(SECURE_PARAMETERS, name)).await
    }

    /// Every OAuth2 client credential (secrets are never read back).
    pub async fn oauth2_credentials(&self) -> Result<Vec<OAuth2ClientCredential>, ApiError> {
        self.list_all(OAUTH2_CLIENT_CREDENTIALS, &[]).await
    }

    /// Deploys an OAuth2 client credential (202 with an empty body).
    pub async fn create_oauth2_credential(&self, credential: &NewOAuth2ClientCredential) -> Result<(), ApiError> {
        self.send_body(Method::POST, OAUTH2_CLIENT_CREDENTIALS, credential).await.map(drop)
    }

    /// Undeploys an OAuth2 client credential (202).
    pub async fn delete_oauth2_credential(&self, name: &str) -> Result<(), ApiError> {
        self.api.delete(&named(OAUTH2_CLIENT_CREDENTIALS, name)).await
    }

    /// The entries of the tenant keystore (`system`).
    pub async fn keystore_entries(&self) -> Result<Vec<KeystoreEntry>, ApiError> {
        self.list_all("KeystoreEntries", &[]).await
    }
}
