//! What a running flow reaches outside itself: HTTP receivers (reqwest, no redirects followed,
//! the step's timeout) and the subaccount's deployed User Credentials (opened with the data key).

use std::time::Duration;

use async_trait::async_trait;
use uuid::Uuid;

use cpi_flow::engine::{AdapterError, Adapters, HttpCall, HttpReply, UserCredential};
use cpi_store::{Credential, CredentialKind, StoreError};

use crate::secrets::SecretBinding;
use crate::state::AppState;

/// Largest receiver reply read into a message.
pub const MAX_RECEIVER_REPLY_BYTES: usize = 64 * 1024 * 1024;

/// The HTTP client of every receiver call.
pub fn receiver_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(30))
        .build()
        .unwrap_or_default()
}

/// The adapters of one subaccount's flows.
#[derive(Debug)]
pub struct ServerAdapters<'a> {
    /// The state (store, data key, HTTP client).
    pub state: &'a AppState,
    /// The subaccount the flow runs in.
    pub zone: Uuid,
}

#[async_trait]
impl Adapters for ServerAdapters<'_> {
    async fn http_call(&self, call: HttpCall) -> Result<HttpReply, AdapterError> {
        let method = reqwest::Method::from_bytes(call.method.as_bytes())
            .map_err(|_| AdapterError::InvalidUrl(format!("the method '{}' is not valid", call.method)))?;
        let url =
            reqwest::Url::parse(&call.url).map_err(|e| AdapterError::InvalidUrl(format!("{} ({e})", call.url)))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(AdapterError::InvalidUrl(call.url));
        }
        let mut request = self.state.runtime.http.request(method, url).timeout(call.timeout);
        for (name, value) in &call.headers {
            request = request.header(name, value);
        }
        if let Some((user, password)) = &call.basic {
            request = request.basic_auth(user, Some(password));
        }
        if let Some(body) = call.body {
            request = request.body(body);
        }
        let timeout_ms = u64::try_from(call.timeout.as_millis()).unwrap_or(u64::MAX);
        let response = request.send().await.map_err(|e| transport_error(&e, timeout_ms))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
            .collect();
        let body = read_limited(response, timeout_ms).await?;
        Ok(HttpReply { status, headers, body })
    }

    async fn user_credential(&self, name: &str) -> Result<Option<UserCredential>, AdapterError> {
        let credential = match self.state.store.get_credential(self.zone, CredentialKind::User, name).await {
            Ok(Credential::User(record)) => record,
            Ok(_) | Err(StoreError::NotFound) => return Ok(None),
            Err(e) => {
                tracing::error!(error = %e, "reading a user credential failed");
                return Err(AdapterError::Other("the credential store is not available".to_owned()));
            }
        };
        let password = match &credential.password {
            None => String::new(),
            Some(sealed) => {
                let key = [name];
                let binding = SecretBinding { subaccount: self.zone, set: "UserCredentials", key: &key };
                let opened = self.state.data_key.open(&binding, sealed).map_err(|e| {
                    tracing::error!(error = %e, "opening a user credential failed");
                    AdapterError::Other(format!("the User Credential '{name}' cannot be read"))
                })?;
                opened.expose().to_owned()
            }
        };
        Ok(Some(UserCredential { user: credential.user.unwrap_or_default(), password }))
    }
}

fn transport_error(error: &reqwest::Error, timeout_ms: u64) -> AdapterError {
    if error.is_timeout() {
        AdapterError::Timeout(timeout_ms)
    } else if error.is_connect() {
        AdapterError::Connect(error.url().map(|u| u.to_string()).unwrap_or_default())
    } else {
        AdapterError::Other("the receiver could not be reached".to_owned())
    }
}

async fn read_limited(mut response: reqwest::Response, timeout_ms: u64) -> Result<Vec<u8>, AdapterError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(&e, timeout_ms))? {
        if body.len() + chunk.len() > MAX_RECEIVER_REPLY_BYTES {
            return Err(AdapterError::Other(format!(
                "the receiver's reply is larger than {MAX_RECEIVER_REPLY_BYTES} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
