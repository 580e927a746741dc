//! Reading a token request the way UAA does: client credentials from HTTP Basic, the form body
//! or the query string; `grant_type` and the other parameters from body or query.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::error::OAuthError;

/// The client's credentials as presented.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientAuth {
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
}

impl std::fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuth").field("client_id", &self.client_id).finish_non_exhaustive()
    }
}

/// The grant asked for.
#[derive(Clone, PartialEq, Eq)]
pub enum GrantRequest {
    /// `client_credentials`.
    ClientCredentials,
    /// `password` with the user's credentials.
    Password {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
    /// `refresh_token`.
    RefreshToken {
        /// The refresh token.
        refresh_token: String,
    },
    /// `authorization_code` (recognised; the code flow is not offered yet).
    AuthorizationCode,
}

impl std::fmt::Debug for GrantRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            GrantRequest::ClientCredentials => "client_credentials",
            GrantRequest::Password { .. } => "password",
            GrantRequest::RefreshToken { .. } => "refresh_token",
            GrantRequest::AuthorizationCode => "authorization_code",
        };
        f.write_str(name)
    }
}

/// A parsed token request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// The client's credentials, if any were presented.
    pub client: Option<ClientAuth>,
    /// The raw `grant_type` (checked by [`TokenRequest::grant`] after client authentication).
    grant_type: Option<String>,
    params: Vec<(String, String)>,
}

impl TokenRequest {
    /// Reads a request from its `Authorization` header, query string and form body.
    pub fn parse(authorization: Option<&str>, query: &str, form_body: &[u8]) -> Self {
        let mut params: Vec<(String, String)> = serde_urlencoded::from_bytes(form_body).unwrap_or_default();
        params.extend(serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default());
        let lookup = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let client = authorization
            .and_then(parse_basic)
            .or_else(|| Some(ClientAuth { client_id: lookup("client_id")?, client_secret: lookup("client_secret")? }));
        let grant_type = lookup("grant_type").filter(|g| !g.is_empty());
        TokenRequest { client, grant_type, params }
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The grant asked for, or UAA's error for a missing, unknown or incomplete one.
    pub fn grant(&self) -> Result<GrantRequest, OAuthError> {
        let grant_type = self.grant_type.as_deref().ok_or(OAuthError::MissingGrantType)?;
        match grant_type {
            "client_credentials" => Ok(GrantRequest::ClientCredentials),
            "password" => Ok(GrantRequest::Password {
                username: self.required("username")?,
                password: self.required("password")?,
            }),
            "refresh_token" => Ok(GrantRequest::RefreshToken { refresh_token: self.required("refresh_token")? }),
            "authorization_code" => Ok(GrantRequest::AuthorizationCode),
            "implicit" => Err(OAuthError::ImplicitNotSupported),
            _ => Err(OAuthError::UnsupportedGrantType),
        }
    }

    fn required(&self, name: &str) -> Result<String, OAuthError> {
        self.param(name)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| OAuthError::InvalidRequest(format!("Missing parameter: {name}")))
    }

    /// The requested `scope` values, if any.
    pub fn requested_scopes(&self) -> Vec<String> {
        self.param("scope").map(|s| s.split_whitespace().map(str::to_owned).collect()).unwrap_or_default()
    }
}

/// Reads `Basic base64(id:secret)`; UAA also URL-decodes both halves.
pub fn parse_basic(header: &str) -> Option<ClientAuth> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some(ClientAuth { client_id: form_decode(id), client_secret: form_decode(secret) })
}

fn form_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={}", text.replace('+', "%2B")))
        .ok()
        .and_then(|mut v| v.pop())
        .map(|(_, v)| v)
        .unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(id: &str, secret: &str) -> String {
        format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
    }

    #[test]
    fn credentials_come_from_basic_then_form_then_query() {
        let r = TokenRequest::parse(Some(&basic("a|it!b1", "s$x")), "grant_type=client_credentials", b"");
        assert_eq!(r.client.as_ref().unwrap().client_id, "a|it!b1");
        assert_eq!(r.grant().unwrap(), GrantRequest::ClientCredentials);
        let r = TokenRequest::parse(None, "", b"grant_type=client_credentials&client_id=a&client_secret=b");
        assert_eq!(r.client.unwrap().client_secret, "b");
        let r = TokenRequest::parse(None, "grant_type=client_credentials&client_id=a&client_secret=b%24c", b"");
        assert_eq!(r.client.unwrap().client_secret, "b$c");
    }

    #[test]
    fn grant_errors_are_uaas() {
        let r = TokenRequest::parse(None, "", b"");
        assert_eq!(r.grant(), Err(OAuthError::MissingGrantType));
        let r = TokenRequest::parse(None, "grant_type=magic", b"");
        assert_eq!(r.grant(), Err(OAuthError::UnsupportedGrantType));
        let r = TokenRequest::parse(None, "grant_type=implicit", b"");
        assert_eq!(r.grant(), Err(OAuthError::ImplicitNotSupported));
        let r = TokenRequest::parse(None, "grant_type=password&username=u", b"");
        assert!(matches!(r.grant(), Err(OAuthError::InvalidRequest(_))));
    }

    #[test]
    fn basic_header_is_url_decoded_like_uaa() {
        let auth = parse_basic(&basic("sb-1%7Cit%21b1", "x")).unwrap();
        assert_eq!(auth.client_id, "sb-1|it!b1");
        assert!(parse_basic("Bearer abc").is_none());
        assert!(parse_basic("Basic !!!").is_none());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn parsing_never_panics(auth in proptest::option::of(".{0,80}"), query in ".{0,200}", body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let request = TokenRequest::parse(auth.as_deref(), &query, &body);
            let _ = request.grant();
            let _ = request.requested_scopes();
        }

        #[test]
        fn basic_credentials_round_trip(id in "[A-Za-z0-9|!._-]{1,40}", secret in "[A-Za-z0-9$_=-]{1,60}") {
            let header = format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")));
            let auth = parse_basic(&header).unwrap();
            prop_assert_eq!(auth.client_id, id);
            prop_assert_eq!(auth.client_secret, secret);
        }
    }
}
