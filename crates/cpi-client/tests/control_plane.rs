//! ControlPlaneClient against a small in-test server speaking the documented wire shapes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cpi_client::control_plane::{CreateBinding, CreateInstance, CreateUser, IT_RT_OFFERING, UpdateUser, field_eq};
use cpi_client::{AdminKey, ApiError, ControlPlaneClient, HttpOptions};
use serde_json::{Value, json};

#[derive(Default)]
struct Plane {
    instances: Mutex<Vec<Value>>,
    bindings: Mutex<Vec<Value>>,
    raw_queries: Mutex<Vec<String>>,
}

type Shared = State<Arc<Plane>>;

fn list(items: Vec<Value>) -> Json<Value> {
    Json(json!({"num_items": items.len(), "items": items}))
}

fn sm_error(status: StatusCode, code: &str, description: &str) -> Response {
    (status, Json(json!({"error": code, "description": description}))).into_response()
}

/// Supports `field eq 'value'` only, which is all the client sends.
fn matches(item: &Value, query: &HashMap<String, String>) -> bool {
    let Some(expr) = query.get("fieldQuery") else {
        return true;
    };
    let (field, value) = expr.split_once(" eq ").unwrap();
    item[field] == value.trim_matches('\'')
}

async fn offerings(Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let all = vec![
        json!({"id": "o-1", "name": "it-rt", "catalog_id": "c1", "catalog_name": "it-rt",
               "description": "Process Integration Runtime", "bindable": true, "ready": true,
               "metadata": {"displayName": "Process Integration Runtime"},
               "created_at": "t", "updated_at": "t"}),
        json!({"id": "o-2", "name": "other", "unknown": {"x": 1}}),
    ];
    list(all.into_iter().filter(|o| matches(o, &q)).collect())
}

async fn plans() -> Json<Value> {
    list(vec![
        json!({"id": "p-1", "name": "api", "service_offering_id": "o-1", "free": true}),
        json!({"id": "p-2", "name": "integration-flow", "service_offering_id": "o-1"}),
        json!({"id": "p-3", "name": "api", "service_offering_id": "o-2"}),
    ])
}

async fn create_instance(State(plane): Shared, Json(body): Json<Value>) -> Response {
    let name = body["name"].as_str().unwrap().to_owned();
    let mut instances = plane.instances.lock().unwrap();
    if instances.iter().any(|i| i["name"] == name) {
        return sm_error(StatusCode::CONFLICT, "Conflict", &format!("instance '{name}' exists"));
    }
    let instance = json!({
        "id": format!("i-{}", instances.len() + 1), "name": name,
        "service_plan_id": body["service_plan_id"], "platform_id": "service-manager",
        "context": {}, "labels": {}, "created_at": "t", "updated_at": "t",
        "ready": true, "usable": true, "parameters": body.get("parameters").cloned().unwrap_or(json!({})),
    });
    instances.push(instance.clone());
    (StatusCode::CREATED, Json(instance)).into_response()
}

async fn list_instances(
    State(plane): Shared,
    RawQuery(raw): RawQuery,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Value> {
    plane.raw_queries.lock().unwrap().extend(raw);
    let instances = plane.instances.lock().unwrap();
    list(instances.iter().filter(|i| matches(i, &q)).cloned().collect())
}

fn find(items: &Mutex<Vec<Value>>, id: &str) -> Option<Value> {
    items.lock().unwrap().iter().find(|i| i["id"] == id).cloned()
}

async fn get_instance(State(plane): Shared, Path(id): Path<String>) -> Response {
    match find(&plane.instances, &id) {
        Some(instance) => Json(instance).into_response(),
        None => sm_error(StatusCode::NOT_FOUND, "NotFound", &format!("instance {id} not found")),
    }
}

async fn instance_parameters(State(plane): Shared, Path(id): Path<String>) -> Response {
    let instance = find(&plane.instances, &id).unwrap();
    Json(instance["parameters"].clone()).into_response()
}

async fn patch_instance(State(plane): Shared, Path(id): Path<String>, Json(body): Json<Value>) -> Json<Value> {
    let mut instances = plane.instances.lock().unwrap();
    let instance = instances.iter_mut().find(|i| i["id"] == id).unwrap();
    instance["parameters"] = body["parameters"].clone();
    Json(instance.clone())
}

async fn delete_instance(State(plane): Shared, Path(id): Path<String>) -> Json<Value> {
    plane.instances.lock().unwrap().retain(|i| i["id"] != id);
    Json(json!({}))
}

async fn create_binding(State(plane): Shared, Json(body): Json<Value>) -> Response {
    let mut bindings = plane.bindings.lock().unwrap();
    let binding = json!({
        "id": format!("b-{}", bindings.len() + 1), "name": body["name"],
        "service_instance_id": body["service_instance_id"], "context": {}, "labels": {},
        "created_at": "t", "updated_at": "t", "ready": true,
        "credentials": {"oauth": {
            "clientid": "sb-x", "clientsecret": "s", "url": "http://127.0.0.1:1",
            "createdate": "t", "tokenurl": "http://127.0.0.1:1/oauth/token"}},
    });
    bindings.push(binding.clone());
    (StatusCode::CREATED, Json(binding)).into_response()
}

async fn list_bindings(State(plane): Shared, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let bindings = plane.bindings.lock().unwrap();
    list(bindings.iter().filter(|b| matches(b, &q)).cloned().collect())
}

async fn users(Json(body): Json<Value>) -> Response {
    assert!(body.get("email").is_none(), "absent email must not be sent");
    let user = json!({"id": "u-1", "username": body["username"], "email": null,
                      "role_collections": body["role_collections"], "created_at": "t"});
    (StatusCode::CREATED, Json(user)).into_response()
}

async fn patch_user(Path(id): Path<String>, Json(body): Json<Value>) -> Json<Value> {
    assert!(body.get("password").is_none());
    Json(json!({"id": id, "username": "alice", "role_collections": body["role_collections"]}))
}

async fn signing_keys() -> Json<Value> {
    list(vec![
        json!({"kid": "k1", "created_at": "t0", "retired_at": "t1", "active": false}),
        json!({"kid": "k2", "created_at": "t1", "retired_at": null, "active": true}),
    ])
}

async fn spawn() -> (ControlPlaneClient, Arc<Plane>) {
    let plane = Arc::new(Plane::default());
    let token = json!({"access_token": "admin", "token_type": "bearer", "expires_in": 3600});
    let app = Router::new()
        .route("/uaa/oauth/token", post(move || async move { Json(token) }))
        .route("/sm/v1/service_offerings", get(offerings))
        .route("/sm/v1/service_plans", get(plans))
        .route("/sm/v1/service_instances", post(create_instance).get(list_instances))
        .route("/sm/v1/service_instances/{id}", get(get_instance).patch(patch_instance).delete(delete_instance))
        .route("/sm/v1/service_instances/{id}/parameters", get(instance_parameters))
        .route("/sm/v1/service_bindings", post(create_binding).get(list_bindings))
        .route("/sm/v1/users", post(users))
        .route("/sm/v1/users/{id}", axum::routing::patch(patch_user))
        .route(
            "/sm/v1/signing_keys",
            get(signing_keys).post(|| async { (StatusCode::CREATED, Json(json!({"kid": "k3", "created_at": "t2"}))) }),
        )
        .with_state(Arc::clone(&plane));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let key = AdminKey::from_json(&format!(
        r#"{{"clientid":"sm","clientsecret":"x","url":"{base}/uaa","sm_url":"{base}/sm"}}"#
    ))
    .unwrap();
    let options = HttpOptions { use_env_proxy: false, ..HttpOptions::default() };
    (ControlPlaneClient::for_admin_key(&key, &options).unwrap(), plane)
}

#[tokio::test]
async fn finds_the_plan_of_the_it_rt_offering() {
    let (cp, _) = spawn().await;
    let offering = cp.find_offering(IT_RT_OFFERING).await.unwrap().unwrap();
    assert_eq!(offering.metadata.display_name.as_deref(), Some("Process Integration Runtime"));
    let plan = cp.find_plan(IT_RT_OFFERING, "api").await.unwrap().unwrap();
    assert_eq!((plan.id.as_str(), plan.free), ("p-1", true));
    assert!(cp.find_plan(IT_RT_OFFERING, "nope").await.unwrap().is_none());
    assert!(cp.find_plan("missing", "api").await.unwrap().is_none());
}

#[tokio::test]
async fn instance_lifecycle() {
    let (cp, plane) = spawn().await;
    let body = CreateInstance {
        name: "my-api".into(),
        service_plan_id: "p-1".into(),
        parameters: Some(json!({"grant-types": ["client_credentials"]})),
    };
    let created = cp.create_instance(&body).await.unwrap();
    assert_eq!((created.name.as_str(), created.usable), ("my-api", true));

    let err = cp.create_instance(&body).await.unwrap_err();
    assert!(matches!(&err, ApiError::Conflict { message } if message == "instance 'my-api' exists"));

    let found = cp.find_instance_by_name("my-api").await.unwrap().unwrap();
    assert_eq!(found.id, created.id);
    let raw = plane.raw_queries.lock().unwrap().clone();
    assert_eq!(raw, vec!["fieldQuery=name%20eq%20%27my-api%27"]);

    let parameters = json!({"roles": ["ESBMessaging.send"]});
    cp.update_instance_parameters(&created.id, parameters.clone()).await.unwrap();
    assert_eq!(cp.get_instance_parameters(&created.id).await.unwrap(), parameters);

    cp.delete_instance(&created.id).await.unwrap();
    let err = cp.get_instance(&created.id).await.unwrap_err();
    assert!(matches!(&err, ApiError::NotFound { message } if message.contains("not found")));
    assert!(cp.find_instance_by_name("my-api").await.unwrap().is_none());
}

#[tokio::test]
async fn bindings_are_found_per_instance_and_yield_service_keys() {
    let (cp, _) = spawn().await;
    for (name, instance) in [("key1", "i-1"), ("key1", "i-2"), ("key2", "i-1")] {
        let body = CreateBinding { name: name.into(), service_instance_id: instance.into(), parameters: None };
        cp.create_binding(&body).await.unwrap();
    }
    assert_eq!(cp.list_bindings_of_instance("i-1").await.unwrap().len(), 2);
    let binding = cp.find_binding_by_name("i-2", "key1").await.unwrap().unwrap();
    assert_eq!(binding.id, "b-2");
    assert_eq!(binding.service_key().unwrap().client_id, "sb-x");
    assert!(cp.find_binding_by_name("i-2", "key2").await.unwrap().is_none());
    let all = cp.list_bindings(Some(&field_eq("name", "key2"))).await.unwrap();
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn users_and_signing_keys() {
    let (cp, _) = spawn().await;
    let user = cp
        .create_user(&CreateUser {
            username: "alice".into(),
            email: None,
            password: "pw".into(),
            role_collections: vec!["PI_Administrator".into()],
        })
        .await
        .unwrap();
    assert_eq!((user.id.as_str(), user.email), ("u-1", None));

    let patch = UpdateUser { role_collections: Some(vec!["PI_Business_Expert".into()]), ..UpdateUser::default() };
    let updated = cp.update_user("u-1", &patch).await.unwrap();
    assert_eq!(updated.role_collections, vec!["PI_Business_Expert"]);

    assert_eq!(cp.rotate_signing_key().await.unwrap().kid, "k3");
    let keys = cp.list_signing_keys().await.unwrap();
    let active: Vec<_> = keys.iter().filter(|k| k.active).map(|k| k.kid.as_str()).collect();
    assert_eq!(active, vec!["k2"]);
}
