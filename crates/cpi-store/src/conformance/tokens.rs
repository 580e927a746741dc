//! Signing keys and refresh tokens.

use super::fixtures::{assert_conflict, assert_not_found, at, given_instance, given_subaccount, signing_key, user};
use crate::{CockpitSessionRecord, RefreshTokenRecord, Store};

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

/// Cockpit sessions read back by hash, end on sign-out and with their user, and purge by expiry.
pub async fn cockpit_sessions<S: Store>(store: &S) {
    let sub = given_subaccount(store, 1, "acme").await;
    let admin = user(&sub, 1, "admin", at(1));
    let other = user(&sub, 2, "other", at(1));
    for record in [&admin, &other] {
        store.create_user(record).await.expect("create_user");
    }
    let session = |hash: &str, user_id, expires_ms: i64| CockpitSessionRecord {
        token_hash: hash.to_owned(),
        subaccount_id: sub.id,
        user_id,
        created_at: at(1),
        expires_at: at(expires_ms),
    };
    let (early, late, others) =
        (session("aa01", admin.id, 1_000), session("bb02", admin.id, 3_000), session("cc03", other.id, 3_000));
    for record in [&early, &late, &others] {
        store.put_cockpit_session(record).await.expect("put_cockpit_session");
    }
    assert_conflict(store.put_cockpit_session(&early).await, "a taken hash", "cockpit session");
    assert_not_found(
        store.put_cockpit_session(&session("dd04", super::fixtures::id(404), 3_000)).await,
        "a session of a missing user",
    );
    assert_eq!(store.get_cockpit_session("bb02").await.expect("get_cockpit_session"), late);
    assert_not_found(store.get_cockpit_session("ff404").await, "get_cockpit_session of a missing hash");
    assert_eq!(store.purge_cockpit_sessions_expired_before(at(2_000)).await.expect("purge"), 1);
    assert_not_found(store.get_cockpit_session("aa01").await, "a purged session");
    store.delete_cockpit_session("bb02").await.expect("delete_cockpit_session");
    assert_not_found(store.get_cockpit_session("bb02").await, "a session after sign-out");
    assert_not_found(store.delete_cockpit_session("bb02").await, "signing out twice");
    store.delete_user(sub.id, other.id).await.expect("delete_user");
    assert_not_found(store.get_cockpit_session("cc03").await, "a session of a deleted user");
}
