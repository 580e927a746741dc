//! Retention: logs past their age go in bounded transactions (their children follow by
//! `ON DELETE CASCADE`), and attachments of the oldest logs go when their payloads exceed a
//! budget.

use rusqlite::{Connection, TransactionBehavior};

use cpi_store::StoreResult;

use super::writer::write_error;

/// Ended before the cutoff, oldest first.
const EXPIRED_ENDED: &str = "DELETE FROM message_processing_logs WHERE id IN (SELECT id FROM message_processing_logs \
     WHERE subaccount = ?1 AND log_end < ?2 ORDER BY log_end LIMIT ?3)";
/// Without an end, started before the cutoff.
const EXPIRED_UNENDED: &str = "DELETE FROM message_processing_logs WHERE id IN (SELECT id FROM message_processing_logs \
     WHERE subaccount = ?1 AND log_end IS NULL AND log_start < ?2 LIMIT ?3)";
/// Attachments with their sizes, those of the oldest logs first.
const ATTACHMENTS_BY_AGE: &str = "SELECT a.id, a.payload_size FROM mpl_attachments AS a \
     JOIN message_processing_logs AS m ON m.id = a.mpl ORDER BY coalesce(m.log_end, m.log_start), m.id, a.id";

/// Deletes at most `limit` expired logs (of any subaccount) in one transaction; returns how
/// many. Fewer than `limit` means none are left.
pub(super) fn expired_batch(connection: &mut Connection, cutoff_ms: i64, limit: i64) -> StoreResult<u64> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(write_error)?;
    let numbers: Vec<i64> = {
        let mut statement =
            tx.prepare_cached("SELECT number FROM mpl_subaccounts ORDER BY number").map_err(write_error)?;
        let rows = statement.query_map([], |row| row.get(0)).map_err(write_error)?;
        rows.collect::<Result<_, _>>().map_err(write_error)?
    };
    let mut deleted: i64 = 0;
    for number in numbers {
        for sql in [EXPIRED_ENDED, EXPIRED_UNENDED] {
            if deleted >= limit {
                break;
            }
            let mut statement = tx.prepare_cached(sql).map_err(write_error)?;
            let n = statement.execute(rusqlite::params![number, cutoff_ms, limit - deleted]).map_err(write_error)?;
            deleted += i64::try_from(n).unwrap_or(i64::MAX);
        }
    }
    tx.commit().map_err(write_error)?;
    Ok(u64::try_from(deleted).unwrap_or(0))
}

/// The total payload size of all attachments.
pub(super) fn attachment_bytes(connection: &Connection) -> StoreResult<u64> {
    let total: i64 = connection
        .prepare_cached("SELECT coalesce(sum(payload_size), 0) FROM mpl_attachments")
        .and_then(|mut statement| statement.query_row([], |row| row.get(0)))
        .map_err(write_error)?;
    Ok(u64::try_from(total).unwrap_or(0))
}

/// The attachments to delete, oldest logs first, so that at most `budget` bytes remain.
pub(super) fn attachments_over_budget(connection: &Connection, budget: u64) -> StoreResult<Vec<i64>> {
    let total = attachment_bytes(connection)?;
    let mut excess = total.saturating_sub(budget);
    let mut doomed = Vec::new();
    if excess == 0 {
        return Ok(doomed);
    }
    let mut statement = connection.prepare_cached(ATTACHMENTS_BY_AGE).map_err(write_error)?;
    let mut rows = statement.query([]).map_err(write_error)?;
    while excess > 0 {
        let Some(row) = rows.next().map_err(write_error)? else { break };
        let (id, size): (i64, i64) = (row.get(0).map_err(write_error)?, row.get(1).map_err(write_error)?);
        doomed.push(id);
        excess = excess.saturating_sub(u64::try_from(size).unwrap_or(0));
    }
    Ok(doomed)
}

/// Deletes attachments (their payloads follow) in one transaction.
pub(super) fn delete_attachments(connection: &mut Connection, ids: &[i64]) -> StoreResult<u64> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(write_error)?;
    let mut deleted = 0;
    {
        let mut statement = tx.prepare_cached("DELETE FROM mpl_attachments WHERE id = ?1").map_err(write_error)?;
        for id in ids {
            deleted += statement.execute([id]).map_err(write_error)?;
        }
    }
    tx.commit().map_err(write_error)?;
    Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
}
