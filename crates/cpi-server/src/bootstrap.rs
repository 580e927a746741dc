//! First start and every start: the data dir, the credential key, the first subaccount with its
//! signing key and control-plane client (`admin-key.json`), and with `--dev` two ready instances.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde_json::json;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use cpi_domain::{ClientSecret, RoleCollection, Subaccount};
use cpi_store::{ControlClientRecord, Store, StoreError, UserRecord};

use crate::clock::{Clock, Random};
use crate::control::SM_XSAPPNAME;
use crate::keyring::new_signing_key;
use crate::password::hash_password;
use crate::secrets::DataKeyMaterial;

/// Creates the data dir (0700) if missing.
pub fn ensure_data_dir(dir: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir)?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// Writes a file readable only by its owner, replacing it atomically.
pub fn write_private_file(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = fs::OpenOptions::new().create(true).write(true).truncate(true).mode(0o600).open(&tmp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    fs::rename(&tmp, path)?;
    Ok(())
}

/// Reads the credential key, creating it on first start.
pub fn load_or_create_credential_key(dir: &Path, random: &dyn Random) -> anyhow::Result<[u8; 32]> {
    let path = dir.join("credential.key");
    if let Ok(bytes) = fs::read(&path) {
        return <[u8; 32]>::try_from(bytes.as_slice())
            .map_err(|_| anyhow::anyhow!("{} is corrupt (expected 32 bytes)", path.display()));
    }
    let key = random.bytes32();
    write_private_file(&path, &key)?;
    Ok(key)
}

/// The data key that seals secret values at rest: the configured one (`CPI_DATA_KEY`, which every
/// node of a shared store must be given), else `data.key` in the data dir, created (0600) from the
/// injected randomness on first start.
pub fn load_or_create_data_key(
    dir: &Path,
    random: &dyn Random,
    configured: Option<&DataKeyMaterial>,
) -> anyhow::Result<DataKeyMaterial> {
    let path = dir.join("data.key");
    let existing = match fs::read(&path) {
        Ok(bytes) => Some(
            DataKeyMaterial::from_slice(&bytes)
                .map_err(|_| anyhow::anyhow!("{} is corrupt (expected 32 bytes)", path.display()))?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
    };
    match (configured, existing) {
        (Some(configured), existing) => {
            if existing.is_some_and(|file| &file != configured) {
                tracing::warn!(
                    path = %path.display(),
                    "the configured data key differs from data.key: secrets sealed with data.key will not open"
                );
            }
            Ok(configured.clone())
        }
        (None, Some(file)) => Ok(file),
        (None, None) => {
            let key = DataKeyMaterial::new(random.bytes32());
            write_private_file(&path, key.bytes())?;
            Ok(key)
        }
    }
}

/// The outcome of bootstrap.
#[derive(Debug)]
pub struct Bootstrapped {
    /// The default subaccount.
    pub zone: Subaccount,
    /// Whether this start created it.
    pub created: bool,
}

/// Returns the first subaccount, creating it (with its signing key and control client) if the
/// store has none.
pub async fn ensure_subaccount(
    store: &dyn Store,
    clock: &dyn Clock,
    random: &dyn Random,
    subdomain: &str,
) -> anyhow::Result<Bootstrapped> {
    if let Some(zone) = store.list_subaccounts().await?.into_iter().next() {
        return Ok(Bootstrapped { zone, created: false });
    }
    let now = clock.now();
    let zone = Subaccount {
        id: random.uuid(),
        subdomain: subdomain.to_owned(),
        api_app_number: random.number(10_000, 999_999),
        runtime_app_number: random.number(10_000, 999_999),
        created_at: now,
    };
    store.create_subaccount(&zone).await?;
    store.add_signing_key(&new_signing_key(random, zone.id, now)?).await?;
    tracing::info!(subaccount = %zone.id, subdomain = %zone.subdomain, "subaccount created");
    Ok(Bootstrapped { zone, created: true })
}

/// Makes sure the zone has a control client and `admin-key.json` describes it.
pub async fn ensure_admin_key(
    store: &dyn Store,
    clock: &dyn Clock,
    random: &dyn Random,
    credential_key: &cpi_xsuaa::CredentialKey,
    dir: &Path,
    zone: &Subaccount,
    public_url: &str,
) -> anyhow::Result<PathBuf> {
    let path = dir.join("admin-key.json");
    let existing = fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| v["clientid"].as_str().map(str::to_owned));
    let record = match existing {
        Some(client_id) => match store.get_control_client(&client_id).await {
            Ok(record) => record,
            Err(StoreError::NotFound) => create_control_client(store, clock, random, zone).await?,
            Err(e) => return Err(e.into()),
        },
        None => create_control_client(store, clock, random, zone).await?,
    };
    let key_id =
        crate::control::control_key_id(&record.client_id).ok_or_else(|| anyhow::anyhow!("bad control client id"))?;
    let secret: ClientSecret = credential_key.secret(key_id, &record.secret_salt);
    let binding = json!({
        "clientid": record.client_id,
        "clientsecret": secret.expose(),
        "url": public_url,
        "sm_url": public_url,
        "xsappname": SM_XSAPPNAME,
        "subaccount_id": zone.id,
        "subdomain": zone.subdomain,
    });
    write_private_file(&path, serde_json::to_string_pretty(&binding)?.as_bytes())?;
    Ok(path)
}

async fn create_control_client(
    store: &dyn Store,
    clock: &dyn Clock,
    random: &dyn Random,
    zone: &Subaccount,
) -> anyhow::Result<ControlClientRecord> {
    let record = ControlClientRecord {
        client_id: format!("sb-{}!b1|{SM_XSAPPNAME}", random.uuid()),
        subaccount_id: zone.id,
        secret_salt: random.bytes32().to_vec(),
        created_at: clock.now(),
    };
    store.create_control_client(&record).await?;
    Ok(record)
}

/// The cockpit's first administrator, as this start left it.
#[derive(Debug, Clone)]
pub struct CockpitAdmin {
    /// Its user name.
    pub username: String,
    /// The password generated for it on this start (shown once); `None` when it existed already
    /// or its password was configured.
    pub generated_password: Option<String>,
}

/// Makes sure the subaccount has a user holding `Subaccount Administrator`, who signs in to the
/// cockpit: `admin` (or `subaccount-admin` if `admin` is taken) with the configured password
/// (`CPI_ADMIN_PASSWORD`) or a generated one.
pub async fn ensure_cockpit_admin(
    store: &dyn Store,
    clock: &dyn Clock,
    random: &dyn Random,
    zone: &Subaccount,
    configured_password: Option<&str>,
) -> anyhow::Result<CockpitAdmin> {
    let users = store.list_users(zone.id).await?;
    if let Some(admin) = users.iter().find(|u| u.role_collections.contains(&RoleCollection::SubaccountAdministrator)) {
        return Ok(CockpitAdmin { username: admin.username.clone(), generated_password: None });
    }
    let username = if users.iter().any(|u| u.username == "admin") { "subaccount-admin" } else { "admin" };
    let (password, generated) = match configured_password {
        Some(p) => (p.to_owned(), None),
        None => {
            let p = URL_SAFE_NO_PAD.encode(&random.bytes32()[..15]);
            (p.clone(), Some(p))
        }
    };
    let mut salt = [0u8; 16];
    random.fill(&mut salt);
    let hash = tokio::task::spawn_blocking(move || hash_password(&password, &salt)).await??;
    let user = UserRecord {
        id: random.uuid(),
        subaccount_id: zone.id,
        username: username.to_owned(),
        email: format!("{username}@example.com"),
        password_hash: hash,
        role_collections: vec![RoleCollection::SubaccountAdministrator],
        created_at: clock.now(),
    };
    store.create_user(&user).await?;
    tracing::info!(user = username, "cockpit administrator created");
    Ok(CockpitAdmin { username: username.to_owned(), generated_password: generated })
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::clock::SystemRandomSource;

    #[test]
    fn the_data_key_is_created_once_private_and_a_configured_one_wins() {
        let dir = tempfile::tempdir().unwrap();
        let random = SystemRandomSource::default();
        let created = load_or_create_data_key(dir.path(), &random, None).unwrap();
        let path = dir.path().join("data.key");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::read(&path).unwrap(), created.bytes().to_vec());
        assert_eq!(load_or_create_data_key(dir.path(), &random, None).unwrap(), created, "read back, not replaced");
        let configured = DataKeyMaterial::new([9; 32]);
        assert_eq!(load_or_create_data_key(dir.path(), &random, Some(&configured)).unwrap(), configured);
        assert_eq!(fs::read(&path).unwrap(), created.bytes().to_vec(), "the file is left alone");
        let elsewhere = tempfile::tempdir().unwrap();
        load_or_create_data_key(elsewhere.path(), &random, Some(&configured)).unwrap();
        assert!(!elsewhere.path().join("data.key").exists(), "a configured key is not written to disk");
        fs::write(&path, b"short").unwrap();
        assert!(load_or_create_data_key(dir.path(), &random, None).is_err(), "a corrupt file is an error");
    }
}
