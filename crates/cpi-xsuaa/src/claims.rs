//! The access token's claims, in the order UAA writes them, and the success response body.

use std::borrow::Cow;

use aws_lc_rs::digest::{SHA256, digest};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use cpi_domain::Subaccount;

/// XSUAA's `ext_attr`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtAttr {
    /// Always `XSUAA`.
    pub enhancer: String,
    /// The subaccount id.
    pub subaccountid: String,
    /// The subdomain.
    pub zdn: String,
    /// The service instance the client belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serviceinstanceid: Option<String>,
}

/// Claims of an access token (client credentials or user grants). The scope lists borrow where
/// they can: an instance's scopes and audience are computed once, not per token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokenClaims<'a> {
    /// Token id (32 hex).
    pub jti: String,
    /// XSUAA attributes.
    pub ext_attr: ExtAttr,
    /// Client id (client credentials) or user id.
    pub sub: String,
    /// Client authorities (client credentials only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorities: Option<Cow<'a, [String]>>,
    /// Granted scopes.
    pub scope: Cow<'a, [String]>,
    /// Client id.
    pub client_id: String,
    /// Client id.
    pub cid: String,
    /// Client id.
    pub azp: String,
    /// The grant used.
    pub grant_type: String,
    /// User id (user grants).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Identity provider origin (user grants).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// User name (user grants).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// E-mail (user grants).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// When the user authenticated (user grants).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    /// Revocation signature (8 hex).
    pub rev_sig: String,
    /// Issued at (seconds).
    pub iat: i64,
    /// Expires at (seconds).
    pub exp: i64,
    /// `<issuer base>/oauth/token`.
    pub iss: String,
    /// Zone id (= subaccount id).
    pub zid: String,
    /// Audience: scope prefixes and the client id.
    pub aud: Cow<'a, [String]>,
}

/// The user behind a user grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUser {
    /// User id.
    pub id: Uuid,
    /// User name.
    pub username: String,
    /// E-mail.
    pub email: String,
}

/// Everything needed to mint one access token; clock and randomness come from the caller.
#[derive(Debug, Clone)]
pub struct TokenGrant<'a> {
    /// The zone.
    pub zone: &'a Subaccount,
    /// The issuer base URL (public URL of the token service).
    pub issuer_base: &'a str,
    /// The OAuth client.
    pub client_id: &'a str,
    /// The instance behind the client, if any.
    pub instance_id: Option<Uuid>,
    /// `client_credentials`, `password`, `refresh_token`.
    pub grant_type: &'a str,
    /// Full scope names.
    pub scopes: Cow<'a, [String]>,
    /// The audience, if already derived from these scopes (else it is derived here).
    pub audience: Option<Cow<'a, [String]>>,
    /// The user, for user grants.
    pub user: Option<TokenUser>,
    /// Lifetime in seconds.
    pub validity_secs: u32,
    /// Now.
    pub now: OffsetDateTime,
    /// A fresh random id.
    pub jti: Uuid,
}

/// The issuer (`iss`) of a zone's tokens.
pub fn issuer(issuer_base: &str) -> String {
    format!("{}/oauth/token", issuer_base.trim_end_matches('/'))
}

/// Audience as UAA derives it: each scope up to its last dot, then the client id.
pub fn audience(scopes: &[String], client_id: &str) -> Vec<String> {
    let mut aud: Vec<String> = Vec::new();
    for scope in scopes {
        if let Some((prefix, _)) = scope.rsplit_once('.')
            && !aud.iter().any(|a| a == prefix)
        {
            aud.push(prefix.to_owned());
        }
    }
    if !aud.iter().any(|a| a == client_id) {
        aud.push(client_id.to_owned());
    }
    aud
}

fn revocation_signature(client_id: &str, zid: &str, user: Option<&TokenUser>) -> String {
    let user_id = user.map(|u| u.id.to_string()).unwrap_or_default();
    let hash = digest(&SHA256, format!("{client_id}\n{zid}\n{user_id}").as_bytes());
    hash.as_ref()[..4].iter().map(|b| format!("{b:02x}")).collect()
}

impl<'a> TokenGrant<'a> {
    /// Builds the claims.
    pub fn claims(&self) -> AccessTokenClaims<'a> {
        let iat = self.now.unix_timestamp();
        let zid = self.zone.id.to_string();
        let is_client = self.user.is_none();
        let user = self.user.as_ref();
        AccessTokenClaims {
            jti: self.jti.simple().to_string(),
            ext_attr: ExtAttr {
                enhancer: "XSUAA".into(),
                subaccountid: zid.clone(),
                zdn: self.zone.subdomain.clone(),
                serviceinstanceid: self.instance_id.map(|i| i.to_string()),
            },
            sub: user.map(|u| u.id.to_string()).unwrap_or_else(|| self.client_id.to_owned()),
            authorities: is_client.then(|| self.scopes.clone()),
            scope: self.scopes.clone(),
            client_id: self.client_id.to_owned(),
            cid: self.client_id.to_owned(),
            azp: self.client_id.to_owned(),
            grant_type: self.grant_type.to_owned(),
            user_id: user.map(|u| u.id.to_string()),
            origin: user.map(|_| "sap.default".to_owned()),
            user_name: user.map(|u| u.username.clone()),
            email: user.map(|u| u.email.clone()),
            auth_time: user.map(|_| iat),
            rev_sig: revocation_signature(self.client_id, &zid, user),
            iat,
            exp: iat + i64::from(self.validity_secs),
            iss: issuer(self.issuer_base),
            zid,
            aud: self.audience.clone().unwrap_or_else(|| Cow::Owned(audience(&self.scopes, self.client_id))),
        }
    }
}

/// The 200 body of the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The JWT.
    pub access_token: String,
    /// Always `bearer`.
    pub token_type: String,
    /// Opaque refresh token (password grant).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds until expiry, minus one as UAA reports it.
    pub expires_in: u32,
    /// Space-separated scopes.
    pub scope: String,
    /// The token id.
    pub jti: String,
}

impl TokenResponse {
    /// Builds the body for a signed token.
    pub fn new(access_token: String, claims: &AccessTokenClaims<'_>, refresh_token: Option<String>) -> Self {
        let lifetime = (claims.exp - claims.iat).max(1);
        TokenResponse {
            access_token,
            token_type: "bearer".into(),
            refresh_token,
            expires_in: u32::try_from(lifetime - 1).unwrap_or(0),
            scope: claims.scope.join(" "),
            jti: claims.jti.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_takes_prefix_up_to_last_dot_then_client() {
        let scopes = vec!["it!b1.WebToolingWorkspace.Read".to_owned(), "uaa.resource".to_owned()];
        assert_eq!(audience(&scopes, "sb-x|it!b1"), vec!["it!b1.WebToolingWorkspace", "uaa", "sb-x|it!b1"]);
    }
}
