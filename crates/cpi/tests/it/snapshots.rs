//! Wire formats pinned as snapshots, with ids, secrets and times redacted: the service key, the
//! Service Manager instance and binding, the token response and claims, the JWKS entry, and the
//! OData and UAA error bodies.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use insta::assert_json_snapshot;
use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::TestServer;

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn provisioning_and_token_wire_formats() {
    let server = TestServer::start().await;
    let (status, instance) =
        server.try_create_instance("api", "snap-api", json!({"roles": ["WorkspacePackagesRead"]})).await;
    assert_eq!(status, 201);
    assert_json_snapshot!("sm_instance", instance, {
        ".id" => "[id]", ".service_plan_id" => "[plan id]", ".created_at" => "[time]", ".updated_at" => "[time]",
        ".context.subaccount_id" => "[zone]", ".last_operation.resource_id" => "[id]",
        ".last_operation.created_at" => "[time]", ".last_operation.updated_at" => "[time]",
    });
    let body = json!({"name": "snap-key", "service_instance_id": instance["id"]});
    let (_, binding) = server.sm(Method::POST, "/v1/service_bindings", Some(body)).await;
    assert_json_snapshot!("sm_binding", binding, {
        ".id" => "[id]", ".service_instance_id" => "[id]", ".created_at" => "[time]", ".updated_at" => "[time]",
        ".context.subaccount_id" => "[zone]", ".credentials.oauth.clientid" => "[client id]",
        ".credentials.oauth.clientsecret" => "[secret]", ".credentials.oauth.createdate" => "[time]",
        ".credentials.oauth.url" => "[url]", ".credentials.oauth.tokenurl" => "[url]/oauth/token",
    });
    let response: Value = server.token(&binding["credentials"]["oauth"]).await.json().await.unwrap();
    let claims = claims_of(response["access_token"].as_str().unwrap());
    assert_json_snapshot!("token_response", response, {
        ".access_token" => "[jwt]", ".jti" => "[jti]", ".scope" => insta::dynamic_redaction(|value, _| {
            let text = value.as_str().unwrap_or_default();
            let redacted: Vec<String> = text
                .split(' ')
                .map(|s| match s.split_once('.') {
                    Some((app, rest)) if app.starts_with("it!b") => format!("[it!b<N>].{rest}"),
                    _ => s.to_owned(),
                })
                .collect();
            insta::internals::Content::from(redacted.join(" "))
        }),
    });
    assert_json_snapshot!("token_claims", claims, {
        ".jti" => "[jti]", ".iat" => "[iat]", ".exp" => "[exp]", ".iss" => "[url]/oauth/token", ".zid" => "[zone]",
        ".rev_sig" => "[rev_sig]", ".sub" => "[client id]", ".client_id" => "[client id]", ".cid" => "[client id]",
        ".azp" => "[client id]", ".ext_attr.subaccountid" => "[zone]", ".ext_attr.serviceinstanceid" => "[id]",
        ".scope[0]" => "[it!b<N>].WebToolingWorkspace.Read", ".authorities[0]" => "[it!b<N>].WebToolingWorkspace.Read",
        ".aud[0]" => "[it!b<N>].WebToolingWorkspace", ".aud[2]" => "[client id]",
    });
    let jwks: Value = server.http.get(server.url("/token_keys")).send().await.unwrap().json().await.unwrap();
    assert_json_snapshot!("jwks", jwks, {".keys[].kid" => "[kid]", ".keys[].n" => "[modulus]", ".keys[].value" => "[pem]"});
}

#[tokio::test]
async fn error_wire_formats() {
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "snap-err", json!({"roles": ["MonitoringDataRead"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    let token = server.access_token(&key).await;
    let forbidden: Value = server.api_get(&token, "IntegrationPackages").await.json().await.unwrap();
    assert_json_snapshot!("odata_forbidden", forbidden);
    let missing: Value = server.api_get(&token, "Nope").await.json().await.unwrap();
    assert_json_snapshot!("odata_not_found", missing);
    let bad: Value = server
        .http
        .post(server.url("/oauth/token"))
        .basic_auth(key["clientid"].as_str().unwrap(), Some("wrong$secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_json_snapshot!("uaa_bad_credentials", bad);
    let (_, sm_error) = server.try_create_instance("api", "x", json!({"roles": ["Nope"]})).await;
    assert_json_snapshot!("sm_bad_request", sm_error);
}
