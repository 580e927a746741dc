//! `--dev`: an `api` instance with every role and an `integration-flow` instance with
//! `ESBMessaging.send`, one key each, written to `<data-dir>/keys/<instance>.json`.

use std::path::{Path, PathBuf};

use serde_json::json;

use cpi_domain::{Plan, ROLE_TEMPLATES, ServiceKeyCredentials, Subaccount};
use cpi_store::StoreError;

use crate::bootstrap::write_private_file;
use crate::control::{self, key_credentials};
use crate::state::AppState;

/// The plans and names of the `--dev` instances.
const DEV_INSTANCES: [(Plan, &str); 2] = [(Plan::Api, "dev-api"), (Plan::IntegrationFlow, "dev-iflow")];

/// The name of the key each dev instance gets.
const DEV_KEY: &str = "dev-key";

/// A written dev key.
#[derive(Debug, Clone)]
pub struct DevKey {
    /// The instance's plan.
    pub plan: Plan,
    /// Where the key was written.
    pub path: PathBuf,
    /// Its credentials.
    pub credentials: ServiceKeyCredentials,
}

/// Ensures the dev instances and keys exist and writes their key files.
pub async fn ensure_dev_keys(state: &AppState, zone: &Subaccount, data_dir: &Path) -> anyhow::Result<Vec<DevKey>> {
    let dir = data_dir.join("keys");
    std::fs::create_dir_all(&dir)?;
    let mut written = Vec::new();
    for (plan, name) in DEV_INSTANCES {
        let instance = match state.store.get_instance_by_name(zone.id, name).await {
            Ok(instance) => instance,
            Err(StoreError::NotFound) => {
                let params = dev_parameters(plan);
                control::create_instance(state, zone, name, plan, Some(&params)).await?
            }
            Err(e) => return Err(e.into()),
        };
        let keys = state.store.list_keys(zone.id, Some(instance.id)).await?;
        let key = match keys.into_iter().find(|k| k.name.as_str() == DEV_KEY) {
            Some(key) => key,
            None => control::create_key(state, zone, instance.id, DEV_KEY, None).await?.0,
        };
        let credentials = key_credentials(state, &instance, &key);
        let path = dir.join(format!("{name}.json"));
        write_private_file(&path, serde_json::to_string_pretty(&credentials)?.as_bytes())?;
        written.push(DevKey { plan, path, credentials });
    }
    Ok(written)
}

fn dev_parameters(plan: Plan) -> serde_json::Value {
    match plan {
        Plan::Api => {
            let roles: Vec<&str> = ROLE_TEMPLATES.iter().map(|t| t.name).collect();
            json!({"grant-types": ["client_credentials", "password", "refresh_token"], "roles": roles})
        }
        Plan::IntegrationFlow => json!({"grant-types": ["client_credentials"], "roles": ["ESBMessaging.send"]}),
    }
}

/// A ready-to-paste shell snippet that gets a token with the key and calls the API.
/// A `curl` that calls the seed flow `Route_Order` with an `integration-flow` key's Basic
/// credentials (no token call), as senders do.
pub fn flow_curl_snippet(key: &ServiceKeyCredentials) -> String {
    let o = &key.oauth;
    format!(
        "curl -s -u '{id}:{secret}' -H 'Content-Type: application/json' -H 'type: ORDER' \\\n  -d '{{\"order\":\"42\"}}' '{url}{address}'",
        id = o.clientid,
        secret = o.clientsecret,
        url = o.url,
        address = crate::seed::ROUTE_FLOW_URL_PATH,
    )
}

/// A `curl` that gets a token with an `api` key and lists the packages.
pub fn curl_snippet(key: &ServiceKeyCredentials) -> String {
    let o = &key.oauth;
    format!(
        "TOKEN=$(curl -s -u '{id}:{secret}' -d grant_type=client_credentials '{tokenurl}' \\\n  | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n\
         curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Accept: application/json' '{url}/api/v1/IntegrationPackages'",
        id = o.clientid,
        secret = o.clientsecret,
        tokenurl = o.tokenurl,
        url = o.url
    )
}
