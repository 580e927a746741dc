//! The Partner Directory's writes. Reads go through the generic entity read
//! ([`crate::EntityReader`] with the `Partners`, `StringParameters`, `BinaryParameters`,
//! `AlternativePartners` and `AuthorizedUsers` sources).

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::partner::{PartnerEntry, PartnerEntryKey, PartnerEntryKind, PartnerUpdate};

use crate::StoreResult;

/// Partners and their entries. A partner exists while any entry names its id.
#[async_trait]
pub trait PartnerDirectoryStore: Send + Sync {
    /// Creates an entry. Conflict if its key is taken, or, for an alternative partner, if the
    /// partner already has an id with the same agency and scheme (SAP's uniqueness rules).
    async fn create_partner_entry(&self, subaccount: Uuid, entry: &PartnerEntry) -> StoreResult<()>;
    /// Changes an entry's non-key fields and records who changed it when (its creation stays).
    /// NotFound if it does not exist; Conflict as for create.
    async fn update_partner_entry(
        &self,
        subaccount: Uuid,
        update: &PartnerUpdate,
        modified_by: &str,
        modified_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Deletes an entry; NotFound if it does not exist.
    async fn delete_partner_entry(&self, subaccount: Uuid, key: &PartnerEntryKey) -> StoreResult<()>;
    /// Deletes every entry of a partner except those of the `keep` kinds, in one transaction;
    /// NotFound if the partner has no entries at all.
    async fn delete_partner(&self, subaccount: Uuid, pid: &str, keep: &[PartnerEntryKind]) -> StoreResult<()>;
}
