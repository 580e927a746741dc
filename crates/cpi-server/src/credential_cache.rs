//! The token path's cache of service keys and their instances, so that a token request costs a
//! hash check and a signature, not database round trips. Every change a control-plane operation
//! makes to a key or instance invalidates it here at once; a generation counter keeps a lookup
//! that raced with an invalidation from re-inserting stale data. (Several nodes sharing one
//! database will need a cross-node invalidation signal; see ARCHITECTURE.md.)

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use uuid::Uuid;

use cpi_domain::Subaccount;
use cpi_store::{InstanceRecord, KeyRecord};

/// Entries beyond this are dropped wholesale (the cache refills on demand).
const MAX_ENTRIES: usize = 50_000;

/// A key with the instance it belongs to, as last read from the store, and what every
/// client-credentials token of the instance carries.
#[derive(Debug)]
pub struct CachedKey {
    /// The key.
    pub key: KeyRecord,
    /// Its instance.
    pub instance: InstanceRecord,
    /// The instance's zone.
    pub zone: Subaccount,
    /// Client-credentials scopes of the instance.
    pub scopes: Vec<String>,
    /// The audience those scopes give.
    pub audience: Vec<String>,
}

#[derive(Debug, Default)]
struct Inner {
    generation: u64,
    entries: HashMap<Uuid, Arc<CachedKey>>,
}

/// Keys by id.
#[derive(Debug, Default)]
pub struct CredentialCache {
    inner: RwLock<Inner>,
}

impl CredentialCache {
    /// The cached entry of a key.
    pub fn get(&self, key_id: Uuid) -> Option<Arc<CachedKey>> {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).entries.get(&key_id).cloned()
    }

    /// The current generation; pass it to [`CredentialCache::insert`] after loading from the store.
    pub fn generation(&self) -> u64 {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).generation
    }

    /// Caches an entry loaded while the cache was at `generation`, unless something was
    /// invalidated since.
    pub fn insert(&self, generation: u64, entry: Arc<CachedKey>) {
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        if inner.generation != generation {
            return;
        }
        if inner.entries.len() >= MAX_ENTRIES {
            inner.entries.clear();
        }
        inner.entries.insert(entry.key.id, entry);
    }

    /// Forgets one key.
    pub fn forget_key(&self, key_id: Uuid) {
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        inner.generation += 1;
        inner.entries.remove(&key_id);
    }

    /// Forgets every key of an instance (it was updated or deleted).
    pub fn forget_instance(&self, instance_id: Uuid) {
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        inner.generation += 1;
        inner.entries.retain(|_, entry| entry.instance.id != instance_id);
    }
}

#[cfg(test)]
mod tests {
    use cpi_domain::{InstanceParameters, Plan, ResourceName};
    use time::OffsetDateTime;

    use super::*;

    fn entry(key_id: Uuid, instance_id: Uuid) -> Arc<CachedKey> {
        let now = OffsetDateTime::UNIX_EPOCH;
        let name = ResourceName::parse("n").unwrap();
        Arc::new(CachedKey {
            key: KeyRecord {
                id: key_id,
                instance_id,
                subaccount_id: Uuid::nil(),
                name: name.clone(),
                secret_salt: vec![0; 32],
                created_at: now,
            },
            instance: InstanceRecord {
                id: instance_id,
                subaccount_id: Uuid::nil(),
                name,
                plan: Plan::Api,
                parameters: InstanceParameters::defaults(Plan::Api),
                client_id: "c".into(),
                created_at: now,
                updated_at: now,
            },
            zone: Subaccount {
                id: Uuid::nil(),
                subdomain: "z".into(),
                api_app_number: 1,
                runtime_app_number: 2,
                created_at: now,
            },
            scopes: Vec::new(),
            audience: Vec::new(),
        })
    }

    #[test]
    fn invalidation_wins_over_a_racing_lookup() {
        let cache = CredentialCache::default();
        let (key, instance) = (Uuid::new_v4(), Uuid::new_v4());
        let generation = cache.generation();
        cache.forget_key(key);
        cache.insert(generation, entry(key, instance));
        assert!(cache.get(key).is_none(), "a lookup that started before the delete must not re-insert");
        cache.insert(cache.generation(), entry(key, instance));
        assert!(cache.get(key).is_some());
        cache.forget_instance(instance);
        assert!(cache.get(key).is_none());
    }
}
