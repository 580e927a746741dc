use super::*;

#[test]
fn the_keyring_is_chosen_when_it_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (keyring, file) = (MemoryKeyring::default(), FileSecrets::new(dir.path().join("secrets")));
    let choice = choose(None, &keyring, &file).unwrap();
    assert_eq!(choice.store.kind(), StoreKind::Keyring);
    assert!(choice.keyring_unavailable.is_none());
    choice.store.save("dev", "s3cret").unwrap();
    assert_eq!(keyring.entries.lock().unwrap()["dev"], "s3cret");
    assert!(!file.path("dev").exists(), "nothing is written to a file");
}

#[test]
fn the_file_is_used_and_the_reason_kept_when_no_keyring_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (keyring, file) =
        (MemoryKeyring { absent: true, ..MemoryKeyring::default() }, FileSecrets::new(dir.path().into()));
    let choice = choose(None, &keyring, &file).unwrap();
    assert_eq!(choice.store.kind(), StoreKind::File);
    assert!(choice.keyring_unavailable.unwrap().to_string().contains("no keyring"));
}

#[test]
fn a_requested_store_is_used_and_a_requested_keyring_must_answer() {
    let dir = tempfile::tempdir().unwrap();
    let file = FileSecrets::new(dir.path().into());
    let present = MemoryKeyring::default();
    assert_eq!(choose(Some(StoreKind::File), &present, &file).unwrap().store.kind(), StoreKind::File);
    assert_eq!(choose(Some(StoreKind::Keyring), &present, &file).unwrap().store.kind(), StoreKind::Keyring);
    let absent = MemoryKeyring { absent: true, ..MemoryKeyring::default() };
    let refused = choose(Some(StoreKind::Keyring), &absent, &file).unwrap_err().to_string();
    assert!(refused.contains("--secret-store file"), "{refused}");
}

#[test]
fn file_secrets_round_trip_and_missing_ones_are_none() {
    let dir = tempfile::tempdir().unwrap();
    let file = FileSecrets::new(dir.path().join("secrets"));
    assert_eq!(file.load("dev").unwrap(), None);
    file.save("dev", "a$b").unwrap();
    assert_eq!(file.load("dev").unwrap().as_deref(), Some("a$b"));
    assert_eq!(file.describe("dev"), dir.path().join("secrets").join("dev").display().to_string());
    file.remove("dev").unwrap();
    file.remove("dev").unwrap();
    assert_eq!(file.load("dev").unwrap(), None);
}

#[test]
fn the_os_keyring_maps_keyring_answers() {
    // keyring's mock answers like a keyring without entries (each mock entry is its own store).
    let keyring = OsKeyring::with_builder(keyring::mock::default_credential_builder(), std::path::Path::new("/cfg"));
    assert_eq!(keyring.entry_user("dev"), "dev (/cfg)", "entries are named by profile and configuration dir");
    keyring.probe().unwrap();
    assert_eq!(keyring.load("dev").unwrap(), None, "no entry is no secret");
    keyring.remove("dev").unwrap();
    keyring.save("dev", "s3cret").unwrap();
    assert!(keyring.describe("dev").starts_with("the OS keyring ("));
    assert!(!format!("{keyring:?}").contains("s3cret"));
}

#[test]
fn store_kinds_are_named_in_profiles_as_on_the_command_line() {
    assert_eq!(toml::Value::try_from(StoreKind::Keyring).unwrap().as_str(), Some("keyring"));
    assert_eq!(StoreKind::File.as_str(), "file");
    use clap::ValueEnum;
    assert_eq!(StoreKind::from_str("keyring", false).unwrap(), StoreKind::Keyring);
}
