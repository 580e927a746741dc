//! Signing keys and refresh tokens.

use super::fixtures::{assert_conflict, assert_not_found, at, given_instance, given_subaccount, signing_key, user};
use crate::{RefreshTokenRecord, Store};

/// Signing keys list oldest first per subaccount, retire, and purge only retired keys.
pub async fn signing_keys_lifecycle<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let newest = signing_key(&sub, "kid-3", at(3_000));
    let mut oldest = signing_key(&sub, "kid-1", at(1_000));
    let mut middle = signing_key(&sub, "kid-2", at(2_000));
    let foreign = signing_key(&other, "kid-x", at(500));
    for record in [&newest, &oldest, &middle, &foreign] {
        store.add_signing_key(record).await.expect("add_signing_key");
    }
    assert_eq!(
        store.list_signing_keys(sub.id).await.expect("list_signing_keys"),
        vec![oldest.clone(), middle.clone(), newest.clone()],
        "list_signing_keys is oldest first and only of its subaccount"
    );
    store.retire_signing_key(sub.id, "kid-1", at(10_000)).await.expect("retire kid-1");
    store.retire_signing_key(sub.id, "kid-2", at(20_000)).await.expect("retire kid-2");
    oldest.retired_at = Some(at(10_000));
    middle.retired_at = Some(at(20_000));
    assert_eq!(
        store.list_signing_keys(sub.id).await.expect("list"),
        vec![oldest, middle.clone(), newest.clone()],
        "retired keys stay listed with their retirement time"
    );
    let purged = store.purge_signing_keys_retired_before(sub.id, at(20_000)).await.expect("purge");
    assert_eq!(purged, 1, "only kid-1 was retired strictly before the cut-off");
    let purged = store.purge_signing_keys_retired_before(sub.id, at(1_000_000)).await.expect("purge");
    assert_eq!(purged, 1, "kid-2 goes next; the active kid-3 is never purged");
    assert_eq!(store.list_signing_keys(sub.id).await.expect("list"), vec![newest], "only the active key is left");
    assert_eq!(store.list_signing_keys(other.id).await.expect("list"), vec![foreign], "other zones are untouched");
}

/// A taken kid is a conflict; retiring a missing key is NotFound.
pub async fn signing_key_conflicts<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let other = given_subaccount(store, 2, "other").await;
    let original = signing_key(&sub, "kid-1", at(1));
    store.add_signing_key(&original).await.expect("add_signing_key");
    assert_conflict(store.add_signing_key(&signing_key(&sub, "kid-1", at(2))).await, "a taken kid", "kid-1");
    assert_not_found(store.retire_signing_key(sub.id, "kid-404", at(3)).await, "retire a missing kid");
    assert_not_found(store.retire_signing_key(other.id, "kid-1", at(3)).await, "retire a kid of another subaccount");
    assert_eq!(store.list_signing_keys(sub.id).await.expect("list"), vec![original], "nothing changed");
}

/// Refresh tokens read back by hash; purging removes those expired strictly before the cut-off.
pub async fn refresh_tokens<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let client = given_instance(store, &sub, 1, "client").await;
    let alice = user(&sub, 1, "alice", at(1));
    store.create_user(&alice).await.expect("create_user");
    let token = |hash: &str, expires_ms: i64| RefreshTokenRecord {
        token_hash: hash.to_owned(),
        subaccount_id: sub.id,
        instance_id: client.id,
        user_id: alice.id,
        expires_at: at(expires_ms),
    };
    let (early, boundary, late) = (token("aa01", 1_000), token("bb02", 2_000), token("cc03", 3_000));
    for record in [&early, &boundary, &late] {
        store.put_refresh_token(record).await.expect("put_refresh_token");
    }
    assert_eq!(store.get_refresh_token("bb02").await.expect("get_refresh_token"), boundary, "get_refresh_token");
    assert_not_found(store.get_refresh_token("ff404").await, "get_refresh_token of a missing hash");
    let purged = store.purge_refresh_tokens_expired_before(at(2_000)).await.expect("purge");
    assert_eq!(purged, 1, "only the token that expired strictly before the cut-off is purged");
    assert_not_found(store.get_refresh_token("aa01").await, "a purged token");
    assert_eq!(store.get_refresh_token("bb02").await.expect("get"), boundary, "expiring at the cut-off is kept");
    assert_eq!(store.get_refresh_token("cc03").await.expect("get"), late, "later tokens are kept");
}
