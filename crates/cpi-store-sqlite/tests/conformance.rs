//! The SQLite store against the conformance suite, plus what only a file-backed store has:
//! persistence across opens and a private file mode.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Mutex;

use time::macros::datetime;
use uuid::Uuid;

use cpi_domain::Subaccount;
use cpi_store::{SigningKeyRecord, SigningKeyStore, SubaccountStore};
use cpi_store_sqlite::SqliteStore;
use tempfile::TempDir;

async fn open(path: &Path) -> SqliteStore {
    SqliteStore::open(path).await.expect("opening the sqlite store")
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

fn acme() -> Subaccount {
    Subaccount {
        id: Uuid::from_u128(7),
        subdomain: "acme".to_owned(),
        api_app_number: 12,
        runtime_app_number: 34,
        created_at: datetime!(2025-03-01 09:15:30.123 UTC),
    }
}

#[tokio::test]
async fn passes_the_conformance_suite() {
    // Each check gets a database in a directory of its own; the directories live until the end.
    let dirs = Mutex::new(Vec::new());
    let dirs = &dirs;
    cpi_store::conformance::run_all(move || async move {
        let dir = TempDir::new().expect("tempdir");
        let store = open(&dir.path().join("cpi.db")).await;
        dirs.lock().expect("lock").push(dir);
        store
    })
    .await;
}

#[tokio::test]
async fn reopening_keeps_the_data() {
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("cpi.db");
    let key = SigningKeyRecord {
        kid: "kid-1".to_owned(),
        subaccount_id: acme().id,
        private_key_pkcs8: vec![1, 2, 3],
        created_at: datetime!(2025-03-01 10:00:00.001 UTC),
        retired_at: None,
    };
    let store = open(&path).await;
    store.create_subaccount(&acme()).await.expect("create_subaccount");
    store.add_signing_key(&key).await.expect("add_signing_key");
    store.close().await;
    let reopened = open(&path).await;
    assert_eq!(reopened.list_subaccounts().await.expect("list"), vec![acme()]);
    assert_eq!(reopened.list_signing_keys(acme().id).await.expect("list"), vec![key]);
    drop(reopened);
    let third = open(&path).await;
    assert_eq!(third.get_subaccount(acme().id).await.expect("get"), acme(), "a third open keeps it too");
}

#[tokio::test]
async fn the_database_file_is_private() {
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("cpi.db");
    let store = open(&path).await;
    store.create_subaccount(&acme()).await.expect("create_subaccount");
    assert_eq!(mode_of(&path), 0o600, "a new database file is 0600");
    for sidecar in ["cpi.db-wal", "cpi.db-shm"] {
        let sidecar = dir.path().join(sidecar);
        if sidecar.exists() {
            assert_eq!(mode_of(&sidecar), 0o600, "{} is 0600", sidecar.display());
        }
    }
    store.close().await;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("widen");
    let reopened = open(&path).await;
    assert_eq!(mode_of(&path), 0o600, "opening an existing file restricts it to 0600");
    assert_eq!(reopened.list_subaccounts().await.expect("list"), vec![acme()]);
}
