//! Design-time artifacts: the row, its bundle and its configuration/resource index rows are
//! always written together in one transaction.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{Sqlite, SqliteConnection, Transaction};
use uuid::Uuid;

use cpi_domain::content::{ArtifactKind, ConfigurationEntry, DesigntimeArtifact, ResourceEntry};
use cpi_store::{ArtifactContent, ArtifactStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_time, millis, uuid_text};
use crate::error::{Unique, backend, corrupt, touched, write_error};

const SELECT: &str = "SELECT kind, id, version, package_id, name, description, sender, receiver, created_by,
    created_at, modified_by, modified_at, revision FROM artifacts";

const INSERT: &str = "INSERT INTO artifacts (subaccount_id, kind, id, version, package_id, name, description,
    sender, receiver, created_by, created_at, modified_by, modified_at, revision)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

#[async_trait]
impl ArtifactStore for SqliteStore {
    async fn create_artifact(&self, subaccount: Uuid, content: &ArtifactContent) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        insert_all(&mut tx, subaccount, content, 1).await?;
        tx.commit().await.map_err(backend)
    }

    async fn replace_artifact(&self, subaccount: Uuid, content: &ArtifactContent) -> StoreResult<()> {
        let artifact = &content.artifact;
        let revision = i64::try_from(content.revision).unwrap_or(i64::MAX);
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let done =
            sqlx::query("DELETE FROM artifacts WHERE subaccount_id = ? AND kind = ? AND id = ? AND revision = ?")
                .bind(uuid_text(subaccount))
                .bind(artifact.kind.code())
                .bind(&artifact.id)
                .bind(revision)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        if done.rows_affected() == 0 {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT revision FROM artifacts WHERE subaccount_id = ? AND kind = ? AND id = ?")
                    .bind(uuid_text(subaccount))
                    .bind(artifact.kind.code())
                    .bind(&artifact.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(backend)?;
            return Err(match exists {
                Some(_) => StoreError::Conflict(format!("artifact '{}' changed since it was read", artifact.id)),
                None => StoreError::NotFound,
            });
        }
        insert_all(&mut tx, subaccount, content, revision.saturating_add(1)).await?;
        tx.commit().await.map_err(backend)
    }

    async fn get_artifact(&self, subaccount: Uuid, kind: ArtifactKind, id: &str) -> StoreResult<DesigntimeArtifact> {
        let mut connection = self.pool.acquire().await.map_err(backend)?;
        Ok(find(&mut connection, subaccount, kind, id).await?.0)
    }

    async fn get_artifact_content(
        &self,
        subaccount: Uuid,
        kind: ArtifactKind,
        id: &str,
    ) -> StoreResult<ArtifactContent> {
        // One read transaction: the row, its bundle and its index rows are of one revision.
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let found = find(&mut tx, subaccount, kind, id).await?;
        let content = content_of(&mut tx, subaccount, found).await?;
        tx.commit().await.map_err(backend)?;
        Ok(content)
    }

    async fn package_contents(&self, subaccount: Uuid, package_id: &str) -> StoreResult<Vec<ArtifactContent>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let sql = format!("{SELECT} WHERE subaccount_id = ? AND package_id = ? ORDER BY kind, id");
        let rows = sqlx::query(&sql)
            .bind(uuid_text(subaccount))
            .bind(package_id)
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        let mut contents = Vec::with_capacity(rows.len());
        for row in &rows {
            contents.push(content_of(&mut tx, subaccount, artifact_of(row)?).await?);
        }
        tx.commit().await.map_err(backend)?;
        Ok(contents)
    }

    async fn delete_artifact(&self, subaccount: Uuid, kind: ArtifactKind, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM artifacts WHERE subaccount_id = ? AND kind = ? AND id = ?")
            .bind(uuid_text(subaccount))
            .bind(kind.code())
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())
    }
}

/// One artifact row and its revision.
async fn find(
    connection: &mut SqliteConnection,
    subaccount: Uuid,
    kind: ArtifactKind,
    id: &str,
) -> StoreResult<(DesigntimeArtifact, u64)> {
    let sql = format!("{SELECT} WHERE subaccount_id = ? AND kind = ? AND id = ?");
    let row = sqlx::query(&sql)
        .bind(uuid_text(subaccount))
        .bind(kind.code())
        .bind(id)
        .fetch_optional(&mut *connection)
        .await
        .map_err(backend)?;
    artifact_of(&row.ok_or(StoreError::NotFound)?)
}

/// The bundle and index rows of an artifact read with [`find`].
async fn content_of(
    connection: &mut SqliteConnection,
    subaccount: Uuid,
    (artifact, revision): (DesigntimeArtifact, u64),
) -> StoreResult<ArtifactContent> {
    let sub = uuid_text(subaccount);
    let scope = "WHERE subaccount_id = ? AND kind = ? AND ";
    let bundle: Vec<u8> = sqlx::query_scalar(&format!("SELECT bundle FROM artifact_bundles {scope} id = ?"))
        .bind(&sub)
        .bind(artifact.kind.code())
        .bind(&artifact.id)
        .fetch_one(&mut *connection)
        .await
        .map_err(backend)?;
    let configurations = rows_of(
        connection,
        &format!("SELECT key, value, data_type, description FROM artifact_configurations {scope} artifact_id = ? ORDER BY position"),
        &sub,
        &artifact,
    )
    .await?;
    let resources = rows_of(
        connection,
        &format!(
            "SELECT name, resource_type, referenced_resource_type, size FROM artifact_resources {scope}
             artifact_id = ? ORDER BY name, resource_type"
        ),
        &sub,
        &artifact,
    )
    .await?;
    Ok(ArtifactContent {
        artifact,
        bundle,
        configurations: configurations.iter().map(configuration_of).collect::<StoreResult<_>>()?,
        resources: resources.iter().map(resource_of).collect::<StoreResult<_>>()?,
        revision,
    })
}

/// The rows a statement scoped by (subaccount, kind, artifact id) selects.
async fn rows_of(
    connection: &mut SqliteConnection,
    sql: &str,
    sub: &str,
    artifact: &DesigntimeArtifact,
) -> StoreResult<Vec<SqliteRow>> {
    sqlx::query(sql)
        .bind(sub)
        .bind(artifact.kind.code())
        .bind(&artifact.id)
        .fetch_all(&mut *connection)
        .await
        .map_err(backend)
}

async fn insert_all(
    tx: &mut Transaction<'_, Sqlite>,
    subaccount: Uuid,
    content: &ArtifactContent,
    revision: i64,
) -> StoreResult<()> {
    let a = &content.artifact;
    let sub = uuid_text(subaccount);
    sqlx::query(INSERT)
        .bind(&sub)
        .bind(a.kind.code())
        .bind(&a.id)
        .bind(&a.version)
        .bind(&a.package_id)
        .bind(&a.name)
        .bind(&a.description)
        .bind(&a.sender)
        .bind(&a.receiver)
        .bind(&a.created_by)
        .bind(millis(a.created_at))
        .bind(&a.modified_by)
        .bind(millis(a.modified_at))
        .bind(revision)
        .execute(&mut **tx)
        .await
        .map_err(|err| write_error(err, vec![Unique::new("artifacts.id", format!("artifact '{}'", a.id))]))?;
    sqlx::query("INSERT INTO artifact_bundles (subaccount_id, kind, id, bundle) VALUES (?, ?, ?, ?)")
        .bind(&sub)
        .bind(a.kind.code())
        .bind(&a.id)
        .bind(&content.bundle)
        .execute(&mut **tx)
        .await
        .map_err(backend)?;
    insert_index_rows(tx, &sub, content).await
}

/// The configuration and resource rows of an artifact.
async fn insert_index_rows(tx: &mut Transaction<'_, Sqlite>, sub: &str, content: &ArtifactContent) -> StoreResult<()> {
    let a = &content.artifact;
    for (position, c) in content.configurations.iter().enumerate() {
        sqlx::query(
            "INSERT INTO artifact_configurations (subaccount_id, kind, artifact_id, position, key, value,
             data_type, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(sub)
        .bind(a.kind.code())
        .bind(&a.id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(&c.key)
        .bind(&c.value)
        .bind(&c.data_type)
        .bind(&c.description)
        .execute(&mut **tx)
        .await
        .map_err(|err| {
            write_error(err, vec![Unique::new("artifact_configurations", format!("parameter '{}'", c.key))])
        })?;
    }
    for r in &content.resources {
        sqlx::query(
            "INSERT INTO artifact_resources (subaccount_id, kind, artifact_id, name, resource_type,
             referenced_resource_type, size) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(sub)
        .bind(a.kind.code())
        .bind(&a.id)
        .bind(&r.name)
        .bind(&r.resource_type)
        .bind(&r.referenced_resource_type)
        .bind(r.size)
        .execute(&mut **tx)
        .await
        .map_err(|err| write_error(err, vec![Unique::new("artifact_resources", format!("resource '{}'", r.name))]))?;
    }
    Ok(())
}

fn artifact_of(row: &SqliteRow) -> StoreResult<(DesigntimeArtifact, u64)> {
    let code: String = get(row, "kind")?;
    let revision: i64 = get(row, "revision")?;
    let artifact = DesigntimeArtifact {
        kind: ArtifactKind::from_code(&code).ok_or_else(|| corrupt("kind", format!("unknown kind '{code}'")))?,
        id: get(row, "id")?,
        version: get(row, "version")?,
        package_id: get(row, "package_id")?,
        name: get(row, "name")?,
        description: get(row, "description")?,
        sender: get(row, "sender")?,
        receiver: get(row, "receiver")?,
        created_by: get(row, "created_by")?,
        created_at: get_time(row, "created_at")?,
        modified_by: get(row, "modified_by")?,
        modified_at: get_time(row, "modified_at")?,
    };
    Ok((artifact, u64::try_from(revision).unwrap_or(0)))
}

fn configuration_of(row: &SqliteRow) -> StoreResult<ConfigurationEntry> {
    Ok(ConfigurationEntry {
        key: get(row, "key")?,
        value: get(row, "value")?,
        data_type: get(row, "data_type")?,
        description: get(row, "description")?,
    })
}

fn resource_of(row: &SqliteRow) -> StoreResult<ResourceEntry> {
    Ok(ResourceEntry {
        name: get(row, "name")?,
        resource_type: get(row, "resource_type")?,
        referenced_resource_type: get(row, "referenced_resource_type")?,
        size: get(row, "size")?,
    })
}
