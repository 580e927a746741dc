//! The Partner Directory's writes: one table per kind of entry (reads are the generic entity
//! read's, see `entities::sources::partners`).

use async_trait::async_trait;
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::partner::{
    AlternativePartner, AuthorizedUser, BinaryParameter, PartnerEntry, PartnerEntryKey, PartnerEntryKind,
    PartnerUpdate, StringParameter,
};
use cpi_store::{PartnerDirectoryStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{millis, uuid_text};
use crate::error::{Unique, backend, touched, write_error};

/// The table of each kind of entry (every one has `subaccount_id` and `pid`). A new kind of
/// entry adds its table here and to `entities::sources::partners::PARTNER_IDS`.
pub(crate) const PARTNER_ENTRY_TABLES: [(PartnerEntryKind, &str); 5] = [
    (PartnerEntryKind::StringParameters, "partner_string_parameters"),
    (PartnerEntryKind::BinaryParameters, "partner_binary_parameters"),
    (PartnerEntryKind::AlternativePartners, "partner_alternative_partners"),
    (PartnerEntryKind::AuthorizedUsers, "partner_authorized_users"),
    (PartnerEntryKind::UserCredentialParameters, "partner_user_credentials"),
];

#[async_trait]
impl PartnerDirectoryStore for SqliteStore {
    async fn create_partner_entry(&self, subaccount: Uuid, entry: &PartnerEntry) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let result = match entry {
            PartnerEntry::String(p) => insert_string(&sub, p).execute(&self.pool).await,
            PartnerEntry::Binary(p) => insert_binary(&sub, p).execute(&self.pool).await,
            PartnerEntry::Alternative(p) => insert_alternative(&sub, p).execute(&self.pool).await,
            PartnerEntry::AuthorizedUser(u) => insert_user(&sub, u).execute(&self.pool).await,
        };
        result.map_err(|err| write_error(err, conflicts(entry)))?;
        Ok(())
    }

    async fn update_partner_entry(
        &self,
        subaccount: Uuid,
        update: &PartnerUpdate,
        modified_by: &str,
        modified_at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let at = millis(modified_at);
        let query = match update {
            PartnerUpdate::String { pid, id, value } => sqlx::query(
                "UPDATE partner_string_parameters SET value = ?, last_modified_by = ?, last_modified_time = ?
                 WHERE subaccount_id = ? AND pid = ? AND id = ?",
            )
            .bind(value)
            .bind(modified_by)
            .bind(at)
            .bind(sub)
            .bind(pid)
            .bind(id),
            PartnerUpdate::Binary { pid, id, content_type, value } => sqlx::query(
                "UPDATE partner_binary_parameters SET content_type = ?, value = ?, last_modified_by = ?,
                 last_modified_time = ? WHERE subaccount_id = ? AND pid = ? AND id = ?",
            )
            .bind(content_type)
            .bind(value)
            .bind(modified_by)
            .bind(at)
            .bind(sub)
            .bind(pid)
            .bind(id),
            PartnerUpdate::Alternative { key, pid } => sqlx::query(
                "UPDATE partner_alternative_partners SET pid = ?, last_modified_by = ?, last_modified_time = ?
                 WHERE subaccount_id = ? AND hexagency = ? AND hexscheme = ? AND hexid = ?",
            )
            .bind(pid)
            .bind(modified_by)
            .bind(at)
            .bind(sub)
            .bind(&key.hexagency)
            .bind(&key.hexscheme)
            .bind(&key.hexid),
            PartnerUpdate::AuthorizedUser { user, pid } => sqlx::query(
                "UPDATE partner_authorized_users SET pid = ?, last_modified_by = ?, last_modified_time = ?
                 WHERE subaccount_id = ? AND user_name = ?",
            )
            .bind(pid)
            .bind(modified_by)
            .bind(at)
            .bind(sub)
            .bind(user),
        };
        let exists = || "an alternative partner of this partner with the same agency and scheme".to_owned();
        let rules = vec![Unique::new("partner_alternative_partners.pid", exists())];
        let done = query.execute(&self.pool).await.map_err(|err| write_error(err, rules))?;
        touched(done.rows_affected())
    }

    async fn delete_partner_entry(&self, subaccount: Uuid, key: &PartnerEntryKey) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let query = match key {
            PartnerEntryKey::String { pid, id } => {
                sqlx::query("DELETE FROM partner_string_parameters WHERE subaccount_id = ? AND pid = ? AND id = ?")
                    .bind(sub)
                    .bind(pid)
                    .bind(id)
            }
            PartnerEntryKey::Binary { pid, id } => {
                sqlx::query("DELETE FROM partner_binary_parameters WHERE subaccount_id = ? AND pid = ? AND id = ?")
                    .bind(sub)
                    .bind(pid)
                    .bind(id)
            }
            PartnerEntryKey::Alternative(key) => sqlx::query(
                "DELETE FROM partner_alternative_partners
                 WHERE subaccount_id = ? AND hexagency = ? AND hexscheme = ? AND hexid = ?",
            )
            .bind(sub)
            .bind(&key.hexagency)
            .bind(&key.hexscheme)
            .bind(&key.hexid),
            PartnerEntryKey::AuthorizedUser(user) => {
                sqlx::query("DELETE FROM partner_authorized_users WHERE subaccount_id = ? AND user_name = ?")
                    .bind(sub)
                    .bind(user)
            }
        };
        let done = query.execute(&self.pool).await.map_err(backend)?;
        touched(done.rows_affected())
    }

    async fn delete_partner(&self, subaccount: Uuid, pid: &str, keep: &[PartnerEntryKind]) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut found = false;
        for (kind, table) in PARTNER_ENTRY_TABLES {
            let exists: bool = sqlx::query_scalar(&format!(
                "SELECT EXISTS (SELECT 1 FROM {table} WHERE subaccount_id = ? AND pid = ?)"
            ))
            .bind(&sub)
            .bind(pid)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            found |= exists;
            if exists && !keep.contains(&kind) {
                sqlx::query(&format!("DELETE FROM {table} WHERE subaccount_id = ? AND pid = ?"))
                    .bind(&sub)
                    .bind(pid)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
        }
        if !found {
            return Err(StoreError::NotFound);
        }
        tx.commit().await.map_err(backend)
    }
}

type Insert<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

fn insert_string<'q>(sub: &'q str, p: &'q StringParameter) -> Insert<'q> {
    sqlx::query(
        "INSERT INTO partner_string_parameters (subaccount_id, pid, id, value, created_by, created_time,
         last_modified_by, last_modified_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(sub)
    .bind(&p.pid)
    .bind(&p.id)
    .bind(&p.value)
    .bind(&p.audit.created_by)
    .bind(millis(p.audit.created_time))
    .bind(&p.audit.last_modified_by)
    .bind(millis(p.audit.last_modified_time))
}

fn insert_binary<'q>(sub: &'q str, p: &'q BinaryParameter) -> Insert<'q> {
    sqlx::query(
        "INSERT INTO partner_binary_parameters (subaccount_id, pid, id, content_type, value, created_by,
         created_time, last_modified_by, last_modified_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(sub)
    .bind(&p.pid)
    .bind(&p.id)
    .bind(&p.content_type)
    .bind(&p.value)
    .bind(&p.audit.created_by)
    .bind(millis(p.audit.created_time))
    .bind(&p.audit.last_modified_by)
    .bind(millis(p.audit.last_modified_time))
}

fn insert_alternative<'q>(sub: &'q str, p: &'q AlternativePartner) -> Insert<'q> {
    let key = p.key();
    sqlx::query(
        "INSERT INTO partner_alternative_partners (subaccount_id, hexagency, hexscheme, hexid, agency, scheme,
         id, pid, created_by, created_time, last_modified_by, last_modified_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(sub)
    .bind(key.hexagency)
    .bind(key.hexscheme)
    .bind(key.hexid)
    .bind(&p.agency)
    .bind(&p.scheme)
    .bind(&p.id)
    .bind(&p.pid)
    .bind(&p.audit.created_by)
    .bind(millis(p.audit.created_time))
    .bind(&p.audit.last_modified_by)
    .bind(millis(p.audit.last_modified_time))
}

fn insert_user<'q>(sub: &'q str, u: &'q AuthorizedUser) -> Insert<'q> {
    sqlx::query(
        "INSERT INTO partner_authorized_users (subaccount_id, user_name, pid, created_by, created_time,
         last_modified_by, last_modified_time) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(sub)
    .bind(&u.user)
    .bind(&u.pid)
    .bind(&u.audit.created_by)
    .bind(millis(u.audit.created_time))
    .bind(&u.audit.last_modified_by)
    .bind(millis(u.audit.last_modified_time))
}

/// The uniqueness rules an entry's insert may break, first the key's.
fn conflicts(entry: &PartnerEntry) -> Vec<Unique> {
    match entry {
        PartnerEntry::String(p) => vec![Unique::new(
            "partner_string_parameters.pid",
            format!("string parameter with partner ID {} and parameter ID {}", p.pid, p.id),
        )],
        PartnerEntry::Binary(p) => vec![Unique::new(
            "partner_binary_parameters.pid",
            format!("binary parameter with partner ID {} and parameter ID {}", p.pid, p.id),
        )],
        PartnerEntry::Alternative(p) => vec![
            Unique::new(
                "partner_alternative_partners.hexagency",
                format!("alternative partner with ID {}, scheme {} and agency {}", p.id, p.scheme, p.agency),
            ),
            Unique::new(
                "partner_alternative_partners.pid",
                format!("alternative partner of partner {} with scheme {} and agency {}", p.pid, p.scheme, p.agency),
            ),
        ],
        PartnerEntry::AuthorizedUser(u) => {
            vec![Unique::new("partner_authorized_users.user_name", format!("authorized user {}", u.user))]
        }
    }
}
