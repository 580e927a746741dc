//! Deployed flows by address. Readers take an `Arc` of the current snapshot and never wait for
//! a deployment; a deploy, redeploy or undeploy builds a new snapshot and swaps it in one step,
//! so a request sees the old flow or the new one, never a mix. Addresses compare
//! case-insensitively; `/p/*` serves `/p` and everything below it and collides with any other
//! address there. (Nodes sharing a PostgreSQL store will need to hear of each other's deploys;
//! that belongs to the PostgreSQL issue.)

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::monitoring::{MplLogLevel, RuntimeLogLevel};
use cpi_flow::CompiledFlow;
use cpi_flow::compile::SenderSettings;

/// A flow that is deployed and callable.
#[derive(Debug)]
pub struct DeployedFlow {
    /// Its subaccount.
    pub zone: Uuid,
    /// Artifact id.
    pub artifact_id: String,
    /// Display name.
    pub name: String,
    /// Deployed version.
    pub version: String,
    /// Package id and name, when the design-time artifact has one.
    pub package: Option<(String, String)>,
    /// The compiled flow.
    pub flow: CompiledFlow,
    /// Its HTTPS sender.
    pub sender: SenderSettings,
}

impl DeployedFlow {
    fn key(&self) -> String {
        self.sender.address.to_ascii_lowercase()
    }
}

#[derive(Debug, Default)]
struct Snapshot {
    flows: HashMap<(Uuid, String), Arc<DeployedFlow>>,
    exact: HashMap<(Uuid, String), Arc<DeployedFlow>>,
    /// Wildcard flows with their lower-case prefix (without `/*`), longest first.
    wildcards: Vec<(Uuid, String, Arc<DeployedFlow>)>,
    levels: HashMap<(Uuid, String), RuntimeLogLevel>,
}

impl Snapshot {
    fn rebuilt(
        flows: HashMap<(Uuid, String), Arc<DeployedFlow>>,
        levels: HashMap<(Uuid, String), RuntimeLogLevel>,
    ) -> Snapshot {
        let mut exact = HashMap::new();
        let mut wildcards = Vec::new();
        for flow in flows.values() {
            let key = flow.key();
            match key.strip_suffix("/*") {
                Some(prefix) => wildcards.push((flow.zone, prefix.to_owned(), flow.clone())),
                None => {
                    exact.insert((flow.zone, key), flow.clone());
                }
            }
        }
        wildcards.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.1.cmp(&b.1)));
        Snapshot { flows, exact, wildcards, levels }
    }
}

/// The deployed flows of every subaccount.
#[derive(Debug, Default)]
pub struct FlowRegistry {
    current: RwLock<Arc<Snapshot>>,
}

/// True if two (lower-case) addresses cannot both be deployed.
pub fn addresses_collide(a: &str, b: &str) -> bool {
    let covers = |wild: &str, other: &str| {
        wild.strip_suffix("/*").is_some_and(|prefix| {
            let other = other.strip_suffix("/*").unwrap_or(other);
            other == prefix || other.starts_with(&format!("{prefix}/"))
        })
    };
    a == b || covers(a, b) || covers(b, a)
}

impl FlowRegistry {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn update(
        &self,
        change: impl FnOnce(&mut HashMap<(Uuid, String), Arc<DeployedFlow>>, &mut HashMap<(Uuid, String), RuntimeLogLevel>),
    ) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let mut flows = current.flows.clone();
        let mut levels = current.levels.clone();
        change(&mut flows, &mut levels);
        *current = Arc::new(Snapshot::rebuilt(flows, levels));
    }

    /// The flow serving `path` (the part after `/http`, starting with `/`) in a subaccount.
    pub fn find(&self, zone: Uuid, path: &str) -> Option<Arc<DeployedFlow>> {
        let snapshot = self.snapshot();
        let lower = path.to_ascii_lowercase();
        let trimmed = if lower.len() > 1 { lower.trim_end_matches('/') } else { lower.as_str() };
        if let Some(flow) = snapshot.exact.get(&(zone, trimmed.to_owned())) {
            return Some(flow.clone());
        }
        snapshot
            .wildcards
            .iter()
            .find(|(flow_zone, prefix, _)| {
                *flow_zone == zone && (trimmed == prefix || trimmed.starts_with(&format!("{prefix}/")))
            })
            .map(|(_, _, flow)| flow.clone())
    }

    /// Another artifact of the subaccount whose address collides with `address`.
    pub fn conflict(&self, zone: Uuid, artifact_id: &str, address: &str) -> Option<(String, String)> {
        let lower = address.to_ascii_lowercase();
        self.snapshot()
            .flows
            .values()
            .filter(|flow| flow.zone == zone && flow.artifact_id != artifact_id)
            .find(|flow| addresses_collide(&flow.key(), &lower))
            .map(|flow| (flow.artifact_id.clone(), flow.sender.address.clone()))
    }

    /// Adds or replaces a flow (a redeploy swaps it atomically).
    pub fn insert(&self, flow: DeployedFlow) {
        let key = (flow.zone, flow.artifact_id.clone());
        self.update(|flows, _| {
            flows.insert(key, Arc::new(flow));
        });
    }

    /// Removes a flow and its log level (undeploy); true if it was there.
    pub fn remove(&self, zone: Uuid, artifact_id: &str) -> bool {
        let key = (zone, artifact_id.to_owned());
        let mut removed = false;
        self.update(|flows, levels| {
            removed = flows.remove(&key).is_some();
            levels.remove(&key);
        });
        removed
    }

    /// Sets a flow's log level.
    pub fn set_log_level(&self, zone: Uuid, artifact_id: &str, level: RuntimeLogLevel) {
        let key = (zone, artifact_id.to_owned());
        self.update(|_, levels| {
            levels.insert(key, level);
        });
    }

    /// A flow's log level now (INFO unless set; an expired TRACE is INFO again).
    pub fn log_level(&self, zone: Uuid, artifact_id: &str, now: OffsetDateTime) -> MplLogLevel {
        self.snapshot().levels.get(&(zone, artifact_id.to_owned())).map_or(MplLogLevel::Info, |l| l.effective(now))
    }

    /// How many flows are deployed.
    pub fn len(&self) -> usize {
        self.snapshot().flows.len()
    }

    /// No flow is deployed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_follow_the_wildcard_rule() {
        assert!(addresses_collide("/a", "/a"));
        assert!(addresses_collide("/p/*", "/p/x"));
        assert!(addresses_collide("/p/x/y", "/p/*"));
        assert!(addresses_collide("/p/*", "/p"));
        assert!(addresses_collide("/p/*", "/p/q/*"));
        assert!(!addresses_collide("/p/*", "/pq"));
        assert!(!addresses_collide("/a", "/b"));
    }
}
