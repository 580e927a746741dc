//! Retention of message processing logs in a running server: the pass at start deletes logs
//! past the retention period with their attachments and keeps newer ones; moving the (fake)
//! clock ages them into the next pass; the attachment budget deletes the oldest logs'
//! attachments and keeps the logs. Logs are written straight through the store.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use cpi_domain::monitoring::{MessageProcessingLog, MplArtifact, MplAttachment, MplStatus, NewMpl, message_guid};
use cpi_odata::value::Value;
use cpi_server::clock::{Clock, ManualClock, SystemRandomSource};
use cpi_server::retention::{MplRetention, RetentionPass};
use cpi_store::{EntityQuery, EntitySource, MonitoringStore, Store, StoreError};
use cpi_store_sqlite::SqliteStore;

use crate::harness::start_configured;

/// A log of `Orders_Inbound` that started at `start`, with an attachment of `size` bytes.
fn logged(name: u8, start: OffsetDateTime, size: usize) -> NewMpl {
    let guid = message_guid(start, [name; 16]);
    let mut mpl = NewMpl::bare(MessageProcessingLog {
        message_guid: guid.clone(),
        correlation_id: Some(guid),
        application_message_id: None,
        predecessor_message_guid: None,
        application_message_type: None,
        log_start: start,
        log_end: Some(start + Duration::milliseconds(40)),
        sender: None,
        receiver: None,
        status: MplStatus::Completed,
        alternate_web_link: None,
        log_level: Some("INFO".to_owned()),
        custom_status: Some("COMPLETED".to_owned()),
        archiving_status: None,
        transaction_id: None,
        previous_component_name: None,
        local_component_name: None,
        origin_component_name: None,
        artifact: MplArtifact {
            id: "Orders_Inbound".to_owned(),
            name: "Orders Inbound".to_owned(),
            kind: "INTEGRATION_FLOW".to_owned(),
            package_id: None,
            package_name: None,
        },
    });
    mpl.attachments.push(MplAttachment {
        id: attachment_id(name),
        name: "payload".to_owned(),
        content_type: "application/xml".to_owned(),
        timestamp: start,
        payload: vec![b'<'; size],
    });
    mpl
}

fn attachment_id(name: u8) -> String {
    format!("sap-it-res:msg:retention:{name}")
}

/// The guids of the subaccount's logs, newest first.
async fn guids(store: &Arc<dyn Store>, subaccount: Uuid) -> Vec<String> {
    let set = cpi_odata::service::model().entity_set("MessageProcessingLogs").unwrap();
    let query =
        EntityQuery { entity_type: set.entity_type, filter: None, orderby: &[], skip: 0, limit: 100, count: false };
    let source = EntitySource::MessageLogs { custom_headers: vec![] };
    let rows = store.read_entities(subaccount, &source, &query).await.unwrap().rows;
    rows.into_iter()
        .map(|row| match &row[0] {
            Value::String(guid) => guid.clone(),
            other => panic!("MessageGuid {other:?}"),
        })
        .collect()
}

/// A data dir whose subaccount has `batch` written before the server first starts.
async fn data_dir_with(
    clock: &ManualClock,
    batch: impl FnOnce(OffsetDateTime) -> Vec<NewMpl>,
) -> (tempfile::TempDir, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("cpi.db")).await.unwrap();
    let random = SystemRandomSource::default();
    let zone = cpi_server::bootstrap::ensure_subaccount(&store, clock, &random, "test").await.unwrap().zone;
    store.insert_mpls(zone.id, &batch(clock.now())).await.unwrap();
    store.close().await;
    (dir, zone.id)
}

#[tokio::test]
async fn logs_past_the_retention_period_go_with_their_attachments_and_newer_ones_stay() {
    let clock = Arc::new(ManualClock::new(OffsetDateTime::now_utc()));
    let (dir, zone) = data_dir_with(&clock, |now| {
        vec![
            logged(1, now - Duration::days(31), 100),
            logged(2, now - Duration::days(10), 200),
            logged(3, now - Duration::hours(1), 300),
        ]
    })
    .await;
    let now = clock.now();
    let (_old, recent, fresh) = (
        message_guid(now - Duration::days(31), [1; 16]),
        message_guid(now - Duration::days(10), [2; 16]),
        message_guid(now - Duration::hours(1), [3; 16]),
    );
    let server = start_configured(dir.path(), clock.clone(), |_| {}).await;
    server.retention.wait_for_passes(1).await.unwrap();
    let store = &server.state.store;
    assert_eq!(server.zone.id, zone, "the server runs the subaccount the logs were written to");
    assert_eq!(guids(store, zone).await, vec![fresh.clone(), recent.clone()], "the pass at start deleted the old log");
    assert!(matches!(store.mpl_attachment_content(zone, &attachment_id(1)).await, Err(StoreError::NotFound)));
    assert_eq!(store.mpl_attachment_content(zone, &attachment_id(2)).await.unwrap().1.len(), 200);
    assert_eq!(store.attachment_bytes().await.unwrap(), 500, "only the old log's attachment went");
    assert_eq!(
        server.retention.run_now().await.unwrap(),
        RetentionPass::default(),
        "nothing more to delete while the clock stands"
    );
    clock.advance(Duration::days(25));
    assert_eq!(
        server.retention.run_now().await.unwrap(),
        RetentionPass { logs: 1, attachments: 0 },
        "25 days later the recent log is 35 days old"
    );
    assert_eq!(guids(store, zone).await, vec![fresh], "the fresh log stays");
    assert!(matches!(store.mpl_attachment_content(zone, &attachment_id(2)).await, Err(StoreError::NotFound)));
    assert_eq!(store.attachment_bytes().await.unwrap(), 300);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn attachments_over_the_budget_go_oldest_first_and_the_logs_stay() {
    const KIB: usize = 1024;
    let clock = Arc::new(ManualClock::new(OffsetDateTime::now_utc()));
    let (dir, zone) = data_dir_with(&clock, |now| {
        vec![
            logged(1, now - Duration::days(3), 600 * KIB),
            logged(2, now - Duration::days(2), 600 * KIB),
            logged(3, now - Duration::days(1), 600 * KIB),
        ]
    })
    .await;
    let server = start_configured(dir.path(), clock.clone(), |config| {
        config.mpl_retention = MplRetention::new(30, 1);
    })
    .await;
    server.retention.wait_for_passes(1).await.unwrap();
    let store = &server.state.store;
    assert_eq!(store.attachment_bytes().await.unwrap(), 600 * 1024, "1 MiB holds only the newest attachment");
    for name in [1, 2] {
        let gone = store.mpl_attachment_content(zone, &attachment_id(name)).await;
        assert!(matches!(gone, Err(StoreError::NotFound)), "attachment {name}: {gone:?}");
    }
    assert_eq!(store.mpl_attachment_content(zone, &attachment_id(3)).await.unwrap().0, "application/xml");
    assert_eq!(guids(store, zone).await.len(), 3, "the logs themselves stay");
    assert_eq!(server.retention.run_now().await.unwrap(), RetentionPass::default(), "within the budget now");
    server.shutdown().await.unwrap();
}
