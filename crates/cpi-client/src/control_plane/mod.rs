//! The control plane: a Service-Manager-style API at `<sm_url>/v1/...` (offerings, plans,
//! instances, bindings) plus cpi's extensions (users, signing keys).

mod types;

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub use types::{
    CreateBinding, CreateInstance, CreateUser, ItemList, OfferingMetadata, ServiceBinding, ServiceInstance,
    ServiceOffering, ServicePlan, SigningKey, SigningKeyCreated, UpdateInstance, UpdateUser, User,
};

use crate::http::{ApiClient, ApiError, HttpOptions, percent_encode, with_query};
use crate::service_key::AdminKey;
use crate::token::TokenSource;

/// The name of the Cloud Integration offering.
pub const IT_RT_OFFERING: &str = "it-rt";

/// A field-query equality `field eq 'value'`, with quotes in `value` doubled.
pub fn field_eq(field: &str, value: &str) -> String {
    format!("{field} eq '{}'", value.replace('\'', "''"))
}

/// Client of the control plane, authenticated with an [`AdminKey`] token.
#[derive(Debug, Clone)]
pub struct ControlPlaneClient {
    api: ApiClient,
}

impl ControlPlaneClient {
    /// Wraps an API client whose base URL is the `sm_url` (paths are `/v1/...`).
    pub fn new(api: ApiClient) -> ControlPlaneClient {
        ControlPlaneClient { api }
    }

    pub fn for_admin_key(key: &AdminKey, options: &HttpOptions) -> Result<ControlPlaneClient, ApiError> {
        let http = options.build_client()?;
        let tokens = Arc::new(TokenSource::for_admin_key(http.clone(), key));
        Ok(ControlPlaneClient::new(ApiClient::new(http, tokens, &key.sm_url)))
    }

    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    async fn list<T: DeserializeOwned>(&self, collection: &str, field_query: Option<&str>) -> Result<Vec<T>, ApiError> {
        let path = format!("/v1/{collection}");
        let query: Vec<(&str, &str)> = field_query.map(|q| ("fieldQuery", q)).into_iter().collect();
        let list: ItemList<T> = self.api.get_json(&with_query(&path, &query)).await?;
        Ok(list.items)
    }

    fn item_path(collection: &str, id: &str) -> String {
        format!("/v1/{collection}/{}", percent_encode(id))
    }

    // --- offerings and plans -----------------------------------------------------------------

    pub async fn list_offerings(&self, field_query: Option<&str>) -> Result<Vec<ServiceOffering>, ApiError> {
        self.list("service_offerings", field_query).await
    }

    pub async fn find_offering(&self, name: &str) -> Result<Option<ServiceOffering>, ApiError> {
        let offerings = self.list_offerings(Some(&field_eq("name", name))).await?;
        Ok(offerings.into_iter().find(|o| o.name == name))
    }

    pub async fn list_plans(&self, field_query: Option<&str>) -> Result<Vec<ServicePlan>, ApiError> {
        self.list("service_plans", field_query).await
    }

    /// The plan `plan` of offering `offering` (e.g. `find_plan(IT_RT_OFFERING, "api")`).
    pub async fn find_plan(&self, offering: &str, plan: &str) -> Result<Option<ServicePlan>, ApiError> {
        let Some(offering) = self.find_offering(offering).await? else {
            return Ok(None);
        };
        // The plan list is short: filter locally rather than rely on compound field queries.
        let plans = self.list_plans(None).await?;
        Ok(plans.into_iter().find(|p| p.name == plan && p.service_offering_id == offering.id))
    }

    // --- instances -----------------------------------------------------------------------------

    pub async fn create_instance(&self, body: &CreateInstance) -> Result<ServiceInstance, ApiError> {
        self.api.post_json("/v1/service_instances", body).await
    }

    pub async fn list_instances(&self, field_query: Option<&str>) -> Result<Vec<ServiceInstance>, ApiError> {
        self.list("service_instances", field_query).await
    }

    pub async fn find_instance_by_name(&self, name: &str) -> Result<Option<ServiceInstance>, ApiError> {
        let instances = self.list_instances(Some(&field_eq("name", name))).await?;
        Ok(instances.into_iter().find(|i| i.name == name))
    }

    pub async fn get_instance(&self, id: &str) -> Result<ServiceInstance, ApiError> {
        self.api.get_json(&Self::item_path("service_instances", id)).await
    }

    pub async fn get_instance_parameters(&self, id: &str) -> Result<Value, ApiError> {
        let path = format!("{}/parameters", Self::item_path("service_instances", id));
        self.api.get_json(&path).await
    }

    pub async fn update_instance_parameters(&self, id: &str, parameters: Value) -> Result<ServiceInstance, ApiError> {
        let body = UpdateInstance { parameters };
        self.api.patch_json(&Self::item_path("service_instances", id), &body).await
    }

    pub async fn delete_instance(&self, id: &str) -> Result<(), ApiError> {
        self.api.delete(&Self::item_path("service_instances", id)).await
    }

    // --- bindings ------------------------------------------------------------------------------

    pub async fn create_binding(&self, body: &CreateBinding) -> Result<ServiceBinding, ApiError> {
        self.api.post_json("/v1/service_bindings", body).await
    }

    pub async fn list_bindings(&self, field_query: Option<&str>) -> Result<Vec<ServiceBinding>, ApiError> {
        self.list("service_bindings", field_query).await
    }

    pub async fn list_bindings_of_instance(&self, instance_id: &str) -> Result<Vec<ServiceBinding>, ApiError> {
        let query = field_eq("service_instance_id", instance_id);
        let bindings = self.list_bindings(Some(&query)).await?;
        Ok(bindings.into_iter().filter(|b| b.service_instance_id == instance_id).collect())
    }

    pub async fn find_binding_by_name(
        &self,
        instance_id: &str,
        name: &str,
    ) -> Result<Option<ServiceBinding>, ApiError> {
        let bindings = self.list_bindings_of_instance(instance_id).await?;
        Ok(bindings.into_iter().find(|b| b.name == name))
    }

    pub async fn get_binding(&self, id: &str) -> Result<ServiceBinding, ApiError> {
        self.api.get_json(&Self::item_path("service_bindings", id)).await
    }

    pub async fn delete_binding(&self, id: &str) -> Result<(), ApiError> {
        self.api.delete(&Self::item_path("service_bindings", id)).await
    }

    // --- users and signing keys (cpi extensions) -----------------------------------------------

    pub async fn list_users(&self) -> Result<Vec<User>, ApiError> {
        self.list("users", None).await
    }

    pub async fn find_user_by_name(&self, username: &str) -> Result<Option<User>, ApiError> {
        let users = self.list_users().await?;
        Ok(users.into_iter().find(|u| u.username == username))
    }

    pub async fn create_user(&self, body: &CreateUser) -> Result<User, ApiError> {
        self.api.post_json("/v1/users", body).await
    }

    pub async fn update_user(&self, id: &str, body: &UpdateUser) -> Result<User, ApiError> {
        self.api.patch_json(&Self::item_path("users", id), body).await
    }

    pub async fn delete_user(&self, id: &str) -> Result<(), ApiError> {
        self.api.delete(&Self::item_path("users", id)).await
    }

    /// Creates a new active signing key (the previous one is retired by the server).
    pub async fn rotate_signing_key(&self) -> Result<SigningKeyCreated, ApiError> {
        self.api.post_json("/v1/signing_keys", &json!({})).await
    }

    pub async fn list_signing_keys(&self) -> Result<Vec<SigningKey>, ApiError> {
        self.list("signing_keys", None).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_eq_quotes_and_escapes() {
        assert_eq!(field_eq("name", "my-api"), "name eq 'my-api'");
        assert_eq!(field_eq("name", "o'neil"), "name eq 'o''neil'");
    }

    #[test]
    fn item_paths_are_encoded() {
        assert_eq!(ControlPlaneClient::item_path("users", "a b/c"), "/v1/users/a%20b%2Fc");
    }
}
