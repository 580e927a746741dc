//! Batched insertion of logs with their children: one `BEGIN IMMEDIATE` transaction, cached
//! prepared statements, children keyed by the log's rowid.

use rusqlite::{CachedStatement, Connection, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use cpi_domain::monitoring::{MplAdapterAttribute, MplAttachment, MplCustomHeader, MplError, MplRun, NewMpl};
use cpi_store::{StoreError, StoreResult};

use super::writer::{is_unique_violation, write_error};
use crate::columns::{millis, uuid_text};

const INSERT_LOG: &str = "INSERT INTO message_processing_logs (subaccount, message_guid, correlation_id, \
     application_message_id, predecessor_message_guid, application_message_type, log_start, log_end, sender, \
     receiver, status, alternate_web_link, log_level, custom_status, archiving_status, transaction_id, \
     previous_component_name, local_component_name, origin_component_name, artifact_id, artifact_name, \
     artifact_type, package_id, package_name) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";
const INSERT_ATTACHMENT: &str = "INSERT INTO mpl_attachments \
     (mpl, subaccount, attachment_id, name, content_type, time_stamp, payload_size) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const INSERT_PAYLOAD: &str = "INSERT INTO mpl_attachment_payloads (attachment, payload) VALUES (?1, ?2)";
const INSERT_HEADER: &str = "INSERT INTO mpl_custom_headers (mpl, name, value) VALUES (?1, ?2, ?3)";
const INSERT_ATTRIBUTE: &str = "INSERT INTO mpl_adapter_attributes \
     (mpl, adapter_id, adapter_message_id, name, value) VALUES (?1, ?2, ?3, ?4, ?5)";
const INSERT_ERROR: &str = "INSERT INTO mpl_errors (mpl, type, last_error_model_step_id, text) VALUES (?1, ?2, ?3, ?4)";
const INSERT_RUN: &str = "INSERT INTO mpl_runs \
     (mpl, run_id, run_start, run_stop, log_level, overall_state, process_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// Inserts a batch in one transaction; nothing is written if any row fails.
pub(super) fn insert_batch(connection: &mut Connection, subaccount: Uuid, batch: &[NewMpl]) -> StoreResult<()> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(write_error)?;
    let number = subaccount_number(&tx, subaccount)?;
    let mut statements = Statements::prepare(&tx)?;
    for mpl in batch {
        statements.insert(number, mpl)?;
    }
    drop(statements);
    tx.commit().map_err(write_error)
}

/// The subaccount's number in the log tables, given on its first log. NotFound if the
/// subaccount does not exist.
fn subaccount_number(tx: &Transaction<'_>, subaccount: Uuid) -> StoreResult<i64> {
    let id = uuid_text(subaccount);
    tx.prepare_cached("INSERT OR IGNORE INTO mpl_subaccounts (subaccount_id) VALUES (?1)")
        .and_then(|mut statement| statement.execute([&id]))
        .map_err(write_error)?;
    tx.prepare_cached("SELECT number FROM mpl_subaccounts WHERE subaccount_id = ?1")
        .and_then(|mut statement| statement.query_row([&id], |row| row.get(0)))
        .map_err(write_error)
}

/// The prepared statements of one batch.
struct Statements<'c> {
    log: CachedStatement<'c>,
    attachment: CachedStatement<'c>,
    payload: CachedStatement<'c>,
    header: CachedStatement<'c>,
    attribute: CachedStatement<'c>,
    error: CachedStatement<'c>,
    run: CachedStatement<'c>,
}

impl<'c> Statements<'c> {
    fn prepare(tx: &'c Transaction<'_>) -> StoreResult<Self> {
        let prepare = |sql: &str| tx.prepare_cached(sql).map_err(write_error);
        Ok(Statements {
            log: prepare(INSERT_LOG)?,
            attachment: prepare(INSERT_ATTACHMENT)?,
            payload: prepare(INSERT_PAYLOAD)?,
            header: prepare(INSERT_HEADER)?,
            attribute: prepare(INSERT_ATTRIBUTE)?,
            error: prepare(INSERT_ERROR)?,
            run: prepare(INSERT_RUN)?,
        })
    }

    fn insert(&mut self, number: i64, mpl: &NewMpl) -> StoreResult<()> {
        let log = &mpl.log;
        let a = &log.artifact;
        let inserted = self.log.insert(params![
            number,
            log.message_guid,
            log.correlation_id,
            log.application_message_id,
            log.predecessor_message_guid,
            log.application_message_type,
            millis(log.log_start),
            log.log_end.map(millis),
            log.sender,
            log.receiver,
            log.status.as_str(),
            log.alternate_web_link,
            log.log_level,
            log.custom_status,
            log.archiving_status,
            log.transaction_id,
            log.previous_component_name,
            log.local_component_name,
            log.origin_component_name,
            a.id,
            a.name,
            a.kind,
            a.package_id,
            a.package_name,
        ]);
        let row =
            inserted.map_err(|err| conflict_or(err, || format!("message processing log {}", log.message_guid)))?;
        for attachment in &mpl.attachments {
            self.insert_attachment(number, row, attachment)?;
        }
        for header in &mpl.custom_headers {
            self.insert_header(row, header)?;
        }
        for attribute in &mpl.adapter_attributes {
            self.insert_attribute(row, attribute)?;
        }
        if let Some(error) = &mpl.error {
            self.insert_error(row, error)?;
        }
        for run in &mpl.runs {
            self.insert_run(row, run)?;
        }
        Ok(())
    }

    fn insert_attachment(&mut self, number: i64, row: i64, attachment: &MplAttachment) -> StoreResult<()> {
        let size = i64::try_from(attachment.payload.len()).unwrap_or(i64::MAX);
        let id = self
            .attachment
            .insert(params![
                row,
                number,
                attachment.id,
                attachment.name,
                attachment.content_type,
                millis(attachment.timestamp),
                size
            ])
            .map_err(|err| conflict_or(err, || format!("attachment {}", attachment.id)))?;
        self.payload.execute(params![id, attachment.payload]).map_err(write_error)?;
        Ok(())
    }

    fn insert_header(&mut self, row: i64, header: &MplCustomHeader) -> StoreResult<()> {
        self.header.execute(params![row, header.name, header.value]).map_err(write_error)?;
        Ok(())
    }

    fn insert_attribute(&mut self, row: i64, attribute: &MplAdapterAttribute) -> StoreResult<()> {
        let values = params![row, attribute.adapter_id, attribute.adapter_message_id, attribute.name, attribute.value];
        self.attribute.execute(values).map_err(write_error)?;
        Ok(())
    }

    fn insert_error(&mut self, row: i64, error: &MplError) -> StoreResult<()> {
        let values = params![row, error.kind, error.last_error_model_step_id, error.text];
        self.error.execute(values).map_err(write_error)?;
        Ok(())
    }

    fn insert_run(&mut self, row: i64, run: &MplRun) -> StoreResult<()> {
        let values = params![
            row,
            run.id,
            millis(run.run_start),
            run.run_stop.map(millis),
            run.log_level,
            run.overall_state,
            run.process_id
        ];
        self.run.execute(values).map_err(write_error)?;
        Ok(())
    }
}

/// A uniqueness violation becomes a conflict naming what exists.
fn conflict_or(err: rusqlite::Error, exists: impl FnOnce() -> String) -> StoreError {
    if is_unique_violation(&err) { StoreError::Conflict(exists()) } else { write_error(err) }
}
