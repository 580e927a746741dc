//! Deployment tasks, runtime artifacts with their bundle snapshots and log levels, and service
//! endpoints.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use uuid::Uuid;

use cpi_domain::content::{ArtifactKind, DeployStatus, DeployTask, RuntimeArtifact, RuntimeStatus};
use cpi_domain::monitoring::{MplLogLevel, RuntimeLogLevel};
use cpi_store::{DeployOutcome, DeploymentStore, StoreError, StoreResult};

use crate::SqliteStore;
use crate::columns::{get, get_optional_time, get_time, get_uuid, millis, uuid_text};
use crate::error::{backend, corrupt, touched};

const UPSERT_RUNTIME: &str = "INSERT INTO runtime_artifacts (subaccount_id, id, kind, version, name, deployed_by,
    deployed_on, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (subaccount_id, id) DO UPDATE SET kind = excluded.kind, version = excluded.version,
    name = excluded.name, deployed_by = excluded.deployed_by, deployed_on = excluded.deployed_on,
    status = excluded.status, error = excluded.error";

const RUNTIME_COLUMNS: &str = "id, kind, version, name, deployed_by, deployed_on, status, error";

const TASK_COLUMNS: &str = "subaccount_id, task_id, kind, artifact_id, version, status, deployed_by, created_at";

#[async_trait]
impl DeploymentStore for SqliteStore {
    async fn start_deployment(
        &self,
        subaccount: Uuid,
        task: &DeployTask,
        runtime: &RuntimeArtifact,
        bundle: &[u8],
    ) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query(&format!("INSERT INTO deploy_tasks ({TASK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"))
            .bind(&sub)
            .bind(&task.task_id)
            .bind(task.kind.code())
            .bind(&task.artifact_id)
            .bind(&task.version)
            .bind(task.status.as_str())
            .bind(&task.deployed_by)
            .bind(millis(task.created_at))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        bind_runtime(sqlx::query(UPSERT_RUNTIME), &sub, runtime).execute(&mut *tx).await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO runtime_bundles (subaccount_id, id, bundle) VALUES (?, ?, ?)
             ON CONFLICT (subaccount_id, id) DO UPDATE SET bundle = excluded.bundle",
        )
        .bind(&sub)
        .bind(&runtime.id)
        .bind(bundle)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        sqlx::query("DELETE FROM service_endpoints WHERE subaccount_id = ? AND artifact_id = ?")
            .bind(&sub)
            .bind(&runtime.id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn finish_deployment(&self, subaccount: Uuid, task_id: &str, outcome: &DeployOutcome) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let done =
            sqlx::query("UPDATE deploy_tasks SET status = ? WHERE subaccount_id = ? AND task_id = ? AND status = ?")
                .bind(outcome.task_status.as_str())
                .bind(&sub)
                .bind(task_id)
                .bind(DeployStatus::Deploying.as_str())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        touched(done.rows_affected())?;
        let r = &outcome.runtime;
        let updated = sqlx::query(
            "UPDATE runtime_artifacts SET version = ?, name = ?, status = ?, error = ?
             WHERE subaccount_id = ? AND id = ?",
        )
        .bind(&r.version)
        .bind(&r.name)
        .bind(r.status.as_str())
        .bind(&r.error)
        .bind(&sub)
        .bind(&r.id)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if updated.rows_affected() == 0 {
            // Undeployed while the task ran: the task ends, nothing comes back to life.
            return tx.commit().await.map_err(backend);
        }
        for e in &outcome.endpoints {
            sqlx::query(
                "INSERT INTO service_endpoints (subaccount_id, artifact_id, address, endpoint_id, title, version,
                 protocol, url, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (subaccount_id, artifact_id, address) DO NOTHING",
            )
            .bind(&sub)
            .bind(&e.artifact_id)
            .bind(&e.address)
            .bind(format!("{}$endpointAddress={}", e.artifact_id, e.address.trim_start_matches('/')))
            .bind(&e.title)
            .bind(&e.version)
            .bind(&e.protocol)
            .bind(&e.url)
            .bind(millis(e.last_updated))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn pending_deployments(&self) -> StoreResult<Vec<(Uuid, DeployTask)>> {
        let rows = sqlx::query(&format!(
            "SELECT {TASK_COLUMNS} FROM deploy_tasks WHERE status = ? ORDER BY created_at, task_id"
        ))
        .bind(DeployStatus::Deploying.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(|row| Ok((get_uuid(row, "subaccount_id")?, task_of(row)?))).collect()
    }

    async fn get_deploy_task(&self, subaccount: Uuid, task_id: &str) -> StoreResult<DeployTask> {
        let row =
            sqlx::query(&format!("SELECT {TASK_COLUMNS} FROM deploy_tasks WHERE subaccount_id = ? AND task_id = ?"))
                .bind(uuid_text(subaccount))
                .bind(task_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        task_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn get_runtime_artifact(&self, subaccount: Uuid, id: &str) -> StoreResult<RuntimeArtifact> {
        let row =
            sqlx::query(&format!("SELECT {RUNTIME_COLUMNS} FROM runtime_artifacts WHERE subaccount_id = ? AND id = ?"))
                .bind(uuid_text(subaccount))
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        runtime_of(&row.ok_or(StoreError::NotFound)?)
    }

    async fn runtime_bundle(&self, subaccount: Uuid, id: &str) -> StoreResult<Vec<u8>> {
        let bundle = sqlx::query_scalar("SELECT bundle FROM runtime_bundles WHERE subaccount_id = ? AND id = ?")
            .bind(uuid_text(subaccount))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        bundle.ok_or(StoreError::NotFound)
    }

    async fn delete_runtime_artifact(&self, subaccount: Uuid, id: &str) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("DELETE FROM runtime_log_levels WHERE subaccount_id = ? AND id = ?")
            .bind(&sub)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let done = sqlx::query("DELETE FROM runtime_artifacts WHERE subaccount_id = ? AND id = ?")
            .bind(&sub)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        touched(done.rows_affected())?;
        tx.commit().await.map_err(backend)
    }

    async fn list_runtime_artifacts(&self) -> StoreResult<Vec<(Uuid, RuntimeArtifact)>> {
        let rows = sqlx::query(&format!(
            "SELECT subaccount_id, {RUNTIME_COLUMNS} FROM runtime_artifacts ORDER BY subaccount_id, id"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(|row| Ok((get_uuid(row, "subaccount_id")?, runtime_of(row)?))).collect()
    }

    async fn set_runtime_log_level(&self, subaccount: Uuid, id: &str, level: &RuntimeLogLevel) -> StoreResult<()> {
        let sub = uuid_text(subaccount);
        let done = sqlx::query(
            "INSERT INTO runtime_log_levels (subaccount_id, id, level, expires_at)
             SELECT subaccount_id, id, ?, ? FROM runtime_artifacts WHERE subaccount_id = ? AND id = ?
             ON CONFLICT (subaccount_id, id) DO UPDATE SET level = excluded.level, expires_at = excluded.expires_at",
        )
        .bind(level.level.as_str())
        .bind(level.expires_at.map(millis))
        .bind(&sub)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        touched(done.rows_affected())
    }

    async fn runtime_log_level(&self, subaccount: Uuid, id: &str) -> StoreResult<Option<RuntimeLogLevel>> {
        let row = sqlx::query(
            "SELECT l.level AS level, l.expires_at AS expires_at FROM runtime_artifacts a
             LEFT JOIN runtime_log_levels l ON l.subaccount_id = a.subaccount_id AND l.id = a.id
             WHERE a.subaccount_id = ? AND a.id = ?",
        )
        .bind(uuid_text(subaccount))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        log_level_of(&row.ok_or(StoreError::NotFound)?)
    }
}

type Statement<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

fn bind_runtime<'q>(query: Statement<'q>, sub: &'q str, r: &'q RuntimeArtifact) -> Statement<'q> {
    query
        .bind(sub)
        .bind(&r.id)
        .bind(r.kind.code())
        .bind(&r.version)
        .bind(&r.name)
        .bind(&r.deployed_by)
        .bind(millis(r.deployed_on))
        .bind(r.status.as_str())
        .bind(&r.error)
}

fn kind_of(row: &SqliteRow) -> StoreResult<ArtifactKind> {
    let code: String = get(row, "kind")?;
    ArtifactKind::from_code(&code).ok_or_else(|| corrupt("kind", format!("unknown kind '{code}'")))
}

fn task_of(row: &SqliteRow) -> StoreResult<DeployTask> {
    let status: String = get(row, "status")?;
    Ok(DeployTask {
        task_id: get(row, "task_id")?,
        kind: kind_of(row)?,
        artifact_id: get(row, "artifact_id")?,
        version: get(row, "version")?,
        status: DeployStatus::parse(&status).ok_or_else(|| corrupt("status", status.clone()))?,
        deployed_by: get(row, "deployed_by")?,
        created_at: get_time(row, "created_at")?,
    })
}

fn runtime_of(row: &SqliteRow) -> StoreResult<RuntimeArtifact> {
    let status: String = get(row, "status")?;
    Ok(RuntimeArtifact {
        id: get(row, "id")?,
        kind: kind_of(row)?,
        version: get(row, "version")?,
        name: get(row, "name")?,
        deployed_by: get(row, "deployed_by")?,
        deployed_on: get_time(row, "deployed_on")?,
        status: RuntimeStatus::parse(&status).ok_or_else(|| corrupt("status", status.clone()))?,
        error: get(row, "error")?,
    })
}

/// The log level columns of a runtime artifact's row (null when none was set).
fn log_level_of(row: &SqliteRow) -> StoreResult<Option<RuntimeLogLevel>> {
    let Some(text) = get::<Option<String>>(row, "level")? else {
        return Ok(None);
    };
    let level = MplLogLevel::parse(&text).ok_or_else(|| corrupt("level", format!("unknown log level '{text}'")))?;
    Ok(Some(RuntimeLogLevel { level, expires_at: get_optional_time(row, "expires_at")? }))
}
