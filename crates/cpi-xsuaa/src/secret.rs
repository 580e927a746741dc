//! Client secrets derived from a per-data-dir credential key: `secret = key-id $ HMAC(key,
//! key-id ‖ salt)`. The database holds only the salt, so a leaked database reveals no secret;
//! keys can still be shown again, as BTP shows them. Checks run in constant time.

use aws_lc_rs::hmac;
use subtle::ConstantTimeEq;
use uuid::Uuid;

use cpi_domain::ClientSecret;

/// The server's credential key (32 random bytes kept in the data dir, mode 0600).
pub struct CredentialKey(hmac::Key);

impl std::fmt::Debug for CredentialKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CredentialKey(<redacted>)")
    }
}

impl CredentialKey {
    /// Wraps the raw key bytes.
    pub fn new(bytes: &[u8; 32]) -> Self {
        CredentialKey(hmac::Key::new(hmac::HMAC_SHA256, bytes))
    }

    fn mac(&self, key_id: Uuid, salt: &[u8]) -> [u8; 32] {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(b"cpi client secret v1\0");
        ctx.update(key_id.as_bytes());
        ctx.update(salt);
        let tag = ctx.sign();
        let mut out = [0u8; 32];
        out.copy_from_slice(tag.as_ref());
        out
    }

    /// A MAC of `data` for another purpose (e.g. CSRF tokens), domain-separated by `purpose`.
    pub fn tag(&self, purpose: &str, data: &[u8]) -> [u8; 32] {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(purpose.as_bytes());
        ctx.update(b"\0");
        ctx.update(data);
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.sign().as_ref());
        out
    }

    /// The secret of the key `key_id` with the stored `salt`.
    pub fn secret(&self, key_id: Uuid, salt: &[u8]) -> ClientSecret {
        ClientSecret::from_parts(key_id, &self.mac(key_id, salt))
    }

    /// Whether `presented` is the secret of `key_id`/`salt` (constant time).
    pub fn verify(&self, presented: &str, key_id: Uuid, salt: &[u8]) -> bool {
        let expected = self.secret(key_id, salt);
        let a = expected.expose().as_bytes();
        let b = presented.as_bytes();
        a.len() == b.len() && bool::from(a.ct_eq(b))
    }
}

/// SHA-256 of a text, as lowercase hex (refresh tokens are stored this way).
pub fn sha256_hex(text: &str) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, text.as_bytes());
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_secret_verifies_and_others_do_not() {
        let key = CredentialKey::new(&[1u8; 32]);
        let id = Uuid::new_v4();
        let secret = key.secret(id, b"salt");
        assert!(key.verify(secret.expose(), id, b"salt"));
        assert!(!key.verify(secret.expose(), id, b"other"));
        assert!(!key.verify("short", id, b"salt"));
        let other = CredentialKey::new(&[2u8; 32]);
        assert!(!other.verify(secret.expose(), id, b"salt"));
    }
}
