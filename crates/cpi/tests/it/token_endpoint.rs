//! The token endpoint, end to end: every way real clients send credentials, and every error UAA
//! answers (btp-auth §3.3).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestServer;

async fn api_key(server: &TestServer, roles: Value) -> Value {
    let instance = server.create_instance("api", "my-api", json!({"roles": roles})).await;
    server.create_key(&instance, "my-key").await.1
}

fn assert_no_store(response: &reqwest::Response) {
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["pragma"], "no-cache");
}

#[tokio::test]
async fn instance_key_token_and_packages_work_with_every_credential_style() {
    let server = TestServer::start().await;
    let key = api_key(&server, json!(["WorkspacePackagesRead"])).await;
    let (id, secret, url) =
        (key["clientid"].as_str().unwrap(), key["clientsecret"].as_str().unwrap(), key["tokenurl"].as_str().unwrap());
    let query = format!("grant_type=client_credentials&client_id={}&client_secret={}", enc(id), enc(secret));
    let attempts = vec![
        (
            "basic+query (Piper)",
            server.http.post(format!("{url}?grant_type=client_credentials")).basic_auth(id, Some(secret)),
        ),
        (
            "basic+form",
            server.http.post(url).basic_auth(id, Some(secret)).form(&[("grant_type", "client_credentials")]),
        ),
        (
            "form only",
            server.http.post(url).form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
            ]),
        ),
        (
            "query only (CONTIVA)",
            server.http.post(format!("{url}?{query}")).header("content-type", "application/x-www-form-urlencoded"),
        ),
        (
            "GET with basic (Piper xsuaa)",
            server
                .http
                .get(format!("{url}?grant_type=client_credentials&response_type=token"))
                .basic_auth(id, Some(secret)),
        ),
        ("GET query only", server.http.get(format!("{url}?{query}"))),
    ];
    for (label, request) in attempts {
        let response = request.header("Accept", "application/json").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{label}");
        assert_no_store(&response);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["token_type"], "bearer", "{label}");
        assert_eq!(body["expires_in"], 43199, "{label}");
        assert!(body["scope"].as_str().unwrap().contains(".WebToolingWorkspace.Read"), "{label}");
        assert_eq!(body["jti"].as_str().unwrap().len(), 32, "{label}");
        let token = body["access_token"].as_str().unwrap();
        let packages = server.api_get(token, "IntegrationPackages").await;
        assert_eq!(packages.status(), StatusCode::OK, "{label}");
        let packages: Value = packages.json().await.unwrap();
        assert!(packages["d"]["results"].is_array(), "{label}");
    }
}

fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn monitoring_only_key_is_forbidden_with_the_missing_permission_named() {
    let server = TestServer::start().await;
    let key = api_key(&server, json!(["MonitoringDataRead"])).await;
    let token = server.access_token(&key).await;
    let response = server.api_get(&token, "IntegrationPackages").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "Forbidden");
    let message = body["error"]["message"]["value"].as_str().unwrap();
    assert!(message.contains("WebToolingWorkspace.Read"), "{message}");
    assert!(message.contains("WorkspacePackagesRead"), "{message}");
}

#[tokio::test]
async fn no_or_bad_credentials_on_the_api_get_401_with_a_challenge() {
    let server = TestServer::start().await;
    let response = server.http.get(server.url("/api/v1/IntegrationPackages")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().contains_key("www-authenticate"));
    let response = server.api_get("not.a.token", "IntegrationPackages").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers()["www-authenticate"].to_str().unwrap().contains("invalid_token"));
}

async fn post_token(
    server: &TestServer,
    auth: Option<(&str, &str)>,
    query: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = server.http.post(server.url(&format!("/oauth/token{query}"))).form(form);
    if let Some((id, secret)) = auth {
        request = request.basic_auth(id, Some(secret));
    }
    request.send().await.unwrap()
}

async fn expect_error(
    response: reqwest::Response,
    status: u16,
    error: &str,
    description: &str,
) -> reqwest::header::HeaderMap {
    assert_eq!(response.status().as_u16(), status, "{error}");
    let headers = response.headers().clone();
    assert!(headers["content-type"].to_str().unwrap().starts_with("application/json"));
    assert_eq!(headers["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({"error": error, "error_description": description}));
    headers
}

#[tokio::test]
async fn token_errors_are_answered_as_uaa_does() {
    let server = TestServer::start().await;
    let key = api_key(&server, json!(["WorkspacePackagesRead"])).await;
    let (id, secret) = (key["clientid"].as_str().unwrap(), key["clientsecret"].as_str().unwrap());
    let cc = [("grant_type", "client_credentials")];

    let wrong = format!("{}x", &secret[..secret.len() - 1]);
    let headers =
        expect_error(post_token(&server, Some((id, &wrong)), "", &cc).await, 401, "invalid_client", "Bad credentials")
            .await;
    assert_eq!(
        headers["www-authenticate"],
        r#"Basic realm="UAA/client", error="unauthorized", error_description="Bad credentials""#
    );
    expect_error(
        post_token(&server, Some(("sb-unknown|it!b1", secret)), "", &cc).await,
        401,
        "invalid_client",
        "Bad credentials",
    )
    .await;
    expect_error(
        post_token(&server, None, "", &cc).await,
        401,
        "unauthorized",
        "Full authentication is required to access this resource",
    )
    .await;
    expect_error(post_token(&server, Some((id, secret)), "", &[]).await, 400, "invalid_request", "Missing grant type")
        .await;
    expect_error(
        post_token(&server, Some((id, secret)), "", &[("grant_type", "magic")]).await,
        400,
        "unsupported_grant_type",
        "Unsupported grant type",
    )
    .await;
    expect_error(
        post_token(&server, Some((id, secret)), "", &[("grant_type", "implicit")]).await,
        400,
        "invalid_grant",
        "Implicit grant type not supported from token endpoint",
    )
    .await;
    let headers = expect_error(
        post_token(
            &server,
            Some((id, secret)),
            "",
            &[("grant_type", "password"), ("username", "u"), ("password", "p")],
        )
        .await,
        401,
        "invalid_client",
        "Unauthorized grant type",
    )
    .await;
    assert!(headers["www-authenticate"].to_str().unwrap().contains("Unauthorized grant type"));
}

#[tokio::test]
async fn password_and_refresh_grants_work_when_enabled() {
    let server = TestServer::start().await;
    let params =
        json!({"grant-types": ["client_credentials", "password", "refresh_token"], "roles": ["WorkspacePackagesRead"]});
    let instance = server.create_instance("api", "pw-api", params).await;
    let key = server.create_key(&instance, "k").await.1;
    let user = json!({"username": "dev", "password": "s3cret-pass", "role_collections": ["PI_Integration_Developer"]});
    let (status, _) = server.sm(reqwest::Method::POST, "/v1/users", Some(user)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (id, secret) = (key["clientid"].as_str().unwrap(), key["clientsecret"].as_str().unwrap());
    let bad = post_token(
        &server,
        Some((id, secret)),
        "",
        &[("grant_type", "password"), ("username", "dev"), ("password", "nope-nope")],
    )
    .await;
    expect_error(bad, 401, "invalid_client", "Bad credentials").await;
    let response = post_token(
        &server,
        Some((id, secret)),
        "",
        &[("grant_type", "password"), ("username", "dev"), ("password", "s3cret-pass")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert!(body["scope"].as_str().unwrap().contains("WebToolingWorkspace.Write"), "{body}");
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();
    let response =
        post_token(&server, Some((id, secret)), "", &[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
            .await;
    assert_eq!(response.status(), StatusCode::OK);
    let bad =
        post_token(&server, Some((id, secret)), "", &[("grant_type", "refresh_token"), ("refresh_token", "nope")])
            .await;
    expect_error(bad, 400, "invalid_grant", "Invalid refresh token").await;
}

#[tokio::test]
async fn repeated_failures_throttle_only_that_client() {
    let server = TestServer::start().await;
    let key = api_key(&server, json!(["WorkspacePackagesRead"])).await;
    let other = server.create_key(&server.create_instance("api", "other", json!({})).await, "k").await.1;
    let (id, secret) = (key["clientid"].as_str().unwrap(), key["clientsecret"].as_str().unwrap());
    let cc = [("grant_type", "client_credentials")];
    for _ in 0..cpi_server::MAX_FAILED_CLIENT_AUTHS {
        let response = post_token(&server, Some((id, "wrong$secret")), "", &cc).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = post_token(&server, Some((id, secret)), "", &cc).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(server.token(&other).await.status(), StatusCode::OK, "other clients are not slowed");
    server.clock.advance(cpi_server::FAILED_AUTH_WINDOW);
    assert_eq!(post_token(&server, Some((id, secret)), "", &cc).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn scope_parameter_narrows_or_is_refused_and_bodies_are_limited() {
    let server = TestServer::start().await;
    let key = api_key(&server, json!(["WorkspacePackagesRead", "MonitoringDataRead"])).await;
    let (id, secret) = (key["clientid"].as_str().unwrap(), key["clientsecret"].as_str().unwrap());
    let zone = server.server.as_ref().unwrap().zone.clone();
    let wanted = format!("{}.WebToolingWorkspace.Read", zone.api_xsappname());
    let response =
        post_token(&server, Some((id, secret)), "", &[("grant_type", "client_credentials"), ("scope", &wanted)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["scope"], wanted);
    let response =
        post_token(&server, Some((id, secret)), "", &[("grant_type", "client_credentials"), ("scope", "other.scope")])
            .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_scope");
    let huge = "x".repeat(200 * 1024);
    let response = server
        .http
        .post(server.url("/oauth/token"))
        .basic_auth(id, Some(secret))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("grant_type=client_credentials&pad={huge}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
