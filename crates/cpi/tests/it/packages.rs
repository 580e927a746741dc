//! The first slice of the tenant API: the service document with the CSRF handshake and
//! `IntegrationPackages` CRUD, by Bearer token and by Basic auth of an IdP user.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestServer;

async fn editor_token(server: &TestServer) -> String {
    let instance = server.create_instance("api", "editor", json!({"roles": ["WorkspacePackagesEdit"]})).await;
    let key = server.create_key(&instance, "k").await.1;
    server.access_token(&key).await
}

#[tokio::test]
async fn packages_can_be_created_read_updated_and_deleted_with_a_token() {
    let server = TestServer::start().await;
    let token = editor_token(&server).await;
    let url = server.url("/api/v1/IntegrationPackages");
    let body = json!({"Id": "Demo.Pkg", "Name": "Demo package", "ShortText": "demo", "Version": "1.0.0"});
    let created = server
        .http
        .post(&url)
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["d"]["Id"], "Demo.Pkg");
    assert_eq!(created["d"]["__metadata"]["type"], "com.sap.hci.api.IntegrationPackage");
    assert!(
        created["d"]["IntegrationDesigntimeArtifacts"]["__deferred"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/IntegrationDesigntimeArtifacts")
    );
    assert!(created["d"]["CreationDate"].as_str().unwrap().parse::<i64>().is_ok());

    let duplicate = server
        .http
        .post(&url)
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);

    let one = server.api_get(&token, "IntegrationPackages('Demo.Pkg')").await;
    assert_eq!(one.status(), StatusCode::OK);
    let updated = server
        .http
        .put(server.url("/api/v1/IntegrationPackages('Demo.Pkg')"))
        .bearer_auth(&token)
        .json(&json!({"Name": "Renamed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), StatusCode::ACCEPTED);
    let list: Value = server.api_get(&token, "IntegrationPackages").await.json().await.unwrap();
    assert_eq!(list["d"]["results"][0]["Name"], "Renamed");
    let deleted = server
        .http
        .delete(server.url("/api/v1/IntegrationPackages('Demo.Pkg')"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::ACCEPTED);
    let gone = server.api_get(&token, "IntegrationPackages('Demo.Pkg')").await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let gone: Value = gone.json().await.unwrap();
    assert_eq!(gone["error"]["code"], "Not Found");
}

#[tokio::test]
async fn a_read_only_token_cannot_write() {
    let server = TestServer::start().await;
    let instance = server.create_instance("api", "reader", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let token = server.access_token(&server.create_key(&instance, "k").await.1).await;
    let response = server
        .http
        .post(server.url("/api/v1/IntegrationPackages"))
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .json(&json!({"Id": "X", "Name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"]["message"]["value"].as_str().unwrap().contains("WebToolingWorkspace.Write"));
}

#[tokio::test]
async fn basic_auth_users_need_the_csrf_handshake_for_writes() {
    let server = TestServer::start().await;
    let user = json!({"username": "dev", "password": "s3cret-pass", "role_collections": ["PI_Integration_Developer"]});
    let (status, _) = server.sm(Method::POST, "/v1/users", Some(user)).await;
    assert_eq!(status, StatusCode::CREATED);
    let url = server.url("/api/v1/IntegrationPackages");
    let body = json!({"Id": "ByUser", "Name": "By user"});
    let refused = server.http.post(&url).basic_auth("dev", Some("s3cret-pass")).json(&body).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.headers()["x-csrf-token"], "Required");
    let fetched = server
        .http
        .get(server.url("/api/v1/"))
        .basic_auth("dev", Some("s3cret-pass"))
        .header("X-CSRF-Token", "Fetch")
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
    let csrf = fetched.headers()["x-csrf-token"].to_str().unwrap().to_owned();
    let created = server
        .http
        .post(&url)
        .basic_auth("dev", Some("s3cret-pass"))
        .header("X-CSRF-Token", &csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let wrong_password = server.http.get(&url).basic_auth("dev", Some("wrong-pass")).send().await.unwrap();
    assert_eq!(wrong_password.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn oversized_and_malformed_bodies_get_odata_errors() {
    let server = TestServer::start().await;
    let token = editor_token(&server).await;
    let url = server.url("/api/v1/IntegrationPackages");
    let huge = json!({"Id": "Big", "Name": "x".repeat(49 * 1024 * 1024)});
    let response = server
        .http
        .post(&url)
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "Payload Too Large");
    let response = server
        .http
        .post(&url)
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["message"]["lang"], "en");
    let list: Value = server.api_get(&token, "IntegrationPackages").await.json().await.unwrap();
    assert_eq!(list["d"]["results"], json!([]));
}

#[tokio::test]
async fn custom_tags_are_set_through_links_and_listed_per_package() {
    let server = TestServer::start().await;
    let token = editor_token(&server).await;
    let url = server.url("/api/v1/IntegrationPackages");
    let body = json!({"Id": "Tagged", "Name": "Tagged"});
    let created = server.http.post(&url).bearer_auth(&token).header("Accept", "application/json").json(&body);
    assert_eq!(created.send().await.unwrap().status(), StatusCode::CREATED);
    let list: Value = server.api_get(&token, "IntegrationPackages('Tagged')/CustomTags").await.json().await.unwrap();
    assert_eq!(list["d"]["results"], json!([]));
    for (name, value) in [("LoB", "Sales"), ("Author", "ann"), ("LoB", "Finance")] {
        let link = server.url(&format!("/api/v1/IntegrationPackages('Tagged')/$links/CustomTags('{name}')"));
        let put = server.http.put(link).bearer_auth(&token).json(&json!({"Value": value})).send().await.unwrap();
        assert_eq!(put.status(), StatusCode::ACCEPTED);
    }
    let list: Value = server.api_get(&token, "IntegrationPackages('Tagged')/CustomTags").await.json().await.unwrap();
    let tags: Vec<(&str, &str)> = list["d"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["Name"].as_str().unwrap(), t["Value"].as_str().unwrap()))
        .collect();
    assert_eq!(tags, vec![("Author", "ann"), ("LoB", "Finance")]);
    let missing = server.url("/api/v1/IntegrationPackages('Nope')/$links/CustomTags('LoB')");
    let put = server.http.put(missing).bearer_auth(&token).json(&json!({"Value": "x"})).send().await.unwrap();
    assert_eq!(put.status(), StatusCode::NOT_FOUND);
}

/// cpilint sends no Accept header and reads the Atom feed with XPath
/// `/feed/entry/m:properties/d:Id` (media entities keep `m:properties` beside `content`).
#[tokio::test]
async fn packages_read_as_atom_the_way_cpilint_does() {
    let server = TestServer::start().await;
    let token = editor_token(&server).await;
    let url = server.url("/api/v1/IntegrationPackages");
    let body = json!({"Id": "Lint.Me", "Name": "Lint me", "Vendor": "ACME", "Version": "1.2.3"});
    let created = server.http.post(&url).bearer_auth(&token).header("Accept", "application/json").json(&body);
    assert_eq!(created.send().await.unwrap().status(), StatusCode::CREATED);
    let response = server.http.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    let feed = response.text().await.unwrap();
    assert!(feed.contains("<feed "), "{feed}");
    let entry = &feed[feed.find("<entry>").expect("an entry")..];
    let properties = entry.find("<m:properties>").expect("m:properties");
    let content = entry.find("<content ").expect("content");
    assert!(entry[content..properties].ends_with("/>"), "m:properties is a sibling of a self-closed content: {entry}");
    for expected in [
        "<d:Id>Lint.Me</d:Id>",
        "<d:Mode>EDIT_ALLOWED</d:Mode>",
        "<d:Vendor>ACME</d:Vendor>",
        "<d:Version>1.2.3</d:Version>",
    ] {
        assert!(entry.contains(expected), "{expected} in {entry}");
    }
}
