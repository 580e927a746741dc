//! Construction of the underlying `reqwest` client.

use std::time::Duration;

/// Settings of the HTTP client shared by token requests and API calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpOptions {
    /// Limit on establishing a connection (default 10 s).
    pub connect_timeout: Duration,
    /// Limit on a whole request, response body included (default 60 s).
    pub request_timeout: Duration,
    pub user_agent: String,
    /// Whether `HTTP(S)_PROXY`/`ALL_PROXY`/`NO_PROXY` from the environment apply (default yes).
    pub use_env_proxy: bool,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            user_agent: concat!("cpi-client/", env!("CARGO_PKG_VERSION")).to_owned(),
            use_env_proxy: true,
        }
    }
}

impl HttpOptions {
    /// Builds a client with these settings and a cookie store (needed for CSRF sessions).
    pub fn build_client(&self) -> Result<reqwest::Client, reqwest::Error> {
        let builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(&self.user_agent)
            .cookie_store(true);
        let builder = if self.use_env_proxy { builder } else { builder.no_proxy() };
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_timeouts() {
        let options = HttpOptions::default();
        assert_eq!(options.connect_timeout, Duration::from_secs(10));
        assert_eq!(options.request_timeout, Duration::from_secs(60));
        assert!(options.use_env_proxy);
        assert!(options.user_agent.starts_with("cpi-client/"));
        options.build_client().unwrap();
    }
}
