//! [`HttpReceiver`]: the HTTP receiver channel of a Request-Reply step.

use super::steps::Properties;

/// An HTTP receiver channel (`ComponentType=HTTP`, `direction=Receiver`) and the receiver
/// participant it leads to. Defaults: `POST`, no authentication, 60 s timeout, no request
/// headers forwarded, all response headers (`*`) taken, `throwExceptionOnFailure=true`.
///
/// ```
/// use cpi_bundle::HttpReceiver;
/// let receiver = HttpReceiver::new("{{Backend URL}}")
///     .method("GET")
///     .query("a=1&b=2")
///     .timeout_ms(5000)
///     .basic_auth("BackendCredential")
///     .allowed_request_headers("X-Trace")
///     .system("Backend")
///     .property("throwExceptionOnFailure", "false");
/// # let _ = receiver;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct HttpReceiver {
    pub(super) properties: Properties,
}

impl HttpReceiver {
    /// A receiver calling `address` (`httpAddressWithoutQuery`; a URL, `${…}` expression or
    /// `{{placeholder}}`).
    pub fn new(address: &str) -> HttpReceiver {
        HttpReceiver {
            properties: Properties::of(&[
                ("Description", ""),
                ("methodSourceExpression", ""),
                ("ComponentNS", "sap"),
                ("privateKeyAlias", ""),
                ("httpMethod", "POST"),
                ("allowedResponseHeaders", "*"),
                ("Name", "HTTP"),
                ("TransportProtocolVersion", "1.11.0"),
                ("ComponentSWCVName", "external"),
                ("proxyPort", ""),
                ("httpAddressQuery", ""),
                ("httpRequestTimeout", "60000"),
                ("MessageProtocol", "None"),
                ("ComponentSWCVId", "1.11.0"),
                ("allowedRequestHeaders", ""),
                ("direction", "Receiver"),
                ("ComponentType", "HTTP"),
                ("httpShouldSendBody", "false"),
                ("throwExceptionOnFailure", "true"),
                ("proxyType", "default"),
                ("componentVersion", "1.11"),
                ("proxyHost", ""),
                ("system", ""),
                ("authenticationMethod", "None"),
                ("locationID", ""),
                ("TransportProtocol", "HTTP"),
                (
                    "cmdVariantUri",
                    "ctype::AdapterVariant/cname::sap:HTTP/tp::HTTP/mp::None/direction::Receiver/version::1.11.0",
                ),
                ("credentialName", ""),
                ("MessageProtocolVersion", "1.11.0"),
                ("httpAddressWithoutQuery", address),
            ]),
        }
    }

    /// Sets `httpMethod` (`GET`, `POST`, …, or `dynamic` with `methodSourceExpression`).
    pub fn method(self, method: &str) -> HttpReceiver {
        self.property("httpMethod", method)
    }

    /// Sets `httpAddressQuery` (without the `?`).
    pub fn query(self, query: &str) -> HttpReceiver {
        self.property("httpAddressQuery", query)
    }

    /// Sets `httpRequestTimeout` in milliseconds.
    pub fn timeout_ms(self, milliseconds: u64) -> HttpReceiver {
        self.property("httpRequestTimeout", &milliseconds.to_string())
    }

    /// Basic authentication with the user credential `credential_name`.
    pub fn basic_auth(self, credential_name: &str) -> HttpReceiver {
        self.authentication("Basic", credential_name)
    }

    /// Sets `authenticationMethod` (`None`, `Basic`, `OAuth2ClientCredentials`, …) and
    /// `credentialName`.
    pub fn authentication(self, method: &str, credential_name: &str) -> HttpReceiver {
        self.property("authenticationMethod", method).property("credentialName", credential_name)
    }

    /// Sets `allowedRequestHeaders` (`|`-separated, `*` for all).
    pub fn allowed_request_headers(self, headers: &str) -> HttpReceiver {
        self.property("allowedRequestHeaders", headers)
    }

    /// Sets `allowedResponseHeaders` (`|`-separated, `*` for all).
    pub fn allowed_response_headers(self, headers: &str) -> HttpReceiver {
        self.property("allowedResponseHeaders", headers)
    }

    /// Names the receiver system (participant name and `system`); default `Receiver_<n>`.
    pub fn system(self, name: &str) -> HttpReceiver {
        self.property("system", name)
    }

    /// Sets any channel property (replacing a default in place, or appending it).
    pub fn property(mut self, key: &str, value: &str) -> HttpReceiver {
        self.properties.set(key, value);
        self
    }
}
