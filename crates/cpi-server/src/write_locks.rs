//! Striped in-process locks that serialize read-modify-write cycles on one record (e.g. an
//! artifact's bundle) within this node, so concurrent changes queue instead of racing and
//! retrying. Across nodes the store's revision check still decides; these locks only keep one
//! node from wasting retries (and from starving a writer under contention).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use tokio::sync::{Mutex, MutexGuard};

/// How many stripes: records whose keys hash alike share a lock, which is harmless.
const STRIPES: usize = 64;

/// The locks.
#[derive(Debug)]
pub struct WriteLocks {
    stripes: Vec<Mutex<()>>,
}

impl Default for WriteLocks {
    fn default() -> Self {
        WriteLocks { stripes: (0..STRIPES).map(|_| Mutex::new(())).collect() }
    }
}

impl WriteLocks {
    /// Waits for and holds the lock of the record with this key.
    pub async fn lock(&self, key: &impl Hash) -> MutexGuard<'_, ()> {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let index = usize::try_from(hasher.finish() % STRIPES as u64).unwrap_or(0);
        self.stripes[index].lock().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_same_key_waits_and_other_keys_do_not() {
        let locks = WriteLocks::default();
        let held = locks.lock(&"a").await;
        assert!(locks.stripes.iter().filter(|s| s.try_lock().is_err()).count() == 1, "one stripe is held");
        drop(held);
        assert!(locks.stripes.iter().all(|s| s.try_lock().is_ok()));
    }
}
