//! TenantClient against a small fake of the OData API: paging over `__next`, the shapes of
//! writes (202 without body, bare task ids, `$value` bytes) and the URLs it builds.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use cpi_client::tenant::{ArtifactKind, MplQuery, NewPackage, NewUserCredential, Page, Partner, TenantClient};
use cpi_client::{ApiClient, ErrorClass, HttpOptions, TokenSource};
use serde_json::{Value, json};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    /// Path and query, still percent-encoded.
    target: String,
    accept: String,
    body: String,
}

#[derive(Default)]
struct Server {
    seen: Mutex<Vec<Seen>>,
    /// The scheme and host the server writes into absolute next links.
    public_origin: Mutex<String>,
}

impl Server {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn targets(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.target).collect()
    }
}

type Shared = State<Arc<Server>>;

fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({"error": {"code": "x", "message": {"lang": "en", "value": message}}});
    (status, Json(body)).into_response()
}

fn feed(results: Value, next: Option<String>) -> Response {
    let mut d = json!({ "results": results });
    if let Some(next) = next {
        d["__next"] = Value::String(next);
    }
    Json(json!({ "d": d })).into_response()
}

/// Answers every `/api/v1` call by its path and query.
async fn api(State(server): Shared, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let target = uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_default();
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = String::from_utf8_lossy(&body).into_owned();
    server.seen.lock().unwrap().push(Seen { method: method.clone(), target: target.clone(), accept, body });
    let origin = server.public_origin.lock().unwrap().clone();
    let path = target.strip_prefix("/api/v1/").unwrap_or(&target);
    match (method.as_str(), path) {
        // Three pages: an absolute next link on a host name the client does not use, then a
        // relative one.
        ("GET", "Partners") => {
            feed(json!([{"Pid": "p1"}, {"Pid": "p2"}]), Some(format!("{origin}/api/v1/Partners?$skiptoken=2")))
        }
        ("GET", "Partners?$skiptoken=2") => feed(json!([{"Pid": "p3"}]), Some("Partners?$skiptoken=3".into())),
        ("GET", "Partners?$skiptoken=3") => feed(json!([{"Pid": "p4"}]), None),
        ("GET", "Loop") => feed(json!([]), Some("Loop".into())),
        ("POST", "IntegrationPackages") => (
            StatusCode::CREATED,
            Json(json!({"d": {"Id": "P", "Name": "Pkg", "ShortText": "Pkg", "CreationDate": "1700000000000"}})),
        )
            .into_response(),
        ("GET", "IntegrationPackages('P')/$value") => {
            ([(header::CONTENT_TYPE, "application/zip")], b"PK\x03\x04zip".to_vec()).into_response()
        }
        ("GET", "IntegrationPackages") => feed(json!([{"Id": "P"}, {"Id": "Q"}]), None),
        ("GET", "IntegrationDesigntimeArtifacts") => error(StatusCode::NOT_IMPLEMENTED, "not supported"),
        ("GET", "IntegrationPackages('P')/IntegrationDesigntimeArtifacts") => {
            feed(json!([{"Id": "F1", "Version": "1.0.0", "Name": "Flow 1", "PackageId": "P"}]), None)
        }
        ("GET", "IntegrationPackages('Q')/IntegrationDesigntimeArtifacts") => feed(json!([]), None),
        ("PUT", p) if p.starts_with("IntegrationDesigntimeArtifacts(Id='F1',Version='active')/$links/") => {
            StatusCode::ACCEPTED.into_response()
        }
        ("POST", p) if p.starts_with("DeployIntegrationDesigntimeArtifact?") => {
            (StatusCode::ACCEPTED, [(header::CONTENT_TYPE, "text/plain")], "task-1").into_response()
        }
        ("GET", "BuildAndDeployStatus(TaskId='task-1')") => {
            Json(json!({"d": {"__metadata": {}, "TaskId": "task-1", "Status": "SUCCESS"}})).into_response()
        }
        ("GET", "IntegrationRuntimeArtifacts('F1')/ErrorInformation/$value") => {
            ([(header::CONTENT_TYPE, "application/json")], r#"{"message":{"messageText":"boom"}}"#).into_response()
        }
        ("POST", "UserCredentials") => StatusCode::ACCEPTED.into_response(),
        ("GET", p) if p.starts_with("MessageProcessingLogs?") => feed(
            json!([{"MessageGuid": "g1", "Status": "FAILED", "LogEnd": "/Date(1700000000000)/",
                    "IntegrationArtifact": {"Id": "F1", "Type": "INTEGRATION_FLOW"}}]),
            None,
        ),
        ("PUT", "StringParameters(Pid='P',Id='new')") => error(StatusCode::NOT_FOUND, "no such parameter"),
        ("POST", "StringParameters") => (StatusCode::CREATED, Json(json!({"d": {}}))).into_response(),
        _ => error(StatusCode::NOT_FOUND, "unexpected call"),
    }
}

async fn issue() -> Json<Value> {
    Json(json!({"access_token": "tok", "token_type": "bearer", "expires_in": 3600}))
}

async fn spawn() -> (TenantClient, Arc<Server>) {
    let server = Arc::new(Server::default());
    let app = Router::new().route("/oauth/token", post(issue)).fallback(api).with_state(Arc::clone(&server));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    // The server believes it is `localhost`; the client calls it at 127.0.0.1.
    *server.public_origin.lock().unwrap() = format!("http://localhost:{port}");
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (client(&format!("http://127.0.0.1:{port}")), server)
}

fn client(base: &str) -> TenantClient {
    let options = HttpOptions { use_env_proxy: false, ..HttpOptions::default() };
    let http = options.build_client().unwrap();
    let tokens = TokenSource::new(http.clone(), format!("{base}/oauth/token"), "id", "secret");
    TenantClient::new(ApiClient::new(http, Arc::new(tokens), format!("{base}/api/v1")))
}

#[tokio::test]
async fn list_all_follows_absolute_and_relative_next_links() {
    let (tenant, server) = spawn().await;
    let partners = tenant.partners().await.unwrap();
    let pids: Vec<&str> = partners.iter().map(|p| p.pid.as_str()).collect();
    assert_eq!(pids, ["p1", "p2", "p3", "p4"]);
    // The absolute link was re-rooted on the client's own base URL.
    assert_eq!(
        server.targets(),
        ["/api/v1/Partners", "/api/v1/Partners?$skiptoken=2", "/api/v1/Partners?$skiptoken=3"]
    );
    assert!(server.seen().iter().all(|s| s.accept == "application/json"));
}

#[tokio::test]
async fn list_page_returns_one_page_and_a_resolved_next_link() {
    let (tenant, _) = spawn().await;
    let first: Page<Partner> = tenant.list_page("Partners", &[]).await.unwrap();
    assert_eq!(first.entities.len(), 2);
    let next = first.next.unwrap();
    assert!(next.starts_with("http://127.0.0.1:") && next.ends_with("/api/v1/Partners?$skiptoken=2"), "{next}");
    let second: Page<Partner> = tenant.list_page(&next, &[]).await.unwrap();
    assert_eq!(second.entities[0].pid, "p3");
    assert!(second.next.unwrap().ends_with("/api/v1/Partners?$skiptoken=3"));
}

#[tokio::test]
async fn a_next_link_that_repeats_is_an_error() {
    let (tenant, _) = spawn().await;
    let err = tenant.list_all::<Partner>("Loop", &[]).await.unwrap_err();
    assert!(err.to_string().contains("repeats"), "{err}");
}

#[tokio::test]
async fn packages_are_created_and_exported() {
    let (tenant, server) = spawn().await;
    let created = tenant.create_package(&NewPackage::new("P", "Pkg")).await.unwrap();
    assert_eq!(created.id, "P");
    assert!(created.creation_date.is_some());
    let zip = tenant.export_package("P").await.unwrap();
    assert_eq!(zip, b"PK\x03\x04zip");
    let seen = server.seen();
    assert_eq!(
        serde_json::from_str::<Value>(&seen[0].body).unwrap(),
        json!({"Id": "P", "Name": "Pkg", "ShortText": "Pkg"})
    );
    assert!(seen[1].accept.starts_with("application/zip"), "{}", seen[1].accept);
}

#[tokio::test]
async fn artifacts_fall_back_to_packages_when_the_tenant_lists_none_at_the_root() {
    let (tenant, server) = spawn().await;
    let artifacts = tenant.artifacts(ArtifactKind::IntegrationFlow, None).await.unwrap();
    assert_eq!(artifacts.len(), 1);
    assert_eq!(artifacts[0].id, "F1");
    assert_eq!(server.targets()[0], "/api/v1/IntegrationDesigntimeArtifacts");
}

#[tokio::test]
async fn configuration_keys_are_percent_encoded() {
    let (tenant, server) = spawn().await;
    tenant.set_configuration(ArtifactKind::IntegrationFlow, "F1", "Receiver Address", "https://x").await.unwrap();
    let seen = server.seen();
    assert_eq!(
        seen[0].target,
        "/api/v1/IntegrationDesigntimeArtifacts(Id='F1',Version='active')/$links/Configurations('Receiver%20Address')"
    );
    assert_eq!(serde_json::from_str::<Value>(&seen[0].body).unwrap(), json!({"ParameterValue": "https://x"}));
}

#[tokio::test]
async fn deploy_reads_the_bare_task_id_and_its_status() {
    let (tenant, server) = spawn().await;
    let task = tenant.deploy(ArtifactKind::IntegrationFlow, "F1").await.unwrap();
    assert_eq!(task, "task-1");
    assert_eq!(tenant.deploy_status(&task).await.unwrap(), "SUCCESS");
    assert_eq!(server.targets()[0], "/api/v1/DeployIntegrationDesigntimeArtifact?Id=%27F1%27&Version=%27active%27");
    let error = tenant.runtime_error("F1").await.unwrap();
    assert_eq!(error, r#"{"message":{"messageText":"boom"}}"#);
}

#[tokio::test]
async fn writes_answered_202_without_a_body_succeed() {
    let (tenant, server) = spawn().await;
    tenant.create_user_credential(&NewUserCredential::new("c", "u", "pw")).await.unwrap();
    let body: Value = serde_json::from_str(&server.seen()[0].body).unwrap();
    assert_eq!(body, json!({"Name": "c", "Kind": "default", "User": "u", "Password": "pw"}));
}

#[tokio::test]
async fn message_logs_send_the_filter_and_order() {
    let (tenant, server) = spawn().await;
    let query =
        MplQuery { status: Some("FAILED".into()), flow: Some("F1".into()), top: Some(5), ..MplQuery::default() };
    let logs = tenant.message_logs(&query).await.unwrap();
    assert_eq!(logs[0].message_guid, "g1");
    assert_eq!(logs[0].integration_artifact.id, "F1");
    assert_eq!(
        server.targets()[0],
        "/api/v1/MessageProcessingLogs?$filter=Status%20eq%20%27FAILED%27%20and%20IntegrationArtifact%2FId%20eq%20%27F1%27\
         &$orderby=LogEnd%20desc&$top=5"
    );
}

#[tokio::test]
async fn string_parameters_are_created_when_the_put_finds_none() {
    let (tenant, server) = spawn().await;
    tenant.put_string_parameter("P", "new", "v").await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].method, Method::POST);
    assert_eq!(serde_json::from_str::<Value>(&seen[1].body).unwrap(), json!({"Pid": "P", "Id": "new", "Value": "v"}));
}

#[tokio::test]
async fn errors_are_classified() {
    let (tenant, _) = spawn().await;
    let missing = tenant.package("nope").await.unwrap_err();
    assert_eq!(missing.class(), ErrorClass::NotFound);
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable = client(&format!("http://127.0.0.1:{port}"));
    let err = unreachable.packages().await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Network, "{err:?}");
}
