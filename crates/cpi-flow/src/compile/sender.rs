//! The HTTPS sender channel: address, authorization, CSRF protection and body size.

use cpi_bundle::{Channel, FlowProcess, IntegrationFlowModel, property};

use super::CompileError;

/// The role checked when the sender sets none (SAP's default).
pub const DEFAULT_USER_ROLE: &str = "ESBMessaging.send";
/// `maximumBodySize` when the sender sets none, in MB.
pub const DEFAULT_MAXIMUM_BODY_MB: u64 = 40;

/// How an HTTPS sender is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderSettings {
    /// Channel name (e.g. `HTTPS`), for the MPL's adapter attributes.
    pub channel_name: String,
    /// The address as configured, normalized to start with `/` (e.g. `/orders/*`).
    pub address: String,
    /// The role a caller must hold (`userRole`, default `ESBMessaging.send`).
    pub user_role: String,
    /// `xsrfProtection`: writes need a valid `X-CSRF-Token`.
    pub csrf_protection: bool,
    /// `maximumBodySize` in bytes.
    pub maximum_body_bytes: u64,
}

impl SenderSettings {
    /// True if the address ends in `/*` (it matches every path below it).
    pub fn is_wildcard(&self) -> bool {
        self.address.ends_with("/*")
    }
}

/// Checks SAP's address rules: starts with `/`; letters, digits and `_ / ~ - . $ *`; `*` only as
/// the last character after a `/`. Returns the reason when it breaks one.
pub fn validate_address(address: &str) -> Result<(), String> {
    if !address.starts_with('/') || address.len() < 2 {
        return Err(format!("the address '{address}' must start with '/' and name a path"));
    }
    if let Some(bad) = address.chars().find(|c| !(c.is_ascii_alphanumeric() || "_/~-.$*".contains(*c))) {
        return Err(format!("the address '{address}' contains '{bad}'; allowed are letters, digits and _ / ~ - . $ *"));
    }
    if let Some(star) = address.find('*')
        && (star != address.len() - 1 || !address[..star].ends_with('/'))
    {
        return Err(format!("the address '{address}' may use '*' only at its end, after '/'"));
    }
    if address.contains("//") {
        return Err(format!("the address '{address}' contains an empty segment"));
    }
    Ok(())
}

/// The sender channels entering the main process: at most one HTTPS sender is run; any other
/// sender adapter is refused.
pub(super) fn sender_settings(
    model: &IntegrationFlowModel,
    process: &FlowProcess,
    resolve: &dyn Fn(&str) -> Result<String, CompileError>,
) -> Result<Option<SenderSettings>, CompileError> {
    let in_process = |id: &str| process.elements.iter().any(|e| e.id == id);
    let senders: Vec<&Channel> = model
        .channels
        .iter()
        .filter(|c| in_process(&c.target_ref) && !c.direction().eq_ignore_ascii_case("Receiver"))
        .filter(|c| model.participants.iter().any(|p| p.id == c.source_ref && p.participant_type == "EndpointSender"))
        .collect();
    let mut settings = None;
    for channel in senders {
        if channel.component_type() != "HTTPS" {
            return Err(CompileError::UnsupportedAdapter {
                id: channel.id.clone(),
                name: channel.name.clone(),
                direction: "sender".to_owned(),
                adapter: channel.component_type().to_owned(),
            });
        }
        if settings.is_some() {
            return Err(CompileError::InvalidProcess("the flow has more than one HTTPS sender channel".to_owned()));
        }
        settings = Some(https_settings(channel, resolve)?);
    }
    Ok(settings)
}

fn https_settings(
    channel: &Channel,
    resolve: &dyn Fn(&str) -> Result<String, CompileError>,
) -> Result<SenderSettings, CompileError> {
    let get = |key: &str| -> Result<String, CompileError> {
        Ok(resolve(property(&channel.properties, key).unwrap_or(""))?.trim().to_owned())
    };
    let invalid = |reason: String| CompileError::InvalidSender { channel: channel.name.clone(), reason };
    let raw = get("urlPath")?;
    let address = if raw.starts_with('/') { raw } else { format!("/{raw}") };
    validate_address(&address).map_err(invalid)?;
    let auth_type = get("senderAuthType")?;
    if !(auth_type.is_empty() || auth_type.eq_ignore_ascii_case("RoleBased")) {
        return Err(invalid(format!(
            "senderAuthType '{auth_type}' is not supported by this runtime (only RoleBased: a user role)"
        )));
    }
    let role = get("userRole")?;
    let csrf = get("xsrfProtection")?;
    let size = get("maximumBodySize")?;
    let maximum_mb = if size.is_empty() {
        DEFAULT_MAXIMUM_BODY_MB
    } else {
        size.parse::<u64>().map_err(|_| invalid(format!("maximumBodySize '{size}' is not a number of MB")))?
    };
    Ok(SenderSettings {
        channel_name: channel.name.clone(),
        address,
        user_role: if role.is_empty() { DEFAULT_USER_ROLE.to_owned() } else { role },
        csrf_protection: matches!(csrf.to_ascii_lowercase().as_str(), "1" | "true"),
        maximum_body_bytes: maximum_mb.saturating_mul(1024 * 1024),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_follow_sap_rules() {
        for good in ["/hello", "/a/b_c/~x-y.z$", "/orders/*", "/A1"] {
            assert_eq!(validate_address(good), Ok(()), "{good}");
        }
        for bad in ["hello", "/", "/a b", "/a*", "/a/*/b", "/a//b", "/ä", "/a?b"] {
            assert!(validate_address(bad).is_err(), "{bad}");
        }
    }
}
