//! Credentials of the SecurityContent service and the partner directory's user credentials.
//! Secret values arrive and are stored as sealed blobs only.

use sqlx::Sqlite;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use uuid::Uuid;

use cpi_store::{
    Credential, CredentialKind, Deployed, OAuth2ClientCredentialRecord, PartnerUserCredentialRecord, Sealed,
    SecureParameterRecord, StoreError, StoreResult, UserCredentialRecord,
};

use crate::SqliteStore;
use crate::columns::{get, get_time, millis, uuid_text};
use crate::error::{Unique, backend, touched, write_error};

type SqliteQuery<'q> = Query<'q, Sqlite, SqliteArguments<'q>>;

/// SQL of one credential set: its table and statements. Every statement binds the fields first,
/// then `subaccount_id` and `name`.
struct CredentialSql {
    table: &'static str,
    insert: &'static str,
    update: &'static str,
    select: &'static str,
    delete: &'static str,
}

macro_rules! credential_sql {
    ($table:literal, [$($column:literal),+], $placeholders:literal) => {
        CredentialSql {
            table: $table,
            insert: concat!(
                "INSERT INTO ", $table, " (", $($column, ", ",)+ "subaccount_id, name) VALUES (", $placeholders, ", ?, ?)"
            ),
            update: concat!(
                "UPDATE ", $table, " SET ", $($column, " = ?, ",)+ "name = name WHERE subaccount_id = ? AND name = ?"
            ),
            select: concat!(
                "SELECT ", $($column, ", ",)+ "name FROM ", $table, " WHERE subaccount_id = ? AND name = ?"
            ),
            delete: concat!("DELETE FROM ", $table, " WHERE subaccount_id = ? AND name = ?"),
        }
    };
}

const USER: CredentialSql = credential_sql!(
    "user_credentials",
    ["kind", "description", "user_name", "password_ciphertext", "company_id", "deployed_by", "deployed_on"],
    "?, ?, ?, ?, ?, ?, ?"
);

const SECURE_PARAMETER: CredentialSql = credential_sql!(
    "secure_parameters",
    ["description", "value_ciphertext", "deployed_by", "deployed_on"],
    "?, ?, ?, ?"
);

const OAUTH2_CLIENT: CredentialSql = credential_sql!(
    "oauth2_client_credentials",
    [
        "description",
        "token_service_url",
        "client_id",
        "client_secret_ciphertext",
        "client_authentication",
        "scope",
        "scope_content_type",
        "resource",
        "audience",
        "custom_parameters",
        "deployed_by",
        "deployed_on"
    ],
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
);

fn sql_of(kind: CredentialKind) -> &'static CredentialSql {
    match kind {
        CredentialKind::User => &USER,
        CredentialKind::SecureParameter => &SECURE_PARAMETER,
        CredentialKind::OAuth2Client => &OAUTH2_CLIENT,
    }
}

fn sealed(value: Option<&Sealed>) -> Option<&[u8]> {
    value.map(|s| s.0.as_slice())
}

/// Binds the fields of a credential in its set's column order.
fn bind_credential<'q>(query: SqliteQuery<'q>, credential: &'q Credential) -> SqliteQuery<'q> {
    let query = match credential {
        Credential::User(c) => query
            .bind(&c.kind)
            .bind(&c.description)
            .bind(&c.user)
            .bind(sealed(c.password.as_ref()))
            .bind(&c.company_id)
            .bind(&c.deployed.by),
        Credential::SecureParameter(c) => query.bind(&c.description).bind(c.value.0.as_slice()).bind(&c.deployed.by),
        Credential::OAuth2Client(c) => query
            .bind(&c.description)
            .bind(&c.token_service_url)
            .bind(&c.client_id)
            .bind(sealed(c.client_secret.as_ref()))
            .bind(&c.client_authentication)
            .bind(&c.scope)
            .bind(&c.scope_content_type)
            .bind(&c.resource)
            .bind(&c.audience)
            .bind(&c.custom_parameters)
            .bind(&c.deployed.by),
    };
    let deployed_on = match credential {
        Credential::User(c) => c.deployed.on,
        Credential::SecureParameter(c) => c.deployed.on,
        Credential::OAuth2Client(c) => c.deployed.on,
    };
    query.bind(millis(deployed_on))
}

fn deployed_of(row: &SqliteRow) -> StoreResult<Deployed> {
    Ok(Deployed { by: get(row, "deployed_by")?, on: get_time(row, "deployed_on")? })
}

fn sealed_of(row: &SqliteRow, column: &str) -> StoreResult<Option<Sealed>> {
    Ok(get::<Option<Vec<u8>>>(row, column)?.map(Sealed))
}

fn credential_of(kind: CredentialKind, row: &SqliteRow) -> StoreResult<Credential> {
    let name: String = get(row, "name")?;
    Ok(match kind {
        CredentialKind::User => Credential::User(UserCredentialRecord {
            name,
            kind: get(row, "kind")?,
            description: get(row, "description")?,
            user: get(row, "user_name")?,
            password: sealed_of(row, "password_ciphertext")?,
            company_id: get(row, "company_id")?,
            deployed: deployed_of(row)?,
        }),
        CredentialKind::SecureParameter => Credential::SecureParameter(SecureParameterRecord {
            name,
            description: get(row, "description")?,
            value: Sealed(get(row, "value_ciphertext")?),
            deployed: deployed_of(row)?,
        }),
        CredentialKind::OAuth2Client => Credential::OAuth2Client(OAuth2ClientCredentialRecord {
            name,
            description: get(row, "description")?,
            token_service_url: get(row, "token_service_url")?,
            client_id: get(row, "client_id")?,
            client_secret: sealed_of(row, "client_secret_ciphertext")?,
            client_authentication: get(row, "client_authentication")?,
            scope: get(row, "scope")?,
            scope_content_type: get(row, "scope_content_type")?,
            resource: get(row, "resource")?,
            audience: get(row, "audience")?,
            custom_parameters: get(row, "custom_parameters")?,
            deployed: deployed_of(row)?,
        }),
    })
}

impl SqliteStore {
    pub(crate) async fn insert_credential(&self, subaccount: Uuid, credential: &Credential) -> StoreResult<()> {
        let sql = sql_of(credential.kind());
        bind_credential(sqlx::query(sql.insert), credential)
            .bind(uuid_text(subaccount))
            .bind(credential.name())
            .execute(&self.pool)
            .await
            .map_err(|err| {
                let exists = format!("{} '{}'", sql.table, credential.name());
                write_error(err, vec![Unique::new("name", exists)])
            })?;
        Ok(())
    }

    pub(crate) async fn update_credential(&self, subaccount: Uuid, credential: &Credential) -> StoreResult<()> {
        let done = bind_credential(sqlx::query(sql_of(credential.kind()).update), credential)
            .bind(uuid_text(subaccount))
            .bind(credential.name())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    pub(crate) async fn select_credential(
        &self,
        subaccount: Uuid,
        kind: CredentialKind,
        name: &str,
    ) -> StoreResult<Credential> {
        let row = sqlx::query(sql_of(kind).select)
            .bind(uuid_text(subaccount))
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        credential_of(kind, &row.ok_or(StoreError::NotFound)?)
    }

    pub(crate) async fn remove_credential(
        &self,
        subaccount: Uuid,
        kind: CredentialKind,
        name: &str,
    ) -> StoreResult<()> {
        let done = sqlx::query(sql_of(kind).delete)
            .bind(uuid_text(subaccount))
            .bind(name)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    pub(crate) async fn upsert_partner_user_credential(
        &self,
        subaccount: Uuid,
        credential: &PartnerUserCredentialRecord,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO partner_user_credentials (subaccount_id, pid, id, user_name, password_ciphertext,
                 created_by, created_at, modified_by, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (subaccount_id, pid, id) DO UPDATE SET user_name = excluded.user_name,
                 password_ciphertext = excluded.password_ciphertext, modified_by = excluded.modified_by,
                 modified_at = excluded.modified_at",
        )
        .bind(uuid_text(subaccount))
        .bind(&credential.pid)
        .bind(&credential.id)
        .bind(&credential.user)
        .bind(credential.password.0.as_slice())
        .bind(&credential.created_by)
        .bind(millis(credential.created_at))
        .bind(&credential.modified_by)
        .bind(millis(credential.modified_at))
        .execute(&self.pool)
        .await
        .map_err(|err| write_error(err, Vec::new()))?;
        Ok(())
    }

    pub(crate) async fn select_partner_user_credential(
        &self,
        subaccount: Uuid,
        pid: &str,
        id: &str,
    ) -> StoreResult<PartnerUserCredentialRecord> {
        let row = sqlx::query(
            "SELECT pid, id, user_name, password_ciphertext, created_by, created_at, modified_by, modified_at
             FROM partner_user_credentials WHERE subaccount_id = ? AND pid = ? AND id = ?",
        )
        .bind(uuid_text(subaccount))
        .bind(pid)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        Ok(PartnerUserCredentialRecord {
            pid: get(&row, "pid")?,
            id: get(&row, "id")?,
            user: get(&row, "user_name")?,
            password: Sealed(get(&row, "password_ciphertext")?),
            created_by: get(&row, "created_by")?,
            created_at: get_time(&row, "created_at")?,
            modified_by: get(&row, "modified_by")?,
            modified_at: get_time(&row, "modified_at")?,
        })
    }

    pub(crate) async fn remove_partner_user_credential(
        &self,
        subaccount: Uuid,
        pid: &str,
        id: &str,
    ) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM partner_user_credentials WHERE subaccount_id = ? AND pid = ? AND id = ?")
            .bind(uuid_text(subaccount))
            .bind(pid)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }
}
