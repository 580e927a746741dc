//! The HTTP access log: one line per request in the Combined Log Format with the duration
//! appended, e.g.
//!
//! ```text
//! 127.0.0.1 - - [24/Nov/2026:10:15:30 +0000] "GET /api/v1/LogFiles?$top=1 HTTP/1.1" 200 1234 "-" "curl/8.5.0" 3
//! ```
//!
//! (client address, time the request arrived, request line, status, body bytes or `-` when not
//! known up front, referer (never logged), user agent, milliseconds until the response head).
//! Headers other than the user agent are never read, bodies never; the values of query
//! parameters named like a credential (`client_secret`, `password`, `access_token`, …) are
//! replaced by `REDACTED`.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::HttpBody;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, Uri, Version, header};
use axum::middleware::Next;
use axum::response::Response;
use time::OffsetDateTime;

use crate::state::AppState;

/// What replaces a credential in a logged query string.
pub const REDACTED: &str = "REDACTED";

/// Middleware: writes one access-log line per request once its response head is ready.
pub async fn access_log(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let client = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0);
    let entry = AccessEntry {
        at: state.clock.now(),
        client,
        method: request.method().clone(),
        target: redacted_target(request.uri()),
        version: request.version(),
        user_agent: request.headers().get(header::USER_AGENT).map(|v| v.as_bytes().to_vec()),
        status: 0,
        bytes: None,
        millis: 0,
    };
    let response = next.run(request).await;
    let entry = AccessEntry {
        status: response.status().as_u16(),
        bytes: response.body().size_hint().exact(),
        millis: started.elapsed().as_millis(),
        ..entry
    };
    state.logs.access().write_line(entry.line().into_bytes());
    response
}

/// One request as the access log records it.
#[derive(Debug, Clone)]
struct AccessEntry {
    at: OffsetDateTime,
    client: Option<SocketAddr>,
    method: Method,
    target: String,
    version: Version,
    user_agent: Option<Vec<u8>>,
    status: u16,
    bytes: Option<u64>,
    millis: u128,
}

impl AccessEntry {
    fn line(&self) -> String {
        let format =
            time::macros::format_description!("[day]/[month repr:short]/[year]:[hour]:[minute]:[second] +0000");
        let at = self.at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_else(|_| "-".to_owned());
        let client = self.client.map_or_else(|| "-".to_owned(), |c| c.ip().to_string());
        let bytes = self.bytes.map_or_else(|| "-".to_owned(), |b| b.to_string());
        let agent = self.user_agent.as_deref().map_or_else(|| "-".to_owned(), escape);
        let request = escape(format!("{} {} {:?}", self.method, self.target, self.version).as_bytes());
        format!("{client} - - [{at}] \"{request}\" {} {bytes} \"-\" \"{agent}\" {}", self.status, self.millis)
    }
}

/// Printable ASCII as is, except `"` and `\`; every other byte as `\xHH`, so a logged value
/// can neither end its field nor start a new line.
fn escape(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for &byte in bytes {
        match byte {
            b'"' | b'\\' => {
                text.push('\\');
                text.push(char::from(byte));
            }
            0x20..=0x7e => text.push(char::from(byte)),
            _ => text.push_str(&format!("\\x{byte:02x}")),
        }
    }
    text
}

/// Whether a query parameter's (decoded) name looks like it carries a credential. OData's
/// system options (`$skiptoken`) are positions, not credentials.
fn is_credential_name(name: &str) -> bool {
    const PARTS: [&str; 9] =
        ["secret", "password", "passwd", "passcode", "token", "assertion", "credential", "apikey", "api_key"];
    let name = name.to_ascii_lowercase();
    !name.starts_with('$') && (PARTS.iter().any(|part| name.contains(part)) || name == "code" || name == "pwd")
}

/// The request target with credential values redacted.
fn redacted_target(uri: &Uri) -> String {
    let path = uri.path();
    let Some(query) = uri.query() else { return path.to_owned() };
    let parts: Vec<String> = query
        .split('&')
        .map(|part| match part.split_once('=') {
            Some((name, _)) if is_credential_name(&decoded_name(name)) => format!("{name}={REDACTED}"),
            _ => part.to_owned(),
        })
        .collect();
    format!("{path}?{}", parts.join("&"))
}

fn decoded_name(raw: &str) -> String {
    // An undecodable name is compared as sent.
    cpi_odata::query::decode_query_component(raw).unwrap_or_else(|_| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(uri: &str) -> String {
        redacted_target(&uri.parse::<Uri>().unwrap())
    }

    #[test]
    fn credentials_in_the_query_are_redacted() {
        assert_eq!(
            target("/oauth/token?grant_type=client_credentials&client_id=sb-x&client_secret=k1%24abc"),
            "/oauth/token?grant_type=client_credentials&client_id=sb-x&client_secret=REDACTED"
        );
        assert_eq!(
            target("/x?Password=p&access_token=t&code=c&pwd=w"),
            "/x?Password=REDACTED&access_token=REDACTED&code=REDACTED&pwd=REDACTED"
        );
        assert_eq!(
            target("/x?client%5Fsecret=s&Client+Secret=s"),
            "/x?client%5Fsecret=REDACTED&Client+Secret=REDACTED"
        );
        assert_eq!(
            target("/api/v1/LogFiles?$skiptoken=1000&$filter=Name%20eq%20'x'&Overwrite=true"),
            "/api/v1/LogFiles?$skiptoken=1000&$filter=Name%20eq%20'x'&Overwrite=true"
        );
        assert_eq!(target("/healthz"), "/healthz");
    }

    #[test]
    fn lines_use_the_combined_format_and_cannot_be_forged() {
        let entry = AccessEntry {
            at: time::macros::datetime!(2026-11-24 10:15:30.123 +01:00),
            client: Some("127.0.0.1:50123".parse().unwrap()),
            method: Method::GET,
            target: "/api/v1/LogFiles?$top=1".into(),
            version: Version::HTTP_11,
            user_agent: Some(b"agent \"quoted\"\n127.0.0.1 - - fake".to_vec()),
            status: 200,
            bytes: Some(1234),
            millis: 3,
        };
        assert_eq!(
            entry.line(),
            "127.0.0.1 - - [24/Nov/2026:09:15:30 +0000] \"GET /api/v1/LogFiles?$top=1 HTTP/1.1\" 200 1234 \"-\" \
             \"agent \\\"quoted\\\"\\x0a127.0.0.1 - - fake\" 3"
        );
        let unknown = AccessEntry { client: None, user_agent: None, bytes: None, ..entry };
        assert!(unknown.line().starts_with("- - - ["), "{}", unknown.line());
        assert!(unknown.line().ends_with(" 200 - \"-\" \"-\" 3"), "{}", unknown.line());
    }
}
