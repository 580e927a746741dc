//! Message processing logs in SQLite (schema: `migrations/0003_monitoring.sql`). Batches and
//! purges go through the [`BulkWriter`]; the generic read maps the log tables in
//! `entities::monitoring_sources`; single media reads use the sqlx pool.

mod insert;
#[cfg(test)]
mod plans;
mod purge;
mod writer;

use std::time::Instant;

use async_trait::async_trait;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::monitoring::NewMpl;
use cpi_store::{MonitoringStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, millis, uuid_text};
use crate::error::backend;
pub(crate) use writer::BulkWriter;

/// Attachments deleted per transaction by the budget purge.
const ATTACHMENT_BATCH: usize = 1_000;

#[async_trait]
impl MonitoringStore for SqliteStore {
    async fn insert_mpls(&self, subaccount: Uuid, batch: &[NewMpl]) -> StoreResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        // The batch moves to the blocking thread; the caller keeps its slice.
        let batch = batch.to_vec();
        self.bulk.run(move |connection| insert::insert_batch(connection, subaccount, &batch)).await
    }

    async fn mpl_attachment_content(&self, subaccount: Uuid, attachment_id: &str) -> StoreResult<(String, Vec<u8>)> {
        let row = sqlx::query(
            "SELECT a.content_type, p.payload FROM mpl_attachments AS a \
             JOIN mpl_attachment_payloads AS p ON p.attachment = a.id \
             WHERE a.subaccount = (SELECT number FROM mpl_subaccounts WHERE subaccount_id = ?) \
             AND a.attachment_id = ?",
        )
        .bind(uuid_text(subaccount))
        .bind(attachment_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        Ok((get(&row, "content_type")?, row.try_get("payload").map_err(backend)?))
    }

    async fn mpl_error_text(&self, subaccount: Uuid, message_guid: &str) -> StoreResult<String> {
        let row = sqlx::query(
            "SELECT e.text FROM mpl_errors AS e JOIN message_processing_logs AS m ON m.id = e.mpl \
             WHERE m.subaccount = (SELECT number FROM mpl_subaccounts WHERE subaccount_id = ?) \
             AND m.message_guid = ?",
        )
        .bind(uuid_text(subaccount))
        .bind(message_guid)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        get(&row, "text")
    }

    async fn purge_mpls(&self, older_than: OffsetDateTime, batch_limit: u64) -> StoreResult<u64> {
        let cutoff = millis(older_than);
        let limit = i64::try_from(batch_limit.max(1)).unwrap_or(i64::MAX);
        let mut total = 0;
        loop {
            let started = Instant::now();
            let deleted = self.bulk.run(move |connection| purge::expired_batch(connection, cutoff, limit)).await?;
            total += deleted;
            if deleted < limit.unsigned_abs() {
                return Ok(total);
            }
            yield_write_lock(started).await;
        }
    }

    async fn attachment_bytes(&self) -> StoreResult<u64> {
        self.bulk.run(|connection| purge::attachment_bytes(connection)).await
    }

    async fn purge_attachments_over_budget(&self, budget_bytes: u64) -> StoreResult<u64> {
        let doomed = self.bulk.run(move |connection| purge::attachments_over_budget(connection, budget_bytes)).await?;
        let mut total = 0;
        for chunk in doomed.chunks(ATTACHMENT_BATCH) {
            let started = Instant::now();
            let ids = chunk.to_vec();
            total += self.bulk.run(move |connection| purge::delete_attachments(connection, &ids)).await?;
            yield_write_lock(started).await;
        }
        Ok(total)
    }
}

/// Between the transactions of a long purge, leaves the write lock free for as long as the
/// last transaction held it, so that other writers (which poll for it) get their turn.
async fn yield_write_lock(since: Instant) {
    tokio::time::sleep(since.elapsed()).await;
}
