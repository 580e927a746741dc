//! Deployment tasks, runtime artifacts with their bundle snapshots, and their endpoints.

use cpi_domain::content::{DeployStatus, RuntimeArtifact, RuntimeStatus, ServiceEndpoint};
use cpi_domain::monitoring::{MplLogLevel, RuntimeLogLevel};
use cpi_odata::value::Value;
use uuid::Uuid;

use super::entity_types::{ENTRY_POINT, SERVICE_ENDPOINT, all, keys, read, string, strings};
use super::fixtures::{assert_not_found, at, endpoint, given_deployment, given_subaccount, ms};
use crate::{DeployOutcome, EntitySource, Store};

/// A finished deployment with the runtime artifact started and these endpoints.
fn started(runtime: &RuntimeArtifact, endpoints: Vec<ServiceEndpoint>) -> DeployOutcome {
    let mut runtime = runtime.clone();
    runtime.status = RuntimeStatus::Started;
    DeployOutcome { task_status: DeployStatus::Success, runtime, endpoints }
}

/// The `Id`s of the `ServiceEndpoints` of a subaccount.
async fn endpoint_ids<S: Store>(store: &S, sub: Uuid) -> Vec<String> {
    keys(&read(store, sub, &EntitySource::ServiceEndpoints, &all(&SERVICE_ENDPOINT)).await)
}

/// The `Url`s of the `EntryPoints` of a subaccount, or of one endpoint.
async fn entry_urls<S: Store>(store: &S, sub: Uuid, endpoint: Option<&str>) -> Vec<String> {
    let source = EntitySource::EntryPoints { endpoint: endpoint.map(str::to_owned) };
    keys(&read(store, sub, &source, &all(&ENTRY_POINT)).await)
}

/// Starting records the task and a `STARTING` runtime artifact with its bundle; finishing
/// records the outcome and the endpoints, once.
pub async fn deployment_lifecycle<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let (task, runtime) = given_deployment(store, &sub, "task-1", "Orders.Flow", at(1_000)).await;
    assert_eq!(store.get_deploy_task(sub.id, "task-1").await.expect("get_deploy_task"), task, "a DEPLOYING task");
    assert_eq!(store.get_runtime_artifact(sub.id, "Orders.Flow").await.expect("get"), runtime, "STARTING");
    assert_eq!(store.runtime_bundle(sub.id, "Orders.Flow").await.expect("runtime_bundle"), b"task-1", "snapshot");
    assert_eq!(endpoint_ids(store, sub.id).await, Vec::<String>::new(), "no endpoints before it starts");
    let endpoints =
        vec![endpoint("Orders.Flow", "/orders", at(1_500)), endpoint("Orders.Flow", "/orders/v2", at(1_500))];
    let outcome = started(&runtime, endpoints);
    store.finish_deployment(sub.id, "task-1", &outcome).await.expect("finish_deployment");
    let mut finished = task.clone();
    finished.status = DeployStatus::Success;
    assert_eq!(store.get_deploy_task(sub.id, "task-1").await.expect("get_deploy_task"), finished, "SUCCESS");
    assert_eq!(store.get_runtime_artifact(sub.id, "Orders.Flow").await.expect("get"), outcome.runtime, "STARTED");
    let rows = read(store, sub.id, &EntitySource::ServiceEndpoints, &all(&SERVICE_ENDPOINT)).await;
    assert_eq!(
        rows.rows,
        vec![
            endpoint_row("Orders.Flow$endpointAddress=orders", &outcome.endpoints[0]),
            endpoint_row("Orders.Flow$endpointAddress=orders/v2", &outcome.endpoints[1]),
        ],
        "ServiceEndpoints, by Id"
    );
    let id = "Orders.Flow$endpointAddress=orders/v2";
    assert_eq!(
        read(store, sub.id, &EntitySource::EntryPoints { endpoint: Some(id.to_owned()) }, &all(&ENTRY_POINT))
            .await
            .rows,
        vec![vec![string("https://acme.it-cpi.example/http/orders/v2"), string("Orders.Flow")]],
        "the EntryPoints of one endpoint"
    );
    assert_eq!(entry_urls(store, sub.id, None).await.len(), 2, "EntryPoints of every endpoint");
    assert_not_found(store.finish_deployment(sub.id, "task-1", &outcome).await, "finishing a task twice");
    assert_eq!(store.get_deploy_task(sub.id, "task-1").await.expect("get_deploy_task"), finished, "still SUCCESS");
    assert_eq!(endpoint_ids(store, sub.id).await.len(), 2, "the endpoints are not written twice");
}

fn endpoint_row(id: &str, e: &ServiceEndpoint) -> Vec<Value> {
    vec![
        string(id),
        string(&e.artifact_id),
        string(&e.title),
        string(&e.version),
        Value::DateTime(ms(e.last_updated)),
        string(&e.protocol),
    ]
}

/// A failed deployment leaves the task `FAIL` and the runtime artifact `ERROR` with its text.
pub async fn deployment_failure<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let (task, runtime) = given_deployment(store, &sub, "task-1", "Broken.Flow", at(1_000)).await;
    let mut failed = runtime.clone();
    failed.status = RuntimeStatus::Error;
    failed.error = Some(r#"{"message":"Cannot start: 'ä' at line 1"}"#.to_owned());
    let outcome = DeployOutcome { task_status: DeployStatus::Fail, runtime: failed.clone(), endpoints: vec![] };
    store.finish_deployment(sub.id, "task-1", &outcome).await.expect("finish_deployment");
    let mut finished = task;
    finished.status = DeployStatus::Fail;
    assert_eq!(store.get_deploy_task(sub.id, "task-1").await.expect("get_deploy_task"), finished, "FAIL");
    assert_eq!(store.get_runtime_artifact(sub.id, "Broken.Flow").await.expect("get"), failed, "ERROR with its text");
    assert_eq!(store.runtime_bundle(sub.id, "Broken.Flow").await.expect("runtime_bundle"), b"task-1", "kept");
    assert_eq!(endpoint_ids(store, sub.id).await, Vec::<String>::new(), "no endpoints");
}

/// Pending deployments are the `DEPLOYING` tasks of every subaccount, oldest first.
pub async fn pending_deployments_oldest_first<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    assert_eq!(store.pending_deployments().await.expect("pending_deployments"), vec![], "none yet");
    let (late, _) = given_deployment(store, &sub, "a-late", "Late.Flow", at(3_000)).await;
    let (done, done_runtime) = given_deployment(store, &sub, "b-done", "Done.Flow", at(500)).await;
    let (early, _) = given_deployment(store, &other, "c-early", "Early.Flow", at(1_000)).await;
    let (middle, _) = given_deployment(store, &sub, "d-middle", "Middle.Flow", at(1_001)).await;
    store.finish_deployment(sub.id, &done.task_id, &started(&done_runtime, vec![])).await.expect("finish_deployment");
    assert_eq!(
        store.pending_deployments().await.expect("pending_deployments"),
        vec![(other.id, early), (sub.id, middle), (sub.id, late)],
        "only DEPLOYING tasks, oldest first, with their subaccounts"
    );
}

/// Deploying again replaces the runtime artifact and its bundle and drops the old endpoints.
pub async fn redeploy_replaces_runtime<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let (_, first) = given_deployment(store, &sub, "task-1", "Orders.Flow", at(1_000)).await;
    let old = started(&first, vec![endpoint("Orders.Flow", "/orders", at(1_100))]);
    store.finish_deployment(sub.id, "task-1", &old).await.expect("finish_deployment");
    let (task, mut second) = given_deployment(store, &sub, "task-2", "Orders.Flow", at(2_000)).await;
    assert_eq!(store.get_runtime_artifact(sub.id, "Orders.Flow").await.expect("get"), second, "STARTING again");
    assert_eq!(store.runtime_bundle(sub.id, "Orders.Flow").await.expect("runtime_bundle"), b"task-2", "new bundle");
    assert_eq!(endpoint_ids(store, sub.id).await, Vec::<String>::new(), "the old endpoints are gone");
    assert_eq!(entry_urls(store, sub.id, None).await, Vec::<String>::new(), "and their entry points");
    second.version = "2.0.0".to_owned();
    second.name = "Orders v2".to_owned();
    let new = started(&second, vec![endpoint("Orders.Flow", "/orders2", at(2_100))]);
    store.finish_deployment(sub.id, &task.task_id, &new).await.expect("finish_deployment");
    assert_eq!(store.get_runtime_artifact(sub.id, "Orders.Flow").await.expect("get"), new.runtime, "the new one");
    assert_eq!(endpoint_ids(store, sub.id).await, strings(&["Orders.Flow$endpointAddress=orders2"]), "new endpoint");
    let first_task = store.get_deploy_task(sub.id, "task-1").await.expect("get_deploy_task");
    assert_eq!(first_task.status, DeployStatus::Success, "the first task keeps its status");
}

/// Undeploying removes the runtime artifact, its bundle and endpoints; unknown ids are NotFound.
pub async fn undeploy_and_missing<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let (_, runtime) = given_deployment(store, &sub, "task-1", "Orders.Flow", at(1_000)).await;
    let (_, kept) = given_deployment(store, &sub, "task-2", "Kept.Flow", at(1_000)).await;
    let outcome = started(&runtime, vec![endpoint("Orders.Flow", "/orders", at(1_100))]);
    assert_not_found(store.finish_deployment(other.id, "task-1", &outcome).await, "finish in another subaccount");
    store.finish_deployment(sub.id, "task-1", &outcome).await.expect("finish_deployment");
    let kept_outcome = started(&kept, vec![endpoint("Kept.Flow", "/kept", at(1_100))]);
    store.finish_deployment(sub.id, "task-2", &kept_outcome).await.expect("finish_deployment");
    assert_not_found(store.get_runtime_artifact(other.id, "Orders.Flow").await, "get in another subaccount");
    assert_not_found(store.runtime_bundle(other.id, "Orders.Flow").await, "bundle in another subaccount");
    assert_not_found(store.get_deploy_task(other.id, "task-1").await, "task in another subaccount");
    assert_not_found(store.delete_runtime_artifact(other.id, "Orders.Flow").await, "undeploy in another subaccount");
    assert_eq!(endpoint_ids(store, other.id).await, Vec::<String>::new(), "no endpoints in another subaccount");
    store.delete_runtime_artifact(sub.id, "Orders.Flow").await.expect("delete_runtime_artifact");
    assert_not_found(store.get_runtime_artifact(sub.id, "Orders.Flow").await, "get after undeploy");
    assert_not_found(store.runtime_bundle(sub.id, "Orders.Flow").await, "bundle after undeploy");
    assert_not_found(store.delete_runtime_artifact(sub.id, "Orders.Flow").await, "undeploying twice");
    assert_eq!(endpoint_ids(store, sub.id).await, strings(&["Kept.Flow$endpointAddress=kept"]), "its endpoints go");
    assert_eq!(
        entry_urls(store, sub.id, Some("Orders.Flow$endpointAddress=orders")).await,
        Vec::<String>::new(),
        "and its entry points"
    );
    assert_eq!(store.get_runtime_artifact(sub.id, "Kept.Flow").await.expect("get"), kept_outcome.runtime, "kept");
    assert_not_found(store.finish_deployment(sub.id, "no-such-task", &outcome).await, "finish of an unknown task");
    assert_not_found(store.get_deploy_task(sub.id, "no-such-task").await, "an unknown task");
    assert_not_found(store.get_runtime_artifact(sub.id, "Never.Deployed").await, "an unknown runtime artifact");
    assert_not_found(store.runtime_bundle(sub.id, "Never.Deployed").await, "an unknown runtime bundle");
}

/// Every runtime artifact of every subaccount is listed, by subaccount and id, as it now is.
pub async fn runtime_artifacts_listed_across_subaccounts<S: Store>(store: &S) {
    assert_eq!(store.list_runtime_artifacts().await.expect("list_runtime_artifacts"), vec![], "none yet");
    let other = given_subaccount(store, 2, "other").await;
    let sub = given_subaccount(store, 1, "acme").await;
    let (_, zulu) = given_deployment(store, &sub, "task-1", "Zulu.Flow", at(1_000)).await;
    let (_, alpha) = given_deployment(store, &other, "task-2", "Alpha.Flow", at(1_001)).await;
    let (_, mike) = given_deployment(store, &sub, "task-3", "Mike.Flow", at(1_002)).await;
    let (_, gone) = given_deployment(store, &sub, "task-4", "Gone.Flow", at(1_003)).await;
    let outcome = started(&zulu, vec![]);
    store.finish_deployment(sub.id, "task-1", &outcome).await.expect("finish_deployment");
    store.delete_runtime_artifact(sub.id, &gone.id).await.expect("delete_runtime_artifact");
    let mut expected = vec![(sub.id, mike), (sub.id, outcome.runtime), (other.id, alpha)];
    expected.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    assert_eq!(
        store.list_runtime_artifacts().await.expect("list_runtime_artifacts"),
        expected,
        "by subaccount then id, as finished, without the undeployed one"
    );
}

/// A runtime artifact's log level is set and read back; unknown artifacts are NotFound.
pub async fn runtime_log_levels_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    given_deployment(store, &sub, "task-1", "Orders.Flow", at(1_000)).await;
    given_deployment(store, &sub, "task-2", "Other.Flow", at(1_000)).await;
    assert_eq!(store.runtime_log_level(sub.id, "Orders.Flow").await.expect("runtime_log_level"), None, "never set");
    let trace = RuntimeLogLevel { level: MplLogLevel::Trace, expires_at: Some(at(601_000)) };
    store.set_runtime_log_level(sub.id, "Orders.Flow", &trace).await.expect("set_runtime_log_level");
    assert_eq!(store.runtime_log_level(sub.id, "Orders.Flow").await.expect("get"), Some(trace), "TRACE with expiry");
    let debug = RuntimeLogLevel { level: MplLogLevel::Debug, expires_at: None };
    store.set_runtime_log_level(sub.id, "Orders.Flow", &debug).await.expect("set_runtime_log_level");
    assert_eq!(store.runtime_log_level(sub.id, "Orders.Flow").await.expect("get"), Some(debug), "replaced");
    assert_eq!(store.runtime_log_level(sub.id, "Other.Flow").await.expect("get"), None, "per artifact");
    let none = RuntimeLogLevel { level: MplLogLevel::None, expires_at: None };
    store.set_runtime_log_level(sub.id, "Other.Flow", &none).await.expect("set_runtime_log_level");
    assert_eq!(store.runtime_log_level(sub.id, "Other.Flow").await.expect("get"), Some(none), "NONE");
    assert_not_found(store.set_runtime_log_level(sub.id, "Never.Deployed", &debug).await, "set of an unknown id");
    assert_not_found(store.runtime_log_level(sub.id, "Never.Deployed").await, "get of an unknown id");
    assert_not_found(store.set_runtime_log_level(other.id, "Orders.Flow", &debug).await, "set in another subaccount");
    assert_not_found(store.runtime_log_level(other.id, "Orders.Flow").await, "get in another subaccount");
}

/// A log level survives redeploys of the same artifact and goes with an undeploy.
pub async fn runtime_log_level_lifecycle<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let (_, first) = given_deployment(store, &sub, "task-1", "Orders.Flow", at(1_000)).await;
    store.finish_deployment(sub.id, "task-1", &started(&first, vec![])).await.expect("finish_deployment");
    let debug = RuntimeLogLevel { level: MplLogLevel::Debug, expires_at: None };
    store.set_runtime_log_level(sub.id, "Orders.Flow", &debug).await.expect("set_runtime_log_level");
    let (_, second) = given_deployment(store, &sub, "task-2", "Orders.Flow", at(2_000)).await;
    assert_eq!(store.runtime_log_level(sub.id, "Orders.Flow").await.expect("get"), Some(debug), "kept while starting");
    store.finish_deployment(sub.id, "task-2", &started(&second, vec![])).await.expect("finish_deployment");
    assert_eq!(store.runtime_log_level(sub.id, "Orders.Flow").await.expect("get"), Some(debug), "kept on redeploy");
    store.delete_runtime_artifact(sub.id, "Orders.Flow").await.expect("delete_runtime_artifact");
    assert_not_found(store.runtime_log_level(sub.id, "Orders.Flow").await, "get after undeploy");
    given_deployment(store, &sub, "task-3", "Orders.Flow", at(3_000)).await;
    assert_eq!(store.runtime_log_level(sub.id, "Orders.Flow").await.expect("get"), None, "a new deploy starts unset");
}
