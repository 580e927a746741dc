//! RS256 signing keys (aws-lc-rs), their JWKS form, and JWT signing and verification.

use std::collections::HashMap;

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{self, KeyPair as _, RSA_PKCS1_SHA256, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};

use crate::error::TokenRejection;

/// A signing-key failure (key generation or a corrupt stored key).
#[derive(Debug, thiserror::Error)]
#[error("signing key error: {0}")]
pub struct KeyError(String);

/// An RSA-2048 key that signs access tokens.
pub struct SigningKey {
    kid: String,
    pair: KeyPair,
    rng: SystemRandom,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Generates a new key with the given key id.
    pub fn generate(kid: String) -> Result<Self, KeyError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|e| KeyError(e.to_string()))?;
        Ok(SigningKey { kid, pair, rng: SystemRandom::new() })
    }

    /// Loads a stored key (PKCS#8 DER).
    pub fn from_pkcs8(kid: String, der: &[u8]) -> Result<Self, KeyError> {
        let pair = KeyPair::from_pkcs8(der).map_err(|e| KeyError(e.to_string()))?;
        Ok(SigningKey { kid, pair, rng: SystemRandom::new() })
    }

    /// The PKCS#8 DER to store.
    pub fn to_pkcs8(&self) -> Result<Vec<u8>, KeyError> {
        let der: Pkcs8V1Der<'static> = self.pair.as_der().map_err(|e| KeyError(e.to_string()))?;
        Ok(der.as_ref().to_vec())
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Signs a JWT with header `{"alg":"RS256","jku","kid","typ":"JWT"}` and the given claims.
    pub fn sign_jwt<C: Serialize>(&self, jku: &str, claims: &C) -> Result<String, KeyError> {
        let header = JwtHeader {
            alg: "RS256".into(),
            jku: Some(jku.into()),
            kid: Some(self.kid.clone()),
            typ: Some("JWT".into()),
        };
        let mut token = encode_part(&header)?;
        token.push('.');
        token.push_str(&encode_part(claims)?);
        let mut sig = vec![0u8; self.pair.public_modulus_len()];
        self.pair
            .sign(&RSA_PKCS1_SHA256, &self.rng, token.as_bytes(), &mut sig)
            .map_err(|e| KeyError(e.to_string()))?;
        token.push('.');
        token.push_str(&URL_SAFE_NO_PAD.encode(sig));
        Ok(token)
    }

    /// The public key as a JWK in UAA's `/token_keys` form (with `value` PEM).
    pub fn jwk(&self) -> Result<Jwk, KeyError> {
        let public = self.pair.public_key();
        let components: PublicKeyComponents<Vec<u8>> = public.into();
        let spki: PublicKeyX509Der<'static> = public.as_der().map_err(|e| KeyError(e.to_string()))?;
        Ok(Jwk {
            kty: "RSA".into(),
            e: URL_SAFE_NO_PAD.encode(&components.e),
            n: URL_SAFE_NO_PAD.encode(&components.n),
            kid: self.kid.clone(),
            alg: "RS256".into(),
            key_use: "sig".into(),
            value: pem("PUBLIC KEY", spki.as_ref()),
        })
    }

    /// The verifier side of this key.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey {
            public: UnparsedPublicKey::new(
                &signature::RSA_PKCS1_2048_8192_SHA256,
                self.pair.public_key().as_ref().to_vec(),
            ),
        }
    }
}

fn encode_part<T: Serialize>(value: &T) -> Result<String, KeyError> {
    let json = serde_json::to_vec(value).map_err(|e| KeyError(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----"));
    out
}

/// The JOSE header of our tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtHeader {
    /// Always `RS256` when we sign.
    pub alg: String,
    /// `<issuer base>/token_keys`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jku: Option<String>,
    /// Key id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// `JWT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
}

/// A JSON Web Key as UAA publishes it at `/token_keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// `RSA`.
    pub kty: String,
    /// Exponent, base64url.
    pub e: String,
    /// `sig`.
    #[serde(rename = "use")]
    pub key_use: String,
    /// Key id.
    pub kid: String,
    /// `RS256`.
    pub alg: String,
    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`).
    pub value: String,
    /// Modulus, base64url.
    pub n: String,
}

/// A public key that verifies tokens.
#[derive(Debug, Clone)]
pub struct VerifyingKey {
    public: UnparsedPublicKey<Vec<u8>>,
}

/// The verifying keys of a zone, by `kid`.
#[derive(Debug, Clone, Default)]
pub struct VerifyingKeys {
    keys: HashMap<String, VerifyingKey>,
}

impl VerifyingKeys {
    /// Adds a key.
    pub fn insert(&mut self, kid: String, key: VerifyingKey) {
        self.keys.insert(kid, key);
    }

    /// Checks the header and signature of a compact JWT and returns its decoded payload.
    pub fn verify<C: for<'de> Deserialize<'de>>(&self, token: &str) -> Result<C, TokenRejection> {
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(TokenRejection::Malformed);
        };
        let header: JwtHeader = decode_part(h)?;
        if header.alg != "RS256" {
            return Err(TokenRejection::WrongAlgorithm);
        }
        let kid = header.kid.ok_or(TokenRejection::UnknownKey)?;
        let key = self.keys.get(&kid).ok_or(TokenRejection::UnknownKey)?;
        let sig = URL_SAFE_NO_PAD.decode(s).map_err(|_| TokenRejection::Malformed)?;
        let signed = &token[..h.len() + 1 + p.len()];
        key.public.verify(signed.as_bytes(), &sig).map_err(|_| TokenRejection::BadSignature)?;
        decode_part(p)
    }
}

fn decode_part<T: for<'de> Deserialize<'de>>(part: &str) -> Result<T, TokenRejection> {
    let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| TokenRejection::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenRejection::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies_and_survives_a_pkcs8_round_trip() {
        let key = SigningKey::generate("k1".into()).unwrap();
        let token = key.sign_jwt("http://x/token_keys", &serde_json::json!({"a": 1})).unwrap();
        let reloaded = SigningKey::from_pkcs8("k1".into(), &key.to_pkcs8().unwrap()).unwrap();
        let mut keys = VerifyingKeys::default();
        keys.insert("k1".into(), reloaded.verifying_key());
        let claims: serde_json::Value = keys.verify(&token).unwrap();
        assert_eq!(claims["a"], 1);
        let tampered = format!("{}x", &token[..token.len() - 1]);
        assert!(keys.verify::<serde_json::Value>(&tampered).is_err());
        assert_eq!(keys.verify::<serde_json::Value>("a.b"), Err(TokenRejection::Malformed));
        let jwk = key.jwk().unwrap();
        assert_eq!(jwk.e, "AQAB");
        assert!(jwk.value.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    }
}
