//! Scopes: role templates and user roles expanded into the scope names tokens carry, and the
//! way back from a token's scopes to permissions.

use cpi_domain::{Permission, PermissionSet, permissions_of_templates};

/// The scope every XSUAA clone token carries.
pub const UAA_RESOURCE: &str = "uaa.resource";

/// Scopes of an `api` client: each role template's permissions, prefixed with the xsappname.
pub fn api_scopes(xsappname: &str, role_templates: &[String]) -> Vec<String> {
    let permissions = permissions_of_templates(role_templates.iter().map(String::as_str));
    permission_scopes(xsappname, permissions)
}

/// Scopes for a set of permissions (used for users, whose role collections give permissions).
pub fn permission_scopes(xsappname: &str, permissions: PermissionSet) -> Vec<String> {
    let mut scopes: Vec<String> = permissions.iter().map(|p| format!("{xsappname}.{}", p.as_str())).collect();
    scopes.push(UAA_RESOURCE.to_owned());
    scopes
}

/// Scopes of an `integration-flow` client: each user role, prefixed with the runtime xsappname.
pub fn runtime_scopes(xsappname: &str, roles: &[String]) -> Vec<String> {
    let mut scopes: Vec<String> = roles.iter().map(|r| format!("{xsappname}.{r}")).collect();
    scopes.push(UAA_RESOURCE.to_owned());
    scopes
}

/// The permissions a token's scopes carry for the `it` application `xsappname`.
pub fn permissions_in(xsappname: &str, scopes: &[String]) -> PermissionSet {
    scopes
        .iter()
        .filter_map(|s| s.strip_prefix(xsappname)?.strip_prefix('.'))
        .filter_map(Permission::from_scope_name)
        .collect()
}

/// The runtime roles a token's scopes carry for the runtime application `xsappname`.
pub fn roles_in(xsappname: &str, scopes: &[String]) -> Vec<String> {
    scopes.iter().filter_map(|s| s.strip_prefix(xsappname)?.strip_prefix('.')).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_expand_to_prefixed_permissions_and_back() {
        let scopes = api_scopes("it!b7", &["WorkspacePackagesRead".into(), "MonitoringDataRead".into()]);
        assert!(scopes.contains(&"it!b7.WebToolingWorkspace.Read".to_owned()));
        assert!(scopes.contains(&"it!b7.IntegrationOperationServer.read".to_owned()));
        assert!(scopes.contains(&"uaa.resource".to_owned()));
        assert!(!scopes.iter().any(|s| s.contains("WorkspacePackagesRead")));
        let back = permissions_in("it!b7", &scopes);
        assert!(back.contains(Permission::WorkspaceRead));
        assert!(permissions_in("it!b8", &scopes).is_empty());
    }
}

/// Narrows granted scopes to the requested ones, as UAA does for a `scope` parameter; asking for a
/// scope the client does not have is `invalid_scope`.
pub fn narrow<'a>(
    granted: std::borrow::Cow<'a, [String]>,
    requested: &[String],
) -> Result<std::borrow::Cow<'a, [String]>, crate::OAuthError> {
    if requested.is_empty() {
        return Ok(granted);
    }
    if let Some(missing) = requested.iter().find(|r| !granted.contains(r)) {
        return Err(crate::OAuthError::InvalidScope(format!(
            "Invalid scope: {missing}. Did you know that you can get default scopes by simply sending no value?"
        )));
    }
    Ok(std::borrow::Cow::Owned(granted.iter().filter(|g| requested.contains(g)).cloned().collect()))
}

#[cfg(test)]
mod narrow_tests {
    use super::*;

    #[test]
    fn narrows_to_requested_and_refuses_unknown() {
        let granted = vec!["a.x".to_owned(), "uaa.resource".to_owned()];
        let borrowed = || std::borrow::Cow::Borrowed(granted.as_slice());
        assert_eq!(narrow(borrowed(), &[]).unwrap(), borrowed());
        assert_eq!(narrow(borrowed(), &["a.x".to_owned()]).unwrap().to_vec(), vec!["a.x"]);
        assert!(narrow(borrowed(), &["b.y".to_owned()]).is_err());
    }
}
