//! What integration flows keep at runtime (SAP's "Message Stores" API): persisted messages,
//! data stores, variables, number ranges and the JMS broker's limits. The runtime writes through
//! these methods; the API lists them through the generic entity read and reads payloads here.

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::message_store::{
    Content, DataStoreEntry, DataStoreKey, DataStoreMessage, JmsBrokerLimits, NumberRange, StoredMessage, Variable,
};

use crate::StoreResult;

/// What [`MessageStore::expire_runtime_data`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expired {
    /// Persisted messages deleted.
    pub messages: u64,
    /// Data store entries deleted.
    pub data_store_entries: u64,
    /// Variables deleted.
    pub variables: u64,
    /// Data store entries that became overdue.
    pub overdue: u64,
}

/// Persisted messages, data stores, variables, number ranges and the JMS broker.
#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Stores a message with its properties and attachments in one transaction; Conflict if
    /// the entry id or an attachment id is taken.
    async fn store_message(&self, subaccount: Uuid, message: &StoredMessage) -> StoreResult<()>;
    /// A persisted message's payload.
    async fn stored_message_payload(&self, subaccount: Uuid, entry_id: &str) -> StoreResult<Content>;
    /// An attachment's content.
    async fn stored_attachment_content(&self, subaccount: Uuid, attachment_id: &str) -> StoreResult<Content>;

    /// Writes a data store entry; an existing entry of the same id in the same store is
    /// replaced when `overwrite`, else it is a Conflict.
    async fn write_data_store_entry(
        &self,
        subaccount: Uuid,
        entry: &DataStoreEntry,
        overwrite: bool,
    ) -> StoreResult<()>;
    /// A data store entry's message.
    async fn data_store_message(
        &self,
        subaccount: Uuid,
        store: &DataStoreKey,
        id: &str,
    ) -> StoreResult<DataStoreMessage>;
    /// Deletes a data store entry; NotFound if it does not exist.
    async fn delete_data_store_entry(&self, subaccount: Uuid, store: &DataStoreKey, id: &str) -> StoreResult<()>;
    /// Deletes a data store (every entry in it); NotFound if it holds none.
    async fn delete_data_store(&self, subaccount: Uuid, store: &DataStoreKey) -> StoreResult<()>;

    /// Sets a variable (creating or replacing it).
    async fn set_variable(&self, subaccount: Uuid, variable: &Variable) -> StoreResult<()>;
    /// One variable with its value.
    async fn get_variable(&self, subaccount: Uuid, name: &str, integration_flow: &str) -> StoreResult<Variable>;
    /// Deletes a variable; NotFound if it does not exist.
    async fn delete_variable(&self, subaccount: Uuid, name: &str, integration_flow: &str) -> StoreResult<()>;

    /// Creates a number range; Conflict if the name is taken.
    async fn create_number_range(&self, subaccount: Uuid, range: &NumberRange) -> StoreResult<()>;
    /// Replaces a number range (same name); NotFound if it does not exist.
    async fn replace_number_range(&self, subaccount: Uuid, range: &NumberRange) -> StoreResult<()>;
    /// One number range.
    async fn get_number_range(&self, subaccount: Uuid, name: &str) -> StoreResult<NumberRange>;
    /// Deletes a number range; NotFound if it does not exist.
    async fn delete_number_range(&self, subaccount: Uuid, name: &str) -> StoreResult<()>;
    /// Draws the next number atomically (concurrent callers never get the same number unless
    /// the range rotates): `None` when the range is exhausted and does not rotate.
    async fn next_number(&self, subaccount: Uuid, name: &str) -> StoreResult<Option<u64>>;

    /// Sets the limits of the tenant's JMS broker (the defaults apply until then).
    async fn set_jms_broker_limits(&self, subaccount: Uuid, limits: &JmsBrokerLimits) -> StoreResult<()>;

    /// Keeps time-dependent state current: deletes persisted messages, data store entries and
    /// variables retained until before `now`, and marks entries due before `now` overdue.
    async fn expire_runtime_data(&self, now: OffsetDateTime) -> StoreResult<Expired>;
}
