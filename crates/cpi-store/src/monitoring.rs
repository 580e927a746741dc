//! Message processing logs: written in batches (the runtime's buffered writer, the generator),
//! read through the generic [`crate::EntityReader`] (`EntitySource::MessageLogs` and its
//! children), media read here, and purged by age and by attachment volume.

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::monitoring::NewMpl;

use crate::StoreResult;

/// Message processing logs with their attachments, custom headers, adapter attributes, errors
/// and runs.
#[async_trait]
pub trait MonitoringStore: Send + Sync {
    /// Inserts a batch of logs with their children in one transaction: all or none. Conflict if
    /// a MessageGuid (or an attachment id) already exists in the subaccount or repeats within the
    /// batch; NotFound if the subaccount does not exist.
    async fn insert_mpls(&self, subaccount: Uuid, batch: &[NewMpl]) -> StoreResult<()>;

    /// An attachment's content type and payload, by attachment id.
    async fn mpl_attachment_content(&self, subaccount: Uuid, attachment_id: &str) -> StoreResult<(String, Vec<u8>)>;

    /// The error text of a log (`ErrorInformation/$value`); NotFound if it has no error.
    async fn mpl_error_text(&self, subaccount: Uuid, message_guid: &str) -> StoreResult<String>;

    /// Deletes the logs of every subaccount that ended (started, when they have no end) before
    /// `older_than`, with all their children. Works in transactions of at most `batch_limit`
    /// logs (at least one), so that a large purge never holds the write lock for long. Returns
    /// how many logs were deleted.
    async fn purge_mpls(&self, older_than: OffsetDateTime, batch_limit: u64) -> StoreResult<u64>;

    /// The total payload size of all attachments, in bytes.
    async fn attachment_bytes(&self) -> StoreResult<u64>;

    /// Deletes attachments (rows and payloads) of the oldest logs first until the total payload
    /// size is at most `budget_bytes`. The logs themselves stay. Returns how many attachments
    /// were deleted.
    async fn purge_attachments_over_budget(&self, budget_bytes: u64) -> StoreResult<u64>;
}
