//! [`SecurityStore`] for SQLite: credentials and partner credentials (`credentials.rs`), keystore
//! entries and certificate mappings (`keystore.rs`), and here access policies with their artifact
//! references.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use cpi_store::{
    AccessPolicyRecord, ArtifactReferenceFields, CertificateUserMappingRecord, Credential, CredentialKind,
    KeystoreEntryRecord, PartnerUserCredentialRecord, SecurityStore, StoreError, StoreResult,
};

use crate::SqliteStore;
use crate::columns::{get, uuid_text};
use crate::error::{Unique, backend, touched, write_error};

const INSERT_REFERENCE: &str = "INSERT INTO artifact_references (subaccount_id, policy_id, name, description,
    artifact_type, condition_attribute, condition_value, condition_type)
    SELECT ?, id, ?, ?, ?, ?, ?, ? FROM access_policies WHERE subaccount_id = ? AND id = ?
    RETURNING id";

fn role_taken(role_name: &str) -> Vec<Unique> {
    vec![Unique::new("access_policies.role_name", format!("access policy with role name '{role_name}'"))]
}

/// Adds one reference to a policy of the subaccount; NotFound if there is no such policy.
async fn insert_reference<'e, E>(
    executor: E,
    subaccount: Uuid,
    policy: i64,
    reference: &ArtifactReferenceFields,
) -> StoreResult<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
{
    let sub = uuid_text(subaccount);
    let id: Option<i64> = sqlx::query_scalar(INSERT_REFERENCE)
        .bind(&sub)
        .bind(&reference.name)
        .bind(&reference.description)
        .bind(&reference.artifact_type)
        .bind(&reference.condition_attribute)
        .bind(&reference.condition_value)
        .bind(&reference.condition_type)
        .bind(&sub)
        .bind(policy)
        .fetch_optional(executor)
        .await
        .map_err(|err| write_error(err, Vec::new()))?;
    id.ok_or(StoreError::NotFound)
}

fn policy_of(row: &SqliteRow) -> StoreResult<AccessPolicyRecord> {
    Ok(AccessPolicyRecord {
        id: get(row, "id")?,
        role_name: get(row, "role_name")?,
        description: get(row, "description")?,
    })
}

#[async_trait]
impl SecurityStore for SqliteStore {
    async fn create_credential(&self, subaccount: Uuid, credential: &Credential) -> StoreResult<()> {
        self.insert_credential(subaccount, credential).await
    }

    async fn replace_credential(&self, subaccount: Uuid, credential: &Credential) -> StoreResult<()> {
        self.update_credential(subaccount, credential).await
    }

    async fn get_credential(&self, subaccount: Uuid, kind: CredentialKind, name: &str) -> StoreResult<Credential> {
        self.select_credential(subaccount, kind, name).await
    }

    async fn delete_credential(&self, subaccount: Uuid, kind: CredentialKind, name: &str) -> StoreResult<()> {
        self.remove_credential(subaccount, kind, name).await
    }

    async fn create_keystore_entry(&self, subaccount: Uuid, entry: &KeystoreEntryRecord) -> StoreResult<()> {
        self.insert_keystore_entry(subaccount, entry).await
    }

    async fn replace_keystore_entry(&self, subaccount: Uuid, entry: &KeystoreEntryRecord) -> StoreResult<()> {
        self.update_keystore_entry(subaccount, entry).await
    }

    async fn get_keystore_entry(
        &self,
        subaccount: Uuid,
        keystore: &str,
        hexalias: &str,
    ) -> StoreResult<KeystoreEntryRecord> {
        self.select_keystore_entry(subaccount, keystore, hexalias).await
    }

    async fn delete_keystore_entry(&self, subaccount: Uuid, keystore: &str, hexalias: &str) -> StoreResult<()> {
        self.remove_keystore_entry(subaccount, keystore, hexalias).await
    }

    async fn put_certificate_user_mapping(
        &self,
        subaccount: Uuid,
        mapping: &CertificateUserMappingRecord,
    ) -> StoreResult<String> {
        self.upsert_certificate_user_mapping(subaccount, mapping).await
    }

    async fn delete_certificate_user_mapping(&self, subaccount: Uuid, id: &str) -> StoreResult<()> {
        self.remove_certificate_user_mapping(subaccount, id).await
    }

    async fn create_access_policy(
        &self,
        subaccount: Uuid,
        role_name: &str,
        description: Option<&str>,
        references: &[ArtifactReferenceFields],
    ) -> StoreResult<i64> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO access_policies (subaccount_id, role_name, description) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(uuid_text(subaccount))
        .bind(role_name)
        .bind(description)
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| write_error(err, role_taken(role_name)))?;
        for reference in references {
            insert_reference(&mut *tx, subaccount, id, reference).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn get_access_policy(&self, subaccount: Uuid, id: i64) -> StoreResult<AccessPolicyRecord> {
        let row =
            sqlx::query("SELECT id, role_name, description FROM access_policies WHERE subaccount_id = ? AND id = ?")
                .bind(uuid_text(subaccount))
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        policy_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn update_access_policy(&self, subaccount: Uuid, policy: &AccessPolicyRecord) -> StoreResult<()> {
        let done =
            sqlx::query("UPDATE access_policies SET role_name = ?, description = ? WHERE subaccount_id = ? AND id = ?")
                .bind(&policy.role_name)
                .bind(&policy.description)
                .bind(uuid_text(subaccount))
                .bind(policy.id)
                .execute(&self.pool)
                .await
                .map_err(|err| write_error(err, role_taken(&policy.role_name)))?;
        touched(done.rows_affected())
    }

    async fn delete_access_policy(&self, subaccount: Uuid, id: i64) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM access_policies WHERE subaccount_id = ? AND id = ?")
            .bind(uuid_text(subaccount))
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    async fn create_artifact_reference(
        &self,
        subaccount: Uuid,
        policy: i64,
        reference: &ArtifactReferenceFields,
    ) -> StoreResult<i64> {
        insert_reference(&self.pool, subaccount, policy, reference).await
    }

    async fn delete_artifact_reference(&self, subaccount: Uuid, id: i64) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM artifact_references WHERE subaccount_id = ? AND id = ?")
            .bind(uuid_text(subaccount))
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    async fn put_partner_user_credential(
        &self,
        subaccount: Uuid,
        credential: &PartnerUserCredentialRecord,
    ) -> StoreResult<()> {
        self.upsert_partner_user_credential(subaccount, credential).await
    }

    async fn get_partner_user_credential(
        &self,
        subaccount: Uuid,
        pid: &str,
        id: &str,
    ) -> StoreResult<PartnerUserCredentialRecord> {
        self.select_partner_user_credential(subaccount, pid, id).await
    }

    async fn delete_partner_user_credential(&self, subaccount: Uuid, pid: &str, id: &str) -> StoreResult<()> {
        self.remove_partner_user_credential(subaccount, pid, id).await
    }
}
