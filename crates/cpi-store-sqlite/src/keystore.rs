//! Keystore entries (certificates with their details) and certificate-to-user mappings.

use sqlx::Sqlite;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use uuid::Uuid;

use cpi_store::{CertificateDetails, CertificateUserMappingRecord, KeystoreEntryRecord, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_time, millis, uuid_text};
use crate::error::{Unique, backend, touched, write_error};

/// The columns an entry's certificate determines, in the order [`bind_certificate`] binds them.
macro_rules! certificate_columns {
    () => {
        "certificate, key_type, key_size, elliptic_curve, valid_not_before, valid_not_after, serial_number,
         signature_algorithm, subject_dn, issuer_dn, version, fingerprint_sha1, fingerprint_sha256,
         fingerprint_sha512, validity, status, entry_type, owner, last_modified_by, last_modified_time"
    };
}

const INSERT_ENTRY: &str = concat!(
    "INSERT INTO keystore_entries (",
    certificate_columns!(),
    ", created_by, created_time, alias, subaccount_id, keystore, hexalias)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
);

const UPDATE_ENTRY: &str = "UPDATE keystore_entries SET certificate = ?, key_type = ?, key_size = ?,
    elliptic_curve = ?, valid_not_before = ?, valid_not_after = ?, serial_number = ?,
    signature_algorithm = ?, subject_dn = ?, issuer_dn = ?, version = ?, fingerprint_sha1 = ?,
    fingerprint_sha256 = ?, fingerprint_sha512 = ?, validity = ?, status = ?, entry_type = ?, owner = ?,
    last_modified_by = ?, last_modified_time = ?
    WHERE subaccount_id = ? AND keystore = ? AND hexalias = ?";

const SELECT_ENTRY: &str = concat!(
    "SELECT ",
    certificate_columns!(),
    ", created_by, created_time, alias, keystore, hexalias FROM keystore_entries
     WHERE subaccount_id = ? AND keystore = ? AND hexalias = ?"
);

type SqliteQuery<'q> = Query<'q, Sqlite, SqliteArguments<'q>>;

/// Binds what an entry's certificate determines, in the order of [`certificate_columns!`].
fn bind_certificate<'q>(query: SqliteQuery<'q>, entry: &'q KeystoreEntryRecord) -> SqliteQuery<'q> {
    let d = &entry.details;
    query
        .bind(entry.certificate.as_slice())
        .bind(&d.key_type)
        .bind(d.key_size)
        .bind(&d.elliptic_curve)
        .bind(millis(d.valid_not_before))
        .bind(millis(d.valid_not_after))
        .bind(&d.serial_number)
        .bind(&d.signature_algorithm)
        .bind(&d.subject_dn)
        .bind(&d.issuer_dn)
        .bind(d.version)
        .bind(&d.fingerprint_sha1)
        .bind(&d.fingerprint_sha256)
        .bind(&d.fingerprint_sha512)
        .bind(&entry.validity)
        .bind(&entry.status)
        .bind(&entry.entry_type)
        .bind(&entry.owner)
        .bind(&entry.last_modified_by)
        .bind(millis(entry.last_modified_time))
}

fn entry_of(row: &SqliteRow) -> StoreResult<KeystoreEntryRecord> {
    let details = CertificateDetails {
        key_type: get(row, "key_type")?,
        key_size: get(row, "key_size")?,
        elliptic_curve: get(row, "elliptic_curve")?,
        valid_not_before: get_time(row, "valid_not_before")?,
        valid_not_after: get_time(row, "valid_not_after")?,
        serial_number: get(row, "serial_number")?,
        signature_algorithm: get(row, "signature_algorithm")?,
        subject_dn: get(row, "subject_dn")?,
        issuer_dn: get(row, "issuer_dn")?,
        version: get(row, "version")?,
        fingerprint_sha1: get(row, "fingerprint_sha1")?,
        fingerprint_sha256: get(row, "fingerprint_sha256")?,
        fingerprint_sha512: get(row, "fingerprint_sha512")?,
    };
    Ok(KeystoreEntryRecord {
        keystore: get(row, "keystore")?,
        hexalias: get(row, "hexalias")?,
        alias: get(row, "alias")?,
        entry_type: get(row, "entry_type")?,
        owner: get(row, "owner")?,
        certificate: get(row, "certificate")?,
        details,
        validity: get(row, "validity")?,
        status: get(row, "status")?,
        created_by: get(row, "created_by")?,
        created_time: get_time(row, "created_time")?,
        last_modified_by: get(row, "last_modified_by")?,
        last_modified_time: get_time(row, "last_modified_time")?,
    })
}

impl SqliteStore {
    pub(crate) async fn insert_keystore_entry(&self, subaccount: Uuid, entry: &KeystoreEntryRecord) -> StoreResult<()> {
        bind_certificate(sqlx::query(INSERT_ENTRY), entry)
            .bind(&entry.created_by)
            .bind(millis(entry.created_time))
            .bind(&entry.alias)
            .bind(uuid_text(subaccount))
            .bind(&entry.keystore)
            .bind(&entry.hexalias)
            .execute(&self.pool)
            .await
            .map_err(|err| {
                let exists = format!("keystore entry with alias \"{}\"", entry.alias);
                write_error(err, vec![Unique::new("keystore_entries.hexalias", exists)])
            })?;
        Ok(())
    }

    pub(crate) async fn update_keystore_entry(&self, subaccount: Uuid, entry: &KeystoreEntryRecord) -> StoreResult<()> {
        let done = bind_certificate(sqlx::query(UPDATE_ENTRY), entry)
            .bind(uuid_text(subaccount))
            .bind(&entry.keystore)
            .bind(&entry.hexalias)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    pub(crate) async fn select_keystore_entry(
        &self,
        subaccount: Uuid,
        keystore: &str,
        hexalias: &str,
    ) -> StoreResult<KeystoreEntryRecord> {
        let row = sqlx::query(SELECT_ENTRY)
            .bind(uuid_text(subaccount))
            .bind(keystore)
            .bind(hexalias)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        entry_of(&row.ok_or(StoreError::NotFound)?)
    }

    pub(crate) async fn remove_keystore_entry(
        &self,
        subaccount: Uuid,
        keystore: &str,
        hexalias: &str,
    ) -> StoreResult<()> {
        let done =
            sqlx::query("DELETE FROM keystore_entries WHERE subaccount_id = ? AND keystore = ? AND hexalias = ?")
                .bind(uuid_text(subaccount))
                .bind(keystore)
                .bind(hexalias)
                .execute(&self.pool)
                .await
                .map_err(backend)?;
        touched(done.rows_affected())
    }

    pub(crate) async fn upsert_certificate_user_mapping(
        &self,
        subaccount: Uuid,
        mapping: &CertificateUserMappingRecord,
    ) -> StoreResult<String> {
        let id: String = sqlx::query_scalar(
            "INSERT INTO certificate_user_mappings (subaccount_id, id, user_name, certificate, fingerprint,
                 valid_until, created_by, created_time, last_modified_by, last_modified_time)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (subaccount_id, fingerprint) DO UPDATE SET user_name = excluded.user_name,
                 last_modified_by = excluded.last_modified_by, last_modified_time = excluded.last_modified_time
             RETURNING id",
        )
        .bind(uuid_text(subaccount))
        .bind(&mapping.id)
        .bind(&mapping.user)
        .bind(mapping.certificate.as_slice())
        .bind(&mapping.fingerprint)
        .bind(millis(mapping.valid_until))
        .bind(&mapping.created_by)
        .bind(millis(mapping.created_time))
        .bind(&mapping.last_modified_by)
        .bind(millis(mapping.last_modified_time))
        .fetch_one(&self.pool)
        .await
        .map_err(|err| write_error(err, vec![Unique::new("certificate_user_mappings.id", mapping.id.clone())]))?;
        Ok(id)
    }

    pub(crate) async fn remove_certificate_user_mapping(&self, subaccount: Uuid, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM certificate_user_mappings WHERE subaccount_id = ? AND id = ?")
            .bind(uuid_text(subaccount))
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }
}
