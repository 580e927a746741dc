//! The Message Stores API over HTTP, on rows the runtime would write (inserted here through the
//! server's store): persisted messages with their attachments and properties, `$value` bodies
//! and media types, data stores and their entries (FIGAF's `messageid`), variables, deletes (202),
//! number ranges (CRUD, 202), the JMS broker, and the permission of each.

use std::io::{Cursor, Read};

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use cpi_domain::message_store::{
    DataStoreEntry, DataStoreEntryStatus, DataStoreKey, StoredAttachment, StoredMessage, Variable, Visibility,
};
use cpi_store::Store;

use crate::harness::TestServer;
use crate::wire::{ACCEPT_JSON, Api, CONTENT_JSON, Wire};

const ENTRY: &str = "sap-it-res:msg:ae15c0dda:111e8e08-7a44-4dd1-a0b5-0586105591cb";
const ATTACHMENT: &str = "sap-it-res:att:ae15c0dda:2c79e3ef-fc37-43b0-80a7-73a8467cda43";
const GUID: &str = "AFrAl1wLhV2Mkzho92oqdym8bq5v";
const ORDERS: &str = "DataStores(DataStoreName='Orders',IntegrationFlow='Flow_A',Type='')";
const ORDER_ENTRY: &str = "DataStoreEntries(Id='e1',DataStoreName='Orders',IntegrationFlow='Flow_A',Type='')";
const VARIABLE: &str = "Variables(VariableName='timestamp',IntegrationFlow='Flow_A')";

fn named(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn store_of(server: &TestServer) -> (&dyn Store, Uuid) {
    let running = server.server.as_ref().unwrap();
    (running.state.store.as_ref(), running.zone.id)
}

fn now(server: &TestServer) -> OffsetDateTime {
    use cpi_server::clock::Clock;
    server.clock.now()
}

/// A persisted message with one attachment, a data store entry and a variable, as the runtime
/// would write them.
async fn seeded() -> TestServer {
    let server = TestServer::start().await;
    let (store, zone) = store_of(&server);
    let at = now(&server);
    let message = StoredMessage {
        id: ENTRY.into(),
        message_guid: GUID.into(),
        message_store_id: "Persist1".into(),
        time_stamp: at,
        retain_until: at + Duration::days(90),
        content_type: "application/xml".into(),
        payload: b"<order id='1'/>".to_vec(),
        properties: named(&[("X-receiver", "<test@example.org>"), ("TestHeader", "Header Value")]),
        attachments: vec![StoredAttachment {
            id: ATTACHMENT.into(),
            name: "attachment1.html".into(),
            content_type: "text/html; charset=iso-8859-1".into(),
            content: b"<p>hello</p>".to_vec(),
            properties: named(&[("Content-Disposition", "attachment; filename=\"attachment1.html\"")]),
        }],
    };
    store.store_message(zone, &message).await.unwrap();
    let store_key =
        DataStoreKey { name: "Orders".into(), integration_flow: "Flow_A".into(), store_type: String::new() };
    let entry = DataStoreEntry {
        store: store_key,
        id: "e1".into(),
        visibility: Visibility::IntegrationFlow,
        status: DataStoreEntryStatus::Waiting,
        message_id: Some(GUID.into()),
        created_at: at,
        due_at: Some(at + Duration::days(2)),
        retain_until: Some(at + Duration::days(30)),
        body: b"<order id='1'/>".to_vec(),
        headers: named(&[("SapDataStoreId", "e1")]),
    };
    store.write_data_store_entry(zone, &entry, false).await.unwrap();
    let variable = Variable {
        name: "timestamp".into(),
        integration_flow: "Flow_A".into(),
        visibility: Visibility::Global,
        value: "2025-03-01T09:00:00Z".into(),
        updated_at: at,
        retain_until: None,
    };
    store.set_variable(zone, &variable).await.unwrap();
    server
}

async fn put(api: &Api, target: &str, body: &Value) -> u16 {
    api.call("PUT", target, &[ACCEPT_JSON, CONTENT_JSON], Some(&body.to_string())).await.status
}

fn ok_json(response: &Wire) -> Value {
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()
}

fn forbidden(response: &Wire, permission: &str) {
    assert_eq!(response.status, 403, "{}", response.text());
    let message = response.json()["error"]["message"]["value"].as_str().unwrap().to_owned();
    assert!(message.contains(permission), "{message}");
}

/// The files of a zip.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().to_owned(), text)
        })
        .collect()
}

#[tokio::test]
async fn persisted_messages_read_with_attachments_properties_and_payloads() {
    let server = seeded().await;
    let monitor = Api::new(&server, "monitor", &["MonitoringDataRead"]).await;
    let entry_path = format!("MessageStoreEntries('{ENTRY}')");
    let entry = ok_json(&monitor.get(&entry_path).await)["d"].clone();
    assert_eq!((entry["MessageGuid"].as_str(), entry["MessageStoreId"].as_str()), (Some(GUID), Some("Persist1")));
    assert_eq!(entry["HasAttachments"], true);
    assert!(entry["TimeStamp"].as_str().unwrap().starts_with("/Date("));
    assert!(entry["Attachments"]["__deferred"]["uri"].as_str().unwrap().ends_with("/Attachments"));
    let expanded = ok_json(&monitor.get(&format!("{entry_path}?$expand=Attachments,Properties")).await);
    assert_eq!(expanded["d"]["Attachments"]["results"][0]["Name"], "attachment1.html");
    assert_eq!(expanded["d"]["Properties"]["results"].as_array().unwrap().len(), 2);
    let attachments = ok_json(&monitor.get(&format!("{entry_path}/Attachments")).await);
    assert_eq!(attachments["d"]["results"][0]["ContentType"], "text/html; charset=iso-8859-1");
    let properties = ok_json(&monitor.get(&format!("{entry_path}/Properties")).await);
    let names: Vec<&str> =
        properties["d"]["results"].as_array().unwrap().iter().map(|p| p["Name"].as_str().unwrap()).collect();
    assert_eq!(names, ["X-receiver", "TestHeader"]);
    let one = format!("MessageStoreEntryProperties(MessageId='{ENTRY}',Name='TestHeader')");
    assert_eq!(ok_json(&monitor.get(&one).await)["d"]["Value"], "Header Value");
    let attachment_props =
        ok_json(&monitor.get(&format!("MessageStoreEntryAttachments('{ATTACHMENT}')/Properties")).await);
    assert_eq!(attachment_props["d"]["results"][0]["Name"], "Content-Disposition");
    let one = format!("MessageStoreEntryAttachmentProperties(AttachmentId='{ATTACHMENT}',Name='Content-Disposition')");
    assert_eq!(ok_json(&monitor.get(&one).await)["d"]["AttachmentId"], ATTACHMENT);
    assert_eq!(monitor.get("MessageStoreEntries('sap-it-res:msg:missing')").await.status, 404);
    let by_guid = ok_json(&monitor.get(&format!("MessageStoreEntries?$filter=MessageGuid%20eq%20'{GUID}'")).await);
    assert_eq!(by_guid["d"]["results"].as_array().unwrap().len(), 1);
    // Payloads need MessagePayloadsRead (SAP's tasks table), which MonitoringDataRead lacks.
    forbidden(&monitor.get(&format!("{entry_path}/$value")).await, "esbmessagestorage.read");
    let payloads = Api::new(&server, "payloads", &["MessagePayloadsRead"]).await;
    let payload = payloads.call("GET", &format!("{entry_path}/$value"), &[], None).await;
    assert_eq!((payload.status, payload.body.as_slice()), (200, b"<order id='1'/>".as_slice()));
    assert_eq!(payload.header("content-type"), Some("application/xml"));
    let content =
        payloads.call("GET", &format!("MessageStoreEntryAttachments('{ATTACHMENT}')/$value"), &[], None).await;
    assert_eq!((content.status, content.text()), (200, "<p>hello</p>".to_owned()));
    assert_eq!(content.header("content-type"), Some("text/html; charset=iso-8859-1"));
    forbidden(&payloads.get(&entry_path).await, "IntegrationOperationServer.read");
}

#[tokio::test]
async fn data_stores_list_download_and_delete() {
    let server = seeded().await;
    let reader = Api::new(&server, "reader", &["DataStoresAndQueuesRead"]).await;
    let stores = ok_json(&reader.get("DataStores").await);
    assert_eq!(stores["d"]["results"][0]["NumberOfMessages"], "1", "Int64 as a string");
    assert_eq!(stores["d"]["results"][0]["Visibility"], "Integration Flow");
    let entries = ok_json(&reader.get(&format!("{ORDERS}/Entries")).await);
    assert_eq!(entries["d"]["results"][0]["Id"], "e1");
    let figaf = ok_json(&reader.get(&format!("DataStoreEntries?messageid={GUID}&$format=json")).await);
    assert_eq!(figaf["d"]["results"][0]["MessageId"], GUID, "FIGAF's messageid");
    let none = ok_json(&reader.get("DataStoreEntries?messageid=other&$format=json").await);
    assert_eq!(none["d"]["results"], json!([]));
    assert_eq!(ok_json(&reader.get("DataStores?overdueonly=true").await)["d"]["results"], json!([]));
    assert_eq!(reader.get("DataStores?$top=1").await.status, 501, "SAP allows no query options here");
    forbidden(&reader.get(&format!("{ORDER_ENTRY}/$value")).await, "ESBDataStore.readPayload");
    let payloads = Api::new(&server, "payloads", &["DataStorePayloadsRead"]).await;
    let download = payloads.call("GET", &format!("{ORDER_ENTRY}/$value"), &[], None).await;
    assert_eq!(download.status, 200, "{}", download.text());
    assert_eq!(download.header("content-type"), Some("application/zip"));
    let files = unzip(&download.body);
    assert_eq!(files[0], ("body".to_owned(), "<order id='1'/>".to_owned()));
    assert_eq!(files[1], ("headers.prop".to_owned(), "SapDataStoreId=e1\n".to_owned()));
    forbidden(&reader.call("DELETE", ORDER_ENTRY, &[ACCEPT_JSON], None).await, "ESBDataStore.delete");
    let deleter = Api::new(&server, "deleter", &["DataStoresAndQueuesDelete"]).await;
    assert_eq!(deleter.call("DELETE", ORDER_ENTRY, &[ACCEPT_JSON], None).await.status, 202);
    assert_eq!(deleter.call("DELETE", ORDER_ENTRY, &[ACCEPT_JSON], None).await.status, 404);
    assert_eq!(ok_json(&reader.get("DataStores").await)["d"]["results"], json!([]), "an empty store is gone");
    assert_eq!(deleter.call("DELETE", ORDERS, &[ACCEPT_JSON], None).await.status, 404);
}

#[tokio::test]
async fn variables_list_download_and_delete() {
    let server = seeded().await;
    let reader = Api::new(&server, "reader", &["DataStoresAndQueuesRead"]).await;
    let variables = ok_json(&reader.get("Variables").await);
    assert_eq!(variables["d"]["results"][0]["VariableName"], "timestamp");
    assert_eq!(variables["d"]["results"][0]["Visibility"], "Global");
    forbidden(&reader.get(&format!("{VARIABLE}/$value")).await, "ESBDataStore.readPayload");
    let payloads = Api::new(&server, "payloads", &["DataStorePayloadsRead"]).await;
    let download = payloads.call("GET", &format!("{VARIABLE}/$value"), &[], None).await;
    assert_eq!(download.status, 200, "{}", download.text());
    assert_eq!(unzip(&download.body), [("headers.prop".to_owned(), "timestamp=2025-03-01T09\\:00\\:00Z\n".to_owned())]);
    let deleter = Api::new(&server, "deleter", &["DataStoresAndQueuesDelete"]).await;
    assert_eq!(deleter.call("DELETE", VARIABLE, &[ACCEPT_JSON], None).await.status, 202);
    assert_eq!(ok_json(&reader.get("Variables").await)["d"]["results"], json!([]));
    assert_eq!(deleter.call("DELETE", VARIABLE, &[ACCEPT_JSON], None).await.status, 404);
}

#[tokio::test]
async fn number_ranges_are_created_changed_and_deleted() {
    let server = TestServer::start().await;
    let deployer = Api::new(&server, "deployer", &["MonitoringArtifactsDeploy"]).await;
    let body = json!({"Name": "My NRO Object", "Description": "Orders", "MinValue": "0", "MaxValue": "9999",
        "CurrentValue": "0", "Rotate": "true", "FieldLength": "4"});
    let created = deployer.post("NumberRanges", &body).await;
    assert_eq!((created.status, created.body.len()), (202, 0), "{}", created.text());
    assert_eq!(deployer.post("NumberRanges", &body).await.status, 409);
    let one = "NumberRanges('My%20NRO%20Object')";
    let range = ok_json(&deployer.get(one).await)["d"].clone();
    assert_eq!((range["MaxValue"].as_str(), range["CurrentValue"].as_str()), (Some("9999"), Some("0000")));
    assert_eq!((range["Rotate"].as_str(), range["FieldLength"].as_str()), (Some("true"), Some("4")));
    assert!(range["DeployedBy"].as_str().is_some_and(|who| !who.is_empty()), "the deployer: {range}");
    let changed = json!({"Name": "My NRO Object", "Description": "Orders", "MinValue": "0000000001",
        "MaxValue": "0000000005", "CurrentValue": "0000000001", "Rotate": "false", "FieldLength": "10"});
    assert_eq!(put(&deployer, one, &changed).await, 202);
    let list = ok_json(&deployer.get("NumberRanges").await);
    assert_eq!(list["d"]["results"][0]["MaxValue"], "0000000005", "SAP's padded figures");
    let renamed = json!({"Name": "Other", "MinValue": "1", "MaxValue": "5", "CurrentValue": "1", "Rotate": "false",
        "FieldLength": "1", "Description": ""});
    assert_eq!(put(&deployer, one, &renamed).await, 400, "a PUT keeps the name");
    let incomplete = json!({"Name": "My NRO Object", "MinValue": "1", "MaxValue": "5"});
    assert_eq!(put(&deployer, one, &incomplete).await, 400, "a PUT gives every attribute");
    let inverted = json!({"Name": "Bad", "MinValue": "9", "MaxValue": "5"});
    assert_eq!(deployer.post("NumberRanges", &inverted).await.status, 400);
    assert_eq!(put(&deployer, "NumberRanges('Missing')", &changed).await, 400, "the body names another range");
    let mut missing = changed.clone();
    missing["Name"] = json!("Missing");
    assert_eq!(put(&deployer, "NumberRanges('Missing')", &missing).await, 404);
    let monitor = Api::new(&server, "monitor", &["MonitoringDataRead"]).await;
    assert_eq!(ok_json(&monitor.get("NumberRanges").await)["d"]["results"].as_array().unwrap().len(), 1);
    forbidden(&monitor.post("NumberRanges", &body).await, "NodeManager.deploycontent");
    forbidden(&monitor.call("DELETE", one, &[ACCEPT_JSON], None).await, "NodeManager.deploycontent");
    let outsider = Api::new(&server, "outsider", &["WorkspacePackagesRead"]).await;
    forbidden(&outsider.get("NumberRanges").await, "IntegrationOperationServer.read");
    assert_eq!(deployer.call("DELETE", one, &[ACCEPT_JSON], None).await.status, 202);
    assert_eq!(deployer.get(one).await.status, 404);
    assert_eq!(deployer.call("DELETE", one, &[ACCEPT_JSON], None).await.status, 404);
}

#[tokio::test]
async fn the_jms_broker_shows_its_limits() {
    let server = TestServer::start().await;
    let reader = Api::new(&server, "reader", &["DataStoresAndQueuesRead"]).await;
    let broker = ok_json(&reader.get("JmsBrokers('Broker1')").await)["d"].clone();
    assert_eq!((broker["Key"].as_str(), broker["MaxCapacity"].as_str()), (Some("Broker1"), Some("9751756800")));
    assert_eq!((broker["MaxQueueNumber"].as_str(), broker["QueueNumber"].as_str()), (Some("30"), Some("0")));
    assert_eq!((broker["Capacity"].as_str(), broker["IsConsumersHigh"].as_i64()), (Some("0"), Some(0)));
    assert_eq!(reader.get("JmsBrokers('Broker2')").await.status, 404);
    let monitor = Api::new(&server, "monitor", &["MonitoringDataRead"]).await;
    forbidden(&monitor.get("JmsBrokers('Broker1')").await, "ESBDataStore.read");
}

#[tokio::test]
async fn a_processing_log_lists_the_messages_it_persisted() {
    let server = seeded().await;
    let log = crate::mpl_api::mpl(GUID, "Flow_A", cpi_domain::monitoring::MplStatus::Completed, now(&server));
    crate::mpl_api::insert(&server, &[log]).await;
    let monitor = Api::new(&server, "monitor", &["MonitoringDataRead"]).await;
    let entries = ok_json(&monitor.get(&format!("MessageProcessingLogs('{GUID}')/MessageStoreEntries")).await);
    assert_eq!(entries["d"]["results"][0]["Id"], ENTRY);
    let log = ok_json(&monitor.get(&format!("MessageProcessingLogs('{GUID}')?$expand=MessageStoreEntries")).await);
    assert_eq!(log["d"]["MessageStoreEntries"]["results"][0]["MessageStoreId"], "Persist1");
    assert_eq!(monitor.get("MessageProcessingLogs('AFnone')/MessageStoreEntries").await.status, 404, "no such log");
}
