//! Users of a subaccount's identity provider.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use cpi_domain::RoleCollection;
use cpi_store::{StoreError, StoreResult, UserRecord, UserStore};

use crate::SqliteStore;
use crate::columns::{get, get_role_collections, get_time, get_uuid, millis, role_collections_text, uuid_text};
use crate::error::{Unique, backend, touched, write_error};

macro_rules! select {
    ($tail:literal) => {
        concat!(
            "SELECT id, subaccount_id, username, email, password_hash, role_collections, created_at
             FROM users ",
            $tail
        )
    };
}

#[async_trait]
impl UserStore for SqliteStore {
    async fn create_user(&self, user: &UserRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO users
                (id, subaccount_id, username, email, password_hash, role_collections, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(uuid_text(user.id))
        .bind(uuid_text(user.subaccount_id))
        .bind(&user.username)
        .bind(&user.email)
        .bind(&user.password_hash)
        .bind(role_collections_text(&user.role_collections))
        .bind(millis(user.created_at))
        .execute(&self.pool)
        .await
        .map_err(|err| {
            write_error(
                err,
                vec![
                    Unique::new("users.username", format!("user '{}'", user.username)),
                    Unique::new("users.id", format!("user with id '{}'", user.id)),
                ],
            )
        })?;
        Ok(())
    }

    async fn get_user_by_name(&self, subaccount: Uuid, username: &str) -> StoreResult<UserRecord> {
        let row = sqlx::query(select!("WHERE subaccount_id = ? AND username = ?"))
            .bind(uuid_text(subaccount))
            .bind(username)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        user_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn get_user(&self, subaccount: Uuid, id: Uuid) -> StoreResult<UserRecord> {
        user_of(&self.fetch_scoped(select!("WHERE subaccount_id = ? AND id = ?"), subaccount, id).await?)
    }

    async fn list_users(&self, subaccount: Uuid) -> StoreResult<Vec<UserRecord>> {
        let rows = sqlx::query(select!("WHERE subaccount_id = ? ORDER BY username"))
            .bind(uuid_text(subaccount))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(user_of).collect()
    }

    async fn set_user_password(&self, subaccount: Uuid, id: Uuid, password_hash: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE users SET password_hash = ? WHERE subaccount_id = ? AND id = ?")
            .bind(password_hash)
            .bind(uuid_text(subaccount))
            .bind(uuid_text(id))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    async fn set_user_role_collections(
        &self,
        subaccount: Uuid,
        id: Uuid,
        collections: &[RoleCollection],
    ) -> StoreResult<()> {
        let done = sqlx::query("UPDATE users SET role_collections = ? WHERE subaccount_id = ? AND id = ?")
            .bind(role_collections_text(collections))
            .bind(uuid_text(subaccount))
            .bind(uuid_text(id))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }

    /// Refresh tokens of the user go with it (foreign key cascade).
    async fn delete_user(&self, subaccount: Uuid, id: Uuid) -> StoreResult<()> {
        self.execute_scoped("DELETE FROM users WHERE subaccount_id = ? AND id = ?", subaccount, id).await
    }
}

fn user_of(row: &SqliteRow) -> StoreResult<UserRecord> {
    Ok(UserRecord {
        id: get_uuid(row, "id")?,
        subaccount_id: get_uuid(row, "subaccount_id")?,
        username: get(row, "username")?,
        email: get(row, "email")?,
        password_hash: get(row, "password_hash")?,
        role_collections: get_role_collections(row, "role_collections")?,
        created_at: get_time(row, "created_at")?,
    })
}
