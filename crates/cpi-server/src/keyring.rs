//! The signing keys of every zone, held in memory: the active key signs, every key that has not
//! been purged verifies and is published at `/token_keys`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use time::OffsetDateTime;
use uuid::Uuid;

use cpi_store::{SigningKeyRecord, Store};
use cpi_xsuaa::{Jwk, SigningKey, VerifyingKeys};

use crate::clock::Random;

/// One zone's keys.
#[derive(Debug)]
pub struct ZoneKeys {
    /// The key that signs new tokens.
    pub active: Arc<SigningKey>,
    /// Every published key, for verification.
    pub verifying: VerifyingKeys,
    /// The JWKS entries, oldest first.
    pub jwks: Vec<Jwk>,
}

/// All zones' keys.
#[derive(Debug, Default)]
pub struct KeyRing {
    zones: RwLock<HashMap<Uuid, Arc<ZoneKeys>>>,
}

impl KeyRing {
    /// The keys of a zone, if loaded.
    pub fn zone(&self, zone: Uuid) -> Option<Arc<ZoneKeys>> {
        self.zones.read().unwrap_or_else(|e| e.into_inner()).get(&zone).cloned()
    }

    /// (Re)loads a zone's keys from the store.
    pub async fn load(&self, store: &dyn Store, zone: Uuid) -> anyhow::Result<()> {
        let records = store.list_signing_keys(zone).await?;
        let keys = zone_keys(&records)?;
        self.zones.write().unwrap_or_else(|e| e.into_inner()).insert(zone, Arc::new(keys));
        Ok(())
    }
}

fn zone_keys(records: &[SigningKeyRecord]) -> anyhow::Result<ZoneKeys> {
    let mut verifying = VerifyingKeys::default();
    let mut jwks = Vec::new();
    let mut active = None;
    for record in records {
        let key = SigningKey::from_pkcs8(record.kid.clone(), &record.private_key_pkcs8)?;
        verifying.insert(record.kid.clone(), key.verifying_key());
        jwks.push(key.jwk()?);
        if record.retired_at.is_none() {
            active = Some(Arc::new(key));
        }
    }
    let active = active.ok_or_else(|| anyhow::anyhow!("the zone has no active signing key"))?;
    Ok(ZoneKeys { active, verifying, jwks })
}

/// Creates a new active key for a zone and retires the previous one. Retired keys stay
/// published until every token they signed has expired (`max_token_lifetime`).
pub async fn rotate(
    store: &dyn Store,
    random: &dyn Random,
    zone: Uuid,
    now: OffsetDateTime,
    max_token_lifetime: time::Duration,
) -> anyhow::Result<SigningKeyRecord> {
    let previous: Vec<_> =
        store.list_signing_keys(zone).await?.into_iter().filter(|k| k.retired_at.is_none()).collect();
    let record = new_signing_key(random, zone, now)?;
    store.add_signing_key(&record).await?;
    for key in previous {
        store.retire_signing_key(zone, &key.kid, now).await?;
    }
    store.purge_signing_keys_retired_before(zone, now - max_token_lifetime).await?;
    Ok(record)
}

/// A fresh signing-key record (`kid` like XSUAA's `default-jwt-key-<hex>`).
pub fn new_signing_key(random: &dyn Random, zone: Uuid, now: OffsetDateTime) -> anyhow::Result<SigningKeyRecord> {
    let mut suffix = [0u8; 5];
    random.fill(&mut suffix);
    let kid = format!("default-jwt-key-{}", suffix.iter().map(|b| format!("{b:02x}")).collect::<String>());
    let key = SigningKey::generate(kid.clone())?;
    Ok(SigningKeyRecord {
        kid,
        subaccount_id: zone,
        private_key_pkcs8: key.to_pkcs8()?,
        created_at: now,
        retired_at: None,
    })
}
