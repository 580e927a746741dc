//! The SecurityContent API and the partner directory's user credentials over real HTTP: SAP's
//! status codes and bodies, SAP's 400/409 texts, secrets absent from every response, one 403 per
//! permission, and (with the real binary) secrets absent from logs and encrypted in the database.

mod at_rest;
mod credentials;
mod keystore;
mod permissions;
mod policies;

use serde_json::Value;

use crate::harness::TestServer;
use crate::wire::{Api, Wire, api_key, piper_token, send, split_url};

/// Role templates that together allow every operation here.
pub const ALL_ROLES: [&str; 7] = [
    "MonitoringDataRead",
    "CredentialsEdit",
    "SecurityMaterialEdit",
    "SecurityMaterialDownload",
    "AccessPoliciesRead",
    "AccessPoliciesEdit",
    "AuthGroup_TenantPartnerDirectoryConfigurator",
];

/// A PEM certificate (RSA 2048, serial 0x11F11) and a DER one (EC P-256), made once with openssl.
pub const RSA_PEM: &[u8] = include_bytes!("../../../cpi-server/tests/fixtures/rsa-2048.pem");
pub const EC_DER: &[u8] = include_bytes!("../../../cpi-server/tests/fixtures/ec-p256.der");

/// A server and a client allowed everything here.
pub async fn admin() -> (TestServer, Api) {
    let server = TestServer::start().await;
    let api = Api::new(&server, "security-admin", &ALL_ROLES).await;
    (server, api)
}

/// Asserts the status and SAP's JSON error body; returns the message.
#[track_caller]
pub fn error_message(response: &Wire, status: u16, code: &str) -> String {
    assert_eq!(response.status, status, "{}", response.text());
    let body = response.json();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert_eq!(body["error"]["message"]["lang"], "en", "{body}");
    body["error"]["message"]["value"].as_str().unwrap().to_owned()
}

/// `d.results` of a feed.
pub fn results(response: &Wire) -> Vec<Value> {
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["d"]["results"].as_array().unwrap().clone()
}

/// A Bearer client that can send any bytes (for DER bodies).
pub struct RawClient {
    authority: String,
    bearer: String,
}

impl RawClient {
    pub async fn new(server: &TestServer, instance: &str, roles: &[&str]) -> RawClient {
        let key = api_key(server, instance, roles).await;
        let bearer = format!("Bearer {}", piper_token(&key).await);
        RawClient { authority: split_url(key["url"].as_str().unwrap()).0, bearer }
    }

    pub async fn send(&self, method: &str, target: &str, content_type: &str, body: &[u8]) -> Wire {
        let headers =
            [("Authorization", self.bearer.as_str()), ("Accept", "application/json"), ("Content-Type", content_type)];
        send(&self.authority, method, &format!("/api/v1/{target}"), &headers, Some(body)).await
    }
}

/// Asserts that none of the secrets occurs in any of the texts.
#[track_caller]
pub fn assert_absent(secrets: &[&str], texts: &[String]) {
    for text in texts {
        for secret in secrets {
            assert!(!text.contains(secret), "a secret value appears in a response: {text}");
        }
    }
}
