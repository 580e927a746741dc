//! Access tokens match UAA's header and claims and verify with an independent JWT library
//! against the published `/token_keys`.

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestServer;

async fn jwks(server: &TestServer) -> Value {
    let response = server.http.get(server.url("/token_keys")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn verify(token: &str, jwks: &Value, audience: &str, issuer: &str) -> Value {
    let header = decode_header(token).unwrap();
    let kid = header.kid.clone().unwrap();
    let jwk = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid.as_str()).expect("kid published");
    let key = DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[audience]);
    validation.set_issuer(&[issuer]);
    decode::<Value>(token, &key, &validation).unwrap().claims
}

#[tokio::test]
async fn client_credentials_token_has_uaas_header_and_claims() {
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "claims", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    let client_id = key["clientid"].as_str().unwrap();
    let token = server.access_token(&key).await;
    let jwks = jwks(&server).await;
    let jwk = &jwks["keys"][0];
    assert_eq!(
        (jwk["kty"].as_str(), jwk["alg"].as_str(), jwk["use"].as_str(), jwk["e"].as_str()),
        (Some("RSA"), Some("RS256"), Some("sig"), Some("AQAB"))
    );
    assert!(jwk["value"].as_str().unwrap().starts_with("-----BEGIN PUBLIC KEY-----"));

    let header = decode_header(&token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.jku.as_deref(), Some(server.url("/token_keys").as_str()));
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    assert!(header.kid.unwrap().starts_with("default-jwt-key-"));

    let issuer = server.url("/oauth/token");
    let claims = verify(&token, &jwks, client_id, &issuer);
    let zone = &server.server.as_ref().unwrap().zone;
    let payload = token.split('.').nth(1).unwrap();
    let payload =
        String::from_utf8(base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload).unwrap())
            .unwrap();
    let order = [
        "jti",
        "ext_attr",
        "sub",
        "authorities",
        "scope",
        "client_id",
        "cid",
        "azp",
        "grant_type",
        "rev_sig",
        "iat",
        "exp",
        "iss",
        "zid",
        "aud",
    ];
    let positions: Vec<usize> = order.iter().map(|k| payload.find(&format!("\"{k}\":")).expect(k)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "claims are in UAA's order: {payload}");
    assert_eq!(claims["sub"], client_id);
    assert_eq!(claims["cid"], client_id);
    assert_eq!(claims["azp"], client_id);
    assert_eq!(claims["grant_type"], "client_credentials");
    assert_eq!(claims["zid"], zone.id.to_string());
    assert_eq!(claims["ext_attr"]["enhancer"], "XSUAA");
    assert_eq!(claims["ext_attr"]["zdn"], "test");
    assert_eq!(claims["ext_attr"]["serviceinstanceid"], instance);
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 43_200);
    assert_eq!(claims["rev_sig"].as_str().unwrap().len(), 8);
    let app = zone.api_xsappname();
    assert!(client_id.ends_with(&format!("|{app}")), "{client_id}");
    let scope: Vec<&str> = claims["scope"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert_eq!(scope, [format!("{app}.WebToolingWorkspace.Read").as_str(), "uaa.resource"]);
    assert_eq!(claims["authorities"], claims["scope"]);
    assert_eq!(claims["aud"], json!([format!("{app}.WebToolingWorkspace"), "uaa", client_id]));
}

#[tokio::test]
async fn integration_flow_tokens_carry_runtime_roles_and_discovery_points_to_the_keys() {
    let server = TestServer::start().await;
    let instance = server.create_instance("integration-flow", "iflow", json!({})).await;
    let key = server.create_key(&instance, "k").await.1;
    let client_id = key["clientid"].as_str().unwrap();
    let zone = &server.server.as_ref().unwrap().zone;
    assert!(client_id.ends_with(&format!("|it-rt-test!b{}", zone.runtime_app_number)), "{client_id}");
    let response = server.token(&key).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["expires_in"], 3599);
    let claims =
        verify(body["access_token"].as_str().unwrap(), &jwks(&server).await, client_id, &server.url("/oauth/token"));
    assert_eq!(claims["scope"], json!([format!("{}.ESBMessaging.send", zone.runtime_xsappname()), "uaa.resource"]));
    let single: Value = server.http.get(server.url("/token_key")).send().await.unwrap().json().await.unwrap();
    assert_eq!(single["alg"], "RS256");
    let discovery: Value =
        server.http.get(server.url("/.well-known/openid-configuration")).send().await.unwrap().json().await.unwrap();
    assert_eq!(discovery["jwks_uri"], server.url("/token_keys"));
    assert_eq!(discovery["token_endpoint"], server.url("/oauth/token"));
}

#[tokio::test]
async fn neo_token_path_is_accepted() {
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "neo", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    let response = server
        .http
        .post(server.url("/oauth2/api/v1/token?grant_type=client_credentials"))
        .basic_auth(key["clientid"].as_str().unwrap(), key["clientsecret"].as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}
