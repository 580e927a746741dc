//! What flows keep at runtime: persisted messages, data stores, variables, number ranges and the
//! JMS broker, written through [`crate::MessageStore`] and listed through the generic read with
//! the service's own entity types.

use time::Duration;

use cpi_domain::message_store::{
    Content, DataStoreEntry, DataStoreEntryStatus, DataStoreKey, DataStoreMessage, JmsBrokerLimits, NumberRange,
    StoredAttachment, StoredMessage, Variable, Visibility,
};
use cpi_odata::service;
use cpi_odata::value::Value;

use super::entity_types::{all, keys, read, string, strings};
use super::fixtures::{T0, assert_conflict, assert_not_found, at, given_subaccount, ms};
use crate::{EntitySource, Expired, Store};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn stored_message(id: &str, guid: &str, stored: i64, attachments: Vec<StoredAttachment>) -> StoredMessage {
    StoredMessage {
        id: id.into(),
        message_guid: guid.into(),
        message_store_id: "Persist1".into(),
        time_stamp: at(stored),
        retain_until: at(stored) + Duration::days(90),
        content_type: "application/xml".into(),
        payload: format!("<order id='{id}'/>").into_bytes(),
        properties: pairs(&[("X-receiver", "<test@example.org>"), ("TestHeader", "Header Value")]),
        attachments,
    }
}

fn attachment(id: &str, name: &str) -> StoredAttachment {
    StoredAttachment {
        id: id.into(),
        name: name.into(),
        content_type: "text/html; charset=iso-8859-1".into(),
        content: format!("<p>{name}</p>").into_bytes(),
        properties: pairs(&[("Content-type", "text/html"), ("Content-Disposition", "attachment")]),
    }
}

/// Persisted messages list by message, with properties and attachments in their order; payloads
/// and attachment contents come back with their media types.
pub async fn stored_messages_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let with_files =
        stored_message("msg:1", "G1", 20, vec![attachment("att:1", "a.html"), attachment("att:2", "b.html")]);
    store.store_message(sub.id, &with_files).await.expect("store_message");
    store.store_message(sub.id, &stored_message("msg:0", "G1", 10, Vec::new())).await.expect("store_message");
    store.store_message(sub.id, &stored_message("msg:9", "G2", 5, Vec::new())).await.expect("store_message");
    let entries = all(service::message_store_entries().entity_type);
    let of_g1 = EntitySource::MessageStoreEntries { message: Some("G1".into()) };
    let rows = read(store, sub.id, &of_g1, &entries).await.rows;
    let row = |id: &str, stored: i64, has: bool| {
        vec![string(id), string("G1"), string("Persist1"), Value::DateTime(ms(at(stored))), Value::Boolean(has)]
    };
    assert_eq!(rows, vec![row("msg:0", 10, false), row("msg:1", 20, true)], "the message's entries, oldest first");
    let every = read(store, sub.id, &EntitySource::MessageStoreEntries { message: None }, &entries).await;
    assert_eq!(keys(&every), strings(&["msg:9", "msg:0", "msg:1"]));
    let properties = all(service::message_store_entry_properties().entity_type);
    let source = EntitySource::MessageStoreEntryProperties { entry: Some("msg:1".into()) };
    let rows = read(store, sub.id, &source, &properties).await.rows;
    assert_eq!(rows[0], vec![string("msg:1"), string("X-receiver"), string("<test@example.org>")]);
    assert_eq!(rows.len(), 2, "in the order given");
    let attachments = all(service::message_store_entry_attachments().entity_type);
    let source = EntitySource::MessageStoreEntryAttachments { entry: Some("msg:1".into()) };
    let rows = read(store, sub.id, &source, &attachments).await.rows;
    assert_eq!(rows[1], vec![string("att:2"), string("b.html"), string("text/html; charset=iso-8859-1")]);
    let attachment_properties = all(service::message_store_entry_attachment_properties().entity_type);
    let source = EntitySource::MessageStoreEntryAttachmentProperties { attachment: Some("att:2".into()) };
    let rows = read(store, sub.id, &source, &attachment_properties).await.rows;
    assert_eq!(rows[1], vec![string("att:2"), string("Content-Disposition"), string("attachment")]);
    let payload = store.stored_message_payload(sub.id, "msg:1").await.expect("payload");
    assert_eq!(payload, Content { content_type: "application/xml".into(), bytes: b"<order id='msg:1'/>".to_vec() });
    let content = store.stored_attachment_content(sub.id, "att:1").await.expect("attachment content");
    assert_eq!(content.bytes, b"<p>a.html</p>");
    assert_eq!(content.content_type, "text/html; charset=iso-8859-1");
}

/// Taken entry and attachment ids conflict (and leave nothing behind); missing payloads are
/// NotFound, also across subaccounts.
pub async fn stored_message_conflicts_and_missing<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    store
        .store_message(sub.id, &stored_message("msg:1", "G1", 1, vec![attachment("att:1", "a")]))
        .await
        .expect("store");
    assert_conflict(store.store_message(sub.id, &stored_message("msg:1", "G2", 2, Vec::new())).await, "taken", "msg:1");
    let reuses_attachment = stored_message("msg:2", "G2", 2, vec![attachment("att:1", "b")]);
    assert_conflict(store.store_message(sub.id, &reuses_attachment).await, "a taken attachment id", "att:1");
    assert_not_found(store.stored_message_payload(sub.id, "msg:2").await, "the failed message left nothing");
    assert_not_found(store.stored_message_payload(other.id, "msg:1").await, "another subaccount's payload");
    assert_not_found(store.stored_attachment_content(sub.id, "att:9").await, "a missing attachment");
}

fn key(name: &str, flow: &str) -> DataStoreKey {
    DataStoreKey { name: name.into(), integration_flow: flow.into(), store_type: String::new() }
}

fn entry(store: DataStoreKey, id: &str, message: &str, created: i64) -> DataStoreEntry {
    DataStoreEntry {
        store,
        id: id.into(),
        visibility: Visibility::IntegrationFlow,
        status: DataStoreEntryStatus::Waiting,
        message_id: Some(message.into()),
        created_at: at(created),
        due_at: Some(at(created + 1_000)),
        retain_until: Some(at(created + 10_000)),
        body: format!("body {id}").into_bytes(),
        headers: pairs(&[("SapDataStoreId", id), ("Content-Type", "text/plain")]),
    }
}

/// Data stores are grouped from their entries with counts; entries list per store and per
/// message; messages come back with their headers; overwrite replaces, deletes remove.
pub async fn data_stores_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let orders = key("Orders", "Flow_A");
    for (id, message, created) in [("e2", "G1", 20), ("e1", "G2", 10)] {
        store.write_data_store_entry(sub.id, &entry(orders.clone(), id, message, created), false).await.expect("write");
    }
    let mut overdue = entry(key("Audit", "Flow_B"), "x", "G1", 5);
    overdue.status = DataStoreEntryStatus::Overdue;
    overdue.visibility = Visibility::Global;
    store.write_data_store_entry(sub.id, &overdue, false).await.expect("write");
    let stores = all(service::data_stores().entity_type);
    let rows = read(store, sub.id, &EntitySource::DataStores { overdue_only: false }, &stores).await.rows;
    let counted = |name: &str, flow: &str, visibility: &str, n: i64, late: i64| {
        vec![string(name), string(flow), string(""), string(visibility), Value::Int64(n), Value::Int64(late)]
    };
    assert_eq!(
        rows,
        vec![counted("Audit", "Flow_B", "Global", 1, 1), counted("Orders", "Flow_A", "Integration Flow", 2, 0)]
    );
    let late = read(store, sub.id, &EntitySource::DataStores { overdue_only: true }, &stores).await;
    assert_eq!(keys(&late), strings(&["Audit"]), "overdueonly");
    let entries = all(service::data_store_entries().entity_type);
    let of_orders = EntitySource::DataStoreEntries { store: Some(orders.clone()), message: None, overdue_only: false };
    let rows = read(store, sub.id, &of_orders, &entries).await.rows;
    assert_eq!(keys_of(&rows), ["e1", "e2"], "oldest first");
    assert_eq!(rows[0][4..], [string("Waiting"), string("G2"), time(1_010), time(10), time(10_010)][..]);
    let of_g1 = EntitySource::DataStoreEntries { store: None, message: Some("G1".into()), overdue_only: false };
    assert_eq!(keys_of(&read(store, sub.id, &of_g1, &entries).await.rows), ["x", "e2"], "messageid");
    let message = store.data_store_message(sub.id, &orders, "e1").await.expect("data_store_message");
    let expected = DataStoreMessage {
        body: b"body e1".to_vec(),
        headers: pairs(&[("SapDataStoreId", "e1"), ("Content-Type", "text/plain")]),
    };
    assert_eq!(message, expected);
    let again = entry(orders.clone(), "e1", "G3", 30);
    assert_conflict(store.write_data_store_entry(sub.id, &again, false).await, "a taken entry id", "e1");
    store.write_data_store_entry(sub.id, &again, true).await.expect("overwrite");
    let rows = read(store, sub.id, &of_orders, &entries).await.rows;
    assert_eq!(rows[1][5], string("G3"), "replaced");
    store.delete_data_store_entry(sub.id, &orders, "e1").await.expect("delete entry");
    assert_not_found(store.delete_data_store_entry(sub.id, &orders, "e1").await, "a deleted entry");
    assert_not_found(store.data_store_message(sub.id, &orders, "e1").await, "its message went with it");
    store.delete_data_store(sub.id, &orders).await.expect("delete store");
    assert_not_found(store.delete_data_store(sub.id, &orders).await, "an empty store");
    let rows = read(store, sub.id, &EntitySource::DataStores { overdue_only: false }, &stores).await;
    assert_eq!(keys(&rows), strings(&["Audit"]));
}

fn keys_of(rows: &[Vec<Value>]) -> Vec<String> {
    rows.iter()
        .map(|row| match &row[0] {
            Value::String(s) => s.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

fn time(ms_since_t0: i64) -> Value {
    Value::DateTime(ms(at(ms_since_t0)))
}

/// Variables are set (and replaced), read with their values, listed and deleted.
pub async fn variables_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let variable = |name: &str, value: &str, updated: i64| Variable {
        name: name.into(),
        integration_flow: "Flow_A".into(),
        visibility: Visibility::IntegrationFlow,
        value: value.into(),
        updated_at: at(updated),
        retain_until: Some(at(updated + 1_000)),
    };
    store.set_variable(sub.id, &variable("timestamp", "2025-01-01", 1)).await.expect("set_variable");
    store.set_variable(sub.id, &variable("timestamp", "2025-02-02", 2)).await.expect("replace");
    store.set_variable(sub.id, &variable("counter", "7", 3)).await.expect("set_variable");
    assert_eq!(
        store.get_variable(sub.id, "timestamp", "Flow_A").await.expect("get"),
        variable("timestamp", "2025-02-02", 2)
    );
    let rows = read(store, sub.id, &EntitySource::Variables, &all(service::variables().entity_type)).await.rows;
    assert_eq!(rows[1], vec![string("timestamp"), string("Flow_A"), string("Integration Flow"), time(2), time(1_002)]);
    assert_eq!(keys_of(&rows), ["counter", "timestamp"]);
    store.delete_variable(sub.id, "counter", "Flow_A").await.expect("delete_variable");
    assert_not_found(store.delete_variable(sub.id, "counter", "Flow_A").await, "a deleted variable");
    assert_not_found(store.get_variable(sub.id, "timestamp", "Flow_B").await, "another flow's");
}

fn number_range(name: &str, current: u64, rotate: bool) -> NumberRange {
    NumberRange {
        name: name.into(),
        description: "Test".into(),
        min_value: 1,
        max_value: 3,
        current_value: current,
        rotate,
        field_length: 10,
        deployed_by: "ann".into(),
        deployed_on: T0,
    }
}

/// Number ranges read as SAP shows them (zero-padded text), draw numbers in turn, rotate or run
/// out, and are replaced and deleted.
pub async fn number_ranges_round_trip<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    store.create_number_range(sub.id, &number_range("Orders", 1, true)).await.expect("create_number_range");
    assert_conflict(
        store.create_number_range(sub.id, &number_range("Orders", 1, true)).await,
        "a taken name",
        "Orders",
    );
    let rows = read(store, sub.id, &EntitySource::NumberRanges, &all(service::number_ranges().entity_type)).await.rows;
    let padded = [string("0000000003"), string("0000000001"), string("true"), string("0000000001"), string("10")];
    assert_eq!(
        rows,
        vec![[vec![string("Orders"), string("Test")], padded.to_vec(), vec![string("ann"), time(0)]].concat()]
    );
    let mut drawn = Vec::new();
    for _ in 0..4 {
        drawn.push(store.next_number(sub.id, "Orders").await.expect("next_number"));
    }
    assert_eq!(drawn, [Some(2), Some(3), Some(1), Some(2)], "counts up and rotates");
    store.replace_number_range(sub.id, &number_range("Orders", 2, false)).await.expect("replace");
    assert_eq!(store.next_number(sub.id, "Orders").await.expect("next"), Some(3));
    assert_eq!(store.next_number(sub.id, "Orders").await.expect("next"), None, "exhausted");
    assert_eq!(store.get_number_range(sub.id, "Orders").await.expect("get"), number_range("Orders", 3, false));
    assert_not_found(store.next_number(sub.id, "Missing").await, "next_number of a missing range");
    assert_not_found(store.replace_number_range(sub.id, &number_range("Missing", 1, true)).await, "replace missing");
    store.delete_number_range(sub.id, "Orders").await.expect("delete_number_range");
    assert_not_found(store.get_number_range(sub.id, "Orders").await, "a deleted range");
}

/// Every tenant has one broker with the default limits until limits are set; nothing is queued.
pub async fn jms_broker_limits<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let broker = all(service::jms_brokers().entity_type);
    let figures = |capacity: u64, queues: u64| {
        let n = |v: u64| Value::Int64(i64::try_from(v).unwrap_or(i64::MAX));
        let zero = Value::Int64(0);
        let flag = Value::Int32(0);
        vec![
            string("Broker1"),
            zero.clone(),
            n(capacity),
            flag.clone(),
            flag.clone(),
            flag,
            n(queues),
            zero.clone(),
            zero.clone(),
            zero.clone(),
            zero,
        ]
    };
    let defaults = JmsBrokerLimits::default();
    let rows = read(store, sub.id, &EntitySource::JmsBrokers, &broker).await.rows;
    assert_eq!(rows, vec![figures(defaults.max_capacity, defaults.max_queues)], "the defaults");
    let limits = JmsBrokerLimits { max_capacity: 1_000_000, max_queues: 5 };
    store.set_jms_broker_limits(sub.id, &limits).await.expect("set_jms_broker_limits");
    let rows = read(store, sub.id, &EntitySource::JmsBrokers, &broker).await.rows;
    assert_eq!(rows, vec![figures(1_000_000, 5)]);
}

/// Expiry deletes what is retained until before now and marks entries due before now overdue.
pub async fn runtime_data_expiry<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let mut old = stored_message("msg:old", "G", 0, vec![attachment("att:old", "a")]);
    old.retain_until = at(100);
    store.store_message(sub.id, &old).await.expect("store");
    store.store_message(sub.id, &stored_message("msg:new", "G", 0, Vec::new())).await.expect("store");
    let mut gone = entry(key("S", "F"), "gone", "G", 0);
    gone.retain_until = Some(at(100));
    let mut due = entry(key("S", "F"), "due", "G", 0);
    due.due_at = Some(at(100));
    let mut kept = entry(key("S", "F"), "kept", "G", 0);
    kept.due_at = None;
    kept.retain_until = None;
    for e in [&gone, &due, &kept] {
        store.write_data_store_entry(sub.id, e, false).await.expect("write");
    }
    let variable = Variable {
        name: "v".into(),
        integration_flow: "F".into(),
        visibility: Visibility::Global,
        value: "1".into(),
        updated_at: at(0),
        retain_until: Some(at(100)),
    };
    store.set_variable(sub.id, &variable).await.expect("set_variable");
    let expired = store.expire_runtime_data(at(101)).await.expect("expire_runtime_data");
    assert_eq!(expired, Expired { messages: 1, data_store_entries: 1, variables: 1, overdue: 1 });
    assert_not_found(store.stored_attachment_content(sub.id, "att:old").await, "attachments go with their message");
    let entries = all(service::data_store_entries().entity_type);
    let source = EntitySource::DataStoreEntries { store: None, message: None, overdue_only: true };
    assert_eq!(keys_of(&read(store, sub.id, &source, &entries).await.rows), ["due"]);
    assert_eq!(store.expire_runtime_data(at(101)).await.expect("again"), Expired::default(), "nothing more to do");
}
