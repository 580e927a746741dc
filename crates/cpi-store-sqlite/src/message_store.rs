//! What flows keep at runtime: persisted messages (here), data stores and variables
//! (`data_stores`), number ranges (`number_ranges`), the JMS broker's limits and expiry.
//! Payloads sit in tables of their own; lists are the generic entity read's.

mod data_stores;
mod number_ranges;

use async_trait::async_trait;
use sqlx::SqliteConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::message_store::{
    Content, DataStoreEntry, DataStoreKey, DataStoreMessage, JmsBrokerLimits, NamedValue, NumberRange,
    StoredAttachment, StoredMessage, Variable,
};
use cpi_store::{Expired, MessageStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, millis, uuid_text};
use crate::error::{Unique, backend, write_error};

#[async_trait]
impl MessageStore for SqliteStore {
    async fn store_message(&self, subaccount: Uuid, message: &StoredMessage) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO message_store_entries (subaccount_id, id, message_guid, message_store_id, time_stamp,
             has_attachments, retain_until) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&sub)
        .bind(&message.id)
        .bind(&message.message_guid)
        .bind(&message.message_store_id)
        .bind(millis(message.time_stamp))
        .bind(!message.attachments.is_empty())
        .bind(millis(message.retain_until))
        .execute(&mut *tx)
        .await
        .map_err(|err| write_error(err, vec![Unique::new("message_store_entries.id", entry_exists(&message.id))]))?;
        sqlx::query(
            "INSERT INTO message_store_payloads (subaccount_id, entry_id, content_type, payload) VALUES (?, ?, ?, ?)",
        )
        .bind(&sub)
        .bind(&message.id)
        .bind(&message.content_type)
        .bind(&message.payload)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_properties(
            &mut tx,
            "message_store_entry_properties",
            "entry_id",
            &sub,
            &message.id,
            &message.properties,
        )
        .await?;
        for (position, attachment) in message.attachments.iter().enumerate() {
            insert_attachment(&mut tx, &sub, &message.id, position, attachment).await?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn stored_message_payload(&self, subaccount: Uuid, entry_id: &str) -> StoreResult<Content> {
        self.content(
            "SELECT content_type, payload AS bytes FROM message_store_payloads WHERE subaccount_id = ? AND entry_id = ?",
            subaccount,
            entry_id,
        )
        .await
    }

    async fn stored_attachment_content(&self, subaccount: Uuid, attachment_id: &str) -> StoreResult<Content> {
        self.content(
            "SELECT a.content_type, c.content AS bytes FROM message_store_attachments a
             JOIN message_store_attachment_contents c ON c.subaccount_id = a.subaccount_id AND c.attachment_id = a.id
             WHERE a.subaccount_id = ? AND a.id = ?",
            subaccount,
            attachment_id,
        )
        .await
    }

    async fn write_data_store_entry(
        &self,
        subaccount: Uuid,
        entry: &DataStoreEntry,
        overwrite: bool,
    ) -> StoreResult<()> {
        self.write_entry(subaccount, entry, overwrite).await
    }

    async fn data_store_message(
        &self,
        subaccount: Uuid,
        store: &DataStoreKey,
        id: &str,
    ) -> StoreResult<DataStoreMessage> {
        self.entry_message(subaccount, store, id).await
    }

    async fn delete_data_store_entry(&self, subaccount: Uuid, store: &DataStoreKey, id: &str) -> StoreResult<()> {
        self.delete_entries(subaccount, store, Some(id)).await
    }

    async fn delete_data_store(&self, subaccount: Uuid, store: &DataStoreKey) -> StoreResult<()> {
        self.delete_entries(subaccount, store, None).await
    }

    async fn set_variable(&self, subaccount: Uuid, variable: &Variable) -> StoreResult<()> {
        self.put_variable(subaccount, variable).await
    }

    async fn get_variable(&self, subaccount: Uuid, name: &str, integration_flow: &str) -> StoreResult<Variable> {
        self.read_variable(subaccount, name, integration_flow).await
    }

    async fn delete_variable(&self, subaccount: Uuid, name: &str, integration_flow: &str) -> StoreResult<()> {
        self.remove_variable(subaccount, name, integration_flow).await
    }

    async fn create_number_range(&self, subaccount: Uuid, range: &NumberRange) -> StoreResult<()> {
        self.insert_number_range(subaccount, range).await
    }

    async fn replace_number_range(&self, subaccount: Uuid, range: &NumberRange) -> StoreResult<()> {
        self.update_number_range(subaccount, range).await
    }

    async fn get_number_range(&self, subaccount: Uuid, name: &str) -> StoreResult<NumberRange> {
        self.read_number_range(subaccount, name).await
    }

    async fn delete_number_range(&self, subaccount: Uuid, name: &str) -> StoreResult<()> {
        self.remove_number_range(subaccount, name).await
    }

    async fn next_number(&self, subaccount: Uuid, name: &str) -> StoreResult<Option<u64>> {
        self.draw_number(subaccount, name).await
    }

    async fn set_jms_broker_limits(&self, subaccount: Uuid, limits: &JmsBrokerLimits) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO jms_broker_limits (subaccount_id, max_capacity, max_queues) VALUES (?, ?, ?)
             ON CONFLICT (subaccount_id) DO UPDATE SET max_capacity = excluded.max_capacity,
             max_queues = excluded.max_queues",
        )
        .bind(uuid_text(subaccount))
        .bind(i64::try_from(limits.max_capacity).unwrap_or(i64::MAX))
        .bind(i64::try_from(limits.max_queues).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await
        .map_err(|err| write_error(err, Vec::new()))?;
        Ok(())
    }

    async fn expire_runtime_data(&self, now: OffsetDateTime) -> StoreResult<Expired> {
        let now = millis(now);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut run = async |sql: &str| -> StoreResult<u64> {
            let done = sqlx::query(sql).bind(now).execute(&mut *tx).await.map_err(backend)?;
            Ok(done.rows_affected())
        };
        let expired = Expired {
            messages: run("DELETE FROM message_store_entries WHERE retain_until < ?").await?,
            data_store_entries: run("DELETE FROM data_store_entries WHERE retain_until < ?").await?,
            variables: run("DELETE FROM variables WHERE retain_until < ?").await?,
            overdue: run("UPDATE data_store_entries SET status = 'Overdue' WHERE status = 'Waiting' AND due_at < ?")
                .await?,
        };
        tx.commit().await.map_err(backend)?;
        Ok(expired)
    }
}

impl SqliteStore {
    /// Reads `content_type` and `bytes` of the one row a statement selects by subaccount and id.
    async fn content(&self, sql: &'static str, subaccount: Uuid, id: &str) -> StoreResult<Content> {
        let row = sqlx::query(sql)
            .bind(uuid_text(subaccount))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound)?;
        Ok(Content { content_type: get(&row, "content_type")?, bytes: get(&row, "bytes")? })
    }
}

fn entry_exists(id: &str) -> String {
    format!("message store entry {id}")
}

/// Inserts named values under a parent, keeping their order.
async fn insert_properties(
    tx: &mut SqliteConnection,
    table: &'static str,
    parent_column: &'static str,
    sub: &str,
    parent: &str,
    properties: &[NamedValue],
) -> StoreResult<()> {
    let sql =
        format!("INSERT INTO {table} (subaccount_id, {parent_column}, position, name, value) VALUES (?, ?, ?, ?, ?)");
    for (position, (name, value)) in properties.iter().enumerate() {
        sqlx::query(&sql)
            .bind(sub)
            .bind(parent)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(name)
            .bind(value)
            .execute(&mut *tx)
            .await
            .map_err(|err| write_error(err, vec![Unique::new("name", format!("property {name} of {parent}"))]))?;
    }
    Ok(())
}

async fn insert_attachment(
    tx: &mut SqliteConnection,
    sub: &str,
    entry_id: &str,
    position: usize,
    attachment: &StoredAttachment,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO message_store_attachments (subaccount_id, id, entry_id, position, name, content_type)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(sub)
    .bind(&attachment.id)
    .bind(entry_id)
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(&attachment.name)
    .bind(&attachment.content_type)
    .execute(&mut *tx)
    .await
    .map_err(|err| {
        write_error(err, vec![Unique::new("message_store_attachments.id", format!("attachment {}", attachment.id))])
    })?;
    sqlx::query(
        "INSERT INTO message_store_attachment_contents (subaccount_id, attachment_id, content) VALUES (?, ?, ?)",
    )
    .bind(sub)
    .bind(&attachment.id)
    .bind(&attachment.content)
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    insert_properties(
        tx,
        "message_store_attachment_properties",
        "attachment_id",
        sub,
        &attachment.id,
        &attachment.properties,
    )
    .await
}
