//! Secret values at rest: passwords, secure parameters and client secrets are sealed with
//! AES-256-GCM under the data key before they reach the store, and opened only by the server.
//!
//! A sealed value is `version (1) ‖ key id (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`. The nonce is
//! random per value. The associated data binds the ciphertext to its row (subaccount, entity set
//! and key), so a blob copied into another row does not open. The key id lets keys rotate later:
//! a value names the key that sealed it.
//!
//! Plain values live in [`SecretText`], whose `Debug` is redacted and which has no `Display`.

use std::fmt;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use uuid::Uuid;

use cpi_store::Sealed;

use crate::clock::Random;

/// The format version written in the first byte.
const FORMAT_VERSION: u8 = 1;
/// The id of the data key this build seals with.
pub const CURRENT_KEY_ID: u8 = 1;
/// Bytes before the ciphertext: version, key id, nonce.
const HEADER_LEN: usize = 2 + NONCE_LEN;
/// The length of a data key.
pub const DATA_KEY_LEN: usize = 32;

/// Why a secret could not be sealed or opened. The texts never contain secret material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Key material of the wrong length or encoding.
    #[error("the data key must be {DATA_KEY_LEN} bytes (base64-encoded when given in configuration)")]
    BadKey,
    /// A blob that is not a sealed value of a known format and key.
    #[error("the sealed value has an unknown format or key id")]
    UnknownFormat,
    /// Authentication failed: the blob was changed, or belongs to another row or key.
    #[error("the sealed value does not open with this key and binding")]
    Tampered,
    /// The cipher failed to seal.
    #[error("sealing failed")]
    SealFailed,
}

/// A plain secret value. `Debug` shows no content and there is no `Display`; read it with
/// [`SecretText::expose`] only where it is needed.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretText(String);

impl SecretText {
    /// Wraps a value.
    pub fn new(value: String) -> Self {
        SecretText(value)
    }

    /// The value.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText(<redacted>)")
    }
}

/// Raw data-key bytes as configured (`CPI_DATA_KEY`) or read from `data.key`; `Debug` redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKeyMaterial([u8; DATA_KEY_LEN]);

impl DataKeyMaterial {
    /// Key bytes.
    pub fn new(bytes: [u8; DATA_KEY_LEN]) -> Self {
        DataKeyMaterial(bytes)
    }

    /// Key bytes from a slice of the right length.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, SecretError> {
        <[u8; DATA_KEY_LEN]>::try_from(bytes).map(DataKeyMaterial).map_err(|_| SecretError::BadKey)
    }

    /// Key bytes from standard base64 (surrounding whitespace ignored).
    pub fn from_base64(text: &str) -> Result<Self, SecretError> {
        let bytes = STANDARD.decode(text.trim()).map_err(|_| SecretError::BadKey)?;
        Self::from_slice(&bytes)
    }

    /// The bytes (to write `data.key`).
    pub fn bytes(&self) -> &[u8; DATA_KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for DataKeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKeyMaterial(<redacted>)")
    }
}

/// Which row a secret belongs to: its subaccount, entity set and key values. Part of the
/// associated data, so a sealed value opens only in its own row.
#[derive(Debug, Clone, Copy)]
pub struct SecretBinding<'a> {
    /// The subaccount.
    pub subaccount: Uuid,
    /// The entity set, e.g. `UserCredentials`.
    pub set: &'static str,
    /// The key values, e.g. `[name]` or `[pid, id]`.
    pub key: &'a [&'a str],
}

impl SecretBinding<'_> {
    /// The associated data: a label, then every part length-prefixed (no two bindings collide).
    fn associated_data(&self, key_id: u8) -> Vec<u8> {
        let mut aad = b"cpi-sealed-secret".to_vec();
        aad.push(FORMAT_VERSION);
        aad.push(key_id);
        let subaccount = self.subaccount.as_bytes();
        let parts =
            [subaccount.as_slice(), self.set.as_bytes()].into_iter().chain(self.key.iter().map(|k| k.as_bytes()));
        for part in parts {
            aad.extend_from_slice(&(part.len() as u64).to_be_bytes());
            aad.extend_from_slice(part);
        }
        aad
    }
}

/// The key that seals and opens secret values.
pub struct DataKey {
    id: u8,
    key: LessSafeKey,
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey").field("id", &self.id).finish_non_exhaustive()
    }
}

impl DataKey {
    /// The key with this id and material.
    pub fn new(id: u8, material: &DataKeyMaterial) -> Result<Self, SecretError> {
        let unbound = UnboundKey::new(&AES_256_GCM, material.bytes()).map_err(|_| SecretError::BadKey)?;
        Ok(DataKey { id, key: LessSafeKey::new(unbound) })
    }

    /// Seals a value for its row, with a fresh random nonce.
    pub fn seal(
        &self,
        random: &dyn Random,
        binding: &SecretBinding<'_>,
        value: &SecretText,
    ) -> Result<Sealed, SecretError> {
        let mut nonce = [0u8; NONCE_LEN];
        random.fill(&mut nonce);
        let mut in_out = value.expose().as_bytes().to_vec();
        let aad = binding.associated_data(self.id);
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad.as_slice()), &mut in_out)
            .map_err(|_| SecretError::SealFailed)?;
        let mut sealed = Vec::with_capacity(HEADER_LEN + in_out.len());
        sealed.push(FORMAT_VERSION);
        sealed.push(self.id);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&in_out);
        Ok(Sealed(sealed))
    }

    /// Opens a value sealed for this row with this key.
    pub fn open(&self, binding: &SecretBinding<'_>, sealed: &Sealed) -> Result<SecretText, SecretError> {
        let bytes = sealed.0.as_slice();
        if bytes.len() < HEADER_LEN || bytes[0] != FORMAT_VERSION || bytes[1] != self.id {
            return Err(SecretError::UnknownFormat);
        }
        let nonce = Nonce::try_assume_unique_for_key(&bytes[2..HEADER_LEN]).map_err(|_| SecretError::UnknownFormat)?;
        let mut in_out = bytes[HEADER_LEN..].to_vec();
        let aad = binding.associated_data(self.id);
        let plain =
            self.key.open_in_place(nonce, Aad::from(aad.as_slice()), &mut in_out).map_err(|_| SecretError::Tampered)?;
        let text = String::from_utf8(plain.to_vec()).map_err(|_| SecretError::Tampered)?;
        Ok(SecretText(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemRandomSource;

    fn key(byte: u8) -> DataKey {
        DataKey::new(CURRENT_KEY_ID, &DataKeyMaterial::new([byte; DATA_KEY_LEN])).unwrap()
    }

    fn binding<'a>(set: &'static str, key: &'a [&'a str]) -> SecretBinding<'a> {
        SecretBinding { subaccount: Uuid::from_u128(7), set, key }
    }

    fn secret(text: &str) -> SecretText {
        SecretText::new(text.to_owned())
    }

    #[test]
    fn sealed_values_open_to_what_was_sealed_and_never_hold_it_in_clear() {
        let random = SystemRandomSource::default();
        let data_key = key(1);
        let row = binding("UserCredentials", &["smtp"]);
        for text in ["", "p", "correct horse battery staple", "päßwörd ✓"] {
            let sealed = data_key.seal(&random, &row, &secret(text)).unwrap();
            assert_eq!(sealed.0.len(), HEADER_LEN + text.len() + 16, "header, ciphertext, tag");
            assert_eq!(&sealed.0[..2], &[FORMAT_VERSION, CURRENT_KEY_ID]);
            // Only texts long enough not to turn up by chance among ~60 random bytes say anything
            // (a one-byte "p" does about one time in five).
            if text.len() >= 8 {
                assert!(!sealed.0.windows(text.len()).any(|w| w == text.as_bytes()), "no plain text inside");
            }
            assert_eq!(data_key.open(&row, &sealed).unwrap(), secret(text));
        }
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let random = SystemRandomSource::default();
        let row = binding("SecureParameters", &["p"]);
        let a = key(1).seal(&random, &row, &secret("same")).unwrap();
        let b = key(1).seal(&random, &row, &secret("same")).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn a_changed_blob_does_not_open() {
        let random = SystemRandomSource::default();
        let data_key = key(1);
        let row = binding("UserCredentials", &["smtp"]);
        let sealed = data_key.seal(&random, &row, &secret("value")).unwrap();
        for index in 2..sealed.0.len() {
            let mut changed = sealed.clone();
            changed.0[index] ^= 0x01;
            assert_eq!(data_key.open(&row, &changed), Err(SecretError::Tampered), "byte {index}");
        }
        let mut truncated = sealed.clone();
        truncated.0.truncate(HEADER_LEN + 3);
        assert_eq!(data_key.open(&row, &truncated), Err(SecretError::Tampered));
        assert_eq!(data_key.open(&row, &Sealed(vec![FORMAT_VERSION])), Err(SecretError::UnknownFormat));
        let mut other_version = sealed.clone();
        other_version.0[0] = 9;
        assert_eq!(data_key.open(&row, &other_version), Err(SecretError::UnknownFormat));
    }

    #[test]
    fn a_blob_opens_only_in_its_own_row_and_with_its_own_key() {
        let random = SystemRandomSource::default();
        let data_key = key(1);
        let row = binding("UserCredentials", &["smtp"]);
        let sealed = data_key.seal(&random, &row, &secret("value")).unwrap();
        let elsewhere = [
            binding("UserCredentials", &["ftp"]),
            binding("SecureParameters", &["smtp"]),
            SecretBinding { subaccount: Uuid::from_u128(8), ..row },
            binding("UserCredentialParameters", &["smt", "p"]),
            binding("UserCredentialParameters", &["sm", "tp"]),
        ];
        for other in elsewhere {
            assert_eq!(data_key.open(&other, &sealed), Err(SecretError::Tampered), "{other:?}");
        }
        assert_eq!(key(2).open(&row, &sealed), Err(SecretError::Tampered), "another key");
        let rotated = DataKey::new(2, &DataKeyMaterial::new([1; DATA_KEY_LEN])).unwrap();
        assert_eq!(rotated.open(&row, &sealed), Err(SecretError::UnknownFormat), "another key id");
    }

    #[test]
    fn key_material_parses_from_base64_and_never_prints() {
        let material = DataKeyMaterial::from_base64(&format!(" {} \n", STANDARD.encode([7u8; 32]))).unwrap();
        assert_eq!(material.bytes(), &[7u8; 32]);
        assert_eq!(DataKeyMaterial::from_base64("c2hvcnQ="), Err(SecretError::BadKey));
        assert_eq!(DataKeyMaterial::from_base64("not base64!"), Err(SecretError::BadKey));
        assert_eq!(format!("{material:?}"), "DataKeyMaterial(<redacted>)");
        assert_eq!(format!("{:?}", secret("hunter2")), "SecretText(<redacted>)");
        assert_eq!(format!("{:?}", key(7)), "DataKey { id: 1, .. }");
    }
}
