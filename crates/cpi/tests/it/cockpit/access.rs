//! Sign-in is required for every page and action; forms without their CSRF token are refused;
//! sessions end on sign-out, on expiry and when the user loses the administrator collection.

use reqwest::StatusCode;
use serde_json::json;

use super::Browser;
use crate::harness::{COCKPIT_PASSWORD, TestServer};

const PAGES: [&str; 9] = [
    "/cockpit/",
    "/cockpit/instances",
    "/cockpit/instances/new",
    "/cockpit/instances/00000000-0000-4000-8000-000000000001",
    "/cockpit/instances/00000000-0000-4000-8000-000000000001/edit",
    "/cockpit/instances/00000000-0000-4000-8000-000000000001/keys/00000000-0000-4000-8000-000000000002/download",
    "/cockpit/users",
    "/cockpit/users/00000000-0000-4000-8000-000000000003",
    "/cockpit/role-collections",
];

const ACTIONS: [&str; 9] = [
    "/cockpit/instances",
    "/cockpit/instances/00000000-0000-4000-8000-000000000001/edit",
    "/cockpit/instances/00000000-0000-4000-8000-000000000001/delete",
    "/cockpit/instances/00000000-0000-4000-8000-000000000001/keys",
    "/cockpit/instances/00000000-0000-4000-8000-000000000001/keys/00000000-0000-4000-8000-000000000002/delete",
    "/cockpit/users",
    "/cockpit/users/00000000-0000-4000-8000-000000000003",
    "/cockpit/users/00000000-0000-4000-8000-000000000003/delete",
    "/cockpit/sign-out",
];

#[tokio::test]
async fn every_page_and_action_needs_a_session() {
    let server = TestServer::start().await;
    let mut anonymous = Browser::new(&server);
    for path in PAGES {
        let page = anonymous.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "GET {path}");
        let location = page.location.unwrap();
        assert!(location.starts_with("/cockpit/sign-in?next="), "GET {path} → {location}");
    }
    for path in ACTIONS {
        let page = anonymous.post(path, &[("csrf", "x"), ("name", "sneaky"), ("plan", "api")]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "POST {path}");
    }
    anonymous.cookies.push(("cpi_cockpit_session".into(), "forged".into()));
    assert_eq!(anonymous.get("/cockpit/instances").await.status, StatusCode::SEE_OTHER, "a forged session");
    let (_, listed) = server.sm(reqwest::Method::GET, "/v1/service_instances", None).await;
    assert_eq!(listed["num_items"], 0, "nothing was created: {listed}");
    let css = anonymous.get("/cockpit/assets/cockpit.css").await;
    assert_eq!(css.status, StatusCode::OK, "the stylesheet is public");
    let unknown = anonymous.get("/cockpit/no/such/page").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("There is no such page in the cockpit."), "an HTML page, not JSON");
}

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie_and_refuses_bad_credentials() {
    let server = TestServer::start().await;
    let mut browser = Browser::new(&server);
    let wrong = browser.sign_in_as("admin", "wrong-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("The user name or password is wrong"), "{}", wrong.body);
    assert!(wrong.body.contains("value=\"admin\""), "the user name is kept");
    let user = json!({"username": "reader", "password": "Reader-Pass-1", "role_collections": ["PI_Read_Only"]});
    let (status, _) = server.sm(reqwest::Method::POST, "/v1/users", Some(user)).await;
    assert_eq!(status, StatusCode::CREATED);
    let not_admin = browser.sign_in_as("reader", "Reader-Pass-1").await;
    assert_eq!(not_admin.status, StatusCode::UNAUTHORIZED, "only subaccount administrators sign in");

    let ok = browser.sign_in_as("admin", COCKPIT_PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location.as_deref(), Some("/cockpit/instances"));
    let session = ok.set_cookies.iter().find(|c| c.starts_with("cpi_cockpit_session=")).unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/cockpit"] {
        assert!(session.contains(attribute), "{session} lacks {attribute}");
    }
    let page = browser.get("/cockpit/instances").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.headers.get("cache-control").unwrap(), "no-store");
}

#[tokio::test]
async fn a_sign_in_form_from_elsewhere_is_refused() {
    let server = TestServer::start().await;
    let mut browser = Browser::new(&server);
    let answer = browser
        .post("/cockpit/sign-in", &[("username", "admin"), ("password", COCKPIT_PASSWORD), ("token", "made-up")])
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("expired"), "{}", answer.body);
    assert!(!answer.set_cookies.iter().any(|c| c.starts_with("cpi_cockpit_session=")));
}

#[tokio::test]
async fn forms_without_their_csrf_token_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    let mut browser = Browser::signed_in(&server).await;
    let form = [("plan", "api"), ("name", "no-token"), ("parameters", "{}")];
    let missing = browser.post("/cockpit/instances", &form).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("This form did not come from a page of this session"), "{}", missing.body);
    let mut other = Browser::signed_in(&server).await;
    let foreign = other.csrf("/cockpit/instances/new").await;
    let with_foreign = [("csrf", foreign.as_str()), ("plan", "api"), ("name", "foreign-token"), ("parameters", "{}")];
    assert_eq!(browser.post("/cockpit/instances", &with_foreign).await.status, StatusCode::FORBIDDEN);
    let (_, listed) = server.sm(reqwest::Method::GET, "/v1/service_instances", None).await;
    assert_eq!(listed["num_items"], 0, "{listed}");

    let own = browser.csrf("/cockpit/instances/new").await;
    let created = browser
        .post(
            "/cockpit/instances",
            &[("csrf", own.as_str()), ("plan", "api"), ("name", "with-token"), ("parameters", "{}")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let sign_out = browser.post("/cockpit/sign-out", &[]).await;
    assert_eq!(sign_out.status, StatusCode::FORBIDDEN, "even sign-out needs the token");
}

#[tokio::test]
async fn sessions_end_on_sign_out_on_expiry_and_without_the_administrator_collection() {
    let server = TestServer::start().await;
    let mut browser = Browser::signed_in(&server).await;
    let stolen = browser.cookies.clone();
    let csrf = browser.csrf("/cockpit/instances").await;
    let out = browser.post("/cockpit/sign-out", &[("csrf", csrf.as_str())]).await;
    assert_eq!(out.location.as_deref(), Some("/cockpit/sign-in"));
    let mut replay = Browser { server: &server, cookies: stolen };
    assert_eq!(replay.get("/cockpit/instances").await.status, StatusCode::SEE_OTHER, "the old cookie is dead");

    let mut browser = Browser::signed_in(&server).await;
    server.clock.advance(time::Duration::hours(7));
    assert_eq!(browser.get("/cockpit/instances").await.status, StatusCode::OK);
    server.clock.advance(time::Duration::hours(1));
    assert_eq!(browser.get("/cockpit/instances").await.status, StatusCode::SEE_OTHER, "8 hours after sign-in");

    let mut browser = Browser::signed_in(&server).await;
    let (_, users) = server.sm(reqwest::Method::GET, "/v1/users", None).await;
    let admin = users["items"].as_array().unwrap().iter().find(|u| u["username"] == "admin").unwrap().clone();
    let path = format!("/v1/users/{}", admin["id"].as_str().unwrap());
    let (status, _) =
        server.sm(reqwest::Method::PATCH, &path, Some(json!({"role_collections": ["PI_Read_Only"]}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(browser.get("/cockpit/instances").await.status, StatusCode::SEE_OTHER, "no longer an administrator");
}

#[tokio::test]
async fn the_administrator_password_set_with_the_cli_is_the_one_that_signs_in() {
    let server = TestServer::start().await;
    let admin_key = server.server.as_ref().unwrap().admin_key_path.clone();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_cpi"))
            .args(["user", "passwd", "admin", "--admin-key"])
            .arg(admin_key)
            .env("CPI_USER_PASSWORD", "Changed-By-Cli-1")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut browser = Browser::new(&server);
    assert_eq!(browser.sign_in_as("admin", COCKPIT_PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(browser.sign_in_as("admin", "Changed-By-Cli-1").await.status, StatusCode::SEE_OTHER);
}
