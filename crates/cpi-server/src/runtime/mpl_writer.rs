//! The group-commit writer of message processing logs. Flows hand each log to [`MplWriter::write`]
//! and wait; one task takes every log waiting in the queue (up to a batch), inserts them with one
//! `insert_mpls` call per subaccount, and answers each caller once its log is durable. Under load
//! many logs share one transaction; alone, a log is written at once. A failed batch is retried
//! log by log, so only the logs that cannot be written (e.g. a repeated MessageGuid) fail.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use uuid::Uuid;

use cpi_domain::monitoring::NewMpl;
use cpi_store::{Store, StoreError};

/// Why a log was not written.
#[derive(Debug, thiserror::Error)]
pub enum MplWriteError {
    /// The writer has stopped.
    #[error("the message processing log writer has stopped")]
    Closed,
    /// The store refused or failed to write the log (the text is for logs, not for clients).
    #[error("cannot write the message processing log: {0}")]
    Store(String),
}

/// How the writer batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MplWriterOptions {
    /// Most logs written in one go (at least one).
    pub max_batch: usize,
    /// Logs that may wait in the queue before writers wait for room (at least one).
    pub queue: usize,
}

impl Default for MplWriterOptions {
    fn default() -> Self {
        MplWriterOptions { max_batch: 512, queue: 8192 }
    }
}

/// One log waiting to be written, with where to answer.
#[derive(Debug)]
struct Request {
    subaccount: Uuid,
    mpl: NewMpl,
    reply: oneshot::Sender<Result<(), MplWriteError>>,
}

/// The handle callers write through; clones share one writer task, which ends once every
/// handle is dropped (after writing what was queued).
#[derive(Debug, Clone)]
pub struct MplWriter {
    sender: mpsc::Sender<Request>,
}

impl MplWriter {
    /// Starts the writer task over `store` (on the current tokio runtime) and returns its handle
    /// and the task.
    pub fn spawn(store: Arc<dyn Store>, options: MplWriterOptions) -> (MplWriter, JoinHandle<()>) {
        let (sender, receiver) = mpsc::channel(options.queue.max(1));
        let task = tokio::spawn(run(store, receiver, options.max_batch.max(1)));
        (MplWriter { sender }, task)
    }

    /// Queues one log and waits until it is committed (group commit: the writer task takes every
    /// log waiting in the queue, up to `max_batch`, and inserts them with one `insert_mpls` call
    /// per subaccount; each caller is answered once its batch is durable).
    pub async fn write(&self, subaccount: Uuid, mpl: NewMpl) -> Result<(), MplWriteError> {
        let (reply, answer) = oneshot::channel();
        self.sender.send(Request { subaccount, mpl, reply }).await.map_err(|_| MplWriteError::Closed)?;
        answer.await.map_err(|_| MplWriteError::Closed)?
    }
}

/// The writer task: batches until every sender is gone and the queue is empty.
async fn run(store: Arc<dyn Store>, mut receiver: mpsc::Receiver<Request>, max_batch: usize) {
    let mut batch = Vec::with_capacity(max_batch);
    while receiver.recv_many(&mut batch, max_batch).await > 0 {
        commit(store.as_ref(), std::mem::take(&mut batch)).await;
    }
    tracing::debug!("message processing log writer stopped");
}

/// Writes one batch, one `insert_mpls` per subaccount (in order of first appearance), and
/// answers every request.
async fn commit(store: &dyn Store, batch: Vec<Request>) {
    for (subaccount, requests) in by_subaccount(batch) {
        let (mpls, replies): (Vec<NewMpl>, Vec<_>) = requests.into_iter().map(|r| (r.mpl, r.reply)).unzip();
        match store.insert_mpls(subaccount, &mpls).await {
            Ok(()) => replies.into_iter().for_each(|reply| answer(reply, Ok(()))),
            Err(err) if mpls.len() == 1 => replies.into_iter().for_each(|reply| answer(reply, Err(failed(&err)))),
            Err(err) => {
                tracing::debug!(error = %err, logs = mpls.len(), "batch of processing logs failed; writing one by one");
                one_by_one(store, subaccount, mpls, replies).await;
            }
        }
    }
}

/// Writes each log of a failed batch on its own, so only the bad ones fail.
async fn one_by_one(
    store: &dyn Store,
    subaccount: Uuid,
    mpls: Vec<NewMpl>,
    replies: Vec<oneshot::Sender<Result<(), MplWriteError>>>,
) {
    for (mpl, reply) in mpls.into_iter().zip(replies) {
        let result = store.insert_mpls(subaccount, std::slice::from_ref(&mpl)).await;
        answer(reply, result.map_err(|err| failed(&err)));
    }
}

/// Groups requests by subaccount, keeping their order within each group.
fn by_subaccount(batch: Vec<Request>) -> Vec<(Uuid, Vec<Request>)> {
    let mut groups: Vec<(Uuid, Vec<Request>)> = Vec::new();
    for request in batch {
        match groups.iter_mut().find(|(subaccount, _)| *subaccount == request.subaccount) {
            Some((_, requests)) => requests.push(request),
            None => groups.push((request.subaccount, vec![request])),
        }
    }
    groups
}

fn failed(err: &StoreError) -> MplWriteError {
    tracing::warn!(error = %err, "a message processing log could not be written");
    MplWriteError::Store(err.to_string())
}

/// Answers a caller; one that stopped waiting is no concern of the writer.
fn answer(reply: oneshot::Sender<Result<(), MplWriteError>>, result: Result<(), MplWriteError>) {
    let _ = reply.send(result);
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use time::{Duration, OffsetDateTime};

    use cpi_domain::Subaccount;
    use cpi_domain::monitoring::{MessageProcessingLog, MplArtifact, MplStatus, message_guid};
    use cpi_store::{EntityQuery, EntitySource};
    use cpi_store_sqlite::SqliteStore;

    use super::*;

    const T0: OffsetDateTime = datetime!(2025-03-01 09:00:00 UTC);

    /// A fresh store in a temporary dir (kept alive by the returned guard).
    async fn fresh_store() -> (Arc<dyn Store>, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open(&dir.path().join("cpi.db")).await.expect("open store");
        (Arc::new(store), dir)
    }

    async fn given_subaccount(store: &dyn Store, n: u32) -> Uuid {
        let id = Uuid::from_u128(0x5ab0_0000 + u128::from(n));
        let subaccount = Subaccount {
            id,
            subdomain: format!("sub{n}"),
            api_app_number: 1000 + n,
            runtime_app_number: 2000 + n,
            created_at: T0,
        };
        store.create_subaccount(&subaccount).await.expect("create_subaccount");
        id
    }

    /// A completed log numbered `n` (its MessageGuid follows from `n`).
    fn log(n: u32) -> NewMpl {
        let start = T0 + Duration::milliseconds(i64::from(n));
        let mut random = [0u8; 16];
        random[..4].copy_from_slice(&n.to_be_bytes());
        NewMpl::bare(MessageProcessingLog {
            message_guid: message_guid(start, random),
            correlation_id: None,
            application_message_id: Some(format!("app-{n}")),
            predecessor_message_guid: None,
            application_message_type: None,
            log_start: start,
            log_end: Some(start + Duration::milliseconds(5)),
            sender: None,
            receiver: None,
            status: MplStatus::Completed,
            alternate_web_link: None,
            log_level: Some("INFO".to_owned()),
            custom_status: Some("COMPLETED".to_owned()),
            archiving_status: None,
            transaction_id: None,
            previous_component_name: None,
            local_component_name: Some("CPI_test".to_owned()),
            origin_component_name: None,
            artifact: MplArtifact {
                id: "Orders".to_owned(),
                name: "Orders".to_owned(),
                kind: "INTEGRATION_FLOW".to_owned(),
                package_id: None,
                package_name: None,
            },
        })
    }

    /// How many logs a subaccount holds.
    async fn count(store: &dyn Store, subaccount: Uuid) -> u64 {
        let query = EntityQuery {
            entity_type: cpi_odata::service::message_processing_logs().entity_type,
            filter: None,
            orderby: &[],
            skip: 0,
            limit: 1,
            count: true,
        };
        let source = EntitySource::MessageLogs { custom_headers: Vec::new() };
        let rows = store.read_entities(subaccount, &source, &query).await.expect("read_entities");
        rows.total.expect("a count")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writers_are_all_committed() {
        let (store, _dir) = fresh_store().await;
        let first = given_subaccount(store.as_ref(), 1).await;
        let second = given_subaccount(store.as_ref(), 2).await;
        let (writer, task) = MplWriter::spawn(store.clone(), MplWriterOptions { max_batch: 64, queue: 16 });
        let mut callers = Vec::new();
        for n in 0..200 {
            let writer = writer.clone();
            let subaccount = if n % 4 == 0 { second } else { first };
            callers.push(tokio::spawn(async move { writer.write(subaccount, log(n)).await }));
        }
        for caller in callers {
            caller.await.expect("caller task").expect("every write succeeds");
        }
        assert_eq!(count(store.as_ref(), first).await, 150);
        assert_eq!(count(store.as_ref(), second).await, 50);
        assert_eq!(store.mpl_error_text(first, &log(1).log.message_guid).await.ok(), None, "readable, no error");
        drop(writer);
        task.await.expect("the writer task ends once every handle is dropped");
    }

    #[tokio::test]
    async fn a_duplicate_guid_fails_only_its_caller() {
        let (store, _dir) = fresh_store().await;
        let sub = given_subaccount(store.as_ref(), 1).await;
        let (writer, _task) = MplWriter::spawn(store.clone(), MplWriterOptions::default());
        writer.write(sub, log(7)).await.expect("the first write");
        let mut callers = Vec::new();
        for n in [1, 2, 7, 3, 4] {
            let writer = writer.clone();
            callers.push((n, tokio::spawn(async move { writer.write(sub, log(n)).await })));
        }
        for (n, caller) in callers {
            let result = caller.await.expect("caller task");
            if n == 7 {
                assert!(matches!(result, Err(MplWriteError::Store(_))), "the duplicate fails: {result:?}");
            } else {
                result.expect("the others succeed");
            }
        }
        assert_eq!(count(store.as_ref(), sub).await, 5);
    }

    #[tokio::test]
    async fn a_failed_batch_is_retried_log_by_log() {
        let (store, _dir) = fresh_store().await;
        let sub = given_subaccount(store.as_ref(), 1).await;
        let unknown = Uuid::from_u128(42);
        let mut answers = Vec::new();
        let mut batch = Vec::new();
        for (subaccount, n) in [(sub, 1), (sub, 2), (sub, 1), (unknown, 3), (sub, 4)] {
            let (reply, answer) = oneshot::channel();
            batch.push(Request { subaccount, mpl: log(n), reply });
            answers.push(answer);
        }
        commit(store.as_ref(), batch).await;
        let mut results = Vec::new();
        for answer in answers {
            results.push(answer.await.expect("answered").is_ok());
        }
        assert_eq!(results, [true, true, false, false, true], "the repeat and the unknown subaccount fail");
        assert_eq!(count(store.as_ref(), sub).await, 3);
    }

    #[tokio::test]
    async fn writes_after_the_task_stopped_are_closed() {
        let (store, _dir) = fresh_store().await;
        let sub = given_subaccount(store.as_ref(), 1).await;
        let (writer, task) = MplWriter::spawn(store, MplWriterOptions::default());
        task.abort();
        let _ = task.await;
        assert!(matches!(writer.write(sub, log(1)).await, Err(MplWriteError::Closed)));
    }
}
