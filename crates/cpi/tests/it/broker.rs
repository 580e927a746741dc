//! The Open Service Broker API at `/v2` over real HTTP: credentials and version first, the
//! catalog, asynchronous instances, synchronous bindings whose keys work against `/api/v1`.

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestServer;

const VERSION: &str = "2.17";

/// The broker's credentials from `broker.json` and requests signed with them.
struct Broker<'a> {
    server: &'a TestServer,
    username: String,
    password: String,
    service_id: String,
}

impl<'a> Broker<'a> {
    async fn of(server: &'a TestServer) -> Broker<'a> {
        let text = std::fs::read_to_string(server.dir.path().join("broker.json")).unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["url"].as_str().unwrap(), server.server.as_ref().unwrap().public_url);
        let (status, offerings) = server.sm(Method::GET, "/v1/service_offerings", None).await;
        assert_eq!(status, StatusCode::OK);
        Broker {
            server,
            username: file["username"].as_str().unwrap().to_owned(),
            password: file["password"].as_str().unwrap().to_owned(),
            service_id: offerings["items"][0]["id"].as_str().unwrap().to_owned(),
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.server
            .http
            .request(method, self.server.url(path))
            .basic_auth(&self.username, Some(&self.password))
            .header("X-Broker-API-Version", VERSION)
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn provision_body(&self, plan: &str, name: &str, parameters: Value) -> Value {
        json!({
            "service_id": self.service_id, "plan_id": self.server.plan_id(plan).await,
            "organization_guid": "org", "space_guid": "space",
            "context": {"platform": "cloudfoundry", "instance_name": name}, "parameters": parameters,
        })
    }

    /// Provisions and checks the 202; returns the operation.
    async fn provision(&self, id: &str, plan: &str, name: &str, parameters: Value) -> String {
        let body = self.provision_body(plan, name, parameters).await;
        let path = format!("/v2/service_instances/{id}?accepts_incomplete=true");
        let (status, answer) = self.call(Method::PUT, &path, Some(body)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
        answer["operation"].as_str().unwrap().to_owned()
    }

    async fn bind_body(&self, plan: &str, parameters: Value) -> Value {
        json!({"service_id": self.service_id, "plan_id": self.server.plan_id(plan).await, "parameters": parameters})
    }

    async fn query(&self, plan: &str) -> String {
        format!("service_id={}&plan_id={}", self.service_id, self.server.plan_id(plan).await)
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[tokio::test]
async fn credentials_are_checked_before_the_api_version() {
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let catalog = server.url("/v2/catalog");

    let response = server.http.get(&catalog).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "no credentials and no version: 401 first");
    assert_eq!(response.headers()["www-authenticate"], r#"Basic realm="cpi-broker""#);
    let wrong =
        server.http.get(&catalog).basic_auth(&broker.username, Some("wrong")).header("X-Broker-API-Version", VERSION);
    assert_eq!(wrong.send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let other_user = server.http.get(&catalog).basic_auth("admin", Some(&broker.password));
    assert_eq!(other_user.send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    let missing = server.http.get(&catalog).basic_auth(&broker.username, Some(&broker.password));
    let response = missing.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "PreconditionFailed");
    assert!(body["description"].as_str().unwrap().contains("2.13 to 2.17"), "{body}");
    for version in ["2.12", "2.18", "3.0"] {
        let request = server.http.get(&catalog).basic_auth(&broker.username, Some(&broker.password));
        let response = request.header("X-Broker-API-Version", version).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED, "{version}");
    }
    let response = broker
        .request(Method::GET, "/v2/catalog")
        .header("X-Broker-API-Version", "2.13")
        .header("X-Broker-API-Request-Identity", "req-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-broker-api-request-identity"], "req-42");
}

#[tokio::test]
async fn the_catalog_offers_it_rt_with_both_plans_and_their_parameter_schemas() {
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let (status, catalog) = broker.call(Method::GET, "/v2/catalog", None).await;
    assert_eq!(status, StatusCode::OK);
    let service = &catalog["services"][0];
    assert_eq!(service["name"], "it-rt");
    assert_eq!(service["id"], broker.service_id.as_str());
    assert_eq!(service["metadata"]["displayName"], "Process Integration Runtime");
    for flag in ["bindable", "instances_retrievable", "bindings_retrievable"] {
        assert_eq!(service[flag], true, "{flag}");
    }
    assert_eq!(service["plan_updateable"], false);
    let plans = service["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 2);
    for plan in plans {
        let name = plan["name"].as_str().unwrap();
        assert_eq!(plan["id"], server.plan_id(name).await.as_str());
        assert_eq!(plan["free"], true);
        let create = &plan["schemas"]["service_instance"]["create"]["parameters"];
        assert_eq!(create["$schema"], "http://json-schema.org/draft-04/schema#");
        assert_eq!(create["properties"]["token-validity"]["minimum"], 3600);
        assert!(plan["schemas"]["service_instance"]["update"]["parameters"]["properties"]["roles"].is_object());
        assert!(plan["schemas"]["service_binding"]["create"]["parameters"]["properties"]["key-type"].is_object());
    }
    let api = plans.iter().find(|p| p["name"] == "api").unwrap();
    let roles = &api["schemas"]["service_instance"]["create"]["parameters"]["properties"]["roles"]["items"]["enum"];
    assert!(roles.as_array().unwrap().contains(&json!("WorkspacePackagesRead")));
}

#[tokio::test]
async fn provisioning_is_asynchronous_idempotent_and_visible_to_service_manager() {
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let id = new_id();
    let parameters = json!({"roles": ["MonitoringDataRead"]});
    let body = broker.provision_body("api", "from-cf", parameters.clone()).await;

    let (status, answer) = broker.call(Method::PUT, &format!("/v2/service_instances/{id}"), Some(body.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"], "AsyncRequired");
    let (status, answer) = broker
        .call(Method::PUT, &format!("/v2/service_instances/{id}?accepts_incomplete=false"), Some(body.clone()))
        .await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("AsyncRequired")));
    let (_, list) = server.sm(Method::GET, "/v1/service_instances", None).await;
    assert_eq!(list["num_items"], 0, "a 422 creates nothing");

    let operation = broker.provision(&id, "api", "from-cf", parameters.clone()).await;
    assert!(operation.starts_with("provision:"), "{operation}");
    let path = format!("/v2/service_instances/{id}/last_operation?operation={operation}&{}", broker.query("api").await);
    let (status, state) = broker.call(Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state["state"], "succeeded", "{state}");

    let again = format!("/v2/service_instances/{id}?accepts_incomplete=true");
    let (status, answer) = broker.call(Method::PUT, &again, Some(body)).await;
    assert_eq!((status, answer), (StatusCode::OK, json!({})), "an identical provision is 200 {{}}");
    let different = broker.provision_body("api", "from-cf", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let (status, answer) = broker.call(Method::PUT, &again, Some(different)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(answer["description"].as_str().unwrap().contains("different"), "{answer}");
    let other_plan = broker.provision_body("integration-flow", "from-cf", json!({})).await;
    assert_eq!(broker.call(Method::PUT, &again, Some(other_plan)).await.0, StatusCode::CONFLICT);

    let (status, fetched) = broker.call(Method::GET, &format!("/v2/service_instances/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["service_id"], broker.service_id.as_str());
    assert_eq!(fetched["plan_id"], server.plan_id("api").await.as_str());
    assert_eq!(fetched["parameters"]["roles"], json!(["MonitoringDataRead"]));
    assert_eq!(fetched["parameters"]["token-validity"], 43_200);
    let (status, _) = broker.call(Method::GET, &format!("/v2/service_instances/{}", new_id()), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, instance) = server.sm(Method::GET, &format!("/v1/service_instances/{id}"), None).await;
    assert_eq!(status, StatusCode::OK, "the broker's instance is an ordinary one");
    assert_eq!(instance["name"], "from-cf");
    let second = new_id();
    broker.provision(&second, "integration-flow", "from-cf", json!({})).await;
    let (_, instance) = server.sm(Method::GET, &format!("/v1/service_instances/{second}"), None).await;
    assert_eq!(instance["name"], format!("osb-{}", &second[..8]), "a taken name falls back to the id");
}

#[tokio::test]
async fn bad_provision_requests_are_400_and_create_nothing() {
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let good = broker.provision_body("api", "x", json!({})).await;
    let mut unknown_service = good.clone();
    unknown_service["service_id"] = json!("not-it-rt");
    let mut unknown_plan = good.clone();
    unknown_plan["plan_id"] = json!(new_id());
    let mut no_service = good.clone();
    no_service.as_object_mut().unwrap().remove("service_id");
    let bad_validity = broker.provision_body("api", "x", json!({"token-validity": 60})).await;
    let bad_role = broker.provision_body("api", "x", json!({"roles": ["NoSuchRole"]})).await;
    let cases = [
        (new_id(), unknown_service, "service_id"),
        (new_id(), unknown_plan, "plan_id"),
        (new_id(), no_service, "service_id"),
        (new_id(), bad_validity, "token-validity"),
        (new_id(), bad_role, "NoSuchRole"),
        ("not-a-uuid".to_owned(), good, "UUID"),
    ];
    for (id, body, needle) in cases {
        let path = format!("/v2/service_instances/{id}?accepts_incomplete=true");
        let (status, answer) = broker.call(Method::PUT, &path, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{needle}: {answer}");
        assert_eq!(answer["error"], "BadRequest");
        assert!(answer["description"].as_str().unwrap().contains(needle), "{needle}: {answer}");
    }
    let response = broker
        .request(Method::PUT, &format!("/v2/service_instances/{}?accepts_incomplete=true", new_id()))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let (_, list) = server.sm(Method::GET, "/v1/service_instances", None).await;
    assert_eq!(list["num_items"], 0);
}

#[tokio::test]
async fn updates_and_deprovisioning_are_asynchronous_and_gone_means_gone() {
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let id = new_id();
    broker.provision(&id, "api", "upd", json!({"roles": ["MonitoringDataRead"], "token-validity": 7200})).await;
    let instance = format!("/v2/service_instances/{id}");
    let patch = json!({"service_id": broker.service_id, "parameters": {"roles": ["WorkspacePackagesRead"]}});

    let (status, answer) = broker.call(Method::PATCH, &instance, Some(patch.clone())).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("AsyncRequired")));
    let (status, answer) =
        broker.call(Method::PATCH, &format!("{instance}?accepts_incomplete=true"), Some(patch)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
    let operation = answer["operation"].as_str().unwrap().to_owned();
    assert!(operation.starts_with("update:"));
    let (status, state) =
        broker.call(Method::GET, &format!("{instance}/last_operation?operation={operation}"), None).await;
    assert_eq!((status, state["state"].as_str()), (StatusCode::OK, Some("succeeded")));
    let (_, fetched) = broker.call(Method::GET, &instance, None).await;
    assert_eq!(fetched["parameters"]["roles"], json!(["WorkspacePackagesRead"]));
    assert_eq!(fetched["parameters"]["token-validity"], 7200, "unmentioned parameters are kept");

    let plan_change = json!({"service_id": broker.service_id, "plan_id": server.plan_id("integration-flow").await});
    let (status, answer) =
        broker.call(Method::PATCH, &format!("{instance}?accepts_incomplete=true"), Some(plan_change)).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("PlanChangeNotSupported")));
    let bad = json!({"service_id": broker.service_id, "parameters": {"token-validity": 1}});
    let (status, _) = broker.call(Method::PATCH, &format!("{instance}?accepts_incomplete=true"), Some(bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let unknown = format!("/v2/service_instances/{}?accepts_incomplete=true", new_id());
    let (status, _) = broker.call(Method::PATCH, &unknown, Some(json!({"service_id": broker.service_id}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let query = broker.query("api").await;
    let (status, answer) = broker.call(Method::DELETE, &format!("{instance}?{query}"), None).await;
    assert_eq!((status, answer["error"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("AsyncRequired")));
    let (status, answer) = broker.call(Method::DELETE, &format!("{instance}?accepts_incomplete=true"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "service_id and plan_id are required: {answer}");
    let delete = format!("{instance}?accepts_incomplete=true&{query}");
    let (status, answer) = broker.call(Method::DELETE, &delete, None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
    let operation = answer["operation"].as_str().unwrap().to_owned();
    assert!(operation.starts_with("deprovision:"));
    let (status, answer) =
        broker.call(Method::GET, &format!("{instance}/last_operation?operation={operation}&{query}"), None).await;
    assert_eq!((status, answer), (StatusCode::GONE, json!({})), "a finished deprovision polls as 410");
    assert_eq!(broker.call(Method::DELETE, &delete, None).await, (StatusCode::GONE, json!({})));
    assert_eq!(broker.call(Method::GET, &instance, None).await.0, StatusCode::NOT_FOUND);
    let (status, state) =
        broker.call(Method::GET, &format!("{instance}/last_operation?operation=provision:abc"), None).await;
    assert_eq!((status, state["state"].as_str()), (StatusCode::OK, Some("failed")));
    let (status, _) = server.sm(Method::GET, &format!("/v1/service_instances/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bound_key_calls_the_api_until_it_is_unbound() {
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let instance_id = new_id();
    broker.provision(&instance_id, "api", "bound", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let binding_id = new_id();
    let binding = format!("/v2/service_instances/{instance_id}/service_bindings/{binding_id}");
    let mut body = broker.bind_body("api", json!({})).await;
    body["context"] = json!({"platform": "sapcp", "binding_name": "ci-key"});

    let (status, created) = broker.call(Method::PUT, &binding, Some(body.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let key = created["credentials"]["oauth"].clone();
    assert!(key["clientsecret"].as_str().unwrap().starts_with(&binding_id), "the binding id is the key id");
    let token = server.access_token(&key).await;
    let response = server.api_get(&token, "IntegrationPackages").await;
    assert_eq!(response.status(), StatusCode::OK);

    let (status, again) = broker.call(Method::PUT, &binding, Some(body.clone())).await;
    assert_eq!((status, &again), (StatusCode::OK, &created), "the same binding again is 200 with its credentials");
    let (status, fetched) = broker.call(Method::GET, &binding, None).await;
    assert_eq!((status, &fetched["credentials"]), (StatusCode::OK, &created["credentials"]));
    let (_, bindings) = server.sm(Method::GET, &format!("/v1/service_bindings/{binding_id}"), None).await;
    assert_eq!(bindings["name"], "ci-key");

    let other_instance = new_id();
    broker.provision(&other_instance, "api", "other", json!({})).await;
    let elsewhere = format!("/v2/service_instances/{other_instance}/service_bindings/{binding_id}");
    assert_eq!(broker.call(Method::PUT, &elsewhere, Some(body.clone())).await.0, StatusCode::CONFLICT);
    let certificate = broker.bind_body("api", json!({"key-type": "certificate"})).await;
    let fresh = format!("/v2/service_instances/{instance_id}/service_bindings/{}", new_id());
    let (status, answer) = broker.call(Method::PUT, &fresh, Some(certificate)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let orphan = format!("/v2/service_instances/{}/service_bindings/{}", new_id(), new_id());
    assert_eq!(broker.call(Method::PUT, &orphan, Some(body)).await.0, StatusCode::NOT_FOUND);

    let unbind = format!("{binding}?{}", broker.query("api").await);
    assert_eq!(broker.call(Method::DELETE, &unbind, None).await, (StatusCode::OK, json!({})));
    assert_eq!(server.token(&key).await.status(), StatusCode::UNAUTHORIZED, "an unbound secret stops working");
    assert_eq!(broker.call(Method::DELETE, &unbind, None).await, (StatusCode::GONE, json!({})));
    assert_eq!(broker.call(Method::GET, &binding, None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn wrong_broker_passwords_are_throttled_per_user_name() {
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let catalog = server.url("/v2/catalog");
    let attempt = |password: &str| {
        server.http.get(&catalog).basic_auth(&broker.username, Some(password)).header("X-Broker-API-Version", VERSION)
    };
    for _ in 0..10 {
        assert_eq!(attempt("wrong").send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    }
    let locked = attempt(&broker.password).send().await.unwrap();
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(locked.headers().contains_key("retry-after"));
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["error"], "TooManyRequests");
    server.clock.advance(time::Duration::seconds(61));
    assert_eq!(attempt(&broker.password).send().await.unwrap().status(), StatusCode::OK, "the window passed");
}

#[tokio::test]
async fn what_a_platform_provisions_shows_in_the_cockpit() {
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let id = "7d3c1a52-0b8e-4f4e-9a51-3b2f0c7e9d10";
    broker.provision(id, "integration-flow", "cf-orders", json!({"roles": ["ESBMessaging.send"]})).await;
    let mut browser = crate::cockpit::Browser::signed_in(&server).await;
    let list = browser.get("/cockpit/instances").await;
    assert!(list.body.contains(&format!("href=\"/cockpit/instances/{id}\">cf-orders</a>")), "{}", list.body);
    let pane = browser.get(&format!("/cockpit/instances/{id}")).await;
    assert_eq!(pane.status, StatusCode::OK);
    assert!(pane.body.contains("&#34;ESBMessaging.send&#34;"), "{}", pane.body);
}

/// The broker's bodies pinned as snapshots (ids, secrets and operation ids redacted): the catalog,
/// the 202 of a provision, `last_operation`, a binding's credentials, and the error bodies.
#[tokio::test]
async fn broker_wire_formats() {
    use insta::assert_json_snapshot;
    let server = TestServer::start().await;
    let broker = Broker::of(&server).await;
    let (_, catalog) = broker.call(Method::GET, "/v2/catalog", None).await;
    assert_json_snapshot!("osb_catalog", catalog);
    let id = new_id();
    let body = broker.provision_body("api", "snap-osb", json!({"roles": ["WorkspacePackagesRead"]})).await;
    let path = format!("/v2/service_instances/{id}");
    let (_, refused) = broker.call(Method::PUT, &path, Some(body.clone())).await;
    assert_json_snapshot!("osb_async_required", refused);
    let (_, accepted) = broker.call(Method::PUT, &format!("{path}?accepts_incomplete=true"), Some(body)).await;
    assert_json_snapshot!("osb_provision_accepted", accepted, {".operation" => "[operation]"});
    let query = broker.query("api").await;
    let operation = accepted["operation"].as_str().unwrap();
    let (_, state) =
        broker.call(Method::GET, &format!("{path}/last_operation?{query}&operation={operation}"), None).await;
    assert_json_snapshot!("osb_last_operation", state);
    let bind = broker.bind_body("api", json!({})).await;
    let (_, binding) = broker.call(Method::PUT, &format!("{path}/service_bindings/{}", new_id()), Some(bind)).await;
    assert_json_snapshot!("osb_binding", binding, {
        ".credentials.oauth.clientid" => "[client id]", ".credentials.oauth.clientsecret" => "[secret]",
        ".credentials.oauth.createdate" => "[time]", ".credentials.oauth.url" => "[url]",
        ".credentials.oauth.tokenurl" => "[url]/oauth/token",
    });
    let unsupported = server
        .http
        .get(server.url("/v2/catalog"))
        .basic_auth(&broker.username, Some(&broker.password))
        .header("X-Broker-API-Version", "3.0");
    let response = unsupported.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    let body: Value = response.json().await.unwrap();
    assert_json_snapshot!("osb_precondition_failed", body);
}
