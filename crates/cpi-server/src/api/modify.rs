//! Read-modify-write of an artifact's bundle without lost updates: the bundle is read, changed
//! and stored with the revision it was read at; if another request stored a newer revision in
//! between (another node: writers on this node queue on a write lock first), the store refuses
//! and the change is applied again to the newer bundle.

use cpi_bundle::Bundle;
use cpi_odata::ODataError;
use cpi_store::{ArtifactContent, StoreError};

use super::artifacts::{load, store_failure};
use super::bundles::{Authorship, BUNDLE_LIMITS, artifact_content, bad_bundle};
use super::target::EntityRef;
use crate::http::errors::TenantError;
use crate::principal::Principal;
use crate::state::AppState;

/// How often a change is applied again after losing a race.
const ATTEMPTS: usize = 8;

/// Applies `change` to the addressed artifact's bundle and stores the result; returns what was
/// stored. `change` sees the artifact as read and may be called more than once.
pub async fn modify_artifact<F>(
    state: &AppState,
    principal: &Principal,
    entity: &EntityRef,
    mut change: F,
) -> Result<ArtifactContent, TenantError>
where
    F: FnMut(&ArtifactContent, &mut Bundle) -> Result<(), TenantError>,
{
    // Writers of one artifact on this node queue here; the revision check below covers the rest.
    let _queued = state.write_locks.lock(&(principal.zone.id, entity.set.name, &entity.key.text("Id"))).await;
    for _ in 0..ATTEMPTS {
        let current = load(state, principal, entity).await?;
        let mut bundle = Bundle::read(&current.bundle, &BUNDLE_LIMITS).map_err(bad_bundle)?;
        change(&current, &mut bundle)?;
        let a = &current.artifact;
        let authorship = Authorship {
            created_by: a.created_by.clone(),
            created_at: a.created_at,
            modified_by: principal.name.clone(),
            modified_at: state.clock.now(),
        };
        let mut next = artifact_content(&bundle, a.kind, &a.package_id, authorship)?;
        next.revision = current.revision;
        match state.store.replace_artifact(principal.zone.id, &next).await {
            Ok(()) => return Ok(next),
            Err(StoreError::Conflict(_)) => {
                tracing::debug!(artifact = %a.id, "artifact changed meanwhile; applying the change again");
            }
            Err(other) => return Err(store_failure(other, a.kind, &a.id)),
        }
    }
    Err(ODataError::Conflict("The artifact is being changed by other requests; try again.".into()).into())
}
