//! The generic read: rows in property order with the right value types, the sources and their
//! scopes, `$orderby` with the key as tie-breaker, paging and counts.

use cpi_domain::content::ArtifactKind::{IntegrationFlow, MessageMapping, ScriptCollection, ValueMapping};
use cpi_domain::content::{DeployStatus, RuntimeArtifact, RuntimeStatus};
use cpi_odata::query::{Function, OrderBy};
use cpi_odata::value::Value;
use uuid::Uuid;

use super::entity_types::{
    ARTIFACT, CONFIGURATION, DEPLOY_TASK, PACKAGE, RESOURCE, RUNTIME, RUNTIME_ERROR, all, call, keys, order, prop,
    read, string, strings, text,
};
use super::fixtures::{
    at, deploy_task, given_artifact, given_deployment, given_package, given_subaccount, ms, package, runtime,
};
use crate::{DeployOutcome, EntityQuery, EntitySource, Store};

/// Rows carry one value per property, in the type's order, typed by the property; what the
/// backend does not store is null.
pub async fn entity_rows_typed_in_property_order<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let mut plain = package("plain", at(2_000));
    plain.partner_content = false;
    plain.description = String::new();
    store.create_package(sub.id, &plain).await.expect("create_package");
    store.create_package(sub.id, &package("orders", at(1_000))).await.expect("create_package");
    let packages = read(store, sub.id, &EntitySource::Packages, &all(&PACKAGE)).await;
    let package_row = |id: &str, description: &str, partner: bool, created: i64| {
        let name = format!("{id} name");
        let created = created.to_string();
        vec![string(id), string(&name), string(description), string("1.0.3"), Value::Boolean(partner), string(&created)]
            .into_iter()
            .chain([Value::Null])
            .collect::<Vec<_>>()
    };
    assert_eq!(
        packages.rows,
        vec![
            package_row("orders", "orders description", true, ms(at(1_000))),
            package_row("plain", "", false, ms(at(2_000))),
        ],
        "packages by id: strings, a boolean, CreationDate as epoch milliseconds text, null PackageContent"
    );
    assert_eq!(packages.total, None, "no count unless asked");
    let flow = given_artifact(store, &sub, IntegrationFlow, "Orders.Flow", "orders").await;
    let flows = EntitySource::Artifacts { kind: IntegrationFlow, package: None };
    let a = &flow.artifact;
    assert_eq!(
        read(store, sub.id, &flows, &all(&ARTIFACT)).await.rows,
        vec![vec![
            string(&a.id),
            string(&a.version),
            string(&a.package_id),
            string(&a.name),
            string(&a.description),
            string(&ms(a.created_at).to_string()),
        ]],
        "artifact rows, CreatedAt as epoch milliseconds text"
    );
    let source = EntitySource::Resources { kind: IntegrationFlow, artifact: a.id.clone() };
    assert_eq!(
        read(store, sub.id, &source, &all(&RESOURCE)).await.rows,
        vec![
            vec![string("mapping.mmap"), string("mmap"), string("MessageMapping"), Value::Int64(2048), string("Byte")],
            vec![string("script1.groovy"), string("groovy"), Value::Null, Value::Int64(512), string("Byte")],
        ],
        "resource rows by name, a missing referenced type as null, sizes as Int64"
    );
}

/// Runtime artifacts with their `Type` and `DeployedOn`; `RuntimeErrors` are the `ERROR` ones;
/// `DeployTasks` give each task's status.
pub async fn entity_runtime_sources<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let (_, ok) = given_deployment(store, &sub, "task-a", "A.Flow", at(1_000)).await;
    let (_, broken) = given_deployment(store, &sub, "task-b", "B.Flow", at(2_000)).await;
    let mapping = runtime(ValueMapping, "C.Map", at(3_000));
    let task = deploy_task("task-c", ValueMapping, "C.Map", at(3_000));
    store.start_deployment(sub.id, &task, &mapping, b"vm").await.expect("start_deployment");
    let (_, elsewhere) = given_deployment(store, &other, "task-x", "X.Flow", at(1_000)).await;
    finish(store, sub.id, "task-a", &ok, DeployStatus::Success, RuntimeStatus::Started).await;
    finish(store, sub.id, "task-b", &broken, DeployStatus::Fail, RuntimeStatus::Error).await;
    finish(store, other.id, "task-x", &elsewhere, DeployStatus::Fail, RuntimeStatus::Error).await;
    let runtime_row = |id: &str, kind: &str, on: i64, status: &str| {
        let name = format!("{id} name");
        vec![
            string(id),
            string("1.0.7"),
            string(&name),
            string(kind),
            string("carol"),
            Value::DateTime(on),
            string(status),
        ]
    };
    assert_eq!(
        read(store, sub.id, &EntitySource::RuntimeArtifacts, &all(&RUNTIME)).await.rows,
        vec![
            runtime_row("A.Flow", "INTEGRATION_FLOW", ms(at(1_000)), "STARTED"),
            runtime_row("B.Flow", "INTEGRATION_FLOW", ms(at(2_000)), "ERROR"),
            runtime_row("C.Map", "VALUE_MAPPING", ms(at(3_000)), "STARTING"),
        ],
        "runtime artifacts by id, DeployedOn as a DateTime"
    );
    assert_eq!(
        keys(&read(store, sub.id, &EntitySource::RuntimeErrors, &all(&RUNTIME_ERROR)).await),
        strings(&["B.Flow"]),
        "only the subaccount's runtime artifacts in ERROR"
    );
    assert_eq!(
        read(store, sub.id, &EntitySource::DeployTasks, &all(&DEPLOY_TASK)).await.rows,
        vec![
            vec![string("task-a"), string("SUCCESS")],
            vec![string("task-b"), string("FAIL")],
            vec![string("task-c"), string("DEPLOYING")],
        ],
        "deploy tasks by id"
    );
}

async fn finish<S: Store>(
    store: &S,
    sub: Uuid,
    task_id: &str,
    runtime: &RuntimeArtifact,
    task_status: DeployStatus,
    status: RuntimeStatus,
) {
    let mut runtime = runtime.clone();
    runtime.status = status;
    if status == RuntimeStatus::Error {
        runtime.error = Some("{}".to_owned());
    }
    let outcome = DeployOutcome { task_status, runtime, endpoints: vec![] };
    store.finish_deployment(sub, task_id, &outcome).await.expect("finish_deployment");
}

/// Sources narrow to their kind, package, artifact and subaccount; configurations keep their
/// bundle order.
pub async fn entity_sources_narrow<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    for (owner, id) in [(&sub, "orders"), (&sub, "billing"), (&other, "orders"), (&other, "zzz")] {
        given_package(store, owner, id).await;
    }
    let flow = given_artifact(store, &sub, IntegrationFlow, "Orders.Flow", "orders").await;
    given_artifact(store, &sub, IntegrationFlow, "Billing.Flow", "billing").await;
    given_artifact(store, &sub, ValueMapping, "Orders.Flow", "orders").await;
    given_artifact(store, &sub, MessageMapping, "Orders.Map", "orders").await;
    given_artifact(store, &other, IntegrationFlow, "Other.Flow", "orders").await;
    let ids = |source: EntitySource| async move { keys(&read(store, sub.id, &source, &all(&ARTIFACT)).await) };
    let flows =
        |package: Option<&str>| EntitySource::Artifacts { kind: IntegrationFlow, package: package.map(str::to_owned) };
    assert_eq!(ids(flows(None)).await, strings(&["Billing.Flow", "Orders.Flow"]), "flows of the subaccount");
    assert_eq!(ids(flows(Some("orders"))).await, strings(&["Orders.Flow"]), "flows of one package");
    assert_eq!(ids(flows(Some("zzz"))).await, Vec::<String>::new(), "a package of another subaccount");
    let maps = EntitySource::Artifacts { kind: MessageMapping, package: Some("orders".to_owned()) };
    assert_eq!(ids(maps).await, strings(&["Orders.Map"]), "message mappings of one package");
    let source = EntitySource::Configurations { kind: IntegrationFlow, artifact: "Orders.Flow".to_owned() };
    let expected: Vec<Vec<Value>> = flow
        .configurations
        .iter()
        .map(|c| vec![string(&c.key), string(&c.value), string(&c.data_type), string(&c.description)])
        .collect();
    assert_eq!(
        read(store, sub.id, &source, &all(&CONFIGURATION)).await.rows,
        expected,
        "the configurations of that artifact only (not of the value mapping with the same id), in bundle order"
    );
    let missing = EntitySource::Configurations { kind: ScriptCollection, artifact: "Orders.Flow".to_owned() };
    assert_eq!(
        read(store, sub.id, &missing, &all(&CONFIGURATION)).await.rows,
        Vec::<Vec<Value>>::new(),
        "another kind with that id has none"
    );
    let packages =
        |owner: Uuid| async move { keys(&read(store, owner, &EntitySource::Packages, &all(&PACKAGE)).await) };
    assert_eq!(packages(sub.id).await, strings(&["billing", "orders"]), "the subaccount's packages");
    assert_eq!(packages(other.id).await, strings(&["orders", "zzz"]), "the other's packages");
}

/// Nine packages `p1`..`p9` whose names exercise ordering and matching; odd ones have version
/// `1.0.0`, even ones `2.0.0`.
pub(super) const NAMED: [(&str, &str); 9] = [
    ("p1", "Alpha"),
    ("p2", "alphabet"),
    ("p3", "Beta"),
    ("p4", "100% sure"),
    ("p5", "100 sure"),
    ("p6", "a_b"),
    ("p7", "axb"),
    ("p8", "O'Brien"),
    ("p9", "Grüße 東京"),
];

/// Creates the [`NAMED`] packages.
pub(super) async fn given_named_packages<S: Store>(store: &S, sub: Uuid) {
    for (index, (id, name)) in NAMED.into_iter().enumerate() {
        let mut record = package(id, at(index as i64 * 1_000));
        record.name = name.to_owned();
        record.version = if index % 2 == 0 { "1.0.0" } else { "2.0.0" }.to_owned();
        record.partner_content = index < 3;
        store.create_package(sub, &record).await.expect("create_package");
    }
}

/// `$orderby` sorts by byte order, either way, then by the key ascending; unknown-to-the-store
/// properties sort as nulls (default order).
pub async fn entity_orderby<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_named_packages(store, sub.id).await;
    let sorted = |orderby: Vec<OrderBy>| async move {
        keys(&read(store, sub.id, &EntitySource::Packages, &EntityQuery { orderby: &orderby, ..all(&PACKAGE) }).await)
    };
    let by_name = strings(&["p5", "p4", "p1", "p3", "p9", "p8", "p6", "p2", "p7"]);
    assert_eq!(sorted(vec![order("Name", false)]).await, by_name, "Name asc (byte order)");
    let mut descending = by_name.clone();
    descending.reverse();
    assert_eq!(sorted(vec![order("Name", true)]).await, descending, "Name desc");
    assert_eq!(
        sorted(vec![order("Version", true)]).await,
        strings(&["p2", "p4", "p6", "p8", "p1", "p3", "p5", "p7", "p9"]),
        "Version desc, ties by Id asc"
    );
    assert_eq!(
        sorted(vec![order("Version", false), order("Name", true)]).await,
        strings(&["p7", "p9", "p3", "p1", "p5", "p2", "p6", "p8", "p4"]),
        "Version asc, then Name desc"
    );
    assert_eq!(
        sorted(vec![order("PackageContent", true)]).await,
        strings(&["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"]),
        "a property the store does not keep orders nothing"
    );
}

/// `skip` and `limit` page the ordered rows; the count is of every matching row.
pub async fn entity_paging_and_count<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    given_named_packages(store, sub.id).await;
    let page = |skip: u64, limit: u64| EntityQuery { skip, limit, count: true, ..all(&PACKAGE) };
    let rows = read(store, sub.id, &EntitySource::Packages, &page(2, 3)).await;
    assert_eq!(keys(&rows), strings(&["p3", "p4", "p5"]), "skip 2, limit 3");
    assert_eq!(rows.total, Some(9), "count regardless of paging");
    let rows = read(store, sub.id, &EntitySource::Packages, &page(8, 5)).await;
    assert_eq!((keys(&rows), rows.total), (strings(&["p9"]), Some(9)), "the last page");
    let rows = read(store, sub.id, &EntitySource::Packages, &page(20, 5)).await;
    assert_eq!((keys(&rows), rows.total), (vec![], Some(9)), "past the end");
    let rows = read(store, sub.id, &EntitySource::Packages, &page(0, 0)).await;
    assert_eq!((keys(&rows), rows.total), (vec![], Some(9)), "limit 0 still counts");
    let filter = call(Function::StartsWith, vec![prop("Name"), text("a")]);
    let orderby = [order("Name", true)];
    let query = EntityQuery { filter: Some(&filter), orderby: &orderby, ..page(1, 1) };
    let rows = read(store, sub.id, &EntitySource::Packages, &query).await;
    assert_eq!((keys(&rows), rows.total), (strings(&["p2"]), Some(3)), "filtered, ordered, paged and counted");
    let other = given_subaccount(store, 2, "other").await;
    let rows = read(store, other.id, &EntitySource::Packages, &page(0, 10)).await;
    assert_eq!((keys(&rows), rows.total), (vec![], Some(0)), "counts are per subaccount");
}
