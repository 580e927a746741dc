//! OAuth client identities of instances and the secrets of their service keys, in XSUAA's
//! formats: `sb-<uuid>!b<n>|<master xsappname>` and `<uuid>$<base64url>`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Builds a broker-clone client id: `sb-<uuid>!b<n>|<master xsappname>`.
pub fn clone_client_id(instance_uuid: Uuid, clone_number: u32, master_xsappname: &str) -> String {
    format!("sb-{instance_uuid}!b{clone_number}|{master_xsappname}")
}

/// A freshly generated client secret. Only its keyed hash is stored; the text is shown once
/// (and again whenever the key is read, as BTP does, from the key's stored credentials).
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// Builds the secret of key `key_id` from 32 random bytes (taken from a CSPRNG by the caller):
    /// `<key uuid>$<43 base64url chars>=`, the shape of XSUAA's binding secrets.
    pub fn from_parts(key_id: Uuid, random: &[u8; 32]) -> Self {
        ClientSecret(format!("{key_id}${}", URL_SAFE.encode(random)))
    }

    /// The secret text.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key a presented secret claims to belong to (the part before `$`), if well-formed.
    pub fn key_id_of(presented: &str) -> Option<Uuid> {
        let (id, rest) = presented.split_once('$')?;
        if rest.is_empty() {
            return None;
        }
        Uuid::parse_str(id).ok()
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// The credentials of a ClientId/Secret service key, in SAP's layout
/// (`{"oauth":{"clientid","clientsecret","url","createdate","tokenurl"}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceKeyCredentials {
    /// The `oauth` object.
    pub oauth: OAuthCredentials,
}

/// The `oauth` object of a service key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthCredentials {
    /// The instance's client id.
    pub clientid: String,
    /// The key's secret.
    pub clientsecret: String,
    /// Tenant management base (`api`) or runtime base (`integration-flow`).
    pub url: String,
    /// ISO-8601 UTC creation time with milliseconds.
    pub createdate: String,
    /// The token endpoint, ending in `/oauth/token`.
    pub tokenurl: String,
}

/// Formats a time as SAP's `createdate` (`2025-07-02T00:17:31.919Z`).
pub fn format_createdate(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_has_xsuaa_shape_and_names_its_key() {
        let key = Uuid::new_v4();
        let secret = ClientSecret::from_parts(key, &[7u8; 32]);
        let (id, tail) = secret.expose().split_once('$').unwrap();
        assert_eq!(id, key.to_string());
        assert_eq!(tail.len(), 44);
        assert!(tail.ends_with('='));
        assert_eq!(ClientSecret::key_id_of(secret.expose()), Some(key));
        assert_eq!(ClientSecret::key_id_of("nonsense"), None);
    }

    #[test]
    fn client_id_has_broker_clone_shape() {
        let id = Uuid::nil();
        assert_eq!(clone_client_id(id, 42, "it!b7"), "sb-00000000-0000-0000-0000-000000000000!b42|it!b7");
    }

    #[test]
    fn createdate_has_millis_and_z() {
        let at = time::macros::datetime!(2025-07-02 00:17:31.919 UTC);
        assert_eq!(format_createdate(at), "2025-07-02T00:17:31.919Z");
    }
}
