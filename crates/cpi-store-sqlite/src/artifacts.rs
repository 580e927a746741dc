//! Design-time artifacts: the row, its bundle and its configuration/resource index rows are
//! always written together in one transaction.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use cpi_domain::content::{ArtifactKind, ConfigurationEntry, DesigntimeArtifact, ResourceEntry};
use cpi_store::{ArtifactContent, ArtifactStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_time, millis, uuid_text};
use crate::error::{Unique, backend, corrupt, touched, write_error};

const SELECT: &str = "SELECT kind, id, version, package_id, name, description, sender, receiver, created_by,
    created_at, modified_by, modified_at FROM artifacts";

const INSERT: &str = "INSERT INTO artifacts (subaccount_id, kind, id, version, package_id, name, description,
    sender, receiver, created_by, created_at, modified_by, modified_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

#[async_trait]
impl ArtifactStore for SqliteStore {
    async fn create_artifact(&self, subaccount: Uuid, content: &ArtifactContent) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        insert_all(&mut tx, subaccount, content).await?;
        tx.commit().await.map_err(backend)
    }

    async fn replace_artifact(&self, subaccount: Uuid, content: &ArtifactContent) -> StoreResult<()> {
        let artifact = &content.artifact;
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let done = sqlx::query("DELETE FROM artifacts WHERE subaccount_id = ? AND kind = ? AND id = ?")
            .bind(uuid_text(subaccount))
            .bind(artifact.kind.code())
            .bind(&artifact.id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())?;
        insert_all(&mut tx, subaccount, content).await?;
        tx.commit().await.map_err(backend)
    }

    async fn get_artifact(&self, subaccount: Uuid, kind: ArtifactKind, id: &str) -> StoreResult<DesigntimeArtifact> {
        let sql = format!("{SELECT} WHERE subaccount_id = ? AND kind = ? AND id = ?");
        let row = sqlx::query(&sql)
            .bind(uuid_text(subaccount))
            .bind(kind.code())
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        artifact_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn get_artifact_content(
        &self,
        subaccount: Uuid,
        kind: ArtifactKind,
        id: &str,
    ) -> StoreResult<ArtifactContent> {
        let artifact = self.get_artifact(subaccount, kind, id).await?;
        self.content_of(subaccount, artifact).await
    }

    async fn package_contents(&self, subaccount: Uuid, package_id: &str) -> StoreResult<Vec<ArtifactContent>> {
        let sql = format!("{SELECT} WHERE subaccount_id = ? AND package_id = ? ORDER BY kind, id");
        let rows = sqlx::query(&sql)
            .bind(uuid_text(subaccount))
            .bind(package_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut contents = Vec::with_capacity(rows.len());
        for row in &rows {
            contents.push(self.content_of(subaccount, artifact_of(row)?).await?);
        }
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

impl SqliteStore {
    async fn content_of(&self, subaccount: Uuid, artifact: DesigntimeArtifact) -> StoreResult<ArtifactContent> {
        let sub = uuid_text(subaccount);
        let scope = "WHERE subaccount_id = ? AND kind = ? AND ";
        let bundle: Vec<u8> = sqlx::query_scalar(&format!("SELECT bundle FROM artifact_bundles {scope} id = ?"))
            .bind(&sub)
            .bind(artifact.kind.code())
            .bind(&artifact.id)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        let configurations = sqlx::query(&format!(
            "SELECT key, value, data_type, description FROM artifact_configurations {scope} artifact_id = ?
             ORDER BY position"
        ))
        .bind(&sub)
        .bind(artifact.kind.code())
        .bind(&artifact.id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let resources = sqlx::query(&format!(
            "SELECT name, resource_type, referenced_resource_type, size FROM artifact_resources {scope}
             artifact_id = ? ORDER BY name, resource_type"
        ))
        .bind(&sub)
        .bind(artifact.kind.code())
        .bind(&artifact.id)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(ArtifactContent {
            artifact,
            bundle,
            configurations: configurations.iter().map(configuration_of).collect::<StoreResult<_>>()?,
            resources: resources.iter().map(resource_of).collect::<StoreResult<_>>()?,
        })
    }
}

async fn insert_all(tx: &mut Transaction<'_, Sqlite>, subaccount: Uuid, content: &ArtifactContent) -> StoreResult<()> {
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

fn artifact_of(row: &SqliteRow) -> StoreResult<DesigntimeArtifact> {
    let code: String = get(row, "kind")?;
    Ok(DesigntimeArtifact {
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
    })
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
